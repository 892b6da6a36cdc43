"""Which screen opens which: the app opens every screen, so no screen imports another.

``OkrApp`` inherits these methods; a screen calls ``self.app.open_details("KR-3")`` and the like. Each method imports
its screen when it is first opened, so starting the app loads only the main screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import BindingType

from okrtui.services.reviews import Scope, due_items
from okrtui.tui.session_log import SessionLog

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


class Navigation:
    """The screens of okrtui, opened by what they show."""

    def open_details(self: OkrApp, record_id: str) -> None:
        """Push the details screen of any record id (``O-1``, ``KR-3``, ``I-2``, ``K-1``); other ids do nothing."""
        from okrtui.tui.screens.details import InitiativeDetails, KeyResultDetails, ObjectiveDetails
        from okrtui.tui.screens.kpi_details import KpiDetails

        prefix = record_id.split("-", 1)[0]
        screen = {"O": ObjectiveDetails, "KR": KeyResultDetails, "I": InitiativeDetails, "K": KpiDetails}.get(prefix)
        if screen is not None:
            self.push_screen(screen(record_id))

    def start_checkin_session(self: OkrApp) -> None:
        """Ask the scope, then walk through what is due in it (or show the summary at once when nothing is)."""
        from okrtui.tui.modals.scope_picker import ScopePicker
        from okrtui.tui.screens.checkin_session import CheckInSession

        if self.data is None:
            self.notify("Still reading the data file; try again in a moment", severity="warning")
            return

        def begin(scope_text: str | None) -> None:
            if scope_text is None or self.data is None:
                return
            scope = Scope.parse(scope_text, self.ws.actor)
            items = due_items(self.data, self.ws.today, scope, self.period)
            log = SessionLog(scope, self.period, [item.kr.id for item in items], self.data)
            if items:
                self.push_screen(CheckInSession(log))
            else:
                self.show_checkin_summary(log)

        self.push_screen(ScopePicker(self.data, self.period), begin)

    def show_checkin_summary(self: OkrApp, log: SessionLog, *, replace: bool = False) -> None:
        """The summary of a check-in session, over the current screen or in its place."""
        from okrtui.tui.screens.checkin_summary import CheckInSummary

        if replace:
            self.switch_screen(CheckInSummary(log))
        else:
            self.push_screen(CheckInSummary(log))

    def open_due(self: OkrApp) -> None:
        """The Due view: who hasn't checked in."""
        from okrtui.tui.screens.due import DueScreen

        self.push_screen(DueScreen())

    def open_dashboard(self: OkrApp) -> None:
        """The dashboard of the period."""
        from okrtui.tui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())

    def open_scorecard(self: OkrApp) -> None:
        """The balanced scorecard of the period."""
        from okrtui.tui.screens.scorecard import ScorecardScreen

        self.push_screen(ScorecardScreen())

    def screen_bindings(self: OkrApp) -> dict[str, Iterable[BindingType]]:
        """The keys of each kind of screen, by the name the help gives it."""
        from okrtui.tui.details_screen import DetailsScreen
        from okrtui.tui.screens.kpi_details import KpiDetails
        from okrtui.tui.screens.main import MainScreen

        return {"main": MainScreen.BINDINGS, "details": DetailsScreen.BINDINGS, "kpi": KpiDetails.BINDINGS}
