"""The balanced scorecard: the period's objectives and every KPI, grouped by perspective; enter opens a row."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header

from okrtui.formatting import colour, mark, progress_cell, safe
from okrtui.services.views import scorecard_view
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.details import Column, DetailTable
from okrtui.tui.widgets.footer import KeyFooter

COLUMNS: tuple[Column, ...] = (("", None), ("Standing", None), ("Objective or KPI", None))
Row = tuple[str, list[Any]]


class ScorecardScreen(LiveScreen[None]):
    """Financial, customer, internal and learning: what the period aims at and how the KPIs stand, side by side;
    enter opens an objective's or a KPI's details."""

    DEFAULT_CSS = """
    ScorecardScreen #scorecard {
        height: auto;
        max-height: 100%;
    }
    """
    AUTO_FOCUS = "#scorecard"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="scorecard.back", tooltip="Back to the four panes"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield DetailTable(COLUMNS, stretch=2, id="scorecard")
        yield KeyFooter()

    def redraw(self) -> None:
        """Rebuild from the latest data."""
        view = scorecard_view(self.app.ws, self.app.period, self.app.data)
        self.title = f"Balanced scorecard {view['period']}"
        self.query_one("#scorecard", DetailTable).show(scorecard_rows(view))

    @on(DataTable.RowSelected, "#scorecard")
    def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and not key.startswith("_"):  # a perspective's heading opens nothing
            self.app.open_details(key)


def scorecard_rows(view: dict[str, Any]) -> list[Row]:
    """One heading row per perspective (keyed ``_``), then its objectives with progress and status and its KPIs with
    health, each keyed by its id."""
    rows: list[Row] = []
    for group in view["perspectives"]:
        perspective = group["perspective"]
        rows.append((f"_{perspective}", [Text(perspective.capitalize(), style="bold underline"), "", ""]))
        if not group["objectives"] and not group["kpis"]:
            rows.append((f"_{perspective}-empty", ["", Text("nothing yet", style="dim"), ""]))
        for objective in group["objectives"]:
            status = objective["status"]
            standing = Text(f"{progress_cell(objective['progress'], 8)} {mark(status)} {status}", style=colour(status))
            rows.append((objective["id"], [objective["id"], standing, safe(objective["title"])]))
        for kpi in group["kpis"]:
            health = kpi["health"]
            standing = Text(f"{mark(health)} {health}", style=colour(health))
            rows.append((kpi["id"], [safe(kpi["key"]), standing, safe(kpi["name"])]))
    return rows
