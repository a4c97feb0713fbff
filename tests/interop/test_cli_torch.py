"""rope-ref check MODULE:FUNCTION --torch (and the plugin's --rope-torch): a torch RoPE wrapped by from_torch."""

from __future__ import annotations

import importlib.metadata
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rope_ref.cli import main

pytest.importorskip("torch")
REPO = Path(__file__).resolve().parents[2]

#: transformers' Llama recipe in torch: inv_freq and the angles in float32, cos/sin cast to x's dtype.
TORCH_ROPE = '''
import torch


def _cos_sin(position_ids, d, dtype, interleave=False):
    inv_freq = 1.0 / (10000.0 ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    freqs = position_ids[..., None].float() * inv_freq                      # (b, s, d/2)
    emb = freqs.repeat_interleave(2, dim=-1) if interleave else torch.cat([freqs, freqs], dim=-1)
    return emb.cos().to(dtype), emb.sin().to(dtype)


def rotate_half_bhsd(x, position_ids):          # x (b, h, s, d), position_ids (b, s)
    d = x.shape[-1]
    cos, sin = (t[:, None] for t in _cos_sin(position_ids, d, x.dtype))
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


def rotate_half_bshd(x, position_ids):          # x (b, s, h, d)
    return rotate_half_bhsd(x.transpose(1, 2), position_ids).transpose(1, 2)


def adjacent_pairs_bhsd(x, position_ids):       # GPT-J's pairing: (x0, x1), (x2, x3), ...
    d = x.shape[-1]
    cos, sin = (t[:, None] for t in _cos_sin(position_ids, d, x.dtype, interleave=True))
    rotated = torch.stack([-x[..., 1::2], x[..., ::2]], dim=-1).flatten(-2)
    return x * cos + rotated * sin
'''


@pytest.fixture
def impl(tmp_path: Path) -> Path:
    path = tmp_path / "torch_rope.py"
    path.write_text(TORCH_ROPE)
    return path


def _check(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["check", *argv], out=out), out.getvalue()


def test_a_correct_torch_rope_passes_at_its_float32_angles(impl):
    code, text = _check(f"{impl}:rotate_half_bhsd", "--torch", "--dim", "64", "--angle-dtype", "float32")
    assert code == 0 and "PASS at float32 with float32 angles" in text, text


def test_the_adapter_alias_axes_and_dtype_reach_from_torch(impl):
    code, text = _check(f"{impl}:rotate_half_bshd", "--adapter", "torch", "--axes", "bshd", "--dim", "64",
                        "--angle-dtype", "float32")
    assert code == 0, text
    code, text = _check(f"{impl}:rotate_half_bhsd", "--torch", "--axes", "bshd", "--dim", "64", "--angle-dtype",
                        "float32")
    assert code == 1, text  # x handed over in the wrong axes: (1, n, 1, d) read as one position per head
    code, text = _check(f"{impl}:rotate_half_bhsd", "--torch", "--dtype", "bfloat16", "--dim", "64")
    assert code == 0 and "PASS at bfloat16" in text, text


def test_a_torch_rope_with_the_other_pairing_fails_naming_other_layout(impl):
    code, text = _check(f"{impl}:adjacent_pairs_bhsd", "--torch", "--dim", "64", "--angle-dtype", "float32")
    assert code == 1 and "diagnosis: other_layout" in text, text


def test_the_pytest_plugin_wraps_a_torch_rope_too(impl):
    plugin = [] if any(ep.value == "rope_ref.pytest_plugin" for ep in importlib.metadata.entry_points(
        group="pytest11")) else ["-p", "rope_ref.pytest_plugin"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-p", "no:xdist", "-q",
            "--rope-dim=64", "--rope-angle-dtype=float32", "--rope-torch"]
    run = subprocess.run([*args, "--rope-impl=torch_rope:rotate_half_bhsd"], cwd=impl.parent, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and " passed" in run.stdout, run.stdout + run.stderr
    run = subprocess.run([*args, "--rope-impl=torch_rope:adjacent_pairs_bhsd"], cwd=impl.parent, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "diagnosis: other_layout" in run.stdout, run.stdout + run.stderr
