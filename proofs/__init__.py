"""Machine-checked proofs of the identities rope-ref relies on, and refutations of wrong RoPE formulas.

One module per statement; each exposes one function (``prove`` for a theorem, ``refute`` for a
wrong formula) that works with sympy on symbolic angles, positions and features, evaluates
rope_ref at a few points where the statement is about code, and returns a :class:`Result`
(statement, method, verdict, details). :data:`PROOFS` lists them in order with the verdict
each must reach; ``python -m proofs`` runs them all and exits 1 unless every verdict is the
expected one.

Run from a checkout with sympy and mpmath installed; this package is not part of the wheel.

To add a statement: write ``proofs/pNN_<topic>.py`` (module docstring: the theorem in words
and in a formula; one ``prove()`` or ``refute()`` returning ``Evidence.result(...)``), then
append a :class:`Proof` line to :data:`PROOFS`. The tests pick it up from there.

Example:
    >>> from proofs import PROOFS, run
    >>> outcome = run(PROOFS[0])
    >>> outcome.result.verdict, outcome.ok
    ('proved', True)
"""

from __future__ import annotations

import importlib
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proofs import (
    p01_block_rotation,
    p02_complex_form,
    p03_relative_identity,
    p04_complex_score,
    p05_layouts,
    p06_linear_interpolation,
    p07_ntk_aware,
    p08_yarn,
    p09_llama3_smoothing,
    p10_attention_factor,
    p11_xpos_relative,
    p12_mrope_text,
    p13_long_term_decay,
    p14a_rot_of_positions,
    p14b_scaling_not_rotation,
    p14c_subtracted_sine,
    p14d_shape_mismatch,
)
from proofs._result import VERDICTS, Evidence, Result, Verdict

__all__ = ["PROOFS", "VERDICTS", "Evidence", "Outcome", "Proof", "Result", "Verdict", "run", "run_all"]


@dataclass(frozen=True)
class Proof:
    """One entry of the list: its number, the function that proves it, the verdict it must reach."""

    number: str
    function: Callable[[], Result]
    expected: Verdict

    @property
    def module(self) -> str:
        """The module's short name, e.g. "p03_relative_identity"."""
        return self.function.__module__.rsplit(".", 1)[-1]


# The statements, in the order the table prints them.
PROOFS: tuple[Proof, ...] = (
    Proof("1", p01_block_rotation.prove, "proved"),
    Proof("2", p02_complex_form.prove, "proved"),
    Proof("3", p03_relative_identity.prove, "proved"),
    Proof("4", p04_complex_score.prove, "proved"),
    Proof("5", p05_layouts.prove, "proved"),
    Proof("6", p06_linear_interpolation.prove, "proved"),
    Proof("7", p07_ntk_aware.prove, "proved"),
    Proof("8", p08_yarn.prove, "proved"),
    Proof("9", p09_llama3_smoothing.prove, "proved"),
    Proof("10", p10_attention_factor.prove, "proved"),
    Proof("11", p11_xpos_relative.prove, "proved"),
    Proof("12", p12_mrope_text.prove, "proved"),
    Proof("13", p13_long_term_decay.prove, "proved"),
    Proof("14a", p14a_rot_of_positions.refute, "refuted"),
    Proof("14b", p14b_scaling_not_rotation.refute, "refuted"),
    Proof("14c", p14c_subtracted_sine.refute, "refuted"),
    Proof("14d", p14d_shape_mismatch.refute, "refuted"),
)


@dataclass(frozen=True)
class Outcome:
    """A proof's result, how long it took, and whether the verdict is the expected one."""

    proof: Proof
    result: Result
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether the verdict is the one the list expects."""
        return self.result.verdict == self.proof.expected


def run(proof: Proof) -> Outcome:
    """Run one proof; an exception becomes a "failed" result whose details hold the traceback."""
    start = time.perf_counter()
    try:
        result = proof.function()
        if not isinstance(result, Result):
            raise TypeError(f"{proof.module} returned {type(result).__name__}, not a proofs.Result")
    except Exception:  # a crashing proof is reported, not propagated: the table must still print
        doc = (importlib.import_module(proof.function.__module__).__doc__ or proof.module).strip()
        result = Result(doc.splitlines()[0], "(raised an exception)", "failed", traceback.format_exc())
    return Outcome(proof, result, time.perf_counter() - start)


def run_all(proofs: Sequence[Proof] = PROOFS) -> list[Outcome]:
    """Run every proof in order."""
    return [run(p) for p in proofs]
