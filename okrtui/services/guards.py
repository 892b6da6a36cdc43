"""Rules that guard every change, light enough for the cron paths (no pydantic)."""

from __future__ import annotations

from okrtui.errors import BadInput
from okrtui.services.workspace import Workspace


def ensure_open(ws: Workspace, objective_id: str) -> None:
    """Refuse a change to a closed objective, its key results or initiatives: a closed period is read-only until it is
    reopened (an explicit action)."""
    doc = ws.repo.raw_get("O", objective_id)
    if doc.get("state") == "closed":
        raise BadInput(
            f"{doc['id']} is closed with its period {doc['period']}; reopen it first "
            f"(okrtui period reopen {doc['period']})"
        )
