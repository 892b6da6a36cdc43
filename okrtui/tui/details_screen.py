"""The base of every details screen: one record, redrawn from the app's latest read, closed with escape or q."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from okrtui.errors import OkrError
from okrtui.formatting import safe
from okrtui.services.history import Log, read_log
from okrtui.services.views import Dataset, Scorer
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.history import HistorySection

EDIT = Binding(
    "e", "edit", "Edit", id="details.edit", tooltip="Edit this record, or the row selected in one of its tables"
)
DELETE = Binding(
    "d",
    "delete",
    "Delete",
    id="details.delete",
    tooltip="Delete this record, or the row selected in one of its tables (asks first)",
)
CHECK_IN = Binding(
    "c", "checkin", "Check in", id="details.checkin", tooltip="Check in on this key result, or on the selected one"
)
RECORD = Binding("r", "record", "Record", id="details.record", tooltip="Record a value for this KPI (today by default)")
"""The keys that act on a details screen's record or on its selected row; each screen binds those that apply."""


class DetailsScreen(LiveScreen[None]):
    """A scrollable page about one record that follows the live data and closes with escape or q."""

    KIND: ClassVar[str] = "Record"
    """How the record is named in titles and in the note shown when it is gone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="details.close", tooltip="Close the details and go back"),
        Binding("q", "close", "Back", show=False, id="details.close_q", tooltip="Close the details and go back"),
        Binding("ctrl+z", "undo", "Undo", id="details.undo", tooltip="Undo my latest change (a toast says which)"),
        Binding("H", "history", "History", id="details.history", tooltip="Every change of this record"),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__(classes="details-screen")
        self.record_id = record_id
        self.changes: list[dict] = []
        """The record's journaled changes, newest first, as last read."""
        self.deleting = False
        """The delete of the record shown was confirmed here: when it is gone, the screen closes (not a note)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="details-missing")
            yield from self.compose_body()
            yield HistorySection(self.app.size.width, id="history")
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The widgets that show the record (each with the class ``part``, hidden when it is gone)."""
        yield from ()

    def on_mount(self) -> None:
        self.title = f"{self.KIND} {self.record_id}"

    def waiting(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Redraw from a fresh read, or say why there is nothing to show; the record's history is read in a thread."""
        self.draw_record()
        if self.app.data is not None:  # after the record is on screen: the history's read never holds up its frame
            self.call_after_refresh(self._read_history, self.record_id)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _read_history(self, record_id: str) -> None:
        try:
            log = read_log(self.app.reader, record=record_id, state=self.app.journal_state)
        except OkrError as error:
            log = Log(problems=[error.message])
        self.app.call_from_thread(self._show_history, log)

    def _show_history(self, log: Log) -> None:
        self.changes = log.entries
        self.query_one(HistorySection).show_log(log.entries, log.problems)

    def draw_record(self) -> None:
        """Draw the record from the app's latest read, or say why there is nothing to show."""
        data = self.app.data
        record = self.find(data) if data is not None else None
        self.set_class(record is None, "-missing")
        if data is not None and record is None and self.deleting and self.is_current:
            self.dismiss()
        elif data is None:
            self._say("Reading the data file…")
        elif record is None:
            self._say(
                f"{self.KIND} {safe(self.record_id)} no longer exists: it was deleted, perhaps in another "
                "session.\nPress escape to go back."
            )
        else:
            self.draw(Scorer(data, self.app.ws.today), record)

    def _say(self, note: str) -> None:
        self.query_one("#details-missing", Static).update(Text(note))

    def find(self, data: Dataset) -> Any:
        """The record this screen shows, or None when it no longer exists."""
        raise NotImplementedError

    def draw(self, scorer: Scorer, record: Any) -> None:
        """Fill the widgets from the record and its scores."""
        raise NotImplementedError

    def action_close(self) -> None:
        """Back to the screen below."""
        self.app.pop_screen()

    def selected_row(self, section_id: str) -> str | None:
        """The row key under the cursor of a section's table when that table has the focus, else None."""
        table = self.query_one(f"#{section_id} DataTable", DataTable)
        if self.focused is not table or not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def target(self) -> str:
        """The record under the cursor of the focused table (a listed child or related record), else the one shown."""
        table = self.focused
        if isinstance(table, DataTable) and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key and not key.startswith("_"):
                return key
        return self.record_id

    def write_subject(self, name: str) -> str | None:
        """A write here changes the selected row's record, or the record shown (see ``Blocking``)."""
        return self.target()

    def action_edit(self) -> None:
        """Edit the selected row's record, or the record shown."""
        from okrtui.tui.modals import forms

        record_id = self.target()
        form = {
            "O": forms.ObjectiveForm,
            "KR": forms.KeyResultForm,
            "I": forms.InitiativeForm,
            "K": forms.KpiForm,
        }.get(record_id.split("-", 1)[0])
        if form is not None and self._exists(record_id):
            self.app.push_screen(form(record_id))

    def action_delete(self) -> None:
        """Delete the selected row's record, or the record shown (asks first; its details close once it is gone)."""
        from okrtui.tui.modals.confirm import confirm_delete

        record_id = self.target()
        if self._exists(record_id):
            confirm_delete(self.app, record_id, confirmed=lambda: self._deleting(record_id))

    def _deleting(self, record_id: str) -> None:
        """The delete of ``record_id`` was confirmed: when it is the record shown, its going closes the screen."""
        self.deleting = record_id == self.record_id

    def action_checkin(self) -> None:
        """Check in on the selected key result, or on the key result shown."""
        from okrtui.tui.modals.forms import CheckInForm

        record_id = self.target()
        if not record_id.startswith("KR-") and self.record_id.startswith("KR-"):
            record_id = self.record_id  # an initiative selected on a key result's details: check in on the key result
        if not record_id.startswith("KR-"):
            self.notify("Select a key result first: tab to the key results, then c", severity="warning")
        elif self._exists(record_id):
            self.app.push_screen(CheckInForm(record_id))

    def action_record(self) -> None:
        """Record a value for the KPI shown."""
        from okrtui.tui.modals.forms import RecordForm

        if self._exists(self.record_id):
            self.app.push_screen(RecordForm(self.record_id))

    def _exists(self, record_id: str) -> bool:
        """Whether the latest read holds ``record_id`` (a form on a record gone since would fail to open)."""
        data = self.app.data
        if data is None:
            return False
        if record_id.startswith("I-"):
            return any(item.id == record_id for item in data.initiatives)
        tables: dict[str, dict[str, Any]] = {"O": data.objective_by_id, "KR": data.kr_by_id, "K": data.kpi_by_id}
        return record_id in tables.get(record_id.split("-", 1)[0], {})

    def action_undo(self) -> None:
        """Undo my latest change."""
        self.app.undo_last()

    def action_history(self) -> None:
        """The History screen with this record's changes."""
        self.app.open_history(self.record_id)

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if key.startswith("_change-"):
            self._open_change(key.removeprefix("_change-"))
        elif key and not key.startswith("_"):
            self.app.open_details(key)

    def _open_change(self, change_id: str) -> None:
        entry = next((entry for entry in self.changes if entry["id"] == change_id), None)
        if entry is not None:
            self.app.open_change(entry)
