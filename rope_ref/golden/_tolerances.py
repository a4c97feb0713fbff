"""A golden case's tolerances: the verification policy (rope_ref._policy) applied to its arrays.

For every target dtype and both angle precisions (float64, float32) a case carries one entry:
the absolute tolerance the policy allows a correct implementation, or "not checkable" where that
tolerance reaches half of max|expected| (an all-zero output would pass it). The entry whose
angle precision is the policy's default for its dtype has ``default: true``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from rope_ref._policy import (
    DTYPES,
    UNIT_ROUNDOFF,
    Tolerance,
    allowed_error,
    angle_rate,
    judge,
    score_error,
    table_error,
)
from rope_ref.golden.catalogue import CaseSpec, multiaxis_of, rope_of
from rope_ref.xpos import XPos

ANGLE_DTYPES = ("float64", "float32")


def _max_abs(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if a.size else 0.0


def _max_row_norm(a: np.ndarray) -> float:
    """max over rows of |row|, summed with math.fsum so the value is the same on every machine."""
    return max(math.sqrt(math.fsum(float(v) ** 2 for v in row)) for row in a.reshape(-1, a.shape[-1]))


def seq_len_of(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> float | None:
    """The seq_len a case pins (its ``seq_len`` input), else None (max(positions) + 1 applies)."""
    if "seq_len" in inputs:
        return float(inputs["seq_len"])
    return None


def case_tolerances(spec: CaseSpec, inputs: dict[str, np.ndarray],
                    outputs: dict[str, np.ndarray]) -> list[Tolerance]:
    """Every (dtype, angle dtype) tolerance of a case, from the policy."""
    out: list[Tolerance] = []
    for dtype in DTYPES:
        for angle_dtype in ANGLE_DTYPES:
            atol, top = _atol(spec, inputs, outputs, dtype, angle_dtype)
            out.append(judge(atol, top, dtype=dtype, angle_dtype=angle_dtype))
    return out


def _atol(spec: CaseSpec, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray], dtype: str,
          angle_dtype: str) -> tuple[float, float]:
    """(allowed error, max|expected|) of a case at one precision."""
    p = spec.params
    if spec.kind == "multiaxis":
        ma = multiaxis_of(spec, "float64")
        pos = np.abs(inputs["positions"]).sum(axis=-1)
        y = outputs["expected"]
        return allowed_error(dtype=dtype, angle_dtype=angle_dtype, pair_norm=math.sqrt(2) * _max_abs(inputs["x"]),
                             max_position=_max_abs(pos), angle_rate=angle_rate(ma.frequencies),
                             output_scale=_max_abs(y)), _max_abs(y)
    rope = rope_of(spec, "float64")
    seq_len = seq_len_of(spec, inputs)
    if spec.kind == "scores":
        pq, pk = inputs["positions_q"], inputs["positions_k"]
        s = outputs["scores"]
        rate = angle_rate(rope.inv_freq_for(np.concatenate([pq, pk]), seq_len))
        return score_error(dtype=dtype, angle_dtype=angle_dtype, q_norm=_max_row_norm(inputs["q"]),
                           k_norm=_max_row_norm(inputs["k"]), max_position_q=_max_abs(pq),
                           max_position_k=_max_abs(pk), angle_rate=rate,
                           dim=rope.dim, attention_factor=rope.attention_factor), _max_abs(s)
    pos = inputs["positions"]
    rate = angle_rate(rope.inv_freq_for(pos, seq_len))
    if spec.kind == "cos_sin":
        top = max(_max_abs(outputs["cos"]), _max_abs(outputs["sin"]))
        scaled = "AttentionFactorInTables" in spec.flags  # tables times a (a model's set)
        return table_error(dtype=dtype, angle_dtype=angle_dtype, max_position=_max_abs(pos), angle_rate=rate,
                           attention_factor=rope.attention_factor if scaled else 1.0), top
    y = outputs["expected"]
    if spec.kind == "xpos":
        # The scale zeta_j^((m - c)/gamma) is off by u_a (|t| max|ln zeta_j| + 2) relative, t = (m - c)/gamma.
        xpos = XPos(rope, scale_base=p["scale_base"], centre=p["centre"])
        t = _max_abs(np.asarray(pos, dtype=np.float64) - xpos.centre) / xpos.scale_base
        pair = math.sqrt(2) * _max_abs(y)
        scale_err = UNIT_ROUNDOFF[angle_dtype] * (t * _max_abs(np.log(xpos.zeta())) + 2) * pair
        return allowed_error(dtype=dtype, angle_dtype=angle_dtype, pair_norm=pair, max_position=_max_abs(pos),
                             angle_rate=rate, output_scale=_max_abs(y)) + scale_err, _max_abs(y)
    return allowed_error(dtype=dtype, angle_dtype=angle_dtype, pair_norm=math.sqrt(2) * _max_abs(inputs["x"]),
                         max_position=_max_abs(pos), angle_rate=rate, attention_factor=rope.attention_factor,
                         output_scale=_max_abs(y)), _max_abs(y)


def tolerance_entries(spec: CaseSpec, inputs: dict[str, np.ndarray],
                      outputs: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """The manifest's ``tolerances`` list of a case."""
    return [t.as_dict() for t in case_tolerances(spec, inputs, outputs)]
