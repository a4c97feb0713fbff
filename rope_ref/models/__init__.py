"""The model-family registry: what a model's config.json cannot say about its RoPE, and reading configs.

:mod:`rope_ref.models` is the registry's public API (:class:`Family`, :func:`family`, :data:`FAMILIES`, the
head-dim and rotary-dim rules); :mod:`rope_ref.hf` is the config reader's (``from_hf_config`` and friends).
Inside this package: ``_families`` (the registry, one entry per transformers ``model_type``), ``_keys``
(how a config's keys become a RoPE's parts) and ``_config`` (the reader).

Example:
    >>> from rope_ref.models import family
    >>> family("glm4").layout, family("deepseek_v3").output_order, family("no_such_model") is None
    ('interleaved', 'half', True)
"""

from rope_ref.models._families import FAMILIES, HEAD_DIM_RULES, ROTARY_DIM_RULES, Family, family

__all__ = ["FAMILIES", "HEAD_DIM_RULES", "ROTARY_DIM_RULES", "Family", "family"]
