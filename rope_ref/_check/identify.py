"""Measure what an implementation does, before explaining it.

RoPE is linear in x, so calling fn on the unit vectors e_k at a position m reads off the matrix
it applies there: row k of the probe is fn(e_k at m). From those matrices at positions 0, 1, 2,
3 and then every power of 4 up to the model's range, and from a few more calls, the
measurement gets:

- which features pair (feature k's partner is the feature its image leaks into), or that a
  feature pairs with none;
- for every pair, its angle at each probed position relative to the declared angle, unwrapped
  along the positions: a phase (the angle at position 0) and a frequency (the slope), so the
  effective frequency theta'_j; its gain against the declared one (attention factor, xPos
  scale); how far its 2x2 block is from a rotation; whether the angle stops following the
  position somewhere (a clamp, a cache too short);
- which features pass through untouched, and what happens to those that do not;
- whether fn is linear in x, and whether its output depends on the row's index, on the batch
  row, or on the sequence length (compared with what the declaration says).

The measured differences from the declaration are grouped over runs of pairs and put in words
("pairs 29-34: frequency x0.87 of the declared"); :mod:`rope_ref._check.diagnose` names causes
from them.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> from rope_ref._check.call import Caller
    >>> wrong = RoPE(16, base=500.0)
    >>> caller = Caller(lambda x, p: wrong.apply(x, p), np.float64)
    >>> m = measure(caller, RoPE(16), "float64", max_position=4096.0)
    >>> m.lines                                   # base 500 for 10^4: theta'_j / theta_j = 20^(j/8)
    ['pairing: as declared', 'pair 0: as declared', 'pairs 1-7: frequency x1.45-13.8 of the declared']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rope_ref._backend import default_seq_len
from rope_ref._check.call import Caller, CallFailed
from rope_ref._check.cases import Model, axes_of, dim_of, rope_of
from rope_ref._policy import allowed_error, angle_rate
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rotation import pair_indices
from rope_ref.xpos import XPos

#: The largest position probed (the random cases go to 2^20 too).
MAX_PROBE = 2**20
#: A measured difference counts when it exceeds this many times the policy's error bound.
SIGNIFICANT = 4.0


def probe_positions(limit: float | None) -> list[int]:
    """0, 1, 2, 3, then every power of 4 from 4 up to min(limit - 1, 2^20).

    Example:
        >>> probe_positions(100.0)
        [0, 1, 2, 3, 4, 16, 64]
    """
    top = MAX_PROBE if limit is None else min(MAX_PROBE, math.ceil(limit) - 1)
    out = [m for m in (0, 1, 2, 3) if m <= top]
    m = 4
    while m <= top:
        out.append(m)
        m *= 4
    return out


def apply_model(model: Model, x: np.ndarray, positions: np.ndarray, seq_len: float | None,
                role: str = "query") -> np.ndarray:
    """The model's output (float64 mode) for rows x at positions."""
    if isinstance(model, XPos):
        return model.apply(x, positions, role, seq_len)
    if isinstance(model, MultiAxisRoPE):
        return model.apply(x, positions)
    return model.apply(x, positions, seq_len)


