"""Load and save records by our own ids (``O-1``, ``KR-1``, ``I-1``, ``K-1``) through TinyDB.

A record's number is its TinyDB doc_id inside its table, so lookups by id are direct; the doc_id itself never leaves
this module. Id counters live in the meta document, so numbers are never reused, also after deletion.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from okrtui.errors import BadInput, Conflict, DataFileError, NotFound
from okrtui.store import journal, migrations
from okrtui.store.storage import SafeStorage

if TYPE_CHECKING:  # cron's raw paths never load the models
    from okrtui.domain.models import Record

R = TypeVar("R", bound="Record")

NOUNS = {"O": "objective", "KR": "key result", "I": "initiative", "K": "KPI"}
CONFIG_RECORD = "config"
"""How the journal names the file's settings (``okrtui config``): a record of its own, one field per setting."""
_ID_RE = re.compile(r"^(O|KR|I|K)-([1-9]\d{0,8})$", re.ASCII)
_DOC_ID_RE = re.compile(r"^[1-9][0-9]{0,8}$")
_JSON_TYPES = {
    list: "a list",
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def parse_id(text: str, prefix: str | None = None) -> str:
    """Normalise a typed id (``kr-3`` -> ``KR-3``); with ``prefix``, it must be of that kind."""
    match = _ID_RE.match(str(text).strip().upper())
    if not match or (prefix is not None and match.group(1) != prefix):
        noun = NOUNS.get(prefix or "", "record")
        example = f"{prefix}-1" if prefix else "O-1, KR-1, I-1 or K-1"
        raise BadInput(f"bad {noun} id {text!r}: expected an id like {example}")
    return f"{match.group(1)}-{int(match.group(2))}"


def id_number(record_id: str) -> int:
    """The number of an id: its TinyDB doc_id."""
    return int(record_id.rsplit("-", 1)[1])


class Repository:
    """Records of one data file, by id. Every change runs in a locked transaction of :class:`SafeStorage`."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False, lock_timeout: float | None = None):
        self.db = TinyDB(path, storage=SafeStorage, read_only=read_only, lock_timeout=lock_timeout)
        self.storage: SafeStorage = self.db.storage  # type: ignore[assignment]
        self._checked_storage = _CheckedStorage(self.storage)
        self._tables: dict[str, Table] = {}
        self.actor = ""
        """Who acts: the author of the journal's entries (the workspace sets it)."""
        self.today = ""
        """The ISO day a change takes effect (``--today``)."""
        self.command = "ui"
        """What made the change: a command (``kr checkin``) or the UI."""
        self._state = _TransactionState()
        self.after_commit: list[Callable[[dict], None]] = []
        """Called with the journal entry of each transaction that changed records, once it committed and the lock is
        released (the faces run the hooks from here: :mod:`okrtui.services.hooks`)."""

    @property
    def path(self):
        """The data file."""
        return self.storage.path

    @property
    def _touched(self) -> dict[str, dict | None] | None:
        return self._state.touched

    @_touched.setter
    def _touched(self, touched: dict[str, dict | None] | None) -> None:
        self._state.touched = touched

    @property
    def _extra(self) -> dict[str, Any]:
        return self._state.extra

    @_extra.setter
    def _extra(self, extra: dict[str, Any]) -> None:
        self._state.extra = extra

    @property
    def last_entry(self) -> dict | None:
        """The journal entry of this thread's last transaction (None when it changed no record)."""
        return self._state.last_entry

    @last_entry.setter
    def last_entry(self, entry: dict | None) -> None:
        self._state.last_entry = entry

    @contextlib.contextmanager
    def transaction(self) -> Iterator[dict]:
        """One locked read-modify-write: everything inside is written at once with its journal entry, or nothing on
        error."""
        if self._touched is not None:  # nested: the outer one journals
            with self.storage.transaction() as data:
                yield data
            return
        self._touched, self._extra = {}, {"by": self.actor or "unknown", "day": self.today}  # as the change begins
        self.last_entry = None
        try:
            with self.storage.transaction() as data:
                yield data
                entry = self.storage.entry = self._entry()
            self.last_entry = entry
        finally:
            self._touched, self._extra = None, {}
        if entry is not None:
            for callback in self.after_commit:
                callback(entry)

    def journal_note(self, **extra: Any) -> None:
        """Add to the journal entry of the transaction under way (an import's row count, the change an undo undoes);
        None takes a note away."""
        self._extra = {key: value for key, value in {**self._extra, **extra}.items() if value is not None}

    def _entry(self) -> dict | None:
        """The journal entry of what the transaction changed; None when it changed no record."""
        changes = []
        for record_id, before in (self._touched or {}).items():
            after: dict | None
            if record_id == CONFIG_RECORD:
                config = self.config()
                after = dict(config) if isinstance(config, dict) else {}
            else:
                found = self._table(record_id.split("-", 1)[0]).get(doc_id=id_number(record_id))
                after = dict(found) if found is not None else None
            changes += journal.record_changes(record_id, before, after)
        if not changes:
            return None
        return journal.new_entry(changes, command=self.command, **self._extra)

    def _touch(self, record_id: str, before: dict | None) -> None:
        """Keep a record's document as it was before its first change in this transaction."""
        if self._touched is not None and record_id not in self._touched:
            self._touched[record_id] = _copied(before) if before is not None else None

    def snapshot(self) -> contextlib.AbstractContextManager[dict]:
        """Serve the reads inside from one parse of the file."""
        return self.storage.snapshot()

    def _table(self, prefix: str) -> Table:
        return self._named_table(migrations.RECORD_TABLES[prefix])

    def _named_table(self, name: str) -> Table:
        """A table whose every read first checks the file's shape (see :func:`document_problems`)."""
        if name not in self._tables:
            self._tables[name] = Table(self._checked_storage, name, cache_size=0)  # type: ignore[arg-type]
        return self._tables[name]

    # -- reading --------------------------------------------------------------------------------------------------

    def raw_all(self, model: type[Record] | str) -> list[dict]:
        """Every stored document of a kind (a model or its prefix), unvalidated, ordered by id number."""
        docs: list[Document] = self._table(_prefix(model)).all()
        docs.sort(key=lambda doc: doc.doc_id)
        return list(docs)

    def raw_get(self, prefix: str, record_id: str) -> dict:
        """One stored document by id, unvalidated; NotFound names the id when there is none."""
        record_id = parse_id(record_id, prefix)
        doc = self._table(prefix).get(doc_id=id_number(record_id))
        if doc is None:
            raise NotFound(f"no {NOUNS[prefix]} {record_id}")
        return dict(doc)

    def all(self, model: type[R]) -> list[R]:
        """Every record of a kind, ordered by id number."""
        return [self.validated(model, doc) for doc in self.raw_all(model)]

    def validated(self, model: type[R], doc: dict) -> R:
        """A stored document as a model; a record damaged by hand makes the file unusable, named, not a crash."""
        from okrtui.domain.models import ValidationError  # here, not at the top: cron's raw paths need no models

        try:
            return model.model_validate(doc)
        except ValidationError as error:
            from okrtui.domain.models import describe_validation_error

            record = doc.get("id") if isinstance(doc, dict) else None
            raise DataFileError(
                f"{self.path}: the record {record or '(without an id)'} is damaged "
                f"({describe_validation_error(error)}); fix it by hand or run okrtui doctor"
            ) from None

    def get(self, model: type[R], record_id: str) -> R:
        """One record by id; NotFound names the id when there is none."""
        return self.validated(model, self.raw_get(model.PREFIX, record_id))

    def exists(self, model: type[Record], record_id: str) -> bool:
        """Whether a record with this (well-formed) id is stored."""
        return self._table(model.PREFIX).contains(doc_id=id_number(record_id))

    # -- writing (inside a transaction) ---------------------------------------------------------------------------

    def initialise(self) -> None:
        """Store the meta document, so a new file is written with its schema version."""
        meta_table = self._named_table(migrations.META_TABLE)
        meta_table.upsert(Document(dict(meta_table.get(doc_id=1) or migrations.new_meta()), doc_id=1))

    def config(self) -> Any:
        """The file's settings (``okrtui config``), stored in the meta record under ``config``, unchecked: {} when it
        has none; whatever is stored otherwise (a hand edit may have damaged it: the caller checks)."""
        meta: dict = self._named_table(migrations.META_TABLE).get(doc_id=1) or {}
        return meta.get("config", {})

    def set_config(self, config: dict) -> None:
        """Replace the file's settings in the meta record (inside a transaction); none at all leaves the key out."""
        meta_table = self._named_table(migrations.META_TABLE)
        meta = dict(meta_table.get(doc_id=1) or migrations.new_meta())
        before = meta.get("config")
        self._touch(CONFIG_RECORD, dict(before) if isinstance(before, dict) else {})
        meta.pop("config", None)
        if config:
            meta["config"] = dict(config)

        def replace(stored: MutableMapping) -> None:
            stored.clear()
            stored.update(meta)

        if meta_table.contains(doc_id=1):
            meta_table.update(replace, doc_ids=[1])
        else:
            meta_table.insert(Document(meta, doc_id=1))

    def next_id(self, model: type[Record]) -> str:
        """Take the next number for a kind from the meta counters; it is never handed out again."""
        prefix = model.PREFIX
        meta_table = self._named_table(migrations.META_TABLE)
        meta = meta_table.get(doc_id=1) or migrations.new_meta()
        counters = dict(meta.get("counters") or {})  # its shape was checked on reading
        number = counters.get(prefix, 0) + 1
        table = self._table(prefix)
        while table.contains(doc_id=number):  # a hand-edited counter must not hand out a taken id
            number += 1
        counters[prefix] = number
        meta_table.upsert(Document({**meta, "counters": counters}, doc_id=1))
        return f"{prefix}-{counters[prefix]}"

    def insert(self, record: R) -> R:
        """Store a new record under its id."""
        self.raw_insert(record.PREFIX, _dump(record))
        return record

    def raw_insert(self, prefix: str, doc: dict) -> None:
        """Store a document under its own id (a new record, or a deleted one coming back)."""
        self._touch(doc["id"], None)
        self._table(prefix).insert(Document(doc, doc_id=id_number(doc["id"])))

    def save(self, record: R, *, expected_rev: int | None = None, author: str = "") -> R:
        """Replace a stored record, moving its rev; Conflict when the stored rev is not ``expected_rev``."""
        stored = self.raw_get(record.PREFIX, record.id)
        _check_rev(stored, expected_rev)
        self._touch(record.id, stored)
        updated = record.model_copy(update={"rev": stored.get("rev", 1) + 1, "updated_by": author or record.updated_by})
        doc = _dump(updated)

        def replace(stored_doc: MutableMapping) -> None:
            stored_doc.clear()
            stored_doc.update(doc)

        self._table(record.PREFIX).update(replace, doc_ids=[id_number(record.id)])
        return updated

    def raw_update(
        self,
        prefix: str,
        record_id: str,
        change: Callable[[dict], Any],
        *,
        author: str,
        expected_rev: int | None = None,
    ) -> dict:
        """Change a stored document in place (no model round trip), moving its rev; returns the new document.

        For the hot paths cron uses (a measurement, a check-in), where the caller has validated the new values.
        """
        stored = self.raw_get(prefix, record_id)
        _check_rev(stored, expected_rev)
        self._touch(stored["id"], stored)
        try:
            change(stored)
        except (TypeError, AttributeError, ValueError):
            raise DataFileError(
                f"{self.path}: the record {stored.get('id')} is damaged; fix it by hand or run okrtui doctor"
            ) from None
        stored["rev"] = stored.get("rev", 1) + 1
        stored["updated_by"] = author

        def replace(stored_doc: MutableMapping) -> None:
            stored_doc.clear()
            stored_doc.update(stored)

        self._table(prefix).update(replace, doc_ids=[id_number(stored["id"])])
        return stored

    def delete(self, model: type[Record], record_id: str) -> None:
        """Remove a record; its number is not reused."""
        self.raw_delete(model.PREFIX, record_id)

    def raw_delete(self, prefix: str, record_id: str) -> None:
        """Remove a record by id; its number is not reused."""
        table = self._table(prefix)
        doc = table.get(doc_id=id_number(record_id))
        if doc is None:
            raise NotFound(f"no {NOUNS[prefix]} {record_id}")
        self._touch(record_id, dict(doc))
        table.remove(doc_ids=[id_number(record_id)])


class _TransactionState(threading.local):
    """What the journal keeps of a transaction under way, per thread (the UI saves in worker threads)."""

    touched: dict[str, dict | None] | None = None
    """The records changed so far, as they were before."""
    extra: dict[str, Any] = {}  # noqa: RUF012 - replaced, never changed in place
    last_entry: dict | None = None


class _CheckedStorage:
    """The storage as the repository's tables see it: every freshly parsed document is checked once, so a record
    damaged by hand makes the file unusable with a line naming it instead of a crash somewhere later."""

    def __init__(self, storage: SafeStorage) -> None:
        self.storage = storage
        self._checked: dict | None = None

    def read(self) -> dict:
        data = self.storage.read()
        if data is not self._checked:
            problems = document_problems(data)
            if problems:
                raise DataFileError(f"{self.storage.path}: {problems[0]}; fix it by hand or run okrtui doctor")
            self._checked = data  # held, so its identity can't be reused by another document
        return data

    def write(self, data: dict) -> None:
        self.storage.write(data)


def document_problems(data: dict) -> list[str]:
    """What makes a file unusable before any record is read as a model: a table key that is no record number, a
    record that is no JSON object, an id that doesn't match where the record is stored (a duplicate, a typo), damaged
    id counters. Empty when the shape is sound."""
    problems = []
    for prefix, table in migrations.RECORD_TABLES.items():
        for key, doc in data.get(table, {}).items():
            problem = record_problem(prefix, table, key, doc)
            if problem:
                problems.append(problem)
    return problems + counter_problems(data.get(migrations.META_TABLE, {}).get("1"))


def record_problem(prefix: str, table: str, key: str, doc: Any) -> str | None:
    """What is wrong with the shape of one stored record (its key, type, id; an objective's period), or None."""
    if not _DOC_ID_RE.match(key):
        return f"the {table} entry {key[:20]!r} is damaged (its key must be a record number like 1, 2, 3)"
    expected = f"{prefix}-{key}"
    if not isinstance(doc, dict):
        return f"the record {expected} is damaged (it is {_JSON_TYPES.get(type(doc), 'no record')}, not an object)"
    record_id = doc.get("id")
    if record_id == expected:
        return _period_problem(expected, doc) if prefix == "O" else None
    if isinstance(record_id, str) and _ID_RE.match(record_id) and record_id.startswith(f"{prefix}-"):
        return (
            f"the record stored as {expected} has the id {record_id} (a duplicate or a typo: each record's id "
            "matches the number it is stored under)"
        )
    return f"the record {expected} is damaged (its id is {str(record_id)[:20]!r}, expected {expected})"


def _period_problem(record_id: str, doc: dict) -> str | None:
    """A period typed by hand (``2026-Q9``): every path, cron's too, reads it, so it is checked with the shape."""
    from okrtui.domain.periods import Period  # light: no pydantic

    period = doc.get("period")
    if period is None:
        return None  # missing: the model names it
    try:
        Period.parse(period if isinstance(period, str) else "")
    except BadInput as error:
        reason = error.message if isinstance(period, str) else f"the period {str(period)[:20]!r} is not text"
        return f"the record {record_id} is damaged (period: {reason})"
    return None


def counter_problems(meta: Any) -> list[str]:
    """What is wrong with the id counters of the meta record (not a table, a counter no whole number ≥ 0)."""
    if not isinstance(meta, dict) or "counters" not in meta:
        return []
    counters = meta["counters"]
    if not isinstance(counters, dict):
        return [
            f"the meta record is damaged (its counters are {_JSON_TYPES.get(type(counters), 'no table')}, "
            "not a table of numbers)"
        ]
    return [
        f"the meta record is damaged (the id counter {prefix} is {str(value)[:20]!r}, not a whole number ≥ 0)"
        for prefix, value in counters.items()
        if prefix in migrations.RECORD_TABLES and (type(value) is not int or value < 0)
    ]


def _prefix(model: type[Record] | str) -> str:
    return model if isinstance(model, str) else model.PREFIX


def _check_rev(stored: dict, expected_rev: int | None) -> None:
    """Conflict when the stored record moved past the rev the editor read."""
    if expected_rev is None or stored.get("rev", 1) == expected_rev:
        return
    who = f" by {stored['updated_by']}" if stored.get("updated_by") else ""
    raise Conflict(
        f"{stored['id']} was changed{who} since you opened it (rev {expected_rev} -> {stored.get('rev', 1)})",
        current=stored,
    )


def _copied(doc: dict) -> dict:
    """A copy of a stored document two levels deep (its lists and tables, and the entries of its lists), so a change
    made in place can't alter what the journal keeps as before."""
    copy = {}
    for key, value in doc.items():
        if isinstance(value, list):
            value = [dict(item) if isinstance(item, dict) else item for item in value]
        elif isinstance(value, dict):
            value = dict(value)
        copy[key] = value
    return copy


def _dump(record: Record) -> dict:
    return record.model_dump(mode="json", exclude_none=True)
