"""positions_clamped on real JAX: a cos/sin table indexed past its end is clamped by JAX's gather.

transformers 4.x's Flax Llama, Mistral and Gemma (FlaxLlamaRotaryEmbedding) build a sin/cos table of
max_position_embeddings rows and look it up with ``self.sincos[position_ids]``; JAX clamps out-of-range
indices, so a position past the table is silently rotated as the last row. This module runs that lookup
in JAX itself (its clamping is the behaviour under test) and checks it beyond the table.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rope_ref import check

jnp = pytest.importorskip("jax.numpy")

DIM, ROWS = 64, 4096


def flax_llama_rope(x, positions):
    """The table lookup of FlaxLlamaRotaryEmbedding (create_sinusoidal_positions, then sincos[position_ids])."""
    inv_freq = 1.0 / (10000.0 ** (np.arange(0, DIM, 2) / DIM))
    freqs = np.einsum("i,j->ij", np.arange(ROWS), inv_freq)
    emb = np.concatenate([freqs, freqs], axis=-1)
    sincos = jnp.asarray(np.concatenate([np.sin(emb)[:, None, :], np.cos(emb)[:, None, :]], axis=1))
    sin, cos = jnp.split(sincos[jnp.asarray(positions)], 2, axis=1)  # JAX clamps indices >= ROWS
    sin, cos = sin[:, 0, :], cos[:, 0, :]
    x = jnp.asarray(x)
    rotate_half = jnp.concatenate([-x[:, DIM // 2:], x[:, : DIM // 2]], axis=-1)
    return x * cos + rotate_half * sin


def test_inside_the_table_it_is_right():
    assert check(flax_llama_rope, dim=DIM, max_position=ROWS).passed


def test_past_the_table_it_is_named_positions_clamped_at_the_last_row():
    # random cases only: the golden set's negative positions index the table from its end, as NumPy does
    report = check(flax_llama_rope, dim=DIM, max_position=math.inf, golden=False)
    assert report.diagnosis.causes == ["positions_clamped"], str(report)
    assert report.diagnosis.parameter == ROWS - 1
    assert any(p.breaks_at is not None for p in report.measurement.pairs)
