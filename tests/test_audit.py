"""rope_ref.audit and the `rope-ref audit` command; the exact-mode cost line of `rope-ref bench`."""

from __future__ import annotations

import io
import json
import math
import sys
import types

import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE
from rope_ref.audit import audit, exact_table_cost, format_tables
from rope_ref.cli import main
from rope_ref.precision import RECIPES, recipe_cos_sin

import reference


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def result() -> dict:
    return audit(128, base=10000.0)


def _errors(result: dict, name: str, key: str = "cos_sin_error") -> dict[int, float]:
    recipe = next(r for r in result["recipes"] if r["name"] == name)
    return {row["exponent"]: e for row, e in zip(result["rows"], recipe[key], strict=True)}


def test_audit_covers_every_recipe_at_2_to_the_8_through_2_to_the_31(result):
    assert [row["exponent"] for row in result["rows"]] == list(range(8, 32))
    assert result["rows"][9]["positions"] == [2.0**17 - 1, 2.0**17]
    assert [r["name"] for r in result["recipes"]] == list(RECIPES)
    for r in result["recipes"]:
        assert len(r["cos_sin_error"]) == len(r["output_error"]) == 24


def test_audit_numbers_match_the_known_precision_traps(result):
    # quoted check values: float32 angles ~4e-3 at 131072 and ~2e-2 at 2**20; float64 ~4e-11 at 2**20
    # and ~1e-7 at 2**31 (orders of magnitude; the exact values depend on the pairs' roundings).
    f32, f64 = _errors(result, "float32"), _errors(result, "float64")
    assert 1e-3 <= f32[17] <= 1e-2 and 1e-2 <= f32[20] <= 1e-1
    assert 1e-11 <= f64[20] <= 1e-9 and 1e-8 <= f64[31] <= 1e-6
    # bfloat16 positions: 2**9 - 1 = 511 is stored as 512, a whole radian off for theta_0 = 1.
    assert _errors(result, "bf16_positions")[8] < 1e-4 < 0.1 < _errors(result, "bf16_positions")[9]
    # float16 positions overflow from 65520 on: 2**16 - 1 becomes infinity.
    fp16 = _errors(result, "fp16_positions")
    assert not math.isnan(fp16[15]) and all(math.isnan(fp16[k]) for k in range(16, 32))
    # A bfloat16 cache cannot beat half a bfloat16 ulp of values near 1: 2**-9.
    assert all(e >= 2.0**-10 for e in _errors(result, "bf16").values())


def test_audit_reference_agrees_with_mpmath():
    # The audit's errors are measured against exact mode; against 50-digit mpmath they agree to
    # within exact mode's own error (below 1e-16), far below the errors reported.
    rope = RoPE(64, base=10000.0)
    got = audit(64, recipes=["float32"], exponents=[20])["recipes"][0]["cos_sin_error"][0]
    cos, sin = recipe_cos_sin("float32", rope, [2.0**20 - 1, 2.0**20])
    worst = 0.0
    with mp.workdps(reference.DPS):
        for i, m in enumerate([2**20 - 1, 2**20]):
            for j in range(32):
                angle = m * reference.theta(j, 64, 10000.0)
                worst = max(worst, float(abs(cos[i, j] - mp.cos(angle))), float(abs(sin[i, j] - mp.sin(angle))))
    assert abs(got - worst) <= 1e-16


def test_output_errors_are_relative_to_the_pair_size(result):
    # The float32 recipe's outputs carry its cos/sin error: |dy| / |z| is about the table error.
    f32_table, f32_out = _errors(result, "float32"), _errors(result, "float32", "output_error")
    for k in range(17, 24):
        assert 0.3 * f32_table[k] <= f32_out[k] <= 3 * f32_table[k]


def test_format_tables_aligns_both_tables(result):
    text = format_tables(result)
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.lstrip().startswith("k ")]
    assert len(headers) == 2
    for h in headers:
        block = lines[h:h + 2 + 24]
        assert len({len(line) for line in block}) == 1  # header, rule and 24 rows, aligned
        assert block[0].split() == ["k", *RECIPES]
    assert "nan" in text and "recipes:" in text


def test_audit_command_prints_the_tables():
    code, text = run("audit", "--dim", "64", "--exponents", "16:18", "--recipes", "float32,fp16_positions")
    assert code == 0
    assert "cos/sin tables" in text and "rotated outputs" in text
    rows = [line.split() for line in text.splitlines() if line.strip()[:2] in ("16", "17", "18")]
    assert [r[0] for r in rows] == ["16", "17", "18"] * 2
    assert rows[0][2] == "nan"  # float16 positions overflow at 2**16 - 1


def test_audit_command_json_is_data_with_null_for_overflow():
    code, text = run("audit", "--exponents", "15:16", "--recipes", "fp16_positions", "--json")
    assert code == 0
    data = json.loads(text)
    errors = data["recipes"][0]["cos_sin_error"]
    assert errors[0] > 0 and errors[1] is None
    assert data["dim"] == 128 and data["reference"].startswith("exact mode")


@pytest.mark.parametrize("argv,needle", [
    (["audit", "--exponents", "8-31"], "--exponents must be 'lo:hi'"),
    (["audit", "--exponents", "8:50"], "--exponents must be"),
    (["audit", "--recipes", "float32,tf32"], "recipes must be names from"),
    (["audit", "--dim", "7"], "dim must be an even integer"),
    (["audit", "--samples", "0"], "samples must be an integer >= 1"),
])
def test_audit_usage_errors_exit_2(argv, needle, capsys):
    assert main(argv) == 2
    assert needle in capsys.readouterr().err


