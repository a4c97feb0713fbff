"""Search for the inputs hardest to round correctly in rope-ref's exact mode; confirm each with mpmath.

Exact mode is to return, for every table value cos(m theta_j), sin(m theta_j) and every rotated
component a (u cos A - v sin A), a (u sin A + v cos A) (A = m theta_j, theta_j = base**(-2j/d)),
the float64 nearest the exact real value, ties to even. The hardest inputs for such code are:

- table values whose exact value lies within 2**-20 ulp of a midpoint between two consecutive
  float64 numbers (a rounding boundary): to round them right the value must be known to about
  73 significant bits;
- rotated components within 2**-20 ulp of a midpoint, for float64 or float32 features u, v and
  an attention factor a;
- cancelling pairs: |u cos A - v sin A| < 2**-40 |(u, v)| (or the same for u sin A + v cos A),
  where the output is far smaller than its terms and every bit of cos and sin counts.

The distance of a real value v to a midpoint is |v - mid| / (hi - lo), with lo <= v < hi the two
consecutive float64 around v and mid = (lo + hi) / 2: the ulp is the spacing of the float64 grid
at v (below a power of two it is half the spacing above it).

How: a cheap filter in NumPy, then mpmath at 80 digits, which alone decides. Table values come
from rope_ref.exact.cos_sin_table_dd (double-doubles within ~2**-75 of the truth, in practice) for
tens of millions of random (position, pair) entries, and, for small values near zero crossings of
sin and cos, from positions m = rint(k / rho_j) (rho_j = theta_j / pi from mpmath as a
triple-double), reduced as m rho_j = K + f with error-free products and evaluated by
rope_ref.exact.cos_sin_dd on the small angle pi f, so that the filter is accurate relative to the
small value. Rotated components use cos and sin (times a) from mpmath as triple-doubles and
millions of random (u, v) per entry, summed with error-free products. Candidates within the
filter's window (2**-20 ulp plus its own error) are confirmed with mpmath; only confirmed cases
are written. Cancelling pairs are built: (u, v) = 2**e (fl(sin A), fl(cos A)) perturbed by a few
ulps, and (u, v) = 2**e (p, q) for continued-fraction convergents p / q of tan A (or -cot A) with
p, q below 2**53 (float64) or 2**24 (float32).

The JSON file holds inputs only, the mpmath-measured distance (a string) and which value is hard;
tests/test_correct_rounding_hard.py recomputes everything with mpmath and checks rope-ref.

Usage (from the repository root; about 90 seconds with the defaults):

    python tools/find_hard_cases.py --out tests/data/cr_hard_cases.json
    python tools/find_hard_cases.py --json --table-entries 2e6     # a quick run, JSON on stdout
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from fractions import Fraction

import mpmath as mp
import numpy as np

from rope_ref import exact

DPS = 80
HARD = 2.0**-20  # the distance to a midpoint, in ulps, that makes a value hard
CANCEL = 2.0**-40  # |output| / |(u, v)| below which a pair cancels

# (d, base) groups of the table scan: several d in 64..1024, the common bases and odd ones.
GROUPS = [(64, 10000.0), (128, 10000.0), (128, 500000.0), (128, 1000000.0), (96, 12345.6789),
          (256, 75000.25), (512, 1000000.0), (1024, 500000.0), (80, 3.0e6 + 1.0 / 3.0)]
# attention factors of the rotation cases: 1, YaRN's 0.1 ln(4) + 1, LongRoPE's sqrt(1 + ln 4 / ln 4096),
# and odd ones.
FACTORS = [1.0, 1.0, float(0.1 * np.log(4.0) + 1.0), float(np.sqrt(1.0 + np.log(4.0) / np.log(4096.0))),
           0.7071067811865476, 1.2345678901234567]


def log(msg: str) -> None:
    print(f"[find_hard_cases {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- mpmath: the truth ----------------------------------------------------------------------------

_THETA: dict[tuple[int, float, int], mp.mpf] = {}


def theta(d: int, base: float, j: int) -> mp.mpf:
    """theta_j = base**(-2j/d) at DPS digits (base the exact float64)."""
    key = (d, base, j)
    if key not in _THETA:
        with mp.workdps(DPS):
            _THETA[key] = mp.power(mp.mpf(base), mp.mpf(-2 * j) / d)
    return _THETA[key]


def table_value(d: int, base: float, j: int, m: float, which: str) -> mp.mpf:
    with mp.workdps(DPS):
        angle = mp.mpf(m) * theta(d, base, j)
        return mp.cos(angle) if which == "cos" else mp.sin(angle)


def output_value(d: int, base: float, j: int, m: float, u: float, v: float, a: float,
                 component: str) -> tuple[mp.mpf, mp.mpf]:
    """(a (u cos A - v sin A) or a (u sin A + v cos A), and without a) at DPS digits."""
    with mp.workdps(DPS):
        angle = mp.mpf(m) * theta(d, base, j)
        c, s = mp.cos(angle), mp.sin(angle)
        y = mp.mpf(u) * c - mp.mpf(v) * s if component == "re" else mp.mpf(u) * s + mp.mpf(v) * c
        return mp.mpf(a) * y, y


def bracket(v: mp.mpf) -> tuple[float, float]:
    """The consecutive float64 lo <= v < hi."""
    f = float(v)
    while mp.mpf(f) > v:
        f = float(np.nextafter(f, -np.inf))
    while mp.mpf(float(np.nextafter(f, np.inf))) <= v:
        f = float(np.nextafter(f, np.inf))
    return f, float(np.nextafter(f, np.inf))


def midpoint_distance(v: mp.mpf) -> mp.mpf:
    """|v - mid| / (hi - lo) for lo <= v < hi consecutive float64 and mid their midpoint."""
    with mp.workdps(DPS):
        lo, hi = bracket(v)
        mid = (mp.mpf(lo) + mp.mpf(hi)) / 2
        return abs(v - mid) / (mp.mpf(hi) - mp.mpf(lo))


def as_triple(x: mp.mpf) -> tuple[float, float, float]:
    with mp.workdps(DPS):
        x1 = float(x)
        x2 = float(x - x1)
        x3 = float(x - x1 - x2)
    return x1, x2, x3


def nstr(x: mp.mpf) -> str:
    return mp.nstr(x, 12, min_fixed=0, max_fixed=0)


# -- NumPy filters --------------------------------------------------------------------------------

def dd_distance(hi: np.ndarray, lo: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For double-doubles hi + lo: (|value - nearest midpoint|, the grid spacing there), float64."""
    hi, lo = exact.two_sum(hi, lo)
    up = np.nextafter(hi, np.inf) - hi
    down = hi - np.nextafter(hi, -np.inf)
    spacing = np.where(lo >= 0, up, down)
    return np.abs(np.abs(lo) - 0.5 * spacing), spacing


