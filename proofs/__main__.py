"""``python -m proofs``: run every proof and print a table; exit 0 only if each verdict is the expected one.

Example:
    $ python -m proofs            # the table
    $ python -m proofs --json     # the same as JSON
    $ python -m proofs 3 14b -v   # two statements, with the checks behind each verdict
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO

from proofs import PROOFS, Outcome, run_all

# Column widths of the table; statement and method wrap inside theirs.
WIDTHS = {"#": 4, "statement": 54, "method": 42, "verdict": 14, "time": 7}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: optional statement numbers, --json, --verbose."""
    parser = argparse.ArgumentParser(
        prog="python -m proofs",
        description="Run rope-ref's sympy proofs (theorems must be 'proved', wrong formulas 'refuted') "
                    "and print a table. Exit 0 if every verdict is the expected one, 1 otherwise.")
    parser.add_argument("numbers", nargs="*", metavar="NUMBER",
                        help=f"run only these statements (of {', '.join(p.number for p in PROOFS)})")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each proof's checks under the table")
    args = parser.parse_args(argv)
    known = [p.number for p in PROOFS]
    unknown = [n for n in args.numbers if n not in known]
    if unknown:
        parser.error(f"unknown statement number(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return args


def as_json(outcomes: Sequence[Outcome]) -> dict:
    """The results as plain data: one record per statement, and whether all are as expected."""
    return {
        "ok": all(o.ok for o in outcomes),
        "seconds": round(sum(o.seconds for o in outcomes), 3),
        "results": [
            {"number": o.proof.number, "module": o.proof.module, "statement": o.result.statement,
             "method": o.result.method, "verdict": o.result.verdict, "expected": o.proof.expected,
             "ok": o.ok, "seconds": round(o.seconds, 3), "details": o.result.details}
            for o in outcomes
        ],
    }


def table(outcomes: Sequence[Outcome]) -> str:
    """An aligned table: number, statement, method, verdict, time; long cells wrap in their column."""
    names = list(WIDTHS)
    lines = ["  ".join(n.ljust(WIDTHS[n]) for n in names).rstrip(),
             "  ".join("-" * WIDTHS[n] for n in names)]
    for o in outcomes:
        verdict = [o.result.verdict] + ([] if o.ok else [f"(want {o.proof.expected})"])
        cells = {"#": [o.proof.number], "statement": textwrap.wrap(o.result.statement, WIDTHS["statement"]),
                 "method": textwrap.wrap(o.result.method, WIDTHS["method"]), "verdict": verdict,
                 "time": [f"{o.seconds:6.2f}s"]}
        for i in range(max(len(c) for c in cells.values())):
            row = [(cells[n][i] if i < len(cells[n]) else "").ljust(WIDTHS[n]) for n in names]
            lines.append("  ".join(row).rstrip())
    good = sum(o.ok for o in outcomes)
    lines.append(f"{good} of {len(outcomes)} statements have the expected verdict "
                 f"({sum(o.seconds for o in outcomes):.1f} s).")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the proofs, print the table (or JSON) to ``out``; return the exit code."""
    out = sys.stdout if out is None else out
    args = parse_args(argv)
    chosen = [p for p in PROOFS if not args.numbers or p.number in args.numbers]
    outcomes = run_all(chosen)
    if args.json:
        json.dump(as_json(outcomes), out, indent=2)
        out.write("\n")
    else:
        out.write(table(outcomes) + "\n")
        for o in outcomes:
            if args.verbose or not o.ok:
                out.write(f"\n{o.proof.number} ({o.proof.module}): {o.result.verdict}\n{o.result.details}\n")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
