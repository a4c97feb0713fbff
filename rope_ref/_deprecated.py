"""Old public names that moved or became private, kept for one release with a DeprecationWarning.

A module assigns ``__getattr__ = renamed(__name__, {...})``: Python calls it only for a name the
module does not define, so importing the module does nothing and the old name costs nothing until
it is used.

Example:
    >>> import warnings
    >>> from rope_ref._deprecated import renamed
    >>> getattr_ = renamed("mymodule", {"old": "math:pi"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     round(getattr_("old"), 2), caught[0].category.__name__
    (3.14, 'DeprecationWarning')
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any


def renamed(module: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each old name of ``names`` (old name -> "module:new name")
    with a DeprecationWarning that names the new place, and AttributeError for any other name."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        where, new = names[name].split(":")
        if new.startswith("_"):
            advice = f"it is now {where}.{new}, an implementation detail that may change"
        else:
            advice = f"use {where}.{new}"
        warnings.warn(f"{module}.{name} is deprecated and will be removed in the next release; {advice}.",
                      DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(where), new)

    return __getattr__
