"""KPI measurements: record one value, import many all-or-nothing. One value per KPI and date.

Cron takes these paths, so they work on the stored documents and import no pydantic.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from okrtui.domain.periods import parse_date
from okrtui.errors import BadInput, DataFileError, NotFound
from okrtui.services.workspace import Workspace, number_out, parse_number
from okrtui.store.repository import parse_id


def find_kpi_doc(ws: Workspace, name: str) -> dict:
    """The stored KPI named by id (``K-3``, any case) or key (``mrr``)."""
    text = str(name).strip()
    if text.upper().startswith("K-") and text[2:].isdigit():
        return ws.repo.raw_get("K", parse_id(text, "K"))
    key = text.lower()
    for doc in ws.repo.raw_all("K"):
        if doc.get("key") == key:
            return dict(doc)
    raise NotFound(f"no KPI {text!r} (give its id, like K-1, or its key, like mrr)")


def kpi_ids_by_name(ws: Workspace) -> dict[str, str]:
    """Every KPI key and id -> id."""
    mapping = {}
    for doc in ws.repo.raw_all("K"):
        mapping[doc["key"]] = doc["id"]
        mapping[doc["id"]] = doc["id"]
    return mapping


def record(ws: Workspace, name: str, value: Any, *, day: str | None = None) -> tuple[dict, str, float]:
    """Record a measurement (today unless ``day``); recording the same date again replaces it."""
    with ws.repo.transaction():
        kpi = find_kpi_doc(ws, name)
        number = number_out(parse_number(value, "value"))
        entry_date = parse_date(day) if day else ws.today
        if entry_date > ws.today:
            raise BadInput(f"measurement date {entry_date} is after today ({ws.today})")
        iso = entry_date.isoformat()
        return store_value(ws, kpi["id"], iso, number), iso, number


def store_value(ws: Workspace, kpi_id: str, iso: str, number: float) -> dict:
    """Put ``number`` into the stored KPI's history on the ISO date ``iso`` (inside a transaction); the saved KPI."""

    def put(doc: dict) -> None:
        doc["history"] = {**doc.get("history", {}), iso: number}

    return ws.repo.raw_update("K", kpi_id, put, author=ws.actor)


def latest_value(ws: Workspace, kpi: dict, cutoff: str) -> float | None:
    """The stored KPI's latest value on or before the ISO date ``cutoff`` (None without one)."""
    history = kpi.get("history", {})
    if not isinstance(history, dict):
        raise DataFileError(f"{ws.repo.path}: the record {kpi['id']} is damaged (its history is not a table of dates)")
    days = [day for day in history if isinstance(day, str) and day <= cutoff]
    return history[max(days)] if days else None


def parse_import(text: str, fmt: str) -> list[tuple[int, str, str, Any]]:
    """Rows of an import as (row number, kpi, date, value); csv has a header row ``kpi,date,value``.

    A UTF-8 byte-order mark at the start (Excel writes one) is dropped.
    """
    text = text.removeprefix("\ufeff")
    if fmt == "json":
        return _parse_json_rows(text)
    if fmt == "csv":
        return _parse_csv_rows(text)
    raise BadInput(f"bad format {fmt!r}: use csv or json")


def _parse_csv_rows(text: str) -> list[tuple[int, str, str, Any]]:
    try:
        return _read_csv_rows(text)
    except csv.Error as error:  # a stray quote or line break inside a field, a field over the csv module's limit
        raise BadInput(f"the CSV can't be read: {error}") from None


