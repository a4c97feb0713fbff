"""Check any RoPE implementation against the oracle, and say what is wrong with it.

``check(fn, ...)`` calls fn through its interface (``fn(x, positions)``, with ``seq_len``,
``fn(x, offset)``, batched positions, ``fn(q, k, positions)``, or in place) on the golden cases
that fit the declared RoPE, on seeded random cases from short to long positions, and on a
schedule that exposes state (the first case run again at the end, prefill then decode steps
for offset APIs). Every output is judged by the one verification policy
(:mod:`rope_ref._policy`, docs/verify.md): the error a correct implementation may show at the
target ``dtype`` with angles formed in float64, or, for a float32, bfloat16 or float16 output,
in float32 as transformers forms them (a declared ``angle_dtype`` is a requirement). A case
whose tolerance could not tell a correct output from an all-zero one is *not checkable*:
listed, never counted as passed.

When cases fail, check measures what fn does by probing it with unit vectors (pairing,
per-pair frequency, phase and gain, pass-through features, dependence on rows, sequence length
and earlier calls), reports the measured differences from the declaration pair by pair, and
names the mistake, or two, from structure judged where errors are small and precision judged by
the growth with position. Nothing fn does (raise, return NaN, the wrong shape or type, hang past
``timeout``) makes ``check`` raise: it becomes a failed case with the reason.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE, check
    >>> def neox(x, positions):                       # a correct rotate_half implementation
    ...     return RoPE(64, layout="half").apply(x, positions)
    >>> check(neox, dim=64, layout="half").passed
    True
    >>> def gptj(x, positions):                       # pairs adjacent features instead
    ...     return RoPE(64, layout="interleaved").apply(x, positions)
    >>> report = check(gptj, dim=64, layout="half")
    >>> report.passed, report.diagnosis.cause
    (False, 'other_layout')
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref._check.call import INTERFACES, QK_HEADS, Caller, CallFailed, interface_of, takes_seq_len, to_float64
from rope_ref._check.cases import (
    Case,
    axes_of,
    dim_of,
    explicit_case,
    fit_interface,
    golden_case,
    golden_cases,
    growth,
    random_cases,
    rerun_case,
    rope_of,
    schedule_cases,
)
from rope_ref._check.cases import Model as _Model
from rope_ref._check.diagnose import CAUSES, Observation, diagnose, error_of, observation_tolerance
from rope_ref._check.identify import Measurement, measure, probe_positions
from rope_ref._check.report import CaseResult, CheckReport, Diagnosis
from rope_ref._deprecated import renamed
from rope_ref._policy import DTYPES, UNIT_ROUNDOFF, angle_dtypes_for, verdict
from rope_ref.frequencies import Scaling
from rope_ref.hf import describe_hf_config
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.precision import recipe_inv_freq
from rope_ref.rope import RoPE
from rope_ref.xpos import XPos

__all__ = ["CAUSES", "INTERFACES", "CaseResult", "CheckReport", "Diagnosis", "check", "plan"]

_ROLES = ("query", "key")
#: The seconds one call of fn may take by default, here, in the CLI's --timeout and the plugin's --rope-timeout.
_DEFAULT_TIMEOUT = 60.0
#: The longest ``timeout`` (seconds): longer waits are None (no limit); threading refuses values near 2**63 ns.
_MAX_TIMEOUT = 1e6
#: Bytes check holds per value of a case (rows x dim) at its peak, measured with tracemalloc on a correct fn and
#: rounded up: x and its float64 copies, fn's inputs, output and error, and the exact-mode oracle's work arrays
#: (rope_ref._backend.Exact.WORK). xPos adds its double-double scales; "qk" its three heads per row.
_CASE_BYTES = {"rope": 96, "xpos": 136}
_QK_CASE_BYTES = 16
#: Bytes per value of the unit-vector probes of the measurement (positions x dim rows of dim values), measured
#: likewise; each further position axis keeps its matrices (fn's and the declared, float64) until the end.
_PROBE_BYTES, _PROBE_AXIS_BYTES = 64, 16
#: Rows of the random cases (rope_ref._check.cases.random_cases).
_RANDOM_ROWS = 16


def _with_precision(model: _Model, precision: str) -> _Model:
    if isinstance(model, XPos):
        return dataclasses.replace(model, rope=dataclasses.replace(model.rope, precision=precision))
    return dataclasses.replace(model, precision=precision)


def _declared_model(dim: int | None, layout: str | None, base: float | None, rotary_dim: int | None,
                    scaling: Scaling | None, config: Any, layer_type: str | None, rope: Any,
                    notes: list[str]) -> tuple[_Model, float | None]:
    """The declared model, and the context its config describes (None without a config)."""
    if rope is not None:
        if any(v is not None for v in (dim, base, rotary_dim, scaling, config, layout)):
            raise ValueError("rope gives the RoPE; do not also pass dim, layout, base, rotary_dim, scaling or config.")
        if not isinstance(rope, (RoPE, MultiAxisRoPE, XPos)):
            raise _validate.fail("rope", "a rope_ref.RoPE, MultiAxisRoPE or XPos", rope, kind=TypeError)
        return rope, None
    if config is not None:
        if any(v is not None for v in (dim, base, rotary_dim, scaling)):
            raise ValueError("config gives the RoPE; do not also pass dim, base, rotary_dim or scaling.")
        info = describe_hf_config(config, layout=layout, layer_type=layer_type)
        if not info.source.startswith("registry entry"):
            notes.append(f"config: {info.source}")
        if info.multi_axis:
            notes.append(f"config: the model's RoPE is {info.multi_axis}; checked here with text positions (every "
                         "axis equal); pass rope=rope_ref.from_hf_config_multiaxis(config) to check its "
                         "multi-axis positions")
        if info.output_order != "input":
            notes.append(f"config: transformers returns this model's rotated features in {info.output_order} "
                         "order; an implementation that does the same is diagnosed as output_order")
        return info.rope, info.context
    if layer_type is not None:
        raise _validate.fail("layer_type", "given only with config=", layer_type)
    if dim is None:
        raise _validate.fail("dim", "given (or pass config= or rope=)", None)
    return RoPE(dim, base=10000.0 if base is None else base, layout="half" if layout is None else layout,
                rotary_dim=rotary_dim, scaling=scaling), None


def _limit(max_position: float | None, context: float | None, notes: list[str]) -> float | None:
    """The position no case reaches: the declared max_position (inf: none), else the config's context."""
    if max_position is not None:
        if isinstance(max_position, (int, float)) and math.isinf(max_position) and max_position > 0:
            return None
        return _validate.positive_real(max_position, "max_position")
    if context is not None:
        notes.append(f"cases stay below the model's context of {context:g} positions (max_position_embeddings, or "
                     "the rule's extended length); pass max_position=math.inf to go beyond")
    return context


