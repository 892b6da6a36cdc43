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
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import orjson
from tinydb.storages import Storage

from okrtui.errors import Busy, DataFileError, EmptyDataFile, ReadOnlyError
from okrtui.store import files, journal, migrations, prefetch
from okrtui.store.files import shared_mode
from okrtui.store.lock import DataLock, LockFileUnusable, LockTimeout, lock_mode

DEFAULT_LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for the lock: 20 writers at once on 2 cores reached 27 s for the slowest write."""
LOCK_POLL = 0.005
"""Seconds between tries for a held lock: short, so waiting writers take turns instead of one winning every race."""
BACKUPS_KEPT = 7
_DUMP_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dump_bytes(data: dict) -> bytes:
    """The file's bytes: sorted keys, 2-space indent, UTF-8, a final newline."""
    return b"".join(dump_parts(data))


def dump_parts(data: dict) -> tuple[bytes, bytes]:
    """The file's bytes in two parts, the JSON and its final newline, so a big file is never copied to join them."""
    return orjson.dumps(data, option=_DUMP_OPTIONS), b"\n"


def real_path(path: str | os.PathLike) -> Path:
    """The data file behind ``path``, symlinks resolved once, so the lock, temp files and backups sit beside the real
    file and a save replaces the file, not the link."""
    return Path(os.path.realpath(Path(path).expanduser()))


