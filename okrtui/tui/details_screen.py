"""The base of every details screen: one record, redrawn from the app's latest read, closed with escape or q."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from okrtui.formatting import safe
from okrtui.services.views import Dataset, Scorer
from okrtui.tui.base import LiveScreen


class DetailsScreen(LiveScreen[None]):
    """A scrollable page about one record that follows the live data and closes with escape or q."""

    KIND: ClassVar[str] = "Record"
    """How the record is named in titles and in the note shown when it is gone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="details.close", tooltip="Close the details and go back"),
        Binding("q", "close", "Back", show=False, id="details.close_q", tooltip="Close the details and go back"),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__(classes="details-screen")
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="details-missing")
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The widgets that show the record (each with the class ``part``, hidden when it is gone)."""
        yield from ()

    def on_mount(self) -> None:
        self.title = f"{self.KIND} {self.record_id}"

    def waiting(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Redraw from a fresh read, or say why there is nothing to show."""
        data = self.app.data
        record = self.find(data) if data is not None else None
        self.set_class(record is None, "-missing")
        if data is None:
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

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        record_id = event.row_key.value
        if record_id and not record_id.startswith("_"):
            self.app.open_details(record_id)
