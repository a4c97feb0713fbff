"""``rope-ref models describe CONFIG`` and ``rope-ref models sweep``: the model-family registry from the command line.

- ``describe CONFIG [--layer-type T | --layer-idx N] [--strict] [--json]``: what rope-ref reads for a
  config.json (per layer type when it has several) and where each part came from: a config key, the
  transformers config class's default, the registry entry, or the family's rotary module; with the
  notes and the warnings (a model type the registry does not know, keys transformers ignores). NumPy
  only. Exit codes: 0 read; 1 the config was refused (``--strict`` refuses what would warn); 2 a usage
  error (a file that cannot be read as JSON, an unknown layer type).
- ``describe FILE.gguf [--json]``: what :func:`rope_ref.describe_gguf` read from a GGUF file (the ``gguf``
  extra) and where each value came from. Exit codes: 0 read; 1 a RoPE rope-ref does not model; 2 a file
  that cannot be read.
- ``compare FILE.gguf CONFIG.json [--layer N] [--json]``: whether the GGUF's RoPE is the RoPE of the config.json
  it was converted from (:mod:`rope_ref.models._compare`), each difference in words. Exit codes: 0 the same;
  1 a difference; 2 a usage or file error.
- ``sweep [--family NAME]... [--adversarial] [--json]``: the sweep (:mod:`rope_ref.models._sweep`) against
  the installed transformers; needs torch and transformers (without them: a usage error, exit 2). Exit
  codes: 0 every family agrees and none is missing from the registry; 1 a family disagrees or is
  missing (with ``--adversarial``: a variant ends outside :data:`rope_ref.models._sweep.ACCEPTED`: a
  disagreement, or one side reading what the other refuses without a word); 2 a usage error.

Example:
    >>> import argparse
    >>> from rope_ref.models._cli import add_parser
    >>> sub = argparse.ArgumentParser(prog="rope-ref").add_subparsers()
    >>> add_parser(sub)
    >>> sorted(sub.choices), sorted(sub.choices["models"]._subparsers._group_actions[0].choices)
    (['models'], ['compare', 'describe', 'sweep'])
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
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
        for warning in list(dict.fromkeys(record.get("rope_ref_warnings", [])))[:2]:
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
        # a family whose own default config builds no module is transformers' problem: listed, not failed
        failed = any(r["outcome"] not in _sweep.ACCEPTED + ("not buildable",) for r in result["records"])
    else:
        failed = bool(result["counts"].get("mismatch") or result["missing"])
    return EXIT_FAIL if failed else EXIT_OK


def cli_words(message: str) -> str:
    """A reader's message in the words of the command line (``--strict``, not ``strict=True``)."""
    return message.replace("pass strict=True", "pass --strict").replace("(strict)", "(--strict)")


# --- describe ------------------------------------------------------------------------------------------------------

def _reading(info: Any) -> dict[str, Any]:
    """One layer type's reading as JSON-ready data."""
    rope = info.rope
    return {"layer_type": info.layer_type,
            "rope": {"dim": rope.dim, "rotary_dim": rope.rotary_dim, "base": rope.base, "layout": rope.layout,
                     "scaling": None if rope.scaling is None else repr(rope.scaling),
                     "attention_factor": rope.attention_factor},
            "sources": dict(info.sources), "output_order": info.output_order, "multi_axis": info.multi_axis,
            "context": info.context, "nope_layers": list(info.nope_layers), "notes": list(info.notes)}


def _rule_text(scaling: Any) -> str:
    """A scaling rule in one short line: long factor lists as their length."""
    if scaling is None:
        return "none"
    import dataclasses
    parts = []
    for f in dataclasses.fields(scaling):
        value = getattr(scaling, f.name)
        if f.init and value is not None:
            shown = f"[{len(value)} values]" if isinstance(value, tuple) and len(value) > 4 else repr(value)
            parts.append(f"{f.name}={shown}")
    return f"{type(scaling).__name__}({', '.join(parts)})"


def _describe_text(path: str, infos: list[Any], warned: list[str], out: TextIO) -> None:
    first = infos[0]
    print(f"{path}: model type {first.model_type!r}, {first.source}", file=out)
    if first.layer_types:
        print(f"layer types with their own RoPE: {', '.join(first.layer_types)}", file=out)
    shared = [n for n in first.notes if all(n in i.notes for i in infos)]
    for info in infos:
        rope, src = info.rope, info.sources
        if info.layer_type is not None:
            print(f"[{info.layer_type}]", file=out)
        rows = [("head dim", str(rope.dim), src.get("head_dim", "")),
                ("rotary dim", str(rope.rotary_dim), src.get("rotary_dim", "")),
                ("base", repr(rope.base), src.get("base", "")),
                ("rule", _rule_text(rope.scaling), src.get("rule", "")),
                ("layout", rope.layout + ("" if info.output_order == "input" else
                                          f" (returned in {info.output_order} order)"), src.get("layout", "")),
                ("attention factor", f"{rope.attention_factor:.17g}", "the rule" if rope.scaling else "")]
        if info.context is not None:
            rows.append(("context", f"{info.context:g}", "max_position_embeddings, or the rule's extended length"))
        for name, value, where in rows:
            print(f"  {name:<17} {value:<20} {where}".rstrip(), file=out)
        for note in info.notes:
            if note not in shared:
                print(f"  note: {note}", file=out)
    for note in shared:
        print(f"note: {note}", file=out)
    for message in warned:
        print(f"warning: {message}", file=out)


