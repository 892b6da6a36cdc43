"""KPIs: define them, record measurements (one per date), import history all-or-nothing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from okrtui.domain.models import SLUG_RE, KeyResult, Kpi, build, slugify
from okrtui.domain.periods import parse_date
from okrtui.domain.targets import set_from, settled, unscheduled, with_earlier_definition
from okrtui.domain.vocab import MAX_NAME, MAX_UNIT
from okrtui.errors import BadInput
from okrtui.services.measurements import find_kpi_doc, kpi_ids_by_name
from okrtui.services.workspace import Workspace, clean_text, parse_number, parse_optional_number

ID_LIKE_RE = re.compile(r"^(o|kr|i|k)-[0-9]+$", re.IGNORECASE)
"""A key such as ``k-2`` or ``KR-3`` would read as an id wherever a KPI is named by id or key."""


def checked_key(text: str) -> str:
    """A KPI key as typed, lower-cased; bad input when it is no slug or looks like an id (``k-2`` names K-2)."""
    slug = str(text).strip().lower()
    if not SLUG_RE.match(slug):
        raise BadInput(
            f"bad key {slug!r}: use lower-case letters, digits, - and _ (like mrr or churn-rate)", field="key"
        )
    if ID_LIKE_RE.match(slug):
        raise BadInput(
            f"bad key {slug!r}: it looks like an id (like {slug.upper()}); pick a name like mrr or churn-rate",
            field="key",
        )
    return slug


def find_kpi(ws: Workspace, name: str) -> Kpi:
    """A KPI by id (``K-3``, any case) or by key (``mrr``)."""
    return ws.repo.validated(Kpi, find_kpi_doc(ws, name))


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
        slug = checked_key(key or slugify(name))
        if slug in kpi_ids_by_name(ws):
            raise BadInput(f"a KPI with key {slug!r} exists already: give another with --key")
        data = {
            "id": "K-0",
            "key": slug,
            "name": name,
            "unit": clean_text(unit, "unit", max_length=MAX_UNIT),
            "direction": direction or "up",
            "target": parse_number(target, "target"),
            "warn": parse_optional_number(warn, "warn"),
            "frequency": frequency or "monthly",
            "owner": clean_text(owner if owner is not None else ws.actor, "owner", max_length=MAX_NAME),
            "perspective": perspective or None,
            "updated_by": ws.actor,
        }
        build(Kpi, data)
        data["id"] = ws.repo.next_id(Kpi)
        return ws.repo.insert(build(Kpi, data))


def edit_kpi(ws: Workspace, name: str, changes: dict[str, Any], *, expected_rev: int | None = None) -> Kpi:
    """Change a KPI's definition; its history stays as it is. With ``levels_from`` (an ISO day), its target and warn
    level change from that day on (:func:`set_target`), the rest today."""
    with ws.repo.transaction():
        kpi = settled(find_kpi(ws, name), ws.today)  # targets set ahead for today or before are its current ones
        updates = {key: value for key, value in changes.items() if value is not None}
        for field in ("target", "warn"):
            if field in updates:
                updates[field] = parse_optional_number(updates[field], field)
        if "name" in updates:
            updates["name"] = clean_text(updates["name"], "name")
        if "key" in updates:
            updates["key"] = checked_key(updates["key"])
            if updates["key"] != kpi.key and updates["key"] in kpi_ids_by_name(ws):
                raise BadInput(f"a KPI with key {updates['key']!r} exists already")
        if updates.get("perspective") == "":
            updates["perspective"] = None
        begins = updates.pop("levels_from", "")
        levels = {field: updates.pop(field) for field in ("target", "warn") if begins and field in updates}
        edited = with_earlier_definition(kpi, build(Kpi, {**kpi.model_dump(), **updates}), ws.today, ws.actor)
        if levels:
            edited = build(Kpi, set_from(edited, _levels_day(begins), levels, ws.today, ws.actor).model_dump())
        return ws.repo.save(edited, expected_rev=expected_rev, author=ws.actor)  # type: ignore[arg-type]


def _levels_day(text: str) -> date:
    try:
        return parse_date(text)
    except BadInput as error:
        raise BadInput(error.message, field="from") from None


def set_target(
    ws: Workspace,
    name: str,
    *,
    target: Any = None,
    warn: Any = None,
    begins: Any = None,
    expected_rev: int | None = None,
) -> tuple[Kpi, date]:
    """A KPI's target and/or warn level (``''`` for none) from ``begins`` on (today by default): set ahead when that
    is later (``scheduled_targets``), else a move on that day. Returns the saved KPI and the day."""
    if target is None and warn is None:
        raise BadInput("give the new target N, --warn N, or both")
    day = _levels_day(begins) if begins else ws.today
    if target is not None:
        parse_number(target, "target")  # a target is a number; only warn may be '' (none)
    changes = {"target": target, "warn": warn, "levels_from": day.isoformat()}
    return edit_kpi(ws, name, changes, expected_rev=expected_rev), day


def cancel_target(ws: Workspace, name: str, begins: Any) -> tuple[Kpi, date]:
    """A KPI without the target and warn level set ahead for the day ``begins``; returns it and the day."""
    if not begins:
        raise BadInput("--cancel needs --from D: the day of the levels set ahead to drop", field="from")
    day = _levels_day(begins)
    with ws.repo.transaction():
        kpi = settled(find_kpi(ws, name), ws.today)
        return ws.repo.save(unscheduled(kpi, day), author=ws.actor), day  # type: ignore[return-value]


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
