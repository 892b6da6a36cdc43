"""Rules that guard every change, light enough for the cron paths (no pydantic)."""

from __future__ import annotations

from typing import Any

from okrtui.errors import BadInput, DataFileError, NotFound
from okrtui.services.workspace import Workspace


def ensure_open(ws: Workspace, objective_id: str, *, of: str | None = None, orphan_ok: bool = False) -> None:
    """Refuse a change to a closed objective, its key results or initiatives: a closed period is read-only until it is
    reopened (an explicit action).

    ``of`` names the stored record that holds ``objective_id``: when that objective is missing (removed by hand), the
    file is damaged (exit 1), not the user's input; with ``orphan_ok`` the change goes ahead (deleting the orphan).
    """
    try:
        doc = ws.repo.raw_get("O", objective_id)
    except NotFound:
        if of is None:
            raise
        if orphan_ok:
            return
        raise DataFileError(
            f"{ws.repo.path}: {of} belongs to {objective_id}, which does not exist; fix it by hand or run okrtui doctor"
        ) from None
    if doc.get("state") == "closed":
        raise BadInput(
            f"{doc['id']} is closed with its period {doc['period']}; reopen it first "
            f"(okrtui period reopen {doc['period']})"
        )


def ensure_kr_open(kr: dict) -> None:
    """Refuse a check-in (or a correction of one) on a stored key result that is closed: its value is frozen until it
    is reopened."""
    closed = kr.get("closed")
    if isinstance(closed, dict):
        raise BadInput(
            kr_closed(kr["id"], closed.get("outcome"), closed.get("on"), f"okrtui kr reopen {kr['id']}"),
            field="value",
        )


def kr_closed(kr_id: str, outcome: Any, on: Any, reopen: str) -> str:
    """Why a closed key result takes no check-in, with how to ``reopen`` it (a command, or the UI's key)."""
    return f"{kr_id} is closed ({outcome} on {on}): its value is frozen; reopen it first ({reopen})"
