"""Files okrtui creates beside the data file, made safe for a folder that other users can write.

Every file is created new and exclusive (``O_CREAT|O_EXCL|O_NOFOLLOW``, under a random name), gets its final owner,
group, mode and ACL on the descriptor before its first byte, and is never reused: a symlink or file planted at a
predictable name is never followed, opened or overwritten. Names are replaced with ``rename``, which never follows a
symlink either.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

ACL_XATTR = "system.posix_acl_access"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def umask_mode() -> int:
    """What the umask leaves of 0666: the mode of a file that doesn't exist yet."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def shared_mode(path: Path) -> int:
    """The permission bits of the data file (the umask's default when it doesn't exist yet), without execute bits."""
    try:
        return path.stat().st_mode & 0o666
    except FileNotFoundError:
        return umask_mode()


def folder_mode(file_mode: int) -> int:
    """A folder as open as a file of ``file_mode``: search wherever it may be read, never wider."""
    mode = file_mode & 0o666
    for read_bit, search_bit in ((0o400, 0o100), (0o040, 0o010), (0o004, 0o001)):
        if mode & read_bit:
            mode |= search_bit
    return mode | 0o700


def take_on(fd: int, like: os.stat_result | None, mode: int, acl: bytes | None = None) -> None:
    """Give the open file ``fd`` the owner and group of ``like`` (where the OS lets us), ``mode`` and ``acl``."""
    if like is not None:
        try:
            os.fchown(fd, like.st_uid, like.st_gid)  # only root may give a file away: keep the owner then
        except PermissionError:
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, like.st_gid)  # a member of the group keeps the group
    os.fchmod(fd, mode)
    if acl is not None:
        with contextlib.suppress(OSError):
            os.setxattr(fd, ACL_XATTR, acl)


def read_acl(path: Path) -> bytes | None:
    """The POSIX ACL of ``path``, if it has one (and the filesystem keeps them)."""
    try:
        return os.getxattr(path, ACL_XATTR)
    except OSError:
        return None


def write_all(fd: int, payload: bytes | tuple[bytes, ...]) -> None:
    """Write every byte of ``payload`` (or of its parts, in order, without joining them) to ``fd``, then fsync it."""
    for part in payload if isinstance(payload, tuple) else (payload,):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view) :]
    os.fsync(fd)


def temp_name(name: str) -> str:
    """A random temp name for ``name`` (``.<name>.<random>.tmp``): what :func:`stale_temps` finds."""
    return f".{name}.{os.urandom(8).hex()}.tmp"


def is_temp_of(entry: str, name: str) -> bool:
    """Whether ``entry`` is a temp file made for ``name``."""
    return entry.startswith(f".{name}.") and entry.endswith(".tmp")


def write_new(
    folder_fd: int,
    name: str,
    payload: bytes | tuple[bytes, ...],
    *,
    mode: int,
    like: os.stat_result | None = None,
    acl: bytes | None = None,
    replace: bool = True,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Put ``payload`` at ``name`` in the open folder ``folder_fd``, atomically, through a new exclusive temp file.

    With ``replace=False`` an existing ``name`` (of any kind) is left alone and FileExistsError raised.
    ``before_rename`` runs once the temp file is written and fsynced, just before it takes the name (the journal's
    append): when it fails, nothing is renamed.
    """
    temp = temp_name(name)
    fd = os.open(temp, _NEW_FILE, 0o600, dir_fd=folder_fd)
    try:
        try:
            take_on(fd, like, mode, acl)
            write_all(fd, payload)
        finally:
            os.close(fd)
        if before_rename is not None:
            before_rename()
        if replace:
            os.replace(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        else:
            os.link(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd, follow_symlinks=False)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp, dir_fd=folder_fd)


def write_new_unique(folder: Path, stem: str, payload: bytes, *, mode: int, like: os.stat_result | None) -> Path:
    """Write ``payload`` to a new file ``stem`` (or ``stem-2``, ``stem-3``, ...: never an existing name)."""
    with open_folder(folder) as folder_fd:
        for attempt in range(1, 1000):
            name = stem if attempt == 1 else f"{stem}-{attempt}"
            try:
                write_new(folder_fd, name, payload, mode=mode, like=like, replace=False)
            except FileExistsError:
                continue
            return folder / name
    raise FileExistsError(errno.EEXIST, "too many files of that name", str(folder / stem))


@contextlib.contextmanager
def open_folder(folder: Path) -> Iterator[int]:
    """The folder, opened without following a symlink in its last part; NotADirectoryError if it isn't one."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotADirectoryError(errno.ENOTDIR, "a symbolic link, not a folder", str(folder)) from None
        raise
    try:
        yield fd
    finally:
        os.close(fd)


def make_folder(folder: Path, mode: int, like: os.stat_result | None) -> None:
    """Create ``folder`` with ``mode`` (and the group of ``like``) unless it exists; it is private until then."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        return
    with open_folder(folder) as fd:
        if like is not None:
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, like.st_gid)
        os.fchmod(fd, mode | (os.stat(folder.parent).st_mode & stat.S_ISGID))


def read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file, never through a symlink in its last part (OSError else)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb", closefd=False) as opened:
            return opened.read()
    finally:
        os.close(fd)


def regular_entries(folder_fd: int) -> list[str]:
    """Names of the regular files in an open folder (no symlinks, FIFOs, folders or dangling entries)."""
    names = []
    for name in os.listdir(folder_fd):
        try:
            status = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISREG(status.st_mode):
            names.append(name)
    return names
