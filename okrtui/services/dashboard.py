"""The period at a glance: progress per team and overall, status and health counts, progress over time against the
expected pace, and what needs attention. Rebuilt from the stored history, so it reads the same as of any day."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from okrtui.domain.periods import Period
from okrtui.domain.scoring import kpi_health, needs_attention
from okrtui.domain.vocab import HEALTHS, STATUSES
from okrtui.services.cycles import sandbagging_hints
from okrtui.services.reviews import due_items, due_view
from okrtui.services.views import Dataset, Scorer, objectives_in
from okrtui.services.workspace import Workspace

NO_TEAM = "(no team)"


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


def mean(values: list[float]) -> float:
    """The mean, 0 for none."""
    return sum(values) / len(values) if values else 0.0


def dashboard_view(ws: Workspace, period: Period, data: Dataset | None = None) -> dict[str, Any]:
    """Everything the dashboard draws, as plain data."""
    data = data or Dataset.load(ws)
    objectives = objectives_in(data, period)
    scorer = Scorer(data, ws.today)
    by_team: dict[str, list[float]] = defaultdict(list)
    for objective in objectives:
        by_team[objective.team or NO_TEAM].append(scorer.objective(objective).progress)
    krs = [kr for objective in objectives for kr in data.krs_of.get(objective.id, [])]
    statuses = Counter(scorer.kr(kr).status for kr in krs)
    healths = Counter(kpi_health(kpi, ws.today) for kpi in data.kpis)
    timeline = []
    for day in progress_days(period, ws.today):
        then = Scorer(data, day)
        timeline.append(
            {
                "date": day.isoformat(),
                "expected": round(period.elapsed_share(day), 4),
                "progress": round(mean([then.objective(o).progress for o in objectives]), 4),
            }
        )
    attention = [
        {"id": kr.id, "title": kr.title, "problem": scorer.kr(kr).status, "objective": kr.objective}
        for kr in krs
        if needs_attention(scorer.kr(kr).status)
    ] + [
        {"id": kpi.id, "title": kpi.name, "problem": kpi_health(kpi, ws.today), "objective": None}
        for kpi in data.kpis
        if needs_attention(kpi_health(kpi, ws.today))
    ]
    return {
        "period": str(period),
        "today": ws.today.isoformat(),
        "overall": round(mean([scorer.objective(o).progress for o in objectives]), 4),
        "expected": round(period.elapsed_share(ws.today), 4),
        "teams": [
            {"team": team, "objectives": len(values), "progress": round(mean(values), 4)}
            for team, values in sorted(by_team.items())
        ],
        "kr_status": {status: statuses.get(status, 0) for status in STATUSES},
        "kpi_health": {health: healths.get(health, 0) for health in HEALTHS},
        "timeline": timeline,
        "attention": attention,
        "overdue": [due_view(item, ws.today) for item in due_items(data, ws.today, period=period)],
        "hints": [hint["hint"] for hint in sandbagging_hints(data)],
    }
