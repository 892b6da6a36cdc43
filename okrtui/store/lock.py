"""The writers' lock: an ``flock`` on ``<file>.lock`` beside the data file.

Whoever can open the lock file can hold the lock, so it is never more open than the data file's owner and group:
others (who may at most read the data) can't block the writers. A lock file removed or replaced while someone held or
waited for it is noticed (the locked inode is no longer the one at the path) and the lock is taken again on the file
that is there now, so two writers never believe they hold the lock at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from pathlib import Path

from okrtui.store.files import take_on

_OPEN = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC


class LockTimeout(Exception):
    """The lock stayed held for longer than the caller would wait."""


class LockFileUnusable(Exception):
    """The lock path holds something that is not a lock file okrtui may use (a symlink, a folder, a FIFO)."""


def lock_mode(data_mode: int) -> int:
    """The lock file's mode: the data file's owner and group bits, never others'."""
    return data_mode & 0o660 | 0o600


class DataLock:
    """An exclusive lock on ``path`` (created with ``mode`` and the group of ``like`` when missing)."""

    def __init__(self, path: Path, *, mode: int, like: os.stat_result | None, timeout: float, poll: float) -> None:
        self.path = path
        self.mode = mode
        self.like = like
        self.timeout = timeout
        self.poll = poll
        self.fd: int | None = None
        self.created = False
        """Whether this lock made the lock file (the last time it was taken)."""

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; LockTimeout when it stays held."""
        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            try:
                self._wait_for(fd, deadline)
            except BaseException:
                os.close(fd)
                raise
            if self._still_there(fd):
                self.fd = fd
                return
            os.close(fd)  # removed or replaced while we waited: the lock that counts is the file there now

    def held(self) -> bool:
        """Whether the lock we hold is still the file at the lock path (nobody removed or replaced it)."""
        return self.fd is not None and self._still_there(self.fd)

    def release(self) -> None:
        """Let the next writer in."""
        if self.fd is not None:
            fd, self.fd = self.fd, None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> DataLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _open(self) -> int:
        self.created = False
        while True:
            try:
                fd = os.open(self.path, _OPEN | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            except OSError as error:
                raise self._unusable(error) from None
            else:
                try:
                    take_on(fd, self.like, self.mode)
                except BaseException:
                    os.close(fd)
                    raise
                self.created = True
                return fd
            try:
                fd = os.open(self.path, _OPEN)
            except FileNotFoundError:
                continue  # removed between the two opens: create it
            except OSError as error:
                raise self._unusable(error) from None
            return self._checked(fd)

    def _unusable(self, error: OSError) -> OSError | LockFileUnusable:
        if error.errno == errno.ELOOP:
            return LockFileUnusable(
                f"{self.path} is a symbolic link, not a lock file: remove it (okrtui makes a new one)"
            )
        if error.errno == errno.EISDIR:
            return LockFileUnusable(f"{self.path} is a folder, not a lock file: remove it (okrtui makes a new one)")
        return error

    def _checked(self, fd: int) -> int:
        """An existing lock file: a regular file, narrowed to the wanted mode when it is ours and too open."""
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            os.close(fd)
            raise LockFileUnusable(f"{self.path} is not a regular file: remove it (okrtui makes a new one)")
        if status.st_mode & 0o777 & ~self.mode and status.st_uid == os.geteuid():
            with contextlib.suppress(OSError):
                os.fchmod(fd, status.st_mode & 0o777 & self.mode)
        return fd

    def _wait_for(self, fd: int, deadline: float) -> None:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            if time.monotonic() >= deadline:
                raise LockTimeout(str(self.path))
            time.sleep(self.poll)

    def _still_there(self, fd: int) -> bool:
        try:
            at_path = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return os.path.samestat(os.fstat(fd), at_path)
