"""Argument checks shared by every module, so that every error reads the same way.

Each checker returns the normalised value or raises ``TypeError`` (wrong type or dtype) or
``ValueError`` (wrong value or shape) with a message of the form
``<name> must be <what is allowed>; got <value>.`` optionally followed by a hint.
"""

from __future__ import annotations

import functools
import numbers
import os
import re
from typing import Any

import numpy as np

LAYOUTS = ("half", "interleaved")

# Names people use for the two layouts in other libraries, mapped to a hint.
_LAYOUT_HINTS = {
    "neox": "GPT-NeoX / rotate_half style is 'half'.",
    "gpt-neox": "GPT-NeoX / rotate_half style is 'half'.",
    "gpt_neox": "GPT-NeoX / rotate_half style is 'half'.",
    "rotate_half": "GPT-NeoX / rotate_half style is 'half'.",
    "non-interleaved": "The non-interleaved (rotate_half) style is 'half'.",
    "gptj": "GPT-J style (adjacent pairs) is 'interleaved'.",
    "gpt-j": "GPT-J style (adjacent pairs) is 'interleaved'.",
    "traditional": "MLX traditional=True (adjacent pairs) is 'interleaved'.",
    "complex": "The complex-view style (adjacent pairs) is 'interleaved'.",
}

# Integers up to 2**53 are exactly representable in float64.
_MAX_EXACT_INT = 2**53

# The range of base (and of any derived base, such as the NTK rules' base'): theta_j =
# base**(-2j/d) is computed as a double-double from ln(base), and Dekker's split of base and of
# 1/base stays finite only below 2**995 (134217729 * 2**995 < 2**1024). Every theta_j then lies
# in [2**-995, 2**995], far from overflow and from the subnormal range.
BASE_MIN, BASE_MAX = 2.0**-995, 2.0**995
BASE_RANGE = "[2**-995, 2**995]"

# The largest attention factor a rule may give: a multiplies every output, and exact mode's
# error-free products of a and x need a * |x| < 2**995; no published rule comes near it.
MAX_ATTENTION = 2.0**100

# The largest head dimension: the frequency table is computed at construction (about 60 work
# arrays of dim / 2 float64 values); real models use at most a few hundred features per head.
MAX_DIM = 2**20


# The memory one call may allocate (its output and work arrays), estimated from the shapes before
# anything is allocated: above it the call is refused with a ValueError naming the argument, the size
# it would need and the limit, instead of NumPy's "Unable to allocate", a MemoryError, or swapping.
# The environment variable ROPE_REF_MAX_BYTES raises (or lowers) it; it is read at every call.
MAX_BYTES_VARIABLE = "ROPE_REF_MAX_BYTES"
DEFAULT_MAX_BYTES = 2**32  # 4 GiB
_UNITS = {"": 1, "b": 1, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "pib": 2**50}
_SIZE_TEXT = re.compile(r"\s*(\d+(?:\.\d*)?(?:[eE]\+?\d+)?)\s*([a-zA-Z]*)\s*")


class Shown(str):
    """Text to put in an error message as it is (a shape, a description), not repr()'d."""


def _fmt(value: Any) -> str:
    """Short, unambiguous rendering of an offending value for an error message."""
    if isinstance(value, Shown):
        return str(value)
    if isinstance(value, np.ndarray):
        return f"array of dtype {value.dtype} and shape {value.shape}"
    if isinstance(value, int) and abs(value) > 10**60:  # repr of a huge int is long (or refused past 4300 digits)
        bits = int(value).bit_length()
        return f"an integer of {bits} bits (about {'-' if value < 0 else ''}2**{bits - 1})"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


def fail(name: str, allowed: str, value: Any, hint: str = "", *, kind: type = ValueError) -> Exception:
    """Build (not raise) the uniform error: ``name must be allowed; got value. hint``."""
    message = f"{name} must be {allowed}; got {_fmt(value)}."
    if hint:
        message += " " + hint
    return kind(message)


def is_integer(value: Any) -> bool:
    """True for Python and NumPy integers, False for bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_real(value: Any) -> bool:
    """True for Python and NumPy real numbers, False for bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def to_float(value: Any, name: str, allowed: str) -> float:
    """float(value) for a real number, with Python integers too large for float64 refused clearly."""
    if not is_real(value):
        raise fail(name, allowed, value, kind=TypeError)
    try:
        return float(value)
    except OverflowError:
        raise fail(name, allowed, value, "It is too large for float64.") from None


