"""Load the implementation under test from ``MODULE:FUNCTION`` (``rope-ref check``, the pytest plugin).

The rule that says which file runs is in :func:`load_function`: the file the user named, a module
file of the current directory before an imported or standard module of the same name.

Example:
    >>> from rope_ref._implementation import load_function
    >>> load_function("math:hypot")(3.0, 4.0)
    5.0
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from rope_ref._io import FileReadError, read_regular

MAX_SOURCE_BYTES = 1 << 26  # a module's source file larger than 64 MiB is refused, not read


class LoadError(ValueError):
    """The implementation could not be loaded: the message says what to give instead."""


def load_function(spec: str) -> Callable[..., Any]:
    """The function ``FUNCTION`` of ``MODULE:FUNCTION`` (or ``path/to/file.py:FUNCTION``).

    MODULE is found by one rule, so the file the user named is the file that runs:

    - a name ending in ``.py`` or holding a path separator is a file: ``path/to/file.py``;
    - a module name whose source is in the current directory (``MODULE.py``, or a package
      ``MODULE/__init__.py``; for ``a.b``, ``a/__init__.py`` and ``a/b.py``) loads that file,
      even when a module of that name is already imported or is in the standard library:
      ``random:apply`` with a ``./random.py`` runs ``./random.py``, and the stdlib's ``random``
      stays what everything else imports. A package of the current directory whose name is
      taken that way cannot be imported beside the other: a load error says to give the path;
    - any other module name is imported as Python imports it, with the current directory on
      ``sys.path``.

    Source files are read as regular files only (a FIFO or device named ``impl.py`` is refused
    without blocking). Importing runs the module's code: anything it raises, ``SystemExit``
    from a ``sys.exit()`` included, is a load error (the module ended instead of loading).
    ``KeyboardInterrupt`` propagates: it is the user stopping the program, not the module failing.

    A ``sys.exit()`` inside one call of the function is ``check``'s to handle: it fails that call
    (rope_ref._check.call), whoever loaded the function.

    Example:
        >>> load_function("math:hypot")(3.0, 4.0)
        5.0

    Parameters:
        spec: ``MODULE:FUNCTION`` or ``path/to/file.py:FUNCTION``.

    Returns:
        The callable, wrapped as said above.

    Raises:
        LoadError: a malformed spec; a module that cannot be found, read or imported, or fails
            on import (its error is in the one-line message, no traceback); a package of the
            current directory shadowed by an imported module of the same name; no callable of
            that name.
    """
    if not isinstance(spec, str):
        raise LoadError(f"the implementation must be given as MODULE:FUNCTION; got {type(spec).__name__}.")
    module_name, sep, attr = spec.rpartition(":")
    if not sep or not module_name or not attr:
        raise LoadError(f"the implementation must be given as MODULE:FUNCTION (or path/to/file.py:FUNCTION); "
                        f"got {spec!r}.")
    try:
        module = _load_module(module_name)
    except ImportError as err:
        raise LoadError(f"cannot import {module_name!r}: {_one_line(err)}.") from None
    except LoadError:
        raise
    except KeyboardInterrupt:
        raise
    except SystemExit as err:  # sys.exit() at import: the module ended the program instead of loading
        raise LoadError(f"importing {module_name!r} failed: it called sys.exit({err.code!r}) (SystemExit) "
                        f"while being imported.") from None
    except BaseException as err:  # the module itself fails on import: reported without a traceback
        raise LoadError(f"importing {module_name!r} failed: {type(err).__name__}: {_one_line(err)}.") from None
    fn = getattr(module, attr, None)
    if not callable(fn):
        raise LoadError(f"{module_name!r} has no function {attr!r}.")
    return fn


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()).rstrip(".")
    return text[:300] + ("..." if len(text) > 300 else "")


def _load_module(name: str) -> ModuleType:
    separators = {os.sep, os.altsep} - {None}
    if name.endswith(".py") or any(s in name for s in separators):
        return _exec_file(Path(name), Path(name).stem)
    cwd = str(Path.cwd())
    parts = name.split(".")
    local = _local_spec(parts, cwd) if all(p.isidentifier() for p in parts) else None
    if local is None:
        if cwd not in sys.path:
            sys.path.insert(0, cwd)
        return importlib.import_module(name)
    return _load_local(name, parts, local, cwd)


def _local_spec(parts: list[str], cwd: str) -> importlib.machinery.ModuleSpec | None:
    """The spec of the dotted name ``parts`` as a source file or a regular package under the current
    directory, or None (a plain directory, a namespace package, is not a module the user named)."""
    locations = [cwd]
    spec = None
    for depth in range(len(parts)):
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: depth + 1]), locations)
        if spec is None or spec.origin is None or not spec.has_location:
            return None
        locations = list(spec.submodule_search_locations or [])
        if depth < len(parts) - 1 and not locations:
            return None
    return spec


def _same_file(module: ModuleType | None, origin: str) -> bool:
    where = getattr(module, "__file__", None)
    try:
        return isinstance(where, str) and os.path.samefile(where, origin)
    except OSError:
        return False


def _standard(name: str) -> bool:
    return name in sys.stdlib_module_names or name in sys.builtin_module_names


def _load_local(name: str, parts: list[str], local: importlib.machinery.ModuleSpec, cwd: str) -> ModuleType:
    """Load ``name``, found in the current directory as ``local``, from that file."""
    origin = str(local.origin)
    top = parts[0]
    top_spec = local if len(parts) == 1 else importlib.machinery.PathFinder.find_spec(top, [cwd])
    loaded_top = sys.modules.get(top)
    if (loaded_top is None and not _standard(top)) or _same_file(loaded_top, str(getattr(top_spec, "origin", ""))):
        # nothing of that name is imported, or it is this very file or package: Python's import,
        # with the current directory first, finds it (and an imported module of it as it is)
        if sys.path[:1] != [cwd]:
            sys.path.insert(0, cwd)
        module = importlib.import_module(name)
        if _same_file(module, origin):
            return module
    if len(parts) == 1 and local.submodule_search_locations is None and origin.endswith(".py"):
        # one source file whose name is taken (an imported or a standard module): run it as a module
        # of its own, leaving the module of that name in place for everything else
        return _exec_file(Path(origin), name)
    taken = (f"already imported from {loaded_top.__file__}" if getattr(loaded_top, "__file__", None)
             else "a module of the standard library" if _standard(top) else "already imported")
    raise LoadError(f"{name!r} of the current directory ({origin}) cannot be imported beside the module {top!r}, "
                    f"{taken}; give the file as path/to/file.py:FUNCTION.")


def _exec_file(path: Path, name: str) -> ModuleType:
    """Run the Python source file ``path`` as a module named ``name``, read as a regular file only
    (no FIFO or device can block). The module is listed in sys.modules under ``name`` when the name
    is free and not a standard module's, as an import would; otherwise it stands alone."""
    try:
        source = read_regular(path, limit=MAX_SOURCE_BYTES)
    except FileReadError as err:
        if err.missing:
            raise LoadError(f"no Python file {str(path)!r}.") from None
        raise LoadError(str(err)) from None
    filename = os.path.abspath(path)
    loader_spec = importlib.util.spec_from_file_location(name, filename)
    if loader_spec is None:
        raise LoadError(f"{str(path)!r} cannot be loaded as a Python module (a .py file is needed).")
    module = importlib.util.module_from_spec(loader_spec)
    code = compile(source, filename, "exec", dont_inherit=True)
    register = name.isidentifier() and name not in sys.modules and not _standard(name)
    if register:
        sys.modules[name] = module
    try:
        exec(code, module.__dict__)
    except BaseException:
        if register and sys.modules.get(name) is module:
            del sys.modules[name]
        raise
    return module
