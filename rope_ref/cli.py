"""The ``rope-ref`` command.

Exit codes: 0 success, 1 a check failed, 2 usage error (bad arguments or input).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from rope_ref import _cli_scaling, _cr, _validate, audit
from rope_ref._backend import PRECISIONS
from rope_ref._deprecated import renamed
from rope_ref._implementation import LoadError, load_function
from rope_ref._io import dump_strict
from rope_ref._policy import angle_rate, score_error
from rope_ref._version import __version__
from rope_ref.checker import _DEFAULT_TIMEOUT, _MAX_TIMEOUT, INTERFACES, check
from rope_ref.frequencies import Scaling
from rope_ref.golden import _cli as golden_cli
from rope_ref.hf import ConfigWarning, from_hf_config
from rope_ref.models import _cli as models_cli
from rope_ref.models._cli import cli_words
from rope_ref.precision import RECIPES
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices

__all__ = ["EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "console_main", "main"]

EXIT_OK = 0
"""Exit code: success (a check passed)."""
EXIT_FAIL = 1
"""Exit code: a check failed (check, tour, golden verify)."""
EXIT_USAGE = 2
"""Exit code: bad arguments or input, reported on stderr."""
_MAX_TABLE_POSITIONS = 100_000
_MAX_TABLE_ROWS = 1_000_000  # rows of `table` (positions x pairs): a million lines
#: Peak bytes per row of `table`, measured with tracemalloc and rounded up (--json builds the larger rows).
_TABLE_ROW_BYTES = {"text": 1280, "json": 2560}
_MAX_BENCH_VALUES = 1 << 27  # x of bench: 1 GiB of float64 (and as much again for its rotation)
#: Bytes `bench` allocates per table entry (position, pair) of the exact-mode apply it times, besides x and the
#: output: rope_ref._backend.Exact.WORK's rotation, measured with tracemalloc and rounded up.
_BENCH_TABLE_BYTES = 192
#: The largest --check-dim: check's own time grows about as d^2 (d = 2048 takes some 20 s, most of it measuring fn
#: with d x d unit-vector probes).
_MAX_CHECK_DIM = 4096
_EPS = float(np.finfo(np.float64).eps)


class _UsageError(Exception):
    """Bad command-line input: reported on stderr with exit code 2."""


def _parse_positions(text: str) -> np.ndarray:
    """Positions from the command line: ``start:stop[:step]`` (Python range), or a comma list.

    Example:
        >>> _parse_positions("0:4").tolist()
        [0.0, 1.0, 2.0, 3.0]
        >>> _parse_positions("-1,0.5,1e6").tolist()
        [-1.0, 0.5, 1000000.0]
    """
    text = text.strip()
    try:
        if ":" in text:
            parts = [float(p) for p in text.split(":")]
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] == 0) or not np.all(np.isfinite(parts)):
                raise ValueError
            count = np.ceil((parts[1] - parts[0]) / (parts[2] if len(parts) == 3 else 1.0))
            if count > _MAX_TABLE_POSITIONS:
                raise _UsageError(f"--positions must give at most {_MAX_TABLE_POSITIONS} positions; "
                                  f"got {int(count)} from {text!r}.")
            values = np.arange(*parts, dtype=np.float64)
        else:
            values = np.array([float(p) for p in text.split(",")], dtype=np.float64)
    except ValueError:
        raise _UsageError(f"--positions must be 'start:stop[:step]' or a comma-separated list of "
                          f"numbers, e.g. 0:4 or 0,7,4096; got {text!r}.") from None
    try:
        return _validate.positions(values, "--positions")
    except ValueError as err:
        raise _UsageError(str(err)) from None


def _float_repr(value: float) -> str:
    """Shortest text that reads back to the same float64."""
    return repr(float(value))


def _table_rows(rope: RoPE, positions: np.ndarray, seq_len: float | None = None) -> list[dict[str, Any]]:
    """One row per (position, pair): features, theta_j (after scaling), angle, cos and sin."""
    freq = rope.inv_freq_for(positions, seq_len) if positions.size else rope.inv_freq(seq_len)
    ang = rope.angles(positions, seq_len)
    cos, sin = rope.cos_sin(positions, seq_len)
    re, im = pair_indices(rope.rotary_dim, rope.layout)
    rows = []
    for p, m in enumerate(positions.tolist()):
        for j in range(freq.size):
            rows.append({"position": m, "pair": j, "features": [int(re[j]), int(im[j])],
                         "theta": float(freq[j]), "angle": float(ang[p, j]),
                         "cos": float(cos[p, j]), "sin": float(sin[p, j])})
    return rows


def _print_aligned(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = "  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))
    print(line, file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)), file=out)


def _rule_from_args(args: argparse.Namespace,
                    config_flag: str | None = None) -> tuple[Scaling | None, _cli_scaling.Declared]:
    """The context-extension rule of --rope-type, its parameter flags and --scaling (None when none
    was given), and the flags as typed (to name them in later errors); a usage error with
    ``config_flag`` (the flag that already gives the RoPE), or for a bad rule, naming the flag."""
    try:
        declared = _cli_scaling.from_args(args)
        if declared.given and config_flag is not None:
            raise _UsageError(f"{config_flag} gives the RoPE and its scaling rule; do not also pass "
                              f"{', '.join(declared.flags())}.")
        return declared.rule(), declared
    except _cli_scaling.RuleError as err:
        raise _UsageError(str(err)) from None


def _layer_type_from_args(args: argparse.Namespace) -> str | None:
    """--layer-type, which only a --config can use (a usage error naming both otherwise)."""
    layer_type = getattr(args, "layer_type", None)
    if layer_type is not None and not getattr(args, "config", None):
        raise _UsageError(f"--layer-type goes with --config (the layer type of that config's RoPE); got "
                          f"--layer-type {layer_type} without --config.")
    return layer_type


def _rope_from_args(args: argparse.Namespace) -> RoPE:
    scaling, declared = _rule_from_args(args, "--config" if getattr(args, "config", None) else None)
    layer_type = _layer_type_from_args(args)
    try:
        if getattr(args, "config", None):
            try:
                rope = from_hf_config(args.config, layout=args.layout, layer_type=layer_type,
                                      strict=getattr(args, "strict", False))
            except (TypeError, ValueError) as err:
                raise _UsageError(f"--config {args.config}: {golden_cli.flag_words(str(err))}") from None
            given = {k: v for k, v in (("dim", args.dim), ("base", args.base), ("rotary_dim", args.rotary_dim))
                     if v is not None}
            if given:
                flags = ", ".join("--" + k.replace("_", "-") for k in given)
                raise _UsageError(f"--config gives the RoPE; do not also pass {flags}.")
            return dataclasses.replace(rope, precision=args.precision)
        if args.dim is None:
            raise _UsageError("pass --dim (and optionally --base, --rotary-dim) or --config CONFIG.json.")
        layout = "half" if args.layout is None else args.layout  # --layout "" is refused, not defaulted
        return RoPE(args.dim, base=10000.0 if args.base is None else args.base, layout=layout,
                    rotary_dim=args.rotary_dim, scaling=scaling, precision=args.precision)
    except (TypeError, ValueError) as err:
        raise _UsageError(declared.in_flags(str(err))) from None


def _fits_table(rope: RoPE, positions: np.ndarray, as_json: bool) -> None:
    """Refuse a table of more than _MAX_TABLE_ROWS rows (positions x pairs), or one beyond the memory limit."""
    pairs = rope.rotary_dim // 2
    rows = positions.size * pairs
    if rows > _MAX_TABLE_ROWS:
        raise _UsageError(f"--positions and --dim must give at most {_MAX_TABLE_ROWS} rows (positions x pairs, "
                          f"pairs = rotary dim / 2); got {positions.size} positions x {pairs} pairs = {rows} rows. "
                          "Ask for fewer positions, or a smaller --dim or --rotary-dim.")
    try:
        _validate.fits(rows * _TABLE_ROW_BYTES["json" if as_json else "text"], "--positions",
                       f"{positions.size} positions x {pairs} pairs", "the table's working set")
    except ValueError as err:
        raise _UsageError(str(err)) from None


def _cmd_table(args: argparse.Namespace, out: TextIO) -> int:
    rope = _rope_from_args(args)
    positions = _parse_positions(args.positions)
    _fits_table(rope, positions, args.json)
    try:
        rows = _table_rows(rope, positions, args.seq_len)
    except ValueError as err:
        raise _UsageError(str(err)) from None
    scaling = None if rope.scaling is None else repr(rope.scaling)
    if args.json:
        dump_strict({"dim": rope.dim, "base": rope.base, "layout": rope.layout, "rotary_dim": rope.rotary_dim,
                   "scaling": scaling, "precision": rope.precision, "attention_factor": rope.attention_factor,
                   "rows": rows}, out, indent=2)
        print(file=out)
        return EXIT_OK
    print(f"RoPE dim={rope.dim} base={rope.base:g} layout={rope.layout} rotary_dim={rope.rotary_dim} "
          f"precision={rope.precision}", file=out)
    if scaling is not None:
        print(f"scaling {scaling}; attention factor {rope.attention_factor!r}", file=out)
    cells = [[_float_repr(r["position"]), str(r["pair"]), "{},{}".format(*r["features"]),
              _float_repr(r["theta"]), _float_repr(r["angle"]), _float_repr(r["cos"]), _float_repr(r["sin"])]
             for r in rows]
    _print_aligned(["position", "pair", "features", "theta_j", "angle", "cos", "sin"], cells, out)
    return EXIT_OK


def _relative_identity_check(rope: RoPE, trials: int = 200, seed: int = 0) -> dict[str, float]:
    """Check <R_m q, R_n k> == <q, R_(n-m) k> on seeded random vectors and positions.

    The tolerance is the verification policy's score bound (rope_ref._policy.score_error) for
    each side in float64, added: the left rotates q to m and k to n, the right only k to n - m.
    Returns the largest error as a fraction of that tolerance (<= 1 passes).
    """
    rng = np.random.default_rng(seed)
    rate = angle_rate(rope.inv_freq())
    a = rope.attention_factor
    worst = 0.0
    for _ in range(trials):
        q, k = rng.standard_normal((2, rope.dim))
        m, n = rng.integers(-(2**20), 2**20, size=2).astype(np.float64)
        lhs = float(np.dot(rope.apply(q, m), rope.apply(k, n)))
        rhs = float(np.dot(q, rope.apply(k, n - m))) * a  # q unrotated: the factor a of its rotation
        qn, kn = float(np.linalg.norm(q)), float(np.linalg.norm(k))
        tol = (score_error(dtype="float64", q_norm=qn, k_norm=kn, max_position_q=m, max_position_k=n,
                           angle_rate=rate, dim=rope.dim, attention_factor=a)
               + score_error(dtype="float64", q_norm=qn, k_norm=kn, max_position_q=0.0, max_position_k=n - m,
                             angle_rate=rate, dim=rope.dim, attention_factor=a))
        worst = max(worst, abs(lhs - rhs) / tol)
    return {"trials": trials, "worst_error_over_tolerance": float(worst)}


def _cmd_tour(args: argparse.Namespace, out: TextIO) -> int:
    print("rope-ref tour: RoPE rotates feature pair j at position m by m * theta_j.\n", file=out)
    demo = argparse.Namespace(dim=8, base=10000.0, layout="half", rotary_dim=None, precision="float64",
                              positions="0:3", json=False, config=None, seq_len=None)
    _cmd_table(demo, out)
    print(file=out)
    ok = True
    rng = np.random.default_rng(1)
    for layout in ("half", "interleaved"):
        for rotary_dim in (None, 32):
            rope = RoPE(64, layout=layout, rotary_dim=rotary_dim)
            ident = _relative_identity_check(rope)
            x = rng.standard_normal((16, 64))
            pos = rng.uniform(-1e5, 1e5, size=16)
            y = rope.apply(x, pos)
            norm_err = float(np.max(np.abs(np.linalg.norm(y, axis=-1) / np.linalg.norm(x, axis=-1) - 1)))
            inv_err = float(np.max(np.abs(rope.invert(y, pos) - x)))
            # R_m^T R_m = I with the same computed angles, so only cos^2 + sin^2 != 1 and the
            # complex products' roundings remain: a few eps, relative to |x|.
            passed = (ident["worst_error_over_tolerance"] <= 1 and norm_err <= 8 * _EPS
                      and inv_err <= 8 * _EPS * float(np.max(np.abs(x))))
            ok &= passed
            print(f"{'PASS' if passed else 'FAIL'}  layout={layout:<11} rotary_dim={rope.rotary_dim:<3} "
                  f"relative identity: worst error {ident['worst_error_over_tolerance']:.2e} of its float64 bound "
                  f"({ident['trials']} trials, |m|,|n| < 2^20); norm kept to {norm_err:.1e}; "
                  f"invert(apply(x)) - x <= {inv_err:.1e}", file=out)
    print("\nAll checks passed." if ok else "\nSome checks FAILED.", file=out)
    return EXIT_OK if ok else EXIT_FAIL


# -- rope-ref audit (the computation is rope_ref.audit) --------------------------------------------

def _audit_exponents(text: str) -> range:
    try:
        lo, hi = (int(part) for part in text.split(":"))
    except ValueError:
        raise _validate.fail("--exponents", "'lo:hi', integers in [1, 44] with lo <= hi, e.g. 8:31", text) from None
    if not 1 <= lo <= hi <= 44:
        raise _validate.fail("--exponents", "'lo:hi', integers in [1, 44] with lo <= hi, e.g. 8:31", text)
    return range(lo, hi + 1)


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    rule, declared = _rule_from_args(args, None if args.config is None else "--config")
    layer_type = _layer_type_from_args(args)
    try:
        recipes = None if args.recipes is None else [r.strip() for r in args.recipes.split(",")]
        dim, base, rotary_dim, scaling = args.dim, args.base, args.rotary_dim, rule
        if args.config is not None:  # dim, base, partial rotary and the scaling rule from a config.json
            try:
                rope = from_hf_config(args.config, layer_type=layer_type, strict=args.strict)
            except (TypeError, ValueError) as err:
                raise _UsageError(f"--config {args.config}: {golden_cli.flag_words(str(err))}") from None
            dim, base, rotary_dim, scaling = rope.dim, rope.base, rope.rotary_dim, rope.scaling
        result = audit.audit(dim, base=base, rotary_dim=rotary_dim, scaling=scaling, recipes=recipes,
                             exponents=_audit_exponents(args.exponents), samples=args.samples, seed=args.seed)
        if args.plot:
            try:
                audit.plot(result, args.plot)
            except ImportError:
                raise _validate.fail("--plot", "used with matplotlib installed (pip install matplotlib); the "
                                     "tables and --json need nothing more", args.plot) from None
    except (TypeError, ValueError) as err:
        raise _UsageError(declared.in_flags(str(err))) from None
    if args.json:
        clean = {**result, "recipes": [{**r, **{k: [None if math.isnan(e) else e for e in r[k]]
                                                for k in ("cos_sin_error", "output_error")}}
                                       for r in result["recipes"]]}
        json.dump(clean, out, indent=2, allow_nan=False)
        print(file=out)
    else:
        out.write(audit.format_tables(result))
    return EXIT_OK


def _add_audit_command(sub: Any) -> None:
    """Register ``rope-ref audit`` on the command line's subparsers."""
    p = sub.add_parser("audit", help="max error of common low-precision recipes against exact mode",
                       description="For each recipe (float32 angles as in transformers, bfloat16/float16 "
                                   "positions, inv_freq, caches and inputs, plain float64), the max error of "
                                   "cos/sin and of rotated outputs against exact mode at positions 2^k - 1 and 2^k.")
    p.add_argument("--dim", type=int, default=128, help="features per head d (even; default 128)")
    p.add_argument("--base", type=float, default=10000.0, help="frequency base rope_theta (default 10000)")
    p.add_argument("--rotary-dim", type=int, default=None, help="features that rotate (default: all)")
    p.add_argument("--config", default=None, metavar="CONFIG.json",
                   help="take dim, base, rotary dim and the scaling rule from a model's config.json")
    p.add_argument("--layer-type", default=None, help="with --config: the layer type whose RoPE to audit "
                                                      "(e.g. sliding_attention), for a config with one per layer type")
    p.add_argument("--strict", action="store_true", help="with --config: refuse a config rope-ref "
                   "would read on an assumption (an unknown model type, keys transformers ignores)")
    p.add_argument("--recipes", default=None, help=f"comma-separated, from {', '.join(RECIPES)} (default: all)")
    p.add_argument("--exponents", default="8:31", help="k range lo:hi, positions 2^k - 1 and 2^k (default 8:31)")
    p.add_argument("--samples", type=int, default=8, help="random feature vectors per position (default 8)")
    p.add_argument("--seed", type=int, default=0, help="seed of the feature vectors (default 0)")
    p.add_argument("--json", action="store_true", help="print the results as JSON (null where a recipe overflowed)")
    p.add_argument("--plot", metavar="FILE", default=None, help="also save a figure of error against position "
                                                                "(needs matplotlib)")
    _cli_scaling.add_options(p)
    p.set_defaults(run=_cmd_audit)