@functools.lru_cache(maxsize=16)
def _parse_bytes(text: str) -> int:
    """ROPE_REF_MAX_BYTES as a number of bytes: digits, optionally followed by KiB, MiB, GiB, TiB or PiB."""
    allowed = "a number of bytes (e.g. 17179869184) or a size such as 16GiB (units KiB, MiB, GiB, TiB, PiB)"
    match = _SIZE_TEXT.fullmatch(text)
    unit = _UNITS.get(match[2].lower()) if match else None
    if match is None or unit is None:
        raise fail(MAX_BYTES_VARIABLE, allowed, text)
    value = float(match[1]) * unit
    if not 1.0 <= value < 2.0**63:
        raise fail(MAX_BYTES_VARIABLE, allowed + ", at least 1 byte and below 2**63", text)
    return int(value)


def max_bytes() -> int:
    """The memory one call may allocate: the environment variable ROPE_REF_MAX_BYTES, else 4 GiB.

    Example:
        >>> import os
        >>> max_bytes() == (2**32 if not os.environ.get("ROPE_REF_MAX_BYTES") else max_bytes())
        True
    """
    text = os.environ.get(MAX_BYTES_VARIABLE)
    if text is None or not text.strip():
        return DEFAULT_MAX_BYTES
    return _parse_bytes(text)


def size_text(nbytes: float) -> str:
    """A byte count for people: ``size_text(3 * 2**30) == '3 GiB'``."""
    for unit, scale in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{int(nbytes)} bytes"


def fits(nbytes: float, name: str, given: str, what: str) -> None:
    """Refuse, before anything is allocated, a call whose output and work arrays (``nbytes``, computed
    from the shapes) exceed the memory limit (:func:`max_bytes`): a ValueError naming the argument
    ``name``, what it is (``given``), the size it would need and the limit.

    Example:
        >>> fits(2**50, "x", "shape (2**47,)", "its float64 copy")
        Traceback (most recent call last):
        ...
        ValueError: x must be small enough that its float64 copy fits the memory limit of 4 GiB; ...
    """
    limit = max_bytes()
    if nbytes > limit:
        raise fail(name, f"small enough that {what} fits the memory limit of {size_text(limit)}",
                   Shown(f"{given}, which needs about {size_text(nbytes)}"),
                   f"Set the environment variable {MAX_BYTES_VARIABLE} (bytes, or e.g. 64GiB) to raise the limit "
                   "on a machine with that much memory.")


def shape_text(arr: np.ndarray) -> str:
    """``shape (2, 3) of float32`` for an error message."""
    return f"shape {arr.shape} of {arr.dtype}"


def float64_copies(arr: np.ndarray) -> int:
    """How many arrays of arr's size, 8 bytes a value, rotating arr allocates: its output, plus its
    float64 form (when it has another dtype) and a contiguous copy (when it is not C-contiguous)."""
    return 1 + (arr.dtype != np.float64) + (not arr.flags.c_contiguous)


