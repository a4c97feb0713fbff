"""The precision audit: how far common RoPE recipes are from the truth, position by position.

For one RoPE configuration (dim, base, rotary_dim, scaling; layout "half", as transformers)
and each recipe of :data:`rope_ref.precision.RECIPES`, :func:`audit` measures against exact
mode, at the positions m = 2^k - 1 and 2^k for k = 8 .. 31:

- cos/sin error: max |cache - a cos(m theta_j)| and |cache - a sin(m theta_j)| over the pairs
  (a the attention factor, which transformers folds into the cache);
- output error: max |y - y_exact| / (a |z_j|) over the rotated components of seeded random
  features rounded to the recipe's input format: the error relative to the pair's size.

2^k - 1 is audited next to 2^k because powers of two are exact in every format, while a
bfloat16 position 2^k - 1 is already off by one for k > 8. ``rope-ref audit`` prints the two
tables (``--json`` for data, ``--plot FILE`` for a figure when matplotlib is installed;
nothing else needs it); its command line is in :mod:`rope_ref.cli`. :func:`exact_table_cost`
times exact-mode tables for ``rope-ref bench``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from rope_ref import _cr, _validate
from rope_ref._deprecated import renamed
from rope_ref.frequencies import Scaling
from rope_ref.precision import RECIPES, Recipe, recipe_apply, recipe_cos_sin, round_to
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices

__all__ = ["EXPONENTS", "audit", "exact_table_cost", "format_cost", "format_slow_path", "format_tables",
           "median_seconds", "plot", "slow_path_counts"]

_MAX_SAMPLES = 4096  # random vectors per position: far beyond what the maximum error needs
_MAX_TABLE = 1 << 24  # positions in the timed tables: 128 MiB per float64 table of 1 pair
#: Peak bytes per feature value of :func:`audit` (positions x samples x dim values: x, its rounding, the recipe's
#: and exact mode's outputs, the pair sizes and errors) and per entry (position, pair) of
#: :func:`exact_table_cost`'s tables, plus 16 a position; measured with tracemalloc and rounded up.
_AUDIT_BYTES = 112
_TABLE_BYTES, _TABLE_POSITION_BYTES = 32, 16

EXPONENTS = range(8, 32)
"""The default k of :func:`audit`: positions 2^k - 1 and 2^k for k = 8 .. 31."""


def _max_error(err: np.ndarray) -> float:
    """The largest error, or NaN when the recipe produced NaN or infinity (it overflowed)."""
    with np.errstate(invalid="ignore"):
        return float(np.max(err)) if np.all(np.isfinite(err)) else math.nan


def audit(dim: int = 128, base: float = 10000.0, rotary_dim: int | None = None, scaling: Scaling | None = None,
          recipes: Iterable[str] | None = None, exponents: Iterable[int] = EXPONENTS, samples: int = 8,
          seed: int = 0) -> dict[str, Any]:
    """Max error of each recipe's cos/sin and rotated outputs against exact mode, per position.

    Example:
        >>> from rope_ref.audit import audit
        >>> result = audit(128, recipes=["float32"], exponents=[17, 20])
        >>> row = result["recipes"][0]
        >>> row["name"], [f"{e:.0e}" for e in row["cos_sin_error"]]
        ('float32', ['4e-03', '3e-02'])

    Parameters:
        dim, base, rotary_dim, scaling: the configuration, as for :class:`rope_ref.RoPE`.
        recipes: names from :data:`rope_ref.precision.RECIPES` (default: all of them).
        exponents: k, auditing positions 2^k - 1 and 2^k (integers in [1, 44]).
        samples: random feature vectors per position for the output error.
        seed: seed of those vectors.

    Returns:
        A JSON-ready dict: the configuration, ``rows`` (exponent and positions), and per recipe
        its formats, ``cos_sin_error`` and ``output_error`` (one float per row; NaN where the
        recipe overflowed).

    Raises:
        TypeError, ValueError: for a bad configuration, recipe name, exponent or sample count; ValueError
            when its arrays would exceed the memory limit (ROPE_REF_MAX_BYTES, 4 GiB by default).
    """
    rope = RoPE(dim, base=base, layout="half", rotary_dim=rotary_dim, scaling=scaling)
    names = list(RECIPES) if recipes is None else list(recipes)
    chosen: list[Recipe] = []
    for name in names:
        if name not in RECIPES:
            raise _validate.fail("recipes", "names from " + ", ".join(RECIPES), name)
        chosen.append(RECIPES[name])
    ks = list(exponents)
    for k in ks:
        if not _validate.is_integer(k) or not 1 <= k <= 44:
            raise _validate.fail("exponents", "integers in [1, 44]", k)
    if not _validate.is_integer(samples) or samples < 1:
        raise _validate.fail("samples", "an integer >= 1", samples)
    if samples > _MAX_SAMPLES:
        raise _validate.fail("samples", "at most 4096 (x holds positions x samples x dim values)", samples)

    values = 2 * len(ks) * samples * rope.dim
    _validate.fits(_AUDIT_BYTES * values, "samples", f"{samples} samples of dim = {rope.dim} at {2 * len(ks)} "
                   "positions", f"the audit's working set ({values} feature values)")
    reference = RoPE(dim, base=base, layout="half", rotary_dim=rotary_dim, scaling=scaling, precision="exact")
    positions = np.array([[2.0**k - 1, 2.0**k] for k in ks]).reshape(len(ks), 2)
    a = reference.attention_factor
    want_cos, want_sin = reference.cos_sin(positions, scaled=True)
    x = np.random.default_rng(seed).standard_normal((positions.size, samples, dim))
    re, im = pair_indices(reference.rotary_dim, "half")
    results = []
    for recipe in chosen:
        cos, sin = recipe_cos_sin(recipe, rope, positions)
        with np.errstate(invalid="ignore"):
            table_err = np.maximum(np.abs(cos - want_cos), np.abs(sin - want_sin)).reshape(len(ks), -1)
        xr = round_to(x, recipe.inputs)
        y = recipe_apply(recipe, rope, xr, positions.reshape(-1, 1))
        y_exact = reference.apply(xr, positions.reshape(-1, 1))
        size = a * np.hypot(xr[..., re], xr[..., im])
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.maximum(np.abs(y[..., re] - y_exact[..., re]), np.abs(y[..., im] - y_exact[..., im])) / size
        rel = np.where(size > 0, rel, 0.0).reshape(len(ks), -1)
        results.append({
            "name": recipe.name, "description": recipe.description,
            "formats": {f: getattr(recipe, f) for f in ("inv_freq", "positions", "compute", "cache", "inputs")},
            "cos_sin_error": [_max_error(table_err[i]) for i in range(len(ks))],
            "output_error": [_max_error(rel[i]) for i in range(len(ks))],
        })
    return {
        "dim": rope.dim, "base": rope.base, "rotary_dim": rope.rotary_dim, "layout": "half",
        "scaling": None if scaling is None else repr(scaling), "attention_factor": a,
        "reference": "exact mode (RoPE(..., precision='exact'))", "samples": samples, "seed": seed,
        "rows": [{"exponent": k, "positions": positions[i].tolist()} for i, k in enumerate(ks)],
        "recipes": results,
    }


def _cell(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.1e}"


def format_tables(result: dict[str, Any]) -> str:
    """The audit as two aligned text tables (cos/sin, rotated outputs) and a legend of recipes."""
    recipes = result["recipes"]
    widths = [max(len(r["name"]), 7) for r in recipes]
    lines = [f"rope-ref audit: dim={result['dim']} base={result['base']:g} rotary_dim={result['rotary_dim']} "
             f"layout={result['layout']} scaling={result['scaling']} attention_factor={result['attention_factor']:g}",
             "max |error| against exact mode at positions m = 2^k - 1 and 2^k; nan: the recipe overflowed"]
    for key, title in (("cos_sin_error", "cos/sin tables: max |cos - a cos(m theta_j)|, |sin - a sin(m theta_j)|"),
                       ("output_error", f"rotated outputs: max |y - y_exact| / (a |z_j|) over pairs and "
                                        f"{result['samples']} random vectors")):
        lines += ["", title]
        header = "   k  " + "  ".join(r["name"].rjust(w) for r, w in zip(recipes, widths, strict=True))
        lines += [header, "-" * len(header)]
        for i, row in enumerate(result["rows"]):
            cells = "  ".join(_cell(r[key][i]).rjust(w) for r, w in zip(recipes, widths, strict=True))
            lines.append(f"  {row['exponent']:2d}  {cells}")
    lines += ["", "recipes:"]
    lines += [f"  {r['name']:<{max(widths)}}  {r['description']}" for r in recipes]
    return "\n".join(lines) + "\n"


def plot(result: dict[str, Any], path: str) -> None:
    """Save a log-log figure of both errors against position (needs matplotlib).

    Raises:
        ImportError: matplotlib is not installed.
    """
    from matplotlib.figure import Figure  # optional: only this function needs it

    fig = Figure(figsize=(11, 4.5))
    axes = fig.subplots(1, 2)
    m = [row["positions"][1] for row in result["rows"]]
    for ax, key, title in zip(axes, ("cos_sin_error", "output_error"), ("cos/sin tables", "rotated outputs"),
                              strict=True):
        for r in result["recipes"]:
            ax.loglog(m, [np.nan if e == 0 else e for e in r[key]], marker=".", label=r["name"])
        ax.set_title(f"{title}: max error against exact mode")
        ax.set_xlabel("position m")
        ax.grid(True, which="major", alpha=0.3)
    axes[0].legend(fontsize="small")
    fig.savefig(path)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``fn()`` over ``repeat`` runs, in seconds (``rope-ref bench``'s timer).

    Example:
        >>> median_seconds(lambda: None, repeat=3) >= 0.0
        True
    """
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def exact_table_cost(num_positions: int = 1 << 20, pairs: int = 64, repeat: int = 3) -> dict[str, Any]:
    """Median time of exact-mode cos/sin tables next to plain float64 tables, in this process.

    Example:
        >>> from rope_ref.audit import exact_table_cost
        >>> entry = exact_table_cost(64, 8, repeat=1)
        >>> entry["name"], entry["baseline"], entry["goal_ratio"]
        ('cos_sin exact', 'cos_sin float64', 5.0)
    """
    if not _validate.is_integer(num_positions) or num_positions < 1:
        raise _validate.fail("num_positions", "an integer >= 1", num_positions)
    if num_positions > _MAX_TABLE:
        raise _validate.fail("num_positions", "at most 2**24 (the tables hold positions x pairs values)", num_positions)
    if not _validate.is_integer(pairs) or not 1 <= pairs <= 2**19:
        raise _validate.fail("pairs", "an integer in [1, 2**19] (d/2 for d up to 2**20)", pairs)
    if not _validate.is_integer(repeat) or repeat < 1:
        raise _validate.fail("repeat", "an integer >= 1", repeat)
    _validate.fits(_exact_table_bytes(num_positions, pairs), "num_positions",
                   f"{num_positions} positions x {pairs} pairs", "their working set")
    positions = np.arange(num_positions, dtype=np.float64)
    plain, exact_rope = RoPE(2 * pairs), RoPE(2 * pairs, precision="exact")
    baseline = median_seconds(lambda: plain.cos_sin(positions), repeat)
    _cr.STATS.reset()
    seconds = median_seconds(lambda: exact_rope.cos_sin(positions), repeat)
    return {"name": "cos_sin exact", "seconds": seconds, "baseline": "cos_sin float64", "baseline_seconds": baseline,
            "ratio": seconds / baseline, "goal_ratio": 5.0, "positions": num_positions, "pairs": pairs,
            **slow_path_counts()}


