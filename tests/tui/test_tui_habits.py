"""The TUI's own habits: live screens follow the data through one base, the dashboard scores off the event loop, the
command palette lists the bindings themselves, and saves report back by message."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Static

from okrtui.services.dashboard import dashboard_view
from okrtui.tui.base import LiveScreen
from okrtui.tui.screens import dashboard
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.checkin_summary import CheckInSummary
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.details import DetailsScreen
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.main import MainScreen
from okrtui.tui.screens.scorecard import ScorecardScreen

# -- live screens -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("screen", [MainScreen, DueScreen, DetailsScreen, CheckInSession, CheckInSummary,
                                    DashboardScreen, ScorecardScreen])
def test_every_screen_drawn_from_the_data_is_a_live_screen(screen):
    assert issubclass(screen, LiveScreen)


# -- the dashboard ----------------------------------------------------------------------------------------------------


@pytest.fixture
def scoring_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread of every call of the dashboard's scoring (the real ``dashboard_view``, recorded)."""
    threads: list[threading.Thread] = []

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return dashboard_view(*args, **kwargs)

    monkeypatch.setattr(dashboard, "dashboard_view", recorded)
    return threads


async def test_the_dashboard_scores_once_per_draw_in_a_worker_thread(demo_file, app_for, ui, scoring_threads):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await ui.settle(pilot)
        app.push_screen(DashboardScreen())
        await ui.settle(pilot)
        assert "Sales" in str(app.screen.query_one("#summary", Static).render())
        assert len(scoring_threads) == 1, "one score per draw: the screen follows the data once"
        assert scoring_threads[0] is not threading.main_thread(), "scored off the event loop"

        await pilot.press("right_square_bracket")
        await ui.settle(pilot)
        assert app.screen.title == "Dashboard 2027-Q1"
        assert len(scoring_threads) == 2
        assert scoring_threads[1] is not threading.main_thread()
