"""The rope-ref pytest plugin: run ``check``'s cases on your RoPE as tests, and golden-case helpers.

Installed with rope-ref (entry point ``pytest11``); it does nothing unless asked. With

    pytest --rope-impl=pkg.module:fn [--rope-config=config.json | --rope-dim=64 --rope-layout=half]
           [--rope-scaling rope_type=yarn --rope-scaling factor=4 ...] [--rope-torch [--rope-axes=bshd]]
           [--rope-dtype=bfloat16] [--rope-angle-dtype=float32] [--rope-timeout=60]

every case :func:`rope_ref.check` runs (the golden cases whose parameters are the declared RoPE,
then the random cases from short to long positions) becomes one test with a stable id
(``rope-ref::golden::half_d64_base1e4``, ``rope-ref::check::random_positions_below_4096``). ``check``
runs once per session; each test reports its case: a failure shows the case's error, tolerance
and error against position, and the diagnosis of the whole run. A case that does not fit fn or
is not checkable at the declared precision is skipped with the reason, never passed.
``--rope-scaling KEY=VALUE`` (repeatable) declares a context-extension rule in config.json
vocabulary, read as :func:`rope_ref.from_hf_config` reads a rope_scaling block; ``--rope-torch``
wraps a torch fn with :func:`rope_ref.interop.from_torch`. ``--rope-timeout SECONDS`` (default 60;
0: no limit) bounds each call of fn: a call that does not return in time fails its case with
"fn did not return within the timeout of ... s", and fn is not called again, so the other cases
fail at once saying so; a hanging fn never hangs the session. The implementation is loaded and the
declaration read when pytest starts: a module that does not import, a missing function or a bad
declaration stops pytest with one line (exit code 4).

For your own tests: :func:`golden_ids` and :func:`parametrize_golden` pick golden cases by kind
and flags, and :func:`assert_matches_golden` judges an output with the manifest's tolerance. The
hooks and node types (:class:`RopeCollector`, :class:`RopeCaseItem`, :class:`RopeCaseFailure`) are
listed for a conftest.py that selects or reports rope-ref's tests; they are made by the plugin.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE, golden
    >>> from rope_ref.pytest_plugin import assert_matches_golden, golden_ids
    >>> "half_basic_d8" in golden_ids(kind="apply", flags=["ONNXForm"])
    True
    >>> case = golden.load("half_basic_d8")
    >>> y = RoPE(8).apply(case.inputs["x"], case.inputs["positions"]).astype(np.float32)
    >>> assert_matches_golden("half_basic_d8", y, dtype="float32")
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from rope_ref import golden
from rope_ref._check.call import CallFailed, to_float64
from rope_ref._implementation import LoadError, load_function
from rope_ref._policy import angle_dtypes_for
from rope_ref.checker import _DEFAULT_TIMEOUT, _MAX_TIMEOUT  # --rope-timeout's default and largest value

__all__ = ["RopeCaseFailure", "RopeCaseItem", "RopeCollector", "assert_matches_golden", "golden_ids",
           "parametrize_golden", "pytest_addoption", "pytest_configure", "pytest_make_collect_report",
           "pytest_report_header"]

_REPORT = pytest.StashKey[Any]()



# -- helpers for one's own tests -------------------------------------------------------------------

def golden_ids(kind: str | None = None, flags: Iterable[str] = (), exclude_flags: Iterable[str] = (),
               result: str | None = "valid") -> list[str]:
    """Ids of the golden cases of ``kind`` ("apply", "cos_sin", "xpos", "multiaxis", "scores",
    "invalid"; None: any) carrying every flag of ``flags`` and none of ``exclude_flags``, with
    ``result`` ("valid", "acceptable", "invalid"; None: any), in manifest order."""
    wanted, unwanted = set(flags), set(exclude_flags)
    known = set(golden.catalogue.FLAGS)
    for flag in wanted | unwanted:
        if flag not in known:
            raise ValueError(f"flags must be golden flags ({', '.join(sorted(known))}); got {flag!r}.")
    return [s.id for s in golden.cases() if (kind is None or s.kind == kind) and (result is None or s.result == result)
            and wanted <= set(s.flags) and not unwanted & set(s.flags)]


def parametrize_golden(argname: str = "golden_case", **filters: Any) -> Any:
    """``pytest.mark.parametrize`` over :func:`golden_ids` (same filters), ids = case ids.

    Example:
        >>> mark = parametrize_golden(kind="apply", flags=["LongPosition"])
        >>> mark.args[0], "half_d64_near_2p31" in mark.args[1]
        ('golden_case', True)
    """
    ids = golden_ids(**filters)
    return pytest.mark.parametrize(argname, ids, ids=ids)


def assert_matches_golden(case_id: str, y: Any, *, dtype: str, angle_dtype: str | None = None,
                          root: str | os.PathLike[str] | None = None) -> None:
    """Assert that ``y`` is the golden case's expected output within the manifest's tolerance for
    ``dtype`` at ``angle_dtype``; when None, within the tolerance of any default angle precision
    (float64 or float32 angles for a float32, bfloat16 or float16 output), as ``check`` judges.

    ``y`` is the output array (NumPy, torch or JAX, any float dtype) for one-output cases, or a
    mapping from output name to array (e.g. {"cos": ..., "sin": ...}) or a tuple in the manifest's
    output order.

    Raises:
        AssertionError: y differs by more than the tolerance, has the wrong shape, or the case is
            not checkable at this precision (its tolerance could not tell a right output from an
            all-zero one: it fails, saying so, and never passes).
        ValueError: no such case, or no tolerance entry for dtype and angle_dtype.
    """
    case = golden.load(case_id, root)
    angles = " or ".join(angle_dtypes_for(dtype, angle_dtype))
    where = f"golden case {case_id!r} at {dtype} with {angles} angles"
    entries = [case.tolerance(dtype, a) for a in angle_dtypes_for(dtype, angle_dtype)]
    if not any(e["checkable"] for e in entries):
        raise AssertionError(f"{where} is not checkable: {entries[-1].get('reason', 'no usable tolerance')}")
    names = case.entry["outputs"]
    if not names:
        raise ValueError(f"case_id {case_id!r} has no expected output (result {case.entry['result']!r}).")
    if isinstance(y, Mapping):
        got = dict(y)
    elif isinstance(y, tuple):
        got = dict(zip(names, y, strict=False))
    else:
        got = {names[0]: y}
    if set(got) != set(names):
        raise AssertionError(f"{where}: outputs {sorted(got)} given; the case has {names}")
    worst, worst_name = 0.0, names[0]
    for name in names:
        try:
            value = to_float64(got[name])
        except CallFailed as err:
            raise AssertionError(f"{where}: output {name!r}: {err}") from None
        expected = case.outputs[name]
        if value.shape != expected.shape:
            raise AssertionError(f"{where}: output {name!r} has shape {value.shape}; expected {expected.shape}")
        err = float(np.max(np.abs(value - expected), initial=0.0))
        if not err <= worst:
            worst, worst_name = err, name
    status, entry = case.judge(worst, dtype, angle_dtype)
    if status == "not_checkable":
        raise AssertionError(f"{where}: max |error| {worst:.3g} in {worst_name!r} exceeds every checkable tolerance, "
                             f"and the {entry['angle_dtype']}-angle one is not checkable: {entry.get('reason')}")
    if status != "pass":
        raise AssertionError(f"{where}: max |error| {worst:.3g} in {worst_name!r} exceeds the tolerance "
                             f"{entry['atol']:.3g} (manifest)")


# -- the --rope-impl run ---------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    """pytest hook: the ``--rope-*`` options (``pytest --help`` lists them under "rope-ref")."""
    group = parser.getgroup("rope-ref", "check a RoPE implementation against rope-ref")
    group.addoption("--rope-impl", default=None, metavar="MODULE:FUNCTION",
                    help="the implementation fn(x, positions[, seq_len]) to check: pkg.module:fn or path/file.py:fn")
    group.addoption("--rope-config", default=None, metavar="CONFIG.json", help="declare the RoPE of a config.json")
    group.addoption("--rope-dim", type=int, default=None, help="declare head dim d (without --rope-config)")
    group.addoption("--rope-layout", default=None, help="declare the layout: half (default) or interleaved")
    group.addoption("--rope-base", type=float, default=None, help="declare the base (default 10000)")
    group.addoption("--rope-scaling", action="append", default=None, metavar="KEY=VALUE",
                    help="declare a context-extension rule without a config file, one rope_scaling key a time in "
                         "config.json vocabulary (VALUE read as JSON where it parses), e.g. "
                         "--rope-scaling rope_type=yarn --rope-scaling factor=4 "
                         "--rope-scaling original_max_position_embeddings=4096")
    group.addoption("--rope-dtype", default=None, help="fn's precision (default: inferred from its output; with "
                                                       "--rope-torch, x's torch dtype, default float32)")
    group.addoption("--rope-angle-dtype", default=None, help="the precision fn computes angles in")
    group.addoption("--rope-max-position", type=float, default=None,
                    help="no case reaches this position (default with --rope-config: the model's context)")
    group.addoption("--rope-layer-type", default=None, help="with --rope-config: the layer type whose RoPE to declare")
    group.addoption("--rope-interface", default=None, metavar="INTERFACE",
                    help="how fn is called: positions, offset, batched or qk (default: from its signature)")
    group.addoption("--rope-torch", action="store_true", default=False,
                    help="fn is a torch function f(x, position_ids): wrap it with rope_ref.interop.from_torch")
    group.addoption("--rope-timeout", default=str(_DEFAULT_TIMEOUT), metavar="SECONDS",
                    help=f"seconds one call of fn may take before its case fails (default {_DEFAULT_TIMEOUT:g}; "
                         f"0: no limit)")
    group.addoption("--rope-axes", default=None, help="with --rope-torch: the axes of x, one of bhsd, bshd, bsd, "
                                                      "sd (default bhsd)")


@dataclass(frozen=True)
class _Setup:
    """What --rope-impl asks for, read and checked at configure time."""

    spec: str
    fn: Callable[..., Any]
    declared: dict[str, Any]  # check's keyword arguments that declare the RoPE
    dtype: str | None
    angle_dtype: str | None
    cases: list[tuple[str, str]]  # check's plan: (name, source)
    adapter: str
    timeout: float | None  # seconds per call of fn; None: no limit


_SETUP = pytest.StashKey[_Setup]()

#: check's argument names that lead its messages -> the plugin's option that gives them.
_OPTION_OF = {"dim": "--rope-dim", "layout": "--rope-layout", "base": "--rope-base",
              "max_position": "--rope-max-position", "layer_type": "--rope-layer-type",
              "interface": "--rope-interface"}


def _load_impl(spec: str) -> Any:
    try:
        return load_function(spec)
    except LoadError as err:
        raise pytest.UsageError(f"--rope-impl: {err}") from None


def _setup(config: pytest.Config) -> _Setup:
    """Load --rope-impl and read the declared RoPE; pytest.UsageError (one line) for anything wrong."""
    from rope_ref import _cli_scaling, _validate
    from rope_ref._policy import DTYPES
    from rope_ref.checker import plan

    opt = config.getoption
    spec = opt("rope_impl")
    given = {"config": opt("rope_config"), "dim": opt("rope_dim"), "layout": opt("rope_layout"),
             "base": opt("rope_base"), "max_position": opt("rope_max_position"),
             "layer_type": opt("rope_layer_type"), "interface": opt("rope_interface")}
    declared = {k: v for k, v in given.items() if v is not None}
    pairs = opt("rope_scaling") or []
    if not declared.keys() & {"config", "dim"}:
        raise pytest.UsageError("--rope-impl needs the declared RoPE: --rope-config=config.json or --rope-dim=D.")
    if "config" in declared:
        extra = [flag for flag, value in (("--rope-dim", opt("rope_dim")), ("--rope-base", opt("rope_base")),
                                          ("--rope-scaling", pairs)) if value]
        if extra:
            raise pytest.UsageError(f"--rope-config gives the RoPE and its scaling rule; do not also pass "
                                    f"{', '.join(extra)}.")
    rule = _cli_scaling.from_pairs(pairs, "--rope-scaling")
    dtype, angle_dtype = opt("rope_dtype"), opt("rope_angle_dtype")
    try:
        scaling = rule.rule()
        for flag, value in (("--rope-dtype", dtype), ("--rope-angle-dtype", angle_dtype)):
            if value is not None:
                _validate.choice(value, flag, DTYPES)
        if opt("rope_axes") is not None and not opt("rope_torch"):
            raise pytest.UsageError(f"--rope-axes says how --rope-torch passes x to fn; pass --rope-torch too, or "
                                    f"drop --rope-axes={opt('rope_axes')}.")
    except (TypeError, ValueError) as err:
        raise pytest.UsageError(str(err)) from None
    if scaling is not None:
        declared["scaling"] = scaling
    timeout = _timeout(opt("rope_timeout"))
    fn = _load_impl(spec)
    adapter = ""
    if opt("rope_torch"):
        dtype = dtype or "float32"
        try:
            fn = _cli_scaling.torch_adapter(fn, axes=opt("rope_axes"), dtype=dtype, flag="--rope-torch",
                                            axes_flag="--rope-axes", dtype_flag="--rope-dtype")
        except _cli_scaling.RuleError as err:
            raise pytest.UsageError(str(err)) from None
        adapter = f" (torch, axes {opt('rope_axes') or 'bhsd'}, {dtype})"
    try:
        cases = plan(**declared)
    except (TypeError, ValueError) as err:
        message = rule.in_flags(str(err))
        lead = message.split(" ", 1)[0]
        if lead in _OPTION_OF:
            message = _OPTION_OF[lead] + message[len(lead):]
        raise pytest.UsageError(message) from None
    return _Setup(spec, fn, declared, dtype, angle_dtype, cases, adapter, timeout)


def _timeout(text: str) -> float | None:
    """--rope-timeout SECONDS -> check's timeout (None for 0); pytest.UsageError for anything else."""
    allowed = f"a number of seconds in [0, {_MAX_TIMEOUT:g}] (0: no limit)"
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= _MAX_TIMEOUT:  # NaN fails too
        raise pytest.UsageError(f"--rope-timeout must be {allowed}; got {text!r}.")
    return None if value == 0.0 else value


