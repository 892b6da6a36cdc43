"""The Textual app: owns the workspace, loads data off the UI thread, watches the file for other writers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.reactive import reactive

from okrtui.domain.periods import Period
from okrtui.errors import Busy, DataFileError, OkrError
from okrtui.formatting import change_summary, safe
from okrtui.services.filters import same_name
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace
from okrtui.store.journal import change_number, meta_state
from okrtui.store.repository import Repository
from okrtui.store.storage import file_signature
from okrtui.tui.base import Blocking
from okrtui.tui.commands import OkrCommands
from okrtui.tui.hooks import attach as attach_hooks
from okrtui.tui.messages import SaveDone, SaveFailed
from okrtui.tui.navigation import Navigation

SAVE_ATTEMPTS = 3
"""Tries of a save while another writer holds the lock; the form keeps its input all the while."""
WATCH_INTERVAL = 0.5
"""Seconds between looks at the data file's signature (inode, mtime, size)."""
NEWS_SHOWN = 3
"""At most this many toasts per reload say what someone else changed; the last one counts the rest."""


class DataLoaded(Message):
    """A fresh read of the data file."""

    def __init__(self, data: Dataset, signature: tuple[int, int, int] | None, changes: list[dict]) -> None:
        super().__init__()
        self.data = data
        self.signature = signature
        self.changes = changes
        """The journal's entries committed since the previous read (none on the first)."""


class DataFailed(Message):
    """The data file could not be read (corrupt, newer schema, no permission)."""

    def __init__(self, error: OkrError) -> None:
        super().__init__()
        self.error = error


