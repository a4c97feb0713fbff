"""Exact mode is correctly rounded on the hardest inputs known: every value checked against mpmath, bit for bit.

``precision="exact"`` is to return the float64 nearest the exact real value (ties to even) of
every table value cos(m theta_j), sin(m theta_j) and every rotated component
a (u cos A - v sin A), a (u sin A + v cos A), A = m theta_j, theta_j = base**(-2j/d). Random
inputs rarely test that: a value is hard to round only when its exact value lies very close to a
midpoint between two consecutive float64 numbers, or when the component cancels. The inputs in
tests/data/cr_hard_cases.json were found by search (tools/find_hard_cases.py) and are of three kinds:

- table cases (d, base, j, m): cos or sin within 2**-20 ulp of a midpoint (ulp: the spacing of
  the float64 grid at the value, halved below a power of two);
- output cases (d, base, j, m, u, v, a): a rotated component within 2**-20 ulp of a midpoint, for
  float64 or float32 features and attention factors a != 1 (LongRoPE with all factors 1, whose
  frequencies are theta_j, and attention_factor_override = a);
- cancelling cases: |u cos A - v sin A| ('re') or |u sin A + v cos A| ('im') < 2**-40 |(u, v)|.

The file holds inputs only. For every case, mpmath at 80 digits recomputes (a) that the case is
what the file claims (within 2**-20 ulp of a midpoint with the recorded distance, or cancelling
with the recorded ratio), so a stale or wrong file fails, and (b) the correctly rounded float64,
which rope-ref's exact mode (one call per group of cases) must equal bit for bit. 80 digits
decide the rounding with a wide margin: the closest case is about 2**-28 ulp from a midpoint, the
80-digit error below 2**-60 ulp (the test checks the margin too).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE
from rope_ref.scaling import LongRoPE

DATA = Path(__file__).parent / "data" / "cr_hard_cases.json"
DOC = json.loads(DATA.read_text())
DPS = 80
HARD = mp.mpf(2) ** -20  # distance to a midpoint, in ulps, below which a value is hard
CANCEL = mp.mpf(2) ** -40  # |component| / |(u, v)| below which a pair cancels
DECIDABLE = mp.mpf(2) ** -60  # a distance this small could not be trusted at 80 digits
TABLE, OUTPUT, CANCELLING = DOC["table_cases"], DOC["output_cases"], DOC["cancel_cases"]
ROTATED = [("output", i, c) for i, c in enumerate(OUTPUT)] + [("cancel", i, c) for i, c in enumerate(CANCELLING)]


# -- mpmath: the exact values and their correct rounding ----------------------------------------

@functools.cache
def _theta(d: int, base: float, j: int) -> mp.mpf:
    with mp.workdps(DPS):
        return mp.power(mp.mpf(base), mp.mpf(-2 * j) / d)


def _cos_sin(case: dict) -> tuple[mp.mpf, mp.mpf]:
    with mp.workdps(DPS):
        angle = mp.mpf(case["m"]) * _theta(case["d"], case["base"], case["j"])
        return mp.cos(angle), mp.sin(angle)


def _component(case: dict) -> tuple[mp.mpf, mp.mpf]:
    """(a (u cos A - v sin A) or a (u sin A + v cos A), the same without a)."""
    c, s = _cos_sin(case)
    with mp.workdps(DPS):
        u, v = mp.mpf(case["u"]), mp.mpf(case["v"])
        y = u * c - v * s if case["component"] == "re" else u * s + v * c
        return mp.mpf(case["a"]) * y, y


def _rounding(value: mp.mpf) -> tuple[float, mp.mpf]:
    """(the float64 nearest value, ties to even; |value - mid| / (hi - lo)), lo <= value < hi consecutive."""
    with mp.workdps(DPS):
        lo = float(value)
        while mp.mpf(lo) > value:
            lo = float(np.nextafter(lo, -np.inf))
        while mp.mpf(float(np.nextafter(lo, np.inf))) <= value:
            lo = float(np.nextafter(lo, np.inf))
        hi = float(np.nextafter(lo, np.inf))
        mid = (mp.mpf(lo) + mp.mpf(hi)) / 2
        distance = abs(value - mid) / (mp.mpf(hi) - mp.mpf(lo))
        if value == lo or value < mid:
            return lo, distance
        if value > mid:
            return hi, distance
        return (lo if int(np.float64(lo).view(np.int64)) % 2 == 0 else hi), distance


@functools.cache
def _table_truth(i: int) -> tuple[mp.mpf, float, mp.mpf]:
    case = TABLE[i]
    c, s = _cos_sin(case)
    value = c if case["value"] == "cos" else s
    return (value, *_rounding(value))


@functools.cache
def _rotated_truth(kind: str, i: int) -> tuple[mp.mpf, mp.mpf, float, mp.mpf]:
    """(a y, y, a y correctly rounded, its distance to a midpoint) for output or cancelling case i."""
    case = (OUTPUT if kind == "output" else CANCELLING)[i]
    scaled, y = _component(case)
    return (scaled, y, *_rounding(scaled))


def _same_distance(recorded: str, measured: mp.mpf) -> bool:
    with mp.workdps(DPS):
        return abs(mp.mpf(recorded) - measured) <= mp.mpf("1e-9") * measured


# -- rope-ref: one call per group ----------------------------------------------------------------

def _rope(d: int, base: float, a: float) -> RoPE:
    """Plain RoPE for a = 1, else LongRoPE with every factor 1 (frequencies theta_j) and attention factor a."""
    if a == 1.0:
        return RoPE(d, base=base, layout="half", precision="exact")
    h = d // 2
    rule = LongRoPE((1.0,) * h, (1.0,) * h, original_max_position_embeddings=4096, factor=1.0,
                    attention_factor_override=a)
    return RoPE(d, base=base, layout="half", scaling=rule, precision="exact")


SEQ_LEN = 8192.0  # for LongRoPE, which would otherwise take max(positions) + 1 (negative positions occur)


@pytest.fixture(scope="module")
def table_got() -> list[float]:
    """rope-ref's cos or sin for every table case: one cos_sin call per (d, base)."""
    got = [0.0] * len(TABLE)
    groups: dict[tuple, list[int]] = {}
    for i, case in enumerate(TABLE):
        groups.setdefault((case["d"], case["base"]), []).append(i)
    for (d, base), idx in groups.items():
        cos, sin = RoPE(d, base=base, precision="exact").cos_sin(np.array([TABLE[i]["m"] for i in idx]))
        for row, i in enumerate(idx):
            got[i] = float((cos if TABLE[i]["value"] == "cos" else sin)[row, TABLE[i]["j"]])
    return got


