"""The period at a glance: progress per team and overall, status and health counts, progress over time against the
expected pace, and what needs attention. Rebuilt from the stored history, so it reads the same as of any day."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from okrtui.domain.models import KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import kpi_health, mean_progress, needs_attention
from okrtui.domain.vocab import HEALTHS, KR_OUTCOMES, STATUSES
from okrtui.services.cycles import sandbagging_hints
from okrtui.services.reviews import due_items, due_view
from okrtui.services.view_models import DueView
from okrtui.services.views import Dataset, Scorer, objectives_in
from okrtui.services.workspace import Workspace

NO_TEAM = "(no team)"


class TeamProgress(NamedTuple):
    """A team's mean objective progress on the dashboard."""

    team: str
    objectives: int
    progress: float | None
    """None when none of its objectives has progress (each shows its status only)."""


class TimelinePoint(NamedTuple):
    """Mean progress on a day against the expected pace."""

    date: str
    expected: float
    progress: float | None


class Attention(NamedTuple):
    """A key result or KPI that needs attention, and why (its status or health)."""

    id: str
    title: str
    problem: str
    objective: str | None


class DashboardView(NamedTuple):
    """The period at a glance."""

    period: str
    today: str
    overall: float | None
    expected: float
    teams: tuple[TeamProgress, ...]
    kr_status: dict[str, int]
    kpi_health: dict[str, int]
    timeline: tuple[TimelinePoint, ...]
    attention: tuple[Attention, ...]
    overdue: tuple[DueView, ...]
    hints: tuple[str, ...]


def progress_days(period: Period, today: date) -> list[date]:
    """The days the progress line is drawn at: every 7 days from the period's start, and the last day shown."""
    last = min(today, period.end)
    if last < period.start:
        return []
    days, cursor = [], period.start
    while cursor < last:
        days.append(cursor)
        cursor += timedelta(days=7)
    return [*days, last]


def mean(values: list[float | None]) -> float | None:
    """The mean of the objectives' progress to 4 decimals, those with status only left out; 0 for no objectives,
    None when none of them has progress."""
    if not values:
        return 0.0
    progress = mean_progress(values)
    return None if progress is None else round(progress, 4)


def dashboard_view(ws: Workspace, period: Period, data: Dataset | None = None) -> DashboardView:
    """Everything the dashboard draws."""
    data = data or Dataset.load(ws)
    objectives = objectives_in(data, period)
    scorer = Scorer(data, ws.today)
    by_team: dict[str, list[float | None]] = defaultdict(list)
    for objective in objectives:
        by_team[objective.team or NO_TEAM].append(scorer.objective(objective).progress)
    krs = [kr for objective in objectives for kr in data.krs_of.get(objective.id, [])]
    statuses = Counter(scorer.kr(kr).status for kr in krs)
    healths = Counter(kpi_health(kpi, ws.today, data.thresholds) for kpi in data.kpis)
    return DashboardView(
        period=str(period),
        today=ws.today.isoformat(),
        overall=mean([scorer.objective(o).progress for o in objectives]),
        expected=round(period.elapsed_share(ws.today), 4),
        teams=tuple(TeamProgress(team, len(values), mean(values)) for team, values in sorted(by_team.items())),
        kr_status={status: statuses.get(status, 0) for status in STATUSES}
        | {outcome: statuses[outcome] for outcome in KR_OUTCOMES if statuses.get(outcome)},
        kpi_health={health: healths.get(health, 0) for health in HEALTHS},
        timeline=timeline(data, period, objectives, ws.today),
        attention=attention(scorer, krs, data.kpis),
        overdue=tuple(due_view(item, ws.today) for item in due_items(data, ws.today, period=period)),
        hints=tuple(hint["hint"] for hint in sandbagging_hints(data)),
    )


def timeline(data: Dataset, period: Period, objectives: list[Objective], today: date) -> tuple[TimelinePoint, ...]:
    """Mean objective progress every week of the period up to today, against the expected pace."""
    points = []
    for day in progress_days(period, today):
        then = Scorer(data, day)
        progress = mean([then.objective(o).progress for o in objectives])
        points.append(TimelinePoint(day.isoformat(), round(period.elapsed_share(day), 4), progress))
    return tuple(points)


def attention(scorer: Scorer, krs: list[KeyResult], kpis: list[Kpi]) -> tuple[Attention, ...]:
    """The key results and KPIs that need attention, with their status or health."""
    found = [
        Attention(kr.id, kr.title, scorer.kr(kr).status, kr.objective)
        for kr in krs
        if needs_attention(scorer.kr(kr).status)
    ]
    found += [
        Attention(kpi.id, kpi.name, health, None)
        for kpi in kpis
        if needs_attention(health := kpi_health(kpi, scorer.today, scorer.data.thresholds))
    ]
    return tuple(found)
