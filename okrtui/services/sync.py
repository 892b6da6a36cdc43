"""Merging two clones' data files and journals record by record (``okrtui git merge-driver``): pure functions over the
parsed tables and the journal's entries; the git plumbing is in :mod:`okrtui.services.gitsync`.

Per table, per record, per field, three ways (the common ancestor, ours, theirs):

- an edit on one side wins over no edit; both sides editing different fields of a record merge; the same field changed
  differently on both sides is a :class:`Conflict` (ours' value is kept until ``okrtui git conflicts --take``);
- check-ins (and earlier target definitions) are kept from both sides, by content; a KPI's values by date, a date
  changed differently on both sides being a conflict (``history.DATE``);
- a record deleted on one side and changed on the other is kept (nothing is lost) and is a conflict (field None); so is
  a deleted record that the other side's records still name (it comes back);
- ids created on both sides collide: theirs' new records whose numbers ours used too are renumbered past every
  counter, every reference follows, and the renumbering is kept in the meta record (``renamed``), so a later merge
  with a clone that still has the old id knows the record;
- a KPI key taken on both sides: theirs' gets ``<key>-2``; an objective carried on twice is a conflict of its own.

Journals: ours' entries, then theirs' entries that ours lacks (by content), numbered after ours' last, their record
ids following the renumbering, then one entry (command ``git merge``) naming each renumbered id.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from okrtui.domain.models import (
    Initiative,
    KeyResult,
    Kpi,
    Objective,
    Record,
    ValidationError,
    describe_validation_error,
)
from okrtui.store import journal, migrations

TABLES = migrations.RECORD_TABLES
MODELS: dict[str, type[Record]] = {"O": Objective, "KR": KeyResult, "I": Initiative, "K": Kpi}
REFERENCES: dict[str, tuple[str, ...]] = {
    "O": ("parent", "carried_from"),
    "KR": ("objective", "kpi"),
    "I": ("objective", "kr"),
    "K": (),
}
"""The fields of each kind that name another record."""
UNIONS = {"checkins": "date", "earlier_targets": "until"}
"""List fields kept from both sides, by content, in the order of the named field."""
BOOKKEEPING = ("rev", "updated_by")
RENAMED_KEY = "renamed"
"""The meta record's list of renumberings made by merges: ``[{"from", "to", "at"}]``."""
ID_RE = re.compile(r"(O|KR|I|K)-([1-9][0-9]{0,11})", re.ASCII)
"""A record id: its kind and number."""
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""A field or record that isn't there (distinct from a stored null)."""


@dataclass
class Conflict:
    """A record and field changed differently on both sides (field None: deleted on one, changed on the other; an
    objective carried twice); ``ours`` is what the merged file holds until a side is taken."""

    record: str
    field: str | None
    base: Any
    ours: Any
    theirs: Any
    reason: str

    def as_json(self) -> dict:
        """The conflict as the ``.conflicts`` file keeps it (a missing value is null)."""
        return {
            "record": self.record,
            "field": self.field,
            "base": _plain(self.base),
            "ours": _plain(self.ours),
            "theirs": _plain(self.theirs),
            "reason": self.reason,
        }


@dataclass
class DataMerge:
    """The merged tables, their conflicts, and every id or key that changed."""

    data: dict
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """Theirs' ids renumbered by this merge: old -> new."""
    adopted_ours: dict[str, str] = field(default_factory=dict)
    """Renumberings made by an earlier merge on theirs' side that our records follow now."""
    adopted_theirs: dict[str, str] = field(default_factory=dict)
    """Renumberings made by an earlier merge on our side that theirs' records follow now (with ``renamed``)."""
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    """KPI keys taken on both sides: the KPI's id -> (old key, new key)."""

    @property
    def theirs_map(self) -> dict[str, str]:
        """Every id of theirs that names another record now."""
        return {**self.adopted_theirs, **self.renamed}


# -- records ----------------------------------------------------------------------------------------------------------


def records_of(data: dict) -> dict[str, dict[str, dict]]:
    """The records of parsed tables by kind and id: ``{"O": {"O-1": doc}, ...}``."""
    return {
        prefix: {f"{prefix}-{key}": doc for key, doc in data.get(table, {}).items() if isinstance(doc, dict)}
        for prefix, table in TABLES.items()
    }


