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
that died. Readers of a whole set (export, verify) hold the same lock, shared, so a generate
never swaps the set while they read it. For a name too long to take these suffixes within
NAME_MAX (255 bytes), ``.NAME`` is shortened (:func:`rope_ref._io.hidden_stem`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from rope_ref._io import hidden_stem

__all__ = ["backup_path", "exchange", "lock_path", "locked", "recover", "replace_folder", "staging_path"]

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_SUFFIX_BYTES = 32  # the longest suffix: ".staging." and a pid of up to 20 digits


def _stem(target: Path) -> str:
    return hidden_stem(target.name, _SUFFIX_BYTES)


def staging_path(target: Path) -> Path:
    """Where this process builds the new folder.

    Example:
        >>> from pathlib import Path
        >>> staging_path(Path("/tmp/set")).name.startswith(".set.staging.")
        True
        >>> len(staging_path(Path("/tmp") / ("s" * 250)).name) <= 255
        True
    """
    return target.parent / f"{_stem(target)}.staging.{os.getpid()}"


def backup_path(target: Path) -> Path:
    """Where the old folder waits while the new one is renamed in (without an exchange rename)."""
    return target.parent / f"{_stem(target)}.backup"


def lock_path(target: Path) -> Path:
    """The lock file of the set at ``target``: generate holds it exclusively, readers shared.

    It lies in the folder ``target`` is in with symlinks resolved, so runs that reach the same
    folder by different paths (a symlinked parent, a relative path) take the same lock.
    """
    return Path(os.path.realpath(target.parent)) / f"{_stem(target)}.lock"


@contextlib.contextmanager
def locked(target: Path, timeout: float = 600.0, *, shared: bool = False, optional: bool = False) -> Iterator[None]:
    """Hold the target's lock file: exclusively (one generate at a time, no reader) or, with
    ``shared``, with other readers; TimeoutError after ``timeout`` s.

    The file is removed on release by the last holder. A waiting run that then holds a lock on the
    removed file notices (its descriptor no longer matches the path) and starts over, so a writer
    never holds the lock together with anyone else. The lock file must be a regular file (a FIFO,
    device or symlink there is a ValueError naming it).

    ``optional`` (readers): where the lock file cannot be made (a read-only folder, no permission:
    then no generate of this user can swap the set either) or is not a regular file, go on without
    it; readers check every file against the manifest they read, so a swap by someone else shows
    as a hash mismatch, never as a mixed result.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not serialised
        yield
        return
    fd = _acquire(fcntl, lock_path(target), target, timeout, shared, optional)
    if fd is None:
        yield
        return
    try:
        yield
    finally:
        last = True
        if shared:  # the last reader removes the file: it alone can take the lock exclusively
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                last = False
        if last and _is_at(fd, lock_path(target)):  # holding it exclusively, no one else can remove it now
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path(target))
        os.close(fd)


def _is_at(fd: int, path: Path) -> bool:
    """Whether ``path`` is the file open at ``fd`` (not removed, not replaced)."""
    try:
        now, held = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _acquire(fcntl: object, path: Path, target: Path, timeout: float, shared: bool, optional: bool) -> int | None:
    """An open descriptor of the lock file at ``path``, locked; None when ``optional`` and there is
    no usable lock file."""
    how = fcntl.LOCK_SH if shared else fcntl.LOCK_EX  # type: ignore[attr-defined]
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    deadline = time.monotonic() + timeout
    while True:
        refused = ValueError(f"{path} is not a regular file; it is the lock file of rope-ref golden runs on {target}: "
                             "remove it.")
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as err:
            if optional:
                return None
            if err.errno == errno.ELOOP:  # a symlink (O_NOFOLLOW)
                raise refused from None
            raise
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                if optional:
                    os.close(fd)
                    return None
                raise refused
            while True:
                try:
                    fcntl.flock(fd, how | fcntl.LOCK_NB)  # type: ignore[attr-defined]
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"another rope-ref golden run (generate, export or verify of {target}) "
                                           f"has held {path} for more than {timeout:g} s.") from None
                    time.sleep(0.02)
            same = _is_at(fd, path)
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)  # the holder removed the file as we waited: lock the new one


def recover(target: Path) -> None:
    """Undo what a killed run left: restore the backup if the target is absent, else drop it;
    remove staging folders. Call it holding the lock."""
    backup = backup_path(target)
    if backup.is_dir() and not backup.is_symlink():
        if not os.path.lexists(target):
            os.rename(backup, target)
        else:
            shutil.rmtree(backup)
    prefix = f"{_stem(target)}.staging."
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
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not supported here
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


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
