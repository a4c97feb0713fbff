"""rope-ref: a NumPy reference implementation of Rotary Position Embedding (RoPE).

The public API is what ``__all__`` lists here and in each public module:

- the rules and their interface: :mod:`rope_ref.scaling` (Linear, NTKAware, DynamicNTK, YaRN,
  Llama3, LongRoPE, ...), :mod:`rope_ref.frequencies`;
- model configs: :mod:`rope_ref.hf`, :mod:`rope_ref.models`; GGUF files (llama.cpp):
  :mod:`rope_ref.gguf` (the ``gguf`` extra);
- the building blocks: :mod:`rope_ref.rope`, :mod:`rope_ref.multiaxis`, :mod:`rope_ref.xpos`,
  :mod:`rope_ref.rotation`, :mod:`rope_ref.exact`;
- verification: :mod:`rope_ref.checker`, :mod:`rope_ref.testing`, :mod:`rope_ref.pytest_plugin`,
  :mod:`rope_ref.interop`;
- golden vectors: :mod:`rope_ref.golden`, :mod:`rope_ref.golden.catalogue`,
  :mod:`rope_ref.golden.model_set`;
- precision: :mod:`rope_ref.precision`, :mod:`rope_ref.audit`; the command line: :mod:`rope_ref.cli`.

Every module and name that starts with an underscore is an implementation detail. Importing
``rope_ref`` loads none of the verification tools: :func:`check` loads on first use.

Example:
    >>> import numpy as np
    >>> import rope_ref
    >>> rope = rope_ref.RoPE(64, base=10000.0, layout="half")
    >>> q = rope.apply(np.ones((4, 64)), positions=np.arange(4))
    >>> q.shape, q.dtype
    ((4, 64), dtype('float64'))
"""

from typing import TYPE_CHECKING, Any

from rope_ref._version import __version__
from rope_ref.frequencies import Scaling, default_inv_freq
from rope_ref.gguf import describe_gguf, from_gguf
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
    "describe_gguf",
    "describe_hf_config",
    "from_gguf",
    "from_hf_config",
    "from_hf_config_multiaxis",
    "layout_permutation",
    "rotation_matrix",
]

if TYPE_CHECKING:
    from rope_ref.checker import check


def __getattr__(name: str) -> Any:
    """``check`` loads on first use: the verification tools (and the golden catalogue behind
    them) stay out of ``import rope_ref``."""
    if name == "check":
        from rope_ref.checker import check

        return check
    raise AttributeError(f"module 'rope_ref' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "check"})
