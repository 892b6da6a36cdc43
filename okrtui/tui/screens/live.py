"""A screen drawn from the app's data that redraws whenever the data file or the chosen period changes."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


class LiveScreen(Screen[None]):
    """Subclasses draw in ``redraw``; it runs on mount and after every reload or period change."""

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._changed, init=False)
        self.watch(self.app, "period", self._changed, init=False)
        self._changed()

    def _changed(self, _: Any = None) -> None:
        if self.app.data is not None:
            self.redraw()

    def redraw(self) -> None:
        """Draw the screen from ``self.app.data`` and ``self.app.period``."""
        raise NotImplementedError
