"""Measure the implementations of impls.py and render the conformance matrix (docs/frameworks.md).

``measure(impl)`` runs check at its default verdict (float64 or float32 angles for a float32,
bfloat16 or float16 output) and with float64 angles required, and the error against position on
a fixed sweep; ``render(rows)`` writes the page.
Both are deterministic for given framework versions (seeded inputs, errors printed to two digits).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from typing import Any

import numpy as np

from rope_ref import MultiAxisRoPE, RoPE, check
from rope_ref._check.call import to_float64

SWEEP = (0, 1, 16, 256, 4096, 65536, 1 << 20)
#: The case families (columns): a case belongs to the first family whose test accepts it.
FAMILIES = (
    ("golden", "golden cases, positions below 2^16",
     lambda name, flags: flags is not None and "LongPosition" not in flags),
    ("golden long", "golden cases reaching 2^16 or 2^31", lambda name, flags: flags is not None),
    ("short", "random positions below 4096", lambda name, flags: name in ("random_positions_below_64",
                                                                        "random_positions_below_4096")),
    ("long", "random positions below 2^17 and 2^20", lambda name, flags: name.startswith("random_positions")),
)


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def _flags(name: str) -> tuple[str, ...] | None:
    from rope_ref import golden
    try:
        return golden.case(name).flags
    except ValueError:
        return None


def family_of(name: str) -> str:
    name = name.removeprefix("rerun::")  # a case run again at the end counts with the case it repeats
    flags = _flags(name)
    return next(key for key, _, test in FAMILIES if test(name, flags))


def _judge(fn: Any, impl: Any, angle_dtype: str | None) -> dict[str, Any]:
    report = check(fn, dtype=impl.dtype, angle_dtype=angle_dtype, **impl.declared)
    return {"angle_dtype": report.angle_dtype, "passed": report.passed,
            "causes": report.diagnosis.causes if report.diagnosis else [],
            "cases": {c.name: {"status": c.status, "max_abs_error": c.max_abs_error} for c in report.cases}}


def _sweep(fn: Any, rope: RoPE | MultiAxisRoPE, max_position: float | None) -> list[list[float]]:
    exact = dataclasses.replace(rope, precision="exact")
    x = (np.random.default_rng(0).integers(-8192, 8192, size=(4, rope.dim)) / 1024.0).astype(np.float32)
    points = []
    for m in SWEEP:
        if max_position is not None and m >= max_position:
            continue
        # a multi-axis RoPE sees a text token: every coordinate at m
        pos = np.full((4, rope.axes) if isinstance(rope, MultiAxisRoPE) else 4, m, dtype=np.int64)
        err = float(np.max(np.abs(to_float64(fn(x, pos)) - exact.apply(x, pos))))
        points.append([float(m), err])
    return points


def measure(impl: Any) -> dict[str, Any]:
    """Both verdicts and the error sweep of one implementation (JSON-safe)."""
    fn = impl.make()
    row: dict[str, Any] = {"name": impl.name, "framework": impl.framework, "version": version(impl.framework),
                           "dtype": impl.dtype, "layout": impl.layout, "rules": impl.rules,
                           "default": _judge(fn, impl, None), "float64": _judge(fn, impl, "float64")}
    rope = check(fn, dtype=impl.dtype, golden=False, max_position=2, **{k: v for k, v in impl.declared.items()
                                                                          if k != "max_position"}).rope
    row["sweep"] = _sweep(fn, rope, impl.declared.get("max_position"))
    return row


def _cell(judged: dict[str, Any], family: str) -> str:
    cases = {n: c for n, c in judged["cases"].items() if family_of(n) == family}
    if not cases:
        return "-"
    statuses = {c["status"] for c in cases.values()}

    def worst(status: str) -> float:  # the largest error among the cases of that status
        return max((c["max_abs_error"] or 0.0 for c in cases.values() if c["status"] == status), default=0.0)

    if "fail" in statuses:
        return f"{' + '.join(judged['causes'])} ({worst('fail'):.1e})"
    if "pass" in statuses:
        extra = [s.replace("_", " ") for s in sorted(statuses - {"pass"})]
        return f"pass ({worst('pass'):.1e})" + (f", some {', '.join(extra)}" if extra else "")
    return ", ".join(s.replace("_", " ") for s in sorted(statuses))


def render(rows: list[dict[str, Any]]) -> str:
    """The matrix as Markdown: one table per verdict (the default, then float64 angles required)."""
    heads = "| implementation | version | dtype | layout | rules | angles | " + \
        " | ".join(key for key, _, _ in FAMILIES) + " |"
    rule = "|" + "---|" * (6 + len(FAMILIES))
    out = []
    for mode, title in (("default", "The default verdict (float64 or float32 angles)"),
                        ("float64", "With float64 angles required (angle_dtype='float64')")):
        out += [f"### {title}", "", heads, rule]
        for r in rows:
            j = r[mode]
            cells = " | ".join(_cell(j, key) for key, _, _ in FAMILIES)
            out.append(f"| {r['name']} | {r['framework']} {r['version']} | {r['dtype']} | {r['layout']} | "
                       f"{r['rules']} | {j['angle_dtype']} | {cells} |")
        out.append("")
    return "\n".join(out)
