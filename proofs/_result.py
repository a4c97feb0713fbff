"""The result every proof function returns, and the bookkeeping that turns checks into one.

A proof is a list of named checks (symbolic identities that must reduce to zero, code evaluated
at a few points, counterexamples that must hold). Its verdict is the goal ("proved" for a
theorem, "refuted" for a wrong formula) only if every check holds; otherwise it is "failed" and
the details say which check broke and what was observed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["proved", "refuted", "failed"]
VERDICTS: tuple[str, ...] = ("proved", "refuted", "failed")


@dataclass(frozen=True)
class Result:
    """What a proof function returns.

    Attributes:
        statement: the theorem (or the wrong formula) in words and symbols.
        method: how it was established, e.g. "sympy expand_trig; rope_ref at 5 points".
        verdict: "proved", "refuted" or "failed".
        details: one line per check, "ok" or "FAIL", with what was observed.
    """

    statement: str
    method: str
    verdict: Verdict
    details: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}; got {self.verdict!r}.")


class Evidence:
    """Named checks of one proof, collected in order; see :meth:`result`.

    Example:
        >>> ev = Evidence()
        >>> ev.check("1 + 1 == 2", 1 + 1 == 2)
        True
        >>> ev.result("arithmetic", "Python ints", goal="proved").verdict
        'proved'
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._ok = True
        self._count = 0

    def check(self, name: str, holds: bool, observed: str = "") -> bool:
        """Record one check; return whether it holds."""
        holds = bool(holds)
        self._count += 1
        self._ok = self._ok and holds
        self._lines.append(f"{'ok  ' if holds else 'FAIL'} {name}" + (f": {observed}" if observed else ""))
        return holds

    def note(self, text: str) -> None:
        """Record a line of reasoning that is not a check (e.g. the general-d argument)."""
        self._lines.append(f"     {text}")

    @property
    def ok(self) -> bool:
        """Whether at least one check was made and every one holds."""
        return self._ok and self._count > 0

    def result(self, statement: str, method: str, goal: Verdict) -> Result:
        """The Result: verdict ``goal`` if every check held (and there was one), else "failed"."""
        return Result(statement, method, goal if self.ok else "failed", "\n".join(self._lines))
