"""The history of every change (the journal): read it, and undo a change.

An undo is itself a change, journaled like any other: undoing an undo is a redo. It refuses when a later change
touched the same fields or records (a check-in list counts as one field), unless forced; it never leaves a record
pointing at one that isn't there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from okrtui.errors import BadInput, NotFound
from okrtui.services.filters import same_name
from okrtui.services.workspace import Workspace
from okrtui.store import journal
from okrtui.store.repository import CONFIG_RECORD, NOUNS, parse_id

_REFERENCES = {"O": ("parent",), "KR": ("objective", "kpi"), "I": ("objective", "kr"), "K": ()}
"""The fields of each kind that name another record."""


@dataclass
class Log:
    """Journal entries, newest first, and what was wrong with the journal."""

    entries: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_log(
    ws: Workspace,
    *,
    record: str | None = None,
    since: date | None = None,
    by: str | None = None,
    limit: int | None = None,
    state: tuple[int, int | None] | None = None,
) -> Log:
    """The committed changes, newest first: those touching ``record`` (an id), made on or after ``since`` (UTC day),
    by ``by``; at most ``limit``. ``state``: the journal's commit point as read with the records (the UI has it from
    its last load), so the data file isn't parsed again for it."""
    if limit is not None and limit < 1:
        raise BadInput(f"--limit must be at least 1, not {limit}")
    wanted = _record_id(record) if record else None
    read = _read(ws, state=state)
    entries = []
    for entry in reversed(read.entries):
        if wanted and wanted not in entry["records"]:
            continue
        if since and entry["at"][:10] < since.isoformat():
            continue
        if by and not same_name(entry["by"], by):
            continue
        entries.append(entry)
        if limit and len(entries) >= limit:
            break
    return Log(entries, read.problems)


def get_change(ws: Workspace, change_id: str) -> dict:
    """One committed change by id (``C-12``, any case); NotFound when there is none."""
    number = _change_number(change_id)
    read = _read(ws)
    for entry in read.entries:
        if journal.change_number(entry["id"]) == number:
            return entry
    raise NotFound(f"no change C-{number} in the journal")


def new_entries(ws: Workspace, offset: int) -> tuple[list[dict], int]:
    """The changes committed since byte ``offset`` of the journal (0: all), and the offset to read from next time."""
    read = _read(ws, offset=offset)
    return read.entries, read.size


def _read(ws: Workspace, *, offset: int = 0, state: tuple[int, int | None] | None = None) -> journal.JournalRead:
    """The committed journal from byte ``offset``: up to ``state`` when the caller has the commit point already, else
    up to the one the data file names now."""
    if state is not None:
        return journal.read_journal(ws.repo.path, None, offset=offset, state=state)
    with ws.repo.snapshot() as data:
        return journal.read_journal(ws.repo.path, data, offset=offset)


def is_change_id(text: str) -> bool:
    """Whether ``text`` names a change (``C-12``, any case) rather than a record."""
    return journal.change_number(str(text).strip().upper()) is not None


def _change_number(text: str) -> int:
    number = journal.change_number(str(text).strip().upper())
    if number is None:
        raise BadInput(f"bad change id {text!r}: expected an id like C-1")
    return number


def _record_id(text: str) -> str:
    try:
        return parse_id(text)
    except BadInput:
        raise BadInput(f"bad id {text!r}: expected a record id like O-1, KR-1, I-1 or K-1") from None


# -- undo -------------------------------------------------------------------------------------------------------------


def undo(ws: Workspace, change_id: str | None = None, *, force: bool = False) -> tuple[dict, dict]:
    """Revert a change (the latest one by whoever acts, unless ``change_id``): returns (the change undone, the new
    change that undid it)."""
    wanted = _change_number(change_id) if change_id else None
    with ws.repo.transaction() as data:
        read = journal.read_journal(ws.repo.path, data)
        target = _target(read.entries, wanted, ws.actor, read.problems)
        later = [entry for entry in read.entries if _number(entry) > _number(target)]
        clashes = conflicts(target, later)
        if clashes and not force:
            raise BadInput(
                f"can't undo {target['id']}: changed since by {'; '.join(clashes[:3])}"
                f"{' and more' if len(clashes) > 3 else ''}; pass --force to undo it anyway"
            )
        _revert(ws, target["changes"], force)
        _check_references(ws, target["records"])
        ws.repo.journal_note(undoes=target["id"])
    if ws.repo.last_entry is None:
        raise BadInput(f"{target['id']} changed nothing that is still there to undo")
    return target, ws.repo.last_entry


def _number(entry: dict) -> int:
    return journal.change_number(entry["id"]) or 0


def _target(entries: list[dict], wanted: int | None, actor: str, problems: list[str]) -> dict:
    if wanted is not None:
        for entry in entries:
            if _number(entry) == wanted:
                return entry
        raise NotFound(f"no change C-{wanted} in the journal" + (f" ({problems[0]})" if problems else ""))
    for entry in reversed(entries):
        if same_name(entry["by"], actor):
            return entry
    raise BadInput(f"nothing to undo: the journal holds no change by {actor}")


def conflicts(target: dict, later: Iterable[dict]) -> list[str]:
    """What later changes did to the fields and records ``target`` changed: ``C-7 by maria (KR-3 target)``."""
    touched = [(change["record"], _family(change["field"])) for change in target["changes"]]
    found = []
    for entry in later:
        clashing = [
            change for change in entry["changes"] if any(_clash(change, record, family) for record, family in touched)
        ]
        said = [change for change in clashing if change["field"] != "earlier_targets"] or clashing  # a target says it
        what = [describe_field(change) for change in said]
        if what:
            found.append(f"{entry['id']} by {entry['by']} ({', '.join(dict.fromkeys(what))})")
    return found


