"""Corrections: edit or delete a key result's check-in, delete a KPI's measurement.

A check-in is named by its handle, its 1-based position in the key result's stored list (kept in date order, see
``checkins.in_date_order``). Each correction is one ordinary locked change of the stored document, validated by the
same parsers a new check-in or measurement goes through; like those paths it imports no pydantic.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.periods import parse_date
from okrtui.domain.vocab import MAX_TEXT, parse_confidence
from okrtui.errors import BadInput, DataFileError
from okrtui.services.checkins import in_date_order, parse_checkin_value
from okrtui.services.guards import ensure_kr_open, ensure_open
from okrtui.services.measurements import find_kpi_doc
from okrtui.services.workspace import Workspace, clean_text, number_out, shorten


def list_checkins(ws: Workspace, kr_id: str) -> list[tuple[int, dict]]:
    """The key result's stored check-ins as ``(handle, entry)``, handle 1 first (its stored, date, order)."""
    kr = ws.repo.raw_get("KR", kr_id)
    return list(enumerate(stored_checkins(ws, kr), start=1))


def edit_checkin(
    ws: Workspace,
    kr_id: str,
    handle: int | str,
    *,
    value: Any = None,
    confidence: str | int | None = None,
    note: str | None = None,
    day: str | None = None,
    expected_rev: int | None = None,
) -> tuple[dict, int, dict]:
    """Change the given fields of check-in ``handle``, each checked as for a new check-in; None leaves a field as it
    is, an empty confidence clears it. The entry keeps its author (who edits becomes the record's ``updated_by``);
    a new date moves it to its place in date order. With ``expected_rev`` (the key result's rev when the list was
    read) a list changed meanwhile, where ``handle`` may name another entry now, is a Conflict.

    Returns the stored key result, the entry's handle after the edit and the entry.
    """
    if value is None and confidence is None and note is None and day is None:
        raise BadInput("nothing to change: give a value, a confidence, a note or a date")
    with ws.repo.transaction():
        kr = _open_kr(ws, kr_id)
        index = _index(ws, kr, handle)
        entries = stored_checkins(ws, kr)
        entry = _edited(ws, kr, dict(entries[index]), value, confidence, note, day)
        others = [*entries[:index], *entries[index + 1 :]]
        moved = entry.get("date") != entries[index].get("date")
        edited: list[dict] = []

        def replace(doc: dict) -> None:  # inside raw_update: a damaged entry met in ordering is a damaged record
            edited.extend(in_date_order(others, entry) if moved else [*others[:index], entry, *others[index:]])
            doc["checkins"] = edited

        saved = ws.repo.raw_update("KR", kr["id"], replace, author=ws.actor, expected_rev=expected_rev)
        return saved, next(number for number, stored in enumerate(edited, start=1) if stored is entry), entry


def delete_checkin(
    ws: Workspace, kr_id: str, handle: int | str, *, expected_rev: int | None = None
) -> tuple[dict, dict]:
    """Remove check-in ``handle``; returns the stored key result and the removed entry. ``expected_rev`` as for
    :func:`edit_checkin`."""
    with ws.repo.transaction():
        kr = _open_kr(ws, kr_id)
        index = _index(ws, kr, handle)
        removed = stored_checkins(ws, kr)[index]

        def remove(doc: dict) -> None:
            doc["checkins"] = [*doc["checkins"][:index], *doc["checkins"][index + 1 :]]

        return ws.repo.raw_update("KR", kr["id"], remove, author=ws.actor, expected_rev=expected_rev), removed


def list_values(ws: Workspace, kpi_name: str) -> list[tuple[str, float]]:
    """The KPI's stored measurements as ``(ISO date, value)``, oldest first."""
    return sorted(_history(ws, find_kpi_doc(ws, kpi_name)).items())


def delete_value(ws: Workspace, kpi_name: str, day: str) -> tuple[dict, str, float]:
    """Remove the KPI's measurement of ``day``; returns the stored KPI, the ISO date and the value it had."""
    with ws.repo.transaction():
        kpi = find_kpi_doc(ws, kpi_name)
        iso = parse_date(day).isoformat()
        history = _history(ws, kpi)
        if iso not in history:
            raise BadInput(f"{kpi.get('key', kpi['id'])} has no value on {iso}")
        old = history[iso]

        def remove(doc: dict) -> None:
            doc["history"] = {other: number for other, number in doc["history"].items() if other != iso}

        return ws.repo.raw_update("K", kpi["id"], remove, author=ws.actor), iso, old


def stored_checkins(ws: Workspace, kr: dict) -> list[dict]:
    """The stored key result's check-ins; a list that isn't one of entries is a damaged record (exit 1)."""
    entries = kr.get("checkins", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise DataFileError(
            f"{ws.repo.path}: the record {kr['id']} is damaged (its check-ins are not a list of entries); "
            "fix it by hand or run okrtui doctor"
        )
    return entries


def _history(ws: Workspace, kpi: dict) -> dict:
    history = kpi.get("history", {})
    if not isinstance(history, dict):
        raise DataFileError(
            f"{ws.repo.path}: the record {kpi['id']} is damaged (its history is not a table of dates); "
            "fix it by hand or run okrtui doctor"
        )
    return history


def _open_kr(ws: Workspace, kr_id: str) -> dict:
    """The stored key result, refused when its objective is closed."""
    kr = ws.repo.raw_get("KR", kr_id)
    ensure_open(ws, kr["objective"], of=kr["id"])
    ensure_kr_open(kr)
    return kr


def _index(ws: Workspace, kr: dict, handle: int | str) -> int:
    """The 0-based index of check-in ``handle`` (1-based, a whole number); bad input naming the key result else."""
    count = len(stored_checkins(ws, kr))
    text = str(handle).strip()
    number = int(text) if text.isascii() and text.isdigit() else 0
    if 1 <= number <= count:
        return number - 1
    if not count:
        raise BadInput(f"{kr['id']} has no check-ins", field="handle")
    listing = f"(okrtui kr checkins {kr['id']} lists them)"
    if count == 1:
        raise BadInput(f"{kr['id']} has no check-in {shorten(text)!r}: it has 1 check-in, number 1 {listing}")
    raise BadInput(f"{kr['id']} has no check-in {shorten(text)!r}: it has {count} check-ins, 1 to {count} {listing}")


def _edited(
    ws: Workspace, kr: dict, entry: dict, value: Any, confidence: str | int | None, note: str | None, day: str | None
) -> dict:
    """``entry`` with the given fields replaced, each validated as ``checkins.new_checkin`` does."""
    if value is not None:
        entry["value"] = number_out(parse_checkin_value(kr, value))
    if confidence is not None:
        try:
            entry["confidence"] = parse_confidence(confidence)
        except ValueError as error:
            raise BadInput(str(error), field="confidence") from None
        if entry["confidence"] is None:
            del entry["confidence"]
    if note is not None:
        entry["note"] = clean_text(note, "note", max_length=MAX_TEXT)
    if day is not None:
        entry_date = parse_date(day)
        if entry_date > ws.today:
            raise BadInput(f"check-in date {entry_date} is after today ({ws.today})", field="date")
        entry["date"] = entry_date.isoformat()
    return entry
