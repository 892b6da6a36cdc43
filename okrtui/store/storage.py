"""A TinyDB storage that never loses a write and never breaks the file.

TinyDB's stock ``JSONStorage`` truncates and rewrites the file in place (a crash leaves broken JSON) and knows nothing
of other processes. This storage:

- reads the file afresh on every read outside a transaction (another process may have replaced it);
- runs every change inside :meth:`SafeStorage.transaction`: an exclusive lock beside the file, one fresh read, the
  changes applied in memory, then one atomic write (temp file in the same folder, fsync, ``os.replace``, fsync of the
  folder) that keeps the file's mode and group;
- refuses a corrupt file, naming the line where parsing failed, and never overwrites it;
- refuses a file from a newer schema and migrates an older one after a backup;
- keeps a backup of the first write of each day, the last 7 of them.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from okrtui.errors import Busy, DataFileError, ReadOnlyError
from okrtui.store import migrations

DEFAULT_LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for the lock: 20 writers at once on 2 cores reached 27 s for the slowest write."""
LOCK_POLL = 0.005
"""Seconds between tries for a held lock: short, so waiting writers take turns instead of one winning every race."""
BACKUPS_KEPT = 7
_DUMP_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dump_bytes(data: dict) -> bytes:
    """The file's bytes: sorted keys, 2-space indent, UTF-8, a final newline."""
    return orjson.dumps(data, option=_DUMP_OPTIONS) + b"\n"


