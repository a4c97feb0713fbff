"""What ``check`` reports: per-case results, the recipe seen, the measurement, the diagnosis, the
verdict, and the text and JSON forms.

Re-exported by :mod:`rope_ref.checker`, where :class:`CheckReport`, :class:`CaseResult` and
:class:`Diagnosis` are documented API (the JSON format is in docs/verify.md).

Example:
    >>> from rope_ref.checker import CaseResult
    >>> CaseResult("golden::half_basic_d8", "golden", "pass", 0.0, 0.0, 1e-15).as_dict()["status"]
    'pass'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from rope_ref._check.identify import Measurement
from rope_ref.models._keys import _block_of_rule
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.xpos import XPos

__all__ = ["CaseResult", "CheckReport", "Diagnosis"]

_Model = RoPE | MultiAxisRoPE | XPos
#: The version of the JSON report (docs/verify.md); 3 added the recipe, the measurement and per-case angle dtypes.
FORMAT_VERSION = 3


def _finite(value: float | None) -> float | None:
    """Strict JSON: non-finite numbers become null."""
    return value if value is None or math.isfinite(value) else None


@dataclass
class CaseResult:
    """One case: where it came from, its worst error, its tolerance and its status.

    ``status`` is "pass", "fail", "not_checkable" (the tolerance at this precision could not tell
    right from wrong) or "skipped" (the case does not fit fn's interface or the declared context).
    ``angle_dtype`` is the angle precision whose bound accepted a passing case (float64 angles,
    or float32 angles as transformers forms them); ``tolerance`` is that bound, or for a case
    that did not pass, the loosest checkable bound in force.
    """

    name: str
    source: str  # "golden", "random", "explicit" or "schedule"
    status: str
    max_abs_error: float | None = None
    ulps: float | None = None  # max |error| / (u_dtype * max |expected|)
    tolerance: float | None = None
    max_position: float = 0.0
    growth: list[list[float]] = field(default_factory=list)  # [|position|, max error] per position
    reason: str | None = None
    angle_dtype: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    @property
    def error(self) -> str | None:
        """The reason a case could not be compared (fn raised, returned NaN, ...), else None."""
        return self.reason if self.status == "fail" and self.max_abs_error is None else None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "status": self.status,
                "max_abs_error": _finite(self.max_abs_error), "ulps": _finite(self.ulps),
                "tolerance": _finite(self.tolerance), "angle_dtype": self.angle_dtype,
                "max_position": self.max_position, "growth": [[float(m), float(e)] for m, e in self.growth],
                "reason": self.reason}


@dataclass
class Diagnosis:
    """What explains the failures: one cause or two (structure first), or "unexplained".

    ``cause``, ``explanation`` and ``parameter`` describe the first cause; ``causes`` lists all.
    """

    causes: list[str]
    explanations: list[str]
    parameters: list[float | None]
    tried: list[str] = field(default_factory=list)

    @property
    def cause(self) -> str:
        return self.causes[0]

    @property
    def explanation(self) -> str:
        return "; and ".join(self.explanations)

    @property
    def parameter(self) -> float | None:
        return self.parameters[0]

    def as_dict(self) -> dict[str, Any]:
        return {"cause": self.cause, "causes": [{"cause": c, "explanation": e, "parameter": _finite(p)}
                                                for c, e, p in zip(self.causes, self.explanations, self.parameters,
                                                                   strict=True)],
                "explanation": self.explanation, "parameter": _finite(self.parameter), "tried": self.tried}


@dataclass
class CheckReport:
    """The result of :func:`check`: per-case results, a verdict and, on failure, a diagnosis.

    ``angle_dtypes`` are the angle precisions the verdict accepted (the declared one, or float64
    and float32 for a float32, bfloat16 or float16 output); ``angle_dtype`` is the one the
    outputs showed (float32 when a case needed float32 angles to pass); ``recipe`` says so in
    words with what it costs at the longest position checked. ``measurement`` is what probing fn
    with unit vectors found (on failure). ``cannot_tell`` says why the cases that were judged
    could not tell the declared rotation from none (every position 0, or angles too small for the
    tolerance): such a report fails even when every case passed.
    """

    rope: _Model
    dtype: str
    angle_dtype: str
    cases: list[CaseResult]
    diagnosis: Diagnosis | None
    notes: list[str] = field(default_factory=list)
    fn_seconds: float = 0.0
    checker_seconds: float = 0.0
    angle_dtypes: tuple[str, ...] = ()
    declared_angle_dtype: str | None = None
    recipe: str | None = None
    measurement: Measurement | None = None
    cannot_tell: str | None = None

    @property
    def passed(self) -> bool:
        """True when every checkable case passed, at least one was checkable, and the cases can tell a
        rotation from none."""
        return (any(c.status == "pass" for c in self.cases) and not any(c.status == "fail" for c in self.cases)
                and self.cannot_tell is None)

    @property
    def reason(self) -> str | None:
        """Why a report without failed cases still fails (nothing checkable, or nothing that tells a
        rotation from none), else None."""
        if self.passed or any(c.status == "fail" for c in self.cases):
            return None
        if self.cannot_tell is not None and any(c.status == "pass" for c in self.cases):
            return self.cannot_tell
        return (f"no case is checkable at {self.dtype} with {_angles(self.angle_dtypes or (self.angle_dtype,))} "
                "angles: every tolerance would pass an all-zero output (declare angle_dtype, max_position or "
                "positions that the precision can check)")

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON report, strict JSON (no NaN or Infinity; docs/verify.md)."""
        return {"format": "rope-ref-check", "format_version": FORMAT_VERSION, "passed": self.passed,
                "dtype": self.dtype, "angle_dtype": self.angle_dtype,
                "angle_dtypes": list(self.angle_dtypes or (self.angle_dtype,)),
                "declared_angle_dtype": self.declared_angle_dtype, "recipe": self.recipe,
                "declared": _describe(self.rope), "reason": self.reason, "cases": [c.as_dict() for c in self.cases],
                "measurement": None if self.measurement is None else self.measurement.as_dict(),
                "diagnosis": None if self.diagnosis is None else self.diagnosis.as_dict(), "notes": self.notes,
                "timing": {"fn_seconds": round(self.fn_seconds, 6), "checker_seconds": round(self.checker_seconds, 6)}}

    def __str__(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        angles = self.angle_dtype if self.passed else _angles(self.angle_dtypes or (self.angle_dtype,))
        lines = [f"rope-ref check: {verdict} at {self.dtype} with {angles} angles, against {_short(self.rope)}"]
        width = max((len(c.name) for c in self.cases), default=0)
        marks = {"pass": "ok  ", "fail": "FAIL", "not_checkable": "n/c ", "skipped": "skip"}
        for c in self.cases:
            if c.max_abs_error is not None and c.tolerance is not None:
                detail = (f"max |error| {c.max_abs_error:.3g} ({c.ulps:.3g} ulp of {self.dtype}), "
                          f"tolerance {c.tolerance:.3g}")
                if c.status == "pass" and c.angle_dtype and len(self.angle_dtypes) > 1:
                    detail += f" ({c.angle_dtype} angles)"
            elif c.max_abs_error is not None:
                detail = f"max |error| {c.max_abs_error:.3g}; {c.reason}"
            else:
                detail = c.reason or ""
            lines.append(f"  {marks[c.status]} {c.name:<{width}}  {detail}")
        failed = [c for c in self.cases if c.status == "fail" and c.growth]
        if failed:
            worst = max(failed, key=lambda c: c.max_abs_error or 0.0)
            growth = ", ".join(f"m={m:g}: {e:.2g}" for m, e in worst.growth[:8])
            lines.append(f"  error against position ({worst.name}): {growth}")
        if self.recipe:
            lines.append(f"recipe: {self.recipe}")
        if self.reason:
            lines.append(f"reason: {self.reason}")
        if self.measurement is not None:
            m = self.measurement
            lines.append(f"measured (unit vectors at {len(m.positions)} positions up to {max(m.positions):g}):")
            lines += [f"  {line}" for line in m.lines]
        if self.diagnosis is not None:
            d = self.diagnosis
            lines.append(f"diagnosis: {' + '.join(d.causes)}: {d.explanation}.")
            if d.tried:
                lines.append(f"  hypotheses tried: {', '.join(d.tried)}")
        for note in self.notes:
            lines.append(f"note: {note}")
        return "\n".join(lines)


def _angles(dtypes: tuple[str, ...]) -> str:
    return " or ".join(dtypes)


def _describe(model: _Model) -> dict[str, Any]:
    """The declared RoPE as structured, JSON-safe parameters."""
    if isinstance(model, XPos):
        return {"kind": "xpos", "rope": _describe(model.rope), "scale_base": model.scale_base, "centre": model.centre}
    if isinstance(model, MultiAxisRoPE):
        return {"kind": "multiaxis", "dim": model.dim, "layout": model.layout, "rotary_dim": model.rotary_dim,
                "axes": model.axes, "frequencies": model.frequencies.tolist()}
    scaling = None if model.scaling is None else _block_of_rule(model.scaling)  # config vocabulary
    return {"kind": "rope", "dim": model.dim, "base": model.base, "layout": model.layout,
            "rotary_dim": model.rotary_dim, "scaling": scaling, "attention_factor": model.attention_factor}


def _short(model: _Model) -> str:
    if isinstance(model, RoPE):
        return (f"RoPE(dim={model.dim}, base={model.base:g}, layout={model.layout!r}, rotary_dim={model.rotary_dim}"
                + (f", scaling={model.scaling!r}" if model.scaling is not None else "") + ")")
    return repr(model)
