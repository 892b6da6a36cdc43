"""A KPI's details: definition, health, the key results it drives, and a chart of its measurements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual_plotext import PlotextPlot

from okrtui.formatting import definition_moves, number, safe, scheduled_moves
from okrtui.services.series import aggregate, bucketing, nice_ticks, window
from okrtui.services.view_models import KpiView
from okrtui.services.views import Dataset, Scorer
from okrtui.tui.details_screen import RECORD, DetailsScreen
from okrtui.tui.widgets.details import Column, Section
from okrtui.tui.widgets.lines import fields_line, join_lines
from okrtui.tui.widgets.panes import KPI_LINK_MARK, health_text

# -- KPI --------------------------------------------------------------------------------------------------------------


CHART_RANGES: tuple[tuple[str, int | None], ...] = (
    ("30 days", 30),
    ("90 days", 90),
    ("1 year", 365),
    ("all", None),
)
"""The ranges keys 1..4 choose, in the order t cycles through them."""
DEFAULT_RANGE = 1
MAX_CHART_POINTS = 120
"""More points than this are bucketed into weekly (or coarser) means: a terminal chart has no room for more."""
VALUES_SHOWN = 400
"""The newest values of the charted range listed under the chart (a year of daily values)."""
VALUE_COLUMNS: tuple[Column, ...] = (("Date", None), ("Value", None))
BUCKET_WORDS = {
    "week": "weekly means",
    "month": "monthly means",
    "quarter": "quarterly means",
    "year": "yearly means",
    "even": "means",
}


class KpiDetails(DetailsScreen):
    """A KPI: its definition, latest value and health, the key results it drives and a chart of its history."""

    KIND = "KPI"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "range(0)", "30 days", id="kpi.range.30d", tooltip="Chart the last 30 days"),
        Binding("2", "range(1)", "90 days", id="kpi.range.90d", tooltip="Chart the last 90 days"),
        Binding("3", "range(2)", "1 year", id="kpi.range.1y", tooltip="Chart the last year"),
        Binding("4", "range(3)", "All", id="kpi.range.all", tooltip="Chart every measurement"),
        Binding("t", "cycle_range", "Range", id="kpi.range.cycle", tooltip="Cycle the chart range"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="details.edit",
            tooltip="Edit this KPI, or correct the selected value or its date",
        ),
        RECORD,
        Binding(
            "d",
            "delete",
            "Delete",
            id="details.delete",
            tooltip="Delete this KPI, or the selected value (ctrl+z brings it back); asks first",
        ),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__(record_id)
        self.range_index = DEFAULT_RANGE
        """Which of CHART_RANGES the chart shows."""
        self.plotted: list[tuple[str, float]] = []
        """The points drawn last (means of buckets for a long range)."""

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Static(id="chart-note", classes="part")
        yield PlotextPlot(id="chart", classes="part")
        yield Section("Values, newest first", VALUE_COLUMNS, "none in this range", one_line=True, id="values")

    def find(self, data: Dataset) -> Any:
        return data.kpi_by_id.get(self.record_id)

    def draw(self, scorer: Scorer, record: Any) -> None:
        today = self.app.ws.today
        view = scorer.kpi(record)
        moves = definition_moves(record, today) + [f"set ahead: {line}" for line in scheduled_moves(record, today)]
        self.query_one("#summary", Static).update(kpi_summary(view, len(record.history), moves))
        label, days = CHART_RANGES[self.range_index]
        points = window(record.history, today, days)
        self.plotted = aggregate(points, MAX_CHART_POINTS)
        self.query_one("#chart-note", Static).update(Text(chart_title(view.key, label, points), style="bold"))
        chart = self.query_one("#chart", PlotextPlot)
        chart.set_class(not points, "-empty")
        if points:
            plot_series(chart, self.plotted, view)
        newest = reversed(points[-VALUES_SHOWN:])
        rows = [(f"_value-{day}", [day, number(value, view.unit)]) for day, value in newest]
        # After the chart is on screen: hundreds of rows to lay out would hold up the frame that shows it.
        self.call_after_refresh(self.query_one("#values", Section).show, rows)

    def action_range(self, index: int) -> None:
        """Chart another range."""
        self.range_index = index
        self.draw_record()

    def action_cycle_range(self) -> None:
        """Chart the next range (after all comes 30 days again)."""
        self.action_range((self.range_index + 1) % len(CHART_RANGES))

    def selected_value(self) -> tuple[Any, str] | None:
        """(the KPI, the date of the value under the cursor), or None with a note saying why not."""
        key = self.selected_row("values")
        record = self.app.data.kpi_by_id.get(self.record_id) if self.app.data else None
        day = key.removeprefix("_value-") if key else None
        if record is None or day not in record.history:
            self.notify("Select a value first: tab to the values, then e or d", severity="warning")
            return None
        return record, day

    def on_values(self) -> bool:
        """Whether the values table has the focus (e and d then correct a value)."""
        return self.focused is self.query_one("#values DataTable")

    def action_edit(self) -> None:
        """Correct the selected value, or edit the KPI."""
        if self.on_values():
            self.edit_value()
        else:
            super().action_edit()

    def action_delete(self) -> None:
        """Delete the selected value, or the KPI (asks first)."""
        if self.on_values():
            self.delete_value()
        else:
            super().action_delete()

    def edit_value(self) -> None:
        """Correct the selected value in a form."""
        from okrtui.tui.modals.corrections import ValueEditForm

        selected = self.selected_value()
        if selected is not None:
            self.app.push_screen(ValueEditForm(self.record_id, selected[1]))

    def delete_value(self) -> None:
        """Delete the selected value after confirmation."""
        from okrtui.tui.modals.corrections import confirm_value_delete

        selected = self.selected_value()
        if selected is not None:
            confirm_value_delete(self.app, *selected)


def kpi_summary(view: KpiView, measurements: int, moves: Sequence[str] = ()) -> Text:
    """Name, definition, moves of its target and warn level (``definition_moves``), latest value, health and driven
    key results of a KPI view."""
    unit = view.unit
    latest = view.latest
    better = "higher is better" if view.direction == "up" else "lower is better"
    lines = [
        Text(safe(view.name), style="bold"),
        fields_line([("Id", view.id), ("Key", view.key), ("Owner", view.owner), ("Perspective", view.perspective)]),
        fields_line(
            [
                ("Target", number(view.target, unit)),
                ("Warn", number(view.warn, unit) if view.warn is not None else None),
                ("Measured", view.frequency),
            ]
        ),
        *(Text(move, style="dim") for move in moves),
        fields_line(
            [
                ("Latest", f"{number(latest.value, unit)} on {latest.date}" if latest else "no data"),
                ("Health", health_text(view.health)),
            ]
        ),
        Text(f"{better.capitalize()}; {measurements} measurements in all", style="dim"),
    ]
    if view.drives:
        lines.append(Text(f"{KPI_LINK_MARK} Drives {', '.join(view.drives)}", style="cyan"))
    return join_lines(lines)


def chart_title(key: str, label: str, points: Sequence[tuple[str, float]]) -> str:
    """``mrr · last 90 days · 13 measurements``, and the bucket when they are aggregated (keys are in the footer)."""
    span = "all measurements" if label == "all" else f"last {label}"
    if not points:
        return f"{key} · {span}: no measurements"
    bucket = bucketing(points, MAX_CHART_POINTS)
    counted = f"{len(points)} measurements" + (f", {BUCKET_WORDS[bucket]}" if bucket else "")
    return f"{key} · {span} · {counted}"


def plot_series(chart: PlotextPlot, points: Sequence[tuple[str, float]], view: KpiView) -> None:
    """Draw the values over dates, with the target (green) and warning (orange) as horizontal lines."""
    plt = chart.plt
    plt.clear_figure()
    plt.date_form("Y-m-d")
    dates = [day for day, _ in points]
    values = [value for _, value in points]
    marker = "braille" if len(points) > 1 else "dot"
    plt.plot(dates, values, marker=marker, color="cyan")
    levels = [view.target] + ([view.warn] if view.warn is not None else [])
    plt.hline(view.target, "green")
    if view.warn is not None:
        plt.hline(view.warn, "orange")
    # The lines must stay in sight even when the values are far from them, so the y range takes them in.
    ticks = nice_ticks(min([*values, *levels]), max([*values, *levels]))
    unit = view.unit
    plt.ylim(ticks[0], ticks[-1])
    plt.yticks(ticks, [number(tick, unit) for tick in ticks])
    plt.xlabel(
        f"green: target {number(view.target, unit)}"
        + (f" · orange: warn {number(view.warn, unit)}" if view.warn is not None else "")
    )
    chart.refresh()
