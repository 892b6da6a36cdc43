"""The journal: one line of JSON per change, appended to ``<data file>.journal`` beside the data file.

Every write that changes records adds one entry: its id (``C-1``, ``C-2``, … never reused), when (UTC), the day it
takes effect (``--today``), who, which command, the records and, per field, the value before and after. An import is one
entry; a deleted record keeps its whole document, so an undo brings it back.

Atomic with the data, also under SIGKILL: under the data file's lock the entry is appended and fsynced first, then the
data file is replaced, and the data file's meta record names the last entry and the journal's size: that replace is the
commit point. An entry past the data file's ``last`` (a writer killed between the two steps) is not committed: readers
skip it and the next writer cuts it off before appending. A damaged line never blocks the data: readers skip it with
a warning, writers append after it, ``okrtui doctor`` reports and repairs it.

Append-only lines diff in git one line per change; ``okrtui git setup`` has git merge them with the data file
(:mod:`okrtui.services.gitsync`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from okrtui.errors import DataFileError

META_KEY = "journal"
"""The key of the meta record that holds ``{"last": N, "size": BYTES}``: the commit point of the journal."""
SKIPPED_FIELDS = frozenset({"rev", "updated_by"})
"""Bookkeeping every change moves; not journaled as changes of their own."""
_ID_RE = re.compile(r"C-([1-9][0-9]{0,11})", re.ASCII)
_OPEN_FLAGS = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


def journal_path(data_path: Path) -> Path:
    """The journal of a data file: ``<file>.journal`` beside it."""
    return data_path.with_name(data_path.name + ".journal")


def change_number(change_id: Any) -> int | None:
    """The number of a change id (``C-12`` -> 12), None when it is no change id."""
    match = _ID_RE.fullmatch(change_id) if isinstance(change_id, str) else None
    return int(match.group(1)) if match else None


def meta_state(data: dict) -> tuple[int, int | None]:
    """(the last committed change number, the journal's committed size or None) from the data file's meta record.

    A meta record without them (a file older than the journal) or with damaged ones counts as (0, None): a damaged
    journal record never blocks the data.
    """
    meta = data.get("meta", {}).get("1")
    state = meta.get(META_KEY) if isinstance(meta, dict) else None
    if not isinstance(state, dict):
        return 0, None
    last, size = state.get("last"), state.get("size")
    if type(last) is not int or last < 0:
        return 0, None
    return last, size if type(size) is int and size >= 0 else None


def set_meta_state(data: dict, last: int, size: int) -> None:
    """Record the commit point in the data's meta record (made when missing)."""
    from okrtui.store import migrations

    meta = data.setdefault(migrations.META_TABLE, {}).setdefault("1", migrations.new_meta())
    meta[META_KEY] = {"last": last, "size": size}


# -- what changed -----------------------------------------------------------------------------------------------------


def record_changes(record_id: str, before: dict | None, after: dict | None) -> list[dict]:
    """The changes between two stored documents of one record, as ``{record, field, before, after}``.

    A new or deleted record is one change of the whole record (``field`` null); an edit is one change per field (not
    ``rev`` nor ``updated_by``); a KPI value is ``history.YYYY-MM-DD``; a check-in ``checkins.N`` (N counts from 1 in
    the stored list).
    """
    if before is None or after is None:
        return [] if before is after else [_change(record_id, None, before, after)]
    changes: list[dict] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if key in SKIPPED_FIELDS or _same(old, new):
            continue
        if key == "history" and isinstance(old or {}, dict) and isinstance(new or {}, dict):
            changes += _history_changes(record_id, old or {}, new or {})
        elif key == "checkins" and isinstance(old or [], list) and isinstance(new or [], list):
            changes += _list_changes(record_id, key, old or [], new or [])
        else:
            changes.append(_change(record_id, key, old, new))
    return changes


def _same(old: Any, new: Any) -> bool:
    return type(old) is type(new) and old == new


def _change(record_id: str, name: str | None, before: Any, after: Any) -> dict:
    return {"record": record_id, "field": name, "before": before, "after": after}


def _history_changes(record_id: str, old: dict, new: dict) -> list[dict]:
    days = [day for day, value in new.items() if not _same(old.get(day), value)]
    days += [day for day in old if day not in new]
    return [_change(record_id, f"history.{day}", old.get(day), new.get(day)) for day in sorted(days)]


def _list_changes(record_id: str, name: str, old: list, new: list) -> list[dict]:
    """The changed stretch of a list, position by position: what lies between the common start and common end."""
    start = 0
    while start < min(len(old), len(new)) and _same(old[start], new[start]):
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and _same(old[-1 - end], new[-1 - end]):
        end += 1
    was, now = old[start : len(old) - end], new[start : len(new) - end]
    return [
        _change(record_id, f"{name}.{start + offset + 1}", _at(was, offset), _at(now, offset))
        for offset in range(max(len(was), len(now)))
    ]


def _at(items: list, index: int) -> Any:
    return items[index] if index < len(items) else None


def data_changes(before: dict, after: dict) -> list[dict]:
    """The changes between two whole files' tables (a restore), record by record."""
    from okrtui.store.migrations import RECORD_TABLES

    changes: list[dict] = []
    for prefix, table in RECORD_TABLES.items():
        old, new = before.get(table, {}), after.get(table, {})
        for key in sorted(old.keys() | new.keys(), key=lambda key: (len(key), key)):
            changes += record_changes(f"{prefix}-{key}", old.get(key), new.get(key))
    return changes


def carry_meta_state(current: dict | None, restored: dict) -> None:
    """Give the ``restored`` tables the journal's commit point of the ``current`` ones (an older file's would cut the
    newer entries off); without a usable current file, the next entry is numbered from the journal's own end."""
    from okrtui.store import migrations

    meta = restored.get(migrations.META_TABLE, {}).get("1")
    if current is not None and meta_state(current)[1] is not None:
        set_meta_state(restored, *meta_state(current))  # type: ignore[arg-type]
    elif isinstance(meta, dict):
        meta.pop(META_KEY, None)


def new_entry(changes: list[dict], *, by: str, command: str, day: str, **extra: Any) -> dict:
    """An entry for ``changes`` (its id and commit point are given when it is written)."""
    records = list(dict.fromkeys(change["record"] for change in changes))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"at": now, "by": by, "changes": changes, "command": command, "day": day, "records": records, **extra}


