"""``rope-ref golden list | show ID | generate [--out DIR] [--force] | verify [DIR] [--json] | export --npz FILE``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any, TextIO

from rope_ref import golden
from rope_ref._io import dump_strict

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class GoldenUsageError(Exception):
    """Reported on stderr with exit code 2."""


def _progress(stream: TextIO, verb: str):
    tty = stream.isatty()

    def report(done: int, total: int, case_id: str) -> None:
        if tty:  # one line, rewritten in place
            print(f"\r{verb} {done}/{total} {case_id:<48}", end="" if done < total else "\n", file=stream,
                  flush=True)
        elif done == total or done % 20 == 0:
            print(f"{verb} {done}/{total}", file=stream, flush=True)
    return report


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    specs = golden.cases()
    if args.json:
        dump_strict([{"id": s.id, "kind": s.kind, "result": s.result, "flags": list(s.flags), "comment": s.comment}
                   for s in specs], out, indent=2)
        print(file=out)
        return EXIT_OK
    width = max(len(s.id) for s in specs)
    for s in specs:
        print(f"{s.id:<{width}}  {s.kind:<9}  {s.result:<10}  {s.comment}", file=out)
    print(f"{len(specs)} cases", file=out)
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    try:
        spec = golden.case(args.id)
    except ValueError as err:
        raise GoldenUsageError(str(err)) from None
    entry: dict[str, Any]
    try:
        entry = golden.load(spec.id, args.root).entry
    except (golden.GoldenFileError, ValueError) as err:
        print(f"rope-ref golden show: note: {err} Showing the catalogue entry without files.", file=sys.stderr)
        entry = {"id": spec.id, "comment": spec.comment, "kind": spec.kind, "flags": list(spec.flags),
                 "result": spec.result, "params": spec.params}
    dump_strict(entry, out, indent=2, sort_keys=True)
    print(file=out)
    return EXIT_OK


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds generate's cleanup (a SIGKILL is cleaned up by the next run)


def _cmd_generate(args: argparse.Namespace, out: TextIO) -> int:
    if args.config is not None:
        from rope_ref.golden import model_set
        if args.out is None:
            raise GoldenUsageError("--config needs --out DIR (the model's set never replaces golden/v1).")
        try:
            path = model_set.generate_model_set(args.config, args.out, layer_type=args.layer_type, force=args.force)
        except (FileExistsError, ValueError, TimeoutError) as err:
            raise GoldenUsageError(str(err)) from None
        print(f"wrote {len(model_set.model_cases(args.config, args.layer_type))} cases for {args.config} to {path}",
              file=out)
        return EXIT_OK
    if args.layer_type is not None:
        raise GoldenUsageError("--layer-type goes with --config.")
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if main_thread else None
    try:
        path = golden.generate(args.out, force=args.force, progress=_progress(sys.stderr, "generated"))
    except (FileExistsError, ValueError, TimeoutError) as err:
        raise GoldenUsageError(str(err)) from None
    except OSError as err:
        raise GoldenUsageError(f"cannot write {args.out or golden.default_root()}: {err}") from None
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    print(f"wrote {len(golden.cases())} cases to {path}", file=out)
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    try:
        report = golden.verify(args.root, progress=None if args.json else _progress(sys.stderr, "verified"))
    except golden.GoldenFileError as err:
        if args.json:
            dump_strict({"root": str(args.root or golden.default_root()), "checked": 0, "passed": False,
                         "error": str(err), "problems": {"(manifest)": [str(err)]}}, out, indent=2, sort_keys=True)
            print(file=out)
        else:
            print(f"FAIL  {err}", file=out)
        return EXIT_FAIL
    if args.json:
        dump_strict(report.as_dict(), out, indent=2, sort_keys=True)
        print(file=out)
    elif report.passed:
        print(f"PASS  {report.checked} golden cases in {report.root}: every hash matches and every case "
              "recomputes to identical bytes.", file=out)
    else:
        for case_id, problems in report.problems.items():
            for problem in problems:
                print(f"FAIL  {case_id}: {problem}", file=out)
        print(f"{len(report.problems)} of {report.checked} cases failed.", file=out)
    return EXIT_OK if report.passed else EXIT_FAIL


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.golden._export import export_npz

    try:
        count = export_npz(args.npz, args.root, force=args.force)
    except FileExistsError as err:
        raise GoldenUsageError(str(err)) from None
    except (golden.GoldenFileError, OSError) as err:
        print(f"FAIL  {err}", file=out)
        return EXIT_FAIL
    print(f"wrote {count} cases to {args.npz}", file=out)
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Register ``golden`` and its subcommands on the top-level subparsers."""
    parser = sub.add_parser("golden", help="list, show, generate and verify the golden test vectors",
                            description="The golden test vectors: $ROPE_REF_GOLDEN if set, else golden/v1 "
                                        "under the current folder (a checkout), else the copy installed "
                                        "with the package.")
    inner = parser.add_subparsers(dest="golden_command", metavar="ACTION", required=True)
    p = inner.add_parser("list", help="every case id with its kind, result and comment")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(run=_cmd_list)
    p = inner.add_parser("show", help="one case's manifest entry")
    p.add_argument("id", help="a case id (see `rope-ref golden list`)")
    p.add_argument("--root", default=None, help="the golden folder (default golden/v1)")
    p.set_defaults(run=_cmd_show)
    p = inner.add_parser("generate", help="write the whole set, byte-reproducibly and atomically")
    p.add_argument("--out", default=None, help="target folder (default golden/v1)")
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.add_argument("--config", default=None, help="a model's config.json: write that model's RoPE set instead")
    p.add_argument("--layer-type", default=None, help="with --config: the layer type, for a per-layer RoPE")
    p.set_defaults(run=_cmd_generate)
    p = inner.add_parser("verify", help="check hashes, then recompute every case (exit 1 on any mismatch)")
    p.add_argument("root", nargs="?", default=None, help="the golden folder (default golden/v1)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_cmd_verify)
    p = inner.add_parser("export", help="write the whole set as one .npz file (arrays under 'case_id/name')")
    p.add_argument("--npz", required=True, metavar="FILE", help="the .npz file to write")
    p.add_argument("--root", default=None, help="the golden folder (default: see `rope-ref golden verify`)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(run=_cmd_export)