def _infer_dtype(caller: Caller, model: _Model) -> tuple[str, str | None]:
    """fn's working dtype from a first call's output; float64 (with a note) when it cannot be told."""
    dim, axes = dim_of(model), axes_of(model)
    pos = np.zeros((1, axes) if axes else 1, np.int64)
    rope = rope_of(model)
    seq_len = 1.0 if rope is not None and rope.scaling is not None and rope.scaling.depends_on_seq_len else None
    x = np.zeros((1, dim), np.float32)
    x[0, 0] = 1.0
    try:
        value = caller.raw(x, pos, seq_len if caller.with_seq_len else None)
    except CallFailed as err:
        return "float64", f"dtype could not be inferred ({err}); judged at float64"
    name = str(getattr(value, "dtype", ""))
    for dtype in sorted(DTYPES, key=len, reverse=True):  # "bfloat16" before "float16"
        if name.endswith(dtype):
            return dtype, f"dtype inferred from fn's output: {dtype}"
    shape = {"batched": (1, 1, dim), "qk": (1, QK_HEADS[0], dim)}.get(caller.interface, (1, dim))
    try:
        to_float64(value, shape, "q" if caller.interface == "qk" else "x")
    except CallFailed as err:
        return "float64", f"dtype could not be inferred ({err}); judged at float64"
    return "float64", f"fn's output dtype {name or type(value).__name__!r} is not a float dtype; judged at float64"


