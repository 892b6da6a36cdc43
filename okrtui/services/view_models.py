"""Typed views of the data: what both faces read by name, and what ``--json`` prints (``to_json``, key for key).

Frozen dataclasses, importable without pydantic: the CLI's cron path never loads it for these. ``to_json`` gives
exactly the CLI.md shape: the fields in order, lists for tuples, an optional field (a grade) left out when it is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from okrtui.domain.vocab import MAINTAIN_KINDS
from okrtui.formatting import is_overdue


def plain(value: Any) -> Any:
    """A field's value as JSON data: views as their dicts, tuples as lists; anything else as it is."""
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, JsonView):
        return value.to_json()
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""The field names of each view class, in order, found once."""


class JsonView:
    """A view that prints as JSON: its fields in order, those in ``OMIT_WHEN_NONE`` left out while None."""

    __slots__ = ()
    OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset()

    def to_json(self) -> dict[str, Any]:
        """The view as the JSON object ``--json`` prints."""
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            names = _FIELD_NAMES[type(self)] = tuple(field.name for field in fields(self))  # type: ignore[arg-type]
        shown = {}
        for name in names:
            value = getattr(self, name)
            if value is None and name in self.OMIT_WHEN_NONE:
                continue
            shown[name] = plain(value)
        return shown


@dataclass(frozen=True, slots=True)
class CheckInView(JsonView):
    """One check-in (or a KPI measurement counted as one)."""

    date: str
    value: float
    confidence: int | None
    note: str
    author: str

    def to_json(self) -> dict[str, Any]:
        """The check-in as JSON (written out: a key result has many)."""
        return {
            "date": self.date,
            "value": self.value,
            "confidence": self.confidence,
            "note": self.note,
            "author": self.author,
        }


@dataclass(frozen=True, slots=True)
class KrView(JsonView):
    """A key result with its score and history as of a day."""

    OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"grade"})

    id: str
    objective: str
    title: str
    kind: str
    start: float | None
    target: float
    current: float | None
    unit: str
    weight: float
    progress: float
    expected: float
    status: str
    exceeded: bool
    below_baseline: bool
    kpi: str | None
    kpi_key: str | None
    checkins: tuple[CheckInView, ...]
    grade: float | None = None

    @property
    def is_maintain(self) -> bool:
        """An at-least or at-most key result: it keeps a bound instead of moving from start to target."""
        return self.kind in MAINTAIN_KINDS

    @property
    def is_milestone(self) -> bool:
        """A milestone: done or not done."""
        return self.kind == "milestone"


@dataclass(frozen=True, slots=True)
class InitiativeView(JsonView):
    """An initiative."""

    id: str
    title: str
    objective: str
    kr: str | None
    owner: str
    status: str
    due: str | None

    def is_overdue(self, today_iso: str) -> bool:
        """Past its due date and not done."""
        return is_overdue(self.due, self.status, today_iso)


@dataclass(frozen=True, slots=True)
class ObjectiveView(JsonView):
    """An objective with its score, key results and initiatives."""

    OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"grade"})

    id: str
    title: str
    description: str
    period: str
    owner: str
    team: str
    level: str
    parent: str | None
    perspective: str | None
    state: str
    progress: float
    expected: float
    status: str
    warnings: tuple[str, ...]
    children: tuple[str, ...]
    kpis: tuple[str, ...]
    key_results: tuple[KrView, ...]
    initiatives: tuple[InitiativeView, ...]
    grade: float | None = None


@dataclass(frozen=True, slots=True)
class Measurement(JsonView):
    """A KPI's value on a day."""

    date: str
    value: float


@dataclass(frozen=True, slots=True)
class KpiView(JsonView):
    """A KPI with its latest value and health; its history (``HistoryRows``) when asked for, or its last values as
    a ``trend`` for a sparkline (not part of ``--json``)."""

    OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"history", "trend"})

    id: str
    key: str
    name: str
    unit: str
    direction: str
    target: float
    warn: float | None
    frequency: str
    owner: str
    perspective: str | None
    latest: Measurement | None
    health: str
    drives: tuple[str, ...]
    history: Sequence[dict[str, Any]] | None = None
    trend: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class DueView(JsonView):
    """A key result due for a check-in, with whose it is and when it was last checked in."""

    id: str
    title: str
    objective: str
    owner: str
    cadence: str
    last_checkin: str | None
    days_since: int | None


@dataclass(frozen=True, slots=True)
class ReportKr(JsonView):
    """A key result in the weekly report: its value, target, progress, status and latest note."""

    id: str
    title: str
    kind: str
    value: float | None
    start: float | None
    target: float
    unit: str
    progress: float
    status: str
    values: str
    latest_note: str
    latest_note_date: str | None

    @property
    def is_milestone(self) -> bool:
        """A milestone: done or not done."""
        return self.kind == "milestone"


@dataclass(frozen=True, slots=True)
class TeamProgress(JsonView):
    """A team's mean objective progress on the dashboard."""

    team: str
    objectives: int
    progress: float


@dataclass(frozen=True, slots=True)
class TimelinePoint(JsonView):
    """Mean progress on a day against the expected pace."""

    date: str
    expected: float
    progress: float


@dataclass(frozen=True, slots=True)
class Attention(JsonView):
    """A key result or KPI that needs attention, and why (its status or health)."""

    id: str
    title: str
    problem: str
    objective: str | None


@dataclass(frozen=True, slots=True)
class DashboardView(JsonView):
    """The period at a glance."""

    period: str
    today: str
    overall: float
    expected: float
    teams: tuple[TeamProgress, ...]
    kr_status: dict[str, int]
    kpi_health: dict[str, int]
    timeline: tuple[TimelinePoint, ...]
    attention: tuple[Attention, ...]
    overdue: tuple[DueView, ...]
    hints: tuple[str, ...]
