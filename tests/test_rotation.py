"""rope_ref.rotation: pairing, the complex-multiply kernel, its blocking, the explicit matrix."""

import numpy as np
import pytest
import scipy.linalg

from rope_ref import RoPE, layout_permutation, rotation, rotation_matrix
from rope_ref.rotation import from_complex, pair_indices, rotate, to_complex


def test_pair_indices_follow_the_layout_table():
    assert [a.tolist() for a in pair_indices(8, "interleaved")] == [[0, 2, 4, 6], [1, 3, 5, 7]]
    assert [a.tolist() for a in pair_indices(8, "half")] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_layout_permutation_gathers_even_then_odd_and_keeps_the_tail():
    assert layout_permutation(8).tolist() == [0, 2, 4, 6, 1, 3, 5, 7]
    assert layout_permutation(10, rotary_dim=4).tolist() == [0, 2, 1, 3, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("layout", ["half", "interleaved"])
def test_complex_round_trip(layout):
    x = np.random.default_rng(0).standard_normal((3, 5, 12))
    z = to_complex(x, layout)
    assert z.shape == (3, 5, 6)
    assert np.array_equal(from_complex(z, layout), x)


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("rotary_dim", [None, 6])
def test_rotate_is_the_plain_complex_product(layout, rotary_dim):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 7, 10))
    r = 10 if rotary_dim is None else rotary_dim
    table = np.exp(1j * rng.uniform(-4, 4, size=(7, r // 2)))
    y = rotate(x, table, layout, rotary_dim)
    # The definition, written out per pair without the kernel's views and blocks.
    re, im = pair_indices(r, layout)
    expected = x.copy()
    for j in range(r // 2):
        z = (x[..., re[j]] + 1j * x[..., im[j]]) * table[:, j]
        expected[..., re[j]], expected[..., im[j]] = z.real, z.imag
    assert np.array_equal(y, expected)


@pytest.mark.parametrize("shape", [(5, 3, 9, 16), (1, 40, 16), (33, 16), (16,), (4, 0, 16)])
def test_half_layout_blocks_cover_every_element_once(monkeypatch, shape):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    table = np.exp(1j * rng.uniform(-4, 4, size=shape[:-1] + (8,)))
    whole = rotate(x, table, "half")
    monkeypatch.setattr(rotation, "_BLOCK_PAIRS", 7)  # force many small, uneven blocks
    assert np.array_equal(rotate(x, table, "half"), whole)
    assert np.array_equal(rotate(x, table[..., :5], "half", 10), np.concatenate(
        [rotate(x[..., :10], table[..., :5], "half"), x[..., 10:]], axis=-1))


def test_rotate_accepts_non_contiguous_and_float32_input_exactly():
    rng = np.random.default_rng(3)
    x32 = rng.standard_normal((6, 16)).astype(np.float32)
    table = np.exp(1j * rng.uniform(-4, 4, size=(6, 8)))
    expected = rotate(x32.astype(np.float64), table, "interleaved")
    assert np.array_equal(rotate(x32, table, "interleaved"), expected)
    wide = np.zeros((6, 32))
    wide[:, ::2] = x32
    assert np.array_equal(rotate(wide[:, ::2], table, "interleaved"), expected)


def test_rotation_matrix_is_orthogonal_with_determinant_one():
    m = rotation_matrix(np.array([0.3, -2.0, 7.5]), "half", dim=8)
    assert np.allclose(m @ m.T, np.eye(8), rtol=0, atol=4 * np.finfo(float).eps)
    assert np.isclose(np.linalg.det(m), 1.0, rtol=0, atol=8 * np.finfo(float).eps)


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("position", [0.0, 1.0, -3.5, 1000.0])
def test_rotation_matrix_is_the_exponential_of_its_generator(layout, position):
    """R_m = expm(m G) with G skew-symmetric: G[re_j, im_j] = -theta_j, G[im_j, re_j] = theta_j."""
    rope = RoPE(12, base=100.0, layout=layout, rotary_dim=8)
    theta = rope.inv_freq()
    re, im = pair_indices(8, layout)
    g = np.zeros((12, 12))
    g[re, im], g[im, re] = -theta, theta
    assert np.allclose(g, -g.T)
    expected = scipy.linalg.expm(position * g)
    # expm's own error grows with the norm of m G (scaling and squaring): ~ |m| eps.
    tol = 64 * np.finfo(float).eps * max(1.0, abs(position))
    assert np.allclose(rope.matrix(position), expected, rtol=0, atol=tol)
