"""check() reads real framework outputs: torch (bfloat16, grad), JAX arrays, ml_dtypes bfloat16."""

from __future__ import annotations

import pytest

from rope_ref import RoPE, check

ROPE = RoPE(32)


def test_ml_dtypes_bfloat16_output_is_read():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    report = check(lambda x, p: ROPE.apply(x, p).astype(ml_dtypes.bfloat16), dim=32)
    assert report.dtype == "bfloat16" and report.passed, str(report)


def test_torch_bfloat16_tensor_with_grad_is_read():
    torch = pytest.importorskip("torch")

    def fn(x, p):
        t = torch.tensor(ROPE.apply(x, p), dtype=torch.float32, requires_grad=True)
        return (t * 1.0).to(torch.bfloat16)

    report = check(fn, dim=32)
    assert report.dtype == "bfloat16" and report.passed, str(report)


def test_jax_array_is_read():
    jnp = pytest.importorskip("jax.numpy")
    report = check(lambda x, p: jnp.asarray(ROPE.apply(x, p), dtype=jnp.float32), dim=32)
    assert report.dtype == "float32" and report.passed, str(report)
