"""KPIs: define them, record measurements (one per date), import history all-or-nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from okrtui.domain.models import SLUG_RE, KeyResult, Kpi, build, slugify
from okrtui.domain.periods import parse_date
from okrtui.errors import BadInput, NotFound
from okrtui.services.workspace import Workspace, clean_text, parse_number, parse_optional_number
from okrtui.store.repository import parse_id


def find_kpi(ws: Workspace, name: str) -> Kpi:
    """A KPI by id (``K-3``, any case) or by key (``mrr``)."""
    text = str(name).strip()
    if text.upper().startswith("K-") and text[2:].isdigit():
        return ws.repo.get(Kpi, parse_id(text, "K"))
    key = text.lower()
    for doc in ws.repo.raw_all(Kpi):
        if doc.get("key") == key:
            return Kpi.model_validate(doc)
    raise NotFound(f"no KPI {text!r} (give its id, like K-1, or its key, like mrr)")


def _key_map(ws: Workspace) -> dict[str, str]:
    """Every KPI key and id (upper-case) -> id."""
    mapping = {}
    for doc in ws.repo.raw_all(Kpi):
        mapping[doc["key"]] = doc["id"]
        mapping[doc["id"]] = doc["id"]
    return mapping


def add_kpi(
    ws: Workspace,
    name: str,
    *,
    target: Any,
    key: str | None = None,
    unit: str | None = None,
    direction: str | None = None,
    warn: Any = None,
    frequency: str | None = None,
    owner: str | None = None,
    perspective: str | None = None,
) -> Kpi:
    """A new KPI; its key is derived from the name unless given, and must be unique."""
    with ws.repo.transaction():
        name = clean_text(name, "name")
        slug = (key or slugify(name)).strip().lower()
        if not SLUG_RE.match(slug):
            raise BadInput(f"bad key {slug!r}: use lower-case letters, digits, - and _ (like mrr or churn-rate)")
        if slug in _key_map(ws):
            raise BadInput(f"a KPI with key {slug!r} exists already: give another with --key")
        data = {
            "id": "K-0",
            "key": slug,
            "name": name,
            "unit": clean_text(unit, "unit", max_length=20),
            "direction": direction or "up",
            "target": parse_number(target, "target"),
            "warn": parse_optional_number(warn, "warn"),
            "frequency": frequency or "monthly",
            "owner": clean_text(owner if owner is not None else ws.actor, "owner", max_length=80),
            "perspective": perspective or None,
            "updated_by": ws.actor,
        }
        build(Kpi, data)
        data["id"] = ws.repo.next_id(Kpi)
        return ws.repo.insert(build(Kpi, data))


def edit_kpi(ws: Workspace, name: str, changes: dict[str, Any], *, expected_rev: int | None = None) -> Kpi:
    """Change a KPI's definition; its history stays as it is."""
    with ws.repo.transaction():
        kpi = find_kpi(ws, name)
        updates = {key: value for key, value in changes.items() if value is not None}
        for field in ("target", "warn"):
            if field in updates:
                updates[field] = parse_optional_number(updates[field], field)
        if "name" in updates:
            updates["name"] = clean_text(updates["name"], "name")
        if "key" in updates:
            updates["key"] = str(updates["key"]).strip().lower()
            if updates["key"] != kpi.key and updates["key"] in _key_map(ws):
                raise BadInput(f"a KPI with key {updates['key']!r} exists already")
        if updates.get("perspective") == "":
            updates["perspective"] = None
        edited = build(Kpi, {**kpi.model_dump(), **updates})
        return ws.repo.save(edited, expected_rev=expected_rev, author=ws.actor)  # type: ignore[arg-type]


def delete_kpi(ws: Workspace, name: str, *, force: bool = False) -> str:
    """Delete a KPI; while key results follow it only with ``force``, which unlinks them."""
    with ws.repo.transaction():
        kpi = find_kpi(ws, name)
        linked = [kr for kr in ws.repo.all(KeyResult) if kr.kpi == kpi.id]
        if linked and not force:
            raise BadInput(f"{kpi.id} drives {', '.join(kr.id for kr in linked)}; unlink them first or pass --yes")
        for kr in linked:
            ws.repo.save(kr.model_copy(update={"kpi": None}), author=ws.actor)
        ws.repo.delete(Kpi, kpi.id)
        return kpi.id


def record(ws: Workspace, name: str, value: Any, *, day: str | None = None) -> tuple[Kpi, str, float]:
    """Record a measurement (today unless ``day``); recording the same date again replaces it."""
    with ws.repo.transaction():
        kpi = find_kpi(ws, name)
        number = parse_number(value, "value")
        entry_date = parse_date(day) if day else ws.today
        if entry_date > ws.today:
            raise BadInput(f"measurement date {entry_date} is after today ({ws.today})")
        iso = entry_date.isoformat()
        history = {**kpi.history, iso: number}
        saved = ws.repo.save(kpi.model_copy(update={"history": history}), author=ws.actor)
        return saved, iso, number  # type: ignore[return-value]


def parse_import(text: str, fmt: str) -> list[tuple[int, str, str, Any]]:
    """Rows of an import as (row number, kpi, date, value); csv has a header row ``kpi,date,value``."""
    if fmt == "json":
        return _parse_json_rows(text)
    if fmt == "csv":
        return _parse_csv_rows(text)
    raise BadInput(f"bad format {fmt!r}: use csv or json")


def _parse_csv_rows(text: str) -> list[tuple[int, str, str, Any]]:
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
    """Store every row or none: one locked write. Returns counts of added, replaced and unchanged values."""
    with ws.repo.transaction():
        ids = _key_map(ws)
        updates: dict[str, dict[str, float]] = {}
        for number, kpi_name, day, value in rows:
            kpi_id = ids.get(str(kpi_name).strip().lower()) or ids.get(str(kpi_name).strip().upper())
            if kpi_id is None:
                raise BadInput(f"row {number}, column kpi: no KPI {kpi_name!r}")
            entry_date = _in_row(number, "date", parse_date, day)
            numeric = _in_row(number, "value", parse_number, value)
            if entry_date > ws.today:
                raise BadInput(f"row {number}, column date: {entry_date} is after today ({ws.today})")
            updates.setdefault(kpi_id, {})[entry_date.isoformat()] = numeric
        counts = {"rows": len(rows), "added": 0, "replaced": 0, "unchanged": 0}
        for kpi_id, values in updates.items():
            kpi = ws.repo.get(Kpi, kpi_id)
            for day, numeric in values.items():
                previous = kpi.history.get(day)
                counts["added" if previous is None else "unchanged" if previous == numeric else "replaced"] += 1
            if any(kpi.history.get(day) != numeric for day, numeric in values.items()):
                ws.repo.save(kpi.model_copy(update={"history": {**kpi.history, **values}}), author=ws.actor)
        return counts


def _in_row(number: int, column: str, parse: Any, text: Any) -> Any:
    """Parse one cell, naming its row and column when it is bad."""
    try:
        return parse(text)
    except BadInput as error:
        raise BadInput(f"row {number}, column {column}: {error.message}") from None
