"""Write golden/CHANGELOG.md from the committed golden sets: every array whose bytes differ between
consecutive sets (golden/v1 -> golden/v2 -> ...), how many elements changed and by how many ulps
at most (of the older value, exactly, from the integer bit patterns), and every array, case and
manifest entry field added, removed or changed.

Usage (from the repository root):

    rope-ref golden generate --out golden/v2 --force   # the current set, from this rope-ref
    python tools/golden_changelog.py                   # then this file, from the sets' files
    python tools/golden_changelog.py --check           # exit 1 when golden/CHANGELOG.md is stale

Exit 0 on success (or, with --check, when the file is up to date), 1 when --check finds it stale,
2 on a usage or file error (a set that cannot be read, fewer than one set).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's rope_ref, also when another is installed

from rope_ref._io import write_atomic  # noqa: E402
from rope_ref.golden import CURRENT, GoldenFileError, _changelog  # noqa: E402


def build(golden: Path) -> str:
    """The changelog text for the sets under ``golden`` (ValueError when there is none)."""
    sets = _changelog.set_folders(golden)
    if not sets:
        raise ValueError(f"--golden must be a folder holding golden sets v1, v2, ... (each with manifest.json); "
                         f"got {str(golden)!r}, which holds none.")
    steps = [_changelog.compare(old, new) for old, new in itertools.pairwise(sets)]
    return _changelog.render(steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="golden_changelog.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=f"Regenerate the current set first: rope-ref golden generate --out "
                                            f"golden/{CURRENT} --force; then run this without --check.")
    parser.add_argument("--golden", default=str(ROOT / "golden"), type=Path,
                        help="the folder of the sets and of CHANGELOG.md (default: this checkout's golden/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if CHANGELOG.md differs from what the sets' files say")
    args = parser.parse_args(argv)
    target = args.golden / "CHANGELOG.md"
    try:
        text = build(args.golden)
    except (ValueError, GoldenFileError, OSError) as err:  # GoldenFileError is a ValueError; named for the reader
        print(f"golden_changelog.py: {err}", file=sys.stderr)
        return 2
    data = text.encode("utf-8")
    if args.check:
        current = target.read_bytes() if target.is_file() else None
        if current != data:
            state = "is missing" if current is None else "is stale"
            print(f"{target} {state}: run `python tools/golden_changelog.py` (after `rope-ref golden generate "
                  f"--out golden/{CURRENT} --force` if the code changed).", file=sys.stderr)
            return 1
        print(f"{target} is up to date.")
        return 0
    write_atomic(target, data)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
