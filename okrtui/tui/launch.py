"""Start the UI from the CLI (imported only when no subcommand is given)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrtui.cli.settings import Settings


NO_TERMINAL = "no terminal: the UI needs one (run a subcommand, or ssh -t)"
"""Why the UI won't start on a pipe or /dev/null (cron, ``ssh host`` without ``-t``): it would spin there forever."""

UI_LOCK_TIMEOUT = 5.0
"""Seconds one save in the UI waits for the lock before it says the file is busy and tries again."""


def run_app(settings: Settings) -> None:
    """Open the app on the settings' workspace; with --no-mouse, mouse reporting stays off."""
    require_terminal()
    # Escape reaches the app at once instead of after the terminal's escape delay (snappy over SSH).
    os.environ.setdefault("ESCDELAY", "25")
    from okrtui.tui.app import OkrApp

    ws = settings.ws
    if "OKRTUI_LOCK_TIMEOUT" not in os.environ:  # a person waits less than cron: the save retries instead
        ws.repo.storage.lock_timeout = UI_LOCK_TIMEOUT
    OkrApp(ws).run(mouse=settings.mouse)


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""The driver textual-serve (``okrtui serve``) starts the app with: it talks over pipes, not a terminal."""


def require_terminal() -> None:
    """Bad input unless stdin and stdout are both a terminal (or the app runs for ``okrtui serve``); checked before
    Textual is imported."""
    from okrtui.errors import BadInput

    if os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER:
        return
    if not (_is_tty(sys.stdin) and _is_tty(sys.stdout)):
        raise BadInput(NO_TERMINAL)


def _is_tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream
        return False
