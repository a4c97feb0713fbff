"""golden/CHANGELOG.md: what changed between consecutive golden sets, array by array, in exact ulps.

The committed sets are ``golden/v1``, ``golden/v2``, ...; each section of the changelog describes
one step (v1 to v2): every array whose bytes differ, with the number of elements changed and the
largest |difference| in ulps of the older value, and every array, case and manifest entry field
added, removed or changed. ``tools/golden_changelog.py`` writes the file from the sets' ``.npy``
files; :func:`rope_ref.golden.verify` reads it back to verify an older set (its arrays may differ
from what this rope-ref recomputes exactly as the changelog records, and in no other way).

Distances are exact: both values are read from their bit patterns as integers (sign, exponent,
significand), their difference is an integer multiple of the format's smallest subnormal, and the
ulp of the older value is a power of two, so the distance is a rational number, never a rounded
float. Below a power of two the spacing of floats halves, so a neighbour there is 1/2 ulp away.

Example:
    >>> import numpy as np
    >>> old = np.array([1.0, 2.0, 3.0])
    >>> new = np.array([1.0, np.nextafter(2.0, 3.0), 3.0])
    >>> difference(old, new)
    (1, Fraction(1, 1))
    >>> ulps(np.float64(1.0), np.nextafter(1.0, 0.0))   # 1 - 2**-53: half the spacing above 1
    Fraction(1, 2)
    >>> format_ulps(Fraction(1, 2)), parse_ulps("0.5")
    ('0.5', Fraction(1, 2))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref.golden._files import GoldenFileError, parse_json, read_bytes, sha256

__all__ = ["PACKAGED_CHANGELOG", "Changes", "compare", "difference", "find_changelog", "format_ulps", "parse",
           "parse_ulps", "records_for", "render", "set_folders", "ulps"]

PACKAGED_CHANGELOG = Path(__file__).resolve().parent / "data" / "CHANGELOG.md"
"""Where the build installs a copy of the repository's golden/CHANGELOG.md (setup.py), beside the
installed current set: an older set is verified against it from any folder."""

TITLE = "# Golden set changelog"
_COMMANDS = ("rope-ref golden generate --out golden/{current} --force", "python tools/golden_changelog.py")
_FIELDS = ("comment", "kind", "params", "result", "flags", "inputs", "outputs", "tolerances")
"""The case fields compared between sets (and by verify): ``files`` is what the array tables say,
``reference`` names how the arrays were made (its ``version`` and ``rounding`` change by design)."""
_SET = re.compile(r"^v([1-9][0-9]*)$")

# (exponent bits, significand bits) of the IEEE binary formats golden arrays hold.
_FORMATS = {np.dtype(np.float64): (11, 52), np.dtype(np.float32): (8, 23), np.dtype(np.float16): (5, 10)}


def _fields(value: np.generic) -> tuple[int, int, int, int]:
    """(sign, biased exponent, significand, all-ones exponent) of a float from its bits."""
    dtype = np.dtype(value.dtype)
    exp_bits, man_bits = _FORMATS[dtype]
    bits = int(np.asarray(value).view(f"u{dtype.itemsize}"))
    return bits >> (exp_bits + man_bits), (bits >> man_bits) & ((1 << exp_bits) - 1), bits & ((1 << man_bits) - 1), \
        (1 << exp_bits) - 1


def _units(value: np.generic) -> tuple[int, int]:
    """(signed multiple of the smallest subnormal, ulp in those units) of a finite float, from its bits."""
    man_bits = _FORMATS[np.dtype(value.dtype)][1]
    sign, exponent, significand, _ = _fields(value)
    magnitude = significand if exponent == 0 else (significand | (1 << man_bits)) << (exponent - 1)
    return (-magnitude if sign else magnitude), 1 << max(exponent - 1, 0)


def ulps(old: Any, new: Any) -> Fraction | None:
    """|new - old| in ulps of ``old`` (the spacing of floats at and above |old|), exactly; None
    when either is not finite and their bits differ. Integers: their difference.

    Example:
        >>> ulps(np.float32(1.5), np.float32(1.5) + np.float32(2.0**-22))
        Fraction(2, 1)
        >>> ulps(np.float64(0.0), np.float64(-0.0))   # different bits, no distance
        Fraction(0, 1)
    """
    old, new = np.asarray(old)[()], np.asarray(new)[()]
    if old.dtype != new.dtype:
        raise ValueError(f"old and new must have one dtype; got {old.dtype} and {new.dtype}.")
    if np.dtype(old.dtype).kind in "iu":
        return Fraction(abs(int(new) - int(old)))
    if np.dtype(old.dtype) not in _FORMATS:
        raise ValueError(f"old must be a float16, float32, float64 or integer value; got dtype {old.dtype}.")
    if not (np.isfinite(old) and np.isfinite(new)):
        same = np.asarray(old).tobytes() == np.asarray(new).tobytes()
        return Fraction(0) if same else None
    a, ulp = _units(old)
    b, _ = _units(new)
    return Fraction(abs(b - a), ulp)


def difference(old: np.ndarray, new: np.ndarray) -> tuple[int, Fraction | None]:
    """(how many elements' bytes differ, the largest :func:`ulps` among them; 0 when none does,
    None when a non-finite value changed) of two arrays of one dtype and shape.

    Example:
        >>> difference(np.zeros(3), np.zeros(3))
        (0, Fraction(0, 1))
    """
    old, new = np.asarray(old), np.asarray(new)
    if old.dtype != new.dtype or old.shape != new.shape:
        raise ValueError(f"old and new must have one dtype and shape; got {old.dtype} {list(old.shape)} and "
                         f"{new.dtype} {list(new.shape)}.")
    flat_old, flat_new = np.ascontiguousarray(old).reshape(-1), np.ascontiguousarray(new).reshape(-1)
    bits = f"u{old.dtype.itemsize}"  # the elements' bit patterns: -0.0 differs from 0.0, a NaN from itself never
    changed = np.flatnonzero(flat_old.view(bits) != flat_new.view(bits))
    largest: Fraction | None = Fraction(0)
    for i in changed:
        distance = ulps(flat_old[i], flat_new[i])
        if distance is None or largest is None:
            largest = None
        else:
            largest = max(largest, distance)
    return int(changed.size), largest


def format_ulps(value: Fraction | None) -> str:
    """An exact decimal for a distance (its denominator is a power of two), "inf" for None."""
    if value is None:
        return "inf"
    den = value.denominator
    k = den.bit_length() - 1
    if den != 1 << k:
        raise ValueError(f"value must have a power-of-two denominator; got {value}.")
    if k == 0:
        return str(value.numerator)
    digits = str(value.numerator * 5**k).rjust(k + 1, "0")
    return f"{digits[:-k]}.{digits[-k:]}".rstrip("0")


def parse_ulps(text: str) -> Fraction | None:
    """The inverse of :func:`format_ulps`."""
    if text == "inf":
        return None
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        raise ValueError(f"a distance in ulps must be a decimal number or 'inf'; got {text!r}.")
    return Fraction(text)


@dataclass
class Changes:
    """What differs from one golden set (``old``, e.g. "v1") to the next (``new``).

    ``changed`` maps (case, array) to (elements changed, elements, max ulps); ``entry_fields`` maps
    a case to the manifest fields of its entry that differ (``files`` and ``reference`` aside).
    """

    old: str
    new: str
    old_sha256: str
    new_sha256: str
    changed: dict[tuple[str, str], tuple[int, int, Fraction | None]] = field(default_factory=dict)
    added_arrays: set[tuple[str, str]] = field(default_factory=set)
    removed_arrays: set[tuple[str, str]] = field(default_factory=set)
    added_cases: set[str] = field(default_factory=set)
    removed_cases: set[str] = field(default_factory=set)
    entry_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    manifest_fields: tuple[str, ...] = ()

    def of_case(self, case_id: str) -> dict[str, Any]:
        """This step's records about one case, in the form verify observes them."""
        return {"changed": {a: v for (c, a), v in self.changed.items() if c == case_id},
                "added": {a for c, a in self.added_arrays if c == case_id},
                "removed": {a for c, a in self.removed_arrays if c == case_id},
                "fields": set(self.entry_fields.get(case_id, ()))}


