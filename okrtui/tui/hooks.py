"""The UI's side of the hooks (:mod:`okrtui.services.hooks`): each change the app commits runs its hooks in a worker
thread of the ``hooks`` group, never on the event loop and never holding up the save; a hook that fails, hangs or is
refused is a warning notification."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from okrtui.services import hooks

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


def attach(app: OkrApp) -> None:
    """Run the hooks of every change committed through ``app.ws``, one worker per change."""
    ws = app.ws
    one_at_a_time = threading.Lock()

    def committed(entry: dict) -> None:
        try:
            app.call_from_thread(start, entry)  # saves commit in their own worker thread
        except RuntimeError:  # committed on the event loop itself (or before the app runs)
            start(entry)

    def start(entry: dict) -> None:
        app.run_worker(lambda: run(entry), name="hooks", group="hooks", thread=True, exit_on_error=False)

    def run(entry: dict) -> None:
        with one_at_a_time:  # changes saved in quick succession: their hooks don't run over each other
            hooks.run_hooks(entry, ws.repo.path, actor=ws.actor, today=ws.today, warn=warn)

    def warn(message: str) -> None:
        with contextlib.suppress(RuntimeError):  # RuntimeError: the app has closed meanwhile, nobody is left to tell
            app.call_from_thread(app.notify, message, title="Hook", severity="warning", timeout=10, markup=False)

    ws.repo.after_commit.append(committed)