def _clash(change: dict, record: str, family: str | None) -> bool:
    if change["record"] != record:
        return False
    other = _family(change["field"])
    return family is None or other is None or family == other


def _family(name: str | None) -> str | None:
    """The field a change counts as for conflicts: every check-in of a key result is one field."""
    if name is None:
        return None
    return "checkins" if name.startswith("checkins.") else name


def describe_field(change: dict) -> str:
    """``KR-3 target``, ``KR-3 check-in 2``, ``K-1 value of 2026-11-20``, ``O-2`` (the whole record)."""
    name = change["field"]
    if name is None:
        return change["record"]
    if name.startswith("checkins."):
        return f"{change['record']} check-in {name.removeprefix('checkins.')}"
    if name.startswith("history."):
        return f"{change['record']} value of {name.removeprefix('history.')}"
    return f"{change['record']} {name}"


def _revert(ws: Workspace, changes: list[dict], force: bool) -> None:
    """Apply the reverse of ``changes``, record by record."""
    by_record: dict[str, list[dict]] = {}
    for change in changes:
        by_record.setdefault(change["record"], []).append(change)
    for record_id, record_changes in by_record.items():
        if record_id == CONFIG_RECORD:
            config = ws.repo.config()
            config = dict(config) if isinstance(config, dict) else {}
            _reverse(record_changes, force)(config)
            ws.repo.set_config(config)
            continue
        prefix = _prefix(record_id)
        whole = [change for change in record_changes if change["field"] is None]
        if whole:
            _revert_whole(ws, prefix, record_id, whole[0], force)
            continue
        try:
            ws.repo.raw_update(prefix, record_id, _reverse(record_changes, force), author=ws.actor)
        except NotFound:
            raise BadInput(f"can't undo: {record_id} was deleted since (undo that first)") from None


def _prefix(record_id: str) -> str:
    prefix = record_id.split("-", 1)[0]
    if prefix not in NOUNS:
        raise BadInput(f"the journal names an unknown record {record_id!r}")
    return prefix


def _revert_whole(ws: Workspace, prefix: str, record_id: str, change: dict, force: bool) -> None:
    exists = _exists(ws, prefix, record_id)
    if change["before"] is None:  # it was made: take it away
        if exists:
            ws.repo.raw_delete(prefix, record_id)
        return
    if exists:  # it was deleted and is back (or edited back): only forced, the stored one is replaced
        if not force:
            raise BadInput(f"can't undo: {record_id} exists again; pass --force to put back the deleted one")
        ws.repo.raw_delete(prefix, record_id)
    ws.repo.raw_insert(prefix, dict(change["before"]))


def _exists(ws: Workspace, prefix: str, record_id: str) -> bool:
    try:
        ws.repo.raw_get(prefix, record_id)
    except NotFound:
        return False
    return True


def _reverse(changes: list[dict], force: bool) -> Callable[[dict], None]:
    """A change of a stored document that puts back the values before ``changes``."""

    def put_back(doc: dict) -> None:
        checkins = [change for change in changes if change["field"].startswith("checkins.")]
        if checkins:
            doc["checkins"] = _checkins_put_back(doc.get("checkins", []), checkins, force, doc["id"])
        for change in changes:
            name = change["field"]
            if name.startswith("history."):
                history = dict(doc.get("history", {}))
                _put(history, name.removeprefix("history."), change["before"])
                doc["history"] = dict(sorted(history.items()))
            elif not name.startswith("checkins."):
                _put(doc, name, change["before"])

    return put_back


def _put(mapping: dict, key: str, value: Any) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _checkins_put_back(current: list, changes: list[dict], force: bool, record_id: str) -> list:
    """The check-in list with the changed stretch as it was: the stretch starts at the first position named."""
    start = min(int(change["field"].removeprefix("checkins.")) for change in changes) - 1
    was = [change["before"] for change in changes if change["before"] is not None]
    now = [change["after"] for change in changes if change["after"] is not None]
    if current[start : start + len(now)] == now:
        return [*current[:start], *was, *current[start + len(now) :]]
    if not force:
        raise BadInput(f"can't undo: the check-ins of {record_id} changed since; pass --force to undo it anyway")
    remaining = list(current)
    for item in now:  # forced: take out the entries it made wherever they are now, put back the ones it took
        if item in remaining:
            remaining.remove(item)
    start = min(start, len(remaining))
    return [*remaining[:start], *was, *remaining[start:]]


def _check_references(ws: Workspace, record_ids: list[str]) -> None:
    """An undo never leaves a record naming one that is gone, nor takes away one that others name."""
    from okrtui.domain.models import Initiative, KeyResult, Kpi, Objective

    models = {"O": Objective, "KR": KeyResult, "I": Initiative, "K": Kpi}
    for record_id in record_ids:
        if record_id == CONFIG_RECORD:
            continue
        prefix = _prefix(record_id)
        if _exists(ws, prefix, record_id):
            doc = ws.repo.validated(models[prefix], ws.repo.raw_get(prefix, record_id)).model_dump()
            for name in _REFERENCES[prefix]:
                other = doc.get(name)
                if other and not _exists(ws, _prefix(other), other):
                    raise BadInput(f"can't undo: {record_id} would name {other} ({name}), which was deleted since")
        else:
            users = [
                doc["id"]
                for other_prefix, names in _REFERENCES.items()
                for doc in ws.repo.raw_all(other_prefix)
                if any(doc.get(name) == record_id for name in names)
            ]
            if users:
                raise BadInput(
                    f"can't undo: {', '.join(users[:5])} {'names' if len(users) == 1 else 'name'} {record_id}, "
                    "made since; delete or move them first"
                )
