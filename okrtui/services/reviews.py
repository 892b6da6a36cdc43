"""The weekly review: which key results are due for a check-in, and the report a lead pastes into a chat.

Everything is rebuilt from the stored history as of a day (``ws.today``), so a report for a past day shows what
was true then.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import is_due, needs_attention
from okrtui.errors import BadInput
from okrtui.formatting import HEALTH_EMOJI, STATUS_EMOJI, ZONE_TEXT, kr_values, number, safe, value_text
from okrtui.services.filters import owned_by
from okrtui.services.view_models import (
    DueView,
    KpiView,
    KrView,
    Report,
    ReportAttention,
    ReportKpi,
    ReportKr,
    ReportObjective,
)
from okrtui.services.views import (
    Dataset,
    Scorer,
    kpi_view,
    kr_view,
    mean_progress,
    objectives_shown,
    period_groups,
    round4,
    tree_order,
)
from okrtui.services.workspace import Workspace

WEEK = timedelta(days=7)
TREND_TOLERANCE = 0.01
"""A KPI moving less than 1 % between its last two measurements is flat (→)."""


@dataclass(frozen=True)
class Scope:
    """Whose key results a check-in session or the Due view covers: everyone, one owner, or one team."""

    owner: str | None = None
    team: str | None = None

    @classmethod
    def parse(cls, text: str | None, actor: str) -> Scope:
        """``all`` (or nothing), ``me``, ``owner:NAME`` (or a bare name), ``team:NAME``."""
        text = (text or "all").strip()
        key, _, value = text.partition(":")
        if text.lower() in ("all", "everything", ""):
            return cls()
        if text.lower() == "me":
            return cls(owner=actor)
        if key.lower() in ("owner", "person") and value:
            return cls(owner=value)
        if key.lower() == "team" and value:
            return cls(team=value)
        if ":" in text:
            raise BadInput(f"bad scope {text!r}: use all, me, owner:NAME or team:NAME")
        return cls(owner=text)

    def covers(self, objective: Objective) -> bool:
        """Whether the objective's key results are in scope (names compare case-insensitively)."""
        return owned_by(objective, self.owner, self.team)

    def __str__(self) -> str:
        if self.owner:
            return f"owner:{self.owner}"
        return f"team:{self.team}" if self.team else "all"


@dataclass(frozen=True)
class DueItem:
    """A key result whose check-in is overdue, with its objective and owner."""

    kr: KeyResult
    objective: Objective
    last_date: date | None

    @property
    def owner(self) -> str:
        """Who answers for it: the objective's owner."""
        return self.objective.owner


def due_items(data: Dataset, today: date, scope: Scope | None = None, period: Period | None = None) -> list[DueItem]:
    """Key results of active objectives with no check-in within their objective's cadence, in tree order; without a
    period, of every objective whose period contains today (quarters and years); a year's are its own and its
    quarters'."""
    scorer = data.scorer(today)
    if period is None:  # everything under way today: the current quarter's objectives and the year's
        chosen = [o for o in data.objectives if Period.parse(o.period).contains(today)]
    else:
        chosen = objectives_shown(data, period)
    found = []
    for _, objective in tree_order(chosen):
        if objective.state != "active" or (scope and not scope.covers(objective)):
            continue
        for kr in data.krs_of.get(objective.id, []):
            score = scorer.kr(kr)
            if is_due(kr, score, objective.cadence, Period.parse(objective.period), today):
                latest = score.latest
                found.append(DueItem(kr, objective, latest.date if latest else None))
    return found


def due_view(item: DueItem, today: date) -> DueView:
    """A due key result, as the Due view and ``due --json`` show it."""
    return DueView(
        id=item.kr.id,
        title=item.kr.title,
        objective=item.objective.id,
        owner=item.owner,
        cadence=item.objective.cadence,
        last_checkin=item.last_date.isoformat() if item.last_date else None,
        days_since=(today - item.last_date).days if item.last_date else None,
    )


def overdue_findings(data: Dataset, today: date, period: Period) -> list[dict[str, str | None]]:
    """``status --check`` findings for check-ins that are overdue."""
    return [
        {
            "id": item.kr.id,
            "title": item.kr.title,
            "problem": "overdue",
            "owner": item.owner,
            "last_checkin": item.last_date.isoformat() if item.last_date else None,
        }
        for item in due_items(data, today, period=period)
    ]


# -- the report -------------------------------------------------------------------------------------------------------


def kpi_trend(kpi: Kpi, today: date) -> str:
    """↑, ↓ or → from the KPI's last two measurements as of ``today`` (only the newest are looked at, not a big
    file's thousand per KPI)."""
    values = kpi.values_until(today.isoformat(), 2)
    if len(values) < 2:
        return "→"
    previous, latest = values
    if abs(latest - previous) <= TREND_TOLERANCE * max(abs(previous), 1e-9):
        return "→"
    return "↑" if latest > previous else "↓"