# -- writing ----------------------------------------------------------------------------------------------------------


class JournalWriter:
    """Appends one entry under the data file's lock: :meth:`prepare` finds where (cutting off what was never
    committed), :meth:`write` appends and fsyncs. The caller then replaces the data file with the new commit point."""

    def __init__(self, data_path: Path, mode: int, like: os.stat_result | None) -> None:
        self.path = journal_path(data_path)
        self.mode = mode
        self.like = like
        self.fd = -1
        self.offset = 0
        self.line = b""
        self.was: tuple[int, int, int] | None = None

    def prepare(self, data: dict, entry: dict) -> int:
        """Open the journal, number ``entry`` after the last committed one and put the commit point in ``data``;
        returns the entry's number."""
        last, size = meta_state(data)
        self.fd = self._open()
        status = os.fstat(self.fd)
        actual, self.was = status.st_size, (status.st_size, status.st_atime_ns, status.st_mtime_ns)
        if size is None:  # the first entry, or the meta record lost its state: continue after any entry there
            last = max(last, _last_number(_read_from(self.fd, 0)))
            self.offset = _line_start(self.fd, actual)
        elif actual > size and _uncommitted_only(_read_from(self.fd, size), last):
            self.offset = size  # a writer was killed after appending: its entry never happened
        else:
            self.offset = _line_start(self.fd, actual)  # changed outside okrtui (a merge, an edit): keep it all
        number = last + 1
        entry["id"] = f"C-{number}"
        self.line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS) + b"\n"
        set_meta_state(data, number, self.offset + len(self.line))
        return number

    def write(self) -> None:
        """Append the entry at its place, drop anything after it, fsync."""
        view = memoryview(self.line)
        position = self.offset
        while view:
            written = os.pwrite(self.fd, view, position)
            view, position = view[written:], position + written
        os.ftruncate(self.fd, position)
        os.fsync(self.fd)

    def undo(self) -> None:
        """The data file's write failed: put the journal back as it was (its bytes and times), where it can be."""
        if self.fd < 0 or self.was is None:
            return
        size, atime, mtime = self.was
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, size)
            os.utime(self.fd, ns=(atime, mtime))

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _open(self) -> int:
        """The journal for writing: made new (exclusive, its final mode and group before a byte) or the existing
        regular file, never through a symlink, never left more readable than the data file."""
        from okrtui.store import files

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _OPEN_FLAGS, 0o600)
        except FileExistsError:
            pass
        except OSError as error:
            raise self._unusable(error) from None
        else:
            try:
                files.take_on(fd, self.like, self.mode)
            except BaseException:
                os.close(fd)
                raise
            return fd
        try:
            fd = os.open(self.path, os.O_RDWR | _OPEN_FLAGS)
        except OSError as error:
            raise self._unusable(error) from None
        try:
            self._check(fd)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _unusable(self, error: OSError) -> DataFileError:
        return DataFileError(f"can't write the journal {self.path}: {_describe(error)}; nothing was changed")

    def _check(self, fd: int) -> None:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise DataFileError(f"the journal {self.path} is not a regular file: move it away; nothing was changed")
        wider = status.st_mode & 0o777 & ~self.mode & 0o666
        if not wider:
            return
        with contextlib.suppress(OSError):
            os.fchmod(fd, status.st_mode & 0o7777 & ~wider)
            return
        raise DataFileError(
            f"the journal {self.path} is readable or writable by more users than the data file (mode "
            f"{status.st_mode & 0o777:04o}, data file {self.mode:04o}): its owner should chmod it; nothing was changed"
        )


