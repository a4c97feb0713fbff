"""check() on transformers' own float32 rotary code for real model configs (tests/data/configs and
tests/data/model_sets), one family after another: Llama 3.1, Qwen2.5 (plain and YaRN), Phi-3 LongRoPE,
DeepSeek-V3 (interleaved pairs returned in half order), Qwen2-VL (M-RoPE at text positions), Gemma 3 (one
RoPE per layer type), Gemma 2, Mistral, GPT-NeoX (partial rotary) and Llama 4 Scout (a complex view over
adjacent pairs, rotated in (batch, seq, heads, d)).

For each: the report passes when check is told the angles are float32 (what transformers computes), fails
with ``float32_angles`` named when it is told float64, and passes at the default settings, which take
transformers' float32 angles as the recipe.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from rope_ref import check, from_hf_config

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from rope_ref.cli import main  # noqa: E402
from rope_ref.interop import from_transformers, transformers_rotary  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Case:
    id: str
    path: Path
    layer_type: str | None = None


CASES = [
    Case("llama-2-7b", DATA / "configs" / "llama-2-7b.json"),
    Case("llama-3.1-8b", DATA / "configs" / "llama-3.1-8b.json"),
    Case("llama-3.2-1b", DATA / "configs" / "llama-3.2-1b.json"),
    Case("qwen2.5-7b", DATA / "configs" / "qwen2.5-7b.json"),
    Case("qwen2.5-7b-instruct-yarn", DATA / "model_sets" / "qwen2.5-7b-instruct-yarn.json"),
    Case("phi-3-mini-128k-instruct", DATA / "configs" / "phi-3-mini-128k-instruct.json"),
    Case("deepseek-v3", DATA / "configs" / "deepseek-v3.json"),
    Case("qwen2-vl-7b-instruct", DATA / "configs" / "qwen2-vl-7b-instruct.json"),
    Case("gemma-3-4b-it-full_attention", DATA / "model_sets" / "gemma-3-4b-it.json", "full_attention"),
    Case("gemma-3-4b-it-sliding_attention", DATA / "model_sets" / "gemma-3-4b-it.json", "sliding_attention"),
    Case("gemma-2-9b", DATA / "configs" / "gemma-2-9b.json"),
    Case("mistral-7b-v0.1", DATA / "configs" / "mistral-7b-v0.1.json"),
    Case("gpt-neox-20b", DATA / "configs" / "gpt-neox-20b.json"),
    Case("llama-4-scout-17b-16e", DATA / "configs" / "llama-4-scout-17b-16e.json"),
]
LLAMA4 = DATA / "configs" / "llama-4-scout-17b-16e.json"
QWEN2_VL = DATA / "configs" / "qwen2-vl-7b-instruct.json"


@pytest.fixture(scope="module", params=CASES, ids=[c.id for c in CASES])
def family(request):
    """(case, fn): transformers' own rotary module and apply function for the config, built once."""
    case = request.param
    return case, from_transformers(case.path, layer_type=case.layer_type)


def _check(family, **kwargs):
    case, fn = family
    return check(fn, config=case.path, layer_type=case.layer_type, **kwargs)


def test_passes_when_told_the_angles_are_float32(family):
    report = _check(family, angle_dtype="float32")
    assert report.passed, str(report)


def test_float64_angles_fail_naming_float32_angles(family):
    report = _check(family, angle_dtype="float64")
    assert not report.passed, str(report)
    assert "float32_angles" in report.diagnosis.causes, str(report)


def test_passes_at_default_settings_with_transformers_float32_angles(family):
    report = _check(family)
    assert report.passed, str(report)
    assert report.angle_dtype == "float32", str(report)
    assert "float32 angles" in str(report), str(report)


# -- what the adapter feeds the family's code ---------------------------------------------------------------