def id_number(record_id: str) -> int:
    """``O-12`` -> 12."""
    return int(record_id.rsplit("-", 1)[1])


def _prefix(record_id: str) -> str:
    return record_id.rsplit("-", 1)[0]


def _counters(data: dict) -> dict[str, int]:
    meta = data.get(migrations.META_TABLE, {}).get("1", {})
    counters = meta.get("counters", {}) if isinstance(meta, dict) else {}
    return {prefix: counters.get(prefix, 0) if type(counters.get(prefix, 0)) is int else 0 for prefix in TABLES}


def _meta(data: dict) -> dict:
    meta = data.get(migrations.META_TABLE, {}).get("1")
    return meta if isinstance(meta, dict) else {}


def rename_records(records: dict[str, dict[str, dict]], mapping: dict[str, str]) -> dict[str, dict[str, dict]]:
    """The records with ids renamed by ``mapping`` and every reference following (copies; the input is untouched)."""
    if not mapping:
        return records
    renamed: dict[str, dict[str, dict]] = {prefix: {} for prefix in TABLES}
    for prefix, by_id in records.items():
        for record_id, doc in by_id.items():
            new_id = mapping.get(record_id, record_id)
            renamed[prefix][new_id] = rename_doc(doc, prefix, mapping)
    return renamed


def rename_doc(doc: Any, prefix: str, mapping: dict[str, str]) -> Any:
    """A record's document with its id and references renamed by ``mapping`` (a copy)."""
    if not isinstance(doc, dict) or not mapping:
        return doc
    doc = dict(doc)
    for name in ("id", *REFERENCES.get(prefix, ())):
        if isinstance(doc.get(name), str):
            doc[name] = mapping.get(doc[name], doc[name])
    return doc


def _similarity(one: dict | None, other: dict | None) -> int:
    """How many fields two documents share (-1 when one is missing): tells two records apart that share an id."""
    if one is None or other is None:
        return -1
    return sum(1 for key, value in one.items() if key not in (*BOOKKEEPING, "id") and other.get(key) == value)


# -- merging the tables -----------------------------------------------------------------------------------------------


def merge_data(base: dict, ours: dict, theirs: dict, *, at: str) -> DataMerge:
    """Merge parsed tables three ways (``at``: the UTC time of the merge, kept with each renumbering)."""
    b_records, o_records, t_records = records_of(base), records_of(ours), records_of(theirs)
    adopt_ours, adopt_theirs, adopt_base = _adopted(base, ours, theirs, b_records, o_records, t_records)
    b_records = rename_records(b_records, adopt_base)
    o_records = rename_records(o_records, adopt_ours)
    t_records = rename_records(t_records, adopt_theirs)
    renamed = _collisions(base, ours, theirs, b_records, o_records, t_records)
    t_records = rename_records(t_records, renamed)
    result = DataMerge({}, renamed=renamed, adopted_ours=adopt_ours, adopted_theirs=adopt_theirs)
    merged: dict[str, dict[str, dict]] = {}
    for prefix in TABLES:
        merged[prefix] = _merge_table(b_records[prefix], o_records[prefix], t_records[prefix], result.conflicts)
    _restore_referenced(merged, b_records, o_records, t_records, result.conflicts)
    _fix_cycles(merged, o_records, result.conflicts)
    _fix_keys(merged, o_records, result)
    _report_carried_twice(merged, o_records, t_records, result.conflicts)
    result.data = _tables(merged, _merge_meta(base, ours, theirs, merged, renamed, at), ours)
    return result


