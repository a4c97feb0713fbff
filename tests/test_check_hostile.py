"""check() and assert_rope_close against hostile sizes, outputs and arguments (issue 22).

- sizes: explicit positions or a dim whose cases exceed the memory limit are refused up front
  (a ValueError naming the argument, the size needed and the limit), also under an address-space
  limit; an output of the wrong shape is a failed case before anything is copied, however large;
  the unit-vector measurement is skipped, with a note, when its dim x dim probes do not fit;
- arguments: golden, fractional and timeout are validated;
- verdicts: cases that cannot tell a rotation from none (every position 0) fail the check;
- assert_rope_close reads a torch tensor that requires grad as check does.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from rope_ref import RoPE, check
from rope_ref.checker import _MAX_TIMEOUT, plan
from rope_ref.testing import assert_rope_close

DIM = 8
ROPE = RoPE(DIM)
CANNOT_TELL = "no case can tell a rotation from the identity"


def correct(x, positions):
    return ROPE.apply(x, positions).astype(x.dtype)


def identity(x, positions):
    return x


# -- sizes ---------------------------------------------------------------------------------------------

def test_explicit_positions_beyond_the_memory_limit_are_refused_up_front():
    with pytest.raises(ValueError) as info:
        check(correct, dim=128, positions=np.arange(2 * 10**6))
    message = str(info.value)
    assert message.startswith("positions must be small enough that check's working set")
    assert "shape (2000000,)" in message and "needs about 22.9 GiB" in message and "limit of 4 GiB" in message
    assert "ROPE_REF_MAX_BYTES" in message


def test_a_dim_beyond_the_memory_limit_is_refused_naming_dim(monkeypatch):
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "1MiB")
    with pytest.raises(ValueError, match=r"^dim must be small enough .* limit of 1 MiB; got dim = 4096"):
        check(correct, dim=4096)


def test_the_limit_can_be_raised(monkeypatch):
    # 20000 rows of 128 features need about 234 MiB (96 bytes a value): refused at 128 MiB, run at 256 MiB
    rope = RoPE(128)
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "128MiB")
    with pytest.raises(ValueError, match="positions must be small enough"):
        check(lambda x, p: rope.apply(x, p), dim=128, positions=np.arange(20000), golden=False)
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "256MiB")
    assert check(lambda x, p: rope.apply(x, p), dim=128, positions=np.arange(20000), golden=False).passed


class HugeTensor:
    """A torch-like output of 2**40 values: reading it (numpy(), cpu(), float()) must never happen."""

    shape = (2**40,)
    dtype = "torch.float32"

    def _never(self):
        raise AssertionError("the output was converted before its shape was checked")

    detach = cpu = float = numpy = _never


@pytest.mark.parametrize("make", [lambda: np.broadcast_to(np.float32(0), (2**40,)),  # a zero-stride 4 TiB view
                                  lambda: np.broadcast_to(np.float16(0), (2**20, 2**20)),
                                  HugeTensor], ids=["view_1d", "view_2d", "torch_like"])
def test_a_huge_output_of_the_wrong_shape_fails_its_case_before_any_copy(make):
    report = check(lambda x, p: make(), dim=DIM, golden=False, dtype="float32")
    assert not report.passed
    failed = [c for c in report.cases if c.status == "fail"]
    assert failed and all(c.reason.startswith("fn returned shape (") and "for x of shape (16, 8)" in c.reason
                          for c in failed)
    assert report.diagnosis.cause == "fn_failed"


def test_a_wrong_shape_says_what_came_back_and_what_was_expected():
    report = check(lambda x, p: correct(x, p).reshape(-1), dim=DIM, golden=False)
    reasons = {c.reason for c in report.cases if c.status == "fail"}
    assert "fn returned shape (128,) for x of shape (16, 8)" in reasons


def test_qk_outputs_of_the_wrong_shape_name_q_or_k():
    def qk(q, k, positions):
        return q[:, :1], k

    report = check(qk, dim=DIM, golden=False)
    assert any(c.reason == "fn returned shape (16, 1, 8) for q of shape (16, 2, 8)" for c in report.cases)


def test_the_measurement_is_skipped_with_a_note_when_its_probes_do_not_fit(monkeypatch):
    # 14 probed positions of a 512 x 512 matrix, 64 bytes a value: about 224 MiB, over a 64 MiB limit
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "64MiB")
    wrong = RoPE(512, layout="interleaved")
    report = check(lambda x, p: wrong.apply(x, p), dim=512, golden=False, dtype="float64")
    assert report.measurement is None
    assert any(n.startswith("fn was not measured with unit vectors: the probes (a 512 x 512 matrix at each of 14 "
                            "positions) need about 224 MiB, beyond the memory limit of 64 MiB") for n in report.notes)
    assert report.diagnosis.cause == "other_layout"  # still named, from the failed cases


def test_a_memory_error_while_measuring_becomes_a_note(monkeypatch):
    import rope_ref.checker as checker

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(checker, "measure", out_of_memory)
    wrong = RoPE(DIM, layout="interleaved")
    report = check(lambda x, p: wrong.apply(x, p), dim=DIM, golden=False)
    assert not report.passed and report.measurement is None
    assert any("probes did not fit in memory" in n for n in report.notes)


_UNDER_LIMIT = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    import numpy as np
    from rope_ref import RoPE, check

    rope = RoPE(128)
    out = {}
    try:
        check(lambda x, p: rope.apply(x, p), dim=128, positions=np.arange(2 * 10**6))
        out["positions"] = "no error"
    except ValueError as err:
        out["positions"] = str(err)
    report = check(lambda x, p: np.broadcast_to(np.float64(0), (2**28,)), dim=8, golden=False)
    out["huge_output"] = [c.reason for c in report.cases]
    json.dump(out, sys.stdout)
""")


