"""The dashboard: the whole period at a glance, and the end-of-quarter actions (close, carry, reopen).

What needs attention comes right after the period's one-line standing, so it is above the fold at 80×24; enter opens
an item. Teams and the chart of progress against the expected pace follow; a closed period shows its grades first.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from okrtui.domain.models import Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import grade_colour, mean_progress
from okrtui.formatting import colour, mark, percent, progress_cell, safe
from okrtui.services.dashboard import DashboardView, dashboard_view
from okrtui.services.views import Dataset, objectives_in
from okrtui.services.workspace import Workspace
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.details import Column, DetailTable, Section
from okrtui.tui.widgets.footer import KeyFooter

ATTENTION_COLUMNS: tuple[Column, ...] = (("ID", None), ("Why", None), ("What", None))
GRADE_COLUMNS: tuple[Column, ...] = (("Objective", None), ("Grade", None), ("Title", None))
OVERDUE = "overdue:"
"""The row key of an overdue key result in the attention list (it may be listed for its status too)."""
CHART_HEIGHT = 12
EXPECTED_LABEL = "expected pace, dotted"
PROGRESS_LABEL = "progress, solid line"
"""The legend names each line's mark, so the two never differ by colour alone."""


class DashboardScored(Message):
    """The dashboard's scores, computed by its worker thread."""

    def __init__(self, view: DashboardView, data: Dataset, period: Period) -> None:
        super().__init__()
        self.view = view
        self.data = data
        self.period = period
        """The read and the period scored: a result for an older read or another period is not drawn."""


class DashboardScreen(LiveScreen[None]):
    """What needs attention (enter opens it), overall progress and counts, progress per team and against the pace;
    the grades of a closed period."""

    DEFAULT_CSS = """
    DashboardScreen DataTable {
        height: auto;
        max-height: 100%;
    }
    DashboardScreen DataTable.-empty {
        display: none;
    }
    DashboardScreen .details-heading, DashboardScreen #attention, DashboardScreen #teams {
        margin-top: 1;
    }
    DashboardScreen #grades {
        height: auto;
        display: none;
    }
    DashboardScreen.-closed #grades {
        display: block;
    }
    """
    AUTO_FOCUS = "#attention-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="dashboard.back", tooltip="Back to the four panes"),
        Binding(
            "left_square_bracket",
            "period(-1)",
            "Prev period",
            key_display="[",
            id="dashboard.previous",
            tooltip="The period before",
        ),
        Binding(
            "right_square_bracket",
            "period(1)",
            "Next period",
            key_display="]",
            id="dashboard.next",
            tooltip="The period after",
        ),
        Binding(
            "C",
            "close_period",
            "Close period",
            id="dashboard.close",
            tooltip="Grade every key result and objective of the period and make them read-only",
        ),
        Binding(
            "K",
            "carry",
            "Carry over",
            id="dashboard.carry",
            tooltip="Copy the unfinished objectives into the next period",
        ),
        Binding("O", "reopen", "Reopen", id="dashboard.reopen", tooltip="Make a closed period editable again"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="summary")
            yield Section("Grades", GRADE_COLUMNS, "no objectives", stretch=2, id="grades")
            yield Static(id="attention")
            yield DetailTable(ATTENTION_COLUMNS, stretch=2, id="attention-table")
            yield Static(id="teams")
            yield PlotextPlot(id="progress-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress-chart").styles.height = CHART_HEIGHT

    def redraw(self) -> None:
        """Score the latest data in a thread; ``_scored`` draws it."""
        data = self.app.data
        if data is not None:
            self._score(self.app.ws, data, self.app.period)

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _score(self, ws: Workspace, data: Dataset, period: Period) -> None:
        """Every score of the period, off the event loop (a big file has thousands of key results to score)."""
        self.post_message(DashboardScored(dashboard_view(ws, period, data), data, period))

    @on(DashboardScored)
    def _scored(self, message: DashboardScored) -> None:
        if message.data is not self.app.data or message.period != self.app.period:
            return  # a newer read or another period is being scored
        view = message.view
        self.title = f"Dashboard {view.period}"
        objectives = objectives_in(message.data, message.period)
        closed = bool(objectives) and all(objective.state == "closed" for objective in objectives)
        self.set_class(closed, "-closed")
        grades = [objective.grade for objective in objectives if objective.grade is not None]
        period_grade = mean_progress(grades) if closed else None
        self.query_one("#summary", Static).update(summary_text(view, closed, period_grade))
        if closed:
            rows = [(o.id, grade_cells(o, message.data)) for o in objectives]
            self.query_one("#grades", Section).show(rows)
        self.query_one("#attention", Static).update(attention_heading(view))
        table = self.query_one("#attention-table", DetailTable)
        table.set_class(not (view.attention or view.overdue), "-empty")
        table.show(attention_rows(view))
        self.query_one("#teams", Static).update(teams_text(view))
        draw_progress(self.query_one(PlotextPlot), view)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key:
            self.app.open_details(key.removeprefix(OVERDUE))

    def action_period(self, steps: int) -> None:
        """Previous or next period."""
        self.app.shift_period(steps)

    def action_close_period(self) -> None:
        """Ask for retrospective notes (the form is the confirmation), then close and grade."""
        from okrtui.tui.modals.period_forms import ClosePeriodForm

        self.app.push_screen(ClosePeriodForm(str(self.app.period)))

    def action_carry(self) -> None:
        """Confirm, then carry the unfinished objectives into the next period."""
        from okrtui.tui.modals.period_forms import confirm_carry

        confirm_carry(self.app, self.app.period)

    def action_reopen(self) -> None:
        """Confirm, then reopen the period."""
        from okrtui.tui.modals.period_forms import confirm_reopen

        confirm_reopen(self.app, self.app.period)