def _apply(oracle: _Model, case: Case, role: str) -> np.ndarray:
    if isinstance(oracle, XPos):
        return oracle.apply(case.x, case.positions, role, case.seq_len)
    if isinstance(oracle, MultiAxisRoPE):
        return oracle.apply(case.x, case.positions)
    return oracle.apply(case.x, case.positions, case.seq_len)


def _run(caller: Caller, case: Case) -> np.ndarray:
    """fn's output for a case: one call per segment, in order."""
    parts = [caller(case.x[s:e], case.positions[s:e], case.seq_len, batch=case.batch)
             for s, e in case.segments or [(0, case.x.shape[0])]]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _float32_angle_cost(model: _Model, position: float, seq_len: float | None) -> float:
    """The largest error of an angle formed in float32 (transformers' recipe) at this position, rad."""
    rope = rope_of(model)
    if rope is None:  # multi-axis: the policy's bound, u_a |m| A
        from rope_ref._policy import angle_rate

        return UNIT_ROUNDOFF["float32"] * abs(position) * angle_rate(model.frequencies)  # type: ignore[union-attr]
    freq32 = recipe_inv_freq("float32", rope, seq_len).astype(np.float32)
    ang32 = (np.float32(position) * freq32).astype(np.float64)
    exact = position * rope.inv_freq_for(np.array([position]), seq_len)
    return float(np.max(np.abs(ang32 - exact)))


