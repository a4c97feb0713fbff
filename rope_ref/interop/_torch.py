"""A torch function or module ``f(x, positions)``: axes, dtype, device and grad."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref.interop._axes import as_check_fn, check_axes, check_dtype, from_sequence, to_sequence


def from_torch(f: Callable[..., Any], *, axes: str = "bhsd", dtype: str = "float32", device: str = "cpu",
               requires_grad: bool = False, positions: str = "position_ids",
               seq_len: bool = False) -> Callable[..., Any]:
    """Wrap a torch RoPE ``f(x, positions)`` (a function, or an ``nn.Module`` called on them).

    Example (needs torch and rotary-embedding-torch; run in tests/interop):

    >>> from rotary_embedding_torch import RotaryEmbedding, apply_rotary_emb
    >>> from rope_ref import check
    >>> from rope_ref.interop import from_torch
    >>> rotary = RotaryEmbedding(dim=64)                       # pairs adjacent features
    >>> fn = from_torch(lambda x, p: apply_rotary_emb(rotary(p[0].float()), x), axes="bhsd")
    >>> check(fn, dim=64, layout="interleaved", angle_dtype="float32").passed
    True

    Parameters:
        f: the implementation. x arrives as a tensor of shape (1, 1, n, d) for axes "bhsd",
            (1, n, 1, d) for "bshd", (1, n, d) for "bsd" or (n, d) for "sd".
        axes: the axes f expects.
        dtype: x's torch dtype ("float64", "float32", "float16", "bfloat16").
        device: the torch device x and positions are put on.
        requires_grad: give x ``requires_grad=True`` (the output then carries a graph; check
            detaches it).
        positions: how f receives positions: "position_ids" (an int64 tensor (1, n), (n,) for
            axes "sd"; fractional positions as a float64 tensor), "offset" (an int, the first
            position of a contiguous run: for ``f(x, offset)`` APIs) or "none" (f takes x alone and
            numbers rows 0..n-1 itself; other positions are refused).
        seq_len: pass check's seq_len to f as a third argument.

    Returns:
        ``fn(x, positions)`` (or ``fn(x, positions, seq_len)``) returning f's tensor in x's shape.

    Raises:
        ValueError: for an unknown axes, dtype or positions mode (naming it); when called, for
            positions the chosen mode cannot express.
    """
    import torch

    check_axes(axes)
    check_dtype(dtype)
    if positions not in ("position_ids", "offset", "none"):
        raise ValueError(f"positions must be 'position_ids', 'offset' or 'none'; got {positions!r}.")
    torch_dtype = getattr(torch, dtype)

    def call(x: Any, pos_in: Any, length: float | None = None) -> Any:
        seq, pos, shape = to_sequence(x, pos_in, axes)
        t = torch.tensor(np.asarray(seq, dtype=np.float64), dtype=torch_dtype, device=device,
                         requires_grad=requires_grad)
        if positions == "position_ids":
            p_np = pos.astype(np.int64) if np.all(pos == np.round(pos)) else pos.astype(np.float64)
            p: Any = torch.from_numpy(p_np[0] if axes == "sd" else p_np).to(device)
            args: tuple[Any, ...] = (t, p)
        else:
            flat = pos[0]
            run = flat.size == 0 or np.array_equal(flat, flat[0] + np.arange(flat.size))
            if not run or (positions == "none" and flat.size and flat[0] != 0):
                raise ValueError(f"positions={positions!r} takes one contiguous run of positions"
                                 + (" from 0" if positions == "none" else "") + f"; got {flat[:4].tolist()}...")
            args = (t,) if positions == "none" else (t, int(flat[0]) if flat.size else 0)
        if seq_len:
            args += (length,)
        return from_sequence(f(*args), axes, shape)

    return as_check_fn(call, seq_len)
