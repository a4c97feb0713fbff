"""Exact mode is correctly rounded: every value it returns is the float64 nearest its definition.

``precision="exact"`` promises one correct rounding (to nearest, ties to even) of the exact real
value of each table entry and each output component, the float inputs taken as exact real numbers:

- ``RoPE.angles``: m theta_j; ``RoPE.cos_sin``: cos(m theta_j), sin(m theta_j), and a cos, a sin
  with ``scaled=True`` (a = ``attention_factor_at(seq_len)``, a float64 taken as exact);
- ``RoPE.apply``: a (u cos A - v sin A), a (u sin A + v cos A) for each pair (u, v) of the layout,
  A = m theta_j; ``RoPE.invert``: the rotation by -A divided by a; features past rotary_dim copied;
- ``MultiAxisRoPE`` (axial, Pixtral, M-RoPE sectioned and interleaved): the same with
  A = sum_a pos_a F[a, j] and a = 1, F the constructor's formula;
- ``XPos``: ``scale`` zeta_j**t and ``apply`` a zeta_j**t times the rotation, zeta_j = (10j + 2d) / (7d),
  t = +-(m - c) / gamma exact (not rounded to float64), and ``invert`` of the query rotation.

theta_j is plain RoPE's base**(-2j/r) or a scaling rule's docstring formula. The expected values
come from tests/cr_reference.py (mpmath at 80 digits, nothing computed by rope_ref) and are rounded
to float64 exactly once; rope-ref's are compared with them bit for bit, by value (-0.0 and 0.0 are
equal as numbers: an exact zero has no sign to get right). Any difference, even one ulp, fails,
and the message lists the first mismatches with their inputs and ulp distance.

Each group (parametrized) builds one RoPE, samples positions (|m| up to 2**31: zero, integers,
negatives, fractional values with full 53-bit significands, values at and next to +-2**31) and
features (float32 values, full 53-bit float64 values, and pairs nearly parallel to (sin A, cos A) or
(cos A, -sin A) and their mirrors, so that u cos A - v sin A or u sin A + v cos A cancels to a few
ulps of |z|), calls rope-ref once per method on whole arrays, and checks S sampled pairs j at each of
P positions: every method's values at those (m, j), with K feature vectors per position. One
mp.cos_sin per (m, j) serves all of them. Seeds come from the group names: the run is deterministic.
The sample counts are fixed by the group table; ``test_sample_total`` asserts they reach 200,000.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import cr_reference as cr
import mpmath as mp
import numpy as np
import pytest

from rope_ref import MultiAxisRoPE, RoPE, XPos
from rope_ref.scaling import (
    DeepSeekYaRN,
    DynamicNTK,
    DynamicNTKFixed,
    Linear,
    Llama3,
    LongRoPE,
    LongRoPEMscale,
    NTKAware,
    Proportional,
    YaRN,
)

MIN_TOTAL = 200_000
TOP = 2.0**31  # the largest |m| sampled
SHOWN = 8  # mismatches listed in a failure message


@dataclass(frozen=True)
class Group:
    """One parametrized case: a subject to build, P positions, S pairs j per position, K feature vectors."""

    name: str
    kind: str  # "rope", "multi" or "xpos"
    make: Callable[[], object] = field(repr=False)
    positions: int
    pairs: int
    vectors: int = 4
    seq_len: float | None = None
    scaled: bool = False  # RoPE: also cos_sin(scaled=True), whose a must then differ from 1
    top: float = TOP  # the largest |m| (xPos is limited by its scale's range)
    float32_input: bool = False  # pass x as a float32 array (else float64 holding float32 and 53-bit values)
    matrix: Callable[[], list[list[mp.mpf]]] | None = field(default=None, repr=False)  # multi-axis: the exact F

    def per_pair(self) -> int:
        """Values compared at one sampled (m, j)."""
        k2 = 2 * self.vectors
        if self.kind == "xpos":
            return 2 + 3 * k2  # scale (query, key); apply query, apply key, invert query
        return 1 + 2 + (2 if self.scaled else 0) + 2 * k2  # angle, cos, sin, (a cos, a sin), apply, invert

    def sampled_pairs(self, half: int) -> int:
        return min(self.pairs, half)


def _rope(dim: int, base: float, layout: str = "half", rotary_dim: int | None = None,
          scaling: object = None) -> Callable[[], RoPE]:
    return lambda: RoPE(dim, base=base, layout=layout, rotary_dim=rotary_dim, scaling=scaling,  # type: ignore[arg-type]
                        precision="exact")


_G = Group
GROUPS: list[Group] = [
    # plain RoPE across dims 2 .. 1024 and bases 10 .. 1e7, both layouts, partial rotary_dim, float32 input
    _G("plain_d2_base10", "rope", _rope(2, 10.0), 400, 1, vectors=8),
    _G("plain_d8_base100_interleaved", "rope", _rope(8, 100.0, "interleaved"), 300, 4),
    _G("plain_d64_base1e4_float32", "rope", _rope(64, 10000.0), 250, 6, float32_input=True),
    _G("plain_d96_base10", "rope", _rope(96, 10.0, "interleaved"), 200, 6),
    _G("plain_d128_base5e5_partial96", "rope", _rope(128, 500000.0, "interleaved", rotary_dim=96), 250, 6),
    _G("plain_d256_base31415.93", "rope", _rope(256, 31415.926535897932), 200, 6),
    _G("plain_d512_base1e6", "rope", _rope(512, 1e6, rotary_dim=384), 150, 6),
    _G("plain_d1024_base1e7", "rope", _rope(1024, 1e7, "interleaved"), 150, 6),
    # every scaling rule (cos_sin also scaled where a != 1)
    _G("linear", "rope", _rope(128, 10000.0, scaling=Linear(4.0)), 200, 6),
    _G("ntk_aware", "rope", _rope(96, 10000.0, "interleaved", scaling=NTKAware(8.25)), 200, 6),
    _G("dynamic_ntk", "rope", _rope(128, 10000.0, scaling=DynamicNTK(2.5, 4096)), 200, 6, seq_len=20000.0),
    _G("dynamic_fixed", "rope", _rope(64, 1e6, scaling=DynamicNTKFixed(3.7)), 200, 6),
    _G("yarn_truncate", "rope", _rope(128, 10000.0, scaling=YaRN(16.0, 4096)), 200, 6, scaled=True),
    _G("yarn_no_truncate", "rope",
       _rope(128, 1e6, "interleaved", scaling=YaRN(7.3, 8192, beta_fast=24.5, beta_slow=1.75, truncate=False)),
       200, 6, scaled=True),
    _G("deepseek_yarn", "rope",
       _rope(64, 10000.0, scaling=DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0.3, attn_factor=1.5)),
       200, 6, scaled=True),
    _G("llama3", "rope", _rope(128, 500000.0, scaling=Llama3(8.0, 1.0, 4.0, 8192)), 200, 6),
    _G("llama3_collapsed_band", "rope", _rope(128, 500000.0, "interleaved", scaling=Llama3(16.0, 1.0, 1.0, 8192)),
       150, 6),
    _G("longrope_short", "rope",
       _rope(32, 10000.0, scaling=LongRoPE(tuple(1.0 + 0.37 * j for j in range(16)),
                                           tuple(3.0 + 1.13 * j for j in range(16)), 4096, factor=32.0)),
       200, 6, seq_len=4096.0, scaled=True),
    _G("longrope_long", "rope",
       _rope(32, 10000.0, "interleaved",
             scaling=LongRoPE(tuple(1.0 + 0.37 * j for j in range(16)), tuple(3.0 + 1.13 * j for j in range(16)),
                              4096, max_position_embeddings=131072)),
       200, 6, seq_len=4097.0, scaled=True),
    _G("longrope_mscale", "rope",
       _rope(32, 10000.0, scaling=LongRoPEMscale(tuple(1.0 + 0.21 * j for j in range(16)),
                                                 tuple(2.0 + 0.5 * j for j in range(16)), 4096,
                                                 short_mscale=1.1, long_mscale=1.2432)),
       150, 6, seq_len=8192.0, scaled=True),
    _G("proportional", "rope", _rope(64, 1e6, scaling=Proportional(0.6, 2.5)), 150, 6),
    # multi-axis RoPE
    # multi-axis RoPE, each with its exact F restated from the constructor's parameters
    _G("axial_2d", "multi", lambda: MultiAxisRoPE.axial(64, axes=2, base=100.0, precision="exact"), 250, 6,
       matrix=lambda: cr.axial_matrix(64, 2, 100.0)),
    _G("axial_3d_partial", "multi",
       lambda: MultiAxisRoPE.axial(80, axes=3, base=1000.0, layout="interleaved", rotary_dim=72,
                                   precision="exact"), 250, 6, matrix=lambda: cr.axial_matrix(72, 3, 1000.0)),
    _G("pixtral", "multi", lambda: MultiAxisRoPE.pixtral(64, base=10000.0, precision="exact"), 250, 6,
       matrix=lambda: cr.pixtral_matrix(64, 10000.0)),
    _G("mrope_sectioned", "multi",
       lambda: MultiAxisRoPE.mrope(128, (16, 24, 24), base=1e6, precision="exact"), 250, 6,
       matrix=lambda: cr.mrope_matrix(128, (16, 24, 24), 1e6, interleaved=False)),
    _G("mrope_interleaved", "multi",
       lambda: MultiAxisRoPE.mrope(128, (24, 20, 20), base=5e6, interleaved=True, layout="interleaved",
                                   precision="exact"), 250, 6,
       matrix=lambda: cr.mrope_matrix(128, (24, 20, 20), 5e6, interleaved=True)),
    # xPos: gamma 512 (t a float64 whenever m - c is), and an odd gamma reaching |m| = 2**31 over a YaRN rope;
    # small heads with every pair checked (exact xPos rotations are the slowest calls)
    _G("xpos_gamma512", "xpos", lambda: XPos(RoPE(16, precision="exact"), scale_base=512.0), 300, 8,
       top=270000.0),
    _G("xpos_far_yarn", "xpos",
       lambda: XPos(RoPE(20, base=500000.0, layout="interleaved", rotary_dim=16, precision="exact",
                         scaling=YaRN(4.0, 4096)), scale_base=4999999.7, centre=-12345.25), 300, 8),
]


def _seed(name: str) -> int:
    return zlib.crc32(name.encode())


# -- sampling ------------------------------------------------------------------------------------


def _positions(rng: np.random.Generator, n: int, top: float) -> np.ndarray:
    """n float64 positions with |m| <= top: a mix of the kinds that stress the angle."""
    kind = rng.integers(0, 8, n)
    mag = np.exp2(rng.uniform(0.0, np.log2(top), n))  # log-uniform magnitudes
    sign = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    pos = np.empty(n)
    pos[kind == 0] = 0.0
    pos[kind == 1] = rng.integers(0, 4096, int(np.sum(kind == 1)))  # a typical context
    pos[kind == 2] = np.floor(mag[kind == 2])  # integers up to top
    pos[kind == 3] = mag[kind == 3]  # fractional, full 53-bit significands
    pos[kind == 4] = np.floor(mag[kind == 4]) + rng.integers(0, 16, int(np.sum(kind == 4))) / 16  # dyadic fractions
    near = np.floor(top) - rng.integers(0, 1024, int(np.sum(kind == 5)))  # just below the top
    pos[kind == 5] = near - rng.choice([0.0, 0.5, 0.25], near.size)
    pos[kind == 6] = top * rng.uniform(0.5, 1.0, int(np.sum(kind == 6)))  # huge, fractional
    pos[kind == 7] = np.floor(top)  # the top itself
    pos = np.minimum(pos, top) * sign
    pos[:3] = [0.0, np.floor(top), -np.floor(top)]  # always: m = 0 and +-top
    return pos


def _features(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """float64 values, half of them float32 numbers, the rest with full 53-bit significands; 2% zeros."""
    v = rng.standard_normal(shape) * np.exp2(rng.integers(-20, 21, shape))
    single = rng.random(shape) < 0.5
    v[single] = v[single].astype(np.float32).astype(np.float64)
    v[rng.random(shape) < 0.02] = 0.0
    return v


# -- comparison -------------------------------------------------------------------------------------


def _ordered(x: float) -> int:
    """The float64's position on the number line in ulps (adjacent floats differ by 1; -0.0 == 0.0)."""
    i = int(np.float64(x).view(np.int64))
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


