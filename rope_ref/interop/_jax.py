"""A JAX function ``f(x, positions)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref.interop._axes import as_check_fn, check_axes, check_dtype, from_sequence, to_sequence


def from_jax(f: Callable[..., Any], *, axes: str = "sd", dtype: str = "float32", jit: bool = True,
             seq_len: bool = False) -> Callable[..., Any]:
    """Wrap a JAX RoPE ``f(x, positions)`` (jitted unless ``jit=False``).

    Example (needs jax; run in tests/interop):

    >>> import jax.numpy as jnp
    >>> from rope_ref import check
    >>> from rope_ref.interop import from_jax
    >>> def rope(x, p):                       # half layout, angles in float32
    ...     inv = 10000.0 ** (-jnp.arange(0, 64, 2, dtype=jnp.float32) / 64)
    ...     a = p[:, None].astype(jnp.float32) * inv
    ...     c, s = jnp.cos(a), jnp.sin(a)
    ...     x1, x2 = x[:, :32], x[:, 32:]
    ...     return jnp.concatenate([x1 * c - x2 * s, x2 * c + x1 * s], axis=-1)
    >>> check(from_jax(rope), dim=64, angle_dtype="float32").passed
    True

    Parameters:
        f: the implementation; x arrives as a jax array in ``axes`` ((n, d) for "sd"),
            positions as int32 (1, n) ((n,) for "sd"; float32 when fractional). JAX's default
            integers are 32-bit: positions of 2^31 or more are refused.
        axes, dtype: what f expects. jit: wrap f in ``jax.jit``.
        seq_len: pass check's seq_len on as a third (static) argument.

    Returns:
        ``fn(x, positions)`` (or with seq_len) returning f's jax array in x's shape.
    """
    import jax
    import jax.numpy as jnp

    check_axes(axes)
    check_dtype(dtype)
    g = jax.jit(f, static_argnums=(2,) if seq_len else ()) if jit else f
    jdtype = getattr(jnp, dtype)

    def call(x: Any, pos_in: Any, length: float | None = None) -> Any:
        seq, pos, shape = to_sequence(x, pos_in, axes)
        if np.all(pos == np.round(pos)):
            if pos.size and np.max(np.abs(pos)) >= 2**31:
                raise ValueError("positions of 2^31 or more do not fit JAX's default int32.")
            p = jnp.asarray(pos.astype(np.int32))
        else:
            p = jnp.asarray(pos.astype(np.float32))
        t = jnp.asarray(np.asarray(seq, dtype=np.float64).astype(np.float32)).astype(jdtype)
        args = (t, p[0] if axes == "sd" else p) + ((length,) if seq_len else ())
        return from_sequence(g(*args), axes, shape)

    return as_check_fn(call, seq_len)