@pytest.fixture(scope="module")
def rotated_got() -> dict[tuple[str, int], float]:
    """rope-ref's component for every output and cancelling case: one apply call per (d, base, a, dtype)."""
    got: dict[tuple[str, int], float] = {}
    groups: dict[tuple, list[tuple[str, int, dict]]] = {}
    for kind, i, case in ROTATED:
        groups.setdefault((case["d"], case["base"], case["a"], case["dtype"]), []).append((kind, i, case))
    for (d, base, a, dtype), members in groups.items():
        rope, h = _rope(d, base, a), d // 2
        assert rope.attention_factor_at(SEQ_LEN) == a
        assert (rope.inv_freq_dd_for([0.0], SEQ_LEN)[0] == RoPE(d, base=base).inv_freq()).all()
        x = np.zeros((len(members), d), dtype=dtype)
        for row, (_, _, case) in enumerate(members):
            x[row, case["j"]], x[row, case["j"] + h] = case["u"], case["v"]
            assert (float(x[row, case["j"]]), float(x[row, case["j"] + h])) == (case["u"], case["v"])
        positions = np.array([case["m"] for _, _, case in members])
        out = rope.apply(x, positions, seq_len=None if a == 1.0 else SEQ_LEN)
        for row, (kind, i, case) in enumerate(members):
            got[kind, i] = float(out[row, case["j"] + (0 if case["component"] == "re" else h)])
    return got


