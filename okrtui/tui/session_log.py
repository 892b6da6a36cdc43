"""What a weekly check-in session did: its steps, what was saved and skipped; the summary is drawn from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.domain.periods import Period
from okrtui.formatting import safe
from okrtui.services.reviews import Scope
from okrtui.services.views import Dataset


@dataclass
class Entry:
    """A check-in saved during the session, with the fields as they were typed (shown again on going back)."""

    value: float
    typed: dict[str, str]


@dataclass
class SessionLog:
    """The steps of a session and what became of each; the summary is drawn from it."""

    scope: Scope
    period: Period
    steps: list[str]
    """Ids of the key results due when the session started, in tree order."""
    before: Dataset
    """The data as it was when the session started: the 'previous' side of the summary."""
    saved: dict[str, Entry] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)
    """Steps the user moved on from, by saving or skipping."""

    def skipped(self) -> list[str]:
        """Steps moved past without a check-in."""
        return [kr_id for kr_id in self.steps if kr_id in self.passed and kr_id not in self.saved]

    def not_reached(self) -> list[str]:
        """Steps the session stopped before (the one on screen at the stop among them)."""
        return [kr_id for kr_id in self.steps if kr_id not in self.passed and kr_id not in self.saved]


def describe(scope: Scope, actor: str) -> str:
    """``everything``, ``me (alice)``, ``dana`` or ``team Sales`` for titles."""
    if scope.owner:
        return f"me ({safe(actor)})" if scope.owner == actor else safe(scope.owner)
    return f"team {safe(scope.team)}" if scope.team else "everything"
