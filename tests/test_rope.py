"""rope_ref.RoPE against hand-worked values and an independent 50-digit mpmath RoPE."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from rope_ref import RoPE, Scaling, default_inv_freq

import reference
from bounds import U

LAYOUTS = ["half", "interleaved"]


def test_hand_worked_d2():
    # d = 2: one pair, theta_0 = 1 for any base. x = (3, 4) at m = 1 is 3 + 4i times e^{i}:
    # (3 cos 1 - 4 sin 1, 3 sin 1 + 4 cos 1). Decimals from mpmath at 30 digits:
    #   mp.mpf(3)*mp.cos(1) - 4*mp.sin(1), 3*mp.sin(1) + 4*mp.cos(1)
    expected = [-1.74497702162716687440719946419, 4.68562217789624838956125339466]
    for layout in LAYOUTS:  # with one pair the two layouts coincide
        y = RoPE(2, base=10000.0, layout=layout).apply(np.array([3.0, 4.0]), 1)
        assert np.allclose(y, expected, rtol=0, atol=4 * U * 5)


def test_hand_worked_d4():
    # d = 4, base 100: theta = (1, 100**-0.5 = 0.1); x = (1, 2, 3, 4) at m = 2, angles (2, 0.2).
    # interleaved pairs: (1 + 2i) e^{2i}, (3 + 4i) e^{0.2i}; half pairs: (1 + 3i) e^{2i}, (2 + 4i) e^{0.2i}.
    # Decimals from mpmath at 30 digits, e.g. (mp.mpc(1, 2) * mp.exp(2j)).real:
    interleaved = [-2.23474169019850577778960796132, 0.0770037537313969214008834069101,
                   2.14552241034348003153493904177, 4.51627430375015017087502394835]
    half = [-3.14403911702418747318562782724, 1.16545583250223840041074252502,
            -0.339143082815745465596684822591, 4.31760497295508895541561132123]
    x = np.array([1.0, 2.0, 3.0, 4.0])
    for layout, expected in [("interleaved", interleaved), ("half", half)]:
        y = RoPE(4, base=100.0, layout=layout).apply(x, 2)
        assert np.allclose(y, expected, rtol=0, atol=8 * U * 5)


@pytest.mark.parametrize("dim,base", [(2, 10000.0), (6, 10.0), (96, 10000.0), (128, 500000.0), (160, 1e6)])
def test_inv_freq_is_correctly_rounded(dim, base):
    got = default_inv_freq(dim, base)
    expected = [float(reference.theta(j, dim, base)) for j in range(dim // 2)]
    assert got.tolist() == expected


POSITIONS = np.array([0.0, 1.0, -7.0, 0.5, 4095.0, 131072.0, -1e6, 2.0**20 - 1])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dim,rotary_dim,base", [(8, None, 10000.0), (12, 8, 100.0), (64, 32, 500000.0),
                                                 (96, None, 10000.0)])
def test_apply_matches_mpmath(layout, dim, rotary_dim, base):
    rope = RoPE(dim, base=base, layout=layout, rotary_dim=rotary_dim)
    x = np.random.default_rng(dim).standard_normal((POSITIONS.size, dim))
    assert reference.worst_violation(rope.apply, x, POSITIONS, base, layout, rotary_dim) <= 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_cos_sin_and_angles_match_mpmath(layout):
    rope = RoPE(16, base=10000.0, layout=layout)
    positions = np.array([0.0, 3.0, -5.25, 65536.0])
    ang = rope.angles(positions)
    cos, sin = rope.cos_sin(positions)
    assert ang.shape == cos.shape == sin.shape == (4, 8)
    for i, m in enumerate(positions):
        for j in range(8):
            c, s = reference.cos_sin(m, j, 16, 10000.0)
            bound = U * (2 * abs(ang[i, j]) + 2)  # angle error 2u|m theta|, cos/sin 1 ulp
            assert abs(cos[i, j] - c) <= bound and abs(sin[i, j] - s) <= bound


class TestBroadcasting:
    rope = RoPE(8)

    def test_seq_positions_fit_batch_heads_seq_dim(self):
        x = np.random.default_rng(0).standard_normal((2, 3, 5, 8))
        y = self.rope.apply(x, np.arange(5))
        for b in range(2):
            for h in range(3):
                for s in range(5):
                    assert np.array_equal(y[b, h, s], self.rope.apply(x[b, h, s], s))

    def test_seq_column_positions_fit_batch_seq_heads_dim(self):
        x = np.random.default_rng(1).standard_normal((2, 5, 3, 8))
        y = self.rope.apply(x, np.arange(5)[:, None])
        assert np.array_equal(y, np.swapaxes(self.rope.apply(np.swapaxes(x, 1, 2), np.arange(5)), 1, 2))

    def test_per_batch_positions(self):
        x = np.random.default_rng(2).standard_normal((2, 4, 8))
        pos = np.array([[0, 1, 2, 3], [10, 11, 12, 13]])
        y = self.rope.apply(x, pos)
        assert np.array_equal(y[1], self.rope.apply(x[1], pos[1]))

    def test_apply_never_builds_a_full_size_table(self, monkeypatch):
        from rope_ref import rotation

        seen = []
        original = rotation._rotate_flagged

        def spy(x, rot, layout, rotary_dim=None):
            seen.append(np.shape(rot))
            return original(x, rot, layout, rotary_dim)

        monkeypatch.setattr(rotation, "_rotate_flagged", spy)
        self.rope.apply(np.ones((2, 3, 5, 8)), np.arange(5))
        self.rope.invert(np.ones((2, 5, 3, 8)), np.arange(5)[:, None])
        assert seen == [(5, 4), (5, 1, 4)]

    def test_tables_are_positions_by_pairs(self):
        cos, sin = self.rope.cos_sin(np.arange(6).reshape(2, 3))
        assert cos.shape == sin.shape == (2, 3, 4)
        assert self.rope.angles(7).shape == (4,)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_any_real_float_dtype_is_read_exactly(dtype):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 8)).astype(dtype)
    pos = np.array([0, 1, 2, 3], dtype=dtype)
    rope = RoPE(8)
    y = rope.apply(x, pos)
    assert y.dtype == np.float64
    assert np.array_equal(y, rope.apply(x.astype(np.float64), pos.astype(np.float64)))


def test_bfloat16_valued_float32_data_is_exact():
    # bfloat16 values are float32 values with the low 16 bits zero.
    bits = np.random.default_rng(4).standard_normal(8).astype(np.float32).view(np.uint32) & 0xFFFF0000
    x = bits.view(np.float32)
    y = RoPE(8).apply(x, 3)
    assert np.array_equal(y, RoPE(8).apply(x.astype(np.float64), 3))


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint16, np.int64, np.float16])
def test_positions_of_any_real_dtype(dtype):
    rope = RoPE(8)
    x = np.ones((3, 8))
    assert np.array_equal(rope.apply(x, np.array([0, 5, 9], dtype=dtype)), rope.apply(x, [0.0, 5.0, 9.0]))


def test_subnormal_input_keeps_absolute_accuracy():
    tiny = np.full(8, 3 * 2.0**-1074)
    rope = RoPE(8)
    y = rope.apply(tiny, 7)
    # Products of subnormals are exact to within the subnormal spacing 2**-1074 per operation.
    assert np.all(np.abs(np.sum(y**2) - np.sum(tiny**2)) <= 1e-300)
    assert np.all(np.abs(rope.invert(y, 7) - tiny) <= 4 * 2.0**-1074)


@dataclass(frozen=True)
class _Scaled(Scaling):
    """A test rule: default frequencies divided by 2, attention factor 1.5, seq_len recorded."""

    depends_on_seq_len = True

    def inv_freq(self, rotary_dim, base, seq_len=None):
        _SEEN.append(seq_len)
        return default_inv_freq(rotary_dim, base) / 2

    @property
    def attention_factor(self):
        return 1.5


_SEEN: list = []  # the seq_len values _Scaled.inv_freq was called with


class TestScalingHooks:
    def test_attention_factor_multiplies_the_output(self):
        x = np.random.default_rng(5).standard_normal((3, 8))
        scaled = RoPE(8, scaling=_Scaled())
        plain = RoPE(8)
        assert scaled.attention_factor == 1.5 and plain.attention_factor == 1.0
        y = scaled.apply(x, [0, 2, 4])
        assert np.allclose(y, 1.5 * plain.apply(x, [0, 1, 2]), rtol=0, atol=8 * U * 1.5 * np.max(np.abs(x)))
        assert np.allclose(scaled.invert(y, [0, 2, 4]), x, rtol=0, atol=8 * U * np.max(np.abs(x)))

    def test_cos_sin_scaled_only_on_request(self):
        rope = RoPE(8, scaling=_Scaled())
        cos, sin = rope.cos_sin([1.0])
        cos_a, sin_a = rope.cos_sin([1.0], scaled=True)
        assert np.array_equal(cos_a, 1.5 * cos) and np.array_equal(sin_a, 1.5 * sin)

    def test_seq_len_defaults_to_max_position_plus_one(self):
        _SEEN.clear()
        rope = RoPE(8, scaling=_Scaled())
        rope.apply(np.ones((3, 8)), [4, 9, 2])
        rope.angles([1.0], seq_len=100)
        assert _SEEN == [10.0, 100.0]

    def test_matrix_includes_the_attention_factor(self):
        rope = RoPE(4, scaling=_Scaled())
        assert np.allclose(rope.matrix(0.0), 1.5 * np.eye(4), rtol=0, atol=0)


def test_results_are_deterministic():
    x = np.random.default_rng(6).standard_normal((2, 4, 64, 32))
    pos = np.random.default_rng(7).uniform(-1e6, 1e6, size=64)
    for layout in LAYOUTS:
        rope = RoPE(32, layout=layout, rotary_dim=24)
        assert rope.apply(x, pos).tobytes() == rope.apply(x.copy(), pos.copy()).tobytes()


@pytest.mark.parametrize("layout", ["half", "interleaved"])
def test_apply_allocates_only_its_output_tables_and_a_cache_sized_scratch(layout):
    """Peak memory of apply: the output, the position tables (angles, cos, sin and the complex
    table: at most 6 float64 values per position and pair) and one scratch block of 2**16 complex
    pairs (rope_ref.rotation), plus 64 KiB of small objects; no temporary of x's size."""
    import tracemalloc

    from rope_ref import rotation

    x = np.random.default_rng(0).standard_normal((4, 16, 512, 64))  # 16 MiB: a bool temporary is 2 MiB
    positions = np.arange(512.0)
    rope = RoPE(64, layout=layout)
    rope.apply(x[:, :, :4], positions[:4])  # warm caches outside the measurement
    tracemalloc.start()
    try:
        out = rope.apply(x, positions)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    tables = 6 * 8 * positions.size * 32
    assert peak <= out.nbytes + tables + 16 * rotation._BLOCK_PAIRS + (1 << 16), (peak, out.nbytes)
