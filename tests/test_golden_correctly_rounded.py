"""golden/v2's expected arrays are the correctly rounded values mpmath gives, bit for bit.

The manifest says every expected float64 is the float64 nearest the exact real value of the
case's output for its stored inputs (ties to even), so that any correct oracle reproduces it.
This checks that claim from outside: for every case of the committed set, a seeded sample of
its expected values (up to 64 per array, always including the first and last) is recomputed
with mpmath at 80 digits from the definitions (tests/cr_reference.py: nothing computed by
rope-ref; rope-ref only builds the RoPE to read its parameters) and compared bit for bit.
golden/v1, made before correct rounding, fails this check (a meta-test shows it).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import cr_reference as cr
import mpmath as mp
import numpy as np
import pytest

from rope_ref import golden
from rope_ref.golden import catalogue

ROOT = Path(__file__).resolve().parents[1] / "golden"
DPS = 80
SAMPLE = 64


def _cases(version: str) -> list[str]:
    manifest = json.loads((ROOT / version / "manifest.json").read_text())
    return [c["id"] for c in manifest["cases"] if c["kind"] != "invalid"]


def _pairs(layout: str, r: int) -> list[tuple[int, int]]:
    h = r // 2
    return [(2 * j, 2 * j + 1) for j in range(h)] if layout == "interleaved" else [(j, j + h) for j in range(h)]


def _sample(shape: tuple[int, ...], key: str) -> list[tuple[int, ...]]:
    rng = np.random.default_rng(zlib.crc32(key.encode()))
    size = int(np.prod(shape))
    flat = sorted({0, size - 1, *rng.choice(size, size=min(size, SAMPLE), replace=False).tolist()})
    return [tuple(int(i) for i in np.unravel_index(f, shape)) for f in flat]


def _rope_frequencies(rope, positions: np.ndarray, seq_len) -> tuple[list, float]:
    """The exact frequencies and attention factor rope-ref's RoPE uses at these positions."""
    _, length = rope._resolve_length(positions, seq_len)
    if rope.scaling is None:
        freq = [cr.theta(j, rope.rotary_dim, rope.base) for j in range(rope.rotary_dim // 2)]
    else:
        freq = cr.rule_frequencies(rope.scaling, rope.rotary_dim, rope.base, length)
    return freq, rope.attention_factor_at(length)


def _rotated(x_row, m, freq, a, layout, r, feature, scale=None) -> mp.mpf:
    """Feature ``feature`` of a * k_j * rotation of x_row at angle m theta_j (k_j = scale(j) or 1)."""
    if feature >= r:
        return mp.mpf(float(x_row[feature]))
    for j, (re, im) in enumerate(_pairs(layout, r)):
        if feature in (re, im):
            angle = freq[j](m) if callable(freq[j]) else mp.mpf(float(m)) * freq[j]
            c, s = mp.cos(angle), mp.sin(angle)
            u, v = mp.mpf(float(x_row[re])), mp.mpf(float(x_row[im]))
            k = mp.mpf(1) if scale is None else scale(j)
            value = u * c - v * s if feature == re else u * s + v * c
            return mp.mpf(float(a)) * k * value
    raise AssertionError(feature)


def _expected(case: golden.GoldenCase, name: str, index: tuple[int, ...]) -> mp.mpf:
    p, kind, inputs = case.params, case.entry["kind"], case.inputs
    seq_len = float(inputs["seq_len"]) if "seq_len" in inputs else None
    if kind == "multiaxis":
        rope = catalogue.build_multiaxis(p)
        r, layout = rope.rotary_dim, rope.layout
        if p["multiaxis"] == "axial":
            matrix = cr.axial_matrix(r, p["axes"], p["rope_theta"])
        elif p["multiaxis"] == "pixtral":
            matrix = cr.pixtral_matrix(r, p["rope_theta"])
        else:
            matrix = cr.mrope_matrix(rope.dim, tuple(p["mrope_section"]), p["rope_theta"], p["interleaved"])
        lead = index[:-1]
        pos = np.broadcast_to(inputs["positions"], inputs["x"].shape[:-1] + inputs["positions"].shape[-1:])[lead]

        def angle_of(j):
            return lambda _m: sum(mp.mpf(float(pos[ax])) * matrix[ax][j] for ax in range(len(matrix)))

        return _rotated(inputs["x"][lead], None, [angle_of(j) for j in range(r // 2)], 1.0, layout, r, index[-1])
    rope = catalogue.build_rope(p)
    r, layout = rope.rotary_dim, rope.layout
    if kind == "cos_sin":
        freq, a = _rope_frequencies(rope, inputs["positions"], seq_len)
        a = a if "AttentionFactorInTables" in case.entry.get("flags", []) else 1.0
        angle = mp.mpf(float(inputs["positions"][index[:-1]])) * freq[index[-1]]
        return mp.mpf(float(a)) * (mp.cos(angle) if name == "cos" else mp.sin(angle))
    if kind == "scores":
        i, n = index
        fq, aq = _rope_frequencies(rope, inputs["positions_q"], seq_len)
        fk, ak = _rope_frequencies(rope, inputs["positions_k"], seq_len)
        q, k = inputs["q"][i], inputs["k"][n]
        m, mk = mp.mpf(float(inputs["positions_q"][i])), mp.mpf(float(inputs["positions_k"][n]))
        total = sum((mp.mpf(float(q[f])) * mp.mpf(float(k[f])) for f in range(r, q.size)), mp.mpf(0))
        for j, (re, im) in enumerate(_pairs(layout, r)):
            zq = mp.mpc(float(q[re]), float(q[im])) * mp.expj(m * fq[j])
            zk = mp.mpc(float(k[re]), float(k[im])) * mp.expj(mk * fk[j])
            total += mp.mpf(float(aq)) * mp.mpf(float(ak)) * (zq * mp.conj(zk)).real
        return total
    x = inputs["x"]
    lead = index[:-1]
    pos = np.broadcast_to(inputs["positions"], x.shape[:-1])
    freq, a = _rope_frequencies(rope, inputs["positions"], seq_len)
    if kind == "xpos":
        m = mp.mpf(float(pos[lead]))
        sign = 1 if p["role"] == "query" else -1
        t = sign * (m - mp.mpf(float(p["centre"]))) / mp.mpf(float(p["scale_base"]))
        a = rope.attention_factor

        def scale(j):
            return mp.exp(t * cr.xpos_log_zeta(j, r))

        return _rotated(x[lead], pos[lead], freq, a, layout, r, index[-1], scale)
    return _rotated(x[lead], pos[lead], freq, a, layout, r, index[-1])


def _mismatches(version: str, case_id: str, only_changed: bool = False, checked: list | None = None) -> list[str]:
    """Sampled expected values of a case that differ from mpmath's correctly rounded ones; with
    ``only_changed``, the values where golden/v1 and golden/v2 differ instead of a sample."""
    case = golden.load(case_id, ROOT / version)
    bad = []
    with mp.workdps(DPS):
        for name, array in case.outputs.items():
            if only_changed:
                other = golden.load(case_id, ROOT / "v2").outputs[name]
                indices = [tuple(int(i) for i in t) for t in zip(*np.nonzero(array != other), strict=True)]
            else:
                indices = _sample(array.shape, f"{case_id}/{name}")
            if checked is not None:
                checked.extend(indices)
            for index in indices:
                want = cr.to_float64(_expected(case, name, index))
                got = float(array[index])
                if got != want:
                    bad.append(f"{case_id}/{name}{list(index)}: {got!r} != {want!r}")
    return bad


@pytest.mark.parametrize("case_id", _cases("v2"))
def test_v2_expected_values_are_mpmaths_correctly_rounded_values(case_id):
    assert golden.load(case_id, ROOT / "v2").correctly_rounded
    assert _mismatches("v2", case_id) == []


@pytest.mark.parametrize("case_id", ["half_d128_decode_offset", "cos_sin_d128_base5e5_long", "scores_half_d64",
                                     "mrope_qwen3vl_d128", "xpos_centre_half_d64", "yarn_f4_d64_long"])
def test_v1_values_that_v2_changed_were_wrong_so_this_check_can_fail(case_id):
    """Where v1 and v2 differ, mpmath sides with v2: v1's value is not the correctly rounded one."""
    checked: list = []
    bad = _mismatches("v1", case_id, only_changed=True, checked=checked)
    assert checked and len(bad) == len(checked), bad
