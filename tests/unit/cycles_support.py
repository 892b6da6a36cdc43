"""Helpers of the period-cycle tests (test_cycles_*.py): a workspace on a day, and records and check-ins added
through the services in one line each."""

from __future__ import annotations

from pathlib import Path

from okrtui.domain.periods import Period
from okrtui.services import checkins, okrs
from okrtui.services.workspace import Workspace

Q4 = Period.parse("2026-Q4")


def open_ws(path: Path, today: str) -> Workspace:
    """The data file at ``path`` as ``tester`` on the day ``today``."""
    return Workspace.open(path, actor="tester", today=today)


def objective(ws: Workspace, title: str, period: str = "2026-Q4", **fields) -> str:
    """Add an objective; its id."""
    return okrs.add_objective(ws, title, period=period, **fields).id


def kr(ws: Workspace, objective_id: str, title: str = "kr", **bounds) -> str:
    """Add a key result to ``objective_id``; its id."""
    return okrs.add_kr(ws, objective_id, title, **bounds).id


def check_in(ws: Workspace, kr_id: str, *points: tuple[str, object]) -> None:
    """Check-ins given as (date, value)."""
    for day, value in points:
        checkins.checkin(ws, kr_id, value, day=day)


def stored(ws: Workspace, model, record_id: str):
    """The record as stored now."""
    return ws.repo.get(model, record_id)
