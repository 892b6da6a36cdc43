"""Closing a key result before its period ends: achieved, missed or dropped, with its value frozen; and reopening it.

A closed key result is no longer due, takes no check-ins, and scores as on the day it was closed, its outcome as its
status (``domain.scoring.closed_score``); a dropped one leaves its objective's progress, status and grade. Both are
ordinary changes through the repository, so the journal records them and ``okrtui undo`` takes them back.
"""

from __future__ import annotations

from okrtui.domain.models import KeyResult, Kpi, KrClosure, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import score_kr
from okrtui.domain.vocab import KR_OUTCOMES, MAX_TEXT
from okrtui.errors import BadInput
from okrtui.services.guards import ensure_open
from okrtui.services.workspace import Workspace, clean_text


def close_kr(
    ws: Workspace, kr_id: str, outcome: str, *, note: str | None = None, expected_rev: int | None = None
) -> KeyResult:
    """Close a key result as ``outcome`` (achieved, missed, dropped) on the acting day, by whoever acts, its current
    value that day frozen; refused when it is closed already or its objective is closed with its period."""
    if outcome not in KR_OUTCOMES:
        raise BadInput(f"bad outcome {outcome!r}: use achieved, missed or dropped", field="outcome")
    with ws.repo.transaction():
        kr = ws.repo.get(KeyResult, kr_id)
        ensure_open(ws, kr.objective, of=kr.id)
        if kr.closed is not None:
            raise BadInput(
                f"{kr.id} is closed already ({kr.closed.outcome} on {kr.closed.on}); "
                f"reopen it first (okrtui kr reopen {kr.id})"
            )
        objective = ws.repo.get(Objective, kr.objective)
        kpi = ws.repo.get(Kpi, kr.kpi) if kr.kpi and ws.repo.exists(Kpi, kr.kpi) else None
        value = score_kr(kr, Period.parse(objective.period), ws.today, kpi).current
        closure = KrClosure(
            outcome=outcome,
            on=ws.today,
            by=ws.actor,
            note=clean_text(note, "note", max_length=MAX_TEXT),
            value=value,
        )
        return ws.repo.save(kr.model_copy(update={"closed": closure}), expected_rev=expected_rev, author=ws.actor)


def reopen_kr(ws: Workspace, kr_id: str, *, expected_rev: int | None = None) -> KeyResult:
    """Open a closed key result again: it scores, takes check-ins and is due as before."""
    with ws.repo.transaction():
        kr = ws.repo.get(KeyResult, kr_id)
        ensure_open(ws, kr.objective, of=kr.id)
        if kr.closed is None:
            raise BadInput(f"{kr.id} is not closed")
        return ws.repo.save(kr.model_copy(update={"closed": None}), expected_rev=expected_rev, author=ws.actor)