class SafeStorage(Storage):
    """TinyDB storage with a cross-process lock, atomic replace, schema checks and backups."""

    def __init__(self, path: str | os.PathLike, *, lock_timeout: float | None = None, read_only: bool = False):
        self.path = Path(path).expanduser()
        self.lock_timeout = lock_timeout if lock_timeout is not None else _env_timeout()
        self.read_only = read_only
        self._pinned: dict | None = None
        self._depth = 0
        self._dirty = False

    # -- reading --------------------------------------------------------------------------------------------------

    def read(self) -> dict:
        """The whole file as tables; the in-memory copy inside a transaction or snapshot."""
        if self._pinned is not None:
            return self._pinned
        return self._load()[0]

    def _load(self) -> tuple[dict, bytes | None, int]:
        """Parse the file afresh, migrated in memory: (data, the raw bytes or None, the file's schema version)."""
        raw = self._read_bytes()
        if not raw or not raw.strip():
            return {migrations.META_TABLE: {"1": migrations.new_meta()}}, raw, migrations.SCHEMA_VERSION
        data = self._parse(raw)
        try:
            version = migrations.schema_version(data)
        except ValueError as error:
            raise DataFileError(f"{self.path} is damaged: {error}; it was left untouched{self._backup_hint()}") from None
        if version > migrations.SCHEMA_VERSION:
            raise DataFileError(
                f"{self.path} was written by a newer okrtui (schema {version}, this one reads up to "
                f"{migrations.SCHEMA_VERSION}): upgrade okrtui to use it"
            )
        return migrations.migrate(data), raw, version

    def _read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise DataFileError(f"{self.path} is a folder, not a data file") from None
        except PermissionError:
            raise DataFileError(f"can't read {self.path}: permission denied") from None
        except OSError as error:
            raise DataFileError(f"can't read {self.path}: {error.strerror}") from None

    def _parse(self, raw: bytes) -> dict:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            reason = error.msg.split(":")[0]
            raise DataFileError(
                f"{self.path} is corrupt: line {error.lineno}, column {error.colno}: {reason}; "
                f"it was left untouched{self._backup_hint()}"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise DataFileError(
                f"{self.path} is corrupt: line 1: not a table of records; it was left untouched{self._backup_hint()}"
            )
        return data

    def _backup_hint(self) -> str:
        newest = newest_backup(self.path)
        return f" (newest backup: {newest}; okrtui doctor --restore 1 puts it back)" if newest else ""

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[dict]:
        """Serve every read inside from one parse of the file (no lock: the replace is atomic)."""
        if self._pinned is not None:
            yield self._pinned
            return
        self._pinned = self._load()[0]
        try:
            yield self._pinned
        finally:
            self._pinned = None

    # -- writing --------------------------------------------------------------------------------------------------

    def write(self, data: dict) -> None:
        """Keep ``data`` for the enclosing transaction, which writes it once at its end."""
        if self._depth == 0:
            raise RuntimeError("SafeStorage.write outside a transaction would lose concurrent changes")
        self._pinned = data
        self._dirty = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[dict]:
        """Lock, read afresh, let the caller change the data, write it atomically; nothing is written on error."""
        if self._depth:
            self._depth += 1
            try:
                yield self._pinned  # type: ignore[misc]
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing was changed")
        self._ensure_folder()
        lock = self._lock()
        try:
            lock.acquire(poll_interval=LOCK_POLL)
        except Timeout:
            raise Busy(
                f"{self.path} is busy: another okrtui held its lock for over {self.lock_timeout:g} s; try again"
            ) from None
        except PermissionError:
            raise DataFileError(f"can't lock {self.path}: permission denied") from None
        try:
            data, raw, version = self._load()
            migrating = version < migrations.SCHEMA_VERSION
            self._pinned, self._dirty, self._depth = data, migrating, 1
            try:
                yield data
                if self._dirty:
                    self._commit(self._pinned, raw, migrating)
            finally:
                self._pinned, self._dirty, self._depth = None, False, 0
        finally:
            lock.release()

    def _lock(self) -> FileLock:
        """The lock beside the file, created with the data file's mode, so a group sharing the file shares the lock
        whatever umask its first writer had."""
        return FileLock(str(self.path) + ".lock", timeout=self.lock_timeout, mode=shared_mode(self.path))

    def _ensure_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise DataFileError(f"can't create the folder {self.path.parent}: permission denied") from None
        except OSError as error:
            raise DataFileError(f"can't create the folder {self.path.parent}: {error.strerror}") from None

    def _commit(self, data: dict, previous: bytes | None, migrating: bool) -> None:
        if previous:
            label = f"before-schema-{migrations.SCHEMA_VERSION}" if migrating else None
            self._backup(previous, label)
        try:
            self._replace(dump_bytes(data))
        except OSError as error:
            raise DataFileError(f"can't write {self.path}: {_describe(error)}; the file was left as it was") from None

    def _replace(self, payload: bytes) -> None:
        """Temp file in the same folder, fsync, keep mode and group, ``os.replace``, fsync the folder."""
        folder = self.path.parent
        _remove_stale_temps(self.path)
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as temp:
                _copy_ownership(temp.fileno(), self.path)
                temp.write(payload)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_folder(folder)

    def _backup(self, previous: bytes, label: str | None) -> None:
        """Keep ``previous`` as today's backup (or a labelled one before a migration), the newest 7 kept."""
        folder = backup_folder(self.path)
        stamp = datetime.now().strftime("%Y-%m-%d")
        name = f"{self.path.name}.{stamp}{'.' + label if label else ''}"
        target = folder / name
        if target.exists():
            return
        try:
            if not folder.is_dir():
                folder.mkdir()
                folder.chmod(self.path.parent.stat().st_mode & 0o7777)  # as shared as the data folder, not the umask
            temp = folder / f".{name}.tmp"
            temp.write_bytes(previous)
            temp.chmod(shared_mode(self.path))
            os.replace(temp, target)
            for old in list_backups(self.path)[:-BACKUPS_KEPT]:
                old.unlink()
        except OSError as error:
            raise DataFileError(f"can't write a backup to {folder}: {_describe(error)}; nothing was changed") from None

    def replace_whole(self, payload: bytes, keep_as: Path | None) -> None:
        """Put ``payload`` in place of the file under the lock (a restore); the old file is copied to ``keep_as``."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing was changed")
        self._ensure_folder()
        lock = self._lock()
        try:
            with lock:
                if keep_as is not None and self.path.exists():
                    keep_as.write_bytes(self.path.read_bytes())
                self._replace(payload)
        except Timeout:
            raise Busy(f"{self.path} is busy: another okrtui holds its lock; try again") from None
        except OSError as error:
            raise DataFileError(f"can't write {self.path}: {_describe(error)}; the file was left as it was") from None

    def close(self) -> None:
        """Nothing is held open between operations."""


def backup_folder(path: Path) -> Path:
    """Where the backups of ``path`` go: ``<file>.backups/`` beside it."""
    return path.with_name(path.name + ".backups")


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, oldest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    found = [entry for entry in folder.iterdir() if entry.name.startswith(path.name + ".") and entry.suffix != ".tmp"]
    return sorted(found, key=lambda entry: (entry.stat().st_mtime, entry.name))


def newest_backup(path: Path) -> Path | None:
    """The most recent backup of ``path``, if any."""
    backups = list_backups(path)
    return backups[-1] if backups else None


def shared_mode(path: Path) -> int:
    """The permission bits of the data file (the umask's default when it doesn't exist yet), without execute bits."""
    try:
        return path.stat().st_mode & 0o666
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _copy_ownership(fd: int, original: Path) -> None:
    """Give the temp file the data file's mode and group (a group-shared file stays shared)."""
    try:
        status = original.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    with contextlib.suppress(PermissionError):
        os.fchown(fd, -1, status.st_gid)
    os.fchmod(fd, status.st_mode & 0o7777)


def _remove_stale_temps(path: Path) -> None:
    """Temp files of writers killed before their rename: under the lock, no live writer owns one."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _describe(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "no space left (disk full or file size limit)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOENT:
        return "its folder no longer exists"
    return error.strerror or str(error)


def _env_timeout() -> float:
    try:
        return float(os.environ.get("OKRTUI_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of ``path``: it changes on every atomic replace."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size
