"""Low-precision RoPE recipes, emulated bit for bit in NumPy: what frameworks actually compute.

rope-ref computes in float64 or better; frameworks do not. transformers computes inv_freq and
the angles in float32; models run in bfloat16 or float16 and cast the cos/sin cache to that
dtype; some code paths hold positions or inv_freq in bfloat16 or float16. Each
:class:`Recipe` says in which format each quantity is stored or computed, and
:func:`recipe_cos_sin` and :func:`recipe_apply` reproduce it step by step, so that
:mod:`rope_ref.audit` can measure it against exact mode.

Every rounding is emulated exactly, with NumPy only:

- float32: NumPy's float32 ufuncs, IEEE arithmetic rounded once per operation;
- bfloat16: round to nearest, ties to even, on the float32 bit pattern (:func:`to_bfloat16`),
  as PyTorch's c10::BFloat16 and ml_dtypes do; a float64 goes through float32 first, as in
  PyTorch, whose bfloat16 is constructed from float;
- float16: IEEE round to nearest even (:func:`to_float16`), from float32 as in PyTorch;
- arithmetic on bfloat16 or float16 values is done in float32 and rounded to the format after
  each operation, as PyTorch's CPU and CUDA kernels do.

The transcendental steps (base ** e, cos, sin) are taken correctly rounded to the format they
are computed in (from rope-ref's double-double arithmetic). A real library may differ from
that by an ulp of the format, far below the errors the recipes show; this way every recipe
gives the same bits on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref import _validate, exact
from rope_ref._backend import default_seq_len
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices

__all__ = ["FORMATS", "RECIPES", "Recipe", "recipe_apply", "recipe_cos_sin", "recipe_inv_freq", "round_to",
           "to_bfloat16", "to_float16"]

FORMATS = ("float64", "float32", "bfloat16", "float16")
"""The number formats each part of a :class:`Recipe` may use."""


# Bytes allocated per value by the roundings (to_bfloat16 takes the most: a float32 copy, its bits
# widened to uint64, the rounded bits), and per (position, pair) entry by a recipe's tables, measured with
# tracemalloc and rounded up; calls beyond the memory limit (rope_ref._validate.max_bytes) are refused
# before anything is allocated.
_ROUND_WORK, _TABLE_WORK, _APPLY_WORK = 48, 128, 48


def _float_input(x: object, name: str) -> np.ndarray:
    """Real numbers (integer or float dtype) as given; masked arrays and arrays whose roundings would pass
    the memory limit are refused."""
    arr = _validate.as_array(x, name, "an array of real numbers")
    if arr.dtype.kind not in "fiu" or arr.dtype.kind == "b":
        raise _validate.fail(name, "an array of real numbers", arr if arr.ndim else x, kind=TypeError)
    if arr.size * _ROUND_WORK > _validate.max_bytes():
        _validate.fits(arr.size * _ROUND_WORK, name, _validate.shape_text(arr), "its rounded copies")
    return arr


def _fits_tables(rope: RoPE, pos: np.ndarray, x: np.ndarray | None = None) -> None:
    """Refuse a recipe's tables (and its rotation of x) beyond the memory limit, before allocating them."""
    need = pos.size * (rope.rotary_dim // 2) * _TABLE_WORK + (0 if x is None else x.size * _APPLY_WORK)
    if need > _validate.max_bytes():
        given = f"shape {pos.shape}" if x is None else f"{_validate.shape_text(x)} at positions of shape {pos.shape}"
        _validate.fits(need, "positions" if x is None else "x", given, "the recipe's tables and work arrays")


def to_bfloat16(x: object) -> np.ndarray:
    """Round to bfloat16 (nearest, ties to even), returned as the float32 values it represents.

    bfloat16 is the high half of a float32. Rounding adds 0x7FFF plus the lowest kept bit to
    the float32 bit pattern and clears the low 16 bits: below half goes down, above goes up,
    an exact half goes to the even neighbour; overflow goes to infinity, NaN stays NaN.

    Example:
        >>> import numpy as np
        >>> from rope_ref.precision import to_bfloat16
        >>> to_bfloat16(np.array([1.0, 255.0, 257.0, 259.0, 3.14159265])).tolist()
        [1.0, 255.0, 256.0, 260.0, 3.140625]

    Parameters:
        x: real numbers (float64 values are rounded to float32 first, as PyTorch does).

    Returns:
        float32 array of x's shape whose values are bfloat16 values.

    Raises:
        TypeError: x is not real.
    """
    with np.errstate(over="ignore"):
        f = np.array(_float_input(x, "x"), dtype=np.float32, ndmin=0, copy=True)
    bits = f.view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    quiet_nan = (bits | 0x00400000) & 0xFFFF0000
    out = np.where(np.isnan(f), quiet_nan, rounded).astype(np.uint32)
    return out.view(np.float32)


def to_float16(x: object) -> np.ndarray:
    """Round to float16 (IEEE, nearest, ties to even) via float32, returned as float32 values.

    Example:
        >>> import numpy as np
        >>> from rope_ref.precision import to_float16
        >>> to_float16(np.array([2049.0, 2051.0, 65504.0, 65520.0])).tolist()
        [2048.0, 2052.0, 65504.0, inf]

    Parameters:
        x: real numbers (float64 values are rounded to float32 first, as PyTorch does).

    Returns:
        float32 array of x's shape whose values are float16 values.

    Raises:
        TypeError: x is not real.
    """
    with np.errstate(over="ignore"):
        return np.asarray(_float_input(x, "x"), dtype=np.float32).astype(np.float16).astype(np.float32)


def round_to(x: object, fmt: str) -> np.ndarray:
    """The values of x rounded to a format of :data:`FORMATS`, as float64 (which holds them exactly).

    Example:
        >>> from rope_ref.precision import round_to
        >>> [round_to(0.1, f).item() for f in ("float64", "float32", "bfloat16", "float16")]
        [0.1, 0.10000000149011612, 0.10009765625, 0.0999755859375]
    """
    _validate.choice(fmt, "fmt", FORMATS)
    arr = _float_input(x, "x")
    with np.errstate(over="ignore"):
        if fmt == "float64":
            return arr.astype(np.float64)
        if fmt == "float32":
            return arr.astype(np.float32).astype(np.float64)
    rounded = to_bfloat16(arr) if fmt == "bfloat16" else to_float16(arr)
    return rounded.astype(np.float64)


def _arith(fmt: str, op: np.ufunc, a: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    """op(a, b) as a format computes it: IEEE in float64 or float32; float32 then rounded otherwise."""
    if fmt == "float64":
        return op(a, b)
    with np.errstate(over="ignore", invalid="ignore"):
        result = op(np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32))
    return round_to(result, fmt)


def _dd_to_float32(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """hi + lo (a double-double) correctly rounded to float32.

    Rounding hi alone is right unless hi lies exactly halfway between two float32 values
    (float32 midpoints are float64 values) and lo breaks the tie: then lo's side wins.
    """
    with np.errstate(over="ignore"):
        f = hi.astype(np.float32)
    gap = hi - f.astype(np.float64)  # exact
    other = np.nextafter(f, np.where(gap > 0, np.inf, -np.inf).astype(np.float32))
    tie = (gap != 0) & (other.astype(np.float64) - hi == gap)
    return np.where(tie & (np.sign(lo) == np.sign(gap)), other, f)


def _exact_cos_sin(angle: np.ndarray, fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin of float angles, correctly rounded to fmt ("float64": within 0.51 ulp); NaN if not finite."""
    finite = np.isfinite(angle)
    cos, sin = np.full(angle.shape, np.nan), np.full(angle.shape, np.nan)
    (c_hi, c_lo), (s_hi, s_lo) = exact.cos_sin_dd(angle[finite])
    if fmt == "float64":
        cos[finite], sin[finite] = c_hi, s_hi
    else:
        cos[finite], sin[finite] = _dd_to_float32(c_hi, c_lo), _dd_to_float32(s_hi, s_lo)
    return cos, sin


@dataclass(frozen=True)
class Recipe:
    """Where a RoPE implementation rounds: the format (one of :data:`FORMATS`) of each quantity.

    Example:
        >>> from rope_ref.precision import RECIPES
        >>> RECIPES["bf16"].cache, RECIPES["bf16"].inputs
        ('bfloat16', 'bfloat16')

    Parameters:
        name: a short identifier.
        description: what implementation this stands for.
        inv_freq: format in which inv_freq is stored.
        positions: format in which the positions are stored.
        compute: format of the product m * inv_freq and of its cos and sin.
        cache: format of the cos/sin tables as used (transformers: x.dtype).
        inputs: format of x and of the rotation's arithmetic.
    """

    name: str
    description: str
    inv_freq: str = "float32"
    positions: str = "float32"
    compute: str = "float32"
    cache: str = "float32"
    inputs: str = "float32"

    def __post_init__(self) -> None:
        for field in ("inv_freq", "positions", "compute", "cache", "inputs"):
            _validate.choice(getattr(self, field), field, FORMATS)


_F64 = {"inv_freq": "float64", "positions": "float64", "compute": "float64", "cache": "float64", "inputs": "float64"}

RECIPES: dict[str, Recipe] = {r.name: r for r in [
    Recipe("float64", "float64 throughout: cos/sin of fl(m * theta_j) (rope-ref's float64 mode)", **_F64),
    Recipe("float32", "transformers: inv_freq = 1 / base ** (arange(0, d, 2) / d), positions, "
                      "m * inv_freq and cos/sin in float32; x in float32"),
    Recipe("bf16_positions", "the float32 recipe with positions held in bfloat16", positions="bfloat16"),
    Recipe("fp16_positions", "the float32 recipe with positions held in float16", positions="float16"),
    Recipe("bf16_inv_freq", "the float32 recipe with the inv_freq buffer cast to bfloat16 "
                            "(model.to(torch.bfloat16))", inv_freq="bfloat16"),
    Recipe("fp16_inv_freq", "the float32 recipe with the inv_freq buffer cast to float16", inv_freq="float16"),
    Recipe("bf16_angles", "angles under bfloat16 autocast: inv_freq and positions cast to bfloat16 and their "
                          "product rounded to bfloat16, cos/sin in float32 (transformers turns autocast off "
                          "around this product)", inv_freq="bfloat16", positions="bfloat16", compute="bfloat16"),
    Recipe("fp16_angles", "angles under float16 autocast: inv_freq, positions and their product in float16",
           inv_freq="float16", positions="float16", compute="float16"),
    Recipe("bf16", "a bfloat16 model: float32 angles and cos/sin, cache cast to bfloat16 "
                   "(cos.to(x.dtype)), x and the rotation in bfloat16", cache="bfloat16", inputs="bfloat16"),
    Recipe("fp16", "a float16 model: float32 angles and cos/sin, cache cast to float16, "
                   "x and the rotation in float16", cache="float16", inputs="float16"),
]}
"""The recipes, by name: how common implementations compute RoPE in low precision."""


def _recipe(recipe: Any) -> Recipe:
    if isinstance(recipe, str) and recipe in RECIPES:
        return RECIPES[recipe]
    if isinstance(recipe, Recipe):
        return recipe
    raise _validate.fail("recipe", "a Recipe or one of " + ", ".join(repr(n) for n in RECIPES), recipe,
                         kind=TypeError if not isinstance(recipe, str) else ValueError)


def recipe_inv_freq(recipe: Recipe | str, rope: RoPE, seq_len: float | None = None) -> np.ndarray:
    """The inv_freq values a recipe stores, as float64.

    Without a scaling rule and with float32 or narrower storage, transformers' steps in
    float32: e = fl32(2j) / fl32(d), p = base ** e (correctly rounded, base as float32),
    inv_freq = fl32(1 / p), then rounded to the recipe's format. With a rule, the rule's float64
    inv_freq rounded to float32 and then to the format; a float64 recipe stores rope.inv_freq().

    Example:
        >>> from rope_ref import RoPE
        >>> from rope_ref.precision import recipe_inv_freq
        >>> recipe_inv_freq("float32", RoPE(4)).tolist()   # 0.01 in float32
        [1.0, 0.009999999776482582]
    """
    r = _recipe(recipe)
    if r.inv_freq == "float64":
        return rope.inv_freq(seq_len)
    if rope.scaling is not None:
        return round_to(round_to(rope.inv_freq(seq_len), "float32"), r.inv_freq)
    e = np.arange(0, rope.rotary_dim, 2).astype(np.float32) / np.float32(rope.rotary_dim)
    ln_base = exact.dd_log(float(np.float32(rope.base)))
    power = exact.dd_exp(exact.dd_mul((e.astype(np.float64), np.zeros(e.shape)),
                                      (np.full(e.shape, ln_base[0]), np.full(e.shape, ln_base[1]))))
    return round_to(np.float32(1.0) / _dd_to_float32(*power), r.inv_freq)


def recipe_cos_sin(recipe: Recipe | str, rope: RoPE, positions: object,
                   seq_len: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The cos/sin cache a recipe uses, as float64: positions.shape + (rotary_dim // 2,).

    angle = m * inv_freq in the compute format, cos and sin of it in that format, times the
    attention factor there (transformers' ``emb.cos() * attention_scaling``), then rounded to
    the cache format. Angles that overflowed give NaN, as cos(inf) does.

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE
        >>> from rope_ref.precision import recipe_cos_sin
        >>> cos, sin = recipe_cos_sin("float32", RoPE(128), [131072])
        >>> cos.shape, float(cos[0, 1])   # exact: -0.47589944...; float32 angles are 3e-3 off here
        ((1, 64), -0.4724692702293396)
    """
    r = _recipe(recipe)
    if not isinstance(rope, RoPE):
        raise _validate.fail("rope", "a rope_ref.RoPE", rope, kind=TypeError)
    exact_pos = _validate.positions(positions)
    _fits_tables(rope, exact_pos)
    if seq_len is None:  # transformers: max(position_ids) + 1, from the int64 ids
        seq_len = default_seq_len(exact_pos)
    pos = round_to(exact_pos, r.positions)
    freq = recipe_inv_freq(r, rope, seq_len if rope.scaling is not None and rope.scaling.depends_on_seq_len
                           else None)
    angle = _arith(r.compute, np.multiply, pos[..., None], freq)
    cos, sin = _exact_cos_sin(angle, r.compute)
    a = rope.attention_factor_at(seq_len if rope.scaling is not None and rope.scaling.depends_on_seq_len else None)
    if a != 1.0:
        factor = round_to(a, r.compute).item()
        cos, sin = _arith(r.compute, np.multiply, cos, factor), _arith(r.compute, np.multiply, sin, factor)
    return round_to(cos, r.cache), round_to(sin, r.cache)


def recipe_apply(recipe: Recipe | str, rope: RoPE, x: object, positions: object,
                 seq_len: float | None = None) -> np.ndarray:
    """Rotate x as a recipe does, as float64: x rounded to the input format, then per pair
    (u, v) -> (fl(fl(u c) - fl(v s)), fl(fl(v c) + fl(u s))) in that format (rotate_half).

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE
        >>> from rope_ref.precision import recipe_apply
        >>> recipe_apply("bf16", RoPE(2), np.array([1.0, 0.0]), 1.0).tolist()   # cos 1, sin 1 in bf16
        [0.5390625, 0.83984375]
    """
    r = _recipe(recipe)
    if not isinstance(rope, RoPE):
        raise _validate.fail("rope", "a rope_ref.RoPE", rope, kind=TypeError)
    arr = _validate.features_input(x, "x", rope.dim)
    pos = _validate.positions(positions)
    _validate.broadcast_positions(pos, arr.shape[:-1])
    _fits_tables(rope, pos, arr)
    xf = round_to(_validate.as_float64(arr, "x"), r.inputs)
    cos, sin = recipe_cos_sin(r, rope, pos, seq_len)
    re, im = pair_indices(rope.rotary_dim, rope.layout)
    u, v = xf[..., re], xf[..., im]
    out = xf.copy()
    out[..., re] = _arith(r.inputs, np.subtract, _arith(r.inputs, np.multiply, u, cos),
                          _arith(r.inputs, np.multiply, v, sin))
    out[..., im] = _arith(r.inputs, np.add, _arith(r.inputs, np.multiply, v, cos),
                          _arith(r.inputs, np.multiply, u, sin))
    return out