def pytest_configure(config: pytest.Config) -> None:
    """pytest hook: with ``--rope-impl``, load the implementation and read the declared RoPE now, so
    that a module that does not import, a missing function or a bad declaration stops pytest with
    one line (``pytest.UsageError``, exit code 4) before anything is collected; without it, nothing."""
    if config.getoption("rope_impl", None) is not None:
        config.stash[_SETUP] = _setup(config)


def pytest_report_header(config: pytest.Config) -> str | None:
    """pytest hook: with ``--rope-impl``, a header line saying what is checked against what."""
    setup = config.stash.get(_SETUP, None)
    if setup is None:
        return None
    declared = ", ".join(f"{k}={v!r}" for k, v in setup.declared.items())
    golden_count = sum(source == "golden" for _, source in setup.cases)
    return (f"rope-ref: checking {setup.spec}{setup.adapter} against {declared}: {len(setup.cases)} cases "
            f"({golden_count} golden)")


class RopeCaseItem(pytest.Item):
    """One case of check's run on the --rope-impl implementation."""

    def __init__(self, *, case: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from rope_ref.checker import check

        config = self.config
        report = config.stash.get(_REPORT, None)
        if report is None:
            setup = config.stash[_SETUP]
            report = check(setup.fn, dtype=setup.dtype, angle_dtype=setup.angle_dtype, timeout=setup.timeout,
                           **setup.declared)
            config.stash[_REPORT] = report
        result = next(c for c in report.cases if c.name == self.case)
        if result.status == "skipped":
            pytest.skip(result.reason or "skipped")
        if result.status == "not_checkable":
            pytest.skip(f"not checkable at {report.dtype} with {report.angle_dtype} angles: {result.reason}")
        if result.status == "fail":
            raise RopeCaseFailure(report, result)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, RopeCaseFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[str, int, str]:
        return "rope-ref", 0, f"rope-ref case {self.name}"


class RopeCaseFailure(Exception):
    """A failed case: its line of the report, its error against position, the diagnosis and the
    report's notes (what check inferred, and a call that ran past ``--rope-timeout``)."""

    def __init__(self, report: Any, result: Any) -> None:
        lines = [f"{result.name} failed at {report.dtype} with {report.angle_dtype} angles"]
        if result.max_abs_error is not None:
            lines.append(f"  max |error| {result.max_abs_error:.3g}, tolerance "
                         f"{result.tolerance if result.tolerance is None else format(result.tolerance, '.3g')}")
        if result.reason:
            lines.append(f"  {result.reason}")
        if result.growth:
            lines.append("  error against position: " + ", ".join(f"m={m:g}: {e:.2g}" for m, e in result.growth))
        if report.diagnosis is not None:
            d = report.diagnosis
            lines.append(f"diagnosis: {' + '.join(d.causes)}: {d.explanation}.")
        lines.extend(f"note: {note}" for note in report.notes)  # e.g. the call that ran past the timeout
        super().__init__("\n".join(lines))


class RopeCollector(pytest.Collector):
    """The cases of check's plan for the declared RoPE (read at configure time)."""

    def collect(self) -> list[pytest.Item]:
        cases = self.config.stash[_SETUP].cases
        return [RopeCaseItem.from_parent(self, name=f"{'check' if source != 'golden' else 'golden'}::{name}",
                                         case=name) for name, source in cases]


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    """pytest hook: with ``--rope-impl``, the session collects a :class:`RopeCollector` named
    "rope-ref" next to the test files, with one :class:`RopeCaseItem` per case of check's plan; so
    the header counts them, and ``-k``, ``--deselect`` and ``--collect-only`` see them. Without
    it, nothing."""
    report = yield
    if isinstance(collector, pytest.Session) and _SETUP in collector.config.stash and report.passed:
        report.result.append(RopeCollector.from_parent(collector, name="rope-ref", nodeid="rope-ref"))
    return report
