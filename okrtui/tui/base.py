"""Screen bases: ``self.app`` typed as ``OkrApp`` (so the type checker knows ``data``, ``ws``, ``save``…), and
``LiveScreen``, the one way a screen follows the app's data and period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, getters, on
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp

ResultType = TypeVar("ResultType")
"""What the screen gives back when it is dismissed."""


class OkrScreen(Screen[ResultType]):
    """A full screen of okrtui."""

    if TYPE_CHECKING:
        app = getters.app(OkrApp)


class OkrModal(ModalScreen[ResultType]):
    """A modal screen of okrtui (forms, choices, pickers)."""

    if TYPE_CHECKING:
        app = getters.app(OkrApp)


class LiveScreen(OkrScreen[ResultType]):
    """The one place a screen follows the app's ``data`` and ``period``.

    Subclasses draw in ``redraw``: it runs on mount (after the subclass's own ``on_mount``) once the first read is in,
    and after every reload. A period change calls ``period_changed``, which redraws unless a subclass draws less.
    Before the first read is in, ``waiting`` runs instead.
    """

    @on(events.Mount)
    def _follow_the_app(self) -> None:
        self.watch(self.app, "data", self._data_changed, init=False)
        self.watch(self.app, "period", self._period_changed, init=False)
        if self.app.data is None:
            self.waiting()
        else:
            self.redraw()

    def _data_changed(self, _: Any = None) -> None:
        if self.app.data is not None:
            self.redraw()

    def _period_changed(self, _: Any = None) -> None:
        if self.app.data is not None:
            self.period_changed()

    def redraw(self) -> None:
        """Draw the screen from ``self.app.data`` (never None here) and ``self.app.period``."""
        raise NotImplementedError

    def period_changed(self) -> None:
        """The period shown changed: redraw (subclasses may draw less)."""
        self.redraw()

    def waiting(self) -> None:
        """Before the first read of the file is in: nothing by default."""
