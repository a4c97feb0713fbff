"""The checks can fail: deliberately wrong RoPE implementations are caught by the mpmath comparison.

Each broken implementation is plain NumPy written here, independent of rope_ref, except where
the mistake is a wrong argument to rope_ref itself (the other layout, a shifted position).
"""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import RoPE

import reference

DIM, BASE = 16, 10000.0
POSITIONS = np.array([0.0, 1.0, 2.0, 17.0, 4096.0, 131072.0, 2.0**20])
X = np.random.default_rng(11).standard_normal((POSITIONS.size, DIM))


def _half_numpy(x, positions, theta, *, dtype=np.float64, sign=1.0, factor=1.0, swap=False):
    """A textbook rotate_half RoPE with knobs for the classic mistakes."""
    h = x.shape[-1] // 2
    ang = (positions.astype(dtype)[:, None] * theta.astype(dtype)).astype(dtype)
    cos, sin = np.cos(ang).astype(np.float64), sign * np.sin(ang).astype(np.float64)
    if swap:
        cos, sin = sin, cos
    x1, x2 = x[..., :h], x[..., h:]
    return factor * np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)


THETA = BASE ** (-np.arange(0, DIM, 2) / DIM)

BROKEN = {
    "other_layout": lambda x, p: RoPE(DIM, BASE, "interleaved").apply(x, p),
    "exponent_j_over_d": lambda x, p: _half_numpy(x, p, BASE ** (-np.arange(DIM // 2) / DIM)),
    "off_by_one_position": lambda x, p: RoPE(DIM, BASE, "half").apply(x, p + 1),
    "float32_angles": lambda x, p: _half_numpy(x, p, THETA, dtype=np.float32),
    "opposite_direction": lambda x, p: _half_numpy(x, p, THETA, sign=-1.0),
    "cos_sin_swapped": lambda x, p: _half_numpy(x, p, THETA, swap=True),
    "extra_attention_factor": lambda x, p: _half_numpy(x, p, THETA, factor=1.1),
}


def test_the_textbook_implementation_passes():
    assert reference.worst_violation(lambda x, p: _half_numpy(x, p, THETA), X, POSITIONS, BASE, "half") <= 1


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_implementation_is_caught(name):
    assert reference.worst_violation(BROKEN[name], X, POSITIONS, BASE, "half") > 1


def test_partial_rotary_that_touches_the_tail_is_caught():
    def rotates_everything(x, p):
        return RoPE(DIM, BASE, "half").apply(x, p)

    assert reference.worst_violation(rotates_everything, X, POSITIONS, BASE, "half", rotary_dim=8) > 1
