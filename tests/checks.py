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
