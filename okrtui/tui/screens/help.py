"""The key help: every key, grouped by where it works, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from okrtui.tui.base import OkrModal

KeyRow = tuple[str, str, str]
"""Key as shown, what it does, and the longer explanation."""

NAVIGATION = [
    Binding(
        "tab",
        "focus_next",
        "Next",
        key_display="tab / shift+tab",
        id="help.tab",
        tooltip="Move the focus to the next (previous) pane, table or field",
    ),
    Binding(
        "up",
        "cursor",
        "Move",
        key_display="↑ ↓ ← →",
        id="help.arrows",
        tooltip="Move the cursor; in the objectives tree ← and → also fold and unfold",
    ),
    Binding(
        "enter", "select", "Open", id="help.enter", tooltip="Open the record under the cursor (in a details table too)"
    ),
    Binding(
        "space",
        "toggle",
        "Expand / collapse",
        id="help.space",
        tooltip="Fold or unfold the objective under the cursor in the alignment tree",
    ),
    Binding("pageup", "page", "Page", key_display="pgup / pgdn", id="help.page", tooltip="Scroll a page up or down"),
]
"""Keys the widgets themselves handle (Tree, DataTable, focus), written here because their own bindings are generic."""

PALETTE = [
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        id="help.palette",
        tooltip="Open the command palette: search every action by name",
    ),
]


class HelpScreen(OkrModal[None]):
    """Every key of the app, the main screen, the panes and the details screens; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Close the key help"),
        Binding("q", "close", "Close", show=False, id="help.close_q", tooltip="Close the key help"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_question", tooltip="Close the key help"),
    ]

    def __init__(self, under: Screen[Any] | None = None) -> None:
        super().__init__()
        self.under = under
        """The screen help was opened on: its keys come first, unavailable ones marked with the reason."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape, q or ? closes · ↑ ↓ scroll"
            yield Static(self.key_table())

    def key_table(self) -> Group:
        """A small table per place where keys work, all with the same column widths."""
        return Group(*(group_table(place, rows) for place, rows in self.groups() if rows))

    def groups(self) -> list[tuple[str, list[KeyRow]]]:
        """(where the keys work, their rows), built from the bindings of each place."""
        from okrtui.tui.widgets.panes import ObjectivesPane, RecordTable

        screens = self.app.screen_bindings()
        everywhere = self.rows([*type(self.app).BINDINGS, *PALETTE])
        panes = self.rows([*ObjectivesPane.BINDINGS, *RecordTable.BINDINGS, *NAVIGATION])
        return [
            ("Everywhere", everywhere),
            ("Main screen", self.rows(screens["main"])),
            ("In the panes and tables", panes),
            ("Details screens", self.rows(screens["details"])),
            ("Key result details (check-ins)", self.rows(screens["kr"])),
            ("KPI details (chart and values)", self.rows(screens["kpi"])),
            ("History (H) and a change in full", self.rows(screens["history"])),
            ("This help", self.rows(self.BINDINGS)),
        ]

    def rows(self, bindings: Iterable[BindingType]) -> list[KeyRow]:
        """Rows for bindings: keys bound to the same action share a row (``escape / q``)."""
        by_action: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(bindings):
            by_action.setdefault(binding.action, []).append(binding)
        return [self.row(same) for same in by_action.values()]

    def row(self, bindings: Sequence[Binding]) -> KeyRow:
        """One row for the bindings of one action."""
        keys = " / ".join(dict.fromkeys(self.app.get_key_display(binding) for binding in bindings))
        first = bindings[0]
        return keys, first.description or first.action, first.tooltip or ""

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)


def group_table(place: str, rows: Sequence[KeyRow]) -> Table:
    """The keys of one place under its name; a key listed twice in a place shows once."""
    table = Table(
        title=place,
        title_justify="left",
        title_style="bold underline",
        box=None,
        expand=True,
        show_header=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("key", style="bold", no_wrap=True, width=14)
    table.add_column("what", no_wrap=True, width=17)
    table.add_column("details", style="dim", ratio=1)
    for key, what, details in dict((row[0], row) for row in rows).values():
        table.add_row(Text(key), Text(what), Text(details))
    table.add_row("", "", "")
    return table
