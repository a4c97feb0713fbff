"""Textbook RoPE implementations written from scratch in NumPy, with knobs for the classic mistakes.

They stand in for other projects' code in the meta-tests and the checker tests: nothing here
calls rope_ref.
"""

from __future__ import annotations

import numpy as np


def bfloat16(a: np.ndarray) -> np.ndarray:
    """Round to bfloat16 (nearest even on the float32 bits), returned as float32."""
    bits = np.asarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32)


def textbook(x, positions, *, dim, base=10000.0, layout="half", rotary_dim=None, angle_dtype=np.float64,
             exponent=2.0, offset=0.0, factor=1.0, sign=1.0, gain=1.0, swap=False, cache=None, out_dtype=None):
    """RoPE as a tutorial writes it: inv_freq = 1 / base**(exponent j / r), angles m * inv_freq / factor.

    Knobs: ``layout`` pairs (j, j + r/2) or (2j, 2j + 1); ``angle_dtype`` float32 is transformers'
    recipe; ``exponent`` 1 is the j/d mistake; ``offset`` shifts positions; ``sign`` -1 rotates the
    other way; ``gain`` multiplies the rotated part; ``swap`` exchanges cos and sin; ``cache``
    rounds cos/sin ("bfloat16" or "float16").
    """
    x = np.asarray(x, dtype=np.float64)
    r = rotary_dim or dim
    j = np.arange(r // 2, dtype=angle_dtype)
    inv_freq = (1.0 / (angle_dtype(base) ** (angle_dtype(exponent) * j / angle_dtype(r)))).astype(angle_dtype)
    pos = (np.asarray(positions, dtype=np.float64) + offset).astype(angle_dtype)
    ang = (pos[..., None] * (inv_freq / angle_dtype(factor)).astype(angle_dtype)).astype(angle_dtype)
    cos, sin = np.cos(ang).astype(np.float64), sign * np.sin(ang).astype(np.float64)
    if swap:
        cos, sin = sin, cos
    if cache == "bfloat16":
        cos, sin = bfloat16(cos).astype(np.float64), bfloat16(sin).astype(np.float64)
    elif cache == "float16":
        cos, sin = cos.astype(np.float16).astype(np.float64), sin.astype(np.float16).astype(np.float64)
    rot, rest = x[..., :r], x[..., r:]
    if layout == "half":
        x1, x2 = rot[..., : r // 2], rot[..., r // 2:]
    else:
        x1, x2 = rot[..., 0::2], rot[..., 1::2]
    o1, o2 = gain * (x1 * cos - x2 * sin), gain * (x2 * cos + x1 * sin)
    out = np.empty_like(rot)
    if layout == "half":
        out[..., : r // 2], out[..., r // 2:] = o1, o2
    else:
        out[..., 0::2], out[..., 1::2] = o1, o2
    y = np.concatenate([out, rest], axis=-1)
    return y if out_dtype is None else y.astype(out_dtype)
