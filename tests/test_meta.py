"""The checks can fail: deliberately wrong RoPE implementations are caught by the mpmath comparison.

Each broken implementation is the from-scratch NumPy RoPE of tests/implementations.py with one
knob turned, or rope_ref called with a wrong argument (the other layout, a shifted position).
"""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import RoPE

import reference
from implementations import textbook

DIM, BASE = 16, 10000.0
POSITIONS = np.array([0.0, 1.0, 2.0, 17.0, 4096.0, 131072.0, 2.0**20])
X = np.random.default_rng(11).standard_normal((POSITIONS.size, DIM))


def broken(**knobs):
    return lambda x, p: textbook(x, p, dim=DIM, base=BASE, **knobs)


BROKEN = {
    "other_layout": lambda x, p: RoPE(DIM, BASE, "interleaved").apply(x, p),
    "exponent_j_over_d": broken(exponent=1.0),
    "off_by_one_position": lambda x, p: RoPE(DIM, BASE, "half").apply(x, p + 1),
    "float32_angles": broken(angle_dtype=np.float32),
    "opposite_direction": broken(sign=-1.0),
    "cos_sin_swapped": broken(swap=True),
    "extra_attention_factor": broken(gain=1.1),
    "bfloat16_cache": broken(cache="bfloat16"),
}


def test_the_textbook_implementation_passes():
    assert reference.worst_violation(broken(), X, POSITIONS, BASE, "half") <= 1


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_implementation_is_caught(name):
    assert reference.worst_violation(BROKEN[name], X, POSITIONS, BASE, "half") > 1


def test_partial_rotary_that_touches_the_tail_is_caught():
    assert reference.worst_violation(broken(), X, POSITIONS, BASE, "half", rotary_dim=8) > 1
