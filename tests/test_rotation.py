"""rope_ref.rotation: pairing, the complex-multiply kernel, its blocking, the explicit matrix."""

import numpy as np
import pytest
import scipy.linalg

from rope_ref import RoPE, Scaling, _validate, default_inv_freq, layout_permutation, rotation, rotation_matrix
from rope_ref.rotation import from_complex, pair_indices, rotate, rotate_cos_sin, to_complex


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


# -- overflow: refused from the multiply's floating-point flags, never from a second pass ------------

def _overflowing(shape, layout, row):
    """Finite x, small except one pair (1.7e308, 1.7e308) in ``row``: rotated by an angle near
    0.7 (position 0.7, theta_0 = 1) its second component is 1.7e308 (sin + cos) > float64's max."""
    x = np.random.default_rng(4).standard_normal(shape)
    re, im = pair_indices(shape[-1], layout)
    x[row + (re[0],)] = x[row + (im[0],)] = 1.7e308
    return x


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("precision", ["float64", "exact"])
@pytest.mark.parametrize("row", [(0, 0), (2, 39)])
def test_an_overflow_in_any_block_is_refused(monkeypatch, layout, precision, row):
    from rope_ref import exact

    monkeypatch.setattr(rotation, "_BLOCK_PAIRS", 16)  # many blocks: the first or the last overflows
    monkeypatch.setattr(exact, "_CHUNK", 16)
    positions = np.full(40, 0.7)
    if precision == "float64":
        rope, x = RoPE(16, layout=layout), _overflowing((3, 40, 16), layout, row)
    else:  # exact mode takes |x| < 2**995; the attention factor 2**100 makes it overflow
        rope, x = RoPE(16, layout=layout, scaling=_Loud(), precision="exact"), _overflowing((3, 40, 16), layout, row)
        x[row] *= 2.0**-30  # 1.6e299
    with pytest.raises(ValueError, match="overflow"):
        rope.apply(x, positions)
    ok = x.copy()
    ok[row] = 1.0
    y = rope.apply(ok, positions)
    assert np.isfinite(y).all()


class _Loud(Scaling):
    """A test rule: the default frequencies, attention factor 2**100 (the largest allowed)."""

    def inv_freq(self, rotary_dim, base, seq_len=None):
        return default_inv_freq(rotary_dim, base)

    @property
    def attention_factor(self):
        return 2.0**100


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("rotary_dim", [None, 12])
def test_non_finite_input_passes_through_where_it_is(layout, rotary_dim):
    x = np.random.default_rng(5).standard_normal((4, 16))
    x[1, 0], x[2, 15] = np.inf, np.nan
    y = RoPE(16, layout=layout, rotary_dim=rotary_dim).apply(x, np.arange(4.0))
    finite = np.isfinite(y)
    assert finite[[0, 3]].all() and not finite[1].all() and np.isnan(y[2, 15])


def test_rotate_refuses_an_overflowing_output_without_a_warning():
    """Overflowing outputs are refused everywhere (issue 22): rotate and rotate_cos_sin say so in a
    ValueError, whatever the caller's np.errstate, and let no RuntimeWarning out (pytest makes one an error)."""
    x, table = np.full((2, 4), 1.7e308), np.full(2, 1.5 + 1.5j)
    for layout in ("interleaved", "half"):
        with pytest.raises(ValueError, match=r"^x must be small enough that the rotated output fits float64; "
                                             r"got values up to 1\.7e\+308\. The result would overflow to inf\.$"):
            rotate(x, table, layout)
    with np.errstate(over="raise", invalid="raise"), pytest.raises(ValueError, match="overflow to inf"):
        rotate(x, table, "half")
    with pytest.raises(ValueError, match="overflow to inf"):
        rotate_cos_sin(x, np.full(2, 1.5), np.full(2, 1.5), "interleaved")
    # inf in x or the table is passed through, not an overflow
    assert np.isinf(rotate(np.array([np.inf, 0.0]), np.array([1.0 + 0j]), "interleaved")[0])


@pytest.mark.parametrize("precision", ["float64", "exact"])
def test_an_output_is_known_finite_only_from_finite_tables_without_a_flag_while_watched(precision):
    """The kernels vouch for their output (so apply's overflow check skips reading it) only when the
    caller ignores overflow, no flag was raised and the tables are finite."""
    from rope_ref import exact

    def run(x, c, s):
        if precision == "float64":
            return rotation._rotate_cos_sin_flagged(x, c, s, "interleaved")
        return exact._rotate_dd_flagged(x, (c, 0 * c), (s, 0 * s), "interleaved")

    x, one = np.ones((3, 4)), np.ones(2)
    assert run(x, one, 0 * one)[1] is False  # not watched: NumPy's own warnings apply, nothing vouched
    with np.errstate(over="ignore", invalid="ignore"):
        out, known = run(x, one, 0 * one)
        assert known is True and np.array_equal(out, x)
        _, known = run(x, np.array([1.0, np.inf]), 0 * one)  # inf from an inf table, no flag raised
        assert known is False
        # u s + v c overflows (exact mode refuses |x| >= 2**995 up front; a = 2**100 reaches beyond)
        big, a = (np.full((3, 4), 1.7e308), 1.0) if precision == "float64" else (np.full((3, 4), 2.0**994), 2.0**30)
        out, known = run(big, np.full(2, a * np.sqrt(0.5)), np.full(2, a * np.sqrt(0.5)))
        assert known is False and not np.all(np.isfinite(out))
    with pytest.raises(ValueError, match="overflow"):
        _validate.finite_output(out, big, "x", "it", checked=known)


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("precision", ["float64", "exact"])
@pytest.mark.parametrize("shape,positions", [((2, 3, 9, 16), (9,)), ((2, 9, 3, 16), (9, 1)), ((3, 16), ())])
def test_blocks_taken_table_rows_first_cover_every_element_once(monkeypatch, layout, precision, shape, positions):
    """Blocks are visited by table rows (every head of a few positions, then the next): with a
    broadcast table the output is the one computed from the table copied out to x's shape."""
    from rope_ref import exact

    monkeypatch.setattr(rotation, "_BLOCK_PAIRS", 7)  # many small, uneven blocks
    monkeypatch.setattr(exact, "_CHUNK", 7)
    rng = np.random.default_rng(6)
    x = rng.standard_normal(shape)
    angles = rng.uniform(-4, 4, positions + (6,))
    full = np.broadcast_to(angles, shape[:-1] + (6,)).copy()
    if precision == "float64":
        rot = [np.exp(1j * a) for a in (angles, full)]
        y, expected = (rotate(x, t, layout, 12) for t in rot)
    else:
        (c, s), (cf, sf) = ((np.cos(a), np.sin(a)) for a in (angles, full))
        y = exact.rotate_dd(x, (c, 0 * c), (s, 0 * s), layout, 12)
        expected = exact.rotate_dd(x, (cf, 0 * cf), (sf, 0 * sf), layout, 12)
    assert y.tobytes() == expected.tobytes()
    assert np.array_equal(y[..., 12:], x[..., 12:])