class SafeStorage(Storage):
    """TinyDB storage with a cross-process lock, atomic replace, schema checks and backups."""

    def __init__(self, path: str | os.PathLike, *, lock_timeout: float | None = None, read_only: bool = False):
        self.path = real_path(path)
        self.lock_timeout = lock_timeout if lock_timeout is not None else _env_timeout()
        self.read_only = read_only
        self.accept_empty = False
        """Take an existing empty file as a new one (``okrtui init``); otherwise it is refused as truncated."""
        self._state = _ThreadState()
        """The transaction or snapshot under way, each thread its own (the UI reads and saves in worker threads)."""

    @property
    def _pinned(self) -> dict | None:
        return self._state.pinned

    @_pinned.setter
    def _pinned(self, data: dict | None) -> None:
        self._state.pinned = data

    @property
    def _depth(self) -> int:
        return self._state.depth

    @_depth.setter
    def _depth(self, depth: int) -> None:
        self._state.depth = depth

    @property
    def _dirty(self) -> bool:
        return self._state.dirty

    @_dirty.setter
    def _dirty(self, dirty: bool) -> None:
        self._state.dirty = dirty

    @property
    def entry(self) -> dict | None:
        """The journal entry of this thread's transaction, appended with its write (see :mod:`okrtui.store.journal`)."""
        return self._state.entry

    @entry.setter
    def entry(self, entry: dict | None) -> None:
        self._state.entry = entry

    # -- reading --------------------------------------------------------------------------------------------------

    def read(self) -> dict:
        """The whole file as tables; the in-memory copy inside a transaction or snapshot."""
        if self._pinned is not None:
            return self._pinned
        return self._load()[0]

    def _load(self) -> tuple[dict, bytes | None, int]:
        """Parse the file afresh, migrated in memory: (data, the raw bytes or None, the file's schema version)."""
        return self.decode(self._read_bytes())

    def decode(self, raw: bytes | None) -> tuple[dict, bytes | None, int]:
        """The file's bytes (None: no file) as tables, migrated in memory; DataFileError when they can't be used."""
        if raw is None or (self.accept_empty and (not raw or raw.isspace())):  # isspace: no copy of a big file
            return {migrations.META_TABLE: {"1": migrations.new_meta()}}, None, migrations.SCHEMA_VERSION
        if not raw or raw.isspace():
            raise EmptyDataFile(
                f"{self.path} is empty: a data file is never empty, so it was probably cut short; "
                f"it was left untouched{self._backup_hint()} (okrtui init starts it anew)"
            )
        data = self._parse(raw)
        try:
            version = migrations.schema_version(data)
        except ValueError as error:
            raise DataFileError(
                f"{self.path} is damaged: {error}; it was left untouched{self._backup_hint()}"
            ) from None
        if version > migrations.SCHEMA_VERSION:
            raise DataFileError(
                f"{self.path} was written by a newer okrtui (schema {version}, this one reads up to "
                f"{migrations.SCHEMA_VERSION}): upgrade okrtui to use it"
            )
        return migrations.migrate(data), raw, version

    def _read_bytes(self) -> bytes | None:
        """The file's bytes (None when there is none); anything but a regular file is refused, unopened or unread."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
        except FileNotFoundError:
            return None
        except PermissionError:
            raise DataFileError(f"can't read {self.path}: permission denied") from None
        except OSError as error:
            raise DataFileError(f"can't read {self.path}: {error.strerror}") from None
        try:
            opened_status = os.fstat(fd)
            kind = _kind(opened_status.st_mode)
            if kind == "a folder":
                raise DataFileError(f"{self.path} is a folder, not a data file")
            if kind != "a regular file":
                raise DataFileError(f"{self.path} is {kind}, not a data file: okrtui keeps its data in a regular file")
            read_ahead = prefetch.take(opened_status)
            if read_ahead is not None:
                return read_ahead
            with os.fdopen(fd, "rb", closefd=False) as opened:
                return opened.read()
        except OSError as error:
            raise DataFileError(f"can't read {self.path}: {error.strerror}") from None
        finally:
            os.close(fd)

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
        with self._locked() as lock:
            read_at = file_signature(self.path)
            data, raw, version = self._load()
            migrating = version < migrations.SCHEMA_VERSION
            self._pinned, self._dirty, self._depth = data, migrating, 1
            try:
                yield data
                if self._dirty:
                    self._commit(self._pinned, raw, migrating, lock, read_at)
            finally:
                self._pinned, self._dirty, self._depth, self.entry = None, False, 0, None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[DataLock]:
        """The writers' lock, after checking that this user may write the file at all."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing was changed")
        self._check_writable()
        made = self._ensure_folder()
        lock = self._lock()
        try:
            lock.acquire()
        except LockTimeout:
            raise Busy(
                f"{self.path} is busy: another okrtui held its lock for over {self.lock_timeout:g} s; try again"
            ) from None
        except LockFileUnusable as error:
            raise DataFileError(f"can't lock {self.path}: {error}") from None
        except OSError as error:
            raise DataFileError(f"can't lock {self.path}: {_describe(error)}; nothing was changed") from None
        try:
            yield lock
        except BaseException:
            self._tidy_up_after_nothing(lock, made)
            raise
        finally:
            lock.release()

    def _tidy_up_after_nothing(self, lock: DataLock, made: list[Path]) -> None:
        """A write that changed nothing on a file that doesn't exist leaves nothing behind: not the lock file nor the
        folders it made (a waiting writer notices the lock file went and takes a new one)."""
        if self.path.exists() or not lock.created:
            return
        with contextlib.suppress(OSError):
            os.unlink(lock.path)
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _check_writable(self) -> None:
        """Refuse what is not a regular file, a read-only file system, and what the data file's own mode (or ACL)
        doesn't let this user write: replacing it needs only the folder's permission, and would take another user's
        file over."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return
        except OSError:
            return  # reading it says what is wrong
        kind = _kind(status.st_mode)
        if kind != "a regular file":
            raise DataFileError(f"{self.path} is {kind}, not a data file: okrtui keeps its data in a regular file")
        if os.access(self.path, os.W_OK):
            return
        if os.statvfs(self.path.parent).f_flag & os.ST_RDONLY:
            raise DataFileError(f"can't write {self.path}: its file system is read-only; nothing was changed")
        raise DataFileError(
            f"can't write {self.path}: permission denied (mode {status.st_mode & 0o7777:04o}, owner uid "
            f"{status.st_uid}, group gid {status.st_gid}); nothing was changed"
        )

    def _lock(self) -> DataLock:
        """The lock beside the file: as shared as the data file's owner and group, never readable by others."""
        like = _status(self.path)
        return DataLock(
            Path(f"{self.path}.lock"),
            mode=lock_mode(shared_mode(self.path)),
            like=like,
            timeout=self.lock_timeout,
            poll=LOCK_POLL,
        )

    def _ensure_folder(self) -> list[Path]:
        """Make the file's folder (and its parents) when missing; returns those it made, deepest first."""
        missing = [folder for folder in (self.path.parent, *self.path.parent.parents) if not folder.exists()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return missing
        except PermissionError:
            raise DataFileError(f"can't create the folder {self.path.parent}: permission denied") from None
        except OSError as error:
            raise DataFileError(f"can't create the folder {self.path.parent}: {_describe(error)}") from None

    def _commit(
        self, data: dict, previous: bytes | None, migrating: bool, lock: DataLock, read_at: tuple | None
    ) -> None:
        if previous:
            label = f"before-schema-{migrations.SCHEMA_VERSION}" if migrating else None
            self._backup(previous, label)
        with contextlib.ExitStack() as stack:
            entry = self.entry
            writer = stack.enter_context(self._journal_writer()) if entry is not None else None
            try:
                if writer is not None and entry is not None:
                    writer.prepare(data, entry)
            except OSError as error:
                raise DataFileError(
                    f"can't write the journal of {self.path}: {_describe(error)}; nothing was changed"
                ) from None
            payload = dump_parts(data)
            self._check_still_ours(lock, read_at)
            try:
                self._replace(payload, writer.write if writer is not None else None)  # fsynced before the rename
            except OSError as error:
                if writer is not None:
                    writer.undo()
                raise DataFileError(
                    f"can't write {self.path}: {_describe(error)}; the file was left as it was"
                ) from None

    def _journal_writer(self) -> contextlib.AbstractContextManager[journal.JournalWriter]:
        """The journal's writer: as shared as the data file (its mode, owner and group), never more."""
        return journal.writer(self.path, shared_mode(self.path), _status(self.path))

    def _check_still_ours(self, lock: DataLock, read_at: tuple | None) -> None:
        """Never write over a change made by a writer that got in because our lock file was removed or replaced."""
        if not lock.held() or file_signature(self.path) != read_at:
            raise Busy(
                f"{self.path}.lock was removed or replaced while this write held it, and the file may have changed "
                "since: nothing was written; try again"
            )

    def _replace(self, payload: bytes | tuple[bytes, ...], before_rename: Callable[[], None] | None = None) -> None:
        """Temp file in the same folder, fsync, keep owner, mode, group and ACL, (``before_rename``: the journal's
        append), ``os.replace``, fsync the folder."""
        folder = self.path.parent
        like = _status(self.path)
        mode = like.st_mode & 0o7777 if like else files.umask_mode()
        acl = files.read_acl(self.path) if like else None
        with files.open_folder(folder) as folder_fd:
            _remove_stale_temps(folder_fd, self.path.name)
            files.write_new(
                folder_fd, self.path.name, payload, mode=mode, like=like, acl=acl, before_rename=before_rename
            )
            os.fsync(folder_fd)

    def _backup(self, previous: bytes, label: str | None) -> None:
        """Keep ``previous`` as today's backup (or a labelled one before a migration), the newest 7 kept."""
        folder = backup_folder(self.path)
        name = f"{self.path.name}.{datetime.now():%Y-%m-%d}{'.' + label if label else ''}"
        if _is_regular(folder / name):
            return  # today's is kept already: the common case, one lstat
        like = _status(self.path)
        mode = shared_mode(self.path)
        try:
            files.make_folder(folder, files.folder_mode(mode), like)
            with files.open_folder(folder) as folder_fd:
                _remove_stale_temps(folder_fd, name)
                files.write_new(folder_fd, name, previous, mode=mode, like=like)
                for old in _by_date(files.regular_entries(folder_fd), self.path.name)[:-BACKUPS_KEPT]:
                    if old != name:  # never the one just made, whatever the dates of the others
                        os.unlink(old, dir_fd=folder_fd)
        except OSError as error:
            raise DataFileError(f"can't write a backup to {folder}: {_describe(error)}; nothing was changed") from None

    def replace_whole(self, payload: bytes, keep: bool = True, *, entry: dict | None = None) -> Path | None:
        """Put ``payload`` in place of the file under the lock (a restore); the old file is first kept as a new
        ``<file>.replaced-<time>`` (never overwriting one), whose path is returned (None when there was no file).

        With ``entry`` (who, the command, the day) the replacement is journaled as one change of every record it
        changes, and the journal's commit point carries over, so no entry of the journal is lost to an older file.
        """
        with self._locked():
            try:
                previous = self._read_bytes()
                kept = self._keep_copy(previous) if keep and previous is not None else None
                if entry is None:
                    self._replace(payload)
                else:
                    self._replace_journaled(previous, payload, entry)
            except OSError as error:
                raise DataFileError(
                    f"can't write {self.path}: {_describe(error)}; the file was left as it was"
                ) from None
        return kept

    def _replace_journaled(self, previous: bytes | None, payload: bytes, entry: dict) -> None:
        try:
            current: dict | None = self.decode(previous)[0]
        except DataFileError:
            current = None  # a damaged file: what it held can't be listed, and the journal is numbered from its end
        restored = self.decode(payload)[0]
        entry["changes"] = journal.data_changes(current or {}, restored) if current is not None else []
        entry["records"] = list(dict.fromkeys(change["record"] for change in entry["changes"]))
        journal.carry_meta_state(current, restored)
        with self._journal_writer() as writer:
            writer.prepare(restored, entry)
            try:
                self._replace(dump_parts(restored), writer.write)
            except OSError:
                writer.undo()
                raise

    def repair_journal(self) -> tuple[int, Path | None]:
        """Rewrite the journal with its sound, committed entries only (under the lock); the damaged one is kept as
        ``<journal>.replaced-<time>``. Returns how many lines were dropped and where the old journal was kept."""
        with self.transaction() as data:
            path = journal.journal_path(self.path)
            kept_lines, dropped = journal.repaired_lines(self.path, data)
            try:
                old = files.read_regular(path)
            except FileNotFoundError:
                return 0, None
            except OSError as error:
                raise DataFileError(f"can't read the journal {path}: {_describe(error)}") from None
            if old == kept_lines:
                return 0, None
            mode, like = shared_mode(self.path), _status(self.path)
            stem = f"{path.name}.replaced-{datetime.now():%Y%m%dT%H%M%S}"
            kept = files.write_new_unique(path.parent, stem, old, mode=mode, like=like)
            with files.open_folder(path.parent) as folder_fd:
                files.write_new(folder_fd, path.name, kept_lines, mode=mode, like=like)
            last, _ = journal.meta_state(data)
            journal.set_meta_state(data, last, len(kept_lines))
            self._dirty = True
        return dropped, kept

    def _keep_copy(self, previous: bytes) -> Path:
        stem = f"{self.path.name}.replaced-{datetime.now():%Y%m%dT%H%M%S}"
        return files.write_new_unique(
            self.path.parent, stem, previous, mode=shared_mode(self.path), like=_status(self.path)
        )

    def close(self) -> None:
        """Nothing is held open between operations."""


class _ThreadState(threading.local):
    """What a transaction or snapshot holds, per thread: two threads' transactions wait for each other on the file
    lock instead of one taking the other's for a nested one."""

    pinned: dict | None = None
    depth = 0
    dirty = False
    entry: dict | None = None


_BACKUP_DATE = re.compile(r"\.(\d{4}-\d{2}-\d{2})(?:\.[\w-]+)?")


def _by_date(names: list[str], data_name: str) -> list[str]:
    """The backups among ``names``, oldest first by the date in their name (not their mtime: clocks go back and
    copies keep theirs)."""
    dated = []
    for name in names:
        if name.startswith(data_name) and (match := _BACKUP_DATE.fullmatch(name, len(data_name))):
            dated.append((match.group(1), name))
    return [name for _, name in sorted(dated)]


def backup_folder(path: Path) -> Path:
    """Where the backups of ``path`` go: ``<file>.backups/`` beside it."""
    return path.with_name(path.name + ".backups")


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path`` (regular files only), oldest first by the date in their name."""
    folder = backup_folder(path)
    try:
        with files.open_folder(folder) as folder_fd:
            names = files.regular_entries(folder_fd)
    except OSError:
        return []
    return [folder / name for name in _by_date(names, path.name)]


def backup_problem(backup: Path) -> str | None:
    """Why ``backup`` can't be restored (None when it can): read as a regular file only, never through a symlink."""
    try:
        SafeStorage(backup, read_only=True).decode(files.read_regular(backup))
    except DataFileError as error:
        return error.message
    except OSError as error:
        return f"can't read {backup}: {error.strerror}"
    return None


def newest_backup(path: Path) -> Path | None:
    """The most recent backup of ``path``, if any."""
    backups = list_backups(path)
    return backups[-1] if backups else None


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _remove_stale_temps(folder_fd: int, name: str) -> None:
    """Temp files of writers killed before their rename: under the lock, no live writer owns one."""
    for entry in os.listdir(folder_fd):
        if files.is_temp_of(entry, name):
            with contextlib.suppress(OSError):
                os.unlink(entry, dir_fd=folder_fd)


def _describe(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "no space left (disk full or file size limit)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOENT:
        return "its folder no longer exists"
    if error.errno == errno.EROFS:
        return "its file system is read-only"
    if error.errno == errno.ENOTDIR:
        return f"{error.filename} is not a folder (a symbolic link or a file is in its place)"
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