def _adopted(
    base: dict, ours: dict, theirs: dict, b_records: dict, o_records: dict, t_records: dict
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Renumberings an earlier merge made on one side only: (ours follows theirs', theirs follows ours', the base
    follows both). One applies where the base's record under the old id is the renumbered one."""
    known = {_rename_key(entry) for entry in _renames(base)}
    ours_only = [entry for entry in _renames(ours) if _rename_key(entry) not in known]
    theirs_only = [entry for entry in _renames(theirs) if _rename_key(entry) not in known]
    both = {_rename_key(entry) for entry in ours_only} & {_rename_key(entry) for entry in theirs_only}
    adopt_ours: dict[str, str] = {}
    adopt_theirs: dict[str, str] = {}
    adopt_base: dict[str, str] = {}
    for entries, side, target in ((theirs_only, t_records, adopt_ours), (ours_only, o_records, adopt_theirs)):
        for entry in sorted(entries, key=lambda entry: (str(entry.get("at")), entry["from"])):
            old, new = entry["from"], entry["to"]
            prefix = _prefix(old)
            origin = _origin(old, adopt_base, b_records[prefix])  # a record renumbered twice is followed on
            if origin is None:
                continue
            was = b_records[prefix][origin]
            if _similarity(was, side[prefix].get(new)) >= _similarity(was, side[prefix].get(old)):
                adopt_base[origin] = new
                if _rename_key(entry) not in both:
                    target[origin] = new
    return adopt_ours, adopt_theirs, adopt_base


def _origin(record_id: str, adopted: dict[str, str], base: dict[str, dict]) -> str | None:
    """The base's id of the record now known as ``record_id`` (None when the base has none)."""
    for origin, now in adopted.items():
        if now == record_id:
            return origin
    return record_id if record_id in base and record_id not in adopted else None


def _renames(data: dict) -> list[dict]:
    entries = _meta(data).get(RENAMED_KEY)
    if not isinstance(entries, list):
        return []
    return [
        entry
        for entry in entries
        if isinstance(entry, dict)
        and isinstance(entry.get("from"), str)
        and isinstance(entry.get("to"), str)
        and ID_RE.fullmatch(entry["from"])
        and ID_RE.fullmatch(entry["to"])
        and _prefix(entry["from"]) == _prefix(entry["to"])
    ]


def _rename_key(entry: dict) -> tuple:
    return entry["from"], entry["to"], entry.get("at")


def _collisions(
    base: dict, ours: dict, theirs: dict, b_records: dict, o_records: dict, t_records: dict
) -> dict[str, str]:
    """Theirs' new ids that ours used too (still there or since deleted), renumbered past every counter and id."""
    b_counters, o_counters, t_counters = _counters(base), _counters(ours), _counters(theirs)
    renamed: dict[str, str] = {}
    for prefix in TABLES:
        new_ids = [record_id for record_id in t_records[prefix] if record_id not in b_records[prefix]]
        clashing = sorted(
            (
                record_id
                for record_id in new_ids
                if record_id in o_records[prefix] or b_counters[prefix] < id_number(record_id) <= o_counters[prefix]
            ),
            key=id_number,
        )
        highest = max(
            [o_counters[prefix], t_counters[prefix]]
            + [id_number(record_id) for side in (o_records, t_records) for record_id in side[prefix]]
        )
        for number, record_id in enumerate(clashing, start=highest + 1):
            renamed[record_id] = f"{prefix}-{number}"
    return renamed


def _merge_table(base: dict, ours: dict, theirs: dict, conflicts: list[Conflict]) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for record_id in sorted(base.keys() | ours.keys() | theirs.keys(), key=id_number):
        doc = merge_record(record_id, base.get(record_id), ours.get(record_id), theirs.get(record_id), conflicts)
        if doc is not None:
            merged[record_id] = doc
    return merged


def merge_record(
    record_id: str, base: dict | None, ours: dict | None, theirs: dict | None, conflicts: list[Conflict]
) -> dict | None:
    """One record three ways (None: absent on that side); None when it is deleted in the merge."""
    if ours is None or theirs is None:
        return _one_side_gone(record_id, base, ours, theirs, conflicts)
    if ours == theirs:
        return ours
    was = base or {}
    doc: dict = {}
    for name in sorted(ours.keys() | theirs.keys() | was.keys()):
        if name in BOOKKEEPING:
            continue
        value = merge_field(
            record_id, name, was.get(name, MISSING), ours.get(name, MISSING), theirs.get(name, MISSING), conflicts
        )
        if value is not MISSING:
            doc[name] = value
    if _content(ours) != doc != _content(theirs):
        doc = _valid_mix(record_id, doc, was, ours, theirs, conflicts)
    return _bookkept(doc, ours, theirs)


def _valid_mix(record_id: str, doc: dict, was: dict, ours: dict, theirs: dict, conflicts: list[Conflict]) -> dict:
    """Edits of different fields that each side made valid can together make a record its model refuses (a start
    moved to where the other side moved the target): theirs' edits of such a record go back to ours' values, each a
    conflict, so the merged file stays usable."""
    problem = record_problem(record_id, doc)
    if problem is None:
        return doc
    reverted = dict(doc)
    for name in sorted(doc.keys() | ours.keys()):
        if name in UNIONS or name == "history":
            continue
        value, mine = doc.get(name, MISSING), ours.get(name, MISSING)
        if _same(value, mine) or not _same(value, theirs.get(name, MISSING)):
            continue
        conflicts.append(
            Conflict(
                record_id,
                name,
                was.get(name, MISSING),
                mine,
                value,
                f"with ours' changes, theirs make {record_id} invalid ({problem}): ours kept",
            )
        )
        if mine is MISSING:
            reverted.pop(name, None)
        else:
            reverted[name] = mine
    return reverted if record_problem(record_id, reverted) is None else _content(ours)


def record_problem(record_id: str, doc: dict) -> str | None:
    """Why the model of its kind refuses a record's document (None when it takes it)."""
    try:
        MODELS[_prefix(record_id)].model_validate(doc)
    except ValidationError as error:
        return describe_validation_error(error)
    return None


def _one_side_gone(
    record_id: str, base: dict | None, ours: dict | None, theirs: dict | None, conflicts: list[Conflict]
) -> dict | None:
    kept = ours if ours is not None else theirs
    if kept is None or base is None:
        return kept  # deleted on both sides, or new on one
    if _content(kept) == _content(base):
        return None  # deleted on one side, untouched on the other
    gone, changed = ("ours", "theirs") if ours is None else ("theirs", "ours")
    conflicts.append(
        Conflict(
            record_id,
            None,
            base,
            ours if ours is not None else MISSING,
            theirs if theirs is not None else MISSING,
            f"deleted on {gone}, changed on {changed}: kept",
        )
    )
    return kept


def _content(doc: dict) -> dict:
    return {key: value for key, value in doc.items() if key not in BOOKKEEPING}


def _bookkept(doc: dict, ours: dict, theirs: dict) -> dict:
    """The merged record's rev and author: a side's own when the merge is that side, else past both revs."""
    for side in (ours, theirs):
        if _content(side) == doc:
            return {**doc, **{key: side[key] for key in BOOKKEEPING if key in side}}
    rev = max(_rev(ours), _rev(theirs)) + 1
    return {**doc, "rev": rev, "updated_by": ours.get("updated_by", theirs.get("updated_by", ""))}


def _rev(doc: dict) -> int:
    rev = doc.get("rev", 1)
    return rev if type(rev) is int else 1


def merge_field(record_id: str, name: str, base: Any, ours: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    """One field three ways (MISSING: not there): the changed side's value, a union for check-ins, by date for a KPI's
    values; a conflict (ours' value kept) when both changed it differently."""
    if _same(ours, theirs):
        return ours
    if _same(ours, base):
        return theirs
    if _same(theirs, base):
        return ours
    if name == "history" and all(isinstance(value, dict) or value is MISSING for value in (base, ours, theirs)):
        return _merge_history(record_id, base, ours, theirs, conflicts)
    if name in UNIONS and all(isinstance(value, list) or value in (MISSING, None) for value in (base, ours, theirs)):
        return union_list(base, ours, theirs, UNIONS[name])
    conflicts.append(Conflict(record_id, name, base, ours, theirs, "changed on both sides"))
    return ours


def _same(one: Any, other: Any) -> bool:
    return (one is MISSING) == (other is MISSING) and (one is MISSING or _canonical(one) == _canonical(other))


def _canonical(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _merge_history(record_id: str, base: Any, ours: Any, theirs: Any, conflicts: list[Conflict]) -> dict:
    was, mine, yours = (value if isinstance(value, dict) else {} for value in (base, ours, theirs))
    merged: dict = {}
    for day in sorted(was.keys() | mine.keys() | yours.keys()):
        b, o, t = (side.get(day, MISSING) for side in (was, mine, yours))
        if _same(o, t) or _same(t, b):
            value = o
        elif _same(o, b):
            value = t
        else:
            conflicts.append(Conflict(record_id, f"history.{day}", b, o, t, "changed on both sides"))
            value = o
        if value is not MISSING:
            merged[day] = value
    return merged


def union_list(base: Any, ours: Any, theirs: Any, order: str) -> list:
    """A list kept from both sides by content: ours', less what theirs removed, plus what theirs added (an item both
    added is kept once), in ``order`` (then by content)."""
    was, mine, yours = (value if isinstance(value, list) else [] for value in (base, ours, theirs))
    removed = Counter(map(_canonical, was)) - Counter(map(_canonical, yours))
    added = (Counter(map(_canonical, yours)) - Counter(map(_canonical, was))) - (
        Counter(map(_canonical, mine)) - Counter(map(_canonical, was))
    )
    merged = []
    for item in mine:
        key = _canonical(item)
        if removed[key] > 0:
            removed[key] -= 1
            continue
        merged.append(item)
    for item in yours:
        key = _canonical(item)
        if added[key] > 0:
            added[key] -= 1
            merged.append(item)
    return sorted(
        merged, key=lambda item: (str(item.get(order, "")) if isinstance(item, dict) else "", _canonical(item))
    )


# -- what the merged records must hold --------------------------------------------------------------------------------


def _restore_referenced(
    merged: dict, b_records: dict, o_records: dict, t_records: dict, conflicts: list[Conflict]
) -> None:
    """A record deleted on one side that a kept record still names comes back (from the side that kept it)."""
    changed = True
    while changed:
        changed = False
        for prefix, by_id in list(merged.items()):
            for record_id, doc in list(by_id.items()):
                for name in REFERENCES[prefix]:
                    target = doc.get(name)
                    kind = _prefix(target) if isinstance(target, str) and ID_RE.fullmatch(target) else None
                    if kind is None or target in merged[kind]:
                        continue
                    ours, theirs = o_records[kind].get(target), t_records[kind].get(target)
                    back = ours if ours is not None else theirs
                    if back is None:
                        continue  # named before the merge without being there: not the merge's doing
                    merged[kind][target] = back
                    gone = "theirs" if ours is not None else "ours"
                    conflicts.append(
                        Conflict(
                            target,
                            None,
                            b_records[kind].get(target, MISSING),
                            ours if ours is not None else MISSING,
                            theirs if theirs is not None else MISSING,
                            f"deleted on {gone}, but {record_id} ({name}) names it: kept",
                        )
                    )
                    changed = True


def _fix_cycles(merged: dict, o_records: dict, conflicts: list[Conflict]) -> None:
    """Parents changed on both sides can make an alignment cycle: theirs' change is undone and is a conflict."""
    objectives = merged["O"]
    for objective_id in sorted(objectives, key=id_number):
        seen, cursor = {objective_id}, objectives[objective_id].get("parent")
        while cursor in objectives and cursor not in seen:
            seen.add(cursor)
            cursor = objectives[cursor].get("parent")
        if cursor != objective_id:
            continue
        mine = o_records["O"].get(objective_id, {})
        theirs_parent = objectives[objective_id].get("parent")
        if mine.get("parent") == theirs_parent:
            continue
        objectives[objective_id] = {key: value for key, value in objectives[objective_id].items() if key != "parent"}
        if mine.get("parent") is not None:
            objectives[objective_id]["parent"] = mine["parent"]
        conflicts.append(
            Conflict(
                objective_id,
                "parent",
                MISSING,
                mine.get("parent", MISSING),
                theirs_parent,
                "theirs' parent would make an alignment cycle: ours kept",
            )
        )


def _fix_keys(merged: dict, o_records: dict, result: DataMerge) -> None:
    """A KPI key taken on both sides: the KPI ours didn't have under it gets ``<key>-2`` (-3 …)."""
    taken: dict[str, str] = {}
    for kpi_id in sorted(merged["K"], key=lambda kpi_id: (kpi_id not in o_records["K"], id_number(kpi_id))):
        doc = merged["K"][kpi_id]
        key = doc.get("key")
        if not isinstance(key, str):
            continue
        if key in taken and o_records["K"].get(kpi_id, {}).get("key") != key:
            number = 2
            while f"{key}-{number}" in taken or any(
                other.get("key") == f"{key}-{number}" for other in merged["K"].values()
            ):
                number += 1
            doc = merged["K"][kpi_id] = {**doc, "key": f"{key}-{number}"}
            result.keys[kpi_id] = (key, doc["key"])
        taken[doc["key"]] = kpi_id


def _report_carried_twice(merged: dict, o_records: dict, t_records: dict, conflicts: list[Conflict]) -> None:
    """Both sides carried one objective on: both copies are kept and that is a conflict (take one)."""
    carried: dict[str, list[str]] = {}
    for objective_id, doc in merged["O"].items():
        if isinstance(doc.get("carried_from"), str):
            carried.setdefault(doc["carried_from"], []).append(objective_id)
    for original, copies in sorted(carried.items()):
        mine = [copy_id for copy_id in copies if copy_id in o_records["O"]]
        yours = [copy_id for copy_id in copies if copy_id not in o_records["O"] and copy_id in t_records["O"]]
        if mine and yours:
            conflicts.append(
                Conflict(
                    yours[0],
                    "carried_from",
                    MISSING,
                    mine[0],
                    yours[0],
                    f"{original} was carried on by both sides (ours {mine[0]}, theirs {yours[0]})",
                )
            )


# -- the meta record --------------------------------------------------------------------------------------------------


def _merge_meta(base: dict, ours: dict, theirs: dict, merged: dict, renamed: dict[str, str], at: str) -> dict:
    was, mine, yours = _meta(base), _meta(ours), _meta(theirs)
    meta: dict = {}
    for name in sorted(mine.keys() | yours.keys()):
        if name in ("counters", RENAMED_KEY, journal.META_KEY):
            continue
        if name == "config" and all(isinstance(side.get(name, {}), dict) for side in (was, mine, yours)):
            meta[name] = _merge_config(was.get(name, {}), mine.get(name, {}), yours.get(name, {}))
            continue
        value = merge_field("meta", name, was.get(name, MISSING), mine.get(name, MISSING), yours.get(name, MISSING), [])
        if value is not MISSING:
            meta[name] = value
    meta["schema_version"] = migrations.SCHEMA_VERSION
    counters = {prefix: max(_counters(ours)[prefix], _counters(theirs)[prefix]) for prefix in TABLES}
    for prefix, by_id in merged.items():
        counters[prefix] = max([counters[prefix]] + [id_number(record_id) for record_id in by_id])
    meta["counters"] = counters
    renames = {_rename_key(entry): entry for side in (base, ours, theirs) for entry in _renames(side)}
    for old, new in renamed.items():
        renames[(old, new, at)] = {"at": at, "from": old, "to": new}
    if renames:
        meta[RENAMED_KEY] = sorted(renames.values(), key=lambda entry: (str(entry.get("at")), entry["from"]))
    return meta


def _merge_config(base: dict, ours: dict, theirs: dict) -> dict:
    """Settings three ways; one changed differently on both sides keeps ours'."""
    merged = {}
    for key in sorted(base.keys() | ours.keys() | theirs.keys()):
        value = merge_field(
            "meta", f"config.{key}", base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING), []
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _tables(merged: dict, meta: dict, ours: dict) -> dict:
    data: dict = {name: value for name, value in ours.items() if name not in (*TABLES.values(), migrations.META_TABLE)}
    for prefix, table in TABLES.items():
        data[table] = {str(id_number(record_id)): doc for record_id, doc in merged[prefix].items()}
    data[migrations.META_TABLE] = {"1": meta}
    return data


def set_commit_point(data: dict, last: int, size: int | None) -> None:
    """Give the merged tables the journal's commit point (left out when the journal's size is unknown: the next write
    then continues after the journal's own last entry)."""
    meta = data[migrations.META_TABLE]["1"]
    if size is None:
        meta.pop(journal.META_KEY, None)
    else:
        meta[journal.META_KEY] = {"last": last, "size": size}


# -- journals ---------------------------------------------------------------------------------------------------------


@dataclass
class JournalMerge:
    """The merged journal's bytes, its last entry's number and its size without the merge's own entry."""

    content: bytes
    last: int
    size: int


def parse_journal(raw: bytes, last: int | None) -> list[tuple[bytes, dict | None]]:
    """A journal's lines with their entries (None: a damaged line, kept as it is); entries numbered past ``last``
    (never committed) are left out."""
    lines: list[tuple[bytes, dict | None]] = []
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            entry = None
        number = journal.change_number(entry.get("id")) if isinstance(entry, dict) else None
        if number is None:
            lines.append((line, None))
        elif last is None or number <= last:
            lines.append((line, entry))
    return lines


def entry_key(entry: dict) -> bytes:
    """What makes an entry the same change on both sides, whatever its number and record ids became."""
    plain = {key: value for key, value in entry.items() if key not in ("id", "records", "undoes")}
    return _canonical(_blank_ids(plain))


def _blank_ids(value: Any) -> Any:
    if isinstance(value, str):
        match = ID_RE.fullmatch(value)
        return f"{match.group(1)}-#" if match else value
    if isinstance(value, dict):
        return {key: _blank_ids(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank_ids(item) for item in value]
    return value


def merge_journals(
    ours: bytes,
    theirs: bytes,
    *,
    ours_last: int | None,
    theirs_last: int | None,
    ours_map: dict[str, str],
    theirs_map: dict[str, str],
    merge_entry: dict | None,
) -> JournalMerge:
    """Ours' lines (record ids following ``ours_map``), then theirs' entries ours lacks (by content: numbered after
    ours' last, ids following ``theirs_map``), then ``merge_entry`` when given."""
    mine = parse_journal(ours, ours_last)
    yours = parse_journal(theirs, theirs_last)
    known: dict[bytes, str] = {}
    out: list[bytes] = []
    last = 0
    for line, entry in mine:
        if entry is not None:
            known[entry_key(entry)] = entry["id"]
            last = max(last, journal.change_number(entry["id"]) or 0)
            if ours_map:
                entry = rename_entry(entry, ours_map, {})
                line = _line(entry)
        out.append(line)
    numbers: dict[str, str] = {}
    added = []
    for _, entry in yours:
        if entry is None:
            continue
        key = entry_key(entry)
        if key in known:
            numbers[entry["id"]] = known[key]
            continue
        last += 1
        numbers[entry["id"]] = f"C-{last}"
        added.append(entry)
    out += [_line(rename_entry(entry, theirs_map, numbers)) for entry in added]
    size = sum(len(line) + 1 for line in out)
    if merge_entry is not None:
        last += 1
        out.append(_line({**merge_entry, "id": f"C-{last}"}))
    return JournalMerge(b"".join(line + b"\n" for line in out), last, size)


def _line(entry: dict) -> bytes:
    return orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)


def rename_entry(entry: dict, mapping: dict[str, str], numbers: dict[str, str]) -> dict:
    """An entry with its record ids renamed by ``mapping`` (in what it changed, too) and its change ids by
    ``numbers``."""
    entry = copy.deepcopy(entry)
    if entry.get("id") in numbers:
        entry["id"] = numbers[entry["id"]]
    if isinstance(entry.get("undoes"), str):
        entry["undoes"] = numbers.get(entry["undoes"], entry["undoes"])
    if not mapping:
        return entry
    if isinstance(entry.get("records"), list):
        entry["records"] = [
            mapping.get(record, record) if isinstance(record, str) else record for record in entry["records"]
        ]
    for change in entry.get("changes", []):
        if not isinstance(change, dict) or not isinstance(change.get("record"), str):
            continue
        prefix = _prefix(change["record"])
        change["record"] = mapping.get(change["record"], change["record"])
        name = change.get("field")
        for side in ("before", "after"):
            value = change.get(side)
            if name is None:
                change[side] = rename_doc(value, prefix, mapping)
            elif name in REFERENCES.get(prefix, ()) and isinstance(value, str):
                change[side] = mapping.get(value, value)
    return entry


def merge_entry(merge: DataMerge, *, at: str, by: str, day: str) -> dict | None:
    """The journal entry of a merge that renumbered ids or renamed KPI keys (None when it did neither): who merged,
    each ``old: new`` id and KPI key; it changes no field, so an undo of it changes nothing."""
    if not merge.renamed and not merge.keys:
        return None
    entry: dict[str, Any] = {"at": at, "by": by, "changes": [], "command": "git merge", "day": day}
    entry["records"] = list(dict.fromkeys([*merge.renamed.values(), *merge.keys]))
    if merge.renamed:
        entry["renamed"] = dict(merge.renamed)
    if merge.keys:
        entry["keys"] = {kpi_id: {"from": old, "to": new} for kpi_id, (old, new) in merge.keys.items()}
    return entry


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def describe(values: Iterable[tuple[str, str]]) -> str:
    """``O-6 -> O-7, KR-11 -> KR-12``."""
    return ", ".join(f"{old} -> {new}" for old, new in values)
