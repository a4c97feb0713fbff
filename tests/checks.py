"""Assertions shared by the test modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest


def assert_rejected(call: Callable[[], object], kind: type[Exception], needles: Iterable[str]) -> str:
    """call() raises exactly ``kind`` and its message contains every needle; returns the message."""
    with pytest.raises(kind) as info:
        call()
    message = str(info.value)
    assert type(info.value) is kind, f"{type(info.value).__name__}: {message}"
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    return message


def refuse_open(monkeypatch, path) -> None:
    """chmod 000 the file and make os.open refuse it: root reads a mode-000 file anyway, so the
    refusal a normal user would meet is injected as well."""
    import os

    path.chmod(0)
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