def _text_config(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    full = transformers.AutoConfig.for_model(data["model_type"], **{k: v for k, v in data.items()
                                                                    if k != "model_type"})
    return full.get_text_config()


def test_llama4_runs_its_complex_view_on_batch_seq_heads_and_pairs_adjacent_features():
    from transformers.models.llama4 import modeling_llama4

    assert from_hf_config(LLAMA4).layout == "interleaved"
    rotary = modeling_llama4.Llama4TextRotaryEmbedding(_text_config(LLAMA4))
    x = torch.randn(1, 5, 3, 128, generator=torch.Generator().manual_seed(0))  # (batch, seq, heads, d)
    positions = torch.tensor([[0, 1, 8191, 65536, 10_000_000]])
    want, _ = modeling_llama4.apply_rotary_emb(x, x, rotary(x, positions))
    got = transformers_rotary(LLAMA4)(x.transpose(1, 2), positions).transpose(1, 2)
    assert torch.equal(got, want)
    # declared as half pairs, the same code is judged to pair other features
    report = check(from_transformers(LLAMA4), config=LLAMA4, angle_dtype="float32", layout="half")
    assert not report.passed and report.diagnosis.cause == "other_layout", str(report)


def test_qwen2_vl_gets_three_equal_rows_of_position_ids(monkeypatch):
    from transformers.models.qwen2_vl import modeling_qwen2_vl

    seen = []
    forward = modeling_qwen2_vl.Qwen2VLRotaryEmbedding.forward

    def recording(self, x, position_ids):
        seen.append(position_ids.clone())
        return forward(self, x, position_ids)

    monkeypatch.setattr(modeling_qwen2_vl.Qwen2VLRotaryEmbedding, "forward", recording)
    fn = transformers_rotary(QWEN2_VL)
    seen.clear()
    fn(torch.zeros(1, 1, 4, 128), torch.tensor([[0, 5, 9, 20000]]))
    assert len(seen) == 1 and seen[0].shape == (3, 1, 4)
    assert all(torch.equal(row, seen[0][0]) for row in seen[0]) and seen[0][0].tolist() == [[0, 5, 9, 20000]]


def test_qwen2_vl_at_text_positions_is_exactly_the_text_rope():
    """M-RoPE with temporal = height = width = the token index: every section reads the same angles, so
    transformers' Qwen2-VL output equals its plain Qwen2 code on the same base and head, bit for bit."""
    data = json.loads(QWEN2_VL.read_text(encoding="utf-8"))
    plain = {k: v for k, v in data.items() if k != "rope_scaling"} | {"model_type": "qwen2"}
    x = torch.randn(1, 1, 7, 128, generator=torch.Generator().manual_seed(1))
    positions = torch.tensor([[0, 1, 2, 100, 4095, 32767, 131071]])
    assert torch.equal(transformers_rotary(QWEN2_VL)(x, positions), transformers_rotary(plain)(x, positions))


def test_gemma3_layer_types_differ_and_an_unknown_one_is_named():
    gemma3 = DATA / "model_sets" / "gemma-3-4b-it.json"
    x = torch.randn(1, 1, 3, 256, generator=torch.Generator().manual_seed(2))
    positions = torch.tensor([[1, 1000, 100000]])
    full = transformers_rotary(gemma3, layer_type="full_attention")(x, positions)
    sliding = transformers_rotary(gemma3, layer_type="sliding_attention")(x, positions)
    assert not torch.allclose(full, sliding)
    with pytest.raises(ValueError, match=r"no RoPE for layer type 'chunked_attention'.*'sliding_attention'"):
        from_transformers(gemma3, layer_type="chunked_attention")


def test_a_family_without_a_known_apply_function_is_refused_in_one_line(monkeypatch):
    from transformers.models.llama import modeling_llama

    monkeypatch.delattr(modeling_llama, "apply_rotary_pos_emb")
    with pytest.raises(ValueError, match="has none of the apply functions") as err:
        from_transformers(DATA / "configs" / "llama-3.1-8b.json")
    assert "\n" not in str(err.value)


# -- rope-ref check --transformers ---------------------------------------------------------------------------

CLI_CASES = [c for c in CASES if c.id.startswith(("llama-3.1-8b", "qwen2-vl", "llama-4", "gemma-3"))]


def _cli(case: Case, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    layer = ["--layer-type", case.layer_type] if case.layer_type else []
    return main(["check", "--transformers", str(case.path), *layer, *argv], out=out), out.getvalue()


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_passes_at_default_settings(case):
    code, text = _cli(case)
    assert code == 0 and "float32 angles" in text, text


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_fails_float64_angles_naming_the_cause(case):
    code, text = _cli(case, "--angle-dtype", "float64")
    assert code == 1 and "float32_angles" in text, text


def test_cli_refuses_an_unrunnable_family_in_one_line(monkeypatch, capsys):
    from transformers.models.llama import modeling_llama

    monkeypatch.delattr(modeling_llama, "apply_rotary_pos_emb")
    assert main(["check", "--transformers", str(DATA / "configs" / "llama-3.1-8b.json")], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "has none of the apply functions" in err and "Traceback" not in err, err