def _read_csv_rows(text: str) -> list[tuple[int, str, str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise BadInput("the import is empty: expected a header row kpi,date,value")
    columns = [column.strip().lower() for column in header]
    missing = [name for name in ("kpi", "date", "value") if name not in columns]
    if missing:
        raise BadInput(f"row 1: the header lacks the column {missing[0]!r} (expected kpi,date,value)")
    where = {name: columns.index(name) for name in ("kpi", "date", "value")}
    rows = []
    for number, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) < len(columns):
            raise BadInput(f"row {number}: expected {len(columns)} columns, found {len(row)}")
        rows.append((number, row[where["kpi"]], row[where["date"]], row[where["value"]]))
    return rows


def _parse_json_rows(text: str) -> list[tuple[int, str, str, Any]]:
    import orjson

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise BadInput(f"the import is not valid JSON: line {error.lineno}, column {error.colno}") from None
    if not isinstance(data, list):
        raise BadInput('the JSON import must be a list of {"kpi": ..., "date": ..., "value": ...}')
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise BadInput(f"row {number}: expected an object with kpi, date and value")
        for column in ("kpi", "date", "value"):
            if column not in item:
                raise BadInput(f"row {number}: column {column!r} is missing")
        rows.append((number, str(item["kpi"]), str(item["date"]), item["value"]))
    return rows


def import_rows(ws: Workspace, rows: list[tuple[int, str, str, Any]]) -> dict[str, int]:
    """Store every row or none, in one locked write. Returns counts of added, replaced and unchanged values."""
    with ws.repo.transaction():
        ids = kpi_ids_by_name(ws)
        updates: dict[str, dict[str, float]] = {}
        first_row: dict[tuple[str, str], int] = {}
        for number, kpi_name, day, value in rows:
            name = str(kpi_name).strip()
            kpi_id = ids.get(name.upper()) or ids.get(name.lower())  # an id first, as find_kpi_doc (kpi record) does
            if kpi_id is None:
                raise BadInput(f"row {number}, column kpi: no KPI {kpi_name!r}")
            entry_date = _in_row(number, "date", parse_date, day)
            numeric = number_out(_in_row(number, "value", parse_number, value))
            if entry_date > ws.today:
                raise BadInput(f"row {number}, column date: {entry_date} is after today ({ws.today})")
            _refuse_duplicate(first_row, number, kpi_id, entry_date.isoformat(), ws)
            updates.setdefault(kpi_id, {})[entry_date.isoformat()] = numeric
        counts = {"rows": len(rows), "added": 0, "replaced": 0, "unchanged": 0}
        ws.repo.journal_note(rows=len(rows))  # the import is one journal entry, with its row count
        for kpi_id, values in updates.items():
            history = ws.repo.raw_get("K", kpi_id).get("history", {})
            if not isinstance(history, dict):
                raise DataFileError(
                    f"{ws.repo.path}: the record {kpi_id} is damaged (its history is not a table of "
                    "dates); fix it by hand or run okrtui doctor"
                )
            for day, numeric in values.items():
                previous = history.get(day)
                counts["added" if previous is None else "unchanged" if previous == numeric else "replaced"] += 1
            if any(history.get(day) != numeric for day, numeric in values.items()):
                ws.repo.raw_update("K", kpi_id, _merged_into_history(values), author=ws.actor)
        return counts


def _refuse_duplicate(first_row: dict[tuple[str, str], int], number: int, kpi_id: str, day: str, ws: Workspace) -> None:
    """Bad input naming both rows when a KPI (by key or id) gets a second value for the same date."""
    earlier = first_row.setdefault((kpi_id, day), number)
    if earlier != number:
        key = ws.repo.raw_get("K", kpi_id).get("key", kpi_id)
        raise BadInput(f"rows {earlier} and {number}: {key} has two values for {day} (one row per KPI and date)")


def _in_row(number: int, column: str, parse: Any, text: Any) -> Any:
    """Parse one cell, naming its row and column when it is bad."""
    try:
        return parse(text)
    except BadInput as error:
        raise BadInput(f"row {number}, column {column}: {error.message}") from None


def _merged_into_history(values: dict[str, float]) -> Callable[[dict], None]:
    """A change that puts ``values`` (ISO date -> value) into a stored KPI's history."""

    def merge(doc: dict) -> None:
        doc["history"] = {**doc.get("history", {}), **values}

    return merge
