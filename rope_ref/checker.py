"""Check any RoPE implementation against the oracle, and say what is wrong with it.

``check(fn, ...)`` calls ``fn(x, positions)`` (or ``fn(x, positions, seq_len)``, or
``fn(x, offset)`` for decode-style APIs) on the golden cases that fit the declared RoPE and on
seeded random cases from short to long positions, and judges every output with the one
verification policy (:mod:`rope_ref._policy`, docs/verify.md): the error a correct
implementation may show at the target ``dtype`` with angles computed at ``angle_dtype``
(float64 by default for float64/float32 targets, float32 for float16/bfloat16). A case whose
tolerance could not tell a correct output from an all-zero one is *not checkable*: listed,
never counted as passed. When cases fail, a diagnosis names the mistake, or two ("off by one,
and float32 angles"), from structure judged where errors are small and precision judged by
the growth with position. Nothing ``fn`` does (raise, return NaN, the wrong shape or type,
hang past ``timeout``) makes ``check`` raise: it becomes a failed case with the reason.

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
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref._backend import default_seq_len
from rope_ref._check_call import INTERFACES, Caller, CallFailed, takes_seq_len, to_float64
from rope_ref._check_diagnose import CAUSES, Observation, diagnose, observation_tolerance
from rope_ref._check_report import CaseResult, CheckReport, Diagnosis
from rope_ref._deprecated import renamed
from rope_ref._policy import DTYPES, UNIT_ROUNDOFF, Tolerance, angle_dtype_for
from rope_ref.frequencies import Scaling
from rope_ref.golden._tolerances import case_tolerances, seq_len_of
from rope_ref.golden.catalogue import CASES, CaseSpec, build_multiaxis, build_rope, compute_outputs, make_inputs
from rope_ref.hf import describe_hf_config
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.xpos import XPos

__all__ = ["CAUSES", "CaseResult", "CheckReport", "Diagnosis", "check", "plan"]

_RANDOM_POSITION_SCALES = (64, 4096, 2**17, 2**20)
_ROLES = ("query", "key")
_Model = RoPE | MultiAxisRoPE | XPos


# -- the cases -------------------------------------------------------------------------------------

@dataclass
class _Case:
    name: str
    source: str
    x: np.ndarray  # (n, dim) float32 values
    positions: np.ndarray  # (n,) or (n, axes)
    seq_len: float | None
    expected: np.ndarray | None = None
    tolerance: Tolerance | None = None  # golden cases: the manifest's
    skip: str | None = None


def _with_precision(model: _Model, precision: str) -> _Model:
    if isinstance(model, XPos):
        return dataclasses.replace(model, rope=dataclasses.replace(model.rope, precision=precision))
    return dataclasses.replace(model, precision=precision)


def _rope_of(model: _Model) -> RoPE | None:
    return model.rope if isinstance(model, XPos) else model if isinstance(model, RoPE) else None


def _golden_cases(model64: _Model, role: str) -> list[tuple[CaseSpec, dict[str, np.ndarray]]]:
    """Golden cases whose parameters are exactly the declared ones."""
    fits = []
    for spec in CASES:
        if spec.result != "valid":
            continue
        try:
            if spec.kind == "apply" and isinstance(model64, RoPE):
                ok = build_rope(spec.params, "float64") == model64
            elif spec.kind == "multiaxis" and isinstance(model64, MultiAxisRoPE):
                cand = build_multiaxis(spec.params, "float64")
                ok = (cand.layout == model64.layout and cand.frequencies.shape == model64.frequencies.shape
                      and np.array_equal(cand.frequencies, model64.frequencies))
            elif spec.kind == "xpos" and isinstance(model64, XPos):
                ok = (spec.params["role"] == role and build_rope(spec.params, "float64") == model64.rope
                      and spec.params["scale_base"] == model64.scale_base and spec.params["centre"] == model64.centre)
            else:
                ok = False
        except (TypeError, ValueError, KeyError):
            ok = False
        if ok:
            fits.append((spec, make_inputs(spec)))
    return fits


def _golden_case(spec: CaseSpec, inputs: dict[str, np.ndarray], dtype: str, angle_dtype: str) -> _Case:
    outputs = compute_outputs(spec, inputs)
    tol = next(t for t in case_tolerances(spec, inputs, outputs)
               if t.dtype == dtype and t.angle_dtype == angle_dtype)
    x = inputs["x"]
    axes = x.shape[:-1]
    pos = inputs["positions"]
    if spec.kind == "multiaxis":
        flat_pos = np.broadcast_to(pos, axes + pos.shape[-1:]).reshape(-1, pos.shape[-1])
    else:
        flat_pos = np.broadcast_to(pos, axes).reshape(-1)
    return _Case(spec.id, "golden", x.reshape(-1, x.shape[-1]), flat_pos, seq_len_of(spec, inputs),
                 outputs["expected"].reshape(-1, x.shape[-1]), tol)


def _random_cases(model: _Model, seed: int, max_position: float | None, interface: str,
                  fractional: bool) -> list[_Case]:
    rng = np.random.default_rng(seed)
    dim = model.rope.dim if isinstance(model, XPos) else model.dim
    axes = model.axes if isinstance(model, MultiAxisRoPE) else 0
    limit = math.inf if max_position is None else max_position
    scales = sorted({int(min(s, limit)) for s in _RANDOM_POSITION_SCALES})
    cases = []
    for scale in scales:
        n = 16
        if interface == "offset":
            start = int(rng.integers(0, max(scale - n, 0) + 1))
            pos = np.arange(start, start + n, dtype=np.int64)
        elif axes:
            pos = rng.integers(0, max(round(scale ** (1 / axes)), 2), size=(n, axes)).astype(np.int64)
        else:
            pos = np.sort(rng.choice(scale, size=min(n, scale), replace=False)).astype(np.int64)
        x = (rng.integers(-8192, 8192, size=(pos.shape[0], dim)) / 1024.0).astype(np.float32)
        cases.append(_Case(f"random_positions_below_{scale}", "random", x, pos, None))
    if fractional and not axes and interface == "positions":
        pos = (rng.integers(-8 * 64, 8 * 4096, size=16) / 8.0).astype(np.float64)
        x = (rng.integers(-8192, 8192, size=(16, dim)) / 1024.0).astype(np.float32)
        cases.append(_Case("random_fractional_positions", "random", x, pos, None))
    return cases


def _explicit_case(model: _Model, positions: Any, seed: int) -> _Case:
    dim = model.rope.dim if isinstance(model, XPos) else model.dim
    pos = _validate.positions(positions, "positions")
    if pos.ndim == 0:
        pos = pos.reshape(1)
    axes = model.axes if isinstance(model, MultiAxisRoPE) else 0
    if (axes and (pos.ndim != 2 or pos.shape[1] != axes)) or (not axes and pos.ndim != 1):
        raise _validate.fail("positions", "a 1-D array of positions" if not axes else
                             f"an array of shape (n, {axes})", _validate.Shown(f"shape {pos.shape}"))
    if np.all(pos == np.round(pos)):
        pos = pos.astype(np.int64)
    x = (np.random.default_rng(seed).integers(-8192, 8192, size=(pos.shape[0], dim)) / 1024.0).astype(np.float32)
    return _Case("explicit_positions", "explicit", x, pos, None)


def _fit_interface(case: _Case, model: _Model, caller: Caller, declared_seq_len: float | None,
                   max_position: float | None, fractional: bool, interface: str) -> None:
    """Decide the seq_len a case runs with, or why it is skipped."""
    pos = np.asarray(case.positions, dtype=np.float64)
    rope = _rope_of(model)
    depends = rope is not None and rope.scaling is not None and rope.scaling.depends_on_seq_len
    if max_position is not None and pos.size and float(np.max(np.abs(pos))) >= max_position:
        case.skip = f"positions reach {float(np.max(np.abs(pos))):g}, beyond the declared max_position {max_position:g}"
        return
    if not fractional and case.source == "golden" and np.any(pos != np.round(pos)):
        case.skip = "fractional positions (pass fractional=True to include them)"
        return
    if interface == "offset":
        if pos.ndim != 1 or pos.size == 0 or not np.array_equal(pos, pos[0] + np.arange(pos.size)):
            case.skip = "positions are not one contiguous run (the offset interface takes x and a start position)"
            return
    if not depends:
        case.seq_len = None
        return
    default = default_seq_len(pos)
    wanted = case.seq_len if case.seq_len is not None else declared_seq_len if declared_seq_len is not None \
        else default
    if caller.with_seq_len:
        case.seq_len = wanted
        return
    inherent = declared_seq_len if declared_seq_len is not None else default  # what fn computes with
    if wanted != inherent:
        case.skip = (f"the case needs seq_len {wanted:g}, and fn takes no seq_len argument (it computes with "
                     f"{'the declared' if declared_seq_len is not None else 'max(positions) + 1 ='} {inherent:g})")
        return
    case.seq_len = inherent


def _growth(positions: np.ndarray, err: np.ndarray) -> list[list[float]]:
    mags = np.abs(positions).sum(axis=-1) if positions.ndim == 2 else np.abs(positions)
    growth: dict[float, float] = {}
    for m, e in zip(mags.tolist(), err.tolist(), strict=True):
        growth[m] = max(growth.get(m, 0.0), e)
    picks = sorted(growth)
    if len(picks) > 8:
        picks = [picks[i] for i in np.linspace(0, len(picks) - 1, 8).round().astype(int)]
    return [[m, growth[m]] for m in picks]


# -- the entry point -------------------------------------------------------------------------------

def _declared_model(dim: int | None, layout: str | None, base: float | None, rotary_dim: int | None,
                    scaling: Scaling | None, config: Any, layer_type: str | None, rope: Any,
                    notes: list[str]) -> _Model:
    if rope is not None:
        if any(v is not None for v in (dim, base, rotary_dim, scaling, config, layout)):
            raise ValueError("rope gives the RoPE; do not also pass dim, layout, base, rotary_dim, scaling or config.")
        if not isinstance(rope, (RoPE, MultiAxisRoPE, XPos)):
            raise _validate.fail("rope", "a rope_ref.RoPE, MultiAxisRoPE or XPos", rope, kind=TypeError)
        return rope
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
        return info.rope
    if layer_type is not None:
        raise _validate.fail("layer_type", "given only with config=", layer_type)
    if dim is None:
        raise _validate.fail("dim", "given (or pass config= or rope=)", None)
    return RoPE(dim, base=10000.0 if base is None else base, layout="half" if layout is None else layout,
                rotary_dim=rotary_dim,
                scaling=scaling)


def _infer_dtype(caller: Caller, model: _Model) -> tuple[str, str | None]:
    """fn's working dtype from a first call's output; float64 (with a note) when it cannot be told."""
    dim = model.rope.dim if isinstance(model, XPos) else model.dim
    axes = model.axes if isinstance(model, MultiAxisRoPE) else 0
    pos = np.zeros((1, axes) if axes else 1, np.int64)
    try:
        value = caller.raw(np.zeros((1, dim), np.float32), pos)
    except CallFailed as err:
        return "float64", f"dtype could not be inferred ({err}); judged at float64"
    name = str(getattr(value, "dtype", ""))
    for dtype in sorted(DTYPES, key=len, reverse=True):  # "bfloat16" before "float16"
        if name.endswith(dtype):
            return dtype, f"dtype inferred from fn's output: {dtype}"
    try:
        to_float64(value)
    except CallFailed as err:
        return "float64", f"dtype could not be inferred ({err}); judged at float64"
    return "float64", f"fn's output dtype {name or type(value).__name__!r} is not a float dtype; judged at float64"


def _probe(caller: Caller, model: RoPE, seq_len: float | None) -> dict[float, np.ndarray] | None:
    """fn's matrix at m = 0, 1, 2: row k = fn(e_k at m); None when fn cannot take the probe."""
    eye = np.eye(model.dim)
    out = {}
    depends = model.scaling is not None and model.scaling.depends_on_seq_len
    try:
        for m in (0, 1, 2):
            length = (seq_len if seq_len is not None else m + 1.0) if depends else None
            if caller.interface == "offset":
                out[float(m)] = np.stack([caller(eye[k:k + 1], np.array([m]), length)[0] for k in range(model.dim)])
            else:
                out[float(m)] = caller(eye, np.full(model.dim, m, dtype=np.int64), length)
    except CallFailed:
        return None
    return out