def set_folders(golden: Path) -> list[Path]:
    """The committed sets under ``golden`` (v1, v2, ...), oldest first.

    Example:
        >>> [p.name for p in set_folders(Path("/nowhere"))]
        []
    """
    if not golden.is_dir():
        return []
    found = [p for p in golden.iterdir() if _SET.match(p.name) and (p / "manifest.json").is_file()]
    return sorted(found, key=lambda p: int(p.name[1:]))


def _manifest(root: Path) -> tuple[dict[str, Any], str]:
    path = root / "manifest.json"
    data = read_bytes(path)
    doc = parse_json(data, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise GoldenFileError(f"{path}: not a golden manifest (an object with a list of cases).")
    return doc, sha256(data)


def compare(old_root: Path, new_root: Path) -> Changes:
    """The differences from the set at ``old_root`` to the one at ``new_root``, from their files
    (each hash-checked against its manifest)."""
    from rope_ref.golden._load import _load_entry

    old_doc, old_digest = _manifest(old_root)
    new_doc, new_digest = _manifest(new_root)
    changes = Changes(old_root.name, new_root.name, old_digest, new_digest)
    old_entries = {e["id"]: e for e in old_doc["cases"]}
    new_entries = {e["id"]: e for e in new_doc["cases"]}
    changes.added_cases = set(new_entries) - set(old_entries)
    changes.removed_cases = set(old_entries) - set(new_entries)
    changes.manifest_fields = tuple(sorted(k for k in set(old_doc) | set(new_doc)
                                           if k not in ("cases", "case_count") and old_doc.get(k) != new_doc.get(k)))
    for case_id in sorted(set(old_entries) & set(new_entries)):
        old_case, new_case = _load_entry(old_root, old_entries[case_id]), _load_entry(new_root, new_entries[case_id])
        old_arrays = {**old_case.inputs, **old_case.outputs}
        new_arrays = {**new_case.inputs, **new_case.outputs}
        observed = observe(old_arrays, new_arrays)
        for name, value in observed["changed"].items():
            changes.changed[case_id, name] = value
        changes.added_arrays |= {(case_id, name) for name in observed["added"]}
        changes.removed_arrays |= {(case_id, name) for name in observed["removed"]}
        fields = tuple(k for k in _FIELDS if old_entries[case_id].get(k) != new_entries[case_id].get(k))
        if fields:
            changes.entry_fields[case_id] = fields
    return changes


def observe(old: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> dict[str, Any]:
    """One case's array differences: changed (same dtype and shape, other bytes), added, removed (an
    array whose dtype or shape changed is both removed and added).

    Example:
        >>> observe({"x": np.zeros(2)}, {"x": np.array([0.0, 5e-324]), "y": np.ones(1)})
        {'changed': {'x': (1, 2, Fraction(1, 1))}, 'added': {'y'}, 'removed': set()}
    """
    found: dict[str, Any] = {"changed": {}, "added": set(new) - set(old), "removed": set(old) - set(new)}
    for name in sorted(set(old) & set(new)):
        a, b = np.asarray(old[name]), np.asarray(new[name])
        if a.dtype != b.dtype or a.shape != b.shape:
            found["added"].add(name)
            found["removed"].add(name)
        elif a.tobytes() != b.tobytes():
            count, largest = difference(a, b)
            found["changed"][name] = (count, int(a.size), largest)
    return found


# -- the file -------------------------------------------------------------------------------------------


def _table(header: str, rows: list[str]) -> list[str]:
    if not rows:
        return ["None."]
    columns = header.count("|") - 1
    return [header, "|" + "---|" * columns, *rows]


def _code(name: str) -> str:
    return f"`{name}`"


def render_section(changes: Changes) -> str:
    """One step's section of the changelog (``## v2``)."""
    lines = [f"## {changes.new}", "",
             f"From `golden/{changes.old}` (manifest.json SHA-256 `{changes.old_sha256}`) to `golden/{changes.new}` "
             f"(manifest.json SHA-256 `{changes.new_sha256}`).", "",
             "### Arrays changed", "",
             "Same dtype and shape, other bytes: how many elements differ, and the largest |difference|",
             f"in ulps of the `{changes.old}` value.", ""]
    rows = [f"| {_code(c)} | {_code(a)} | {n} of {size} | {format_ulps(u)} |"
            for (c, a), (n, size, u) in sorted(changes.changed.items())]
    lines += _table("| case | array | elements changed | max ulps |", rows)
    for title, pairs in (("Arrays added", changes.added_arrays), ("Arrays removed", changes.removed_arrays)):
        lines += ["", f"### {title}", ""]
        lines += _table("| case | array |", [f"| {_code(c)} | {_code(a)} |" for c, a in sorted(pairs)])
    for title, ids in (("Cases added", changes.added_cases), ("Cases removed", changes.removed_cases)):
        lines += ["", f"### {title}", ""]
        lines += _table("| case |", [f"| {_code(c)} |" for c in sorted(ids)])
    lines += ["", "### Case entries changed", "",
              "Fields of a case's manifest entry that differ (`files` is what the tables above say;",
              "`reference` names the rope-ref and rounding that made the arrays).", ""]
    lines += _table("| case | fields |", [f"| {_code(c)} | {', '.join(map(_code, f))} |"
                                           for c, f in sorted(changes.entry_fields.items())])
    lines += ["", "### Manifest fields changed", ""]
    lines += [", ".join(map(_code, changes.manifest_fields)) + "." if changes.manifest_fields else "None."]
    return "\n".join(lines) + "\n"


def render(steps: list[Changes]) -> str:
    """The whole changelog: how to regenerate, then one section per step, newest first."""
    current = steps[-1].new if steps else "v1"
    head = [TITLE, "",
            "Regenerate the current set and this file with:", "",
            "```sh", *(c.format(current=current) for c in _COMMANDS), "```", "",
            "Every change of the bytes of the committed golden set makes a new set, `golden/vN/`; the older",
            "sets stay in the repository byte for byte, loadable, and verifiable against this file:",
            "`rope-ref golden verify golden/v1` passes when v1's arrays differ from what this rope-ref",
            "recomputes exactly as recorded here, and in no other way. `python tools/golden_changelog.py",
            "--check` exits 1 when this file is not what the sets' files say. Everything below is generated",
            "from the `.npy` files and manifests: do not edit it by hand. Distances are in ulps of the older",
            "value, computed exactly from the integer bit patterns (1/2 ulp below a power of two).", ""]
    body = [render_section(step) for step in reversed(steps)]
    return "\n".join(head) + ("\n" + "\n".join(body) if body else "")


_HEADER = re.compile(r"^From `golden/(v[0-9]+)` \(manifest\.json SHA-256 `([0-9a-f]{64})`\) to `golden/(v[0-9]+)` "
                     r"\(manifest\.json SHA-256 `([0-9a-f]{64})`\)\.$")
_CELL = re.compile(r"^`([^`]+)`$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _name(cell: str, where: str) -> str:
    match = _CELL.match(cell)
    if match is None:
        raise ValueError(f"{where}: expected a `name` cell; got {cell!r}.")
    return match.group(1)


def parse(text: str) -> list[Changes]:
    """Every section of a changelog :func:`render` wrote, newest first (ValueError naming the line
    that does not read)."""
    steps: list[Changes] = []
    heading = None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"golden/CHANGELOG.md line {number}"
        if line.startswith("## "):
            heading = None
            steps.append(Changes(line[3:].strip(), "", "", ""))
            continue
        if not steps:
            continue
        step = steps[-1]
        match = _HEADER.match(line)
        if match:
            if match.group(3) != step.old:
                raise ValueError(f"{where}: the section ## {step.old} describes golden/{match.group(3)}.")
            step.old, step.old_sha256, step.new, step.new_sha256 = match.groups()
            continue
        if line.startswith("### "):
            heading = line[4:].strip()
            continue
        if heading == "Manifest fields changed" and line.strip() and line.strip() != "None.":
            step.manifest_fields = tuple(_name(c.strip(), where) for c in line.strip().rstrip(".").split(","))
            continue
        if not line.startswith("|") or line.startswith("|---") or line.startswith("| case"):
            continue
        cells = _cells(line)
        if heading == "Arrays changed" and len(cells) == 4:
            count = re.fullmatch(r"([0-9]+) of ([0-9]+)", cells[2])
            if count is None:
                raise ValueError(f"{where}: elements changed must read 'N of M'; got {cells[2]!r}.")
            step.changed[_name(cells[0], where), _name(cells[1], where)] = (
                int(count.group(1)), int(count.group(2)), parse_ulps(cells[3]))
        elif heading in ("Arrays added", "Arrays removed") and len(cells) == 2:
            target = step.added_arrays if heading == "Arrays added" else step.removed_arrays
            target.add((_name(cells[0], where), _name(cells[1], where)))
        elif heading in ("Cases added", "Cases removed") and len(cells) == 1:
            (step.added_cases if heading == "Cases added" else step.removed_cases).add(_name(cells[0], where))
        elif heading == "Case entries changed" and len(cells) == 2:
            step.entry_fields[_name(cells[0], where)] = tuple(_name(c.strip(), where) for c in cells[1].split(","))
        else:
            raise ValueError(f"{where}: a table row that does not belong to section {heading!r}: {line!r}.")
    for step in steps:
        if not step.old_sha256:
            raise ValueError(f"golden/CHANGELOG.md: the section ## {step.old} has no 'From `golden/vN` ...' line.")
    return steps


def find_changelog(root: Path) -> list[Path]:
    """golden/CHANGELOG.md as this rope-ref knows it, in the order :func:`find_schema
    <rope_ref.golden._schema.find_schema>` looks for the schema: the copy installed with the
    package, the checkout's (an editable install), the one beside the set's folder, the one under
    the current folder. Every one that exists."""
    source = Path(__file__).resolve().parents[2] / "golden" / "CHANGELOG.md"
    found: list[Path] = []
    for candidate in (PACKAGED_CHANGELOG, source, root.parent / "CHANGELOG.md", Path("golden") / "CHANGELOG.md"):
        if candidate.is_file() and all(candidate.resolve() != p.resolve() for p in found):
            found.append(candidate)
    return found


def records_for(manifest_sha256: str, root: Path) -> tuple[Changes | None, str]:
    """(the changelog step that starts from the set whose manifest has this SHA-256, where it was
    read); (None, why not) when no changelog has one."""
    problems = []
    for path in find_changelog(root):
        try:
            steps = parse(read_bytes(path).decode("utf-8"))
        except (GoldenFileError, UnicodeDecodeError, ValueError) as err:
            problems.append(f"{path}: {err}")
            continue
        for step in steps:
            if step.old_sha256 == manifest_sha256:
                return step, str(path)
    if problems:
        return None, "; ".join(problems)
    return None, "golden/CHANGELOG.md records no step from a set with this manifest"
