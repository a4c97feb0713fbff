"""A context-extension rule and the torch adapter, declared on the command line.

Shared by ``rope-ref`` (:mod:`rope_ref.cli`: ``--rope-type`` with one flag per parameter, and
``--scaling KEY=VALUE``) and the pytest plugin (``--rope-scaling KEY=VALUE``, ``--rope-torch``).
The flags build a ``rope_scaling`` block in config.json vocabulary, and the block becomes a rule
through the config reader :func:`rope_ref.from_hf_config` uses (:func:`rope_ref.models._keys._scaling`
for the rope_types transformers defines, :func:`rope_ref.models._keys._rule_from_block` for
rope-ref's own), so a rule typed on the command line is the rule the same block in a config.json
gives. Errors name the flag the user typed, never a rule's field.

Example:
    >>> from rope_ref._cli_scaling import RuleError, from_pairs
    >>> declared = from_pairs(["rope_type=yarn", "factor=4", "original_max_position_embeddings=4096"], "--scaling")
    >>> declared.rule()  # doctest: +ELLIPSIS
    YaRN(factor=4.0, original_max_position_embeddings=4096.0, beta_fast=32.0, beta_slow=1.0, ...)
    >>> try:
    ...     from_pairs(["rope_type=linear", "low_freq_factor=1"], "--scaling").rule()
    ... except RuleError as err:
    ...     print(err)
    --scaling low_freq_factor is not a parameter of rope_type 'linear' (it takes factor); rope_type 'llama3' takes it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rope_ref import _rope_types, _validate
from rope_ref.frequencies import Scaling
from rope_ref.models._keys import _FIELD_OF_KEY, _rule_from_block, _scaling

__all__ = ["PARAMETERS", "Declared", "RuleError", "add_options", "from_args", "from_pairs", "torch_adapter"]

#: The per-parameter flags of ``rope-ref``: config.json key -> kind ("number", "list" of numbers,
#: "flag" for --x/--no-x). The flag is the key with dashes: ``--low-freq-factor``.
PARAMETERS: dict[str, str] = {
    "factor": "number", "original_max_position_embeddings": "number", "low_freq_factor": "number",
    "high_freq_factor": "number", "beta_fast": "number", "beta_slow": "number", "mscale": "number",
    "mscale_all_dim": "number", "attention_factor": "number", "short_factor": "list", "long_factor": "list",
    "truncate": "flag", "max_position_embeddings": "number"}

#: What the readers call the block in their messages (rewritten to flag names here).
_WHERE = "rope_scaling"


class RuleError(ValueError):
    """A rule declared on the command line that is malformed: one line naming the flag as typed."""


def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def _parse_value(key: str, text: str) -> Any:
    """A flag's or a ``KEY=VALUE``'s value: JSON where it parses, else the text; for the list keys
    (short_factor, long_factor) also a comma list of JSON values."""
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    if PARAMETERS.get(key) == "list" and isinstance(value, str):
        value = [_parse_value("", item.strip()) for item in value.split(",")]
    elif PARAMETERS.get(key) == "list" and not isinstance(value, list):
        value = [value]
    return value


def _taken(rope_type: str) -> tuple[str, ...]:
    """The config keys ``rope_type``'s reader takes: its rule's fields under their config names, and
    max_position_embeddings (from the config's top level) where transformers' reader falls back on it."""
    rule = _rope_types.rule_class(rope_type)
    if rule is None:
        return ()
    names = {f: key for key, f in _FIELD_OF_KEY.get(rule, {}).items()}
    keys = [names.get(f.name, f.name) for f in dataclasses.fields(rule) if f.init]  # type: ignore[arg-type]
    if rope_type in _rope_types.allowed(transformers=True) and "original_max_position_embeddings" in keys \
            and "max_position_embeddings" not in keys:
        keys.append("max_position_embeddings")  # the fallback for L0 (and YaRN's factor)
    return tuple(keys)


def _required(rope_type: str) -> list[str]:
    """The config keys rope-ref's own rules (read field by field) cannot do without."""
    rule = _rope_types.rule_class(rope_type)
    names = {f: key for key, f in _FIELD_OF_KEY.get(rule, {}).items()} if rule is not None else {}
    return [names.get(f.name, f.name) for f in dataclasses.fields(rule)  # type: ignore[arg-type]
            if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def _quoted(names: Sequence[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


@dataclass
class Declared:
    """A rope_scaling block typed on the command line, with how each key was typed.

    Attributes:
        block: the block in config.json vocabulary (``rope_type`` included when given).
        origin: key -> the flag as the user typed it ("--low-freq-factor", "--scaling factor").
        generic: the generic flag ("--scaling", "--rope-scaling"), to name keys the user did not type.
        parameter_flags: whether each parameter has its own flag (rope-ref's command line does,
            the pytest plugin does not).
    """

    block: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    generic: str = "--scaling"
    parameter_flags: bool = True

    @property
    def given(self) -> bool:
        """Whether any rule flag was typed."""
        return bool(self.block)

    def flags(self) -> list[str]:
        """The flags typed, in order (for a message that refuses them)."""
        return list(dict.fromkeys(self.origin.values()))

    def name(self, key: str) -> str:
        """The flag a key was typed with, or the one to type it with."""
        if key in self.origin:
            return self.origin[key]
        if self.parameter_flags and key in PARAMETERS:
            return _flag(key)
        return f"{self.generic} {key}"

    def add(self, key: str, value: Any, typed: str) -> None:
        """Record ``key`` = ``value``, typed as ``typed``; the same key twice is refused."""
        if key == "type":  # config.json's older name of rope_type, which from_hf_config reads too
            key = "rope_type"
        if key in self.block:
            raise RuleError(f"{typed} and {self.origin[key]} both give {key}; pass it once.")
        self.block[key] = value
        self.origin[key] = typed

    def rule(self) -> Scaling | None:
        """The rule, read as a config.json's rope_scaling block is; None when no flag was typed or
        the rope_type means no scaling.

        Raises:
            RuleError: no rope_type, an unknown one, a parameter the rope_type does not take (the
                message says which types take it), a missing or bad value (naming the flag).
        """
        block = dict(self.block)
        if not block:
            return None
        rope_type = block.pop("rope_type", None)
        if rope_type is None:
            need = "--rope-type TYPE or " if self.parameter_flags else ""
            raise RuleError(f"{self.name(next(iter(block)))} needs the rule's rope_type: "
                            f"{need}{self.generic} rope_type=TYPE.")
        allowed = _rope_types.allowed()
        if not isinstance(rope_type, str) or rope_type not in allowed:
            raise _validate.fail(self.name("rope_type"), f"one of {', '.join(allowed)}", rope_type, kind=RuleError)
        taken = _taken(rope_type)
        for key in block:
            if key not in taken:
                raise RuleError(self._not_taken(key, rope_type, taken))
        if _rope_types.rule_class(rope_type) is None:
            return None
        transformers = rope_type in _rope_types.allowed(transformers=True)
        try:
            if transformers:  # the reader from_hf_config uses; max_position_embeddings is a top-level key
                cfg = {k: block.pop(k) for k in ("max_position_embeddings",) if k in block}
                return _scaling(cfg, block, _WHERE, rope_type)
            for key in _required(rope_type):
                if key not in block:
                    raise RuleError(f"{self.name(key)} is required for rope_type '{rope_type}'.")
            return _rule_from_block({"rope_type": rope_type, **block})
        except RuleError:
            raise
        except (TypeError, ValueError) as err:
            raise RuleError(self._in_flags(str(err), rope_type)) from None

    def _not_taken(self, key: str, rope_type: str, taken: Sequence[str]) -> str:
        takers = [t for t in _rope_types.BY_ROPE_TYPE if key in _taken(t)]
        own = f"it takes {', '.join(taken)}" if taken else "it takes no parameters"
        if takers:
            who = (f"rope_type {_quoted(takers)} takes it" if len(takers) == 1
                   else f"rope_types {_quoted(takers)} take it")
        else:
            who = "no rope_type takes it"
        return f"{self.name(key)} is not a parameter of rope_type '{rope_type}' ({own}); {who}."

    def in_flags(self, message: str) -> str:
        """``message`` (of an error raised with the rule, e.g. by RoPE for a rule that does not fit its
        dim) with the rule's fields named by their flags; unchanged when no rule was declared."""
        rope_type = self.block.get("rope_type")
        if not isinstance(rope_type, str) or _rope_types.find(rope_type) is None:
            return message
        return self._in_flags(message, rope_type)

    def _in_flags(self, message: str, rope_type: str) -> str:
        """A config reader's or a rule's message with every key and field named by its flag."""
        rule = _rope_types.rule_class(rope_type)
        names = {f: key for key, f in _FIELD_OF_KEY.get(rule, {}).items()} if rule is not None else {}
        fields = {f.name for f in dataclasses.fields(rule)} if rule is not None else set()  # type: ignore[arg-type]
        text = re.sub(r"^\S+ \(rope_type '[^']*'\): ", "", message)
        text = re.sub(r"(\S+) is required here; the config has no '\w+'\.", rf"\1 is required for rope_type "
                      f"'{rope_type}'.", text)
        text = re.sub(r"when config has no '(\w+)'", "when \0\\1\0 is not given", text)
        text = re.sub(r"(?:rope_scaling|config)\['(\w+)'\]", "\0\\1\0", text)

        def field_name(m: re.Match[str]) -> str:
            word = m[1]
            if word in fields and (m.start() == 0 or "_" in word):
                return f"\0{names.get(word, word)}\0"
            return word

        text = re.sub(r"(?<![\w\0-])(\w+)(?![\w\0=-])", field_name, text)
        text = re.sub(r"\0(\w+)\0", lambda m: self.name(m[1]), text)
        return text.replace(" must be None ", " must not be given ").replace("True or False", "true or false")


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--rope-type``, the per-parameter flags and ``--scaling KEY=VALUE`` to ``parser``, as a
    group of their own in its --help."""
    group = parser.add_argument_group(
        "context-extension rule (instead of a config file)",
        "Declare a rope_scaling block in config.json vocabulary, read as from_hf_config reads one.")
    group.add_argument("--rope-type", dest="rule_rope_type", default=None, metavar="TYPE",
                       help=f"the rule: one of {', '.join(_rope_types.allowed())}")
    helps = {
        "factor": "the rule's factor (context extension ratio)",
        "original_max_position_embeddings": "pre-training context L0 (yarn, llama3, longrope, deepseek_yarn)",
        "low_freq_factor": "llama3's low_freq_factor",
        "high_freq_factor": "llama3's high_freq_factor",
        "beta_fast": "yarn's beta_fast (default 32)",
        "beta_slow": "yarn's beta_slow (default 1)",
        "mscale": "yarn's mscale",
        "mscale_all_dim": "yarn's mscale_all_dim",
        "attention_factor": "the attention factor that replaces yarn's or longrope's derived one",
        "short_factor": "longrope's per-pair factors below L0, a comma list",
        "long_factor": "longrope's per-pair factors beyond L0, a comma list",
        "max_position_embeddings": "the config's max_position_embeddings (dynamic; the fallback of L0)",
    }
    for key, kind in PARAMETERS.items():
        if kind == "flag":
            group.add_argument(_flag(key), dest=f"rule_{key}", default=None, action=argparse.BooleanOptionalAction,
                               help="yarn's truncate: round the correction range to whole pairs (default: true)")
        else:
            group.add_argument(_flag(key), dest=f"rule_{key}", default=None, metavar="N,N,..." if kind == "list"
                               else "NUMBER", help=helps[key])
    group.add_argument("--scaling", dest="rule_pairs", action="append", default=None, metavar="KEY=VALUE",
                       help="any key of a rope_scaling block, repeatable; VALUE is read as JSON where it parses "
                            "(e.g. --scaling rope_type=yarn --scaling factor=4 --scaling short_factor=[1,2])")


def _pairs(declared: Declared, pairs: Iterable[str], generic: str) -> None:
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise _validate.fail(generic, "KEY=VALUE with KEY a rope_scaling key, e.g. factor=4", pair,
                                 kind=RuleError)
        declared.add(key, _parse_value(key, text.strip()), f"{generic} {key}")


def from_args(args: argparse.Namespace) -> Declared:
    """The rule flags of :func:`add_options` from parsed arguments (none when the command lacks them)."""
    declared = Declared()
    rope_type = getattr(args, "rule_rope_type", None)
    if rope_type is not None:
        declared.add("rope_type", rope_type, "--rope-type")
    for key, kind in PARAMETERS.items():
        value = getattr(args, f"rule_{key}", None)
        if value is None:
            continue
        if kind == "flag":
            declared.add(key, bool(value), _flag(key) if value else "--no-" + key.replace("_", "-"))
        else:
            declared.add(key, _parse_value(key, value), _flag(key))
    _pairs(declared, getattr(args, "rule_pairs", None) or (), "--scaling")
    return declared


def from_pairs(pairs: Iterable[str], generic: str) -> Declared:
    """A rule given only as ``KEY=VALUE`` pairs of the flag ``generic`` (the pytest plugin's way)."""
    declared = Declared(generic=generic, parameter_flags=False)
    _pairs(declared, pairs, generic)
    return declared


def torch_adapter(fn: Callable[..., Any], *, axes: str | None, dtype: str | None, flag: str = "--torch",
                  axes_flag: str = "--axes", dtype_flag: str = "--dtype") -> Callable[..., Any]:
    """``rope_ref.interop.from_torch(fn, axes=axes, dtype=dtype)`` (axes "bhsd" and dtype "float32"
    when None), with errors naming the command line's flags.

    Raises:
        RuleError: torch is not installed, or a bad axes or dtype.
    """
    from rope_ref.interop._axes import AXES, DTYPES

    axes = "bhsd" if axes is None else axes
    dtype = "float32" if dtype is None else dtype
    try:
        _validate.choice(axes, axes_flag, AXES)
        _validate.choice(dtype, dtype_flag, DTYPES)
    except (TypeError, ValueError) as err:
        raise RuleError(str(err)) from None
    try:
        import torch  # noqa: F401  (only to say clearly that it is missing)
    except ImportError as err:
        raise RuleError(f"{flag} needs torch installed (pip install torch); importing it failed: {err}.") from None
    from rope_ref.interop import from_torch

    return from_torch(fn, axes=axes, dtype=dtype)
