"""Start the UI from the CLI (imported only when no subcommand is given)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrtui.cli import Settings


def run_app(settings: Settings) -> None:
    """Open the app on the settings' workspace; with --no-mouse, mouse reporting stays off."""
    # Escape reaches the app at once instead of after the terminal's escape delay (snappy over SSH).
    os.environ.setdefault("ESCDELAY", "25")
    from okrtui.tui.app import OkrApp

    app = OkrApp(settings.ws, mouse=settings.mouse)
    app.run(mouse=settings.mouse)
