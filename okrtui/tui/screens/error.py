"""The screen shown when the data file can't be used: what is wrong, what to do, and a retry. Never a traceback."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from okrtui.errors import OkrError
from okrtui.formatting import safe
from okrtui.services.views import Dataset
from okrtui.store.storage import newest_backup


class DataErrorScreen(Screen[None]):
    """A full-screen explanation of an unusable data file; r reads it again, q quits. The file is never written."""

    BINDINGS = [
        Binding("r", "retry", "Retry", id="error.retry", tooltip="Read the data file again"),
        Binding("q", "quit", "Quit", id="error.quit", tooltip="Leave okrtui; the file stays as it is"),
    ]

    def __init__(self, error: OkrError) -> None:
        super().__init__(classes="error-screen")
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="error-page"):
            yield Static(Text("The data file can't be used", style="bold"), id="error-title")
            yield Static(id="error-message")
            yield Static(id="error-advice")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "The data file can't be used"
        self.show_error(self.error)
        self.query_one(VerticalScroll).focus()

    def show_error(self, error: OkrError) -> None:
        """Show ``error`` (a later failure replaces the first one)."""
        self.error = error
        self.query_one("#error-message", Static).update(Text(safe(error.message)))
        self.query_one("#error-advice", Static).update(advice(self.app.ws.repo.path))

    def action_retry(self) -> None:
        """Read the file again; the app closes this screen once it reads cleanly."""
        self.notify("Reading the data file again…", timeout=2)
        self._retry()

    @work(thread=True, exclusive=True, group="retry", exit_on_error=False)
    def _retry(self) -> None:
        # A trial read here tells whether it still fails, and why (the problem may have moved to another line);
        # when it works, the app's own load replaces the data and pops this screen.
        try:
            Dataset.load(self.app.ws)
        except OkrError as error:
            self.app.call_from_thread(self._still_failing, error)
            return
        self.app.call_from_thread(self.app.load)

    def _still_failing(self, error: OkrError) -> None:
        self.show_error(error)
        self.notify("The file still can't be used", severity="warning", timeout=4)


def advice(path: Path) -> Text:
    """What a user can do about it, naming the file and its newest backup."""
    backup = newest_backup(path)
    text = Text()
    text.append("What you can do\n", style="bold")
    text.append("• Fix the file in an editor: the message above says where reading stopped.\n")
    if backup is not None:
        text.append("• Or put the newest backup back (the broken file is worth keeping aside first):\n")
        text.append(f"    cp '{safe(path)}' '{safe(path)}.broken'\n", style="bold")
        text.append(f"    cp '{safe(backup)}' '{safe(path)}'\n", style="bold")
    else:
        text.append(f"• Or restore it from a backup of your own (there is none in {safe(path)}.backups/).\n")
    text.append("• `okrtui doctor` will check and restore files for you (to come).\n", style="dim")
    text.append("• Then press r to try again. Nothing is written to the file while this screen is shown.\n")
    text.append("• Press q to quit: the file stays exactly as it is.")
    return text