def summary_text(view: DashboardView, closed: bool = False, grade: float | None = None) -> Text:
    """The period (closed, with its grade: the mean of its objectives'), overall progress, key result status counts
    and KPI health counts."""
    text = Text()
    text.append(f"{view.period} as of {view.today}", style="bold")
    if closed:
        text.append("  ·  closed", style="bold magenta")
        text.append(f"  ·  grade {grade:.2f}" if grade is not None else "  ·  no grade", style="bold")
    text.append(f"\nOverall  {progress_cell(view.overall, 20)}", style="bold")
    text.append(f"   expected {percent(view.expected).strip()}", style="dim")
    # pending (new, not due yet) only when there are some
    statuses = [(status, count) for status, count in view.kr_status.items() if count or status != "pending"]
    text.append("\nKey results  ")
    text.append(counts_text(statuses))
    text.append("\nKPIs         ")
    text.append(counts_text([(health, count) for health, count in view.kpi_health.items() if count]))
    for hint in view.hints:
        text.append(f"\nhint: {safe(hint)}", style="yellow")
    return text


def counts_text(counts: list[tuple[str, int]]) -> Text:
    """``● 7 on-track ▲ 3 at-risk``: each standing with its mark, count and colour, one space apart and none after the
    last, so the key results' five fit 80 columns."""
    text = Text()
    for standing, count in counts:
        if text:
            text.append(" ")
        text.append(f"{mark(standing)} {count} {standing}", style=colour(standing))
    return text


def teams_text(view: DashboardView) -> Text:
    """Progress per team, with its number of objectives."""
    text = Text("Teams", style="bold")
    names = [safe(team.team) for team in view.teams]
    width = max((cell_len(name) for name in names), default=0)
    for name, team in zip(names, view.teams, strict=True):
        text.append(f"\n  {set_cell_size(name, width)}  {progress_cell(team.progress, 14)}")
        text.append(f"  {team.objectives} objective(s)", style="dim")
    return text


def grade_cells(objective: Objective, data: Dataset) -> list[Any]:
    """An objective's id, grade in its colour (``–`` with status only) and title."""
    grade = objective.grade
    shown = Text(f"{grade:.2f}", style=grade_colour(grade, data.thresholds)) if grade is not None else Text("–", "dim")
    return [objective.id, shown, safe(objective.title)]


def draw_progress(chart: PlotextPlot, view: DashboardView) -> None:
    """Mean objective progress over the period (rebuilt from the check-in history) against the expected pace."""
    plt = chart.plt
    plt.clear_data()
    plt.clear_figure()
    timeline = view.timeline
    plt.title(f"Progress over {view.period} against the expected pace")
    if timeline:
        first = date.fromisoformat(timeline[0].date)
        xs = [(date.fromisoformat(point.date) - first).days for point in timeline]  # time-proportional
        expected = [point.expected * 100 for point in timeline]
        plt.plot(xs, expected, label=EXPECTED_LABEL, color="gray", marker="·")
        known = [(x, point.progress * 100) for x, point in zip(xs, timeline, strict=True) if point.progress is not None]
        if known:  # none when every objective has status only
            plt.plot(*zip(*known, strict=True), label=PROGRESS_LABEL, color="cyan", marker="braille")
        step = max(1, len(timeline) // 4)
        shown = list(range(0, len(timeline), step))
        plt.xticks([xs[i] for i in shown], [timeline[i].date[5:] for i in shown])
    plt.ylim(0, 100)
    plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    chart.refresh()


def attention_heading(view: DashboardView) -> Text:
    """``Needs attention (7)``, or that nothing does."""
    count = len(view.attention) + len(view.overdue)
    if not count:
        text = Text("Needs attention: ", style="bold")
        return text + Text("nothing. Every key result is on track, no KPI is red or stale, nobody is overdue.")
    return Text(f"Needs attention ({count})", style="bold") + Text("  enter opens one", style="dim")


def attention_rows(view: DashboardView) -> list[tuple[str, list[Any]]]:
    """Key results not on track, red or stale KPIs, then overdue check-ins (keyed ``overdue:KR-n``)."""
    rows: list[tuple[str, list[Any]]] = [
        (item.id, [item.id, Text(f"{mark(item.problem)} {item.problem}", style=colour(item.problem)), safe(item.title)])
        for item in view.attention
    ]
    for due in view.overdue:
        last = f"last {due.last_checkin}" if due.last_checkin else "never checked in"
        what = f"{safe(due.owner) or '(no owner)'}: {last} · {safe(due.title)}"
        rows.append((f"{OVERDUE}{due.id}", [due.id, Text("◷ overdue", style="magenta"), what]))
    return rows