def build_report(ws: Workspace, period: Period, data: Dataset | None = None) -> Report:
    """Progress and its change over the last week, key results with their latest notes, KPIs with health and trend,
    what needs attention and who hasn't checked in, all as of ``ws.today``."""
    data = data or Dataset.load(ws)
    now, week_ago = data.scorer(ws.today), Scorer(data, ws.today - WEEK)  # today's: shared with due_items
    objectives = []
    for group, depth, objective in grouped_tree(data, period):
        score, before = now.objective(objective), week_ago.objective(objective)
        objectives.append(
            ReportObjective(
                id=objective.id,
                title=objective.title,
                owner=objective.owner,
                team=objective.team,
                depth=depth,
                progress=round4(score.progress),
                progress_week_ago=round4(before.progress),
                change=progress_change(score.progress, before.progress),
                status=score.status,
                key_results=tuple(
                    report_kr(kr_view(now, kr, with_checkins=False), now.checkins(kr))
                    for kr in data.krs_of.get(objective.id, [])
                ),
                period=str(group),
            )
        )
    return Report(
        period=str(period),
        as_of=ws.today.isoformat(),
        progress=mean_progress(now, objectives_shown(data, period)),
        objectives=tuple(objectives),
        kpis=tuple(
            report_kpi(kpi_view(kpi, ws.today, with_history=False, thresholds=data.thresholds), kpi, ws.today)
            for kpi in data.kpis
        ),
        attention=tuple(
            ReportAttention(kr.id, kr.title, objective.id, objective.owner, kr.status)
            for objective in objectives
            for kr in objective.key_results
            if needs_attention(kr.status)
        ),
        not_checked_in=tuple(due_view(item, ws.today) for item in due_items(data, ws.today, period=period)),
    )


def progress_change(now: float | None, before: float | None) -> float | None:
    """How far progress moved, to 4 decimals; None when either has none (an objective with status only)."""
    return None if now is None or before is None else round(now - before, 4)


def grouped_tree(data: Dataset, period: Period) -> list[tuple[Period, int, Objective]]:
    """The period's objectives in tree order, a year's group by group (its own, then each quarter's)."""
    return [
        (group, depth, objective)
        for group, chosen in period_groups(data, period)
        for depth, objective in tree_order(chosen)
    ]


def report_kr(view: KrView, checkins: Sequence[CheckIn]) -> ReportKr:
    """The report's fields of a key result view, with the note of the newest of its ``checkins`` as of the day ("" when
    that one has none: an older note, often someone else's about another week, is not the news)."""
    newest = checkins[-1] if checkins else None
    noted = newest if newest is not None and newest.note else None
    return ReportKr(
        id=view.id,
        title=view.title,
        kind=view.kind,
        value=view.current,
        start=view.start,
        target=view.target,
        unit=view.unit,
        progress=view.progress,
        status=view.status,
        values=kr_values(view),
        latest_note=noted.note if noted else "",
        latest_note_date=noted.date.isoformat() if noted else None,
        ratio=view.ratio,
        zone=view.zone,
        low=view.low,
    )


def report_kpi(view: KpiView, kpi: Kpi, today: date) -> ReportKpi:
    """The report's fields of a KPI."""
    return ReportKpi(
        view.id, view.key, view.name, view.unit, view.latest, view.target, view.health, kpi_trend(kpi, today)
    )


