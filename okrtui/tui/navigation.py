"""Which screen opens which: the app opens every screen, so no screen imports another.

``OkrApp`` inherits these methods; a screen calls ``self.app.open_details("KR-3")`` and the like. Each method imports
its screen when it is first opened, so starting the app loads only the main screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from okrtui.services.reviews import Scope, due_items
from okrtui.tui.session_log import SessionLog

if TYPE_CHECKING:
    from textual.binding import BindingType

    from okrtui.tui.app import OkrApp


class Navigation:
    """The screens of okrtui, opened by what they show."""

    def open_details(self, record_id: str) -> None:
        """Push the details screen of any record id (``O-1``, ``KR-3``, ``I-2``, ``K-1``); other ids do nothing."""
        from okrtui.tui.screens.details import InitiativeDetails, KeyResultDetails, ObjectiveDetails
        from okrtui.tui.screens.kpi_details import KpiDetails

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        prefix = record_id.split("-", 1)[0]
        screen = {"O": ObjectiveDetails, "KR": KeyResultDetails, "I": InitiativeDetails, "K": KpiDetails}.get(prefix)
        if screen is not None:
            app.push_screen(screen(record_id))

    def start_checkin_session(self) -> None:
        """Ask the scope, then walk through what is due in it (or show the summary at once when nothing is)."""
        from okrtui.tui.modals.scope_picker import ScopePicker
        from okrtui.tui.screens.checkin_session import CheckInSession

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        if app.data is None:
            app.notify("Still reading the data file; try again in a moment", severity="warning")
            return

        def begin(scope_text: str | None) -> None:
            if scope_text is None or app.data is None:
                return
            scope = Scope.parse(scope_text, app.ws.actor)
            items = due_items(app.data, app.ws.today, scope, app.period)
            log = SessionLog(scope, app.period, [item.kr.id for item in items], app.data)
            if items:
                app.push_screen(CheckInSession(log))
            else:
                app.show_checkin_summary(log)

        app.push_screen(ScopePicker(app.data, app.period), begin)

    def show_checkin_summary(self, log: SessionLog, *, replace: bool = False) -> None:
        """The summary of a check-in session, over the current screen or in its place."""
        from okrtui.tui.screens.checkin_summary import CheckInSummary

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        if replace:
            app.switch_screen(CheckInSummary(log))
        else:
            app.push_screen(CheckInSummary(log))

    def open_due(self) -> None:
        """The Due view: who hasn't checked in."""
        from okrtui.tui.screens.due import DueScreen

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        app.push_screen(DueScreen())

    def open_dashboard(self) -> None:
        """The dashboard of the period."""
        from okrtui.tui.screens.dashboard import DashboardScreen

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        app.push_screen(DashboardScreen())

    def open_scorecard(self) -> None:
        """The balanced scorecard of the period."""
        from okrtui.tui.screens.scorecard import ScorecardScreen

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        app.push_screen(ScorecardScreen())

    def open_history(self, record: str | None = None) -> None:
        """The History screen: every change, or those of ``record``."""
        from okrtui.tui.screens.history import HistoryScreen

        app = cast("OkrApp", self)  # the mixin is only ever an OkrApp
        app.push_screen(HistoryScreen(record))

    def open_change(self, entry: dict) -> None:
        """One change of the journal, every field's before and after."""
        from okrtui.tui.screens.history import ChangeScreen

        app = cast("OkrApp", self)
        app.push_screen(ChangeScreen(entry))


def key_places() -> list[tuple[str, tuple[type, ...], list[BindingType]]]:
    """(name, the screens it names, their keys) of every place of the app, in the order the key help lists them (here,
    where the screens are known, so that no screen imports another)."""
    from okrtui.tui.details_screen import DetailsScreen
    from okrtui.tui.modals.confirm import ChoiceScreen
    from okrtui.tui.modals.form import Form
    from okrtui.tui.modals.scope_picker import ScopePicker
    from okrtui.tui.screens.checkin_session import CheckInSession
    from okrtui.tui.screens.checkin_summary import CheckInSummary
    from okrtui.tui.screens.dashboard import DashboardScreen
    from okrtui.tui.screens.details import InitiativeDetails, KeyResultDetails, ObjectiveDetails
    from okrtui.tui.screens.due import DueScreen
    from okrtui.tui.screens.help import NAVIGATION
    from okrtui.tui.screens.history import ChangeScreen, HistoryScreen
    from okrtui.tui.screens.kpi_details import KpiDetails
    from okrtui.tui.screens.main import MainScreen
    from okrtui.tui.screens.scorecard import ScorecardScreen
    from okrtui.tui.widgets.panes import ObjectivesPane, RecordTable

    panes = [*ObjectivesPane.BINDINGS, *RecordTable.BINDINGS, *NAVIGATION]
    session = [*CheckInSession.BINDINGS, *CheckInSummary.BINDINGS]
    history = [*HistoryScreen.BINDINGS, *ChangeScreen.BINDINGS]
    return [
        ("Main screen", (MainScreen,), MainScreen.BINDINGS),
        ("In the panes and tables", (), panes),
        ("Details screens", (DetailsScreen,), DetailsScreen.BINDINGS),
        ("Objective details", (ObjectiveDetails,), ObjectiveDetails.BINDINGS),
        ("Key result details (check-ins)", (KeyResultDetails,), KeyResultDetails.BINDINGS),
        ("Initiative details", (InitiativeDetails,), InitiativeDetails.BINDINGS),
        ("KPI details (chart and values)", (KpiDetails,), KpiDetails.BINDINGS),
        ("Dashboard (g)", (DashboardScreen,), DashboardScreen.BINDINGS),
        ("Scorecard (p)", (ScorecardScreen,), ScorecardScreen.BINDINGS),
        ("Due (u)", (DueScreen,), DueScreen.BINDINGS),
        ("Weekly check-in (w) and its summary", (CheckInSession, CheckInSummary), session),
        ("History (H) and a change in full", (HistoryScreen, ChangeScreen), history),
        ("Forms", (Form,), Form.BINDINGS),
        ("Questions and pickers", (ChoiceScreen, ScopePicker), [*ChoiceScreen.BINDINGS, *ScopePicker.BINDINGS]),
    ]
