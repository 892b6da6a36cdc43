"""Typed views of the data: what both faces read by name, and what ``--json`` prints (``to_json``, key for key).

``to_json`` gives exactly the CLI.md shape: the fields in order, lists for tuples, an optional field (a grade, a
KPI's history) left out while it is None. The views are typed named tuples: immutable like a frozen dataclass, with
named fields and helpers, and made without its cost (on this machine a frozen slotted dataclass class took ~2 ms to
create at import, ten of them more than ``status --json`` can spare, and ~1.5 µs per instance, thousands per run).
The dashboard's views live beside their builder (services/dashboard.py): only the UI makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from okrtui.domain.vocab import MAINTAIN_KINDS
from okrtui.formatting import is_overdue


class CheckInView(NamedTuple):
    """One check-in (or a KPI measurement counted as one)."""

    date: str
    value: float
    confidence: int | None
    note: str
    author: str

    def to_json(self) -> dict[str, Any]:
        """The check-in as JSON."""
        return dict(zip(self._fields, self, strict=True))


class KrView(NamedTuple):
    """A key result with its score and history as of a day."""

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
    ratio: float | None = None
    """Unclamped (current − start) / (target − start), 4 decimals; None for a guard."""
    low: float | None = None
    high: float | None = None
    commit: float | None = None
    stretch: float | None = None
    zone: str | None = None
    """below-commit, committed, target or stretch; None without a commit or stretch level."""
    closed: dict[str, Any] | None = None
    """``{outcome, on, by, note, value}`` once it is closed (achieved, missed, dropped); None while it is open."""
    created: str | None = None
    """The day it was added (ISO); None in files written before that was kept."""
    begins: str | None = None
    """The first day of its own window (ISO); None: its period's first day."""
    due: str | None = None
    """The last day of its own window (ISO); None: its period's last day."""
    plan: tuple[Measurement, ...] = ()
    """Its planned values by date, as ``{date, value}`` in the JSON; empty without a plan."""

    @property
    def is_maintain(self) -> bool:
        """An at-least or at-most key result: it keeps a bound instead of moving from start to target."""
        return self.kind in MAINTAIN_KINDS

    @property
    def is_milestone(self) -> bool:
        """A milestone: done or not done."""
        return self.kind == "milestone"

    def to_json(self) -> dict[str, Any]:
        """The key result as JSON (written out: ``status`` prints thousands of check-ins)."""
        data: dict[str, Any] = dict(zip(self._fields, self, strict=True))
        data["checkins"] = [  # a dict display: three times as fast as dict(zip()) over thousands of check-ins
            {"date": day, "value": value, "confidence": confidence, "note": note, "author": author}
            for day, value, confidence, note, author in self.checkins
        ]
        if self.grade is None:
            del data["grade"]
        if self.plan:
            data["plan"] = [{"date": day, "value": value} for day, value in self.plan]
        return data


class InitiativeView(NamedTuple):
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

    def to_json(self) -> dict[str, Any]:
        """The initiative as JSON."""
        return dict(zip(self._fields, self, strict=True))


class ObjectiveView(NamedTuple):
    """An objective with its score, key results and initiatives."""

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
    progress: float | None
    """None when its key results all weigh 0 (or its children have none): it shows its status only."""
    expected: float
    status: str
    warnings: tuple[str, ...]
    children: tuple[str, ...]
    kpis: tuple[str, ...]
    key_results: tuple[KrView, ...]
    initiatives: tuple[InitiativeView, ...]
    grade: float | None = None
    rollup: str | None = None
    """krs, children or both; None: automatic (its key results when it has any, else its children)."""
    weight: float = 1.0
    """Its weight when its parent rolls up children."""

    def to_json(self) -> dict[str, Any]:
        """The objective as JSON."""
        data: dict[str, Any] = dict(zip(self._fields, self, strict=True))
        data["warnings"], data["children"], data["kpis"] = list(self.warnings), list(self.children), list(self.kpis)
        data["key_results"] = [kr.to_json() for kr in self.key_results]
        data["initiatives"] = [initiative.to_json() for initiative in self.initiatives]
        if self.grade is None:
            del data["grade"]
        return data


class Measurement(NamedTuple):
    """A KPI's value on a day."""

    date: str
    value: float

    def to_json(self) -> dict[str, Any]:
        """The measurement as JSON."""
        return dict(zip(self._fields, self, strict=True))


