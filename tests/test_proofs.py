"""The proofs: each reaches its expected verdict, `python -m proofs` agrees, and the checks can fail."""

from __future__ import annotations

import ast
import doctest
import importlib
import io
import json
import math
import pkgutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import rope_ref
from rope_ref import multiaxis, scaling

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # proofs/ ships in no wheel: import it from the checkout
    sys.path.insert(0, str(ROOT))

import proofs  # noqa: E402
from proofs import PROOFS, Evidence, Proof, Result, p01_block_rotation, p03_relative_identity, run  # noqa: E402
from proofs.__main__ import main  # noqa: E402
from proofs._common import rot2  # noqa: E402

BUDGET_SECONDS = 60.0  # issue 7: all proofs together


@pytest.mark.parametrize("proof", PROOFS, ids=lambda p: f"{p.number}-{p.module}")
def test_proof_reaches_its_expected_verdict(proof):
    outcome = run(proof)
    result = outcome.result
    assert result.verdict == proof.expected, f"{proof.module}: {result.verdict}\n{result.details}"
    assert result.statement and result.method
    assert "FAIL" not in result.details
    assert result.details.startswith("ok")


def test_every_module_is_listed_once_and_documented():
    listed = [p.module for p in PROOFS]
    on_disk = sorted(path.stem for path in (ROOT / "proofs").glob("p[0-9]*.py"))
    assert sorted(listed) == on_disk, "every proofs/pNN_*.py module needs a line in proofs.PROOFS"
    assert len({p.number for p in PROOFS}) == len(PROOFS)
    for name in on_disk:
        tree = ast.parse((ROOT / "proofs" / f"{name}.py").read_text())
        assert ast.get_docstring(tree), f"{name} has no module docstring"
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                assert ast.get_docstring(node), f"{name}.{node.name} has no docstring"


def test_docstring_examples_run():
    names = ["proofs", *(f"proofs.{info.name}" for info in pkgutil.iter_modules(proofs.__path__))]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for name in names for t in doctest.DocTestFinder().find(importlib.import_module(name)) if t.examples]
    assert len(tests) >= 2
    for test in tests:
        runner.run(test)
    assert runner.failures == 0


def test_command_line_json_runs_everything_within_budget():
    done = subprocess.run([sys.executable, "-m", "proofs", "--json"], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=10 * BUDGET_SECONDS)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] is True
    assert [r["number"] for r in data["results"]] == [p.number for p in PROOFS]
    assert all(r["verdict"] == r["expected"] == p.expected for r, p in zip(data["results"], PROOFS, strict=True))
    assert data["seconds"] < BUDGET_SECONDS