def _mismatch(got: float, want: float, distance: mp.mpf, exact_value: mp.mpf) -> str:
    ulps = (got - want) / float(np.spacing(abs(want))) if np.isfinite(got) else float("nan")
    return (f"rope-ref {got!r} ({float(got).hex()}), correctly rounded {want!r} ({want.hex()}), {ulps:+g} ulp; "
            f"exact value {mp.nstr(exact_value, 30)}, {mp.nstr(distance, 6)} ulp from a midpoint")


# -- the data file -------------------------------------------------------------------------------

def test_data_file_covers_what_it_claims():
    """Enough cases of each kind, both functions, both signs, small values, float32 and a != 1, and the header."""
    for key in ("what", "how", "command", "date", "mpmath_version"):
        assert DOC.get(key), key
    assert "find_hard_cases.py" in DOC["command"]
    assert len(TABLE) >= 60 and len(OUTPUT) >= 40 and len(CANCELLING) >= 40
    values = [_table_truth(i)[0] for i in range(len(TABLE))]
    for which in ("cos", "sin"):
        signs = {mp.sign(v) for v, c in zip(values, TABLE, strict=True) if c["value"] == which}
        assert signs == {-1, 1}, which
    assert sum(abs(v) < 0.01 for v in values) >= 5  # small values near zero crossings
    assert any(c["m"] != int(c["m"]) for c in TABLE)  # fractional positions
    assert len({(c["d"], c["base"]) for c in TABLE}) >= 5
    for cases in (OUTPUT, CANCELLING):
        assert {c["dtype"] for c in cases} == {"float32", "float64"}
        assert {c["component"] for c in cases} == {"re", "im"}
        assert any(c["a"] != 1.0 for c in cases)


@pytest.mark.parametrize("i", range(len(TABLE)), ids=[f"d{c['d']}-j{c['j']}-{c['value']}" for c in TABLE])
def test_table_case_is_hard(i):
    _, _, distance = _table_truth(i)
    assert DECIDABLE < distance < HARD
    assert _same_distance(TABLE[i]["distance_ulp"], distance), (TABLE[i]["distance_ulp"], distance)


@pytest.mark.parametrize("i", range(len(OUTPUT)), ids=[f"d{c['d']}-j{c['j']}-{c['component']}" for c in OUTPUT])
def test_output_case_is_hard(i):
    _, _, _, distance = _rotated_truth("output", i)
    assert DECIDABLE < distance < HARD
    assert _same_distance(OUTPUT[i]["distance_ulp"], distance), (OUTPUT[i]["distance_ulp"], distance)


@pytest.mark.parametrize("i", range(len(CANCELLING)),
                         ids=[f"d{c['d']}-j{c['j']}-{c['component']}" for c in CANCELLING])
def test_cancelling_case_cancels(i):
    case = CANCELLING[i]
    _, y, _, distance = _rotated_truth("cancel", i)
    with mp.workdps(DPS):
        ratio = abs(y) / mp.sqrt(mp.mpf(case["u"]) ** 2 + mp.mpf(case["v"]) ** 2)
    assert ratio < CANCEL
    assert _same_distance(case["cancel_ratio"], ratio), (case["cancel_ratio"], ratio)
    assert distance > DECIDABLE
    if case["dtype"] == "float32":
        assert float(np.float32(case["u"])) == case["u"] and float(np.float32(case["v"])) == case["v"]


# -- rope-ref ------------------------------------------------------------------------------------

@pytest.mark.parametrize("i", range(len(TABLE)), ids=[f"d{c['d']}-j{c['j']}-{c['value']}" for c in TABLE])
def test_table_value_correctly_rounded(i, table_got):
    value, want, distance = _table_truth(i)
    assert table_got[i] == want, _mismatch(table_got[i], want, distance, value)


@pytest.mark.parametrize("kind, i", [(k, i) for k, i, _ in ROTATED],
                         ids=[f"{k}-d{c['d']}-j{c['j']}-{c['component']}" for k, _, c in ROTATED])
def test_rotated_component_correctly_rounded(kind, i, rotated_got):
    value, _, want, distance = _rotated_truth(kind, i)
    assert rotated_got[kind, i] == want, _mismatch(rotated_got[kind, i], want, distance, value)
