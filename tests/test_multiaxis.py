"""Multi-axis RoPE: axial 2-D/3-D, Pixtral, mixed frequencies, M-RoPE (sectioned and interleaved)."""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import MultiAxisRoPE, RoPE, default_inv_freq
from rope_ref.rotation import pair_indices

from bounds import U
from checks import assert_rejected


@pytest.mark.parametrize("layout", ["half", "interleaved"])
def test_mrope_with_equal_rows_is_plain_rope_bit_for_bit(layout):
    x = np.random.default_rng(0).standard_normal((2, 7, 128))
    pos = np.array([0.0, 1.0, 2.0, 5.0, 4096.0, 131072.0, -3.0])
    rows = np.repeat(pos[:, None], 3, axis=1)
    for interleaved, section in [(False, (16, 24, 24)), (True, (24, 20, 20))]:
        mrope = MultiAxisRoPE.mrope(128, section, interleaved=interleaved, layout=layout)
        assert np.array_equal(mrope.apply(x, rows), RoPE(128, layout=layout).apply(x, pos))


def test_mrope_sections_follow_the_rows():
    # Qwen2-VL, d = 128, sections (16, 24, 24): pairs 0-15 temporal, 16-39 height, 40-63 width.
    m = MultiAxisRoPE.mrope(128, (16, 24, 24))
    theta = default_inv_freq(128, 10000.0)
    ang = m.angles(np.array([2.0, 3.0, 5.0]))
    assert np.array_equal(ang[:16], 2.0 * theta[:16])
    assert np.array_equal(ang[16:40], 3.0 * theta[16:40])
    assert np.array_equal(ang[40:], 5.0 * theta[40:])


def test_qwen3_interleaved_assignment():
    # d = 128, sections (24, 20, 20): height for j % 3 == 1 and j < 60, width for j % 3 == 2 and j < 60.
    m = MultiAxisRoPE.mrope(128, (24, 20, 20), interleaved=True)
    rows = np.argmax(m.frequencies != 0, axis=0)
    for j in range(64):
        expected = 1 if (j % 3 == 1 and j < 60) else 2 if (j % 3 == 2 and j < 60) else 0
        assert rows[j] == expected, j


@pytest.mark.parametrize("axes", [2, 3])
def test_axial_blocks_rotate_with_their_own_coordinate(axes):
    d = 48
    rope = MultiAxisRoPE.axial(d, axes=axes, base=100.0, layout="interleaved")
    x = np.random.default_rng(1).standard_normal(d)
    coords = np.array([3.0, -7.0, 11.0][:axes])
    y = rope.apply(x, coords)
    block = d // axes  # features per axis, contiguous in the interleaved layout
    for a in range(axes):
        sub = RoPE(block, base=100.0, layout="interleaved")
        part = slice(a * block, (a + 1) * block)
        assert np.array_equal(y[part], sub.apply(x[part], coords[a]))


def test_axial_half_layout_is_the_qwen2_vision_split():
    # half layout: pairs (j, j + r/2); pairs 0..r/4-1 take axis 0, the rest axis 1.
    rope = MultiAxisRoPE.axial(16, axes=2, base=10000.0, layout="half")
    re, im = pair_indices(16, "half")
    ang = rope.angles(np.array([2.0, 9.0]))
    ladder = default_inv_freq(8, 10000.0)
    assert np.array_equal(ang, np.concatenate([2.0 * ladder, 9.0 * ladder]))
    assert re.tolist() == list(range(8)) and im.tolist() == list(range(8, 16))


def test_pixtral_frequencies_split_one_ladder():
    m = MultiAxisRoPE.pixtral(16, base=10000.0)
    ladder = default_inv_freq(16, 10000.0)
    assert np.array_equal(m.frequencies[0, :4], ladder[0::2]) and not m.frequencies[0, 4:].any()
    assert np.array_equal(m.frequencies[1, 4:], ladder[1::2]) and not m.frequencies[1, :4].any()


def test_mixed_frequencies_sum_over_axes_and_keep_relative_property():
    rng = np.random.default_rng(2)
    freq = rng.uniform(-1, 1, size=(2, 8))
    rope = MultiAxisRoPE(16, freq, layout="half")
    q, k = rng.standard_normal((2, 16))
    p1, p2, shift = np.array([3.0, 4.0]), np.array([-1.0, 6.0]), np.array([10.0, -20.0])
    a = rope.apply(q, p1) @ rope.apply(k, p2)
    b = rope.apply(q, p1 + shift) @ rope.apply(k, p2 + shift)
    # angle = sum of two products: each side's angles off by <= 3u * sum|pos_a F_a|; as for RoPE.
    span = float(np.abs(freq).sum(axis=0).max()) * 60
    assert abs(a - b) <= U * np.linalg.norm(q) * np.linalg.norm(k) * (8 * span + 2 * 16 + 18)
    assert np.allclose(rope.invert(rope.apply(q, p1), p1), q, rtol=0, atol=8 * U * np.abs(q).max())


def test_positions_broadcast_with_a_trailing_coordinate_axis():
    rope = MultiAxisRoPE.axial(8, axes=2)
    grid = np.stack(np.meshgrid(np.arange(3.0), np.arange(4.0), indexing="ij"), axis=-1)  # (3, 4, 2)
    x = np.ones((5, 3, 4, 8))  # (heads, h, w, d)
    y = rope.apply(x, grid)
    assert y.shape == x.shape
    assert np.array_equal(y[2, 1, 3], rope.apply(x[2, 1, 3], grid[1, 3]))


@pytest.mark.parametrize("call,kind,needle", [
    (lambda: MultiAxisRoPE(8, np.ones(4)), ValueError, "frequencies must be a 2-D array"),
    (lambda: MultiAxisRoPE(8, np.ones((2, 3)), rotary_dim=8), ValueError, "rotary_dim // 2 = 4"),
    (lambda: MultiAxisRoPE(8, np.full((2, 4), np.nan)), ValueError, "frequencies must be finite"),
    (lambda: MultiAxisRoPE.axial(8, axes=3), ValueError, "axes must be a divisor of rotary_dim // 2 = 4"),
    (lambda: MultiAxisRoPE.axial(8, axes=0), ValueError, "axes must be an integer >= 1"),
    (lambda: MultiAxisRoPE.pixtral(10), ValueError, "rotary_dim must be a multiple of 4"),
    (lambda: MultiAxisRoPE.mrope(128, (16, 24, 23)), ValueError, "adding up to dim // 2 = 64"),
    (lambda: MultiAxisRoPE.mrope(128, (32, 32), interleaved=True), ValueError, "three sizes"),
    (lambda: MultiAxisRoPE.mrope(128, "16,24,24"), TypeError, "mrope_section must be a sequence of integers"),
    (lambda: MultiAxisRoPE.axial(8).apply(np.ones(8), [1.0]), ValueError, "last axis holds the 2 coordinates"),
    (lambda: MultiAxisRoPE.axial(8).apply(np.ones((3, 8)), np.ones((4, 2))), ValueError, "positions[..., 0]"),
])
def test_bad_input(call, kind, needle):
    assert_rejected(call, kind, [needle])
