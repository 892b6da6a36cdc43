"""Check-ins: a new entry in a key result's history, never an overwrite.

This is a path cron takes, so it works on the stored document and imports no pydantic: every field of the entry is
checked here by the same parsers the models use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from okrtui.domain.periods import parse_date
from okrtui.domain.vocab import MAX_TEXT, MILESTONE_VALUES, parse_confidence
from okrtui.errors import BadInput
from okrtui.services import measurements
from okrtui.services.guards import ensure_kr_open, ensure_open
from okrtui.services.workspace import Workspace, clean_text, number_out, parse_number


def parse_checkin_value(kr: dict, value: Any) -> float:
    """A number, or for a milestone ``done`` / ``not-done``."""
    if kr["kind"] == "milestone":
        word = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        if word not in MILESTONE_VALUES:
            raise BadInput(f"{kr['id']} is a milestone: check in done or not-done, not {value!r}")
        return MILESTONE_VALUES[word]
    return parse_number(value, "value")


def new_checkin(ws: Workspace, kr: dict, value: Any, confidence: Any, note: str | None, day: str | None) -> dict:
    """A validated check-in entry for the stored key result ``kr``, by whoever acts."""
    entry_date = parse_date(day) if day else ws.today
    if entry_date > ws.today:
        raise BadInput(f"check-in date {entry_date} is after today ({ws.today})")
    try:
        confidence_value = parse_confidence(confidence)
    except ValueError as error:
        raise BadInput(str(error)) from None
    return {
        "date": entry_date.isoformat(),
        "value": number_out(parse_checkin_value(kr, value)),
        "confidence": confidence_value,
        "note": clean_text(note, "note", max_length=MAX_TEXT),
        "author": ws.actor,
    }


def checkin(
    ws: Workspace,
    kr_id: str,
    value: Any,
    *,
    confidence: str | int | None = None,
    note: str | None = None,
    day: str | None = None,
    expected_rev: int | None = None,
) -> tuple[dict, dict]:
    """Add a check-in (dated today unless ``day``); returns the stored key result and the new entry.

    The entry goes after the last one dated on or before it, so a back-dated check-in is stored in date order and a
    check-in's position (its handle, see services.corrections) is the order people see.
    """
    with ws.repo.transaction():
        kr = ws.repo.raw_get("KR", kr_id)
        ensure_open(ws, kr["objective"], of=kr["id"])
        ensure_kr_open(kr)
        if kr.get("kpi"):  # its values are the KPI's: a value typed here is recorded there
            value = kpi_value(ws, kr["kpi"], value, note, parse_date(day) if day else ws.today)
        entry = new_checkin(ws, kr, value, confidence, note, day)
        entry = {key: val for key, val in entry.items() if val is not None}

        def add(doc: dict) -> None:
            doc["checkins"] = in_date_order(doc.get("checkins", []), entry)

        saved = ws.repo.raw_update("KR", kr["id"], add, author=ws.actor, expected_rev=expected_rev)
        return saved, entry


def kpi_value(ws: Workspace, kpi_id: str, value: Any, note: str | None, day: date) -> float:
    """The value of a check-in on a key result that follows the KPI ``kpi_id``, on ``day``: a value given is recorded
    as the KPI's value for that day (replacing one recorded that day); without one, a note alone checks in at the
    KPI's latest value on or before that day, and the KPI is left alone. Call it inside the check-in's transaction."""
    kpi = ws.repo.raw_get("K", kpi_id)
    key = kpi.get("key", kpi_id)
    if value is not None and str(value).strip():
        number = number_out(parse_number(value, "value"))
        if day > ws.today:
            raise BadInput(f"check-in date {day} is after today ({ws.today})")
        measurements.store_value(ws, kpi["id"], day.isoformat(), number)
        return number
    if not (note or "").strip():
        raise BadInput(f"give a value (recorded as {key}'s), or a note for a check-in without one", field="value")
    latest = measurements.latest_value(ws, kpi, day.isoformat())
    if latest is None:
        raise BadInput(f"{key} has no value yet on {day}: give one (it is recorded as {key}'s value)", field="value")
    return latest


def in_date_order(entries: list[dict], entry: dict) -> list[dict]:
    """A new list of ``entries`` with ``entry`` after the last one dated on or before it (first when none is).

    Searched from the end: a check-in dated today, the usual case, costs one comparison. Stored entries of the wrong
    shape (hand-edited) raise TypeError or AttributeError, which ``raw_update`` reports as a damaged record.
    """
    if not isinstance(entries, list):
        raise TypeError("the check-ins are not a list")
    position = len(entries)
    while position and entries[position - 1].get("date") > entry["date"]:
        position -= 1
    return [*entries[:position], entry, *entries[position:]]