def declared_pairs(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """(re, im) feature indices of the declared pairs."""
    if isinstance(model, XPos):
        return pair_indices(model.rope.rotary_dim, model.rope.layout)
    return pair_indices(model.rotary_dim, model.layout)


@dataclass
class PairReading:
    """One pair (of one position axis) as measured, against the declaration."""

    index: int  # the declared pair j (or, when the pairing differs, the measured pair's order)
    features: tuple[int, int]
    axis: int | None
    frequency: float  # measured theta'_j, rad per position (NaN when unresolved)
    declared_frequency: float
    phase: float  # measured minus declared angle at position 0, rad
    gain: tuple[float, float]  # min and max of measured / declared gain over the probed positions
    residual: float  # largest departure of the 2x2 block from a gain times a rotation, relative to the gain
    breaks_at: float | None  # first probed position where the angle stops following a constant frequency
    frequency_off: bool = False
    phase_off: bool = False
    gain_off: bool = False
    not_rotation: bool = False

    @property
    def ratio(self) -> float:
        """theta'_j / theta_j (NaN without a declared frequency)."""
        if not self.declared_frequency or not math.isfinite(self.frequency):
            return math.nan
        return self.frequency / self.declared_frequency

    @property
    def as_declared(self) -> bool:
        return not (self.frequency_off or self.phase_off or self.gain_off or self.not_rotation
                    or self.breaks_at is not None)

    def as_dict(self) -> dict[str, Any]:
        return {"pair": self.index, "features": list(self.features), "axis": self.axis,
                "frequency": _finite(self.frequency), "declared_frequency": _finite(self.declared_frequency),
                "frequency_ratio": _finite(self.ratio), "phase": _finite(self.phase),
                "gain": [_finite(self.gain[0]), _finite(self.gain[1])], "rotation_residual": _finite(self.residual),
                "breaks_at": self.breaks_at, "as_declared": self.as_declared}


def _finite(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


@dataclass
class Measurement:
    """What fn was measured to do, and how that differs from the declaration."""

    positions: list[int]
    seq_len: float | None
    pairing_as_declared: bool
    measured_pairs: list[tuple[int, int]]  # the pairs found (listed when the pairing differs)
    unpaired: list[int]  # declared rotating features that pair with nothing
    pairs: list[PairReading]
    pass_through: list[tuple[int, str]]  # declared pass-through features that change, and how
    behaviour: dict[str, str] = field(default_factory=dict)  # linear, rows, positions, batch, seq_len, calls
    lines: list[str] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return (not self.pairing_as_declared or bool(self.unpaired) or bool(self.pass_through)
                or any(not p.as_declared for p in self.pairs) or bool(self.behaviour))

    def as_dict(self) -> dict[str, Any]:
        return {"positions": self.positions, "seq_len": self.seq_len,
                "pairing_as_declared": self.pairing_as_declared,
                "measured_pairs": [list(p) for p in self.measured_pairs] if not self.pairing_as_declared else None,
                "unpaired": self.unpaired, "pairs": [p.as_dict() for p in self.pairs],
                "pass_through": [{"feature": k, "change": what} for k, what in self.pass_through],
                "behaviour": dict(self.behaviour), "differences": list(self.lines)}


# -- probing -------------------------------------------------------------------------------------------

def _probe_rows(model: Model, positions: list[int], axis: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Rows e_0 .. e_{d-1} at each position (along one axis for multi-axis RoPE)."""
    d = dim_of(model)
    x = np.tile(np.eye(d), (len(positions), 1))
    pos = np.repeat(np.asarray(positions, dtype=np.int64), d)
    axes = axes_of(model)
    if axes:
        full = np.zeros((pos.size, axes), dtype=np.int64)
        full[:, axis or 0] = pos
        pos = full
    return x, pos


def _call_rows(caller: Caller, x: np.ndarray, pos: np.ndarray, seq_len: float | None) -> np.ndarray:
    """fn on rows x at pos, whatever the interface: one call, or one call per row for offset APIs."""
    if caller.interface == "offset":
        return np.concatenate([caller(x[i:i + 1], pos[i:i + 1], seq_len) for i in range(x.shape[0])])
    if caller.interface == "batched":
        return caller(x, pos, seq_len, batch=1)
    y = caller(x, pos, seq_len)
    return y[:, 0, :] if y.ndim == 3 else y  # "qk": the first query head


def _matrices(caller: Caller, model: Model, positions: list[int], axis: int | None,
              seq_len: float | None) -> dict[int, np.ndarray]:
    """{m: the matrix fn applies at m} (row k = fn(e_k)); positions fn refuses are left out."""
    d = dim_of(model)
    x, pos = _probe_rows(model, positions, axis)
    try:
        y = _call_rows(caller, x, pos, seq_len)
        return {m: y[i * d:(i + 1) * d] for i, m in enumerate(positions)}
    except CallFailed:
        if caller.timed_out or caller.interface == "offset":
            raise
    out = {}
    for i, m in enumerate(positions):  # one position at a time: keep the ones fn can do
        try:
            out[m] = _call_rows(caller, x[i * d:(i + 1) * d], pos[i * d:(i + 1) * d], seq_len)
        except CallFailed:
            if caller.timed_out:
                raise
    return out


def _declared_matrices(model: Model, positions: list[int], axis: int | None, seq_len: float | None,
                       role: str) -> dict[int, np.ndarray]:
    d = dim_of(model)
    x, pos = _probe_rows(model, positions, axis)
    y = apply_model(model, x, pos, seq_len, role)
    return {m: y[i * d:(i + 1) * d] for i, m in enumerate(positions)}


def _noise(model: Model, dtype: str, m: float) -> float:
    """The policy's error bound for a unit vector at position m (float32 angles for any dtype below
    float64): differences below it are not differences."""
    rope = rope_of(model)
    if isinstance(model, MultiAxisRoPE):
        rate, a = angle_rate(model.frequencies), 1.0
    else:
        assert rope is not None
        rate, a = angle_rate(rope.inv_freq_for(np.array([m], dtype=np.float64))), rope.attention_factor
    angle = "float64" if dtype == "float64" else "float32"
    scale = a if not isinstance(model, XPos) else max(a, 1.0)
    return float(allowed_error(dtype=dtype, angle_dtype=angle, pair_norm=1.0, max_position=m, angle_rate=rate,
                               attention_factor=scale, output_scale=scale))


def _block(mat: np.ndarray, a: int, b: int) -> tuple[float, float, float]:
    """(angle, gain, residual) of the 2x2 block of pair (a, b): row a = image of e_a."""
    c = (mat[a, a] + mat[b, b]) / 2
    s = (mat[a, b] - mat[b, a]) / 2
    gain = math.hypot(c, s)
    residual = math.hypot((mat[a, a] - mat[b, b]) / 2, (mat[a, b] + mat[b, a]) / 2)
    return math.atan2(s, c), gain, residual


def _wrap(angle: float) -> float:
    return (angle + math.pi) % (2 * math.pi) - math.pi


def _unwrap(ms: list[int], dphi: list[float]) -> list[float]:
    """Unwrap angle differences along increasing positions by predicting each from a line fitted
    to the ones before (the positions grow by 4x at most, so a constant frequency is followed)."""
    out: list[float] = []
    for i, (m, phi) in enumerate(zip(ms, dphi, strict=True)):
        if i == 0:
            out.append(phi)
            continue
        if i == 1:
            pred = out[0]
        else:
            slope, icpt = np.polyfit(ms[:i], out, 1)
            pred = icpt + slope * m
        out.append(phi + 2 * math.pi * round((pred - phi) / (2 * math.pi)))
    return out


def _read_pair(j: int, a: int, b: int, axis: int | None, mats: dict[int, np.ndarray],
               decl: dict[int, np.ndarray] | None, declared_freq: float, thr: dict[int, float]) -> PairReading:
    ms = sorted(mats)
    dphi, gains, resid = [], [], []
    for m in ms:
        phi, g, r = _block(mats[m], a, b)
        if decl is not None:
            phi_d, g_d, _ = _block(decl[m], a, b)
        else:
            phi_d, g_d = 0.0, 1.0
        dphi.append(_wrap(phi - phi_d))
        gains.append(g / g_d if g_d > 0 else math.inf)
        resid.append(r / max(g, 1e-300))
    un = _unwrap(ms, dphi)
    phase = un[0] if ms and ms[0] == 0 else 0.0
    if len(ms) >= 2:
        slope = float(np.polyfit(ms, un, 1)[0])
    else:
        slope = 0.0
    # where the angle stops following a constant frequency: fit on the positions before each one
    breaks_at = None
    for i in range(3, len(ms)):
        s_i, c_i = np.polyfit(ms[:i], un[:i], 1)
        if abs(un[i] - (c_i + s_i * ms[i])) > SIGNIFICANT * thr[ms[i]] + 1e-3 and \
                max(abs(un[k] - (c_i + s_i * ms[k])) for k in range(i)) <= SIGNIFICANT * thr[ms[i - 1]] + 1e-3:
            breaks_at = float(ms[i - 1])
            slope = s_i
            break
    top = max(ms) if ms else 0
    reading = PairReading(j, (a, b), axis, declared_freq + slope if decl is not None else slope, declared_freq,
                          float(phase), (float(min(gains, default=1.0)), float(max(gains, default=1.0))),
                          float(max(resid, default=0.0)), breaks_at)
    if ms and decl is not None:
        reading.frequency_off = abs(slope) * top > SIGNIFICANT * thr[top] + 1e-12
        reading.phase_off = abs(phase) > SIGNIFICANT * thr[ms[0]]
        reading.gain_off = max(abs(g - 1) for g in gains) > SIGNIFICANT * max(thr.values())
        reading.not_rotation = max(resid) > SIGNIFICANT * max(thr.values())
    return reading


def _pairing(mats: dict[Any, np.ndarray], thr: dict[Any, float], d: int) -> dict[int, int | None]:
    """Each feature's partner: the feature its image leaks into most (above noise), or None."""
    coupling = np.zeros((d, d))
    for m, mat in mats.items():
        off = np.abs(mat) / (SIGNIFICANT * thr[m])
        coupling = np.maximum(coupling, off)
    np.fill_diagonal(coupling, 0.0)
    partner: dict[int, int | None] = {}
    for k in range(d):
        ell = int(np.argmax(np.maximum(coupling[k], coupling[:, k])))
        partner[k] = ell if max(coupling[k, ell], coupling[ell, k]) > 1.0 else None
    return partner


def measure(caller: Caller, model: Model, dtype: str, *, max_position: float | None = None,
            seq_len: float | None = None, role: str = "query", behaviour: bool = True) -> Measurement:
    """Probe fn through caller and compare what it does with the declared model.

    Raises CallFailed when fn cannot take the probe at all (then nothing is measured)."""
    d = dim_of(model)
    ms = [m for m in probe_positions(max_position) if _oracle_takes(model, m, role)]
    rope = rope_of(model)
    depends = rope is not None and rope.scaling is not None and rope.scaling.depends_on_seq_len
    probe_len = (seq_len if seq_len is not None else float(max(ms)) + 1.0) if depends else None
    axes = axes_of(model)
    directions: list[int | None] = list(range(axes)) if axes else [None]
    re, im = declared_pairs(model)
    rotated = set(re.tolist()) | set(im.tolist())
    readings: list[PairReading] = []
    pass_through: list[tuple[int, str]] = []
    probes = []
    for axis in directions:
        mats = _matrices(caller, model, ms, axis, probe_len)
        if not mats:
            raise CallFailed("fn refused every probe position")
        got = sorted(mats)
        decl = _declared_matrices(model, got, axis, probe_len, role)
        probes.append((axis, mats, decl, {m: _noise(model, dtype, m) for m in got}))
    # which features pair: from every axis's matrices at once (a multi-axis pair may turn along one axis only)
    every = {(i, m): mat for i, (_, mats, _, _) in enumerate(probes) for m, mat in mats.items()}
    every_decl = {(i, m): mat for i, (_, _, decl, _) in enumerate(probes) for m, mat in decl.items()}
    every_thr = {(i, m): t for i, (_, _, _, thr) in enumerate(probes) for m, t in thr.items()}
    partner = _pairing(every, every_thr, d)
    declared_partner = _pairing(every_decl, every_thr, d)
    found = sorted({(min(k, p), max(k, p)) for k, p in partner.items() if p is not None and partner[p] == k})
    declared_set = {(int(a), int(b)) for a, b in zip(re, im, strict=True)}
    expected = {pair for pair in declared_set if declared_partner.get(pair[0]) == pair[1]}
    measured_pairs = found
    pairing_ok = set(found) == expected or (set(found) >= expected and set(found) <= declared_set)
    unpaired = sorted(k for k in rotated if partner[k] is None and declared_partner.get(k) is not None)
    for axis, mats, decl, thr in probes:
        got = sorted(mats)
        freqs = _declared_frequencies(model, axis, got, probe_len)
        if pairing_ok:
            for j, (a, b) in enumerate(zip(re.tolist(), im.tolist(), strict=True)):
                readings.append(_read_pair(j, a, b, axis, mats, decl, float(freqs[j]), thr))
        else:
            for j, (a, b) in enumerate(found):
                readings.append(_read_pair(j, a, b, axis, mats, None, math.nan, thr))
        if axis in (None, 0):
            for k in range(d):
                if k in rotated:
                    continue
                change = max(float(np.max(np.abs(mats[m][k] - decl[m][k]))) for m in got)
                if change > SIGNIFICANT * max(thr.values()):
                    pass_through.append((k, _pass_through_change(k, mats, partner)))
    meas = Measurement(ms, probe_len, pairing_ok, measured_pairs, unpaired, readings, pass_through)
    if behaviour:
        meas.behaviour.update(_behaviour(caller, model, dtype, max_position, role, depends, probe_len))
    meas.lines = describe(meas, model)
    return meas


def _oracle_takes(model: Model, m: int, role: str) -> bool:
    """Whether the declared model is defined at position m (xPos's scale leaves float64 far out)."""
    axes = axes_of(model)
    pos = np.full((1, axes), m, dtype=np.int64) if axes else np.array([m], dtype=np.int64)
    try:
        with np.errstate(all="ignore"):
            return bool(np.all(np.isfinite(apply_model(model, np.ones((1, dim_of(model))), pos, None, role))))
    except (ArithmeticError, ValueError):
        return False


def _declared_frequencies(model: Model, axis: int | None, positions: list[int],
                          seq_len: float | None) -> np.ndarray:
    if isinstance(model, MultiAxisRoPE):
        return np.asarray(model.frequencies[axis or 0], dtype=np.float64)
    rope = model.rope if isinstance(model, XPos) else model
    return rope.inv_freq_for(np.asarray(positions, dtype=np.float64), seq_len)


def _pass_through_change(k: int, mats: dict[int, np.ndarray], partner: dict[int, int | None]) -> str:
    diag = [float(mat[k, k]) for mat in mats.values()]
    if partner.get(k) is not None:
        return f"rotates with feature {partner[k]}"
    if max(abs(v) for v in diag) < 1e-6:
        return "zeroed"
    if max(diag) - min(diag) < 1e-3 * max(abs(v) for v in diag):
        return f"scaled by {np.median(diag):.6g}"
    return f"changed (diagonal {min(diag):.3g} to {max(diag):.3g})"


# -- behaviour: linearity, rows, positions, batch rows, sequence length ------------------------------

def _behaviour(caller: Caller, model: Model, dtype: str, max_position: float | None, role: str, depends: bool,
               probe_len: float | None) -> dict[str, str]:
    out: dict[str, str] = {}
    d, axes = dim_of(model), axes_of(model)
    rng = np.random.default_rng(20)
    top = 64 if max_position is None else max(2, min(64, int(max_position) - 1))
    n = 8

    def pos_of(values: np.ndarray) -> np.ndarray:
        return np.repeat(values[:, None], axes, axis=1) if axes else values

    def run(x: np.ndarray, p: np.ndarray, seq_len: float | None = None) -> np.ndarray | None:
        length = seq_len if seq_len is not None else (default_seq_len(p) if depends else None)
        try:
            if caller.interface == "offset":
                return caller(x, p, length)
            y = caller(x, p, length, batch=2) if caller.interface == "batched" else caller(x, p, length)
            return y[:, 0, :] if y.ndim == 3 else y
        except CallFailed:
            if caller.timed_out:
                raise
            return None

    x1 = (rng.integers(-1024, 1024, size=(n, d)) / 256.0).astype(np.float64)
    x2 = (rng.integers(-1024, 1024, size=(n, d)) / 256.0).astype(np.float64)
    contiguous = np.arange(min(top, 40) - n, min(top, 40), dtype=np.int64)
    start = max(int(contiguous[0]), 0)
    p = pos_of(np.arange(start, start + n, dtype=np.int64))
    tol = SIGNIFICANT * _noise(model, dtype, float(start + n)) * 16.0  # |row| up to 4 sqrt(d)... per element
    y1, y2, y12 = run(x1, p), run(x2, p), run(x1 + x2, p)
    if y1 is not None and y2 is not None and y12 is not None:
        err = float(np.max(np.abs(y12 - y1 - y2)))
        if err > tol:
            out["linear"] = f"not linear in x: fn(x1 + x2) differs from fn(x1) + fn(x2) by up to {err:.3g}"
    if caller.interface == "offset":
        base = run(x1, pos_of(np.arange(n, dtype=np.int64)))
        moved = run(x1, pos_of(np.arange(n, dtype=np.int64) + min(top, 16)))
        if base is not None and moved is not None and float(np.max(np.abs(base - moved))) <= tol:
            out["positions"] = "ignores the offset: rows come back rotated the same at offset 0 and at offset " \
                               f"{min(top, 16)}"
        return out
    same = np.repeat(x1[:1], n, axis=0)
    at = min(top - 1, 5)
    y_same = run(same, pos_of(np.full(n, at, dtype=np.int64)))
    if y_same is not None:
        spread = float(np.max(np.abs(y_same - y_same[:1])))
        if spread > tol:
            rows = np.tile(np.arange(n // 2), 2) if caller.interface == "batched" else np.arange(n)  # per sequence
            expect = apply_model(model, same, pos_of(rows.astype(np.int64)), None, role)
            arange = float(np.max(np.abs(y_same - expect))) <= tol
            out["rows"] = ("rotates row i by i whatever its position (positions ignored, arange used)" if arange else
                           f"depends on the row's index: {n} equal rows at one position come back different "
                           f"(by up to {spread:.3g})")
        else:
            other = min(top - 1, 9)
            y_other = run(same, pos_of(np.full(n, other, dtype=np.int64)))
            decl_diff = float(np.max(np.abs(apply_model(model, same[:1], pos_of(np.array([at])), None, role)
                                            - apply_model(model, same[:1], pos_of(np.array([other])), None, role))))
            if y_other is not None and decl_diff > tol and float(np.max(np.abs(y_other - y_same))) <= tol:
                out["positions"] = (f"ignores the positions: the same row comes back the same at position {at} "
                                    f"and at position {other}")
    if caller.interface == "batched":
        xb = np.concatenate([x1, x1])
        pb = pos_of(np.concatenate([np.arange(n), np.arange(n)]).astype(np.int64))
        yb = run(xb, pb)
        if yb is not None and float(np.max(np.abs(yb[:n] - yb[n:]))) > tol:
            out["batch"] = "depends on the batch row: two sequences with the same rows and positions come back " \
                           "different"
    if probe_len is not None or not depends:
        short = pos_of(np.arange(n, dtype=np.int64))
        long_len = float(max(probe_positions(max_position))) + 1.0
        if caller.with_seq_len or not depends:
            return out
        # positions fix seq_len; fn's own answer at 0..7 in a short call against the declared at a long one
        y_short = run(x1, short)
        padded = np.concatenate([x1, np.zeros((1, d))])
        long_pos = pos_of(np.concatenate([np.arange(n), [long_len - 1]]).astype(np.int64))
        y_long = run(padded, long_pos) if caller.interface == "positions" else None
        if y_short is not None and y_long is not None:
            moved = float(np.max(np.abs(y_short - y_long[:n])))
            decl = float(np.max(np.abs(apply_model(model, x1, short, None, role)
                                       - apply_model(model, padded, long_pos, None, role)[:n])))
            if moved <= tol < decl:
                out["seq_len"] = (f"ignores the sequence length: rows at 0..{n - 1} come back the same in a call "
                                  f"that reaches position {long_len - 1:g}, where the declared rule changes them")
            elif decl <= tol < moved:
                out["seq_len"] = "depends on the sequence length, where the declared rule does not"
    return out


# -- in words --------------------------------------------------------------------------------------------

def _range(lo: float, hi: float, digits: int = 3) -> str:
    a, b = f"{lo:.{digits}g}", f"{hi:.{digits}g}"
    return a if a == b else f"{a}-{b}"


def _factor(lo: float, hi: float) -> str:
    """A ratio range: three digits, or (near 1) the relative departure, so that x1 never hides a difference."""
    if max(abs(lo - 1), abs(hi - 1)) < 1e-3:
        upper = "" if lo == hi else f" to {_signed(hi - 1)}"
        return f"(1 {_signed(lo - 1)}{upper})"
    return _range(lo, hi)


def _signed(v: float) -> str:
    return f"{'+' if v >= 0 else '-'} {abs(v):.2g}"


def _pair_words(p: PairReading) -> list[str]:
    words = []
    if p.frequency_off:
        r = p.ratio
        if not math.isfinite(r) and p.declared_frequency == 0:
            words.append("turns at {freq} rad per position where the declared does not turn")
        elif math.isfinite(r) and abs(r + 1) < 1e-3:
            words.append("opposite direction")
        elif math.isfinite(r) and abs(r) < 1e-6:
            words.append("frequency 0 (does not rotate with the position)")
        else:
            words.append("frequency x{ratio} of the declared")
    if p.phase_off:
        words.append("phase {phase} rad at position 0")
    if p.gain_off:
        words.append("gain x{gain} of the declared")
    if p.not_rotation:
        words.append("not a rotation (block off by up to {residual} of its gain)")
    if p.breaks_at is not None:
        words.append(f"stops following the position after m = {p.breaks_at:g}")
    return words


def describe(meas: Measurement, model: Model) -> list[str]:
    """The measured differences in words: pairing, runs of pairs, pass-through, behaviour."""
    lines = []
    if meas.pairing_as_declared:
        lines.append("pairing: as declared")
    else:
        shown = ", ".join(f"({a}, {b})" for a, b in meas.measured_pairs[:4])
        more = ", ..." if len(meas.measured_pairs) > 4 else ""
        layout = model.rope.layout if isinstance(model, XPos) else model.layout
        lines.append(f"pairing: features pair as {shown}{more} ({len(meas.measured_pairs)} pairs); declared "
                     f"{layout!r}")
    if not meas.pairing_as_declared and meas.pairs:
        freqs = [abs(p.frequency) for p in meas.pairs if math.isfinite(p.frequency)]
        if freqs:
            lines.append(f"measured frequencies of those pairs: {max(freqs):.3g} down to {min(freqs):.3g} rad per "
                         "position")
    if meas.unpaired:
        lines.append(f"features {_ranges(meas.unpaired)} rotate with no partner (declared to rotate)")
    by_axis: dict[int | None, list[PairReading]] = {}
    for p in meas.pairs:
        by_axis.setdefault(p.axis, []).append(p)
    for axis, readings in by_axis.items() if meas.pairing_as_declared else ():
        prefix = "" if axis is None else f"axis {axis}: "
        runs: list[list[PairReading]] = []
        for p in readings:
            if runs and _pair_words(runs[-1][-1]) == _pair_words(p):
                runs[-1].append(p)
            else:
                runs.append([p])
        if all(p.as_declared for p in readings):
            lines.append(f"{prefix}pairs 0-{len(readings) - 1}: as declared")
            continue
        for run in runs:
            words = _pair_words(run[0])
            first, last = run[0].index, run[-1].index
            what = "as declared" if not words else "; ".join(words).format(
                ratio=_factor(min(p.ratio for p in run), max(p.ratio for p in run)),
                freq=_range(min(abs(p.frequency) for p in run), max(abs(p.frequency) for p in run)),
                phase=_range(min(p.phase for p in run), max(p.phase for p in run)),
                gain=_factor(min(p.gain[0] for p in run), max(p.gain[1] for p in run)),
                residual=_range(min(p.residual for p in run), max(p.residual for p in run)))
            span = f"pair {first}" if first == last else f"pairs {first}-{last}"
            lines.append(f"{prefix}{span}: {what}")
    if meas.pass_through:
        changes: dict[str, list[int]] = {}
        partners: list[int] = []
        for k, what in meas.pass_through:
            if what.startswith("rotates with feature "):
                partners.append(int(what.rsplit(" ", 1)[1]))
                what = "rotate with features {partners}"
            changes.setdefault(what, []).append(k)
        for what, feats in changes.items():
            lines.append(f"pass-through features {_ranges(feats)}: " +
                         what.format(partners=_ranges(sorted(partners))))
    for key in ("linear", "rows", "positions", "batch", "seq_len", "calls"):
        if key in meas.behaviour:
            lines.append(meas.behaviour[key])
    return lines


def _ranges(values: list[int]) -> str:
    out, start = [], None
    for i, v in enumerate(values):
        if start is None:
            start = v
        if i + 1 == len(values) or values[i + 1] != v + 1:
            out.append(f"{start}" if start == v else f"{start}-{v}")
            start = None
    return ", ".join(out)
