"""Replace a whole folder so that, killed at any instant, it is either the old one or the new one.

The new folder is built in a staging folder beside the target (``.NAME.staging.PID``), then:

- where the OS has an exchange rename (Linux ``renameat2(RENAME_EXCHANGE)``, called through
  ctypes), the two are swapped in one atomic step and the old copy, now in the staging
  path, is removed;
- elsewhere the target is renamed to a kept backup (``.NAME.backup``), the staging folder to the
  target, and the backup removed. A run killed between the two renames leaves the target
  absent and the backup complete: :func:`recover`, run first by every generate, puts it back.

Concurrent runs are serialised by a lock file (``.NAME.lock``, ``fcntl.flock``) held for the
whole run and removed at its end; :func:`recover` also removes the staging folders of runs
that died.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["backup_path", "exchange", "locked", "recover", "replace_folder", "staging_path"]

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def staging_path(target: Path) -> Path:
    """Where this process builds the new folder."""
    return target.parent / f".{target.name}.staging.{os.getpid()}"


def backup_path(target: Path) -> Path:
    """Where the old folder waits while the new one is renamed in (without an exchange rename)."""
    return target.parent / f".{target.name}.backup"


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def locked(target: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold the target's lock file (one generate at a time); TimeoutError after ``timeout`` s.

    The file is removed on release. A waiting run that then holds a lock on the removed file
    notices (its descriptor no longer matches the path) and starts over, so two runs never both
    hold the lock.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not serialised
        yield
        return
    path = _lock_path(target)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"another rope-ref golden generate has held {path} for more than "
                                           f"{timeout:g} s.") from None
                    time.sleep(0.02)
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the holder removed the file as we waited: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def recover(target: Path) -> None:
    """Undo what a killed run left: restore the backup if the target is absent, else drop it;
    remove staging folders. Call it holding the lock."""
    backup = backup_path(target)
    if backup.is_dir() and not backup.is_symlink():
        if not os.path.lexists(target):
            os.rename(backup, target)
        else:
            shutil.rmtree(backup)
    prefix = f".{target.name}.staging."
    for leftover in target.parent.iterdir():
        if leftover.name.startswith(prefix) and leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _renameat2() -> object | None:
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False if the OS or file system has no exchange rename."""
    if os.environ.get("ROPE_REF_NO_EXCHANGE"):  # lets the tests exercise the backup path
        return False
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:  # type: ignore[operator]
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
        return False
    raise OSError(errno, os.strerror(errno), str(a), None, str(b))


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Block SIGINT and SIGTERM (main thread, POSIX) so a polite stop cannot split two renames."""
    names = [getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, names)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def replace_folder(staging: Path, target: Path) -> None:
    """Move the complete folder ``staging`` to ``target``, replacing what is there (see above)."""
    with _signals_deferred():
        if not os.path.lexists(target):
            os.rename(staging, target)
            return
        if exchange(staging, target):
            shutil.rmtree(staging)  # the old set, now at the staging path
            return
        backup = backup_path(target)
        os.rename(target, backup)
        os.rename(staging, target)
    shutil.rmtree(backup)
