"""``rope-ref models sweep [--family NAME]... [--adversarial] [--json]``: rope-ref against the installed transformers.

The sweep (:mod:`rope_ref.models._sweep`) needs torch and transformers; without them the command is a
usage error (exit 2). Exit codes: 0 every family agrees and none is missing from the registry; 1 a
family disagrees or is missing (with ``--adversarial``: a variant ends outside
:data:`rope_ref.models._sweep.ACCEPTED`: a disagreement, or one side reading what the other refuses
without a word); 2 a usage error.

Example:
    >>> import argparse
    >>> from rope_ref.models._cli import add_parser
    >>> sub = argparse.ArgumentParser(prog="rope-ref").add_subparsers()
    >>> add_parser(sub)
    >>> sorted(sub.choices), sorted(sub.choices["models"]._subparsers._group_actions[0].choices)
    (['models'], ['sweep'])
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from rope_ref._io import dump_strict

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class ModelsUsageError(Exception):
    """Reported on stderr with exit code 2."""


def _progress(stream: TextIO, verb: str):
    tty = stream.isatty()

    def report(done: int, total: int, name: str) -> None:
        if tty:  # one line, rewritten in place
            print(f"\r{verb} {done}/{total} {name:<40}", end="" if done < total else "\n", file=stream, flush=True)
        elif done == total or done % 25 == 0:
            print(f"{verb} {done}/{total}", file=stream, flush=True)
    return report


def _family_text(row: dict[str, Any]) -> list[str]:
    """A disagreeing family's lines: what transformers computes against what rope-ref reads."""
    lines = [f"DISAGREE  {row['family']} ({row['rotary']})"]
    for problem in row.get("problems") or [row.get("reason", "")]:
        lines.append(f"    {problem}")
    return lines


def _sweep_text(result: dict[str, Any], out: TextIO) -> None:
    for row in result["rows"]:
        if row["status"] == "mismatch":
            print("\n".join(_family_text(row)), file=out)
    for miss in result["missing"]:
        sub = f", a sub-config of {miss['sub_config_of']!r}" if miss["sub_config_of"] else ""
        print(f"MISSING   {miss['model_type']} (transformers/models/{miss['folder']}: {', '.join(miss['rotary'])}"
              f"{sub}): not in rope-ref's registry", file=out)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result["counts"].items()))
    print(f"{result['families']} families against transformers {result['transformers']}: {counts}; "
          f"{len(result['missing'])} model types missing from the registry.", file=out)


def _adversarial_text(result: dict[str, Any], out: TextIO) -> None:
    from rope_ref.models._sweep import ACCEPTED
    for record in result["records"]:  # what fails, and what differs with a warning (for a reader to judge)
        if record["outcome"] in ACCEPTED and record["outcome"] != "rope-ref warns, and differs":
            continue
        label = "DISAGREE" if record["outcome"] == "disagree" else record["outcome"].upper()
        print(f"{label}  {record['family']}: {record['variant']}", file=out)
        print(f"    given: {json.dumps(record['given'], sort_keys=True)[:300]}", file=out)
        for side in ("transformers", "rope_ref"):
            error = (record.get(side) or {}).get("error")
            if error:
                print(f"    {side.replace('_', '-')}: {error[:300]}", file=out)
        used = next(iter((record.get("transformers") or {}).values()), None)
        if isinstance(used, dict) and "rope_parameters" in used:
            print(f"    transformers used: rope_parameters {json.dumps(used['rope_parameters'], sort_keys=True)[:240]}"
                  f", head_dim {used.get('head_dim')}, {used.get('frequencies')} frequencies", file=out)
        for diff in record.get("differences", []):
            where = f" [{diff['layer_type']}]" if diff.get("layer_type") else ""
            print(f"    {diff['key']}{where}: transformers {diff['transformers']}, rope-ref {diff['rope_ref']}",
                  file=out)
        for warning in record.get("rope_ref_warnings", [])[:2]:
            print(f"    rope-ref warned: {warning[:300]}", file=out)
    counts = ", ".join(f"{result['counts'].get(k, 0)} {k}" for k in _outcomes(result))
    print(f"{result['variants']} variants of {result['families']} families against transformers "
          f"{result['transformers']}: {counts}.", file=out)


def _outcomes(result: dict[str, Any]) -> list[str]:
    from rope_ref.models._sweep import OUTCOMES
    return list(OUTCOMES) + sorted(k for k in result["counts"] if k not in OUTCOMES)


def _cmd_sweep(args: argparse.Namespace, out: TextIO) -> int:
    try:
        return _run_sweep(args, out)
    except ModelsUsageError as err:
        print(f"rope-ref models sweep: error: {err}", file=sys.stderr)
        return EXIT_USAGE


def _run_sweep(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.models import _sweep
    try:
        _sweep.require_frameworks()
    except _sweep.MissingFrameworkError as err:
        raise ModelsUsageError(str(err)) from None
    progress = None if args.quiet else _progress(sys.stderr, "swept")
    try:
        if args.adversarial:
            result = _sweep.adversarial(args.family, progress=progress)
        else:
            result = _sweep.sweep(args.family, progress=progress)
    except ValueError as err:  # an unknown --family
        raise ModelsUsageError(str(err)) from None
    if args.json:
        dump_strict(result, out, indent=1, sort_keys=True, default=str)
        print(file=out)
    elif args.adversarial:
        _adversarial_text(result, out)
    else:
        _sweep_text(result, out)
    if args.adversarial:
        failed = any(r["outcome"] not in _sweep.ACCEPTED for r in result["records"])
    else:
        failed = bool(result["counts"].get("mismatch") or result["missing"])
    return EXIT_FAIL if failed else EXIT_OK


def add_parser(sub: Any) -> None:
    """Register ``models`` and its subcommands on the top-level subparsers."""
    parser = sub.add_parser("models", help="check rope-ref's model-family registry against the installed "
                                           "transformers",
                            description="The model-family registry (rope_ref.models) against the installed "
                                        "transformers; needs torch and transformers.")
    inner = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    p = inner.add_parser(
        "sweep", help="every family with a rotary embedding: transformers' module against from_hf_config",
        description="Build each model family's rotary module from its default config and compare what it "
                    "computes (inverse frequencies, attention factor, pairing) with rope_ref.from_hf_config; "
                    "list the model types with a rotary embedding the registry lacks. With --adversarial, "
                    "read configs written the way real config.json files are (minimal, keys twice, misspelled "
                    "keys and types, ...) with both and classify each. Exit 1 when a family disagrees or is "
                    "missing (with --adversarial: when a variant disagrees, or one side silently reads what the "
                    "other refuses), 2 on a usage error.")
    p.add_argument("--family", action="append", metavar="NAME", default=None,
                   help="sweep only this family (a folder of transformers/models or its model_type); repeatable")
    p.add_argument("--adversarial", action="store_true",
                   help="adversarial configs per family, each classified (agree, rope-ref warns, disagree, ...)")
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(run=_cmd_sweep)