def test_sizes_under_an_address_space_limit():
    """Issue 22's cases in a process limited to 3 GiB of address space: refused, or failed cases; no MemoryError."""
    env = {k: v for k, v in os.environ.items() if k != "ROPE_REF_MAX_BYTES"}
    run = subprocess.run([sys.executable, "-c", _UNDER_LIMIT], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["positions"].startswith("positions must be small enough") and "22.9 GiB" in out["positions"]
    assert set(out["huge_output"]) == {"fn returned shape (268435456,) for x of shape (16, 8)"}


# -- arguments -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["golden", "fractional"])
@pytest.mark.parametrize("value", ["no", "False", 0, None])
def test_flags_take_only_true_or_false(name, value):
    with pytest.raises(TypeError, match=rf"^{name} must be True or False; got "):
        check(correct, dim=DIM, **{name: value})
    with pytest.raises(TypeError, match=rf"^{name} must be True or False; got "):
        plan(dim=DIM, **{name: value})


def test_numpy_booleans_are_flags():
    assert check(correct, dim=DIM, golden=np.bool_(False), fractional=np.bool_(True)).passed


@pytest.mark.parametrize("value", [1e300, math.inf, math.nan, 0.0, -1.0, _MAX_TIMEOUT * 2])
def test_timeout_out_of_range_is_refused_before_fn_is_called(value):
    called = []
    with pytest.raises(ValueError, match=r"^timeout must be None \(no limit\) or a number of seconds > 0 and at "
                                         r"most 1e\+06; got "):
        check(lambda x, p: called.append(1), dim=DIM, timeout=value)
    assert not called


def test_timeout_at_its_maximum_runs():
    assert check(correct, dim=DIM, timeout=_MAX_TIMEOUT).passed


# -- a check that cannot tell a rotation from none fails -------------------------------------------------

def test_max_position_1_leaves_only_position_0_and_fails_the_identity():
    # no case reaches max_position: positions |m| < 1, so 0 alone; golden cases reach 7 and are skipped
    report = check(identity, dim=DIM, max_position=1)
    assert {c.max_position for c in report.cases if c.status == "pass"} == {0.0}
    assert not report.passed
    assert report.reason.startswith(f"{CANNOT_TELL}: every position checked is 0, where RoPE rotates nothing")
    assert "under max_position=1 (no case reaches it) the only integer position is 0" in report.reason
    text = str(report)
    assert text.startswith("rope-ref check: FAIL") and f"reason: {CANNOT_TELL}" in text
    data = report.as_dict()
    assert data["passed"] is False and data["reason"] == report.reason


def test_explicit_position_0_without_golden_fails_the_identity():
    report = check(identity, dim=DIM, positions=[0], golden=False, max_position=1)
    assert not report.passed and report.reason.startswith(CANNOT_TELL)


def test_a_correct_implementation_fails_too_when_nothing_can_tell():
    """The verdict is about the cases, not fn: a correct fn proves nothing at position 0 either."""
    assert check(correct, dim=DIM, max_position=1).reason.startswith(CANNOT_TELL)


def test_angles_below_the_tolerance_cannot_tell_either():
    report = check(identity, dim=DIM, positions=[1e-20], golden=False, max_position=1e-10, dtype="float64")
    assert not report.passed
    assert report.reason.startswith(f"{CANNOT_TELL}: the positions checked (|m| up to 1e-20) turn no pair")


@pytest.mark.parametrize("kwargs", [{}, {"max_position": 2}, {"golden": False}, {"positions": [0, 1]}])
def test_cases_that_reach_a_rotation_pass_a_correct_fn_and_fail_the_identity(kwargs):
    # position 1 turns pair 0 by 1 rad: the identity is off by about |x|, far beyond any tolerance
    report = check(correct, dim=DIM, **kwargs)
    assert report.passed and report.reason is None and report.cannot_tell is None
    wrong = check(identity, dim=DIM, **kwargs)
    assert not wrong.passed and any(c.status == "fail" for c in wrong.cases)


def test_the_attention_factor_alone_does_not_tell_a_rotation():
    """At position 0 a YaRN RoPE scales by its attention factor: a fn that only scales passes every case there."""
    cfg = {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 8, "rope_theta": 10000.0,
           "max_position_embeddings": 64,
           "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 16}}
    from rope_ref import from_hf_config

    a = from_hf_config(cfg).attention_factor
    assert a != 1.0
    report = check(lambda x, p: (x * a).astype(x.dtype), config=cfg, max_position=1, golden=False)
    assert not report.passed and report.reason.startswith(CANNOT_TELL)


# -- assert_rope_close on tensors ----------------------------------------------------------------------

def test_assert_rope_close_names_a_tensor_that_cannot_be_read():
    class Broken:
        def numpy(self):
            raise RuntimeError("device lost")

    with pytest.raises(TypeError, match=r"^actual must be an array, or a tensor that converts to NumPy; got a "
                                        r"Broken whose conversion raised RuntimeError: device lost"):
        assert_rope_close(Broken(), np.zeros(2), dtype="float32")


def test_an_fn_that_calls_sys_exit_fails_its_case_instead_of_ending_the_process():
    def gives_up(x, positions):
        sys.exit(3)

    report = check(gives_up, dim=8)
    assert not report.passed
    assert "sys.exit(3)" in report.cases[0].error


def test_a_keyboard_interrupt_raised_by_fn_in_its_worker_thread_fails_its_case():
    def interrupts(x, positions):
        raise KeyboardInterrupt

    report = check(interrupts, dim=8)  # timeout 60: fn runs in a worker thread, which no signal reaches
    assert not report.passed
    assert "KeyboardInterrupt" in report.cases[0].error


def test_ctrl_c_ends_the_command_with_one_line_and_exit_130(tmp_path):
    (tmp_path / "slow.py").write_text("import pathlib, time\n\ndef apply(x, positions):\n"
                                      "    pathlib.Path('called').touch()\n    time.sleep(60)\n")
    script = "import sys; del sys.path[0]; from rope_ref.cli import console_main; console_main()"
    child = subprocess.Popen([sys.executable, "-c", script, "check", "slow.py:apply", "--dim", "8"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    deadline = time.monotonic() + 60
    while not (tmp_path / "called").exists():  # wait until fn's first call has begun
        assert time.monotonic() < deadline and child.poll() is None, child.communicate()
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130, (out, err)
    assert err.strip() == "rope-ref: interrupted", err
