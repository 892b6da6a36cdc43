"""The History screen: every change to the file, newest first, filtered by person or record; enter shows one in full.

The journal is read in a thread (``history.read_log``) on opening, on every reload of the data file and when the
filter changes; the event loop only draws the rows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Static

from okrtui.errors import BadInput, OkrError
from okrtui.formatting import safe
from okrtui.services.history import Log, read_log
from okrtui.store.repository import parse_id
from okrtui.tui.base import LiveScreen, OkrModal
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.history import WHO_WIDTH, change_cells, change_details
from okrtui.tui.widgets.panes import RecordTable

ROWS_SHOWN = 500
"""The newest changes listed; a filter (or ``okrtui log``) finds older ones."""
FIXED_WIDTH = 6 + 16 + WHO_WIDTH + 4 * 2 + 3
"""What a row spends before its "what" column: id, time, who, the cells' padding, border and scrollbar."""


class HistoryTable(RecordTable):
    """One change per row: id, time, who, what."""

    TITLE_MIN = 20
    LABELS: ClassVar[dict[str, str]] = {"id": "Change", "when": "When (UTC)", "who": "Who", "title": "What"}
    LAYOUTS = (("id", "when", "who", "title"),)


class HistoryFilter:
    """Who and which record the list is narrowed to, from what was typed: ``KR-3``, ``lead``, ``KR-3 lead``."""

    def __init__(self, text: str = "") -> None:
        self.record: str | None = None
        self.by: str | None = None
        for word in text.split():
            try:
                self.record = parse_id(word)
            except BadInput:
                self.by = word

    def __str__(self) -> str:
        return " ".join(part for part in (self.record, self.by) if part)

    def describe(self, count: int) -> str:
        """``12 changes of KR-3 by lead``, ``1 change``, ``No changes by lead``."""
        scope = (f" of {self.record}" if self.record else "") + (f" by {self.by}" if self.by else "")
        return f"{count:,} change{'' if count == 1 else 's'}{scope}" if count else f"No changes{scope}"


class HistoryScreen(LiveScreen[None]):
    """Every journaled change, newest first; / filters by person or record, enter shows a change in full."""

    AUTO_FOCUS = "#history-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="history.close", tooltip="Clear the filter, or close the History"),
        Binding("q", "close", "Back", show=False, id="history.close_q", tooltip="Close the History and go back"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="history.filter",
            tooltip="Only the changes of a record (KR-3) or a person (lead), or both",
        ),
        Binding("m", "mine", "Mine", id="history.mine", tooltip="Only my changes (m again: everyone's)"),
        Binding("ctrl+z", "undo", "Undo", id="history.undo", tooltip="Undo my latest change"),
    ]

    def __init__(self, record: str | None = None) -> None:
        super().__init__(classes="history-screen")
        self.filter = HistoryFilter(record or "")
        self.changes_read: Log | None = None
        """The last read of the journal (with the filter applied)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        yield Static(id="history-note")
        yield HistoryTable(id="history-table")
        yield Input(placeholder="a record (KR-3), a person (lead) or both — enter applies, escape clears", id="filter")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "History"
        self.query_one("#filter").display = False
        self._note("Reading the journal…")

    def waiting(self) -> None:
        self.read()

    def redraw(self) -> None:
        """The file changed (or the screen opened): read the journal again."""
        self.read()

    def period_changed(self) -> None:
        """The journal does not depend on the period shown."""

    def on_resize(self) -> None:
        if self.changes_read is not None:
            self._show(self.changes_read)

    # -- reading ------------------------------------------------------------------------------------------------------

    def read(self) -> None:
        """Read the journal with the filter, in a thread."""
        self._read(self.filter.record, self.filter.by)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _read(self, record: str | None, by: str | None) -> None:
        try:
            log = read_log(self.app.reader, record=record, by=by)
        except OkrError as error:
            self.app.call_from_thread(self._note, f"Can't read the history: {error.message}")
            return
        self.app.call_from_thread(self._show, log)

    def _show(self, log: Log) -> None:
        self.changes_read = log
        table = self.query_one(HistoryTable)
        what = max(20, self.size.width - FIXED_WIDTH)
        shown = log.entries[:ROWS_SHOWN]
        names = tuple(HistoryTable.LABELS)
        table.show([(str(entry["id"]), dict(zip(names, change_cells(entry, what), strict=True))) for entry in shown])
        count = self.filter.describe(len(log.entries))
        if len(log.entries) > len(shown):
            count += f"; the newest {len(shown)} shown (a filter or okrtui log finds the rest)"
        note = Text(count + ", newest first. Enter shows a change in full.")
        for problem in log.problems[:1]:
            note.append(f"\n⚠ {safe(problem)}", style="yellow")
            if len(log.problems) > 1:
                note.append(f" (and {len(log.problems) - 1} more)", style="yellow")
        self.query_one("#history-note", Static).update(note)

    def _note(self, text: str) -> None:
        self.query_one("#history-note", Static).update(Text(text))

    # -- actions ------------------------------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#history-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        entry = self._entry(event.row_key.value)
        if entry is not None:
            self.app.push_screen(ChangeScreen(entry))

    def _entry(self, change_id: str | None) -> dict | None:
        entries = self.changes_read.entries if self.changes_read else []
        return next((entry for entry in entries if entry["id"] == change_id), None)

    def action_filter(self) -> None:
        """Show the filter line."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = str(self.filter)
        box.focus()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        self.filter = HistoryFilter(text)
        self.query_one("#filter", Input).display = False
        self.query_one(HistoryTable).focus()
        self._note("Reading the journal…")
        self.read()

    def action_mine(self) -> None:
        """Only my changes, or everyone's again."""
        mine = self.filter.by is not None and self.filter.by.lower() == self.app.ws.actor.lower()
        self._filter(" ".join(part for part in (self.filter.record, None if mine else self.app.ws.actor) if part))

    def action_back(self) -> None:
        """Close the filter line, clear the filter, or go back."""
        box = self.query_one("#filter", Input)
        if box.display:
            box.display = False
            self.query_one(HistoryTable).focus()
        elif self.filter.record or self.filter.by:
            self._filter("")
        else:
            self.action_close()

    def action_close(self) -> None:
        """Back to the screen below."""
        self.app.pop_screen()

    def action_undo(self) -> None:
        """Undo my latest change."""
        self.app.undo_last()


class ChangeScreen(OkrModal[None]):
    """One change in full: every field's value before and after; u undoes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="change.close", tooltip="Close the change"),
        Binding("q", "close", "Close", show=False, id="change.close_q", tooltip="Close the change"),
        Binding("enter", "close", "Close", show=False, id="change.close_enter", tooltip="Close the change"),
        Binding("u", "undo", "Undo it", id="change.undo", tooltip="Undo this change (refused if a later one clashes)"),
    ]

    def __init__(self, entry: dict) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="change", classes="help") as box:
            box.border_title = Content(f"Change {safe(self.entry.get('id'))}")
            box.border_subtitle = "u undoes it · escape closes"
            yield Static(change_details(self.entry))  # plain Text: the journal holds user text

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_undo(self) -> None:
        """Undo this change, then close."""
        self.app.undo_last(str(self.entry.get("id")))
        self.dismiss(None)
