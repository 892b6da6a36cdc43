"""The screen shown when the data file can't be used: what is wrong, what to do, and a retry. Never a traceback."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from okrtui.errors import EmptyDataFile, OkrError
from okrtui.formatting import safe
from okrtui.services.views import Dataset
from okrtui.store.storage import newest_backup
from okrtui.tui.base import OkrScreen
from okrtui.tui.widgets.footer import KeyFooter


class DataErrorScreen(OkrScreen[None]):
    """A full-screen explanation of an unusable data file; r reads it again, q quits. The file is never written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", id="error.retry", tooltip="Read the data file again"),
        Binding("q", "quit", "Quit", id="error.quit", tooltip="Leave okrtui; the file stays as it is"),
    ]

    def __init__(self, error: OkrError) -> None:
        super().__init__(classes="error-screen")
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="error-page"):
            yield Static(Text("The data file can't be used", style="bold"), id="problem-title")
            yield Static(id="problem-message")
            yield Static(id="problem-advice")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "The data file can't be used"
        self.show_error(self.error)
        self.query_one(VerticalScroll).focus()

    def show_error(self, error: OkrError) -> None:
        """Show ``error`` (a later failure replaces the first one)."""
        self.error = error
        self.query_one("#problem-message", Static).update(Text(safe(error.message)))
        self.query_one("#problem-advice", Static).update(advice(self.app.ws.repo.path, error))

    def action_retry(self) -> None:
        """Read the file again; the app closes this screen once it reads cleanly."""
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


def advice(path: Path, error: OkrError) -> Group:
    """What a user can do about it, naming the file and its newest backup, as bullets with a hanging indent."""
    steps = Table.grid(padding=(0, 1))
    steps.add_column(width=1)
    steps.add_column(ratio=1)
    if isinstance(error, EmptyDataFile):  # nothing to fix in an editor; a new file, or one cut short
        start = Text("If the file is new, start it:\n")
        start.append(f"okrtui --db {shlex.quote(safe(path))} init", style="bold")
        steps.add_row("•", start)
    else:
        steps.add_row("•", Text("Fix the file in an editor: the message above says where reading stopped."))
    backup = newest_backup(path)
    if backup is not None:
        lead = "If it was cut short, put" if isinstance(error, EmptyDataFile) else "Or put"
        restore = Text(f"{lead} the newest backup back (the broken file is kept beside it):\n")
        restore.append(f"okrtui --db {shlex.quote(safe(path))} doctor --restore 1", style="bold")
        restore.append(f"\n(newest backup: {safe(backup)}; `okrtui doctor` lists them all)", style="dim")
        steps.add_row("•", restore)
    else:
        steps.add_row("•", Text(f"Or restore it from a copy of your own: {safe(path)}.backups/ holds none."))
    steps.add_row("•", Text("Then press r to try again. Nothing is written to the file while this screen is shown."))
    steps.add_row("•", Text("Press q to quit: the file stays exactly as it is."))
    return Group(Text("What you can do", style="bold"), steps)