def _gguf_json(info: Any) -> dict[str, Any]:
    """A GGUFInfo as JSON-ready data (factor tensors as lists)."""
    import dataclasses
    data = dataclasses.asdict(info)
    data["freq_factors"] = {k: [float(v) for v in a] for k, a in info.freq_factors.items()}
    data["scaling"] = {k: (v.item() if hasattr(v, "item") else v) for k, v in info.scaling.items()}
    for key in ("sections", "swa_layers"):
        data[key] = None if data[key] is None else list(data[key])
    return data


def _describe_gguf_text(info: Any, out: TextIO) -> None:
    src = info.sources
    print(f"{info.path}: architecture {info.arch!r}, rope type {info.rope_type}", file=out)
    rows = [("head dim", info.head_dim, src.get("head_dim", "")), ("rotary dim", info.n_rot, src.get("n_rot", "")),
            ("base", info.freq_base, src.get("freq_base", ""))]
    if info.freq_base_swa is not None:
        rows.append(("base (sliding)", info.freq_base_swa, src.get("freq_base_swa", "")))
    for key, value in sorted(info.scaling.items()):
        rows.append((f"scaling {key}", value, src.get(f"scaling.{key}", src.get(key, ""))))
    if info.sections is not None:
        rows.append(("sections", list(info.sections), src.get("sections", "")))
    for name, values in info.freq_factors.items():
        rows.append((name, f"[{len(values)} values, {min(values):.6g} .. {max(values):.6g}]", f"tensor {name}"))
    if info.context_length is not None:
        rows.append(("context", info.context_length, src.get("context_length", "")))
    if info.swa_layers is not None:
        sliding = [i for i, s in enumerate(info.swa_layers) if s]
        rows.append(("sliding layers", f"{len(sliding)} of {len(info.swa_layers)}", src.get("swa_layers", "")))
    for name, value, where in rows:
        print(f"  {name:<22} {value!s:<22} {where}".rstrip(), file=out)
    for note in info.notes:
        print(f"note: {note}", file=out)