def check(fn: Callable[..., Any], *, dim: int | None = None, layout: str | None = None, base: float | None = None,
          rotary_dim: int | None = None, scaling: Scaling | None = None,
          config: Mapping[str, Any] | str | os.PathLike[str] | None = None, layer_type: str | None = None,
          rope: RoPE | MultiAxisRoPE | XPos | None = None, role: str = "query", dtype: str | None = None,
          angle_dtype: str | None = None, seed: int = 0, golden: bool = True, max_position: float | None = None,
          positions: Any = None, seq_len: float | None = None, interface: str = "positions", fractional: bool = False,
          timeout: float | None = 60.0) -> CheckReport:
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
        fn: the implementation: ``fn(x, positions)``, or ``fn(x, positions, seq_len)`` (detected from
            its signature; seq_len-dependent cases go only to such functions), or with
            ``interface="offset"`` ``fn(x, offset)`` where row i of x sits at position offset + i.
            x is float (n, dim) (float64 for float64 targets, else float32), positions a fresh int64
            array (n,) ((n, axes) for multi-axis). fn may return NumPy of any float dtype (ml_dtypes'
            bfloat16 included), a torch tensor (any dtype, grad, device) or a JAX array.
        dim, layout, base, rotary_dim, scaling: the declared RoPE (layout "half" and base 10000 when
            not given); or ``config`` (a Hugging Face config.json, dict or path) with ``layer_type``
            for per-layer RoPE; or ``rope``: a RoPE, MultiAxisRoPE or XPos (with ``role``).
        dtype: the implementation's precision ("float64", "float32", "float16", "bfloat16"); None
            infers it from fn's output on a first call.
        angle_dtype: the precision fn computes angles in (policy default: float64 for float64/float32
            targets, float32 for float16/bfloat16); declare "float32" for float32 angles on purpose.
        seed: for the random cases.
        golden: also run the golden cases whose parameters are exactly the declared ones.
        max_position: the model's context: no case reaches this position.
        positions: explicit positions to check as one more case.
        seq_len: the sequence length fn computes its frequencies with, when it does not follow
            max(positions) + 1 (rules that depend on it: dynamic NTK, LongRoPE).
        interface: "positions" or "offset".
        fractional: include cases with fractional positions.
        timeout: seconds one call of fn may take (None: no limit); a call past it fails its case
            and no further call is made.

    Returns:
        A :class:`CheckReport` (``.passed``, ``str()`` for people, ``.as_dict()`` for strict JSON).

    Raises:
        TypeError, ValueError: for bad declared parameters (naming them) or a non-callable fn; never
            for anything fn does.
    """
    started = time.perf_counter()
    if not callable(fn):
        raise _validate.fail("fn", "a callable fn(x, positions) -> y", fn, kind=TypeError)
    notes: list[str] = []
    model = _declared_model(dim, layout, base, rotary_dim, scaling, config, layer_type, rope, notes)
    _validate.choice(role, "role", _ROLES)
    _validate.choice(interface, "interface", INTERFACES)
    if dtype is not None:
        _validate.choice(dtype, "dtype", DTYPES)
    if angle_dtype is not None:
        _validate.choice(angle_dtype, "angle_dtype", DTYPES)
    if max_position is not None:
        max_position = _validate.positive_real(max_position, "max_position")
    if seq_len is not None:
        seq_len = _validate.positive_real(seq_len, "seq_len")
    if timeout is not None:
        timeout = _validate.positive_real(timeout, "timeout")
    if interface == "offset" and isinstance(model, MultiAxisRoPE):
        raise _validate.fail("interface", "'positions' for multi-axis RoPE", interface)
    caller = Caller(fn, np.float32, interface, timeout, takes_seq_len(fn) if interface == "positions" else None)
    if dtype is None:
        dtype, note = _infer_dtype(caller, model)
        notes.append(note)
    angle = angle_dtype_for(dtype, angle_dtype)
    caller.input_dtype = np.float64 if dtype == "float64" else np.float32
    oracle, model64 = _with_precision(model, "exact"), _with_precision(model, "float64")

    cases: list[_Case] = []
    if golden:
        cases += [_golden_case(spec, inputs, dtype, angle) for spec, inputs in _golden_cases(model64, role)]
    cases += _random_cases(model, seed, max_position, interface, fractional)
    if positions is not None:
        cases.append(_explicit_case(model, positions, seed))
    results: list[CaseResult] = []
    observed: list[Observation] = []
    for case in cases:
        _fit_interface(case, model, caller, seq_len, max_position, fractional, interface)
        top_pos = float(np.max(np.abs(case.positions), initial=0.0))
        if case.skip:
            results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos, reason=case.skip))
            continue
        if case.expected is None:
            try:
                with np.errstate(all="ignore"):
                    case.expected = _apply(oracle, case, role)
            except (ArithmeticError, ValueError) as err:
                case.expected = None
                results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos,
                                          reason=f"the oracle refuses these positions: {err}"))
                continue
            if not np.all(np.isfinite(case.expected)):
                results.append(CaseResult(case.name, case.source, "skipped", max_position=top_pos,
                                          reason="the declared RoPE's output is not finite in float64 here"))
                continue
        obs = Observation(case.x.astype(np.float64), case.positions, case.seq_len, case.expected, False)
        tol = case.tolerance or observation_tolerance(model64, obs, case.expected, dtype, angle)
        try:
            y = caller(case.x, case.positions, case.seq_len)
        except CallFailed as err:
            results.append(CaseResult(case.name, case.source, "fail", tolerance=tol.atol, max_position=top_pos,
                                      reason=str(err)))
            continue
        err_rows = np.max(np.abs(y - case.expected), axis=-1)
        worst = float(np.max(err_rows, initial=0.0))
        scale = UNIT_ROUNDOFF[dtype] * float(np.max(np.abs(case.expected), initial=0.0))
        ulps = worst / scale if scale > 0 else (0.0 if worst == 0 else math.inf)
        if not tol.checkable:
            results.append(CaseResult(case.name, case.source, "not_checkable", worst, ulps, None, top_pos,
                                      reason=tol.reason))
            observed.append(dataclasses.replace(obs, y=y))
            continue
        ok = tol.accepts(worst)
        results.append(CaseResult(case.name, case.source, "pass" if ok else "fail", worst, ulps, tol.atol,
                                  top_pos, [] if ok else _growth(np.asarray(case.positions), err_rows)))
        observed.append(dataclasses.replace(obs, y=y, failed=not ok))

    diagnosis = None
    if any(o.failed for o in observed):
        probes = None
        if isinstance(model64, RoPE) and not caller.timed_out:
            probes = _probe(caller, model64, seq_len)
        found = diagnose(model64, observed, dtype, angle, probes, role)
        if found.causes:
            diagnosis = Diagnosis([c for c, _, _ in found.causes],
                                  [f"{CAUSES[c]}: {e}" if e != CAUSES[c] else e for c, e, _ in found.causes],
                                  [p for _, _, p in found.causes], found.tried)
        else:
            diagnosis = Diagnosis(["unexplained"], [CAUSES["unexplained"] + "; compare the failing cases by hand "
                                                    "(rope-ref table prints the expected angles, cos and sin)"],
                                  [None], found.tried)
    elif any(r.status == "fail" for r in results):
        diagnosis = Diagnosis(["fn_failed"], ["fn raised or returned an unusable output; see the failed cases"],
                              [None], [])
    notes += caller.notes
    total = time.perf_counter() - started
    return CheckReport(model, dtype, angle, results, diagnosis, notes, caller.fn_seconds,
                       max(total - caller.fn_seconds, 0.0))


def plan(*, dim: int | None = None, layout: str | None = None, base: float | None = None,
         rotary_dim: int | None = None, scaling: Scaling | None = None,
         config: Mapping[str, Any] | str | os.PathLike[str] | None = None, layer_type: str | None = None,
         rope: RoPE | MultiAxisRoPE | XPos | None = None, role: str = "query", seed: int = 0, golden: bool = True,
         max_position: float | None = None, positions: Any = None, interface: str = "positions",
         fractional: bool = False) -> list[tuple[str, str]]:
    """The (name, source) of every case :func:`check` runs with the same arguments, in its order,
    without calling any implementation (cases that do not fit fn are still listed: check marks
    them skipped)."""
    model = _declared_model(dim, layout, base, rotary_dim, scaling, config, layer_type, rope, [])
    _validate.choice(role, "role", _ROLES)
    _validate.choice(interface, "interface", INTERFACES)
    names = [(spec.id, "golden") for spec, _ in _golden_cases(_with_precision(model, "float64"), role)] \
        if golden else []
    names += [(c.name, c.source) for c in _random_cases(model, seed, max_position, interface, fractional)]
    if positions is not None:
        names.append(("explicit_positions", "explicit"))
    return names


def _apply(oracle: _Model, case: _Case, role: str) -> np.ndarray:
    if isinstance(oracle, XPos):
        return oracle.apply(case.x, case.positions, role, case.seq_len)
    if isinstance(oracle, MultiAxisRoPE):
        return oracle.apply(case.x, case.positions)
    return oracle.apply(case.x, case.positions, case.seq_len)


#: Names this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {"Model": "rope_ref.checker:_Model",
                                 "RANDOM_POSITION_SCALES": "rope_ref.checker:_RANDOM_POSITION_SCALES",
                                 "ROLES": "rope_ref.checker:_ROLES", "describe": "rope_ref._check_report:_describe"})