def test_table_lists_every_statement_and_help_works(capsys):
    out = io.StringIO()
    assert main(["1", "14d"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["#", "statement", "method", "verdict", "time"]
    assert [line.split()[0] for line in lines[2:] if not line.startswith(" ")][:2] == ["1", "14d"]
    assert lines[-1].startswith("2 of 2 statements have the expected verdict")
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0 and "usage: python -m proofs" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["99"])
    assert exit_info.value.code == 2 and "unknown statement number(s) 99" in capsys.readouterr().err


def _crashes() -> Result:
    """A proof that raises."""
    raise ZeroDivisionError("deliberate")


def _wrong_verdict() -> Result:
    """A theorem whose proof does not go through."""
    ev = Evidence()
    ev.check("1 == 2", False)
    return ev.result("1 = 2", "arithmetic", "proved")


def test_unexpected_verdicts_exit_1_and_are_explained(monkeypatch):
    monkeypatch.setattr("proofs.__main__.PROOFS", (Proof("x1", _wrong_verdict, "proved"),
                                                   Proof("x2", _crashes, "proved")))
    out = io.StringIO()
    assert main([], out=out) == 1
    text = out.getvalue()
    assert "(want proved)" in text and "FAIL 1 == 2" in text and "ZeroDivisionError: deliberate" in text
    assert "0 of 2 statements have the expected verdict" in text


def test_result_and_evidence_reject_what_is_not_a_proof():
    with pytest.raises(ValueError, match="verdict must be one of"):
        Result("s", "m", "maybe")
    assert Evidence().result("s", "m", "proved").verdict == "failed"  # no check made: nothing proved


# Meta-tests: the proofs catch wrong mathematics and wrong code.

def test_relative_identity_fails_for_a_scaling_instead_of_a_rotation():
    result = p03_relative_identity.prove(block=lambda a: (1 + a) * sp.eye(2))  # wrong formula 2: (1 + alpha) x
    assert result.verdict != "proved"
    assert "FAIL d = 2, interleaved: <R_m q, R_n k> - <q, R_(n-m) k> reduces to 0" in result.details


def test_relative_identity_fails_for_the_opposite_direction():
    """R(-a) keeps the identity only with (m - n); the proof's code comparison notices."""
    result = p03_relative_identity.prove(block=lambda a: rot2(-a))
    assert result.verdict != "proved"
    assert "FAIL RoPE(8, layout='interleaved').apply(q, m) == R_m q" in result.details


@pytest.mark.parametrize("bug", ["transposed", "sin_sign", "one_ulp_off_times_8"])
def test_block_proof_catches_a_wrong_rotation_matrix(bug):
    def broken(angles, layout="half", dim=None, attention_factor=1.0):
        m = rope_ref.rotation_matrix(angles, layout, dim, attention_factor)
        if bug == "transposed":
            return m.T
        if bug == "sin_sign":
            return np.where(np.eye(m.shape[0], dtype=bool), m, -m)
        return m + 8 * np.spacing(1.0)

    result = p01_block_rotation.prove(rotation_matrix=broken)
    assert result.verdict == "failed"
    assert "FAIL rotation_matrix" in result.details


# Statements 6-12 are about rope_ref's rules: each proof fails when its rule is wrong. The wrong
# rules below are mistakes that occur in practice.

def _linear_multiplies(self, rotary_dim, base, seq_len=None):
    """Linear scaling that multiplies the frequencies by the factor instead of dividing."""
    return rope_ref.default_inv_freq(rotary_dim, base) * self.factor


def _ntk_without_exponent(self, rotary_dim, base, seq_len=None):
    """NTK-aware with base' = base s, dropping the exponent d/(d-2)."""
    return rope_ref.default_inv_freq(rotary_dim, base * self.factor)


def _correction_dim_without_2(self, rotations, rotary_dim, base):
    """YaRN's correction_dim with ln(base) in place of 2 ln(base)."""
    return rotary_dim * math.log(self.original_max_position_embeddings / (rotations * 2 * math.pi)) / math.log(base)


def _llama3_swapped_blend(self, rotary_dim, base, seq_len=None):
    """Llama 3 smoothing with the two blend weights swapped."""
    theta = rope_ref.default_inv_freq(rotary_dim, base)
    l0, s = float(self.original_max_position_embeddings), self.factor
    lf, hf = self.low_freq_factor, self.high_freq_factor
    wavelen = 2 * math.pi / theta
    with np.errstate(divide="ignore", invalid="ignore"):  # hf == lf: 0/0, as a naive port computes it
        smooth = (l0 / wavelen - lf) / (hf - lf)
        medium = smooth * theta / s + (1 - smooth) * theta
    out = np.where(wavelen > l0 / lf, theta / s, theta)
    return np.where((wavelen >= l0 / hf) & (wavelen <= l0 / lf), medium, out)


def _mscale_times_everything(scale, mscale=1.0):
    """get_mscale as mscale (0.1 ln s + 1), mscale 0 counting as 1: mscale also scales the constant term."""
    return (mscale or 1.0) * (1.0 if scale <= 1.0 else 0.1 * math.log(scale) + 1.0)


def _xpos_keys_not_inverted(self, positions, role="query"):
    """xPos scaling keys by zeta^(+(n - c)/gamma) like queries, not by the inverse (as a (hi, lo) pair)."""
    pos = np.asarray(positions, dtype=np.float64)
    hi = np.power(self.zeta(), (pos[..., None] - self.centre) / self.scale_base)
    return hi, np.zeros_like(hi)


def _ladder_j_over_d(rotary_dim, base=10000.0):
    """theta_j = base^(-j/d) as a (hi, lo) pair: the exponent without its 2."""
    hi = base ** (-np.arange(rotary_dim // 2) / rotary_dim)
    return hi, np.zeros_like(hi)


WRONG_RULES = {  # statement: (object, attribute, wrong value, the check that must fail)
    "6": (scaling.Linear, "inv_freq", _linear_multiplies, "FAIL Linear(0.5).inv_freq(8, 1e4) == theta_j / s"),
    "7": (scaling.NTKAware, "inv_freq", _ntk_without_exponent,
          "FAIL NTKAware(s).inv_freq(d, base)[-1] == theta_(d/2-1) / s"),
    "8": (scaling.YaRN, "correction_dim", _correction_dim_without_2, "FAIL YaRN.correction_dim =="),
    "9": (scaling.Llama3, "inv_freq", _llama3_swapped_blend, "FAIL gap in inv_freq_j / theta_j across each boundary"),
    "10": (scaling, "get_mscale", _mscale_times_everything, "FAIL a == 1.0 exactly at factor 1"),
    "11": (rope_ref.XPos, "scale_dd", _xpos_keys_not_inverted, "FAIL XPos scores =="),
    "12": (multiaxis, "theta_dd", _ladder_j_over_d, "FAIL mrope.apply(x, equal rows) == RoPE.apply(x, m)"),
}


def test_yarn_proof_fails_when_the_ramp_roles_are_swapped(monkeypatch):
    """YaRN interpolating the high frequencies and keeping the low ones (ramp_j -> 1 - ramp_j)."""
    right = scaling.YaRN._ramp_dd

    def swapped(self, rotary_dim, base):
        ramp = right(self, rotary_dim, base)
        return 1.0 - ramp[0], -ramp[1]

    monkeypatch.setattr(scaling.YaRN, "_ramp_dd", swapped)
    result = next(p for p in PROOFS if p.number == "8").function()
    assert result.verdict == "failed" and "FAIL ramp roles" in result.details, result.details


@pytest.mark.parametrize("number", sorted(WRONG_RULES, key=int))
def test_scaling_xpos_and_mrope_proofs_fail_for_a_wrong_rule(monkeypatch, number):
    target, name, wrong, failing_check = WRONG_RULES[number]
    monkeypatch.setattr(target, name, wrong)
    proof = next(p for p in PROOFS if p.number == number)
    result = proof.function()
    assert result.verdict == "failed", result.details
    assert failing_check in result.details, result.details
