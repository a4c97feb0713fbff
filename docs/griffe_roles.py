"""A griffe extension for the API reference: docstrings read as mkdocstrings expects, at build time.

The docstrings under rope_ref/ name other objects with Sphinx roles (``:func:`check```,
``:class:`rope_ref.RoPE```, ``:meth:`apply```). mkdocstrings renders docstrings as Markdown, where
a role would show as raw text, so each one is rewritten here, at build time, as an optional
autorefs link: the name resolved in the scope of the object that carries the docstring. Where
the target is documented on the site, it becomes a link; elsewhere it is shown as code.

An ``Example:`` header becomes ``Examples:``, the Google-style section whose ``>>>`` lines
mkdocstrings shows as Python sessions (under ``Example:`` it would read them as Markdown quotes).
A Google-style section item that runs on over several lines must indent its continuation lines;
a continuation written at the item's own indent (and not of the form ``name: text``) is indented
here, so that it stays part of its item. The docstrings in the code are not changed.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

SECTION = re.compile(r"^(\s*)(Parameters|Args|Arguments|Raises|Returns|Yields|Attributes):\s*$")
ITEM = re.compile(r"^\s*[\w*][\w*, ]*(\s*\([^)]*\))?:(\s|$)")
EXAMPLE = re.compile(r"^(\s*)Example:\s*$", flags=re.M)
ROLE = re.compile(r":(?:mod|func|class|meth|attr|data|obj|exc):`~?([A-Za-z_][\w.]*)`")


def _target(obj: griffe.Object, name: str) -> str:
    """The full path that ``name`` names where ``obj``'s docstring uses it."""
    if name.split(".", 1)[0] == obj.package.name:
        return name
    scope: griffe.Object | None = obj
    while scope is not None:
        try:
            return scope.resolve(name)
        except griffe.NameResolutionError:
            pass
        if name in scope.members:
            return f"{scope.path}.{name}"
        scope = scope.parent
    return name


def indent_continuations(text: str) -> str:
    """Indent the continuation lines of section items that were written at the item's indent."""
    lines, out, item_indent = text.splitlines(), [], None
    for line in lines:
        stripped, indent = line.strip(), len(line) - len(line.lstrip())
        if SECTION.match(line):
            item_indent = -1  # set by the first item
        elif item_indent is not None and stripped:
            if item_indent == -1:
                item_indent = indent
            elif indent < item_indent:
                item_indent = None
            elif indent == item_indent and not ITEM.match(line):
                line = " " * 4 + line
        out.append(line)
    return "\n".join(out)


def rewrite(obj: griffe.Object, text: str) -> str:
    text = EXAMPLE.sub(r"\1Examples:", indent_continuations(text))

    def link(match: re.Match[str]) -> str:
        name = match.group(1)
        target = html.escape(_target(obj, name), quote=True)
        return f'<autoref identifier="{target}" optional><code>{html.escape(name)}</code></autoref>'

    return ROLE.sub(link, text)


class SphinxRoles(griffe.Extension):
    """Rewrite the Sphinx roles of every docstring in the package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._visit(pkg, set())

    def _visit(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj, obj.docstring.value)
        for member in obj.members.values():
            if not member.is_alias:
                self._visit(member, seen)