def to_markdown(report: Report) -> str:
    """The report as Markdown for a chat or an email."""
    lines = [f"# OKR check-in {report.period}, as of {report.as_of}", ""]
    if not report.objectives:
        lines += [f"No objectives in {report.period}.", ""]
    year, group = "-Q" not in report.period, None
    if year and report.progress is not None:
        lines += [f"**{round(report.progress * 100)}%** for the year: the mean of the objectives below", ""]
    for objective in report.objectives:
        change = round(objective.change * 100) if objective.change is not None else 0
        moved = f"{change:+d} pts this week" if change else "no change this week"
        shown = "status only" if objective.progress is None else f"{round(objective.progress * 100)}%"
        if year and objective.period != group:
            group = objective.period
            lines += [f"## {group}" + (" (the year's own)" if group == report.period else ""), ""]
        lines += [
            f"{'###' if year else '##'} {objective.id} {md(objective.title)}",
            f"**{shown}** ({moved}) · {STATUS_EMOJI[objective.status]} {objective.status}"
            + (f" · {md(objective.owner)}" if objective.owner else "")
            + (f" · {md(objective.team)}" if objective.team else ""),
            "",
        ]
        if objective.key_results:
            lines += ["| KR | Value | Target | Progress | Status | Latest note |", "|---|---|---|---|---|---|"]
            for kr in objective.key_results:
                lines.append(
                    f"| {kr.id} {md(kr.title)} | {kr_value_text(kr)} | {kr_target_text(kr)} "
                    f"| {kr_progress_text(kr)} | {STATUS_EMOJI[kr.status]} {kr.status} "
                    f"| {md(kr.latest_note)} |"
                )
            lines.append("")
    if report.kpis:
        lines += ["## KPIs", "", "| KPI | Latest | Target | Health | Trend |", "|---|---|---|---|---|"]
        for kpi in report.kpis:
            unit = md(kpi.unit)
            latest = number(kpi.latest.value, unit) if kpi.latest else "–"
            lines.append(
                f"| {md(kpi.name)} ({md(kpi.key)}) | {latest} | {number(kpi.target, unit)} "
                f"| {HEALTH_EMOJI[kpi.health]} {kpi.health} | {kpi.trend} |"
            )
        lines.append("")
    lines += ["## Needs attention", ""]
    lines += [
        f"- {item.id} {md(item.title)}: {item.status} ({item.objective}, {md(item.owner)})" for item in report.attention
    ] or ["Every key result is on track."]
    lines += ["", "## Not checked in", ""]
    lines += [
        f"- {md(item.owner) or '(no owner)'}: {item.id} {md(item.title)}, "
        + (f"last {item.last_checkin} ({item.days_since} days ago)" if item.last_checkin else "never")
        for item in report.not_checked_in
    ] or ["Everyone has checked in."]
    return "\n".join(lines) + "\n"


def kr_progress_text(kr: ReportKr) -> str:
    """The progress as Markdown, with the unclamped ratio where it says more (``100% (150%, exceeded)``,
    ``0% (−25%, below baseline)``) and the zone when it has a commit or stretch level (``· committed``)."""
    text = f"{round(kr.progress * 100)}%"
    if kr.ratio is not None and not 0 <= kr.ratio <= 1:
        ratio = f"{round(kr.ratio * 100)}%".replace("-", "−")
        text += f" ({ratio}, {'exceeded' if kr.ratio > 1 else 'below baseline'})"
    if kr.zone is not None:
        text += f" · {ZONE_TEXT[kr.zone]}"
    return text


def kr_value_text(kr: ReportKr) -> str:
    """The current value with its unit as Markdown (done / not done for a milestone)."""
    return value_text(kr.value, kr.kind, md(kr.unit))


def kr_target_text(kr: ReportKr) -> str:
    """The target as Markdown, with ≥ / ≤ for a maintain result, LOW … HIGH for a range."""
    if kr.is_milestone:
        return "done"
    if kr.kind == "range":
        return f"{number(kr.low, md(kr.unit))} … {number(kr.target, md(kr.unit))}"
    sign = {"at-least": "≥ ", "at-most": "≤ "}.get(kr.kind, "")
    return sign + number(kr.target, md(kr.unit))


MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>()!|~])")
"""Characters that make HTML, images, links, code, emphasis or a table cell in Markdown."""
MD_BLOCK_START_RE = re.compile(r"^(?:([#+-])|(\d{1,9})\.)")
"""A heading or list marker at the start of the text (after a list bullet, it would nest a block)."""


def md(text: str) -> str:
    """User text as literal Markdown: one line, control characters shown escaped, markup characters backslash-escaped
    (so HTML, images, links and emphasis stay text)."""
    escaped = MD_SPECIAL_RE.sub(r"\\\1", safe(" ".join(str(text).split())))
    return MD_BLOCK_START_RE.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\.", escaped)


CSV_COLUMNS = [
    "objective",
    "objective_title",
    "objective_progress",
    "objective_change",
    "objective_status",
    "kr",
    "kr_title",
    "kind",
    "value",
    "target",
    "unit",
    "progress",
    "status",
    "latest_note",
    "ratio",
    "zone",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell as a formula (OWASP, CSV injection)."""
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as data: text starting like a formula gets a leading ``'``; numbers (also
    written as text, like ``-3.5``) stay numbers."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER_RE.match(text):
        return "'" + text
    return text


def to_csv(report: Report) -> str:
    """One row per key result (an objective without key results gets one row of its own); text cells are made safe
    for spreadsheets (:func:`spreadsheet_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for objective in report.objectives:
        head = [objective.id, safe(objective.title), objective.progress, objective.change, objective.status]
        for kr in objective.key_results or [None]:
            tail = (
                [
                    kr.id,
                    safe(kr.title),
                    kr.kind,
                    kr.value,
                    kr.target,
                    safe(kr.unit),
                    kr.progress,
                    kr.status,
                    safe(kr.latest_note),
                    kr.ratio,
                    kr.zone or "",
                ]
                if kr
                else [""] * 11
            )
            writer.writerow([spreadsheet_cell(cell) for cell in head + tail])
    return buffer.getvalue()
