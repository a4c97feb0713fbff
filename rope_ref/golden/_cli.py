"""``rope-ref golden list [--root DIR] | show ID [--root DIR] | generate [--out DIR] [--force] [--config CONFIG.json
[--layer-type T]] [--json] | verify [DIR] [--json] | export --npz FILE``."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rope_ref import golden
from rope_ref._io import dump_strict
from rope_ref.golden import _swap

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class GoldenUsageError(Exception):
    """Reported on stderr with exit code 2."""


# The Python keywords of rope-ref's messages, as the command line's flags.
_FLAG_WORDS = (
    (re.compile(r"\blayer_type must be None \("), "--layer-type must not be given ("),
    (re.compile(r"\blayer_type must be (.*?), or None;"), r"--layer-type must be \1, or not given;"),
    (re.compile(r"\blayer_type must be\b"), "--layer-type must be"),
    (re.compile(r"\bgot layer_type=None\b"), "got no --layer-type"),
    (re.compile(r"\blayer_type= ?"), "--layer-type "),
    (re.compile(r"\bpass force=True \(--force\)"), "pass --force"),
    (re.compile(r"\bforce=True\b"), "--force"),
)


def flag_words(message: str) -> str:
    """A message of the Python API in the command line's words: ``layer_type=`` becomes
    ``--layer-type``, ``force=True`` becomes ``--force``.

    Example:
        >>> flag_words("it needs layer_type= one of ['full_attention']; got layer_type=None.")
        "it needs --layer-type one of ['full_attention']; got no --layer-type."
        >>> flag_words("it has no layer type 'x'; use one of ['full_attention']; got layer_type='x'.")
        "it has no layer type 'x'; use one of ['full_attention']; got --layer-type 'x'."
        >>> flag_words("/tmp/s exists; pass force=True (--force) to replace it.")
        '/tmp/s exists; pass --force to replace it.'
    """
    for pattern, replacement in _FLAG_WORDS:
        message = pattern.sub(replacement, message)
    return message


def os_error_words(verb: str, path: object, err: OSError) -> str:
    """One line for an OSError met while reading or writing ``path``: what could not be done, the
    system's reason and, when it differs, the file it was about. An OSError rope-ref raised with a
    message of its own (no errno: "exists; pass --force", the lock's timeout) is that message.

    Example:
        >>> import errno, os
        >>> os_error_words("write", "/data/set", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        'cannot write /data/set: No space left on device.'
        >>> os_error_words("write", "s", OSError(errno.EROFS, os.strerror(errno.EROFS), "/ro/.s.lock"))
        'cannot write s: Read-only file system (/ro/.s.lock).'
        >>> os_error_words("write", "s", FileExistsError("s exists; pass force=True (--force) to replace it."))
        's exists; pass --force to replace it.'
    """
    if err.errno is None:
        return flag_words(str(err))
    reason = err.strerror or str(err) or type(err).__name__
    about = err.filename
    where = f" ({os.fsdecode(about)})" if about is not None and os.fsdecode(about) != str(path) else ""
    return f"cannot {verb} {path}: {reason}{where}."


def _no_traceback(run: Callable[[argparse.Namespace, TextIO], int], verb: str,
                  where: Callable[[argparse.Namespace], object]) -> Callable[[argparse.Namespace, TextIO], int]:
    """``run`` with every OSError it lets out (BrokenPipeError aside: the caller's) as one line,
    exit 2: :func:`os_error_words` of ``verb`` and ``where(args)``."""
    @functools.wraps(run)
    def guarded(args: argparse.Namespace, out: TextIO) -> int:
        try:
            return run(args, out)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise GoldenUsageError(os_error_words(verb, where(args), err)) from None
    return guarded


def _root_of(args: argparse.Namespace) -> str | None:
    """--root, else $ROPE_REF_GOLDEN (as every golden command reads it), else None (the catalogue)."""
    if args.root is not None:
        return args.root
    return os.environ.get("ROPE_REF_GOLDEN")


def _root_flag(args: argparse.Namespace) -> str:
    """How the folder was given, for messages: ``--root`` or ``$ROPE_REF_GOLDEN``."""
    return "--root" if args.root is not None else "$ROPE_REF_GOLDEN"


def _reading(root: str | None) -> contextlib.AbstractContextManager[None]:
    """The set at ``root`` held still while it is read (the lock generate takes, shared); nothing
    for the catalogue (root None), which is no folder."""
    if root is None:
        return contextlib.nullcontext()
    return _swap.locked(Path(os.path.realpath(root)), shared=True, optional=True)


def _progress(stream: TextIO, verb: str):
    tty = stream.isatty()

    def report(done: int, total: int, case_id: str) -> None:
        if tty:  # one line, rewritten in place
            print(f"\r{verb} {done}/{total} {case_id:<48}", end="" if done < total else "\n", file=stream,
                  flush=True)
        elif done == total or done % 20 == 0:
            print(f"{verb} {done}/{total}", file=stream, flush=True)
    return report


def _root_specs(root: str | None, flag: str = "--root") -> tuple[Any, ...]:
    """The cases of the set at ``root``: a model's set's own (model.json), else the catalogue's."""
    if root is None:
        return golden.cases()
    from rope_ref.golden import model_set
    if not Path(root).is_dir():
        raise GoldenUsageError(f"{flag} must be a golden folder (one with manifest.json); got {root!r}, which is "
                               "not a folder.")
    try:
        specs = model_set.cases_of(root)
    except golden.GoldenFileError as err:
        raise GoldenUsageError(f"{flag} {root}: {err}") from None
    return golden.cases() if specs is None else specs


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    root, flag = _root_of(args), _root_flag(args)
    with _reading(root):
        specs = _root_specs(root, flag)
        if root is not None:  # what the folder holds: its manifest's entries
            try:
                entries = _manifest_entries(Path(root))
            except golden.GoldenFileError as err:
                raise GoldenUsageError(f"{flag} {root}: {err}") from None
    if root is not None:
        rows = [{"id": e.get("id"), "kind": e.get("kind"), "result": e.get("result"), "flags": e.get("flags"),
                 "comment": e.get("comment")} for e in entries if isinstance(e, dict)]
    else:
        rows = [{"id": s.id, "kind": s.kind, "result": s.result, "flags": list(s.flags), "comment": s.comment}
                for s in specs]
    if args.json:
        dump_strict(rows, out, indent=2)
        print(file=out)
        return EXIT_OK
    width = max((len(str(r["id"])) for r in rows), default=0)
    for r in rows:
        print(f"{r['id']!s:<{width}}  {r['kind']!s:<9}  {r['result']!s:<10}  {r['comment']}", file=out)
    print(f"{len(rows)} cases" + (f" in {root}" if root is not None else ""), file=out)
    return EXIT_OK


def _manifest_entries(root: Path) -> list[Any]:
    from rope_ref.golden._files import read_json
    from rope_ref.golden._load import _check_manifest

    path = root / "manifest.json"
    return _check_manifest(read_json(path), path, entries_too=False)


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    root, flag = _root_of(args), _root_flag(args)
    with _reading(root):
        specs = _root_specs(root, flag)
        spec = next((s for s in specs if s.id == args.id), None)
        if spec is None:
            where = f"the set in {root}" if root is not None else "the catalogue"
            ids = ", ".join(s.id for s in specs[:8]) + (", ..." if len(specs) > 8 else "")
            raise GoldenUsageError(f"ID must be a case of {where} (see `rope-ref golden list"
                                   f"{' --root ' + root if root is not None else ''}`: {ids}); got {args.id!r}.")
        entry: dict[str, Any]
        try:
            entry = golden.load(spec.id, root).entry
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
    if args.config is None and args.layer_type is not None:
        raise GoldenUsageError(f"--layer-type goes with --config (a model's set); got --layer-type {args.layer_type} "
                               "without it.")
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if main_thread else None
    try:
        if args.config is not None:
            return _generate_model_set(args, out)
        path = golden.generate(args.out, force=args.force, progress=_progress(sys.stderr, "generated"))
    except ValueError as err:  # an OSError (exists, a full or read-only disk, the lock's timeout): add_parser's wrap
        raise GoldenUsageError(flag_words(str(err))) from None
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    if args.json:
        dump_strict({"out": str(path), "cases": [s.id for s in golden.cases()]}, out, indent=2)
        print(file=out)
    else:
        print(f"wrote {len(golden.cases())} cases to {path}", file=out)
    return EXIT_OK


def _generate_model_set(args: argparse.Namespace, out: TextIO) -> int:
    """--config: one model's set, after saying what was read from the config and what the set covers."""
    from rope_ref.golden import model_set
    if args.out is None:
        raise GoldenUsageError(f"--config needs --out DIR (the model's set never replaces golden/{golden.CURRENT}).")
    try:
        plan = model_set.plan(args.config, args.layer_type, strict=args.strict)
        path = model_set.generate_model_set(args.config, args.out, layer_type=args.layer_type, force=args.force,
                                            strict=args.strict)
    except (ValueError, TypeError) as err:  # an OSError: add_parser's wrap
        raise GoldenUsageError(flag_words(str(err))) from None
    if args.json:
        dump_strict({"config": str(args.config), "out": str(path), **plan.as_dict()}, out, indent=2)
        print(file=out)
        return EXIT_OK
    print(f"read {args.config}", file=out)
    print(plan.describe(), file=out)
    print(f"wrote {len(plan.cases)} cases for {args.config} to {path}", file=out)
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
    elif report.passed and not report.differences:
        print(f"PASS  {report.checked} golden cases in {report.root}: every hash matches and every case "
              "recomputes to identical bytes.", file=out)
    elif report.passed:
        for case_id, notes in report.differences.items():
            for note in notes:
                print(f"DIFF  {case_id}: {note}", file=out)
        count = sum(len(notes) for notes in report.differences.values())
        print(f"PASS  {report.checked} golden cases in {report.root}: every hash matches and every case "
              f"recomputes to identical bytes but for the {count} difference{'s' if count != 1 else ''} "
              "golden/CHANGELOG.md records (this set predates correct rounding).", file=out)
    else:
        for case_id, notes in report.differences.items():
            for note in notes:
                print(f"DIFF  {case_id}: {note}", file=out)
        for case_id, problems in report.problems.items():
            for problem in problems:
                print(f"FAIL  {case_id}: {problem}", file=out)
        print(report.summary(), file=out)
    return EXIT_OK if report.passed else EXIT_FAIL


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.golden._export import export_npz

    try:
        count = export_npz(args.npz, args.root, force=args.force)
    except ValueError as err:  # GoldenFileError too: the set cannot be read as it is. An OSError: add_parser's wrap
        raise GoldenUsageError(flag_words(str(err))) from None
    print(f"wrote {count} cases to {args.npz}", file=out)
    return EXIT_OK


def _default_root_name() -> object:
    try:
        return golden.default_root()
    except (golden.GoldenFileError, OSError):  # the installed copy's own check failed: name where it is
        return golden.PACKAGED


def _where_read(args: argparse.Namespace) -> object:
    root = _root_of(args)
    return root if root is not None else _default_root_name()


def _where_out(args: argparse.Namespace) -> object:
    return args.out if args.out is not None else _default_root_name()


def _where_export(args: argparse.Namespace) -> object:
    return f"{_where_read(args)} to {args.npz}"


def add_parser(sub: Any) -> None:
    """Register ``golden`` and its subcommands on the top-level subparsers."""
    parser = sub.add_parser("golden", help="list, show, generate and verify the golden test vectors",
                            description=f"The golden test vectors: $ROPE_REF_GOLDEN if set, else "
                                        f"golden/{golden.CURRENT} under the current folder (a checkout), else "
                                        "the copy installed with the package. golden/v1, the set made before "
                                        "correct rounding, is read with its folder given (golden/CHANGELOG.md "
                                        "lists what differs).")
    inner = parser.add_subparsers(dest="golden_command", metavar="ACTION", required=True)
    p = inner.add_parser("list", help="every case id with its kind, result and comment",
                         description="Every case of the catalogue, or with --root (else $ROPE_REF_GOLDEN, when "
                                     f"set) of the set in that folder (golden/{golden.CURRENT}, golden/v1 or a "
                                     "model's set).")
    p.add_argument("--root", default=None, help="list the cases of this golden folder's manifest (e.g. a set "
                                                "written by `generate --config`; default $ROPE_REF_GOLDEN)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(run=_no_traceback(_cmd_list, "read", _where_read))
    p = inner.add_parser("show", help="one case's manifest entry")
    p.add_argument("id", help="a case id (see `rope-ref golden list [--root DIR]`)")
    p.add_argument("--root", default=None, help="the golden folder (default: see `rope-ref golden verify`); a "
                                                "model's set written by `generate --config` too")
    p.set_defaults(run=_no_traceback(_cmd_show, "read", _where_read))
    p = inner.add_parser("generate", help="write the whole set, byte-reproducibly and atomically",
                         description=f"Write golden/{golden.CURRENT} again (byte for byte; `rope-ref golden "
                                     f"generate --out golden/{golden.CURRENT} --force`, then `python "
                                     "tools/golden_changelog.py`), or with --config one model's set: "
                                     "first saying what was read from its config.json (head dim, rotary dim, "
                                     "layout, base, rule, attention factor, where each came from) and which parts "
                                     "the set covers. Files follow the umask.")
    p.add_argument("--out", default=None,
                   help=f"target folder (default $ROPE_REF_GOLDEN, else golden/{golden.CURRENT})")
    p.add_argument("--force", action="store_true", help="replace an existing folder")
    p.add_argument("--config", default=None, help="a model's config.json: write that model's RoPE set instead")
    p.add_argument("--layer-type", default=None, help="with --config: the layer type, for a per-layer RoPE")
    p.add_argument("--strict", action="store_true", help="with --config: refuse a config rope-ref would read on "
                                                         "an assumption (an unknown model type, ignored keys)")
    p.add_argument("--json", action="store_true", help="print what was read and written as JSON")
    p.set_defaults(run=_no_traceback(_cmd_generate, "write", _where_out))
    p = inner.add_parser("verify", help="check hashes, then recompute every case (exit 1 on any mismatch)",
                         description="Check the manifest against golden/schema.json and every hash, then recompute "
                                     "every case. A correctly rounded set (golden/v2 on) must recompute to identical "
                                     "bytes; golden/v1, made before correct rounding, may differ exactly as "
                                     "golden/CHANGELOG.md records (each difference is printed with its elements "
                                     "and ulps), and in no other way.")
    p.add_argument("root", nargs="?", default=None,
                   help=f"the golden folder (default $ROPE_REF_GOLDEN, else golden/{golden.CURRENT}, else the "
                        "installed copy)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_no_traceback(_cmd_verify, "read", _where_read))
    p = inner.add_parser("export", help="write the whole set as one .npz file (arrays under 'case_id/name')")
    p.add_argument("--npz", required=True, metavar="FILE", help="the .npz file to write")
    p.add_argument("--root", default=None, help="the golden folder (default: see `rope-ref golden verify`)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(run=_no_traceback(_cmd_export, "export", _where_export))