def draw_positions(rng: np.random.Generator, n: int) -> np.ndarray:
    """Integers uniform in [0, 2**31) (70 %) or log-uniform (15 %), fractional floats (15 %); 20 % negated."""
    kind = rng.random(n)
    uniform = rng.integers(0, 2**31, n).astype(np.float64)
    logu = np.floor(2.0 ** rng.uniform(0, 31, n))
    frac = rng.uniform(0, 1, n) * 2.0 ** rng.integers(4, 32, n)
    pos = np.where(kind < 0.70, uniform, np.where(kind < 0.85, logu, frac))
    pos = np.minimum(pos, 2.0**31)
    return np.where(rng.random(n) < 0.2, -pos, pos)


def scan_tables(rng: np.random.Generator, entries: int, window: float) -> list[tuple]:
    """Random (position, pair) entries of every group; candidates (d, base, j, m, which)."""
    per_group = entries // len(GROUPS)
    found: list[tuple] = []
    done = 0
    for d, base in GROUPS:
        h = d // 2
        th = exact.theta_dd(d, base)
        rows_per_block = max(1, (1 << 21) // h)
        rows = max(1, per_group // h)
        for start in range(0, rows, rows_per_block):
            pos = draw_positions(rng, min(rows_per_block, rows - start))
            (c, cl), (s, sl) = exact.cos_sin_table_dd(pos, th)
            angle = np.abs(pos[:, None] * th[0])
            # the filter's error: relative for small angles, absolute (plus theta_j's) for large ones
            err = window * np.minimum(angle, 1.0) + angle * 2.0**-103
            for which, hi, lo in (("cos", c, cl), ("sin", s, sl)):
                dist, spacing = dd_distance(hi, lo)
                for i, j in zip(*np.nonzero(dist <= HARD * spacing + err), strict=True):
                    found.append((d, base, int(j), float(pos[i]), which))
            done += pos.size * h
        log(f"tables: {done:,} entries scanned, {len(found)} candidates (d={d}, base={base:g})")
    return found


def scan_small(rng: np.random.Generator, samples: int, window_rel: float) -> list[tuple]:
    """Values near zero crossings: m = rint(k / rho_j) (sin) or rint((k + 1/2) / rho_j) (cos)."""
    pi_hi, pi_lo = as_triple(mp.pi)[:2]
    found: list[tuple] = []
    per_group = samples // len(GROUPS)
    for d, base in GROUPS:
        h = d // 2
        js = np.unique(np.linspace(1, h - 1, 8).astype(int))
        for j in js:
            with mp.workdps(DPS):
                rho = theta(d, base, int(j)) / mp.pi
            r1, r2, r3 = as_triple(rho)
            n = per_group // len(js)
            kmax = int(2.0**31 * r1)
            half = rng.random(n) < 0.5  # near a zero of cos instead of sin
            k = rng.integers(1, kmax, n).astype(np.float64) + np.where(half, 0.5, 0.0)
            m = np.rint(k / r1) + rng.integers(-2, 3, n)
            m = np.where(rng.random(n) < 0.2, -m, m)
            p1, e1 = exact.two_prod(m, r1)
            big = np.rint(p1)
            t = p1 - big  # exact
            p2, e2 = exact.two_prod(m, r2)
            s1, a1 = exact.two_sum(t, e1)
            s2, a2 = exact.two_sum(s1, p2)
            f_hi, f_lo = exact.two_sum(s2, a1 + a2 + e2 + m * r3)
            phi_hi, phi_lo = exact.dd_mul((f_hi, f_lo), (pi_hi, pi_lo))
            phi_hi, phi_lo = exact.two_sum(phi_hi, phi_lo)
            (c, cl), (s, sl) = exact.cos_sin_dd(phi_hi, phi_lo)
            sign = np.where(np.fmod(big, 2.0) == 0, 1.0, -1.0)
            for which, hi, lo in (("cos", c, cl), ("sin", s, sl)):
                hi, lo = sign * hi, sign * lo
                dist, spacing = dd_distance(hi, lo)
                keep = dist <= HARD * spacing + window_rel * np.abs(hi)
                for i in np.nonzero(keep)[0]:
                    found.append((d, base, int(j), float(m[i]), which))
        log(f"small values: d={d}, base={base:g}: {len(found)} candidates so far")
    return found


def confirm_tables(candidates: list[tuple]) -> list[dict]:
    cases, seen = [], set()
    for d, base, j, m, which in candidates:
        if (d, base, j, m, which) in seen:
            continue
        seen.add((d, base, j, m, which))
        v = table_value(d, base, j, m, which)
        dist = midpoint_distance(v)
        if dist < HARD:
            cases.append({"d": d, "base": base, "j": j, "m": m, "value": which, "distance_ulp": nstr(dist),
                          "_abs": float(abs(v)), "_dist": float(dist)})
    return cases


# -- rotated components --------------------------------------------------------------------------

def draw_features(rng: np.random.Generator, n: int, dtype: str) -> tuple[np.ndarray, np.ndarray]:
    scale = 2.0 ** rng.integers(-6, 7, (2, n))
    uv = rng.standard_normal((2, n)) * scale
    if dtype == "float32":
        uv = uv.astype(np.float32).astype(np.float64)
    return uv[0], uv[1]


def output_entries(rng: np.random.Generator, count: int) -> list[dict]:
    """(d, base, j, m, a, dtype) entries for the rotation searches, spread over the groups."""
    out = []
    for i in range(count):
        d, base = GROUPS[i % len(GROUPS)]
        j = int(rng.integers(0, d // 2))
        m = float(draw_positions(rng, 1)[0])
        out.append({"d": d, "base": base, "j": j, "m": m, "a": FACTORS[i % len(FACTORS)],
                    "dtype": "float32" if i % 3 == 2 else "float64"})
    return out


def scan_outputs(rng: np.random.Generator, entries: list[dict], pairs: int, per_entry: int) -> list[dict]:
    cases = []
    for e in entries:
        d, base, j, m, a = e["d"], e["base"], e["j"], e["m"], e["a"]
        with mp.workdps(DPS):
            angle = mp.mpf(m) * theta(d, base, j)
            ac, as_ = as_triple(mp.mpf(a) * mp.cos(angle)), as_triple(mp.mpf(a) * mp.sin(angle))
        u, v = draw_features(rng, pairs, e["dtype"])
        kept = 0
        for component in ("re", "im"):
            kept_here = 0
            # re = u ac - v as, im = u as + v ac (a folded into the triple-doubles)
            first, second = (ac, tuple(-x for x in as_)) if component == "re" else (as_, ac)
            p1, e1 = exact.two_prod(u, first[0])
            q1, f1 = exact.two_prod(v, second[0])
            s, t = exact.two_sum(p1, q1)
            rest = t + e1 + f1 + (u * first[1] + v * second[1]) + (u * first[2] + v * second[2])
            hi, lo = exact.two_sum(s, rest)
            dist, spacing = dd_distance(hi, lo)
            window = 2.0**-98 * a * (np.abs(u) + np.abs(v))
            for i in np.nonzero(dist <= HARD * spacing + window)[0]:
                y, _ = output_value(d, base, j, m, float(u[i]), float(v[i]), a, component)
                dist_mp = midpoint_distance(y)
                if dist_mp < HARD and kept_here < per_entry // 2:
                    kept, kept_here = kept + 1, kept_here + 1
                    cases.append({**e, "u": float(u[i]), "v": float(v[i]), "component": component,
                                  "distance_ulp": nstr(dist_mp), "_dist": float(dist_mp)})
        log(f"outputs: d={d}, base={base:g}, j={j}, m={m:g}, a={a:.6g}, {e['dtype']}: {kept} hard")
    return cases


def convergent(x: Fraction, limit: int) -> tuple[int, int]:
    """The last continued-fraction convergent p / q of x with |p|, q < limit."""
    p0, q0, p1, q1 = 0, 1, 1, 0
    rest = x
    while True:
        a = rest.numerator // rest.denominator
        p2, q2 = a * p1 + p0, a * q1 + q0
        if abs(p2) >= limit or q2 >= limit:
            return p1, q1
        p0, q0, p1, q1 = p1, q1, p2, q2
        frac = rest - a
        if frac == 0:
            return p1, q1
        rest = 1 / frac


def build_cancelling(rng: np.random.Generator, entries: list[dict]) -> list[dict]:
    cases = []
    for n, e in enumerate(entries):
        d, base, j, m, a = e["d"], e["base"], e["j"], e["m"], e["a"]
        with mp.workdps(DPS):
            angle = mp.mpf(m) * theta(d, base, j)
            c, s = mp.cos(angle), mp.sin(angle)
        component = "re" if n % 2 == 0 else "im"
        # re cancels for (u, v) parallel to (sin A, cos A), im for (u, v) parallel to (cos A, -sin A)
        du, dv = (s, c) if component == "re" else (c, -s)
        tries = []
        e2 = int(rng.integers(-10, 11))
        sign = 1.0 if rng.random() < 0.5 else -1.0
        for step_u, step_v in ((0, 0), (int(rng.integers(-3, 4)), int(rng.integers(-3, 4)))):
            u, v = float(du), float(dv)
            for _ in range(abs(step_u)):
                u = float(np.nextafter(u, np.inf if step_u > 0 else -np.inf))
            for _ in range(abs(step_v)):
                v = float(np.nextafter(v, np.inf if step_v > 0 else -np.inf))
            tries.append((sign * u * 2.0**e2, sign * v * 2.0**e2, "float64", "rounded cos/sin, perturbed"))
        with mp.workdps(DPS):
            man, exp_ = (du / dv).man_exp
            frac = Fraction(man) * Fraction(2) ** exp_
        for limit, dtype in ((2**53, "float64"), (2**24, "float32")):
            p, q = convergent(frac, limit)
            scale = 2.0 ** -(max(abs(p), q).bit_length() - int(rng.integers(-4, 5)))
            how = f"convergent p/q < 2**{limit.bit_length() - 1}"
            tries.append((sign * float(p) * scale, sign * float(q) * scale, dtype, how))
        for u, v, dtype, how in tries:
            if dtype == "float32" and (np.float32(u) != u or np.float32(v) != v):
                continue
            y_a, y = output_value(d, base, j, m, u, v, a, component)
            with mp.workdps(DPS):
                rel = abs(y) / mp.sqrt(mp.mpf(u) ** 2 + mp.mpf(v) ** 2)
            if rel < CANCEL:
                cases.append({"d": d, "base": base, "j": j, "m": m, "a": a, "dtype": dtype, "u": u, "v": v,
                              "component": component, "construction": how, "cancel_ratio": nstr(rel),
                              "distance_ulp": nstr(midpoint_distance(y_a)), "_dist": float(rel)})
    log(f"cancelling: {len(cases)} pairs from {len(entries)} entries")
    return cases


def spread(cases: list[dict], limit: int, key) -> list[dict]:
    """At most ``limit`` cases, taken round-robin over the buckets ``key`` makes (deterministic)."""
    buckets: dict = {}
    for c in sorted(cases, key=lambda c: c["_dist"]):
        buckets.setdefault(key(c), []).append(c)
    out, order = [], sorted(buckets, key=str)
    while len(out) < limit and any(buckets.values()):
        for b in order:
            if buckets[b] and len(out) < limit:
                out.append(buckets[b].pop(0))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Writes the confirmed cases (inputs only) as JSON.")
    parser.add_argument("--out", help="write the JSON here (e.g. tests/data/cr_hard_cases.json)")
    parser.add_argument("--json", action="store_true", help="print the JSON on stdout")
    parser.add_argument("--seed", type=int, default=20250101, help="seed of every random draw (default %(default)s)")
    parser.add_argument("--table-entries", type=float, default=1.2e8,
                        help="random (position, pair) entries scanned for table cases (default %(default)g)")
    parser.add_argument("--small-samples", type=float, default=6e7,
                        help="positions near zero crossings scanned for small values (default %(default)g)")
    parser.add_argument("--output-entries", type=int, default=18,
                        help="(d, base, j, m, a) entries searched for hard rotated components (default %(default)s)")
    parser.add_argument("--output-pairs", type=float, default=2**21,
                        help="random (u, v) pairs per entry (default %(default)g)")
    parser.add_argument("--cancel-entries", type=int, default=30,
                        help="entries from which cancelling pairs are built (default %(default)s)")
    parser.add_argument("--max-table", type=int, default=120, help="table cases kept (default %(default)s)")
    parser.add_argument("--max-output", type=int, default=60, help="output cases kept (default %(default)s)")
    args = parser.parse_args(argv)
    if not (args.out or args.json):
        parser.error("give --out FILE or --json")

    t0 = time.time()
    seeds = np.random.SeedSequence(args.seed).spawn(5)
    rng_table, rng_small, rng_entries, rng_pairs, rng_cancel = (np.random.default_rng(s) for s in seeds)

    cand = scan_tables(rng_table, int(args.table_entries), window=2.0**-72)
    cand += scan_small(rng_small, int(args.small_samples), window_rel=2.0**-76)
    log(f"confirming {len(cand)} table candidates with mpmath at {DPS} digits")
    table = confirm_tables(cand)
    log(f"tables: {len(table)} confirmed")

    def magnitude(c):
        return int(np.floor(np.log10(c["_abs"])))

    table = spread(table, args.max_table,
                   key=lambda c: (c["value"], c["_abs"] < 0.01, min(magnitude(c), -1), c["m"] < 0))
    entries = output_entries(rng_entries, args.output_entries)
    outputs = spread(scan_outputs(rng_pairs, entries, int(args.output_pairs), per_entry=4), args.max_output,
                     key=lambda c: (c["d"], c["base"], c["a"], c["component"]))
    cancel = build_cancelling(rng_cancel, output_entries(rng_cancel, args.cancel_entries))
    elapsed = time.time() - t0

    def clean(cases):
        return sorted(({k: v for k, v in c.items() if not k.startswith("_")} for c in cases),
                      key=lambda c: json.dumps(c, sort_keys=True))

    closest = min([c["_dist"] for c in table + outputs], default=None)
    doc = {
        "what": ("Inputs on which a correctly rounded RoPE is hardest to get right: table values cos(m theta_j) and "
                 "sin(m theta_j) and rotated components a (u cos A - v sin A) ('re'), a (u sin A + v cos A) ('im'), "
                 "A = m theta_j, theta_j = base**(-2j/d), whose exact value lies within 2**-20 ulp of a midpoint "
                 "between consecutive float64 numbers; and pairs (u, v) whose component cancels: "
                 "|u cos A - v sin A| (re) or |u sin A + v cos A| (im) < 2**-40 |(u, v)|. Inputs only: "
                 "tests/test_correct_rounding_hard.py recomputes every value with mpmath."),
        "how": ("Filter, then mpmath at 80 digits. Tables: rope_ref.exact.cos_sin_table_dd on random (position, pair) "
                "entries, and positions next to zero crossings reduced with mpmath's theta_j / pi as a triple-double "
                "and rope_ref.exact.cos_sin_dd; rotations: a cos A and a sin A from mpmath as triple-doubles against "
                "millions of random (u, v), error-free products. Every kept case was measured with mpmath at 80 "
                "digits: distance_ulp = |v - mid| / (hi - lo) with lo <= v < hi consecutive float64 around v. "
                "Cancelling pairs are built (rounded cos/sin perturbed by ulps; continued-fraction convergents of "
                "tan A or -cot A) and kept only when mpmath confirms the ratio."),
        "command": "python tools/find_hard_cases.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": datetime.date.today().isoformat(),
        "mpmath_version": mp.__version__,
        "numpy_version": np.__version__,
        "dps": DPS,
        "hard_threshold_ulp": "2**-20",
        "cancel_threshold": "2**-40",
        "closest_distance_ulp": None if closest is None else f"{closest:.6g}",
        "search_seconds": round(elapsed, 1),
        "floats": "every number is a float64 (shortest round-trip decimal); float32 cases hold float32 values",
        "layout": "half: x[j] = u, x[j + d/2] = v",
        "table_cases": clean(table),
        "output_cases": clean(outputs),
        "cancel_cases": clean(cancel),
    }
    text = json.dumps(doc, indent=1) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        log(f"wrote {args.out}")
    if args.json:
        sys.stdout.write(text)
    log(f"table {len(table)}, output {len(outputs)}, cancelling {len(cancel)}; closest {closest}; {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
