"""The balanced scorecard: the period's objectives and every KPI, grouped by perspective."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from okrtui.formatting import colour, mark, progress_cell, safe
from okrtui.services.views import scorecard_view
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.footer import KeyFooter


class ScorecardScreen(LiveScreen[None]):
    """Financial, customer, internal and learning: what the period aims at and how the KPIs stand, side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="scorecard.back", tooltip="Back to the four panes"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="scorecard")
        yield KeyFooter()

    def redraw(self) -> None:
        """Rebuild from the latest data."""
        view = scorecard_view(self.app.ws, self.app.period, self.app.data)
        self.title = f"Balanced scorecard {view['period']}"
        self.query_one("#scorecard", Static).update(scorecard_text(view))


def scorecard_text(view: dict[str, Any]) -> Text:
    """One section per perspective: its objectives with progress and status, its KPIs with health."""
    text = Text()
    for group in view["perspectives"]:
        text.append(f"{group['perspective'].capitalize()}\n", style="bold underline")
        if not group["objectives"] and not group["kpis"]:
            text.append("  nothing yet\n", style="dim")
        for objective in group["objectives"]:
            text.append(f"  {objective['id']:<5} ")  # a space after the longest id too
            text.append(
                f"{progress_cell(objective['progress'], 8)} {mark(objective['status'])} ",
                style=colour(objective["status"]),
            )
            text.append(f"{safe(objective['title'])}\n")
        for kpi in group["kpis"]:
            text.append(f"  {safe(kpi['key']):<13} ")  # a space after the longest key too
            text.append(f"{mark(kpi['health'])} {kpi['health']:<8}", style=colour(kpi["health"]))
            text.append(f" {safe(kpi['name'])}\n")
        text.append("\n")
    return text