class Ledger:
    """Compared values: rope-ref's, the reference's, and what each one was, for the failure message."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.got: list[float] = []
        self.want: list[float] = []
        self.what: list[tuple] = []
        self.cancelling: list[bool] = []  # whether the value came from a pair built to cancel

    def add(self, got: float, want: mp.mpf, what: tuple, cancelling: bool = False) -> None:
        self.got.append(float(got))
        self.want.append(cr.to_float64(want))
        self.what.append(what)
        self.cancelling.append(cancelling)

    def verdict(self) -> tuple[int, list[str], str]:
        """(mismatches, the first SHOWN described, a summary per method: mismatches / values, and among them
        those of pairs built to cancel)."""
        got, want = np.array(self.got), np.array(self.want)
        bad = got != want  # by value: -0.0 == 0.0
        per: dict[str, list[int]] = {}
        for what, wrong, hard in zip(self.what, bad.tolist(), self.cancelling, strict=True):
            tally = per.setdefault(what[0], [0, 0, 0, 0])
            tally[0] += wrong
            tally[1] += 1
            tally[2] += wrong and hard
            tally[3] += hard
        summary = ", ".join(f"{k} {b}/{n}" + (f" (cancelling {hb}/{hn})" if hn else "")
                            for k, (b, n, hb, hn) in per.items())
        lines = []
        for i in np.flatnonzero(bad)[:SHOWN]:
            method, *inputs = self.what[i]
            ulps = abs(_ordered(got[i]) - _ordered(want[i]))
            lines.append(f"  {method} {', '.join(inputs)}{' (cancelling pair)' if self.cancelling[i] else ''}: "
                         f"got {got[i]!r}, exact {want[i]!r} ({ulps} ulp)")
        return int(np.sum(bad)), lines, summary


def _report(group: Group, ledger: Ledger) -> None:
    count = len(ledger.got)
    assert count == _planned(group), (group.name, count, _planned(group))
    bad, lines, summary = ledger.verdict()
    assert bad == 0, (f"{group.name}: {bad} of {count} values are not the correctly rounded exact value "
                      f"({summary}); the first {len(lines)}:\n" + "\n".join(lines))


# -- the three kinds of subject ------------------------------------------------------------------------


def _pair_index(layout: str, half: int, j: int) -> tuple[int, int]:
    return (2 * j, 2 * j + 1) if layout == "interleaved" else (j, j + half)


def _cancelling(rng: np.random.Generator, c: mp.mpf, s: mp.mpf, single: bool) -> tuple[float, float]:
    """(u, v) nearly parallel to one of (s, c), (c, -s), (s, -c), (c, s), off by 2**-3 .. 2**-60 (so down to
    the float's own rounding): one of the two rotated (or inverse-rotated) components cancels to between
    1/8 of |z| and a few ulps of |z|."""
    cf, sf = cr.to_float64(c), cr.to_float64(s)
    u, v = [(sf, cf), (cf, -sf), (sf, -cf), (cf, sf)][int(rng.integers(4))]
    du, dv = rng.standard_normal(2) * 2.0 ** -rng.uniform(3.0, 60.0)
    r = float(rng.uniform(0.5, 2.0) * 2.0 ** int(rng.integers(-20, 21)))
    u, v = (u + du) * r, (v + dv) * r
    if single:
        u, v = float(np.float32(u)), float(np.float32(v))
    return u, v


def _sample_pairs(rng: np.random.Generator, group: Group, half: int) -> np.ndarray:
    """(P, S) distinct pair indices j per position."""
    s = group.sampled_pairs(half)
    return np.array([np.sort(rng.choice(half, size=s, replace=False)) for _ in range(group.positions)])


def _rotation_inputs(rng: np.random.Generator, group: Group, dim: int, half: int, layout: str, js: np.ndarray,
                     cs: dict[tuple[int, int], tuple[mp.mpf, mp.mpf]]) -> tuple[np.ndarray, set[tuple[int, int, int]]]:
    """x of shape (P, K, dim), and the (p, j, k) of its cancelling pairs (a quarter of those sampled)."""
    p_count, k_count = group.positions, group.vectors
    x = _features(rng, (p_count, k_count, dim))
    hard = set()
    if group.float32_input:
        x = x.astype(np.float32).astype(np.float64)
    for p in range(p_count):
        for j in js[p]:
            iu, iv = _pair_index(layout, half, int(j))
            for k in range(k_count):
                if rng.random() < 0.25:
                    x[p, k, iu], x[p, k, iv] = _cancelling(rng, *cs[p, int(j)], group.float32_input)
                    hard.add((p, int(j), k))
    return x, hard


def _check_rotations(ledger: Ledger, group: Group, x: np.ndarray, hard: set, out: np.ndarray, back: np.ndarray,
                     pos_text: Callable[[int], str], layout: str, half: int, js: np.ndarray,
                     cs: dict[tuple[int, int], tuple[mp.mpf, mp.mpf]], a: float) -> None:
    """apply: a (u c - v s), a (u s + v c); invert: (u c + v s) / a, (v c - u s) / a; inside mp.workdps."""
    am = mp.mpf(a)
    for p in range(group.positions):
        for j in (int(j) for j in js[p]):
            c, s = cs[p, j]
            iu, iv = _pair_index(layout, half, j)
            for k in range(group.vectors):
                u, v = mp.mpf(float(x[p, k, iu])), mp.mpf(float(x[p, k, iv]))
                uc, us, vc, vs = u * c, u * s, v * c, v * s
                where = (pos_text(p), f"j={j}", f"u={float(u)!r}", f"v={float(v)!r}", f"a={a!r}")
                h = (p, j, k) in hard
                ledger.add(out[p, k, iu], am * (uc - vs), ("apply[u]", *where), h)
                ledger.add(out[p, k, iv], am * (us + vc), ("apply[v]", *where), h)
                ledger.add(back[p, k, iu], (uc + vs) / am, ("invert[u]", *where), h)
                ledger.add(back[p, k, iv], (vc - us) / am, ("invert[v]", *where), h)


def _check_passthrough(group: Group, x: np.ndarray, rotary_dim: int, **outputs: np.ndarray) -> None:
    """Each named output keeps x's features past rotary_dim unchanged."""
    for what, out in outputs.items():
        assert np.array_equal(out[..., rotary_dim:], x[..., rotary_dim:]), f"{group.name}: {what} changed features >= r"


def _run_rope(group: Group) -> Ledger:
    rng = np.random.default_rng(_seed(group.name))
    rope = group.make()
    assert isinstance(rope, RoPE) and rope.precision == "exact"
    r, half, seq_len = rope.rotary_dim, rope.rotary_dim // 2, group.seq_len
    a = rope.attention_factor_at(seq_len)
    assert (a != 1.0) == group.scaled, (group.name, a)
    pos = _positions(rng, group.positions, group.top)
    js = _sample_pairs(rng, group, half)
    ledger = Ledger(group.name)
    with mp.workdps(cr.DPS):
        freq = cr.rule_frequencies(rope.scaling, r, rope.base, seq_len)
        angle = {(p, int(j)): mp.mpf(float(pos[p])) * freq[int(j)] for p in range(group.positions) for j in js[p]}
        cs = {key: mp.cos_sin(value) for key, value in angle.items()}
        x, hard = _rotation_inputs(rng, group, rope.dim, half, rope.layout, js, cs)
        given = x.astype(np.float32) if group.float32_input else x
        angles = rope.angles(pos, seq_len)
        cos, sin = rope.cos_sin(pos, seq_len)
        cos_a, sin_a = rope.cos_sin(pos, seq_len, scaled=True) if group.scaled else (None, None)
        out = rope.apply(given, pos[:, None], seq_len)
        back = rope.invert(given, pos[:, None], seq_len)
        assert out.shape == back.shape == x.shape and angles.shape == cos.shape == (group.positions, half)

        def pos_text(p: int) -> str:
            return f"m={float(pos[p])!r}"

        am = mp.mpf(a)
        for (p, j), value in angle.items():
            c, s = cs[p, j]
            where = (pos_text(p), f"j={j}")
            ledger.add(angles[p, j], value, ("angles", *where))
            ledger.add(cos[p, j], c, ("cos", *where))
            ledger.add(sin[p, j], s, ("sin", *where))
            if group.scaled:
                ledger.add(cos_a[p, j], am * c, ("a*cos", *where, f"a={a!r}"))
                ledger.add(sin_a[p, j], am * s, ("a*sin", *where, f"a={a!r}"))
        _check_rotations(ledger, group, x, hard, out, back, pos_text, rope.layout, half, js, cs, a)
    _check_passthrough(group, x, r, apply=out, invert=back)
    return ledger


def _run_multi(group: Group) -> Ledger:
    rng = np.random.default_rng(_seed(group.name))
    rope = group.make()
    assert isinstance(rope, MultiAxisRoPE) and rope.precision == "exact"
    r, half, axes = rope.rotary_dim, rope.rotary_dim // 2, rope.axes
    pos = np.stack([_positions(rng, group.positions, group.top) for _ in range(axes)], axis=-1)
    js = _sample_pairs(rng, group, half)
    ledger = Ledger(group.name)
    with mp.workdps(cr.DPS):
        assert group.matrix is not None
        f = group.matrix()
        assert len(f) == axes and all(len(row) == half for row in f)
        angle = {(p, int(j)): mp.fsum(mp.mpf(float(pos[p, ax])) * f[ax][int(j)] for ax in range(axes))
                 for p in range(group.positions) for j in js[p]}
        cs = {key: mp.cos_sin(value) for key, value in angle.items()}
        x, hard = _rotation_inputs(rng, group, rope.dim, half, rope.layout, js, cs)
        angles = rope.angles(pos)
        cos, sin = rope.cos_sin(pos)
        out = rope.apply(x, pos[:, None, :])
        back = rope.invert(x, pos[:, None, :])

        def pos_text(p: int) -> str:
            return "pos=(" + ", ".join(repr(float(v)) for v in pos[p]) + ")"

        for (p, j), value in angle.items():
            c, s = cs[p, j]
            where = (pos_text(p), f"j={j}")
            ledger.add(angles[p, j], value, ("angles", *where))
            ledger.add(cos[p, j], c, ("cos", *where))
            ledger.add(sin[p, j], s, ("sin", *where))
        _check_rotations(ledger, group, x, hard, out, back, pos_text, rope.layout, half, js, cs, 1.0)
    _check_passthrough(group, x, r, apply=out, invert=back)
    return ledger


def _run_xpos(group: Group) -> Ledger:
    rng = np.random.default_rng(_seed(group.name))
    xpos = group.make()
    assert isinstance(xpos, XPos) and xpos.rope.precision == "exact"
    rope = xpos.rope
    r, half, layout = rope.rotary_dim, rope.rotary_dim // 2, rope.layout
    a, gamma, centre = rope.attention_factor, xpos.scale_base, xpos.centre
    pos = _positions(rng, group.positions, group.top)
    js = _sample_pairs(rng, group, half)
    ledger = Ledger(group.name)
    with mp.workdps(cr.DPS):
        freq = cr.rule_frequencies(rope.scaling, r, rope.base, None)
        log_zeta = {j: cr.xpos_log_zeta(j, r) for j in range(half)}
        keys = [(p, int(j)) for p in range(group.positions) for j in js[p]]
        cs = {(p, j): mp.cos_sin(mp.mpf(float(pos[p])) * freq[j]) for p, j in keys}
        t = {p: (mp.mpf(float(pos[p])) - mp.mpf(centre)) / mp.mpf(gamma) for p in range(group.positions)}  # exact t
        scale = {(p, j): mp.exp(t[p] * log_zeta[j]) for p, j in keys}  # the query's zeta_j**t
        x, hard = _rotation_inputs(rng, group, rope.dim, half, layout, js, cs)
        scale_q, scale_k = xpos.scale(pos, role="query"), xpos.scale(pos, role="key")
        out_q = xpos.apply(x, pos[:, None], role="query")
        out_k = xpos.apply(x, pos[:, None], role="key")
        back_q = xpos.invert(x, pos[:, None], role="query")
        am = mp.mpf(a)
        for p, j in keys:
            c, s = cs[p, j]
            kq = scale[p, j]
            kk = 1 / kq
            where = (f"m={float(pos[p])!r}", f"j={j}", f"c={centre!r}", f"gamma={gamma!r}")
            ledger.add(scale_q[p, j], kq, ("scale[query]", *where))
            ledger.add(scale_k[p, j], kk, ("scale[key]", *where))
            iu, iv = _pair_index(layout, half, j)
            for k in range(group.vectors):
                u, v = mp.mpf(float(x[p, k, iu])), mp.mpf(float(x[p, k, iv]))
                uc, us, vc, vs = u * c, u * s, v * c, v * s
                more = (*where, f"u={float(u)!r}", f"v={float(v)!r}", f"a={a!r}")
                h = (p, j, k) in hard
                ledger.add(out_q[p, k, iu], am * kq * (uc - vs), ("apply_query[u]", *more), h)
                ledger.add(out_q[p, k, iv], am * kq * (us + vc), ("apply_query[v]", *more), h)
                ledger.add(out_k[p, k, iu], am * kk * (uc - vs), ("apply_key[u]", *more), h)
                ledger.add(out_k[p, k, iv], am * kk * (us + vc), ("apply_key[v]", *more), h)
                ledger.add(back_q[p, k, iu], (uc + vs) / (am * kq), ("invert_query[u]", *more), h)
                ledger.add(back_q[p, k, iv], (vc - us) / (am * kq), ("invert_query[v]", *more), h)
    _check_passthrough(group, x, r, apply_query=out_q, apply_key=out_k, invert_query=back_q)
    return ledger


RUNNERS: dict[str, Callable[[Group], Ledger]] = {"rope": _run_rope, "multi": _run_multi, "xpos": _run_xpos}


@pytest.mark.parametrize("group", GROUPS, ids=[g.name for g in GROUPS])
def test_exact_mode_is_correctly_rounded(group: Group) -> None:
    _report(group, RUNNERS[group.kind](group))


def _planned(group: Group) -> int:
    """Values the group compares: P positions x S pairs (at most r/2) x the methods' values per pair."""
    subject = group.make()
    rope = subject.rope if isinstance(subject, XPos) else subject
    return group.positions * group.sampled_pairs(rope.rotary_dim // 2) * group.per_pair()  # type: ignore[union-attr]


def test_sample_total() -> None:
    """The groups compare at least MIN_TOTAL values in all (each group checks that it compares its planned count)."""
    total = sum(_planned(g) for g in GROUPS)
    assert total >= MIN_TOTAL, total


def test_rounding_to_float64_is_correct() -> None:
    """cr_reference.to_float64 agrees with CPython's correctly rounded Fraction -> float, ties and subnormals
    included, and with mpmath's float() in the normal range."""
    rng = np.random.default_rng(7)
    with mp.workdps(cr.DPS):
        values = [mp.mpf(float(rng.standard_normal())) * mp.mpf(2) ** int(rng.integers(-1100, 1000)) / 3
                  for _ in range(2000)]
        # exact ties: midpoints between neighbouring float64 numbers, normal and subnormal
        for f in (1.0, 1.5, -3.0, 2.0**-1060, 5e-324, 2.0**-1022):
            g = float(np.nextafter(f, np.inf))
            values.append((mp.mpf(f) + mp.mpf(g)) / 2)
        for value in values:
            want = float(cr.exact_fraction(value))
            assert cr.to_float64(value) == want, value
            if abs(want) >= 2.0**-1022:
                assert float(value) == want, value
