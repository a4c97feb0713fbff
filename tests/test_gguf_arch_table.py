"""rope_ref.gguf's architecture -> rope type table against llama.cpp's ``llama_model_rope_type``.

PINNED below is the function's switch in ggml-org/llama.cpp src/llama-model.cpp at commit
a5410f046c01d01330c8a42f13b64a211fedf2c3 (the function sits near the end of the file, after
``llama_n_head``), transcribed case by case in the source's order with the LLM_ARCH_ suffixes as
written there. The gguf package's MODEL_ARCH enum uses the same suffixes, and MODEL_ARCH_NAMES gives the
``general.architecture`` string of each (llama-arch.cpp's LLM_ARCH_NAMES).

NEWER lists the entries where rope_ref follows a later llama.cpp than the pinned commit on purpose.
"""

from __future__ import annotations

import pytest

gguf = pytest.importorskip("gguf")

from rope_ref import gguf as rope_gguf  # noqa: E402

PINNED_COMMIT = "a5410f046c01d01330c8a42f13b64a211fedf2c3"

# llama_model_rope_type at PINNED_COMMIT: return value -> its case labels, in the source's order.
PINNED: dict[str, tuple[str, ...]] = {
    # "these models do not use RoPE"
    "none": ("GPT2", "GPTJ", "MPT", "REFACT", "BLOOM", "MAMBA", "JINA_BERT_V2", "T5", "T5ENCODER", "JAIS",
             "RWKV6", "RWKV6QWEN2", "RWKV7", "ARWKV7", "WAVTOKENIZER_DEC"),
    # "use what we call a normal RoPE, operating on pairs of consecutive head values"
    "norm": ("LLAMA", "LLAMA4", "DECI", "BAICHUAN", "STARCODER", "PLAMO", "ORION", "INTERNLM2", "MINICPM",
             "XVERSE", "COMMAND_R", "COHERE2", "OLMO", "ARCTIC", "DEEPSEEK", "DEEPSEEK2", "PLM", "CHATGLM", "GLM4",
             "GRANITE", "GRANITE_MOE", "CHAMELEON", "BAILINGMOE"),
    # "the pairs of head values are offset by n_rot/2"
    "neox": ("FALCON", "GROK", "DBRX", "BERT", "NOMIC_BERT", "STABLELM", "BITNET", "QWEN", "QWEN2", "QWEN2MOE",
             "QWEN3", "QWEN3MOE", "OLMO2", "OLMOE", "PHI2", "PHI3", "PHIMOE", "GEMMA", "GEMMA2", "GEMMA3",
             "STARCODER2", "OPENELM", "GPTNEOX", "CODESHELL", "NEMOTRON", "EXAONE", "MINICPM3"),
    "mrope": ("QWEN2VL",),
}

# rope_ref's entries taken from a later llama_model_rope_type: arch -> (pinned type, rope_ref's type).
# Plamo and Orion shipped as NORM where NEOX was meant (issue 24); later llama.cpp lists both under NEOX.
NEWER = {"plamo": ("norm", "neox"), "orion": ("norm", "neox")}


def _pinned_table() -> dict[str, str]:
    """PINNED as ``general.architecture`` string -> rope type."""
    return {gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH[label]]: kind
            for kind, labels in PINNED.items() for label in labels}


def _module_table(rope_types: dict[str, str], conditional: dict[str, str]) -> dict[str, str]:
    """The type rope_ref gives each architecture for a file without ``rope.dimension_sections``."""
    return {**conditional, **rope_types}


def _disagreements(module: dict[str, str], pinned: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """arch -> (pinned type, module type or None when missing) for every pinned arch that differs."""
    return {arch: (kind, module.get(arch)) for arch, kind in pinned.items() if module.get(arch) != kind}


def test_transcription_is_complete():
    pinned = _pinned_table()
    labels = [label for labels in PINNED.values() for label in labels]
    assert len(labels) == len(set(labels)) == len(pinned) == 66, "a case label listed twice or mistyped"


def test_module_table_agrees_with_pinned_llama_cpp():
    module = _module_table(rope_gguf._ROPE_TYPES, rope_gguf._CONDITIONAL)
    found = _disagreements(module, _pinned_table())
    unexplained = {arch: pair for arch, pair in found.items() if NEWER.get(arch) != pair}
    assert not unexplained, (
        f"rope_ref.gguf._ROPE_TYPES disagrees with llama_model_rope_type at {PINNED_COMMIT} "
        f"(arch: (llama.cpp, rope_ref)): {unexplained}")
    # every documented newer entry is still a disagreement of exactly that kind
    assert found == NEWER, f"NEWER is out of date: found {found}, documented {NEWER}"


def test_glm4_is_norm_without_sections():
    """The pinned function has glm4 under NORM; rope_ref keeps that unless rope.dimension_sections is set."""
    assert rope_gguf._CONDITIONAL["glm4"] == _pinned_table()["glm4"] == "norm"


@pytest.mark.parametrize(("label", "change"), [
    ("qwen3_flipped_to_norm", {"qwen3": "norm"}),
    ("llama_flipped_to_neox", {"llama": "neox"}),
    ("qwen2vl_as_neox", {"qwen2vl": "neox"}),
    ("gpt2_given_rope", {"gpt2": "norm"}),
])
def test_a_flipped_entry_is_caught(label, change):
    module = _module_table({**rope_gguf._ROPE_TYPES, **change}, rope_gguf._CONDITIONAL)
    found = _disagreements(module, _pinned_table())
    (arch, kind), = change.items()
    assert found.get(arch) == (_pinned_table()[arch], kind), label


def test_a_missing_entry_is_caught():
    types = {arch: kind for arch, kind in rope_gguf._ROPE_TYPES.items() if arch != "stablelm"}
    found = _disagreements(_module_table(types, rope_gguf._CONDITIONAL), _pinned_table())
    assert found.get("stablelm") == ("neox", None)