def slow_path_counts() -> dict[str, Any]:
    """Exact mode's values rounded since the last ``rope_ref._cr.STATS.reset()``, how many of them the
    double-double could not settle (computed again in decimal), and that fraction."""
    stats = _cr.STATS
    return {"values_rounded": stats.values, "slow_path_values": stats.slow, "slow_path_fraction": stats.fraction}


def format_slow_path(entry: dict[str, Any]) -> str:
    """One line for ``rope-ref bench``: how often exact mode's slow path ran."""
    return (f"  exact mode's slow path: {entry['slow_path_values']} of {entry['values_rounded']} values "
            f"({entry['slow_path_fraction']:.2g}) computed again in decimal to settle their rounding")


def _exact_table_bytes(num_positions: int, pairs: int) -> int:
    """The peak memory of :func:`exact_table_cost` (its tables and positions), in bytes."""
    return num_positions * (pairs * _TABLE_BYTES + _TABLE_POSITION_BYTES)


def format_cost(entry: dict[str, Any]) -> str:
    """One line for ``rope-ref bench``: the exact-mode table time, the float64 one and their ratio."""
    return (f"cos_sin exact  {entry['seconds'] * 1e3:8.1f} ms   float64 {entry['baseline_seconds'] * 1e3:7.1f} ms   "
            f"ratio {entry['ratio']:5.2f}x  (tables {entry['positions']} x {entry['pairs']}, "
            f"target {entry['goal_ratio']}x)")


#: ``add_subcommand`` (it registered ``rope-ref audit``) moved to :mod:`rope_ref.cli` with the rest of
#: the command line; the old name works for one release.
__getattr__ = renamed(__name__, {"add_subcommand": "rope_ref.cli:_add_audit_command"})