class KpiView(NamedTuple):
    """A KPI with its latest value and health; its history (``HistoryRows``) when asked for, or its last values as
    a ``trend`` for a sparkline (not part of ``--json``)."""

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

    def to_json(self) -> dict[str, Any]:
        """The KPI as JSON."""
        data: dict[str, Any] = dict(zip(self._fields, self, strict=True))
        data["latest"] = self.latest.to_json() if self.latest else None
        data["drives"] = list(self.drives)
        if self.history is None:
            del data["history"]
        if self.trend is None:
            del data["trend"]
        else:
            data["trend"] = list(self.trend)
        return data


class StatusView(NamedTuple):
    """The period's objectives with their key results and every KPI, as of a day (``status``); with ``--check``, what
    needs attention too."""

    period: str
    today: str
    objectives: tuple[ObjectiveView, ...]
    kpis: tuple[KpiView, ...]
    findings: list[dict[str, Any]] | None = None
    progress: float | None = None
    """The plain mean of the progress of the objectives shown (a year's: its own and its quarters'); None with
    none."""
    config: dict[str, float] | None = None
    """The thresholds in force (``okrtui config``), every key."""

    def to_json(self) -> dict[str, Any]:
        """The status as JSON (``status --json``)."""
        data: dict[str, Any] = {"period": self.period, "today": self.today, "progress": self.progress}
        data["config"] = self.config
        data["objectives"], data["kpis"] = self.objectives, self.kpis
        if self.findings is not None:
            data["findings"] = self.findings
        return data


class DueView(NamedTuple):
    """A key result due for a check-in, with whose it is and when it was last checked in."""

    id: str
    title: str
    objective: str
    owner: str
    cadence: str
    last_checkin: str | None
    days_since: int | None

    def to_json(self) -> dict[str, Any]:
        """The due key result as JSON."""
        return dict(zip(self._fields, self, strict=True))


class ReportKr(NamedTuple):
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
    ratio: float | None = None
    """The unclamped ratio (4 decimals): > 1 exceeded, < 0 below baseline; None for a guard."""
    zone: str | None = None
    """below-commit, committed, target or stretch; None without a commit or stretch level."""
    low: float | None = None
    """A range guard's lower bound (its upper one is ``target``); None for the other kinds."""

    @property
    def is_milestone(self) -> bool:
        """A milestone: done or not done."""
        return self.kind == "milestone"

    def to_json(self) -> dict[str, Any]:
        """The key result's report row as JSON."""
        return dict(zip(self._fields, self, strict=True))


class ReportObjective(NamedTuple):
    """An objective in the weekly report: progress now and a week ago, and its key results."""

    id: str
    title: str
    owner: str
    team: str
    depth: int
    progress: float | None
    """None for an objective with status only (its key results all weigh 0)."""
    progress_week_ago: float | None
    change: float | None
    status: str
    key_results: tuple[ReportKr, ...]
    period: str = ""
    """Its own period: in a year's report, the year or one of its quarters."""

    def to_json(self) -> dict[str, Any]:
        """The objective's report entry as JSON."""
        data: dict[str, Any] = dict(zip(self._fields, self, strict=True))
        data["key_results"] = [kr.to_json() for kr in self.key_results]
        return data


class ReportKpi(NamedTuple):
    """A KPI in the weekly report: latest value, target, health and trend."""

    id: str
    key: str
    name: str
    unit: str
    latest: Measurement | None
    target: float
    health: str
    trend: str

    def to_json(self) -> dict[str, Any]:
        """The KPI's report entry as JSON."""
        data: dict[str, Any] = dict(zip(self._fields, self, strict=True))
        data["latest"] = self.latest.to_json() if self.latest else None
        return data


class ReportAttention(NamedTuple):
    """A key result the report lists under "Needs attention"."""

    id: str
    title: str
    objective: str
    owner: str
    status: str

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON."""
        return dict(zip(self._fields, self, strict=True))


class Report(NamedTuple):
    """The weekly report as of a day: objectives, KPIs, what needs attention, who hasn't checked in."""

    period: str
    as_of: str
    objectives: tuple[ReportObjective, ...]
    kpis: tuple[ReportKpi, ...]
    attention: tuple[ReportAttention, ...]
    not_checked_in: tuple[DueView, ...]
    progress: float | None = None
    """The plain mean of the objectives' progress (a year's: its own and its quarters'); None with none."""

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (``report --format json``)."""
        return {
            "period": self.period,
            "as_of": self.as_of,
            "progress": self.progress,
            "objectives": [objective.to_json() for objective in self.objectives],
            "kpis": [kpi.to_json() for kpi in self.kpis],
            "attention": [item.to_json() for item in self.attention],
            "not_checked_in": [item.to_json() for item in self.not_checked_in],
        }