#: rope-ref's speed targets for RoPE.apply (tables included), as multiples of x.copy() on the same x.
_BENCH_TARGETS = {"interleaved": 1.5, "half": 2.5, "exact": 10.0}


def _bench_shape(text: str) -> tuple[int, ...]:
    """--shape as a tuple, within _MAX_BENCH_VALUES values and the memory limit (a usage error otherwise)."""
    try:
        shape = tuple(int(s) for s in text.split(","))
        if len(shape) < 2 or min(shape) < 1 or int(np.prod(shape, dtype=object)) > _MAX_BENCH_VALUES:
            raise ValueError
        _validate.dim(shape[-1], "--shape[-1]")
    except (TypeError, ValueError) as err:
        raise _UsageError(f"--shape must be comma-separated positive integers ending in an even head "
                          f"dim, at most 2**27 values in all, e.g. 1,32,4096,128; got {text!r}. "
                          f"{err}".rstrip()) from None
    values, entries = math.prod(shape), shape[-2] * (shape[-1] // 2)
    try:  # x, the output of one apply, and the exact-mode tables (positions along axis -2 x pairs)
        _validate.fits(16 * values + _BENCH_TABLE_BYTES * entries, "--shape", f"{text} ({values} values, tables "
                       f"of {shape[-2]} positions x {shape[-1] // 2} pairs)",
                       "its working set (x, its rotation and the tables)")
    except ValueError as err:
        raise _UsageError(str(err)) from None
    return shape


def _cmd_bench(args: argparse.Namespace, out: TextIO) -> int:
    shape = _bench_shape(args.shape)
    if not 1 <= args.repeat <= 1000:
        raise _UsageError(f"--repeat must be an integer >= 1 and at most 1000; got {args.repeat}.")
    if not 0 <= args.exact_tables <= 1 << 24:
        raise _UsageError(f"--exact-tables must be an integer >= 0 and at most 2**24; got {args.exact_tables}.")
    try:
        _validate.fits(audit._exact_table_bytes(args.exact_tables, shape[-1] // 2), "--exact-tables",
                       f"{args.exact_tables} positions x {shape[-1] // 2} pairs (d/2 of --shape)", "their working set")
    except ValueError as err:
        raise _UsageError(str(err)) from None
    if not (args.check_dim == 0 or (2 <= args.check_dim <= _MAX_CHECK_DIM and args.check_dim % 2 == 0)):
        raise _UsageError(f"--check-dim must be 0 (skip) or an even integer in [2, {_MAX_CHECK_DIM}] (check's own "
                          f"time grows about as d^2); got {args.check_dim}.")
    x = np.random.default_rng(0).standard_normal(shape)
    positions = np.arange(shape[-2], dtype=np.float64)
    results: dict[str, Any] = {"shape": list(shape), "repeat": args.repeat, "results": []}
    print(f"rope-ref bench: x of shape {shape} float64, positions 0..{shape[-2] - 1}, median of "
          f"{args.repeat} runs; baseline x.copy() timed in this process.", file=sys.stderr)
    for name in ("interleaved", "half", "exact"):
        rope = RoPE(shape[-1], layout="half" if name == "exact" else name,
                    precision="exact" if name == "exact" else "float64")
        repeat = min(args.repeat, 3) if name == "exact" else args.repeat
        print(f"  timing apply {name} ({repeat} runs)...", file=sys.stderr, flush=True)
        copy_t = audit.median_seconds(x.copy, args.repeat)
        _cr.STATS.reset()
        apply_t = audit.median_seconds(lambda rope=rope: rope.apply(x, positions), repeat)
        copy_t = min(copy_t, audit.median_seconds(x.copy, args.repeat))  # copy before and after, best
        entry = {"name": f"apply {name}", "seconds": apply_t, "baseline": "x.copy()",
                 "baseline_seconds": copy_t, "ratio": apply_t / copy_t, "goal_ratio": _BENCH_TARGETS[name]}
        if name == "exact":
            entry.update(audit.slow_path_counts())
        results["results"].append(entry)
        if not args.json:
            print(f"apply {name:<11}  {apply_t * 1e3:8.1f} ms   x.copy() {copy_t * 1e3:7.1f} ms   "
                  f"ratio {entry['ratio']:5.2f}x  (target {entry['goal_ratio']}x)", file=out)
            if name == "exact":
                print(audit.format_slow_path(entry), file=out)
            out.flush()
    if args.exact_tables:  # exact-mode cos/sin tables against float64 ones (rope_ref.audit)
        print(f"  timing exact-mode cos/sin tables of {args.exact_tables} x {shape[-1] // 2} pairs "
              f"(up to 3 runs)...", file=sys.stderr, flush=True)
        entry = audit.exact_table_cost(args.exact_tables, shape[-1] // 2, min(args.repeat, 3))
        results["results"].append(entry)
        if not args.json:
            print(audit.format_cost(entry), file=out)
            print(audit.format_slow_path(entry), file=out)
    if args.check_dim:
        results["results"] += _bench_check(args.check_dim, None if args.json else out)
    if args.json:
        dump_strict(results, out, indent=2)
        print(file=out)
    return EXIT_OK


#: rope-ref check's own time (fn's excluded) on a d = 128 implementation, in seconds.
_CHECK_GOAL_SECONDS = 2.0


def _bench_check(dim: int, out: TextIO | None) -> list[dict[str, Any]]:
    """check()'s own time on a correct and on a wrong (diagnosed) implementation of dim features."""
    entries = []
    right, wrong = RoPE(dim), RoPE(dim, layout="interleaved")
    for name, rope in (("check correct", right), ("check diagnosed", wrong)):
        report = check(lambda x, p, rope=rope: rope.apply(x, p), dim=dim, dtype="float64")
        entry = {"name": name, "dim": dim, "seconds": report.checker_seconds, "fn_seconds": report.fn_seconds,
                 "cases": len(report.cases), "goal_seconds": _CHECK_GOAL_SECONDS}
        entries.append(entry)
        if out is not None:
            print(f"{name:<16} d={dim}: {report.checker_seconds:6.3f} s of checker time ({len(report.cases)} cases; "
                  f"fn took {report.fn_seconds:.3f} s)  (goal <= {_CHECK_GOAL_SECONDS:g} s)", file=out)
    return entries


#: `rope-ref prove --help`: printed by rope-ref itself, so it works from any folder.
_PROVE_HELP = """\
usage: rope-ref prove [NUMBER ...] [--json] [-v]

Run rope-ref's sympy proofs (`python -m proofs`) and print a table: every identity the docs use
proved, every wrong formula of the corrections page refuted. Exit 0 if every verdict is the
expected one, 1 otherwise, 2 for a usage error.

The proofs are not installed with the package: they ship in the proofs/ folder of the rope-ref
source repository. Run this command from the root of a checkout of it, with sympy installed
(`pip install '.[test]'` there).

arguments (passed on to `python -m proofs`):
  NUMBER         run only these statements (1 to 13, 14a to 14d)
  --json         print the results as JSON instead of a table
  -v, --verbose  print each proof's checks under the table
  -h, --help     show this help and exit
"""


def _cmd_prove(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``python -m proofs`` from the checkout in the current directory; ``--help`` works anywhere."""
    if "-h" in args.proof_args or "--help" in args.proof_args:
        print(_PROVE_HELP, end="", file=out)
        return EXIT_OK
    root = Path.cwd()
    if not (root / "proofs" / "__init__.py").is_file():
        raise _UsageError("the proofs are not installed with the package: they ship in the proofs/ folder of the "
                          "rope-ref source repository; run `rope-ref prove` from the root of a checkout of it "
                          f"(no proofs/ in {root}).")
    try:
        import sympy  # noqa: F401  (only to give a clear message when it is missing)
    except ImportError:
        raise _UsageError("the proofs need sympy: pip install '.[test]'.") from None
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from proofs.__main__ import main as proofs_main

    try:
        return int(proofs_main(args.proof_args, out))
    except SystemExit as exc:  # its argparse: bad numbers
        return int(exc.code or 0)


def _load_function(spec: str) -> Callable[..., Any]:
    """MODULE:FUNCTION (an importable module, or a path/to/file.py) -> the function."""
    try:
        return load_function(spec)
    except LoadError as err:
        raise _UsageError(str(err)) from None


def _transformers_fn(args: argparse.Namespace) -> Any:
    """What transformers computes for the model of --transformers CONFIG.json (declared by the same config)."""
    if args.implementation is not None:
        raise _UsageError("give MODULE:FUNCTION or --transformers CONFIG.json, not both.")
    try:
        from rope_ref.interop import from_transformers
        fn = from_transformers(args.transformers, dtype=args.dtype or "float32", layer_type=args.layer_type)
    except ImportError as err:
        raise _UsageError(f"--transformers needs torch and transformers installed: {err}.") from None
    except (OSError, TypeError, ValueError) as err:
        raise _UsageError(f"--transformers {args.transformers}: {err}") from None
    if args.config is None:
        args.config = args.transformers
    return fn


def _torch_fn(args: argparse.Namespace, fn: Callable[..., Any]) -> Callable[..., Any]:
    """fn wrapped by rope_ref.interop.from_torch when --torch (or --adapter torch) is given."""
    if args.adapter is None:
        return fn
    args.dtype = args.dtype or "float32"  # the torch dtype of x, and the precision fn is judged at
    try:
        return _cli_scaling.torch_adapter(fn, axes=args.axes, dtype=args.dtype)
    except _cli_scaling.RuleError as err:
        raise _UsageError(str(err)) from None


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    if args.adapter is None and args.axes is not None:
        raise _UsageError(f"--axes says how --torch passes x to fn; pass --torch too, or drop --axes {args.axes}.")
    if args.adapter is not None and args.transformers is not None:
        raise _UsageError("--transformers checks transformers' own torch code; do not also pass --torch.")
    config_flag = "--config" if args.config is not None else "--transformers" if args.transformers else None
    scaling, declared = _rule_from_args(args, config_flag)
    if args.transformers is not None and args.layer_type is None and args.implementation is None:
        layer_types = _layer_types(args.transformers)
        if len(layer_types) > 1:  # one RoPE per layer type: check transformers' code for each
            return _check_layers(args, layer_types, out)
    if args.transformers is not None:
        fn = _transformers_fn(args)
    elif args.implementation is None:
        raise _UsageError("give the implementation as MODULE:FUNCTION, or --transformers CONFIG.json.")
    else:
        fn = _torch_fn(args, _load_function(args.implementation))
    report = _run_check(args, fn, scaling, declared)
    if args.json:
        dump_strict(report.as_dict(), out, indent=2)
        print(file=out)
    else:
        print(report, file=out)
    return EXIT_OK if report.passed else EXIT_FAIL


def _check_timeout(value: float) -> float | None:
    """--timeout: 0 for no limit (None), else seconds in (0, _MAX_TIMEOUT]; a usage error naming it otherwise."""
    if value == 0:
        return None
    if not 0 < value <= _MAX_TIMEOUT:  # NaN fails too
        raise _UsageError(f"--timeout must be 0 (no limit) or a number of seconds > 0 and at most {_MAX_TIMEOUT:g}; "
                          f"got {value:g}.")
    return value


def _run_check(args: argparse.Namespace, fn: Callable[..., Any], scaling: Any, declared: Any) -> Any:
    timeout = _check_timeout(args.timeout)
    try:
        positions = None if args.positions is None else _parse_positions(args.positions)
        return check(fn, dim=args.dim, layout=args.layout, base=args.base, rotary_dim=args.rotary_dim,
                     scaling=scaling, config=args.config, layer_type=args.layer_type, dtype=args.dtype,
                     angle_dtype=args.angle_dtype, seed=args.seed, golden=not args.no_golden,
                     max_position=args.max_position,
                     positions=positions, seq_len=args.seq_len, interface=args.interface,
                     fractional=args.fractional, timeout=timeout)
    except (TypeError, ValueError) as err:
        raise _UsageError(declared.in_flags(str(err))) from None


def _layer_types(config: str) -> tuple[str, ...]:
    """The layer types of a config with one RoPE each (empty when unreadable: the check then says why)."""
    from rope_ref.hf import rope_layer_types

    try:
        return rope_layer_types(config)
    except (OSError, TypeError, ValueError):
        return ()


def _check_layers(args: argparse.Namespace, layer_types: tuple[str, ...], out: TextIO) -> int:
    """--transformers on a config with a RoPE per layer type and no --layer-type: every layer type in turn."""
    reports = {}
    for layer_type in layer_types:
        args.layer_type, args.config = layer_type, None
        fn = _transformers_fn(args)
        scaling, declared = _rule_from_args(args, "--transformers")
        reports[layer_type] = _run_check(args, fn, scaling, declared)
    passed = all(r.passed for r in reports.values())
    if args.json:
        dump_strict({"format": "rope-ref-check-layers", "format_version": 1, "passed": passed,
                     "layer_types": {t: r.as_dict() for t, r in reports.items()}}, out, indent=2)
        print(file=out)
    else:
        for layer_type, report in reports.items():
            print(f"== layer type {layer_type} ==", file=out)
            print(report, file=out)
        verdicts = ", ".join(f"{t}: {'PASS' if r.passed else 'FAIL'}" for t, r in reports.items())
        print(f"rope-ref check: {'PASS' if passed else 'FAIL'} for every layer type ({verdicts})", file=out)
    return EXIT_OK if passed else EXIT_FAIL


def _add_rope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dim", type=int, default=None, help="features per head d (even); or use --config")
    p.add_argument("--base", type=float, default=None, help="frequency base rope_theta (default 10000)")
    p.add_argument("--layout", default=None, help="'half' (GPT-NeoX) or 'interleaved' (GPT-J); default half, "
                                                  "or what --config implies")
    p.add_argument("--rotary-dim", type=int, default=None, help="features that rotate (default: all)")
    p.add_argument("--config", default=None, metavar="CONFIG.json",
                   help="a model's Hugging Face config.json: dim, base, partial rotary and scaling from it")
    p.add_argument("--seq-len", type=float, default=None,
                   help="sequence length for rules that depend on it (default: max position + 1)")
    p.add_argument("--precision", default="float64", help=f"one of {', '.join(PRECISIONS)} (default float64)")
    _cli_scaling.add_options(p)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rope-ref",
        description="Reference implementation and verification tools for Rotary Position Embedding.",
        epilog="Exit codes: 0 success, 1 a check failed, 2 usage error.")
    parser.add_argument("--version", action="version", version=f"rope-ref {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("table", help="print theta_j, angle, cos and sin per position and pair",
                       description="Print the per-pair frequency, angle, cos and sin for each position.")
    _add_rope_options(p)
    p.add_argument("--layer-type", default=None, help="with --config: the layer type whose RoPE to tabulate "
                                                      "(e.g. sliding_attention), for a config with one per layer type")
    p.add_argument("--strict", action="store_true", help="with --config: refuse a config rope-ref "
                   "would read on an assumption (an unknown model type, keys transformers ignores)")
    p.add_argument("--positions", default="0:4", help="start:stop[:step] or a comma list (default 0:4); "
                                                        "write --positions=-3:3 when it starts with '-'")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.set_defaults(run=_cmd_table)

    p = sub.add_parser("tour", help="a short demonstration that checks RoPE's defining properties",
                       description="Print a small table and check the relative-position identity, norm "
                                   "preservation and invertibility on random vectors (exit 1 on failure).")
    p.set_defaults(run=_cmd_tour)

    _add_audit_command(sub)

    p = sub.add_parser("bench", help="time RoPE.apply against x.copy(), exact tables against float64 ones",
                       description="Median time of RoPE.apply per layout next to the median time of "
                                   "x.copy() on the same array, with the ratio; then exact-mode cos/sin "
                                   "tables next to float64 tables. Baselines are timed in the same process. "
                                   "For exact mode it also prints the share of values its slow path "
                                   "(decimal, for values near a rounding boundary) computed.")
    p.add_argument("--shape", default="1,32,4096,128", help="x's shape, positions along axis -2, at most 2**27 "
                                                             "values within the memory limit (default 1,32,4096,128)")
    p.add_argument("--repeat", type=int, default=7, help="runs per measurement (default 7)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--exact-tables", type=int, default=1 << 20, metavar="POSITIONS",
                   help="time exact-mode cos/sin tables of POSITIONS x d/2 pairs against float64 tables "
                        "(default 2**20, median of at most 3 runs; 0 skips them)")
    p.add_argument("--check-dim", type=int, default=128, metavar="D",
                   help="time rope-ref check's own work (fn excluded) on a correct and a wrong implementation "
                        f"of D features, D even and at most {_MAX_CHECK_DIM} (default 128; 0 skips it)")
    p.set_defaults(run=_cmd_bench)
    p = sub.add_parser("check", help="check an implementation fn(x, positions) -> y and diagnose failures",
                       description="Run MODULE:FUNCTION on the golden cases that fit and on random cases up to "
                                   "long positions; on failure name the likely mistake. Exit 0 pass, 1 fail, "
                                   "2 usage error.")
    p.add_argument("implementation", metavar="MODULE:FUNCTION", nargs="?", default=None,
                   help="e.g. mypkg.rope:apply or path/to/file.py:fn (or use --transformers)")
    p.add_argument("--transformers", default=None, metavar="CONFIG.json",
                   help="check what transformers computes for this model: its rotary module and apply function "
                        "(needs torch and transformers; declares the same config unless --config is given)")
    p.add_argument("--dim", type=int, default=None, help="head dim d (or use --config)")
    p.add_argument("--base", type=float, default=None, help="declared base (default 10000)")
    p.add_argument("--layout", default=None, help="declared layout: half (default) or interleaved")
    p.add_argument("--rotary-dim", type=int, default=None, help="declared rotary dim (default: all)")
    p.add_argument("--config", default=None, metavar="CONFIG.json", help="declare the RoPE of a config.json")
    p.add_argument("--layer-type", default=None, help="with --config: the layer type whose RoPE to declare "
                                                      "(e.g. sliding_attention); --transformers without it checks "
                                                      "every layer type of a config that has a RoPE per layer type")
    p.add_argument("--strict", action="store_true", help="with --config: refuse a config rope-ref "
                   "would read on an assumption (an unknown model type, keys transformers ignores)")
    p.add_argument("--dtype", default=None, help="float64, float32, float16 or bfloat16 (default: fn's output; "
                                                 "with --torch, x's torch dtype, default float32)")
    p.add_argument("--angle-dtype", default=None, help="precision fn computes angles in (default float64 for "
                                                       "float64/float32, float32 for float16/bfloat16)")
    p.add_argument("--max-position", type=float, default=None,
                   help="no case reaches this position (default with a config: the model's context; inf lifts it)")
    p.add_argument("--positions", default=None, help="also check these positions: start:stop[:step] or a comma list")
    p.add_argument("--seq-len", type=float, default=None,
                   help="the sequence length fn computes its frequencies with, if not max(positions) + 1")
    p.add_argument("--interface", default=None, choices=INTERFACES,
                   help="positions: fn(x, positions[, seq_len]); offset: fn(x, offset) for decode-style APIs; "
                        "batched: fn(x, positions) with x (batch, seq, d) and positions (batch, seq); qk: "
                        "fn(q, k, positions) returning (q, k), q with 2 heads and k with 1 (default: qk when fn's "
                        "first parameters are named q and k, else positions)")
    p.add_argument("--fractional", action="store_true", help="include cases with fractional positions")
    p.add_argument("--no-golden", action="store_true", help="skip the golden cases (random cases only)")
    p.add_argument("--timeout", type=float, default=_DEFAULT_TIMEOUT,
                   help=f"seconds one call of fn may take, at most {_MAX_TIMEOUT:g} (0: no limit; default "
                        f"{_DEFAULT_TIMEOUT:g})")
    p.add_argument("--seed", type=int, default=0, help="seed of the random cases (default 0)")
    p.add_argument("--json", action="store_true", help="print the report as strict JSON (format rope-ref-check v3)")
    p.add_argument("--torch", dest="adapter", action="store_const", const="torch", default=None,
                   help="FUNCTION is a torch function f(x, position_ids): wrap it with rope_ref.interop.from_torch "
                        "(x a tensor of --dtype in --axes, position_ids an int64 tensor (1, n))")
    p.add_argument("--adapter", dest="adapter", choices=("torch",), default=None,
                   help="the framework FUNCTION is written in: torch (the same as --torch)")
    p.add_argument("--axes", default=None, help="with --torch: the axes of x, one of bhsd, bshd, bsd, sd "
                                                "(default bhsd; batch and heads are 1)")
    _cli_scaling.add_options(p)
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser("prove", help="run the sympy proofs (from a checkout; needs sympy)", add_help=False,
                       description="Run `python -m proofs` of the checkout in the current directory (the "
                                   "proofs ship in the source repository, not with the package); the "
                                   "arguments are passed on (see `rope-ref prove --help`).")
    p.add_argument("proof_args", nargs=argparse.REMAINDER, help="statement numbers, --json, -v, --help")
    p.set_defaults(run=_cmd_prove)
    golden_cli.add_parser(sub)
    models_cli.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 check failed, 2 usage error)."""
    parser = _build_parser()
    stream = sys.stdout if out is None else out
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["prove"]:  # everything after it belongs to python -m proofs (--help: _PROVE_HELP)
        args = argparse.Namespace(command="prove", proof_args=arguments[1:], run=_cmd_prove)
    else:
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # argparse exits 0 for --help/--version and 2 for usage errors
            return int(exc.code or 0)
    with warnings.catch_warnings(record=True) as caught:  # a config read on an assumption: one line each
        warnings.simplefilter("always", ConfigWarning)
        try:
            code = int(args.run(args, stream))
        except (_UsageError, golden_cli.GoldenUsageError) as err:
            code = EXIT_USAGE
            print(f"rope-ref {args.command}: error: {cli_words(str(err))}", file=sys.stderr)
        except MemoryError as err:  # the sizes passed the memory limit, but this machine has less to give
            code = EXIT_USAGE
            print(f"rope-ref {args.command}: error: out of memory ({_one_line(err) or 'an allocation failed'}): "
                  f"the sizes asked for are within the memory limit{_limit_words()} but this machine has less to "
                  f"give; ask for less, or set {_validate.MAX_BYTES_VARIABLE} lower to be refused up front.",
                  file=sys.stderr)
        except BrokenPipeError:
            code = EXIT_OK
        finally:
            for message in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, ConfigWarning)):
                if args.command != "models":  # `models describe` prints its warnings with the reading
                    print(f"rope-ref {args.command}: warning: {cli_words(message)}", file=sys.stderr)
    return code


def _limit_words() -> str:
    """The memory limit in force as words (' of 4 GiB'), or '' when ROPE_REF_MAX_BYTES cannot be read."""
    try:
        return f" of {_validate.size_text(_validate.max_bytes())}"
    except ValueError:
        return ""


def _one_line(err: BaseException) -> str:
    """An exception's message on one line."""
    return " ".join(str(err).split())


def console_main() -> None:
    """Entry point of the ``rope-ref`` console script; Ctrl-C ends it with one line and exit 130."""
    try:
        code = main()
    except KeyboardInterrupt:
        print("rope-ref: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code)


#: Helpers this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {name: f"rope_ref.cli:_{name}" for name in (
    "build_parser", "parse_positions", "relative_identity_check", "table_rows")})
