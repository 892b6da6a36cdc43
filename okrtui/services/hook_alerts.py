"""What a change turned into an alarm, for the ``on-alert`` hooks: a key result now off-track, a KPI now red or stale,
that wasn't so before the change.

The state before is the file as read after the change with the change's own records put back as its journal entry
says they were (a new record taken away, a deleted one back, each changed field its value before), scored on the same
day with the same thresholds. A key result counts when it changed, its objective changed, or the KPI it follows did.
"""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import Initiative, KeyResult, Kpi, Objective, Record, ValidationError
from okrtui.domain.scoring import is_alarm, kpi_health
from okrtui.services.views import Dataset

_MODELS: dict[str, type[Record]] = {"O": Objective, "KR": KeyResult, "I": Initiative, "K": Kpi}


def turned(entry: dict, after: Dataset, stored: dict[str, dict | None], today: date) -> list[dict]:
    """``{record, was, now}`` for each KPI (first) and key result the change ``entry`` turned into an alarm (one made
    by the change is not turned: it wasn't there); ``after`` is the file read after it, ``stored`` the stored
    documents of its records then (None: gone)."""
    before, unknown = before_dataset(entry, after, stored)
    kr_ids, kpi_ids = _candidates(entry, before, after)
    found = []
    for kpi_id in sorted(kpi_ids - unknown, key=_number):
        found.append((kpi_id, _health(before, kpi_id, today), _health(after, kpi_id, today)))
    for kr_id in sorted(kr_ids - unknown, key=_number):
        found.append((kr_id, _status(before, kr_id, today), _status(after, kr_id, today)))
    return [
        {"record": record, "was": was, "now": now}
        for record, was, now in found
        if was is not None and now is not None and is_alarm(now) and now != was
    ]


def before_dataset(entry: dict, after: Dataset, stored: dict[str, dict | None]) -> tuple[Dataset, set[str]]:
    """The records as they were before the change, and the ids whose earlier state can't be told (a stored or
    journaled document that is no valid record)."""
    grouped: dict[str, list[dict]] = {}
    for change in entry.get("changes") or []:
        grouped.setdefault(change["record"], []).append(change)
    replaced: dict[str, Record | None] = {}
    unknown: set[str] = set()
    for record_id, changes in grouped.items():
        whole = [change for change in changes if change["field"] is None]
        if whole:
            doc = whole[0]["before"]
        else:
            current = stored.get(record_id)
            if current is None:
                continue  # deleted since by another writer: as it is now
            doc = put_back(dict(current), changes)  # put_back replaces what it changes, never changes it in place
        try:
            replaced[record_id] = None if doc is None else _MODELS[_prefix(record_id)].model_validate(doc)
        except (ValidationError, KeyError, TypeError, ValueError, AttributeError):
            unknown.add(record_id)
    return (
        Dataset(
            _kind(after.objectives, "O", replaced),  # type: ignore[arg-type]
            _kind(after.krs, "KR", replaced),  # type: ignore[arg-type]
            _kind(after.initiatives, "I", replaced),  # type: ignore[arg-type]
            _kind(after.kpis, "K", replaced),  # type: ignore[arg-type]
            thresholds=after.thresholds,
        ),
        unknown,
    )


def put_back(doc: dict, changes: list[dict]) -> dict:
    """A stored document with its fields as they were before ``changes`` (a journal entry's, all of this record and
    none of the whole record): each field its value before, a KPI's values and a key result's check-ins in one go
    (an import changes a hundred thousand values)."""
    history: list[dict] = []
    checkins: list[dict] = []
    for change in changes:
        name = change["field"]
        if name.startswith("history."):
            history.append(change)
        elif name.startswith("checkins."):
            checkins.append(change)
        else:
            _put(doc, name, change["before"])
    if history:
        values = dict(doc.get("history") or {})
        for change in history:
            _put(values, change["field"].removeprefix("history."), change["before"])
        doc["history"] = dict(sorted(values.items()))
    if checkins:  # the changed stretch of the list: put the entries before in place of those after
        start = min(int(change["field"].removeprefix("checkins.")) for change in checkins) - 1
        was = [change["before"] for change in checkins if change["before"] is not None]
        now = [change["after"] for change in checkins if change["after"] is not None]
        current = list(doc.get("checkins") or [])
        doc["checkins"] = [*current[:start], *was, *current[start + len(now) :]]
    return doc


def _put(mapping: dict, key: str, value: object) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _kind(records: list, prefix: str, replaced: dict[str, Record | None]) -> list:
    kept = [record for record in records if record.id not in replaced]
    back = [record for record_id, record in replaced.items() if record is not None and _prefix(record_id) == prefix]
    return sorted(kept + back, key=lambda record: _number(record.id))


def _candidates(entry: dict, before: Dataset, after: Dataset) -> tuple[set[str], set[str]]:
    """The key results and KPIs whose standing the change may have moved."""
    kr_ids: set[str] = set()
    kpi_ids: set[str] = set()
    for record_id in entry.get("records") or []:
        prefix = _prefix(record_id)
        if prefix == "KR":
            kr_ids.add(record_id)
        elif prefix == "K":
            kpi_ids.add(record_id)
            for data in (before, after):
                kr_ids.update(data.krs_driven_by.get(record_id, []))
        elif prefix == "O":
            for data in (before, after):
                kr_ids.update(kr.id for kr in data.krs_of.get(record_id, []))
    return kr_ids, kpi_ids


def _status(data: Dataset, kr_id: str, today: date) -> str | None:
    kr = data.kr_by_id.get(kr_id)
    return data.scorer(today).kr(kr).status if kr is not None else None


def _health(data: Dataset, kpi_id: str, today: date) -> str | None:
    kpi = data.kpi_by_id.get(kpi_id)
    return kpi_health(kpi, today, data.thresholds) if kpi is not None else None


def _prefix(record_id: str) -> str:
    return str(record_id).split("-", 1)[0]


def _number(record_id: str) -> int:
    tail = str(record_id).rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