def _cmd_describe_gguf(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.gguf import describe_gguf
    try:
        info = describe_gguf(args.config)
    except (OSError, ImportError) as err:
        print(f"rope-ref models describe: error: {str(err).splitlines()[0]}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, TypeError) as err:
        print(f"rope-ref models describe: {args.config}: {str(err).splitlines()[0]}", file=sys.stderr)
        return EXIT_FAIL
    if args.json:
        dump_strict(_gguf_json(info), out, indent=2, default=str)
        print(file=out)
    else:
        _describe_gguf_text(info, out)
    return EXIT_OK


def _is_gguf(path: str) -> bool:
    """A .gguf name, or a file that starts with the GGUF magic."""
    if str(path).lower().endswith(".gguf"):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"GGUF"
    except OSError:
        return False


def _compare_text(result: dict[str, Any], out: TextIO) -> None:
    head = (f"{result['gguf']} ({result['arch']}, rope type {result['rope_type']}) against {result['config']} "
            f"({result['model_type']}"
            + (f", {result['architecture']}" if result.get("architecture") else "") + ")")
    print(head, file=out)
    for diff in result["differences"]:
        print(f"DIFFERS  [{diff['layers']}] {diff['text']}", file=out)
    for note in result["notes"]:
        print(f"note: {note}", file=out)
    for message in result["warnings"]:
        print(f"warning: {cli_words(message)}", file=out)
    checked = ", ".join(c["layers"] for c in result["checked"]) or "all"
    if result["same"]:
        print(f"SAME: the GGUF's RoPE is the config's RoPE (checked: {checked}).", file=out)
    else:
        print(f"DIFFERENT: {len(result['differences'])} difference(s) (checked: {checked}).", file=out)


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.models._compare import CompareError, compare
    try:
        result = compare(args.gguf, args.config, layer=args.layer)
    except CompareError as err:
        print(f"rope-ref models compare: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        dump_strict(result, out, indent=2, default=str)
        print(file=out)
    else:
        _compare_text(result, out)
    return EXIT_OK if result["same"] else EXIT_FAIL


def _cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    from rope_ref.models._config import describe_hf_config, read_config, rope_layer_types
    if _is_gguf(args.config):
        if args.layer_type is not None or args.layer_idx is not None or args.strict:
            print("rope-ref models describe: error: --layer-type, --layer-idx and --strict apply to a config.json, "
                  "not a GGUF file.", file=sys.stderr)
            return EXIT_USAGE
        return _cmd_describe_gguf(args, out)
    from rope_ref.models._keys import ConfigError, ConfigWarning
    if args.layer_type is not None and args.layer_idx is not None:
        print("rope-ref models describe: error: give --layer-type or --layer-idx, not both.", file=sys.stderr)
        return EXIT_USAGE
    try:
        raw = read_config(args.config)
    except (ConfigError, TypeError) as err:
        print(f"rope-ref models describe: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        try:
            types = list(rope_layer_types(raw))
            if args.layer_type is not None and types and args.layer_type not in types:
                print(f"rope-ref models describe: error: --layer-type must be one of {types} for this config; "
                      f"got {args.layer_type!r}.", file=sys.stderr)
                return EXIT_USAGE
            chosen = [args.layer_type] if args.layer_type is not None or args.layer_idx is not None else \
                (types or [None])
            infos = [describe_hf_config(raw, layer_type=lt, layer_idx=args.layer_idx, strict=args.strict)
                     for lt in chosen]
        except (ConfigError, ValueError, TypeError) as err:
            print(f"rope-ref models describe: {args.config}: {cli_words(str(err))}", file=sys.stderr)
            return EXIT_FAIL
    warned = list(dict.fromkeys(cli_words(str(w.message)) for w in caught if issubclass(w.category, ConfigWarning)))
    if args.json:
        dump_strict({"config": os.fspath(args.config), "model_type": infos[0].model_type, "source": infos[0].source,
                     "layer_types": list(infos[0].layer_types), "readings": [_reading(i) for i in infos],
                     "warnings": warned}, out, indent=2)
        print(file=out)
    else:
        _describe_text(os.fspath(args.config), infos, warned, out)
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Register ``models`` and its subcommands on the top-level subparsers."""
    parser = sub.add_parser("models", help="what rope-ref reads for a config.json, and the registry against "
                                           "the installed transformers",
                            description="The model-family registry (rope_ref.models). `describe CONFIG` prints "
                                        "what rope-ref reads for a config.json and where each part came from "
                                        "(NumPy only); `sweep` checks every family against the installed "
                                        "transformers (needs torch and transformers): run it the day a release "
                                        "lands. `describe FILE.gguf` prints what rope-ref reads from a GGUF "
                                        "file; `compare FILE.gguf CONFIG.json` says whether the two compute "
                                        "the same RoPE.")
    inner = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    d = inner.add_parser(
        "describe", help="what rope-ref reads for a config.json, and where each part came from",
        description="Read a model's config.json as rope_ref.from_hf_config does and print, per layer type, the "
                    "head and rotary dims, base, scaling rule, layout and attention factor, each with where it "
                    "came from: a config key, the transformers config class's default, the registry entry, or "
                    "the family's rotary module; then the notes and warnings. Exit 0 when read, 1 when refused, "
                    "2 on a usage error.")
    d.add_argument("config", metavar="CONFIG.json|FILE.gguf",
                   help="a model's config.json (read as JSON, never unpickled), or a GGUF file (its metadata and "
                        "RoPE tensors; needs the gguf extra)")
    d.add_argument("--layer-type", default=None, help="only this layer type (default: every one the config has)")
    d.add_argument("--layer-idx", type=int, default=None, metavar="N",
                   help="only layer N (its type from layer_types; a layer without RoPE is refused)")
    d.add_argument("--strict", action="store_true",
                   help="refuse what would be read on an assumption (an unknown model type, ignored keys)")
    d.add_argument("--json", action="store_true", help="print the readings as JSON")
    d.set_defaults(run=_cmd_describe)
    c = inner.add_parser(
        "compare", help="is a GGUF's RoPE the RoPE of the config.json it was converted from?",
        description="Read FILE.gguf as llama.cpp does (rope_ref.describe_gguf) and CONFIG.json as transformers "
                    "does (rope_ref.from_hf_config), layer group by layer group, and say whether they compute the "
                    "same RoPE, accounting for the q/k permutation convert_hf_to_gguf applies to Llama-style "
                    "models (HF's half pairing becomes ggml's NORM). Each difference is named: pairing, base, "
                    "rule, factor, frequency factors, attention factor, rotary dims, per-layer bases, and "
                    "DeepSeek's softmax scale factor (from yarn_log_multiplier). Exit 0 "
                    "when the same, 1 on a difference, 2 on a usage or file error.")
    c.add_argument("gguf", metavar="FILE.gguf", help="the GGUF file (metadata and RoPE tensors are read)")
    c.add_argument("config", metavar="CONFIG.json", help="the config.json it was converted from")
    c.add_argument("--layer", type=int, default=None, metavar="N", help="only layer N (default: every layer group)")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(run=_cmd_compare)
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
