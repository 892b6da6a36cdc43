"""The ``okrtui`` command and ``python -m okrtui``: what the process does before the app's code is loaded.

A command spends ~50 ms importing its code before it opens the data file, so two things start first: the cycle
collector is turned off (``okrtui.cli.main`` says why; the UI and ``serve`` turn it back on), and a command's data
file, named by ``--db`` or ``OKRTUI_DB``, is read in a thread meanwhile (``okrtui.store.prefetch``). Then
``okrtui.cli.script`` runs the command line.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping, Sequence

VALUE_OPTIONS = frozenset({"--db", "--as", "--today", "--colors"})
"""The options before the command that take a value (the next word); the others are flags."""


def main() -> None:
    gc.disable()
    from okrtui.store import prefetch

    prefetch.start(data_file_named(sys.argv[1:], os.environ))
    from okrtui.cli import script

    script()


def data_file_named(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The data file a command will read, by ``--db`` (or ``OKRTUI_DB``), as the command line will take it; None for
    the UI and ``serve`` (they run for hours: no bytes are held for them) and without a name (the default file is
    found by the command line itself)."""
    named = None
    words = iter(argv)
    for word in words:
        if word == "--":
            return None
        option, equals, value = word.partition("=")
        if option in VALUE_OPTIONS:
            given = value if equals else next(words, None)
            if option == "--db":
                named = given
        elif not word.startswith("-"):
            return None if word == "serve" else os.path.expanduser(named or environ.get("OKRTUI_DB") or "") or None
    return None


if __name__ == "__main__":
    main()
