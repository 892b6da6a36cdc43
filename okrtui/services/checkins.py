"""Check-ins: a new entry in a key result's history, never an overwrite."""

from __future__ import annotations

from typing import Any

from okrtui.domain.models import CheckIn, KeyResult, build
from okrtui.domain.periods import parse_date
from okrtui.domain.scoring import parse_confidence
from okrtui.errors import BadInput
from okrtui.services.workspace import Workspace, clean_text, parse_number

MILESTONE_VALUES = {"done": 1.0, "not-done": 0.0, "1": 1.0, "0": 0.0}


def parse_checkin_value(kr: KeyResult, value: Any) -> float:
    """A number, or for a milestone ``done`` / ``not-done``."""
    if kr.kind == "milestone":
        word = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        if word not in MILESTONE_VALUES:
            raise BadInput(f"{kr.id} is a milestone: check in done or not-done, not {value!r}")
        return MILESTONE_VALUES[word]
    return parse_number(value, "value")


def checkin(
    ws: Workspace,
    kr_id: str,
    value: Any,
    *,
    confidence: str | int | None = None,
    note: str | None = None,
    day: str | None = None,
    expected_rev: int | None = None,
) -> tuple[KeyResult, CheckIn]:
    """Append a check-in (dated today unless ``day``) by whoever acts; returns the key result and the entry."""
    with ws.repo.transaction():
        kr = ws.repo.get(KeyResult, kr_id)
        entry_date = parse_date(day) if day else ws.today
        if entry_date > ws.today:
            raise BadInput(f"check-in date {entry_date} is after today ({ws.today})")
        try:
            confidence_value = parse_confidence(confidence)
        except ValueError as error:
            raise BadInput(str(error)) from None
        entry = build(
            CheckIn,
            {
                "date": entry_date,
                "value": parse_checkin_value(kr, value),
                "confidence": confidence_value,
                "note": clean_text(note, "note", max_length=10_000),
                "author": ws.actor,
            },
        )
        updated = kr.model_copy(update={"checkins": [*kr.checkins, entry]})
        saved = ws.repo.save(updated, expected_rev=expected_rev, author=ws.actor)
        return saved, entry  # type: ignore[return-value]
