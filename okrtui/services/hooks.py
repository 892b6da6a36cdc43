"""Hooks: the acting user's own executables, run after a change has committed, each reading one JSON document on stdin.

They live in the acting user's config folder, ``$XDG_CONFIG_HOME/okrtui/hooks`` (``~/.config/okrtui/hooks``), or
``$OKRTUI_HOOKS``; never beside the data file, which a whole team may write. A hook is named for its event, taskwarrior
style: ``on-change*`` (every change), ``on-checkin*``, ``on-value*``, ``on-alert*``, ``on-close*``; several of one
event run in name order. Both faces call :func:`run_hooks` with each committed journal entry, outside the lock.

This module is what every write pays: with no hooks folder, one stat. The rest (finding, checking, running the hooks,
the JSON they read) is :mod:`okrtui.services.hook_runner`, imported only when the folder exists.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

Warn = Callable[[str], None]
"""How a face shows one line about a hook that failed or was refused (the CLI: stderr; the UI: a notification)."""


def hooks_folder() -> Path:
    """Where the acting user's hooks live: ``$OKRTUI_HOOKS``, else ``$XDG_CONFIG_HOME/okrtui/hooks``, else
    ``~/.config/okrtui/hooks`` (a relative XDG_CONFIG_HOME is ignored, as the XDG spec says)."""
    explicit = os.environ.get("OKRTUI_HOOKS")
    if explicit:
        return Path(explicit).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(config):
        config = os.path.join(os.path.expanduser("~"), ".config")
    return Path(config, "okrtui", "hooks")


def run_hooks(entry: dict, data_path: str | os.PathLike, *, actor: str, today: date, warn: Warn) -> None:
    """Run the hooks the committed change ``entry`` (a journal entry) sets off, each to its end or its time limit.

    Never raises: whatever goes wrong with a hook is one ``warn`` line, and the change stays as it was committed.
    """
    folder = hooks_folder()
    try:
        os.stat(folder)
    except (OSError, ValueError):
        return  # no hooks: this stat is the whole cost of a write
    from okrtui.services import hook_runner

    hook_runner.run(folder, entry, Path(data_path), actor=actor, today=today, warn=warn)
