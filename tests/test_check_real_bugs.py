"""check on real RoPE bugs (tests/real_bugs.py: faithful reproductions of publicly reported bugs): every one
fails, is named with its cause (and fitted parameter), and its report carries the measured differences."""

from __future__ import annotations

import copy

import pytest

from rope_ref import check

from real_bugs import BUGS, self_test

#: The interface argument of check for each RealBug.interface ("seq_len" and "inplace" are read from the
#: signature and from a None return).
INTERFACE = {"positions": None, "seq_len": None, "offset": "offset", "batched": "batched", "qk": "qk",
             "inplace": None}


def test_the_reproductions_deviate_as_their_reports_say():
    """Each entry's own claim, checked against an independent complex-number reference (not rope_ref)."""
    self_test(verbose=False)  # raises AssertionError naming the entry whose claim does not hold
    assert len(BUGS) >= 60


def _run(bug):
    declared = dict(bug.declared)
    declared.setdefault("dtype", bug.dtype)
    return check(copy.deepcopy(bug.fn), interface=INTERFACE[bug.interface], **declared)


@pytest.mark.parametrize("bug", BUGS, ids=[b.id for b in BUGS])
def test_each_real_bug_fails_and_is_named(bug):
    report = _run(bug)
    assert not report.passed, str(report)
    assert tuple(report.diagnosis.causes) == bug.causes, f"{bug.source}\n{report}"
    if bug.parameter is not None:
        assert report.diagnosis.parameter == pytest.approx(bug.parameter, rel=1e-6), f"{bug.source}\n{report}"
    # the measured differences from the declaration come with every failing report
    assert report.measurement is not None and report.measurement.lines, str(report)
    assert "measured (unit vectors at" in str(report)


def test_every_cause_the_catalogue_needs_is_a_documented_cause():
    from rope_ref.checker import CAUSES

    assert {c for b in BUGS for c in b.causes} <= set(CAUSES)


def test_every_interface_and_the_new_causes_are_covered_by_real_bugs():
    """The issue's list: each new cause and interface has at least one real bug behind it."""
    causes = {c for b in BUGS for c in b.causes}
    assert {"positions_ignored", "offset_ignored", "no_rotation", "stateful", "not_a_rotation",
            "pass_through_modified", "mixed_layout", "partial_pairing", "seq_len_ignored", "yarn_ramp",
            "bfloat16_angles", "bfloat16_inv_freq", "float16_angles", "float16_inv_freq", "mrope_layout",
            "scaling_parameter", "bfloat16_positions"} <= causes
    assert any(len(b.causes) == 2 and not b.causes[1].endswith(("_cache", "_angles")) for b in BUGS)  # two structures
    assert {b.interface for b in BUGS} == {"positions", "seq_len", "offset", "batched", "qk", "inplace"}