def test_plot_without_matplotlib_is_a_clear_usage_error(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails, installed or not
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert main(["audit", "--exponents", "8:9", "--plot", str(tmp_path / "f.png")]) == 2
    assert "matplotlib" in capsys.readouterr().err


def test_plot_draws_every_recipe_when_matplotlib_is_there(monkeypatch, tmp_path):
    calls: list = []

    class Axes:
        def loglog(self, x, y, **kwargs):
            calls.append(("loglog", len(x), kwargs["label"]))

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    class Figure:
        def __init__(self, **kwargs):
            pass

        def subplots(self, rows, cols):
            return [Axes() for _ in range(cols)]

        def savefig(self, path):
            calls.append(("savefig", path))

    module = types.ModuleType("matplotlib.figure")
    module.Figure = Figure
    monkeypatch.setitem(sys.modules, "matplotlib", types.ModuleType("matplotlib"))
    monkeypatch.setitem(sys.modules, "matplotlib.figure", module)
    path = str(tmp_path / "audit.png")
    code, _ = run("audit", "--exponents", "8:10", "--recipes", "float32,bf16", "--plot", path)
    assert code == 0
    assert calls.count(("savefig", path)) == 1
    assert sorted(c[2] for c in calls if c[0] == "loglog") == ["bf16", "bf16", "float32", "float32"]
    assert {c[1] for c in calls if c[0] == "loglog"} == {3}


def test_audit_is_registered_with_help(capsys):
    assert main(["audit", "--help"]) == 0
    assert "usage: rope-ref audit" in capsys.readouterr().out
    assert main(["--help"]) == 0
    assert "audit" in capsys.readouterr().out


# -- the bench's exact-mode cost -------------------------------------------------------------------

def test_bench_reports_the_exact_mode_cost_ratio(capsys):
    code, text = run("bench", "--shape", "1,1,8,16", "--repeat", "1", "--exact-tables", "256", "--check-dim", "0",
                     "--json")
    assert code == 0
    entry = json.loads(text)["results"][-1]
    assert entry["name"] == "cos_sin exact" and entry["baseline"] == "cos_sin float64"
    assert (entry["positions"], entry["pairs"], entry["goal_ratio"]) == (256, 8, 5.0)
    assert entry["ratio"] == pytest.approx(entry["seconds"] / entry["baseline_seconds"])
    # the slow path's share: table values counted over the timed runs (repeat 1: 256 x 8 x 2 values)
    assert entry["values_rounded"] == 256 * 8 * 2 and 0 <= entry["slow_path_values"] <= entry["values_rounded"]
    assert entry["slow_path_fraction"] == entry["slow_path_values"] / entry["values_rounded"]
    apply_exact = next(e for e in json.loads(text)["results"] if e["name"] == "apply exact")
    assert apply_exact["values_rounded"] == 8 * 16 and "slow_path_fraction" in apply_exact
    code, text = run("bench", "--shape", "1,1,8,16", "--repeat", "1", "--exact-tables", "256", "--check-dim", "0")
    assert code == 0
    line, slow = text.splitlines()[-2:]
    assert line.startswith("cos_sin exact") and "ratio" in line and "tables 256 x 8" in line
    assert slow.startswith("  exact mode's slow path:") and "of 4096 values" in slow
    assert main(["bench", "--shape", "1,1,8,16", "--exact-tables", "-5"]) == 2
    assert "--exact-tables must be an integer >= 0" in capsys.readouterr().err


def test_exact_table_cost_rejects_a_bad_size():
    with pytest.raises(ValueError, match=r"num_positions must be an integer >= 1; got 0\."):
        exact_table_cost(0)
    assert np.isfinite(exact_table_cost(16, 4, repeat=1)["ratio"])


def test_audit_takes_a_scaling_rule_and_its_attention_factor():
    from rope_ref import Scaling, default_inv_freq

    class Linear2(Scaling):
        """Position interpolation by 2 with an attention factor, for this test."""

        def inv_freq(self, rotary_dim, base, seq_len=None):
            return default_inv_freq(rotary_dim, base) / 2

        @property
        def attention_factor(self):
            return 1.25

    scaled = audit(64, scaling=Linear2(), recipes=["float64", "float32"], exponents=[10, 21])
    assert scaled["attention_factor"] == 1.25 and "Linear2" in scaled["scaling"]
    f64 = scaled["recipes"][0]
    # float64 at m ~ 2**21 with frequencies halved: angle error ~ u |m theta| ~ 1e-10, far from 1e-16
    # (exact mode) and from the float32 recipe's ~1e-1.
    assert f64["cos_sin_error"][0] < 1e-12 and 1e-12 < f64["cos_sin_error"][1] < 1e-8
    assert scaled["recipes"][1]["cos_sin_error"][1] > 1e-3


def test_audit_command_reads_a_config(capsys):
    import pathlib

    config = pathlib.Path(__file__).parent / "data" / "configs" / "llama-3.1-8b.json"
    assert main(["audit", "--config", str(config), "--recipes", "float32", "--exponents", "17:17", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dim"] == 128 and data["base"] == 500000.0 and "Llama3" in data["scaling"]
    assert main(["audit", "--config", str(config.with_name("missing.json"))]) == 2


def test_the_command_line_wiring_lives_in_the_cli_and_the_old_hook_warns():
    import argparse

    import rope_ref.audit as audit_module

    assert "argparse" not in vars(audit_module) and "add_subcommand" not in audit_module.__all__
    with pytest.warns(DeprecationWarning, match=r"rope_ref\.audit\.add_subcommand is deprecated.*rope_ref\.cli"):
        add = audit_module.add_subcommand
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    add(sub)  # still registers `audit` on a command line, for one release
    args = sub.choices["audit"].parse_args(["--exponents", "8:9", "--json"])
    assert args.exponents == "8:9" and args.json and callable(args.run)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        audit_module.nothing  # noqa: B018
