"""The data file, read in a thread while a command's code loads (``okrtui.__main__``).

A command spends ~50 ms importing its code before it opens the data file; on a big file the read itself takes ~30 ms,
most of it in the kernel, which a second core can do meanwhile. The bytes are used only by the storage's first read,
and only when the file it opened is the one read here, unchanged: the same device, inode, size, and modification and
change times, before and after the read here. Every okrtui write replaces the file (a new inode), so a write in between
is never missed; anything else, or any failure here, and the storage reads the file itself.
"""

from __future__ import annotations

import os
import stat
import threading

_thread: threading.Thread | None = None
_read: tuple[tuple[int, ...], bytes] | None = None


def start(path: str | None) -> threading.Thread | None:
    """Read the regular file at ``path`` (if any) in a thread, which is returned; anything but a regular file is left
    unread."""
    global _thread
    if not path:
        return None
    _thread = threading.Thread(target=_read_file, args=(path,), name="okrtui-prefetch", daemon=True)
    _thread.start()
    return _thread


def take(opened: os.stat_result) -> bytes | None:
    """The bytes read ahead of the file whose ``fstat`` is ``opened``, when it is still that file unchanged; once (a
    later read reads the file)."""
    global _thread, _read
    thread, _thread = _thread, None
    if thread is None:
        return None
    thread.join()
    found, _read = _read, None
    if found is not None and found[0] == _identity(opened):
        return found[1]
    return None


def _read_file(path: str) -> None:
    global _read
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
    except OSError:
        return
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            return
        with os.fdopen(fd, "rb", closefd=False) as opened:
            data = opened.read()
        after = os.fstat(fd)
    except OSError:
        return
    finally:
        os.close(fd)
    if _identity(before) == _identity(after) and len(data) == after.st_size:
        _read = (_identity(after), data)


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
