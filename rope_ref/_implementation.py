"""Load the implementation under test from ``MODULE:FUNCTION`` (``rope-ref check``, the pytest plugin).

Example:
    >>> from rope_ref._implementation import load_function
    >>> load_function("math:hypot")(3.0, 4.0)
    5.0
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


class LoadError(ValueError):
    """The implementation could not be loaded: the message says what to give instead."""


def load_function(spec: str) -> Callable[..., Any]:
    """MODULE:FUNCTION (an importable module, found from the current folder too, or a
    path/to/file.py) -> the function.

    Raises:
        LoadError: a malformed spec, a module that cannot be imported or fails on import (the
            error is in the message, no traceback), or no callable of that name.
    """
    module_name, sep, attr = spec.rpartition(":")
    if not sep or not module_name or not attr:
        raise LoadError(f"the implementation must be given as MODULE:FUNCTION (or path/to/file.py:FUNCTION); "
                        f"got {spec!r}.")
    try:
        if module_name.endswith(".py") or os.sep in module_name:
            path = Path(module_name)
            loader_spec = importlib.util.spec_from_file_location(path.stem, path)
            if loader_spec is None or loader_spec.loader is None or not path.is_file():
                raise LoadError(f"no Python file {module_name!r}.")
            module = importlib.util.module_from_spec(loader_spec)
            loader_spec.loader.exec_module(module)
        else:
            if str(Path.cwd()) not in sys.path:
                sys.path.insert(0, str(Path.cwd()))
            module = importlib.import_module(module_name)
    except ImportError as err:
        raise LoadError(f"cannot import {module_name!r}: {err}.") from None
    except LoadError:
        raise
    except Exception as err:  # the module itself fails on import: reported without a traceback
        raise LoadError(f"importing {module_name!r} failed: {type(err).__name__}: {err}.") from None
    fn = getattr(module, attr, None)
    if not callable(fn):
        raise LoadError(f"{module_name!r} has no function {attr!r}.")
    return fn
