"""rope-ref: a NumPy reference implementation of Rotary Position Embedding (RoPE).

The public API is what ``__all__`` lists, plus the scaling rules in :mod:`rope_ref.scaling`
(Linear, NTKAware, DynamicNTK, YaRN, Llama3, LongRoPE, ...); modules and names starting with an
underscore are implementation details.

Example:
    >>> import numpy as np
    >>> import rope_ref
    >>> rope = rope_ref.RoPE(64, base=10000.0, layout="half")
    >>> q = rope.apply(np.ones((4, 64)), positions=np.arange(4))
    >>> q.shape, q.dtype
    ((4, 64), dtype('float64'))
"""

from rope_ref._version import __version__
from rope_ref.checker import check
from rope_ref.frequencies import Scaling, default_inv_freq
from rope_ref.hf import ModelInfo, describe_hf_config, from_hf_config, from_hf_config_multiaxis
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.rotation import layout_permutation, rotation_matrix
from rope_ref.xpos import XPos

__all__ = [
    "ModelInfo",
    "MultiAxisRoPE",
    "RoPE",
    "Scaling",
    "XPos",
    "__version__",
    "check",
    "default_inv_freq",
    "describe_hf_config",
    "from_hf_config",
    "from_hf_config_multiaxis",
    "layout_permutation",
    "rotation_matrix",
]