def _describe(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symbolic link (move it away: okrtui makes a new one)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "it is a folder"
    return error.strerror or str(error)


def _read_from(fd: int, offset: int) -> bytes:
    size = os.fstat(fd).st_size
    return os.pread(fd, max(0, size - offset), offset) if size > offset else b""


def _line_start(fd: int, size: int) -> int:
    """Where the next line starts: the end, or past a newline added when the last line lacks one."""
    if size and os.pread(fd, 1, size - 1) != b"\n":
        os.pwrite(fd, b"\n", size)
        return size + 1
    return size


def _uncommitted_only(tail: bytes, last: int) -> bool:
    """Whether everything past the commit point is entries numbered after it, or a line cut short: what a killed
    writer leaves, never what a person or a merge added."""
    lines = tail.split(b"\n")
    for index, line in enumerate(lines):
        if not line:
            continue
        try:
            number = change_number(orjson.loads(line).get("id"))
        except (orjson.JSONDecodeError, AttributeError):
            if index == len(lines) - 1:
                continue  # cut short: the last line, without its newline
            return False
        if number is None or number <= last:
            return False
    return True


def _last_number(raw: bytes) -> int:
    numbers = [0]
    for line in raw.splitlines():
        with contextlib.suppress(orjson.JSONDecodeError, AttributeError):
            numbers.append(change_number(orjson.loads(line).get("id")) or 0)
    return max(numbers)


# -- reading ----------------------------------------------------------------------------------------------------------


@dataclass
class JournalRead:
    """The committed entries of a journal (oldest first), and what was wrong with it."""

    entries: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    size: int = 0
    """How many bytes were read: where the next read of new entries starts."""


def read_journal(
    data_path: Path, data: dict | None, *, offset: int = 0, state: tuple[int, int | None] | None = None
) -> JournalRead:
    """The entries committed in ``data`` (the data file's tables; or, without them, as of the commit point
    ``state``, a :func:`meta_state` read before), from byte ``offset`` on; never raises for a damaged or missing
    journal: its problems are listed."""
    path = journal_path(data_path)
    last, committed = state if state is not None else meta_state(data or {})
    try:
        raw = _read_regular(path, offset)
    except FileNotFoundError:
        return JournalRead(problems=[f"the journal {path} is missing"] if last else [])
    except OSError as error:
        return JournalRead(problems=[f"can't read the journal {path}: {_describe(error)}"])
    return _entries_of(raw, last, committed, path, offset)


def _read_regular(path: Path, offset: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return _read_from(fd, offset)
    finally:
        os.close(fd)


def _entries_of(raw: bytes, last: int, committed: int | None, path: Path, offset: int) -> JournalRead:
    read = JournalRead(size=offset)
    seen: set[int] = set()
    lines = raw.split(b"\n")
    complete = lines[:-1]  # the last piece is empty, or a line still being written
    for line in complete:
        if not line.strip():
            read.size += len(line) + 1
            continue
        entry, problem = _entry(line)
        number = change_number(entry.get("id"))
        if not problem and number is not None and number > last:
            if committed is None or read.size >= committed:
                break  # not committed (yet), past the commit point: a reader of new entries reads it again once it is
            read.size += len(line) + 1
            continue  # numbered past the last yet before the commit point: not okrtui's, never shown
        read.size += len(line) + 1
        if problem:
            read.problems.append(f"the journal {path} has a damaged entry ({problem}); okrtui doctor --repair drops it")
        elif number is not None and number not in seen:  # a duplicate comes from a merge
            seen.add(number)
            read.entries.append(entry)
    return read


def _entry(line: bytes) -> tuple[dict, str | None]:
    """A line as an entry, or why it isn't one."""
    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError:
        return {}, "not JSON"
    if not isinstance(entry, dict) or change_number(entry.get("id")) is None:
        return {}, "no change id"
    for key in ("at", "by", "command", "day"):
        if not isinstance(entry.get(key), str):
            return {}, f"{entry['id']} has no {key}"
    changes = entry.get("changes")
    if not isinstance(changes, list) or not all(_is_change(change) for change in changes):
        return {}, f"{entry['id']} has damaged changes"
    if not isinstance(entry.get("records"), list):
        entry["records"] = list(dict.fromkeys(change["record"] for change in changes))
    return entry, None


def _is_change(change: Any) -> bool:
    return (
        isinstance(change, dict)
        and isinstance(change.get("record"), str)
        and (change.get("field") is None or isinstance(change.get("field"), str))
        and "before" in change
        and "after" in change
    )


def repaired_lines(data_path: Path, data: dict) -> tuple[bytes, int]:
    """The journal with only its committed, sound entries (bytes), and how many lines were dropped."""
    read = read_journal(data_path, data)
    kept = b"".join(orjson.dumps(entry, option=orjson.OPT_SORT_KEYS) + b"\n" for entry in read.entries)
    return kept, len(read.problems)


@contextlib.contextmanager
def writer(data_path: Path, mode: int, like: os.stat_result | None) -> Iterator[JournalWriter]:
    """A :class:`JournalWriter`, closed at the end."""
    journal = JournalWriter(data_path, mode, like)
    try:
        yield journal
    finally:
        journal.close()
