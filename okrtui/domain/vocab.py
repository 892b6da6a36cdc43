"""The words of the domain (kinds, statuses, levels …) and confidence parsing, importable without pydantic.

Cron commands (``kpi record``, ``kr checkin``) start from here, so this module imports nothing heavy.
"""

from __future__ import annotations

from typing import Literal, get_args

Level = Literal["company", "team", "personal"]
Perspective = Literal["financial", "customer", "internal", "learning"]
ObjectiveState = Literal["draft", "active", "closed", "cancelled"]
KrKind = Literal["increase", "decrease", "at-least", "at-most", "range", "milestone"]
InitiativeStatus = Literal["todo", "doing", "done", "blocked"]
Direction = Literal["up", "down"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "yearly"]
Cadence = Literal["weekly", "biweekly", "monthly"]
Status = Literal["pending", "on-track", "at-risk", "off-track"]
Health = Literal["green", "amber", "red", "stale", "no-data"]
KrOutcome = Literal["achieved", "missed", "dropped"]
Rollup = Literal["krs", "children", "both"]

LEVELS: tuple[str, ...] = get_args(Level)
PERSPECTIVES: tuple[str, ...] = get_args(Perspective)
OBJECTIVE_STATES: tuple[str, ...] = get_args(ObjectiveState)
KR_KINDS: tuple[str, ...] = get_args(KrKind)
INITIATIVE_STATUSES: tuple[str, ...] = get_args(InitiativeStatus)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)
CADENCES: tuple[str, ...] = get_args(Cadence)
STATUSES: tuple[str, ...] = get_args(Status)
"""Key result statuses, best first: the worst of a set is the one with the highest index (``pending``, a new key
result whose first check-in is not due yet, gives way to any other)."""
HEALTHS: tuple[str, ...] = get_args(Health)
"""KPI healths, best first, then those without a current value."""
KR_OUTCOMES: tuple[str, ...] = get_args(KrOutcome)
"""How a closed key result ended; its status says so instead of a pace."""
ROLLUPS: tuple[str, ...] = get_args(Rollup)
"""What an objective's progress rolls up: its key results, its aligned children, or both (absent: automatic)."""
OPEN_STATES: tuple[str, ...] = ("draft", "active")
"""The states of an objective still being worked on: a period with any of them can be closed, reopening sets one."""
MAINTAIN_KINDS: tuple[str, ...] = ("at-least", "at-most", "range")
"""Key results that keep a bound instead of moving from start to target (guards)."""
ZONES: tuple[str, ...] = ("below-commit", "committed", "target", "stretch")
"""Where a key result with a commit or a stretch level stands, lowest first."""

MAX_TITLE = 200
MAX_NAME = 80
MAX_UNIT = 20
MAX_TEXT = 10_000
MAX_MAGNITUDE = 1e15
"""The largest size of a value: far past any KPI, and small enough that progress arithmetic can't overflow."""

CONFIDENCE_WORDS = {"on-track": 8, "at-risk": 5, "off-track": 2}
"""A confidence given as a word is stored as the middle of its 0..10 band."""
MILESTONE_VALUES = {"done": 1.0, "not-done": 0.0, "1": 1.0, "0": 0.0}


def parse_confidence(text: str | int | None) -> int | None:
    """A confidence given as on-track / at-risk / off-track or 0..10; None when not given."""
    if text is None or text == "":
        return None
    word = str(text).strip().lower()
    if word in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[word]
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif word.isascii() and word.isdigit():  # 0..9, not ٣ or ３
        value = int(word)
    else:
        value = -1
    if not 0 <= value <= 10:
        raise ValueError(f"bad confidence {text!r}: use on-track, at-risk, off-track or 0..10")
    return value
