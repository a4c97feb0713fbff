"""A keras-hub ``RotaryEmbedding`` layer (Keras 3, any backend; tested on JAX)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref.interop._axes import check_dtype, to_sequence


def from_keras_hub(layer: Any, *, dtype: str = "float32", positions: str = "positions") -> Callable[[Any, Any], Any]:
    """Wrap a ``keras_hub.layers.RotaryEmbedding`` (half layout) as ``fn(x, positions)``.

    Example (needs keras-hub with a backend; run in tests/interop):

    >>> import keras_hub
    >>> from rope_ref import check
    >>> from rope_ref.interop import from_keras_hub
    >>> layer = keras_hub.layers.RotaryEmbedding(max_wavelength=10000)
    >>> check(from_keras_hub(layer), dim=64, angle_dtype="float32").passed
    True

    Parameters:
        layer: the layer; x goes in as (1, n, d) (``sequence_axis=1``, ``feature_axis=-1``).
        dtype: x's dtype.
        positions: "positions" (the layer's ``positions=`` argument, int32 (1, n)) or
            "start_index" (one contiguous run from ``start_index=``).

    Returns:
        ``fn(x, positions)`` returning the layer's output (a backend tensor) in x's shape.
    """
    from keras import ops

    check_dtype(dtype)
    if positions not in ("positions", "start_index"):
        raise ValueError(f"positions must be 'positions' or 'start_index'; got {positions!r}.")

    def fn(x: Any, pos_in: Any) -> Any:
        seq, pos, shape = to_sequence(x, pos_in, "bsd")
        t = ops.cast(ops.convert_to_tensor(np.asarray(seq, dtype=np.float64).astype(np.float32)), dtype)
        if positions == "positions":
            if pos.size and np.max(np.abs(pos)) >= 2**31:
                raise ValueError("positions of 2^31 or more do not fit the layer's int32 positions.")
            y = layer(t, positions=ops.convert_to_tensor(pos.astype(np.int32)))
        else:
            flat = pos[0]
            if flat.size and not np.array_equal(flat, flat[0] + np.arange(flat.size)):
                raise ValueError("positions='start_index' takes one contiguous run of positions.")
            y = layer(t, start_index=int(flat[0]) if flat.size else 0)
        return ops.reshape(y, shape)

    return fn
