"""Every model family with a rotary embedding in the installed transformers, against from_hf_config.

The sweep (rope_ref.models._sweep, rendered by tests/interop/model_sweep.py) builds each family's rotary
module from its default config, compares inv_freq and the attention factor at float32 tolerance and the
pairing read from the family's apply function with unit vectors. Each family ends up compared, refused
on purpose (with the reason), or not buildable from its default config (with the reason); the counts
are written to build/model_sweep.json and asserted here, and docs/models.md must match the sweep.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
import model_sweep  # noqa: E402  (tests/interop is on sys.path under pytest's rootdir import mode)


@pytest.fixture(scope="module")
def result(request):
    out = model_sweep.sweep()
    request.config._rope_ref_model_sweep = model_sweep.summary(out)  # printed at the session's end
    (model_sweep.ROOT / "build").mkdir(exist_ok=True)
    (model_sweep.ROOT / "build" / "model_sweep.json").write_text(json.dumps(out, indent=1, default=str) + "\n")
    return out


def test_every_family_is_compared_refused_or_not_buildable(result):
    counts = result["counts"]
    rows = result["rows"]
    bad = {r["family"]: r.get("problems") or r.get("reason") for r in rows if r["status"] == "mismatch"}
    assert not bad, f"from_hf_config disagrees with transformers {result['transformers']} on {len(bad)} families: {bad}"
    assert set(counts) <= {"compared", "refused", "not buildable"}
    assert sum(counts.values()) == result["families"] == len(rows)
    for row in rows:
        if row["status"] == "refused":
            assert row["reason"].startswith("refused:"), row
        if row["status"] == "not buildable":
            assert row["reason"], row
    # every family that reached from_hf_config was read through its own registry entry
    assert not [r["family"] for r in rows if "source" in r and not r["source"].startswith("registry entry")]
    # the bulk of the families are compared, and every compared family's apply code was probed or said why not
    assert counts["compared"] >= 0.8 * result["families"], counts
    assert all(r.get("layout") for r in rows if r["status"] == "compared")
    # every compared family's apply function was probed (or the page says why not)
    assert len([r for r in rows if r["status"] == "compared" and r.get("probe")]) <= 0.05 * result["families"]


def test_every_model_type_with_a_rotary_embedding_is_in_the_registry(result):
    missing = [m["model_type"] for m in result["missing"]]
    assert not missing, (f"model types of transformers {result['transformers']} with a rotary embedding that the "
                         f"registry lacks (neither an entry nor a sub-config of one): {missing}")


def test_the_models_page_is_current(result):
    page = (model_sweep.ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    assert page == model_sweep.render(result), (
        f"docs/models.md is stale for transformers {result['transformers']}: run python tests/interop/model_sweep.py")


def test_every_registry_entry_is_a_model_type_of_this_transformers():
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

    from rope_ref.models import FAMILIES
    assert sorted(set(FAMILIES) - set(CONFIG_MAPPING_NAMES)) == []


def test_two_d_vision_families_are_compared_through_from_hf_config_multiaxis(result):
    rows = {r["family"]: r for r in result["rows"]}
    for name, rule in [("pixtral", "pixtral"), ("mlcd", "axial"), ("sam2_video", "axial"), ("inkling2", "axial_wh")]:
        assert (rows[name]["status"], rows[name]["multi_axis"]) == ("compared", rule), rows[name]
        assert "probe" not in rows[name]  # the cos/sin tables at one (row, column) were compared too


def test_the_pairing_reader_ignores_output_order_and_sees_layouts():
    eye = np.eye(8)
    from rope_ref import RoPE
    half = RoPE(8, layout="half").apply(eye, np.full(8, 3.0))
    inter = RoPE(8, layout="interleaved").apply(eye, np.full(8, 3.0))
    assert model_sweep.read_pairing(half)["layout"] == "half"
    assert model_sweep.read_pairing(inter) == {"layout": "interleaved", "rotary_dim": 8, "output_order": "input"}
    perm = np.concatenate([np.arange(0, 8, 2), np.arange(1, 8, 2)])  # DeepSeek: interleaved in, half order out
    assert model_sweep.read_pairing(inter[:, perm]) == {"layout": "interleaved", "rotary_dim": 8,
                                                         "output_order": "permuted"}


def test_glm4v_with_its_published_rotary_fraction_pairs_adjacent_features_and_sections_agree():
    # GLM-4V's default text config cannot run its own rotary code (sections [8, 12, 12] for 64 frequencies);
    # its published configs rotate half the head (partial_rotary_factor 0.5), which the code runs.
    from transformers.models.glm4v import configuration_glm4v, modeling_glm4v

    from rope_ref import from_hf_config, from_hf_config_multiaxis
    text = {"hidden_size": 4096, "num_attention_heads": 32, "partial_rotary_factor": 0.5,
            "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0, "mrope_section": [8, 12, 12],
                                "partial_rotary_factor": 0.5}}
    hf = configuration_glm4v.Glm4vTextConfig(**text)
    rotary = modeling_glm4v.Glm4vTextRotaryEmbedding(hf)
    config = {"model_type": "glm4v", "text_config": {**hf.to_dict(), "model_type": "glm4v_text"}}
    rope = from_hf_config(config)
    with torch.no_grad():
        rows = model_sweep.probe(modeling_glm4v, rotary, rope.dim, None)
        image = model_sweep.probe(modeling_glm4v, rotary, rope.dim, None, axes=model_sweep.MROPE_AXES)
    assert model_sweep.read_pairing(rows) == {"layout": "interleaved", "rotary_dim": 64, "output_order": "input"}
    ref = rope.apply(np.eye(rope.dim), np.full(rope.dim, float(model_sweep.PROBE_POSITION)))
    assert model_sweep._close(np.sort(np.abs(rows), axis=1), np.sort(np.abs(ref), axis=1))
    multi = from_hf_config_multiaxis(config)
    ref = multi.apply(np.eye(rope.dim), np.tile(np.array(model_sweep.MROPE_AXES, dtype=float), (rope.dim, 1)))
    assert model_sweep._close(np.sort(np.abs(image), axis=1), np.sort(np.abs(ref), axis=1))


@pytest.mark.parametrize("name,wrong,finds", [
    ("glm4", {"layout": "half"}, "pairing: transformers interleaved over 64 features, rope-ref half"),
    ("jetmoe", {"head_dim": "common"}, "inv_freq differ"),
    ("deepseek_v3", {"output_order": "input"}, "output order: transformers permuted, registry input"),
    ("qwen3_vl", {"multi_axis": "mrope"}, "M-RoPE differs at image positions"),
    ("pixtral", {"vision": "axial"}, "2-D frequencies differ"),
])
def test_the_sweep_catches_a_wrong_registry_entry(monkeypatch, name, wrong, finds):
    import dataclasses

    from rope_ref import models
    from rope_ref.models import _families
    families = dict(models.FAMILIES)
    families[name] = dataclasses.replace(families[name], **wrong)
    monkeypatch.setattr(models, "FAMILIES", families)
    monkeypatch.setattr(_families, "FAMILIES", families)  # what family() reads
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classes = model_sweep.families()[name]
    with torch.no_grad():
        row = model_sweep.compare_family(name, classes)
    assert row["status"] == "mismatch" and finds in " ".join(row["problems"]), row
