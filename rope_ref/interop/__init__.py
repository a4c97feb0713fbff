"""Adapters that turn real RoPE implementations into ``fn(x, positions)`` for :func:`rope_ref.check`.

Each adapter imports its framework inside the function that needs it, so ``import rope_ref``
and ``import rope_ref.interop`` import no framework. What an adapter returns takes x of shape
(n, dim) (or any (..., dim)) and positions broadcasting against x.shape[:-1], reshapes them to
the axes the implementation expects, runs it, and returns its output in x's shape (a torch
tensor, a JAX array or a NumPy array: ``check`` converts each to float64 itself).

- :func:`from_torch`: a torch function or module ``f(x, positions)`` (axes bhsd or bshd, dtype,
  device, grad).
- :func:`from_onnx`: an ONNX model with a RotaryEmbedding node, run by onnxruntime
  (:func:`rotary_embedding_model` builds one with the ai.onnx op of opset 23 or com.microsoft's).
- :func:`from_jax`: a JAX function ``f(x, positions)``.
- :func:`from_keras_hub`: a keras-hub ``RotaryEmbedding`` layer (any Keras 3 backend).
- :func:`from_mlx`: MLX's ``mx.fast.rope`` (``traditional``, ``base``, ``scale``, ``freqs``), called
  with an offset or with positions (one offset per batch entry).
- :func:`from_ggml`: ggml's rope op (``ggml_rope_ext`` / ``ggml_rope_multi``, what llama.cpp runs)
  through ggml-python, in every mode; :func:`from_ggml_gguf` takes its parameters from a GGUF file.
- :func:`from_transformers`: a model family's own rotary module and ``apply_rotary_pos_emb`` in
  transformers, built from a config.json (what ``rope-ref check --transformers`` runs).

Example (needs no framework: a NumPy function goes through :func:`from_numpy`):
    >>> from rope_ref import RoPE, check
    >>> from rope_ref.interop import from_numpy
    >>> fn = from_numpy(lambda x, p: RoPE(16).apply(x, p), axes="bhsd", dtype="float32")
    >>> check(fn, dim=16).passed
    True
"""

from __future__ import annotations

from rope_ref.interop._ggml import from_ggml, from_ggml_gguf
from rope_ref.interop._jax import from_jax
from rope_ref.interop._keras import from_keras_hub
from rope_ref.interop._mlx import from_mlx
from rope_ref.interop._numpy import from_numpy
from rope_ref.interop._onnx import cos_sin_cache, from_onnx, rotary_embedding_model
from rope_ref.interop._torch import from_torch
from rope_ref.interop._transformers import from_transformers, transformers_rotary

__all__ = ["cos_sin_cache", "from_ggml", "from_ggml_gguf", "from_jax", "from_keras_hub", "from_mlx", "from_numpy",
           "from_onnx", "from_torch", "from_transformers", "rotary_embedding_model", "transformers_rotary"]