def check(fn: Callable[..., Any], *, dim: int | None = None, layout: str | None = None, base: float | None = None,
          rotary_dim: int | None = None, scaling: Scaling | None = None,
          config: Mapping[str, Any] | str | os.PathLike[str] | None = None, layer_type: str | None = None,
          rope: RoPE | MultiAxisRoPE | XPos | None = None, role: str = "query", dtype: str | None = None,
          angle_dtype: str | None = None, seed: int = 0, golden: bool = True, max_position: float | None = None,
          positions: Any = None, seq_len: float | None = None, interface: str | None = None,
          fractional: bool = False, timeout: float | None = _DEFAULT_TIMEOUT) -> CheckReport:
    """Run an implementation against the oracle under the verification policy and diagnose failures.

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE, check
        >>> def shifted(x, positions):                     # an off-by-one in position handling
        ...     return RoPE(32).apply(x, np.asarray(positions) + 1)
        >>> report = check(shifted, dim=32)
        >>> report.diagnosis.cause, report.diagnosis.parameter
        ('position_offset', 1.0)

    Parameters:
        fn: the implementation. By ``interface``: "positions" ``fn(x, positions)`` (or
            ``fn(x, positions, seq_len)``, detected from its signature; seq_len-dependent cases
            go only to such functions), x float (n, dim) (float64 for float64 targets, else
            float32), positions a fresh int64 array (n,) ((n, axes) for multi-axis); "offset"
            ``fn(x, offset)``, row i at position offset + i; "batched" ``fn(x, positions)`` with x
            (batch, seq, dim) and positions (batch, seq); "qk" ``fn(q, k, positions)`` returning
            ``(q, k)`` with q (n, 2, dim) and k (n, 1, dim). A function that returns None is read
            from the x (or q and k) it rotated in place. fn may return NumPy of any float dtype
            (ml_dtypes' bfloat16 included), a torch tensor (any dtype, grad, device) or a JAX array.
        dim, layout, base, rotary_dim, scaling: the declared RoPE (layout "half" and base 10000 when
            not given); or ``config`` (a Hugging Face config.json, dict or path) with ``layer_type``
            for per-layer RoPE; or ``rope``: a RoPE, MultiAxisRoPE or XPos (with ``role``).
        dtype: the implementation's precision ("float64", "float32", "float16", "bfloat16"); None
            infers it from fn's output on a first call.
        angle_dtype: the precision fn must compute its angles in. None (the default): a float64
            output needs float64 angles; a float32, bfloat16 or float16 output passes with angles
            in float64 or in float32 (as transformers forms them), and the report says which it
            saw. Given, it is a requirement: "float64" fails float32 angles as float32_angles.
        seed: for the random cases.
        golden: also run the golden cases whose parameters are exactly the declared ones (True or
            False).
        max_position: no case reaches this position. With ``config`` it defaults to the model's
            context (max_position_embeddings, or the rule's extended length); ``math.inf`` lifts it.
        positions: explicit positions to check as one more case ((batch, seq) for "batched").
        seq_len: the sequence length fn computes its frequencies with, when it does not follow
            max(positions) + 1 (rules that depend on it: dynamic NTK, LongRoPE).
        interface: "positions", "offset", "batched" or "qk"; None picks "qk" for a signature
            ``fn(q, k, positions)`` and "positions" otherwise.
        fractional: include cases with fractional positions.
        timeout: seconds one call of fn may take, at most 10^6 (None: no limit); a call past it
            fails its case and no further call is made.

    Returns:
        A :class:`CheckReport` (``.passed``, ``str()`` for people, ``.as_dict()`` for strict JSON).

    Raises:
        TypeError, ValueError: for bad declared parameters (naming them) or a non-callable fn; never
            for anything fn does. ValueError too, before anything is built, when the cases (the
            explicit ``positions`` times ``dim``) would exceed the memory limit
            (``ROPE_REF_MAX_BYTES``, 4 GiB by default).
    """
    started = time.perf_counter()
    if not callable(fn):
        raise _validate.fail("fn", "a callable fn(x, positions) -> y", fn, kind=TypeError)
    notes: list[str] = []
    model, context = _declared_model(dim, layout, base, rotary_dim, scaling, config, layer_type, rope, notes)
    _validate.choice(role, "role", _ROLES)
    if interface is None:
        interface = interface_of(fn)
    _validate.choice(interface, "interface", INTERFACES)
    if dtype is not None:
        _validate.choice(dtype, "dtype", DTYPES)
    if angle_dtype is not None:
        _validate.choice(angle_dtype, "angle_dtype", DTYPES)
    limit = _limit(max_position, context, notes)
    if seq_len is not None:
        seq_len = _validate.positive_real(seq_len, "seq_len")
    golden = _validate.flag(golden, "golden")
    fractional = _validate.flag(fractional, "fractional")
    timeout = _timeout(timeout)
    if interface in ("offset", "batched", "qk") and isinstance(model, MultiAxisRoPE):
        raise _validate.fail("interface", "'positions' for multi-axis RoPE", interface)
    if interface == "qk" and isinstance(model, XPos):
        raise _validate.fail("interface", "'positions' or 'offset' for xPos (it scales queries and keys "
                             "differently: check each role)", interface)
    explicit = None if positions is None else _validate.positions(positions, "positions")
    _fits_cases(model, interface, explicit)
    explicit_c = None if explicit is None else explicit_case(model, explicit, seed, interface)
    caller = Caller(fn, np.float32, interface, timeout,
                    takes_seq_len(fn) if interface in ("positions", "batched") else None)
    if dtype is None:
        dtype, note = _infer_dtype(caller, model)
        notes.append(note)
    angle_dtypes = angle_dtypes_for(dtype, angle_dtype)
    caller.input_dtype = np.float64 if dtype == "float64" else np.float32
    oracle, model64 = _with_precision(model, "exact"), _with_precision(model, "float64")

    cases: list[Case] = []
    if golden:
        cases += [golden_case(spec, inputs, dtype, angle_dtypes) for spec, inputs in golden_cases(model64, role)]
    randoms = random_cases(model, seed, limit, interface, fractional)
    cases += randoms
    if explicit_c is not None:
        cases.append(explicit_c)
    cases += schedule_cases(model, seed, limit, interface)
    if randoms:
        cases.append(rerun_case(randoms[0]))
    results: list[CaseResult] = []
    tells = False  # whether some judged case tells the declared rotation from none
    judged: list[float] = []  # the largest |position| of every judged case
    observed: list[Observation] = []
    outputs: dict[str, np.ndarray] = {}
    stateful: str | None = None
    seen: dict[str, CaseResult] = {}
    heads: dict[int, set[str]] = {}
    for case in cases:
        fit_interface(case, model, caller.with_seq_len, seq_len, limit, fractional, interface)
        top_pos = float(np.max(np.abs(case.positions), initial=0.0))
        if case.rerun_of is not None and (seen.get(case.rerun_of) is None or seen[case.rerun_of].status == "skipped"):
            case.skip = case.skip or f"{case.rerun_of} did not run"
        if case.skip:
            results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos, reason=case.skip))
            continue
        if case.expected is None:
            try:
                with np.errstate(all="ignore"):
                    case.expected = _apply(oracle, case, role)
            except (ArithmeticError, ValueError) as err:
                results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos,
                                          reason=f"the oracle refuses these positions: {err}"))
                continue
            if not np.all(np.isfinite(case.expected)):
                results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos,
                                          reason="the declared RoPE's output is not finite in float64 here"))
                continue
        segments = tuple(case.segments) if case.segments else None
        obs = Observation(case.x.astype(np.float64), case.positions, case.seq_len, case.expected, False, segments,
                          case.batch, case.name)
        tols = [case.tolerances.get(a) or observation_tolerance(model64, obs, case.expected, dtype, a)
                for a in angle_dtypes]
        checkable = [t.atol for t in tols if t.checkable and t.atol is not None]
        loosest = max(checkable) if checkable else None
        try:
            y = _run(caller, case)
        except CallFailed as err:
            result = CaseResult(case.name, case.source, "fail", tolerance=loosest, max_position=top_pos,
                                reason=str(err))
            results.append(result)
            seen[case.name] = result
            continue
        outputs[case.name] = y
        if y.ndim == 3 and loosest is not None:  # "qk": how each head fares
            _judge_heads(heads, y, case.x, case.expected, loosest)
        err = error_of(y, case.expected)
        err_rows = np.max(err.reshape(err.shape[0], -1), axis=-1)
        worst = float(np.max(err_rows, initial=0.0))
        scale = UNIT_ROUNDOFF[dtype] * float(np.max(np.abs(case.expected), initial=0.0))
        ulps = worst / scale if scale > 0 else (0.0 if worst == 0 else math.inf)
        status, accepted = verdict(worst, tols)
        if status == "not_checkable":
            reason = next((t.reason for t in tols if not t.checkable), None)
            result = CaseResult(case.name, case.source, "not_checkable", worst, ulps, None, top_pos, reason=reason)
        else:
            result = CaseResult(case.name, case.source, status, worst, ulps,
                                accepted.atol if accepted is not None else loosest, top_pos,
                                [] if status == "pass" else growth(np.asarray(case.positions), err_rows),
                                angle_dtype=accepted.angle_dtype if accepted is not None else None)
        results.append(result)
        seen[case.name] = result
        if status != "not_checkable" and loosest is not None:
            judged.append(top_pos)
            tells = tells or _tells_rotation(model64, case, role, loosest)
        observed.append(dataclasses.replace(obs, y=y, failed=status == "fail"))
        if case.rerun_of is not None and case.rerun_of in outputs:
            change = float(np.max(np.abs(y - outputs[case.rerun_of]), initial=0.0))
            if change > (loosest or 0.0) or (status == "fail") != (seen[case.rerun_of].status == "fail"):
                stateful = (f"{case.rerun_of}, run again after the longer cases, came back different (by up to "
                            f"{change:.3g}; it {'passed' if seen[case.rerun_of].passed else 'failed'} the first "
                            f"time and {'passed' if status == 'pass' else 'failed'} the second)")

    diagnosis, meas = None, None
    if any(o.failed for o in observed):
        too_big = _probes_too_big(model, limit)
        if too_big:
            notes.append(too_big)
        elif not caller.timed_out:
            try:
                meas = measure(caller, model64, dtype, max_position=limit, seq_len=seq_len, role=role)
            except CallFailed as err:
                notes.append(f"fn could not be measured with unit vectors ({err})")
            except MemoryError:  # the probes passed the memory limit, but this machine has less to give
                notes.append(f"fn could not be measured with unit vectors: its {dim_of(model)} x {dim_of(model)} "
                             "probes did not fit in memory; the diagnosis uses the failed cases only")
            if meas is not None and stateful is not None:
                meas.behaviour["calls"] = stateful
                meas.lines.append(stateful)
            if meas is not None and _heads_words(heads):
                meas.behaviour["heads"] = _heads_words(heads)
                meas.lines.append(meas.behaviour["heads"])
        diagnosis = _diagnosis(model64, observed, dtype, angle_dtypes, meas, role, interface, limit, stateful)
    elif any(r.status == "fail" for r in results):
        hint = next((r.reason for r in results if r.reason and "from_torch" in r.reason), None)
        diagnosis = Diagnosis(["fn_failed"], [hint or "fn raised or returned an unusable output; see the failed "
                                              "cases"], [None], [])
    notes += caller.notes
    seen_angles, recipe = _recipe(model64, results, angle_dtypes, angle_dtype is not None, cases)
    total = time.perf_counter() - started
    return CheckReport(model, dtype, seen_angles, results, diagnosis, notes, caller.fn_seconds,
                       max(total - caller.fn_seconds, 0.0), tuple(angle_dtypes), angle_dtype, recipe, meas,
                       None if tells or not judged else _cannot_tell(judged, limit))


