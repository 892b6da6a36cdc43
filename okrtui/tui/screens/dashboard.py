"""The dashboard: the whole period at a glance, and the end-of-quarter actions (close, carry, reopen)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from okrtui.domain.periods import Period
from okrtui.formatting import colour, mark, percent, progress_cell, safe
from okrtui.services.dashboard import DashboardView, dashboard_view
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.footer import KeyFooter


class DashboardScored(Message):
    """The dashboard's scores, computed by its worker thread."""

    def __init__(self, view: DashboardView, data: Dataset, period: Period) -> None:
        super().__init__()
        self.view = view
        self.data = data
        self.period = period
        """The read and the period scored: a result for an older read or another period is not drawn."""


class DashboardScreen(LiveScreen[None]):
    """Progress per team and overall, status and health counts, progress against pace, what needs attention."""

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
            yield PlotextPlot(id="progress-chart")
            yield Static(id="attention")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress-chart").styles.height = 12

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
        self.query_one("#summary", Static).update(summary_text(view))
        draw_progress(self.query_one(PlotextPlot), view)
        self.query_one("#attention", Static).update(attention_text(view))

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


def summary_text(view: DashboardView) -> Text:
    """Overall and per-team progress, key result status counts and KPI health counts."""
    text = Text()
    text.append(f"{view.period} as of {view.today}\n", style="bold")
    text.append(f"Overall  {progress_cell(view.overall, 20)}", style="bold")
    text.append(f"   expected {percent(view.expected).strip()}\n", style="dim")
    names = [safe(team.team) for team in view.teams]
    width = max((cell_len(name) for name in names), default=0)
    for name, team in zip(names, view.teams, strict=True):
        text.append(f"  {set_cell_size(name, width)}  {progress_cell(team.progress, 14)}")
        text.append(f"  {team.objectives} objective(s)\n", style="dim")
    text.append("\nKey results  ")
    for status, count in view.kr_status.items():
        if count or status != "pending":  # pending (new, not due yet) only when there are some
            text.append(f"{mark(status)} {count} {status}   ", style=colour(status))
    text.append("\nKPIs         ")
    for health, count in view.kpi_health.items():
        if count:
            text.append(f"{mark(health)} {count} {health}   ", style=colour(health))
    for hint in view.hints:
        text.append(f"\nhint: {safe(hint)}", style="yellow")
    return text


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
        plt.plot(xs, [point.expected * 100 for point in timeline], label="expected", color="gray", marker="braille")
        known = [(x, point.progress * 100) for x, point in zip(xs, timeline, strict=True) if point.progress is not None]
        if known:  # none when every objective has status only
            plt.plot(*zip(*known, strict=True), label="progress", color="cyan", marker="braille")
        step = max(1, len(timeline) // 4)
        shown = list(range(0, len(timeline), step))
        plt.xticks([xs[i] for i in shown], [timeline[i].date[5:] for i in shown])
    plt.ylim(0, 100)
    plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    chart.refresh()


def attention_text(view: DashboardView) -> Text:
    """What needs attention: key results not on track, red or stale KPIs, overdue check-ins."""
    text = Text("Needs attention\n", style="bold")
    if not view.attention and not view.overdue:
        text.append("Nothing: every key result is on track, no KPI is red or stale, nobody is overdue.\n")
    for item in view.attention:
        text.append(f"  {item.id:<6} ")
        text.append(f"{item.problem:<10}", style=colour(item.problem))
        text.append(f" {safe(item.title)}\n")
    for due in view.overdue:
        last = f"last {due.last_checkin}" if due.last_checkin else "never checked in"
        text.append(f"  {due.id:<6} ")
        text.append(f"{'overdue':<10}", style="magenta")
        text.append(f" {safe(due.owner) or '(no owner)'}: {last}\n")
    return text
