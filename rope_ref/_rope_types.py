"""The one rope-type registry: which ``rope_type`` string means which scaling rule.

Each rule of :mod:`rope_ref.scaling` names itself in its ``rope_type`` class variable; the
registry is built from them, plus the names a config uses for "no scaling" and the old names of a
rule. Everything that turns a rope_type string into a rule asks here: :func:`rope_ref.from_hf_config`
(which reads transformers' types only), the golden catalogue and model sets, and ``check``'s
declared parameters. How a config's keys become a rule's fields is the config reader's part
(:mod:`rope_ref.models._keys`).

Example:
    >>> from rope_ref._rope_types import rule_class
    >>> rule_class("yarn").__name__, rule_class("su").__name__, rule_class("default")
    ('YaRN', 'LongRoPE', None)
"""

from __future__ import annotations

from rope_ref.frequencies import Scaling
from rope_ref.scaling import (
    DeepSeekYaRN,
    DynamicNTK,
    DynamicNTKFixed,
    Linear,
    Llama3,
    LongRoPE,
    LongRoPEMscale,
    NTKAware,
    Proportional,
    YaRN,
)

__all__ = ["ALIASES", "BY_ROPE_TYPE", "NO_SCALING", "RULES", "TRANSFORMERS_TYPES", "allowed", "find", "rule_class"]

#: Every built-in rule, in the order the docs list them.
RULES: tuple[type[Scaling], ...] = (Linear, NTKAware, DynamicNTK, DynamicNTKFixed, YaRN, DeepSeekYaRN, Llama3, LongRoPE,
                                    LongRoPEMscale, Proportional)

#: rope_type -> rule class, from each rule's own ``rope_type`` (rope-ref's names for the rules
#: transformers does not have: "ntk_aware", "dynamic_fixed", "deepseek_yarn", "longrope_mscale").
BY_ROPE_TYPE: dict[str, type[Scaling]] = {cls.rope_type: cls for cls in RULES}  # type: ignore[attr-defined]

#: Other names of a rule: "su" is LongRoPE's name in Phi-3's first configs.
ALIASES: dict[str, str] = {"su": "longrope"}

#: The rope_types that mean no scaling: transformers' "default" and Qwen2-VL's "mrope" (whose
#: sections :func:`rope_ref.from_hf_config_multiaxis` reads).
NO_SCALING: tuple[str, ...] = ("default", "mrope")

#: The rope_types transformers defines (its ``ROPE_INIT_FUNCTIONS``), the ones a config.json may
#: name; the config reader has a key mapping for each.
TRANSFORMERS_TYPES: tuple[str, ...] = ("linear", "dynamic", "yarn", "llama3", "longrope", "proportional")


def allowed(transformers: bool = False) -> list[str]:
    """The rope_type strings :func:`rule_class` accepts, sorted: the no-scaling names, the rules'
    own names (transformers' only, when ``transformers``) and their aliases."""
    types = TRANSFORMERS_TYPES if transformers else tuple(BY_ROPE_TYPE)
    return sorted({*NO_SCALING, *types, *(alias for alias, name in ALIASES.items() if name in types)})


def find(rope_type: object) -> type[Scaling] | None:
    """The rule ``rope_type`` names (aliases resolved), or None for no scaling or an unknown name."""
    if not isinstance(rope_type, str):
        return None
    return BY_ROPE_TYPE.get(ALIASES.get(rope_type, rope_type))


def rule_class(rope_type: object, transformers: bool = False) -> type[Scaling] | None:
    """The rule ``rope_type`` names; None for None and the no-scaling names.

    Raises:
        ValueError: an unknown rope_type (or, with ``transformers``, one transformers does not
            define); the message lists the allowed values.
    """
    if rope_type is None or rope_type in NO_SCALING:
        return None
    if rope_type not in allowed(transformers):
        raise ValueError(f"rope_type must be one of {allowed(transformers)}; got {rope_type!r}.")
    return find(rope_type)