def _timeout(timeout: float | None) -> float | None:
    """None (no limit) or a number of seconds in (0, _MAX_TIMEOUT]."""
    if timeout is None:
        return None
    allowed = f"None (no limit) or a number of seconds > 0 and at most {_MAX_TIMEOUT:g}"
    value = _validate.to_float(timeout, "timeout", allowed)
    if not 0.0 < value <= _MAX_TIMEOUT:  # NaN fails too
        raise _validate.fail("timeout", allowed, timeout)
    return value


def _case_bytes(model: _Model, interface: str) -> int:
    """Bytes check holds per value (row x feature) of a case at its peak (see _CASE_BYTES)."""
    per = _CASE_BYTES["xpos" if isinstance(model, XPos) else "rope"]
    return per + (_QK_CASE_BYTES if interface == "qk" else 0)


def _fits_cases(model: _Model, interface: str, explicit: np.ndarray | None) -> None:
    """Refuse, before any case is built, cases whose arrays exceed the memory limit (rope_ref._validate.max_bytes):
    the explicit ``positions`` (one row of dim values each), else the random cases of dim features."""
    dim, axes = dim_of(model), axes_of(model)
    per = _case_bytes(model, interface) * dim
    what = f"check's working set (its cases' arrays, about {_validate.size_text(per)} a row of {dim} features)"
    rows = 0 if explicit is None else max(explicit.size // axes if axes and explicit.ndim == 2 else explicit.size, 1)
    if explicit is not None and rows > _RANDOM_ROWS:
        _validate.fits(rows * per, "positions", f"shape {explicit.shape} ({rows} rows)", what)
    _validate.fits(_RANDOM_ROWS * per, "dim", f"dim = {dim} ({_RANDOM_ROWS} rows a case)", what)


def _probes_too_big(model: _Model, limit: float | None) -> str | None:
    """Why fn cannot be measured with unit vectors within the memory limit (None when it can): the probes are
    dim x dim matrices at each probed position and axis."""
    dim, axes = dim_of(model), max(axes_of(model), 1)
    count = len(probe_positions(limit))
    need = count * dim * dim * (_PROBE_BYTES + _PROBE_AXIS_BYTES * (axes - 1)) * axes
    cap = _validate.max_bytes()
    if need <= cap:
        return None
    return (f"fn was not measured with unit vectors: the probes (a {dim} x {dim} matrix at each of {count} positions"
            f"{f' on {axes} axes' if axes > 1 else ''}) need about {_validate.size_text(need)}, beyond the memory "
            f"limit of {_validate.size_text(cap)} (the environment variable {_validate.MAX_BYTES_VARIABLE} "
            "raises it); the diagnosis uses the failed cases only")


def _tells_rotation(model64: _Model, case: Case, role: str, tolerance: float) -> bool:
    """Whether a case can tell the declared RoPE from no rotation: its expected output differs by more than the
    tolerance from the declared model's output with every row at position 0 (the same gain, no rotation)."""
    still = dataclasses.replace(case, positions=np.zeros_like(case.positions))
    try:
        with np.errstate(all="ignore"):
            unrotated = _apply(model64, still, role)
    except (ArithmeticError, ValueError):
        return True  # the declared model is not defined at position 0 here: the case is not the identity's
    if case.expected is None:
        return True
    with np.errstate(invalid="ignore"):
        return not float(np.max(np.abs(unrotated - case.expected), initial=0.0)) <= tolerance


def _cannot_tell(judged: list[float], limit: float | None) -> str:
    """The reason a check whose judged cases cannot tell a rotation from none fails."""
    top = max(judged)
    if top == 0.0:
        where = "every position checked is 0, where RoPE rotates nothing"
    else:
        where = f"the positions checked (|m| up to {top:.6g}) turn no pair by more than the tolerance can see"
    why = ""
    if limit is not None and limit <= 1.0:
        why = f"; under max_position={limit:g} (no case reaches it) the only integer position is 0"
    return (f"no case can tell a rotation from the identity: {where}, so an fn that returns x unchanged (times "
            f"the attention factor) would pass{why}. Pass a larger max_position, or positions other than 0")


def _judge_heads(heads: dict[int, set[str]], y: np.ndarray, x: np.ndarray, expected: np.ndarray,
                 tolerance: float) -> None:
    """Record, per head of a "qk" output, whether it came back right, as zeros, unrotated, or otherwise."""
    for h in range(y.shape[1]):
        yh = y[:, h, :]
        if float(np.max(np.abs(yh - expected), initial=0.0)) <= tolerance:
            state = "right"
        elif not np.any(yh):
            state = "zeros"
        elif float(np.max(np.abs(yh - x), initial=0.0)) <= tolerance:
            state = "unrotated"
        else:
            state = "wrong"
        heads.setdefault(h, set()).add(state)


def _heads_words(heads: dict[int, set[str]]) -> str | None:
    """In words, when some heads of a "qk" output come back right and others do not (None otherwise)."""
    from rope_ref._check.call import QK_HEADS

    right = [h for h, s in heads.items() if s == {"right"}]
    if not right or len(right) == len(heads):
        return None
    names = [f"query head {h}" if h < QK_HEADS[0] else f"key head {h - QK_HEADS[0]}" for h in range(len(heads))]
    parts = []
    for state, words in (("zeros", "come back as zeros"), ("unrotated", "come back unrotated"),
                         ("wrong", "come back wrong")):
        hit = [names[h] for h, s in heads.items() if state in s]
        if hit:
            parts.append(f"{', '.join(hit)} {words}")
    return f"only some heads are rotated: {'; '.join(parts)} ({', '.join(names[h] for h in right)} right)"


def _diagnosis(model64: _Model, observed: list[Observation], dtype: str, angle_dtypes: tuple[str, ...],
               meas: Measurement | None, role: str, interface: str, limit: float | None,
               stateful: str | None) -> Diagnosis:
    causes: list[tuple[str, str, float | None]] = []
    tried: list[str] = []
    pool = observed
    if stateful is not None:
        causes.append(("stateful", f"{CAUSES['stateful']}: {stateful}", None))
        pool = [o for o in observed if not o.name.startswith("rerun::")]
    if any(o.failed for o in pool):
        found = diagnose(model64, pool, dtype, angle_dtypes, meas, role, interface, limit)
        causes += found.causes
        tried = found.tried
    if not causes:
        differences = "; ".join(meas.lines) if meas is not None and meas.differs else \
            "the measurement shows nothing different at the probed positions"
        return Diagnosis(["unexplained"], [f"{CAUSES['unexplained']}; measured: {differences}"], [None], tried)
    return Diagnosis([c for c, _, _ in causes],
                     [f"{CAUSES[c]}: {e}" if c in CAUSES and e != CAUSES[c] and not e.startswith(CAUSES[c])
                      else e for c, e, _ in causes],
                     [p for _, _, p in causes], tried)


def _recipe(model64: _Model, results: list[CaseResult], angle_dtypes: tuple[str, ...], declared: bool,
            cases: list[Case]) -> tuple[str, str | None]:
    """The angle precision the outputs showed, and the sentence that says so (None when nothing to say)."""
    needed = [r for r in results if r.status == "pass" and r.angle_dtype is not None]
    if not needed:
        return angle_dtypes[-1] if not declared else angle_dtypes[0], None
    loosest = max((r.angle_dtype for r in needed), key=lambda a: UNIT_ROUNDOFF[a or "float64"])
    if declared or len(angle_dtypes) == 1 or loosest == angle_dtypes[0]:
        return loosest or angle_dtypes[0], None
    at = max((r for r in needed if r.angle_dtype == loosest), key=lambda r: r.max_position)
    case = next((c for c in cases if c.name == at.name), None)
    seq_len = case.seq_len if case is not None else None
    cost = _float32_angle_cost(model64, at.max_position, seq_len)
    return loosest, (f"computes its angles in {loosest}, like transformers; at position {at.max_position:g} that "
                     f"is up to {cost:.2g} rad. Pass angle_dtype='float64' to require float64 angles.")


def plan(*, dim: int | None = None, layout: str | None = None, base: float | None = None,
         rotary_dim: int | None = None, scaling: Scaling | None = None,
         config: Mapping[str, Any] | str | os.PathLike[str] | None = None, layer_type: str | None = None,
         rope: RoPE | MultiAxisRoPE | XPos | None = None, role: str = "query", seed: int = 0, golden: bool = True,
         max_position: float | None = None, positions: Any = None, interface: str | None = None,
         fractional: bool = False) -> list[tuple[str, str]]:
    """The (name, source) of every case :func:`check` runs with the same arguments, in its order,
    without calling any implementation (cases that do not fit fn are still listed: check marks
    them skipped).

    Example:
        >>> [name for name, _ in plan(dim=8, golden=False, max_position=4096)]
        ['random_positions_below_64', 'random_positions_below_4096', 'rerun::random_positions_below_64']
    """
    model, context = _declared_model(dim, layout, base, rotary_dim, scaling, config, layer_type, rope, [])
    _validate.choice(role, "role", _ROLES)
    interface = "positions" if interface is None else interface
    _validate.choice(interface, "interface", INTERFACES)
    limit = _limit(max_position, context, [])
    golden = _validate.flag(golden, "golden")
    fractional = _validate.flag(fractional, "fractional")
    names = [(spec.id, "golden") for spec, _ in golden_cases(_with_precision(model, "float64"), role)] \
        if golden else []
    randoms = random_cases(model, seed, limit, interface, fractional)
    names += [(c.name, c.source) for c in randoms]
    if positions is not None:
        names.append(("explicit_positions", "explicit"))
    names += [(c.name, c.source) for c in schedule_cases(model, seed, limit, interface)]
    if randoms:
        names.append((f"rerun::{randoms[0].name}", "schedule"))
    return names


#: Names this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {"Model": "rope_ref._check.cases:Model",
                                 "RANDOM_POSITION_SCALES": "rope_ref._check.cases:RANDOM_POSITION_SCALES",
                                 "ROLES": "rope_ref.checker:_ROLES", "describe": "rope_ref._check.report:_describe"})
