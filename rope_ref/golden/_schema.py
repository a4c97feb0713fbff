"""Validate a golden manifest against golden/schema.json, with or without the jsonschema package.

With jsonschema installed its Draft 2020-12 validator is used. Without it, a small validator
of this module applies the same rules: it is generic (driven by the schema file, so a change of
the schema needs no change here) and implements the JSON-Schema keywords the file uses
(type, enum, const, required, properties, additionalProperties, items, uniqueItems, minimum,
exclusiveMinimum, maximum, exclusiveMaximum, minLength, maxLength, minItems, maxItems,
pattern, local ``$ref``). A schema using any other validation keyword is refused, not
half-applied.

Every problem comes back as a string naming its place in the document (``cases[3].files.x.dtype``).

Example:
    >>> schema = {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer", "minimum": 0}}}
    >>> validate({"a": -1}, schema, engine="builtin")
    ['a: -1 is less than the minimum of 0']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["PACKAGED_SCHEMA", "SchemaError", "find_schema", "place", "validate", "validate_paths"]

# Keywords that only annotate (ignored), and the validation keywords implemented below.
_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples",
                "deprecated", "readOnly", "writeOnly"}
_KEYWORDS = {"type", "enum", "const", "required", "properties", "additionalProperties", "items", "uniqueItems",
             "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "minItems",
             "maxItems", "pattern", "$ref"}


class SchemaError(ValueError):
    """The schema itself cannot be used (unknown keyword, bad $ref)."""


PACKAGED_SCHEMA = Path(__file__).resolve().parent / "data" / "schema.json"
"""Where the build installs a copy of the repository's golden/schema.json (setup.py), beside the
installed golden/v2: the schema comes with the package, so a set is checked from any folder."""


def find_schema(root: Path) -> Path | None:
    """golden/schema.json as this rope-ref knows it: the copy installed with the package
    (:data:`PACKAGED_SCHEMA`), else the one of the checkout this package was loaded from (an
    editable install), else the one beside the golden folder (golden/v2 -> golden/schema.json),
    else golden/schema.json under the current folder; None if there is none.

    Example:
        >>> from pathlib import Path
        >>> find_schema(Path("/nowhere/set")).name
        'schema.json'
    """
    source = Path(__file__).resolve().parents[2] / "golden" / "schema.json"
    for candidate in (PACKAGED_SCHEMA, source, root.parent / "schema.json", Path("golden") / "schema.json"):
        if candidate.is_file():
            return candidate
    return None


def validate(document: Any, schema: dict[str, Any], engine: str = "auto") -> list[str]:
    """Every way ``document`` breaks ``schema``, as sorted strings "place: message"."""
    return sorted(f"{place(path)}: {message}" for path, message in validate_paths(document, schema, engine))


def validate_paths(document: Any, schema: dict[str, Any], engine: str = "auto") -> list[tuple[list[Any], str]]:
    """Every way ``document`` breaks ``schema``, as (path, message) with path a list of keys.

    engine: "jsonschema" (the package), "builtin" (this module) or "auto" (the package when
    importable). Both give the same places; the wording of messages may differ.
    """
    if engine == "auto":
        try:
            import jsonschema
            engine = "jsonschema"
        except ImportError:
            engine = "builtin"
    if engine == "jsonschema":
        import jsonschema

        try:
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            return [(list(err.absolute_path), err.message) for err in validator.iter_errors(document)]
        except Exception as err:  # a malformed schema or an unresolvable $ref (types vary by version)
            raise SchemaError(f"the schema is not usable ({type(err).__name__}: {err})") from None
    if engine != "builtin":
        raise ValueError(f"engine must be 'auto', 'jsonschema' or 'builtin'; got {engine!r}.")
    return list(_check(document, schema, schema, []))


def place(path: list[Any]) -> str:
    """A path as text: cases[3].files.x.dtype; "(root)" for the document itself."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "number":
        return isinstance(value, (int, float))
    if name == "integer":  # 1.0 is an integer in JSON Schema
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    raise SchemaError(f"unknown JSON-Schema type {name!r}.")


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0, objects and arrays compare member by member."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _resolve(ref: str, top: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#"):
        raise SchemaError(f"only local $ref are supported; got {ref!r}.")
    node: Any = top
    for part in [p for p in ref[1:].split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise SchemaError(f"$ref {ref!r} points nowhere.")
        node = node[part]
    return node


def _check(value: Any, schema: Any, top: dict[str, Any], path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    if schema is True:
        return
    if schema is False:
        yield path, "nothing is allowed here"
        return
    unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
    if unknown:
        raise SchemaError(f"the schema uses keywords this validator does not implement: {sorted(unknown)}.")
    if "$ref" in schema:
        yield from _check(value, _resolve(schema["$ref"], top), top, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            yield path, f"{_short(value)} is not of type {' or '.join(repr(n) for n in names)}"
            return  # the other keywords assume the type
    if "const" in schema and not _equal(value, schema["const"]):
        yield path, f"{schema['const']!r} was expected"
    if "enum" in schema and not any(_equal(value, option) for option in schema["enum"]):
        yield path, f"{_short(value)} is not one of {schema['enum']!r}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        yield from _numeric(value, schema, path)
    if isinstance(value, str):
        yield from _text(value, schema, path)
    if isinstance(value, list):
        yield from _array(value, schema, top, path)
    if isinstance(value, dict):
        yield from _object(value, schema, top, path)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _numeric(value: float, schema: dict[str, Any], path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    if "minimum" in schema and value < schema["minimum"]:
        yield path, f"{value!r} is less than the minimum of {schema['minimum']!r}"
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        yield path, f"{value!r} is less than or equal to the minimum of {schema['exclusiveMinimum']!r}"
    if "maximum" in schema and value > schema["maximum"]:
        yield path, f"{value!r} is greater than the maximum of {schema['maximum']!r}"
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        yield path, f"{value!r} is greater than or equal to the maximum of {schema['exclusiveMaximum']!r}"


def _text(value: str, schema: dict[str, Any], path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield path, f"{_short(value)} is shorter than {schema['minLength']} characters"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield path, f"{_short(value)} is longer than {schema['maxLength']} characters"
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        yield path, f"{_short(value)} does not match {schema['pattern']!r}"


def _array(value: list[Any], schema: dict[str, Any], top: dict[str, Any],
           path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield path, f"{_short(value)} has fewer than {schema['minItems']} items"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield path, f"{_short(value)} has more than {schema['maxItems']} items"
    if schema.get("uniqueItems"):
        for i, item in enumerate(value):
            if any(_equal(item, other) for other in value[:i]):
                yield path, f"{_short(value)} has non-unique elements"
                break
    if "items" in schema:
        for i, item in enumerate(value):
            yield from _check(item, schema["items"], top, [*path, i])


def _object(value: dict[str, Any], schema: dict[str, Any], top: dict[str, Any],
            path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    for key in schema.get("required", []):
        if key not in value:
            yield path, f"{key!r} is a required property"
    properties = schema.get("properties", {})
    for key, sub in properties.items():
        if key in value:
            yield from _check(value[key], sub, top, [*path, key])
    extra = schema.get("additionalProperties", True)
    others = [key for key in value if key not in properties]
    if extra is False and others:
        yield path, f"additional properties are not allowed ({', '.join(repr(k) for k in others)} unexpected)"
    elif isinstance(extra, dict):
        for key in others:
            yield from _check(value[key], extra, top, [*path, key])
