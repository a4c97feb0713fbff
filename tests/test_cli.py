"""The rope-ref command: help, version, table, tour, bench, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest

import rope_ref
from rope_ref import RoPE, from_hf_config
from rope_ref.cli import _parse_positions as parse_positions
from rope_ref.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_version_and_help_through_the_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "rope_ref", "--version"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"rope-ref {rope_ref.__version__}"
    result = subprocess.run([sys.executable, "-m", "rope_ref", "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0
    for command in ("table", "tour", "bench"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["table", "tour", "bench"])
def test_every_subcommand_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    assert "usage: rope-ref " + command in capsys.readouterr().out


def test_table_is_aligned_and_complete():
    code, text = run("table", "--dim", "8", "--positions", "0:4")
    assert code == 0
    lines = text.splitlines()
    header, rule, rows = lines[1], lines[2], lines[3:]
    assert header.split() == ["position", "pair", "features", "theta_j", "angle", "cos", "sin"]
    assert len(rows) == 4 * 4
    assert {len(line) for line in [header, rule, *rows]} == {len(header)}  # aligned columns
    cos, sin = RoPE(8).cos_sin(np.arange(4.0))
    last = rows[-1].split()
    assert last[:3] == ["3.0", "3", "3,7"]
    assert float(last[5]) == cos[3, 3] and float(last[6]) == sin[3, 3]  # shortest round-trip repr


def test_table_json_is_data():
    code, text = run("table", "--dim", "6", "--base", "100", "--layout", "interleaved", "--rotary-dim", "4",
                     "--positions=-1,2.5", "--json")
    assert code == 0
    data = json.loads(text)
    rope = RoPE(6, base=100.0, layout="interleaved", rotary_dim=4)
    assert (data["dim"], data["rotary_dim"], data["layout"], data["base"]) == (6, 4, "interleaved", 100.0)
    assert [(r["position"], r["pair"], r["features"]) for r in data["rows"]] == [
        (-1.0, 0, [0, 1]), (-1.0, 1, [2, 3]), (2.5, 0, [0, 1]), (2.5, 1, [2, 3])]
    cos, sin = rope.cos_sin([-1.0, 2.5])
    assert [r["cos"] for r in data["rows"]] == cos.ravel().tolist()
    assert [r["sin"] for r in data["rows"]] == sin.ravel().tolist()
    assert [r["theta"] for r in data["rows"][:2]] == rope.inv_freq().tolist()


@pytest.mark.parametrize("argv,needle", [
    (["table", "--dim", "7"], "dim must be an even integer"),
    (["table", "--dim", "8", "--layout", "neox"], "layout must be 'half' or 'interleaved'"),
    (["table", "--dim", "8", "--positions", "a:b"], "--positions must be"),
    (["table", "--dim", "8", "--positions", "0:inf"], "--positions must be"),
    (["table", "--dim", "8", "--positions", "1,nan"], "--positions must be finite"),
    (["table", "--dim", "8", "--positions", "0:1e12"], "at most 100000 positions"),
    (["bench", "--shape", "4,7"], "--shape must be"),
    (["bench", "--repeat", "0"], "--repeat must be"),
])
def test_usage_errors_exit_2_with_a_message(argv, needle, capsys):
    assert main(argv) == 2
    assert needle in capsys.readouterr().err


def test_argparse_errors_exit_2(capsys):
    assert main(["table"]) == 2  # --dim is required
    assert main(["no-such-command"]) == 2
    assert main([]) == 2
    capsys.readouterr()


def test_parse_positions_forms():
    assert parse_positions("0:4").tolist() == [0, 1, 2, 3]
    assert parse_positions("10:0:-4").tolist() == [10, 6, 2]
    assert parse_positions("7").tolist() == [7]
    assert parse_positions(" -1, 0.5 ,1e6").tolist() == [-1, 0.5, 1e6]


def test_tour_passes_and_says_so():
    code, text = run("tour")
    assert code == 0
    assert text.count("PASS") == 4 and "FAIL" not in text
    assert "All checks passed." in text


def test_tour_fails_when_rope_is_broken(monkeypatch):
    """The tour's checks can fail: break the rotation's direction for the key only."""
    original = RoPE.apply

    def skewed(self, x, positions, seq_len=None):
        return original(self, x, np.asarray(positions) * 1.0000001, seq_len)

    monkeypatch.setattr(RoPE, "apply", skewed)
    code, text = run("tour")
    assert code == 1 and "FAIL" in text and "Some checks FAILED." in text


def test_bench_reports_both_ratios_against_copy_and_the_exact_mode_cost(capsys):
    code, text = run("bench", "--shape", "1,2,64,16", "--repeat", "3", "--exact-tables", "128", "--check-dim", "16",
                     "--json")
    assert code == 0
    data = json.loads(text)
    assert [r["name"] for r in data["results"]] == ["apply interleaved", "apply half", "apply exact",
                                                    "cos_sin exact", "check correct", "check diagnosed"]
    for r in data["results"][4:]:
        assert r["dim"] == 16 and r["seconds"] > 0 and r["goal_seconds"] == 2.0 and r["cases"] >= 4
    for r in data["results"][:3]:
        assert r["baseline"] == "x.copy()" and r["seconds"] > 0 and r["baseline_seconds"] > 0
        assert r["ratio"] == pytest.approx(r["seconds"] / r["baseline_seconds"])
    assert [r["goal_ratio"] for r in data["results"][:3]] == [1.5, 2.5, 10.0]
    assert data["results"][3]["baseline"] == "cos_sin float64" and data["results"][3]["positions"] == 128
    err = capsys.readouterr().err
    assert "median of 3 runs" in err and "timing exact-mode cos/sin tables of 128 x 8 pairs" in err
    code, text = run("bench", "--shape", "1,2,64,16", "--repeat", "1", "--exact-tables", "0", "--check-dim", "0")
    assert code == 0 and text.count("ratio") == 3 and "target 1.5x" in text and "target 2.5x" in text
    assert "target 10.0x" in text and "GOAL" not in text
    assert run("bench", "--exact-tables", "-1")[0] == 2
    assert run("bench", "--check-dim", "7")[0] == 2


def test_prove_runs_the_proofs_of_the_checkout(monkeypatch, tmp_path, capsys):
    import pathlib

    monkeypatch.chdir(pathlib.Path(__file__).resolve().parents[1])
    assert main(["prove", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and [r["number"] for r in data["results"]] == ["1"]
    assert main(["prove", "no-such-statement"]) == 2
    monkeypatch.chdir(tmp_path)  # not a checkout: a usage error that says where the proofs live
    assert main(["prove"]) == 2
    assert "proofs/ folder" in capsys.readouterr().err


IMPLEMENTATION = '''
import numpy as np

def float32_recipe(x, positions):
    d = x.shape[-1]
    inv = 1.0 / (10000.0 ** (np.arange(0, d, 2, dtype=np.float32) / d))
    ang = positions.astype(np.float32)[:, None] * inv
    c, s = np.cos(ang), np.sin(ang)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return np.concatenate([x1 * c - x2 * s, x2 * c + x1 * s], axis=-1)

def correct(x, positions):
    from rope_ref import RoPE
    return RoPE(x.shape[-1]).apply(x, positions)
'''


def test_check_command_on_module_and_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "theirs.py"
    path.write_text(IMPLEMENTATION)
    assert main(["check", f"{path}:correct", "--dim", "64"]) == 0
    assert "PASS" in capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    assert main(["check", "theirs:float32_recipe", "--dim", "64", "--json"]) == 0  # float32 angles: accepted
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is True and report["angle_dtype"] == "float32" and "float32" in report["recipe"]
    assert main(["check", "theirs:float32_recipe", "--dim", "64", "--angle-dtype", "float64", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is False and report["diagnosis"]["cause"] == "float32_angles"
    assert main(["check", "theirs:missing", "--dim", "64"]) == 2
    assert main(["check", "no_such_module:f", "--dim", "64"]) == 2
    assert main(["check", "no-colon", "--dim", "64"]) == 2
    assert main(["check", "theirs:correct"]) == 2  # no dim, no config
    assert "MODULE:FUNCTION" in capsys.readouterr().err


def test_check_command_options_match_the_api(tmp_path, monkeypatch, capsys):
    """Every check() option has its CLI flag; --json is strict JSON; a NaN-returning fn is a failed check
    (exit 1), an import error of the module a usage error (exit 2)."""
    (tmp_path / "theirs_cli.py").write_text(IMPLEMENTATION + '''
def nan(x, positions):
    return x * float("nan")

def decode(x, offset):
    from rope_ref import RoPE
    return RoPE(x.shape[-1]).apply(x, offset + np.arange(x.shape[0]))
''')
    (tmp_path / "broken.py").write_text("raise RuntimeError('no GPU')\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "theirs_cli:float32_recipe", "--dim", "64", "--angle-dtype", "float32", "--dtype",
                 "float32"]) == 0
    capsys.readouterr()
    assert main(["check", "theirs_cli:nan", "--dim", "64", "--json"]) == 1
    report = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"non-strict JSON {c}"))
    assert report["cases"][0]["reason"].startswith("fn returned") and report["diagnosis"]["cause"] == "fn_failed"
    assert main(["check", "theirs_cli:decode", "--dim", "64", "--interface", "offset", "--max-position", "4096",
                 "--no-golden", "--positions", "0:8", "--timeout", "5", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # the schedule: prefill then decode steps, and the first case run again at the end
    assert {c["source"] for c in report["cases"]} == {"random", "explicit", "schedule"}
    assert {c["name"] for c in report["cases"] if c["source"] == "schedule"} == {
        "prefill_then_decode", "rerun::random_positions_below_64"}
    assert max(c["max_position"] for c in report["cases"]) < 4096
    assert main(["check", "broken:f", "--dim", "64"]) == 2
    assert "no GPU" in capsys.readouterr().err
    assert main(["check", "theirs_cli:correct", "--dim", "64", "--angle-dtype", "float8"]) == 2
    assert main(["check", "theirs_cli:correct", "--dim", "64", "--layer-type", "sliding_attention"]) == 2


# -- a context-extension rule on the command line ---------------------------------------------------

LLAMA3 = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
          "original_max_position_embeddings": 8192}
YARN = {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096, "beta_fast": 16.0,
        "beta_slow": 2.0, "mscale": 0.5, "mscale_all_dim": 0.25, "truncate": False}
LONGROPE = {"rope_type": "longrope", "short_factor": [1.0, 1.5], "long_factor": [2.0, 3.0],
            "original_max_position_embeddings": 64, "attention_factor": 1.25}


def _hf_rule(block, **top):
    """The rule from_hf_config reads from the same block in a config.json."""
    return from_hf_config({"hidden_size": 4, "num_attention_heads": 1, **top, "rope_scaling": block}).scaling


@pytest.mark.parametrize("flags,block,top", [
    (["--rope-type", "llama3", "--factor", "8", "--low-freq-factor", "1", "--high-freq-factor", "4",
      "--original-max-position-embeddings", "8192"], LLAMA3, {}),
    (["--rope-type", "yarn", "--factor", "4", "--original-max-position-embeddings", "4096", "--beta-fast", "16",
      "--beta-slow", "2", "--mscale", "0.5", "--mscale-all-dim", "0.25", "--no-truncate"], YARN, {}),
    (["--scaling", "rope_type=yarn", "--scaling", "factor=4", "--original-max-position-embeddings", "4096",
      "--scaling", "beta_fast=16", "--scaling", "beta_slow=2", "--scaling", "mscale=0.5", "--mscale-all-dim", "0.25",
      "--scaling", "truncate=false"], YARN, {}),
    (["--rope-type", "longrope", "--short-factor", "1,1.5", "--long-factor", "2,3",
      "--original-max-position-embeddings", "64", "--attention-factor", "1.25", "--max-position-embeddings", "256"],
     LONGROPE, {"max_position_embeddings": 256}),
    (["--scaling", "type=su", "--scaling", "short_factor=[1, 1.5]", "--scaling", "long_factor=[2,3]",
      "--scaling", "original_max_position_embeddings=64", "--scaling", "attention_factor=1.25",
      "--scaling", "max_position_embeddings=128"], {**LONGROPE, "rope_type": "su"}, {"max_position_embeddings": 128}),
    (["--rope-type", "dynamic", "--factor", "2", "--max-position-embeddings", "2048"],
     {"rope_type": "dynamic", "factor": 2.0}, {"max_position_embeddings": 2048}),
    (["--scaling", "rope_type=linear", "--scaling", "factor=2.5"], {"rope_type": "linear", "factor": 2.5}, {}),
])
def test_rule_flags_give_the_rule_from_hf_config_reads(flags, block, top):
    code, text = run("table", "--dim", "4", "--positions", "0:2", "--json", *flags)
    assert code == 0, text
    expected = _hf_rule(block, **top)
    assert expected is not None and json.loads(text)["scaling"] == repr(expected)


def test_rope_refs_own_rule_types_are_declared_too():
    from rope_ref.scaling import DeepSeekYaRN, NTKAware

    code, text = run("table", "--dim", "4", "--json", "--rope-type", "ntk_aware", "--factor", "3")
    assert code == 0 and json.loads(text)["scaling"] == repr(NTKAware(3.0))
    code, text = run("table", "--dim", "4", "--json", "--scaling", "rope_type=deepseek_yarn", "--factor", "40",
                     "--original-max-position-embeddings", "4096", "--mscale", "1", "--scaling", "attn_factor=0.5")
    assert code == 0 and json.loads(text)["scaling"] == repr(DeepSeekYaRN(40.0, 4096.0, mscale=1.0, attn_factor=0.5))
    code, text = run("table", "--dim", "4", "--json", "--rope-type", "default")
    assert code == 0 and json.loads(text)["scaling"] is None


RULE_IMPLEMENTATION = '''
from rope_ref import RoPE, from_hf_config
from rope_ref.scaling import Llama3

def llama3(x, positions):
    return RoPE(x.shape[-1], base=500000.0, scaling=Llama3(8.0, 1.0, 4.0, 8192.0)).apply(x, positions)

def plain(x, positions):
    return RoPE(x.shape[-1], base=500000.0).apply(x, positions)
'''


def test_check_declares_the_rule_and_names_a_missing_one(tmp_path, capsys):
    path = tmp_path / "rules_impl.py"
    path.write_text(RULE_IMPLEMENTATION)
    flags = ["--dim", "64", "--base", "500000", "--rope-type", "llama3", "--factor", "8", "--low-freq-factor", "1",
             "--high-freq-factor", "4", "--original-max-position-embeddings", "8192", "--json"]
    assert main(["check", f"{path}:llama3", *flags]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] and report["declared"]["scaling"] == {**LLAMA3, "original_max_position_embeddings": 8192.0}
    assert main(["check", f"{path}:plain", *flags]) == 1
    assert json.loads(capsys.readouterr().out)["diagnosis"]["cause"] == "missing_scaling"
    assert main(["check", f"{path}:llama3", "--dim", "64", "--base", "500000", "--no-golden"]) == 1  # undeclared


@pytest.mark.parametrize("argv,message", [
    (["--rope-type", "llama3", "--factor", "8", "--low-freq-factor", "-1", "--high-freq-factor", "4",
      "--original-max-position-embeddings", "8192"], "--low-freq-factor must be a finite real number > 0; got -1.0."),
    (["--rope-type", "linear", "--factor", "2", "--low-freq-factor", "1"],
     "--low-freq-factor is not a parameter of rope_type 'linear' (it takes factor); rope_type 'llama3' takes it."),
    (["--rope-type", "linear", "--factor", "2", "--beta-fast", "8"],
     "--beta-fast is not a parameter of rope_type 'linear' (it takes factor); rope_types 'yarn' and "
     "'deepseek_yarn' take it."),
    (["--rope-type", "linear", "--factor", "2", "--no-truncate"], "--no-truncate is not a parameter of rope_type"),
    (["--rope-type", "yarn", "--max-position-embeddings", "16384", "--original-max-position-embeddings", "4096"],
     "--factor is required for rope_type 'yarn' (transformers refuses the block without it)"),
    (["--rope-type", "linear", "--scaling", "beta=2"], "--scaling beta is not a parameter of rope_type 'linear' "
                                                       "(it takes factor); no rope_type takes it."),
    (["--factor", "2"], "--factor needs the rule's rope_type: --rope-type TYPE or --scaling rope_type=TYPE."),
    (["--rope-type", "neox"], "--rope-type must be one of deepseek_yarn, default, dynamic, dynamic_fixed, linear, "
                              "llama3, longrope, longrope_mscale, mrope, ntk_aware, proportional, su, yarn; "
                              "got 'neox'."),
    (["--scaling", "factor"], "--scaling must be KEY=VALUE with KEY a rope_scaling key, e.g. factor=4; got 'factor'."),
    (["--scaling", "rope_type=linear", "--scaling", "factor=abc"], "--scaling factor must be a finite number; "
                                                                   "got 'abc'."),
    (["--rope-type", "linear", "--factor", "2", "--scaling", "factor=3"],
     "--scaling factor and --factor both give factor; pass it once."),
    (["--rope-type", "dynamic", "--factor", "2"], "--max-position-embeddings is required for rope_type 'dynamic'."),
    (["--rope-type", "yarn", "--factor", "4"], "--original-max-position-embeddings is required for rope_type 'yarn' "
                                               "when --max-position-embeddings is not given."),
    (["--rope-type", "llama3", "--factor", "8", "--low-freq-factor", "4", "--high-freq-factor", "1",
      "--original-max-position-embeddings", "8192"], "--high-freq-factor must be >= --low-freq-factor = 4.0"),
    (["--rope-type", "ntk_aware"], "--factor is required for rope_type 'ntk_aware'."),
    (["--rope-type", "longrope", "--short-factor", "1,2", "--long-factor", "1,2",
      "--original-max-position-embeddings", "64", "--max-position-embeddings", "128"],
     "--short-factor must be a list of rotary_dim // 2 = 4 factors; got 2 factors."),
])
@pytest.mark.parametrize("command", ["table", "check", "audit"])
def test_rule_flag_errors_are_one_line_naming_the_flag(command, argv, message, capsys):
    target = {"table": ["table"], "check": ["check", "math:hypot"], "audit": ["audit", "--exponents", "8:8"]}[command]
    assert main([*target, "--dim", "8", *argv]) == 2
    err = capsys.readouterr().err
    assert err == f"rope-ref {command}: error: {message}\n" or (message in err and err.count("\n") == 1), err


@pytest.mark.parametrize("target", [["table"], ["check", "math:hypot"], ["audit"]])
def test_rule_flags_and_a_config_are_refused_together(target, tmp_path, capsys):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"hidden_size": 64, "num_attention_heads": 1}))
    assert main([*target, "--config", str(config), "--rope-type", "linear", "--factor", "2"]) == 2
    assert capsys.readouterr().err.endswith("error: --config gives the RoPE and its scaling rule; do not also pass "
                                            "--rope-type, --factor.\n")


@pytest.mark.parametrize("command", ["table", "check", "audit"])
def test_every_rule_flag_is_in_help(command, capsys):
    assert main([command, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for flag in ("--rope-type TYPE", "--factor", "--original-max-position-embeddings", "--low-freq-factor",
                 "--high-freq-factor", "--beta-fast", "--beta-slow", "--mscale ", "--mscale-all-dim",
                 "--attention-factor", "--short-factor", "--long-factor", "--truncate, --no-truncate",
                 "--max-position-embeddings", "--scaling KEY=VALUE"):
        assert flag in text, flag
    if command == "check":
        assert "--torch " in text and "--adapter {torch}" in text and "--axes AXES" in text


def test_torch_flag_usage_errors(tmp_path, monkeypatch, capsys):
    """Without torch, --torch is a one-line usage error; --axes needs --torch; --torch and --transformers clash."""
    path = tmp_path / "numpy_impl.py"
    path.write_text(IMPLEMENTATION)
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    for flag in (["--torch"], ["--adapter", "torch"]):
        assert main(["check", f"{path}:correct", "--dim", "64", *flag]) == 2
        err = capsys.readouterr().err
        assert err.startswith("rope-ref check: error: --torch needs torch installed (pip install torch)")
        assert err.count("\n") == 1, err
    assert main(["check", f"{path}:correct", "--dim", "64", "--axes", "bshd"]) == 2
    assert "--axes says how --torch passes x to fn" in capsys.readouterr().err
    assert main(["check", "--transformers", "config.json", "--torch", "--dim", "64"]) == 2
    assert "do not also pass --torch" in capsys.readouterr().err
    assert main(["check", f"{path}:correct", "--dim", "64", "--torch", "--axes", "hsd"]) == 2
    assert "--axes must be 'bhsd' or 'bshd' or 'bsd' or 'sd'" in capsys.readouterr().err


def test_check_takes_every_interface(tmp_path, monkeypatch, capsys):
    """--interface batched and qk (qk also from the signature), and in-place functions, from the command line.

    (The module name is one no installed package takes: `kernels` is a package transformers installs.)"""
    (tmp_path / "my_rope_kernels.py").write_text('''
import numpy as np
from rope_ref import RoPE

ROPE = RoPE(32)

def batched(x, positions):
    return ROPE.apply(x, positions)

def qk(q, k, positions):
    return ROPE.apply(q, positions[:, None]), ROPE.apply(k, positions[:, None])

def in_place(x, positions):
    x[...] = ROPE.apply(x, positions)
''')
    monkeypatch.chdir(tmp_path)
    assert main(["check", "my_rope_kernels:batched", "--dim", "32", "--interface", "batched"]) == 0
    assert main(["check", "my_rope_kernels:qk", "--dim", "32"]) == 0
    assert main(["check", "my_rope_kernels:qk", "--dim", "32", "--interface", "qk", "--json"]) == 0
    capsys.readouterr()
    assert main(["check", "my_rope_kernels:in_place", "--dim", "32", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert any("in place" in n for n in report["notes"])
    assert main(["check", "my_rope_kernels:batched", "--dim", "32", "--interface", "bogus"]) == 2

