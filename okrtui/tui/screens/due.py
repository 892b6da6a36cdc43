"""The lead's queue: key results with no check-in within their cadence, by owner, live as check-ins arrive."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from okrtui.formatting import safe
from okrtui.services.reviews import DueItem, due_items
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.details import DetailTable
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.lines import cut

COLUMNS = (
    ("Owner", None),
    ("KR", None),
    ("Key result", None),
    ("Last check-in", None),
    ("Days", None),
    ("Cadence", None),
    ("Obj.", None),
)
TITLE_COLUMN = 2
"""The key result's title takes the width the other columns leave (cut at its end with an ellipsis)."""


class DueScreen(LiveScreen[None]):
    """Every overdue key result of the period with its owner; enter checks in on one, w runs a session."""

    AUTO_FOCUS = "#due-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="due.close", tooltip="Close the Due view and go back"),
        Binding("q", "close", "Back", show=False, id="due.close_q", tooltip="Close the Due view and go back"),
        Binding(
            "w",
            "session",
            "Weekly check-in",
            id="due.session",
            tooltip="Check in on each due key result in turn, for a scope you choose",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(classes="details-screen")

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details", can_focus=False):  # the arrows go to the table
            yield Static(id="due-summary")
            yield DetailTable(COLUMNS, stretch=TITLE_COLUMN, id="due-table")
        yield KeyFooter()

    def waiting(self) -> None:
        self.query_one("#due-summary", Static).update("Reading the data file…")

    def redraw(self) -> None:
        """The queue of due key results for the period, as of today."""
        data = self.app.data
        if data is None:
            return
        today, period = self.app.ws.today, self.app.period
        self.title = f"Due · {period} · as of {today}"
        items = sorted(due_items(data, today, period=period), key=owner_order)
        invite = self.reason_for("session", None) is None  # not under --read-only or in a closed period
        self.query_one("#due-summary", Static).update(queue_text(items, str(period), invite=invite))
        table = self.query_one("#due-table", DetailTable)
        table.display = bool(items)
        table.show([(item.kr.id, due_cells(item, today)) for item in items])

    @on(DataTable.RowSelected, "#due-table")
    def _check_in(self, event: DataTable.RowSelected) -> None:
        from okrtui.tui.modals.forms import CheckInForm

        kr_id = event.row_key.value
        if kr_id is None or self.app.data is None or kr_id not in self.app.data.kr_by_id:
            return
        if not self.refused("checkin", kr_id):  # read-only, or its period closed: says why instead
            self.app.push_screen(CheckInForm(kr_id))

    def action_session(self) -> None:
        """Start a weekly check-in session."""
        self.app.start_checkin_session()

    def action_close(self) -> None:
        """Back to the main screen."""
        self.app.pop_screen()


def owner_order(item: DueItem) -> tuple[bool, str]:
    """By owner (case-insensitive), those with no owner last; tree order within an owner (the sort is stable)."""
    return (not item.owner, item.owner.lower())


def queue_text(items: list[DueItem], period: str, *, invite: bool = True) -> Text:
    """``2 key results due: chen 1 · dana 1``, or that nobody is behind; with ``invite``, how to check in."""
    if not items:
        return Text(f"Nobody is behind: every key result in {period} has a check-in within its cadence.", style="green")
    counts = Counter(item.owner or "(no owner)" for item in items)
    line = Text(f"{len(items)} key result{'s' if len(items) != 1 else ''} due: ", style="bold")
    line.append(" · ".join(f"{safe(owner)} {count}" for owner, count in counts.items()))
    if not invite:
        return line
    return line + Text("\nenter checks in on the selected one · w checks in on each in turn", style="dim")


def due_cells(item: DueItem, today: date) -> list[Any]:
    """Owner, key result, last check-in (or never), days since, cadence and objective of one due key result."""
    last = item.last_date
    days = Text(str((today - last).days), style="yellow") if last else Text("–", style="dim")
    return [
        cut(item.owner, 10) or Text("(none)", style="dim"),
        item.kr.id,
        safe(item.kr.title),
        last.isoformat() if last else Text("never", style="yellow"),
        days,
        item.objective.cadence,
        item.objective.id,
    ]