def flag(value: Any, name: str) -> bool:
    """True or False (NumPy booleans accepted); anything else, even truthy strings, is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise fail(name, "True or False", value, kind=TypeError)
    return bool(value)


def dim(value: Any, name: str = "dim") -> int:
    """An even integer in [2, 2**20]."""
    allowed = "an even integer in [2, 2**20]"
    if not is_integer(value):
        raise fail(name, allowed, value, kind=TypeError)
    if not 2 <= value <= MAX_DIM or value % 2:
        raise fail(name, allowed, value)
    return int(value)


def rotary_dim(value: Any, dim_value: int) -> int:
    """None (meaning dim) or an even integer in [2, dim]."""
    if value is None:
        return dim_value
    allowed = f"an even integer in [2, dim={dim_value}] or None"
    if not is_integer(value):
        raise fail("rotary_dim", allowed, value, kind=TypeError)
    if not 2 <= value <= dim_value or value % 2:
        raise fail("rotary_dim", allowed, value)
    return int(value)


def base(value: Any, name: str = "base") -> float:
    """A finite real number > 0 and != 1 (theta_j = base**(-2j/d) must vary with j), within
    [2**-995, 2**995] (where theta_j is computed without overflow)."""
    allowed = f"a finite real number > 0 and != 1, within {BASE_RANGE}"
    result = to_float(value, name, allowed)
    if not np.isfinite(result) or result <= 0.0 or result == 1.0:
        raise fail(name, allowed, value)
    if not BASE_MIN <= result <= BASE_MAX:
        raise fail(name, allowed, value, "Outside it base**(-2j/d) is not computed reliably in float64.")
    return result


def layout(value: Any) -> str:
    """'half' or 'interleaved', with a hint for the names other libraries use."""
    allowed = "'half' or 'interleaved'"
    if not isinstance(value, str):
        raise fail("layout", allowed, value, kind=TypeError)
    if value not in LAYOUTS:
        raise fail("layout", allowed, value, _LAYOUT_HINTS.get(value.lower(), ""))
    return value


def choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    """One of a closed set of strings."""
    text = " or ".join(repr(a) for a in allowed)
    if not isinstance(value, str):
        raise fail(name, text, value, kind=TypeError)
    if value not in allowed:
        raise fail(name, text, value)
    return value


def positive_real(value: Any, name: str) -> float:
    """A finite real number > 0."""
    result = to_float(value, name, "a finite real number > 0")
    if not np.isfinite(result) or result <= 0.0:
        raise fail(name, "a finite real number > 0", value)
    return result


def finite_real(value: Any, name: str, allowed: str = "a finite real number") -> float:
    """A finite real number (any sign)."""
    result = to_float(value, name, allowed)
    if not np.isfinite(result):
        raise fail(name, allowed, value)
    return result


def nonnegative_real(value: Any, name: str) -> float:
    """A finite real number >= 0."""
    result = to_float(value, name, "a finite real number >= 0")
    if not np.isfinite(result) or result < 0.0:
        raise fail(name, "a finite real number >= 0", value)
    return result


def attention_factor(value: float, names: str, rule: Any) -> float:
    """An attention factor a scaling rule derives: finite, > 0 and at most 2**100."""
    if not is_real(value) or not np.isfinite(value) or not 0 < value <= MAX_ATTENTION:
        raise fail(names, "such that the attention factor is finite, > 0 and at most 2**100",
                   Shown(f"{rule!r:.200}, whose attention factor is {value!r}"))
    return float(value)


_FINITE_BLOCK = 1 << 15  # values per block of all_finite: 256 KiB, in cache


def _all_finite(arr: np.ndarray) -> bool:
    """Whether every value is finite, without an array-sized temporary: a block's sum is finite
    only if all its values are (inf and NaN propagate); a sum that overflows is looked at again."""
    flat = arr.reshape(-1) if arr.flags.c_contiguous else np.ascontiguousarray(arr).reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, flat.size, _FINITE_BLOCK):
            block = flat[start:start + _FINITE_BLOCK]
            if not np.isfinite(np.add.reduce(block)) and not np.isfinite(block).all():
                return False
    return True


def finite_output(out: np.ndarray, given: np.ndarray, name: str, what: str, *, checked: bool = False) -> np.ndarray:
    """out, unless it holds inf or NaN where ``given`` (the input of the same call) is all finite.

    A product of finite inputs that overflows float64 is refused rather than returned as inf.
    ``checked=True`` says the kernel that wrote ``out`` already knows it is finite wherever
    ``given`` is (from the floating-point flags of its own NumPy calls), so out is not read again.
    """
    if checked:
        return out
    if _all_finite(out) or not _all_finite(given):
        return out
    top = float(np.max(np.abs(given))) if given.size else 0.0
    raise fail(name, f"small enough that {what} fits float64", Shown(f"values up to {top:.6g}"),
               "The result would overflow to inf.")


def _exact_float64(arr: np.ndarray, name: str) -> np.ndarray:
    """Convert a real array to float64, refusing any conversion that would change a value."""
    if arr.dtype == np.float64:
        return arr
    out = arr.astype(np.float64)
    if arr.dtype.kind == "f" and arr.dtype.itemsize <= 8:
        return out  # float16 and float32 embed exactly in float64
    # Wider floats (longdouble) and integers: check the round trip.
    with np.errstate(invalid="ignore", over="ignore"):
        if arr.dtype.kind in "iu":
            bad = (arr > _MAX_EXACT_INT) | (arr < -_MAX_EXACT_INT)
            if np.any(bad):
                raise fail(name, "integers of magnitude <= 2**53 (exact in float64)", int(arr[bad].flat[0]))
        elif np.any(out.astype(arr.dtype) != arr):
            changed = arr[out.astype(arr.dtype) != arr]
            if np.all(np.isfinite(changed)):
                raise fail(name, "values exactly representable in float64", changed.flat[0])
    return out


def features(value: Any, name: str, dim_value: int) -> np.ndarray:
    """x as float64 (exactly), with dim features on its last axis."""
    return as_float64(features_input(value, name, dim_value), name)


def features_input(value: Any, name: str, dim_value: int) -> np.ndarray:
    """x as given (not converted: its size can be checked first), of a real float dtype with dim
    features on its last axis."""
    arr = float_input(value, name)
    if arr.shape[-1] != dim_value:
        raise fail(f"{name}.shape[-1]", f"dim = {dim_value}", arr.shape[-1], f"({name} has shape {arr.shape}.)")
    return arr


def float_array(value: Any, name: str = "x") -> np.ndarray:
    """A real floating-point array of at least one dimension, returned as float64 exactly."""
    return as_float64(float_input(value, name), name)


def as_float64(arr: np.ndarray, name: str) -> np.ndarray:
    """A real array from :func:`float_input` as float64, exactly; its float64 copy must fit the memory limit."""
    if arr.dtype != np.float64:
        fits(8 * arr.size, name, shape_text(arr), "its float64 copy")
    return _exact_float64(arr, name)


def float_input(value: Any, name: str = "x") -> np.ndarray:
    """A real floating-point array of at least one dimension, as given (not converted)."""
    arr = as_array(value, name, "an array of real floating-point dtype (float16, float32, float64)")
    if arr.dtype.kind != "f":
        hint = ""
        if arr.dtype.kind in "iub":
            hint = "Convert it with np.asarray(x, dtype=np.float64)."
        elif arr.dtype.kind == "c":
            hint = "Pass the real features; the layout says how they pair."
        elif "bfloat16" in arr.dtype.name:
            hint = "Convert it with x.astype(np.float32), which is exact."
        raise fail(name, "an array of real floating-point dtype (float16, float32, float64)",
                   arr, hint, kind=TypeError)
    if arr.ndim == 0:
        raise fail(name, "an array with at least one dimension (the features)", value)
    return arr


def as_array(value: Any, name: str, allowed: str) -> np.ndarray:
    """np.asarray(value), with ragged or otherwise unconvertible input refused as a TypeError naming it,
    and masked arrays (numpy.ma) refused: np.asarray would drop the mask and use the hidden values."""
    if isinstance(value, np.ma.MaskedArray):
        raise fail(name, f"{allowed}, not a masked array (numpy.ma)", Shown(f"a masked array of shape "
                   f"{np.shape(value)}"), "Its mask would be ignored and the masked values used: pass "
                   "value.filled(...) or only the entries you mean, as a plain array.", kind=TypeError)
    try:
        return np.asarray(value)
    except (ValueError, TypeError, OverflowError):  # ragged nesting, hostile __array__
        raise fail(name, allowed, value, "It is not a rectangular array of numbers.", kind=TypeError) from None


def real_values(value: Any, name: str, finite: bool = True) -> np.ndarray:
    """Real numbers (bool, integer or float dtype) as a float64 array; complex, object and text are
    refused rather than cast (a complex array would lose its imaginary part). With ``finite``,
    inf and NaN are refused too."""
    arr = as_array(value, name, "an array of real numbers")
    if arr.dtype.kind not in "biuf":
        raise fail(name, "an array of real numbers", arr if arr.ndim else value, kind=TypeError)
    fits(9 * arr.size, name, shape_text(arr), "its float64 copy")
    with np.errstate(over="ignore"):
        out = arr.astype(np.float64)
    if finite and not np.all(np.isfinite(out)):
        raise fail(name, "finite (inf and NaN have no tolerance)", float(out[~np.isfinite(out)].flat[0]))
    return out


def positions(value: Any, name: str = "positions") -> np.ndarray:
    """Finite real positions of any real dtype, returned as float64 exactly."""
    arr = as_array(value, name, "an array of real numbers (integer or floating dtype)")
    if arr.dtype.kind not in "iuf":
        hint = "Convert it with np.asarray(positions, dtype=np.float64)." if "bfloat16" in arr.dtype.name else ""
        raise fail(name, "an array of real numbers (integer or floating dtype)", arr if arr.ndim else value,
                   hint, kind=TypeError)
    fits(9 * arr.size, name, shape_text(arr), "its float64 copy")
    out = _exact_float64(arr, name)
    if not np.all(np.isfinite(out)):
        bad = out[~np.isfinite(out)].flat[0]
        raise fail(name, "finite", float(bad))
    return out


def broadcast_positions(pos: np.ndarray, lead_shape: tuple[int, ...], name: str = "positions") -> None:
    """positions must broadcast against x.shape[:-1] without enlarging it."""
    allowed = f"broadcastable to x.shape[:-1] = {lead_shape} (NumPy rules)"
    try:
        shape = np.broadcast_shapes(pos.shape, lead_shape)
    except ValueError:
        raise fail(name, allowed, Shown(f"shape {pos.shape}"),
                   "For x of shape (batch, seq, heads, d) pass positions of shape (seq, 1).") from None
    if shape != lead_shape:
        raise fail(name, allowed, Shown(f"shape {pos.shape}"), f"It would enlarge x to {shape}.")


def seq_len(value: Any) -> float | None:
    """None or a finite real number > 0."""
    if value is None:
        return None
    return positive_real(value, "seq_len")