class OkrApp(Navigation, App[None]):
    """okrtui: objectives, key results, initiatives and KPIs over one live data file."""

    CSS_PATH = "app.tcss"
    TITLE = "okrtui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {OkrCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="List every key"),
        Binding(
            "f1", "help", "Help", show=False, priority=True, id="help.f1", tooltip="List every key (in a text box too)"
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave okrtui (everything is saved as you go)"),
        Binding(
            "ctrl+c",
            "quit_asking",
            "Quit",
            show=False,
            priority=True,  # before a field's copy: ctrl+c leaves, as in any terminal program
            id="quit.ctrl_c",
            tooltip="Leave okrtui (asks first when a form holds unsaved input)",
        ),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reload", tooltip="Read the data file again"),
    ]

    data: reactive[Dataset | None] = reactive(None, init=False, always_update=True)
    """The latest read of the data file; None until the first load."""
    period: reactive[Period] = reactive(Period(2000, 1), init=False)
    """The period the screens show."""

    def __init__(self, ws: Workspace, *, watch: bool = True) -> None:
        super().__init__()
        if self.console.color_system == "standard":  # 16 colours: at-risk in the terminal's yellow, off-track its red
            self.ansi_color = True  # (the theme's orange and pink became bright red and magenta there)
        self.ws = ws
        self.reader = Workspace(Repository(ws.repo.path, read_only=True), ws.actor, ws.today)
        """The same file for the reading threads: a storage of their own, so a read never meets a save's
        transaction on the shared one."""
        self.watch_file = watch
        self._journal_offset: int | None = None
        """Where the journal's next new entries start (None until the first read)."""
        self._journal_last = 0
        self.journal_state: tuple[int, int | None] | None = None
        """The journal's commit point as of the last load (what a details screen's history reads up to)."""
        """The number of the newest change read so far."""
        self._undoing = False
        self._signature: tuple[int, int, int] | None = None
        self._load_error: OkrError | None = None
        self._loading = False
        self._reload_wanted = False
        self.set_reactive(OkrApp.period, ws.default_period)
        # Who acts and read-only first: a long path is what gets cut when the header is narrow.
        read_only = "  ·  read-only" if ws.repo.storage.read_only else ""
        self.sub_title = f"as {ws.actor}{read_only}  ·  {ws.repo.path}"
        attach_hooks(self)  # each change saved here runs the user's hooks in a worker

    def get_default_screen(self):
        """The four panes."""
        from okrtui.tui.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        self.load()
        if self.watch_file:
            self.set_interval(WATCH_INTERVAL, self.poll_file, name="watch data file")

    @property
    def dataset(self) -> Dataset:
        """The latest read, for what opens only once it is in (forms, the delete question): raises before."""
        if self.data is None:
            raise RuntimeError("the data file has not been read yet")
        return self.data

    # -- loading ------------------------------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the whole file in a thread: now, or as soon as the read in flight is in.

        One read at a time, never cancelled: a big file takes longer to read than the watcher waits between looks, and
        cancelling the read in flight for a new one would never show anything.
        """
        if self._loading:
            self._reload_wanted = True
            return
        self._loading, self._reload_wanted = True, False
        self._load_worker()

    @work(thread=True, group="load", exit_on_error=False)
    def _load_worker(self) -> None:
        """Parse and check the file off the event loop and post it; widgets are touched only by the message handler."""
        signature = file_signature(self.ws.repo.path)
        try:
            with self.reader.repo.snapshot() as raw:  # one parse for the records and the journal's commit point
                data = Dataset.load(self.reader)
                changes = self._journal_news(raw)
            data.scorer(self.ws.today).warm(self.period)  # the scores the panes draw, off the event loop
        except OkrError as error:
            self.post_message(DataFailed(error))
            return
        except Exception as error:  # never leave the app waiting for a read that died
            self.post_message(DataFailed(DataFileError(f"can't read {self.ws.repo.path}: {error}")))
            return
        self.post_message(DataLoaded(data, signature, changes))

    def _journal_news(self, raw: dict) -> list[dict]:
        """The journal entries committed since the last read: only the new lines are read. The first read starts at
        the commit point, so what was there before the session is no news."""
        from okrtui.services.history import new_entries

        last, committed = self.journal_state = meta_state(raw)
        committed = committed or 0
        if self._journal_offset is None or committed < self._journal_offset:  # first read, or a journal cut short
            self._journal_offset, self._journal_last = committed, last
            return []
        changes, offset = new_entries(self.reader, self._journal_offset)
        # The reader never moves past an entry not committed yet (it is read again next time, and told once
        # committed); one read again (a merged line) is not told twice.
        self._journal_offset = offset
        fresh = [entry for entry in changes if (change_number(entry["id"]) or 0) > self._journal_last]
        self._journal_last = max([self._journal_last, *(change_number(entry["id"]) or 0 for entry in fresh)])
        return fresh

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_file(self) -> None:
        """Look at the file's signature; reload when another process replaced it (not while a read is in flight: its
        signature is compared when it is in)."""
        if self._loading:
            return
        signature = file_signature(self.ws.repo.path)
        if signature != self._signature:
            self.call_from_thread(self._file_changed, signature)

    def _file_changed(self, signature: tuple[int, int, int] | None) -> None:
        if not self._loading and signature != self._signature:
            self.load()

    def _load_finished(self) -> None:
        """The read in flight is in: start the one asked for meanwhile, if any."""
        self._loading = False
        if self._reload_wanted:
            self.load()

    @on(DataLoaded)
    def _loaded(self, message: DataLoaded) -> None:
        self._signature = message.signature
        if self._load_error is not None:
            self._load_error = None
            from okrtui.tui.screens.error import DataErrorScreen

            if isinstance(self.screen, DataErrorScreen):
                self.pop_screen()
        self.data = message.data
        self._announce(message.changes)
        self._load_finished()

    def _announce(self, changes: list[dict]) -> None:
        """A toast per change someone else made (never for this session's person), at most ``NEWS_SHOWN``."""
        others = [entry for entry in changes if not same_name(str(entry.get("by", "")), self.ws.actor)]
        shown = others[:NEWS_SHOWN]
        for number, entry in enumerate(shown, start=1):
            text = f"{safe(entry.get('by'))}: {change_summary(entry)}"
            if number == len(shown) and len(others) > len(shown):
                rest = len(others) - len(shown)
                text += f"\nand {rest} more change{'' if rest == 1 else 's'}"
            self.notify(text, title="Changed", timeout=6, markup=False)

    @on(DataFailed)
    def _failed(self, message: DataFailed) -> None:
        from okrtui.tui.screens.error import DataErrorScreen

        self._signature = file_signature(self.ws.repo.path)
        first_failure = self._load_error is None
        self._load_error = message.error
        if first_failure or not isinstance(self.screen, DataErrorScreen):
            self.push_screen(DataErrorScreen(message.error))
        self._load_finished()

    def action_reload(self) -> None:
        """Read the file again now."""
        self.load()

    # -- saving -------------------------------------------------------------------------------------------------------

    def save(
        self,
        operation: Callable[[Workspace], str | None],
        *,
        reply_to: MessagePump | None = None,
        success: str | None = None,
        announce: bool = False,
        failed: str = "Not saved",
    ) -> None:
        """Run a service call in a thread, then read the file again. ``reply_to`` gets ``SaveDone`` (with what
        ``operation`` returned) or ``SaveFailed``; a failure nobody takes is a notification titled ``failed``, as is
        ``success``, and, with ``announce``, the account the operation returned."""
        self._save_worker(operation, reply_to, success, announce, failed)

    @work(thread=True, group="save", exit_on_error=False)
    def _save_worker(
        self,
        operation: Callable[[Workspace], str | None],
        reply_to: MessagePump | None,
        success: str | None,
        announce: bool,
        failed: str = "Not saved",
    ) -> None:
        try:
            saved = self._with_retries(operation)
        except OkrError as error:
            self.call_from_thread(self._save_failed, error, reply_to, failed)
            return
        except OSError as error:  # anything the storage did not already phrase
            self.call_from_thread(self._save_failed, DataFileError(f"can't save: {error}"), reply_to, failed)
            return
        except Exception as error:  # any failure is a message: an escaped one would leave Save stuck for good
            message = f"can't save: {type(error).__name__}: {error}"
            self.call_from_thread(self._save_failed, DataFileError(message), reply_to, failed)
            return
        self.call_from_thread(self._save_done, saved, reply_to, saved if announce else success, announce)

    def _with_retries(self, operation: Callable[[Workspace], str | None]) -> str | None:
        """Run ``operation``; when the file stays busy (a hung writer), try again a few times before giving up."""
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                return operation(self.ws)
            except Busy:
                if attempt == SAVE_ATTEMPTS:
                    raise
                note = f"The data file is busy; trying again ({attempt}/{SAVE_ATTEMPTS - 1})"
                self.call_from_thread(self.notify, note, severity="warning", timeout=3)
        raise AssertionError("unreachable")

    def _save_done(self, saved: str | None, reply_to: MessagePump | None, success: str | None, announce: bool) -> None:
        if success:
            self.notify(success, timeout=8 if announce else 3, markup=False)
        if reply_to is not None:
            reply_to.post_message(SaveDone(saved))
        self.load()

    def _save_failed(self, error: OkrError, reply_to: MessagePump | None, title: str = "Not saved") -> None:
        if reply_to is None or not reply_to.post_message(SaveFailed(error)):
            self.notify(error.message, title=title, severity="error", timeout=8, markup=False)

    # -- undo ---------------------------------------------------------------------------------------------------------

    def undo_last(self, change_id: str | None = None) -> None:
        """Undo this person's latest change (or ``change_id``) in a thread; a toast says what was undone, or why it
        can't be."""
        if self._undoing:  # a second ctrl+z before the first is done would undo the undo
            return
        self._undoing = True

        def undo(ws: Workspace) -> str:
            from okrtui.services.history import undo as undo_change

            try:
                undone, _ = undo_change(ws, change_id)
            finally:
                self.call_from_thread(self._undo_finished)
            return f"Undid {safe(undone['id'])}: {change_summary(undone)}"

        self.save(undo, announce=True, failed="Not undone")

    def _undo_finished(self) -> None:
        self._undoing = False

    # -- period and help ----------------------------------------------------------------------------------------------

    def shift_period(self, steps: int) -> None:
        """Show the previous or next quarter (or year)."""
        shifted = self.period.shifted(steps)
        if not 1 <= shifted.year <= 9999:
            self.notify("No period before 0001 or after 9999", severity="warning")
            return
        self.period = shifted

    def toggle_year(self) -> None:
        """Switch between the current quarter and its whole year."""
        if self.period.quarter is None:
            this_year = self.period.year == self.ws.today.year
            self.period = Period.containing(self.ws.today) if this_year else Period(self.period.year, 1)
        else:
            self.period = Period(self.period.year)

    def action_quit_asking(self) -> None:
        """ctrl+c: quit, after asking when a form holds unsaved input."""
        from okrtui.tui.modals.quitting import quit_asking

        quit_asking(self)

    def action_help(self) -> None:
        """Open the key help of the screen in front."""
        from okrtui.tui.navigation import key_places
        from okrtui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # F1 again
        else:
            self.push_screen(HelpScreen(self.screen, key_places()))

    async def run_action(
        self, action: str | ActionParseResult, default_namespace: DOMNode | None = None, namespaces: Any = None
    ) -> bool:
        """Run an action (a key, a click, the palette), unless its screen says it can't run now (``blocked_reason``):
        then only say why, and open nothing."""
        default = self if default_namespace is None else default_namespace
        target, name, _ = self._parse_action(action, default, namespaces)
        if isinstance(target, Blocking) and target.refused(name):
            return True
        return await super().run_action(action, default_namespace, namespaces)
