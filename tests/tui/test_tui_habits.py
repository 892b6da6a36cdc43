"""The TUI's own habits: live screens follow the data through one base, the dashboard scores off the event loop, the
command palette lists the bindings themselves, saves report back by message, and widths are terminal cells."""

from __future__ import annotations

import threading

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import Static

from okrtui.errors import DataFileError
from okrtui.services.dashboard import DashboardView, TeamProgress, dashboard_view
from okrtui.tui.app import OkrApp
from okrtui.tui.base import LiveScreen
from okrtui.tui.details_screen import DetailsScreen
from okrtui.tui.messages import SaveFailed
from okrtui.tui.modals.forms import KpiForm
from okrtui.tui.screens import dashboard
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.checkin_summary import CheckInSummary
from okrtui.tui.screens.dashboard import DashboardScreen, teams_text
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.main import MainScreen
from okrtui.tui.screens.scorecard import ScorecardScreen
from okrtui.tui.widgets.lines import cut

# -- live screens -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "screen", [MainScreen, DueScreen, DetailsScreen, CheckInSession, CheckInSummary, DashboardScreen, ScorecardScreen]
)
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
        assert "Sales" in str(app.screen.query_one("#teams", Static).render())
        assert len(scoring_threads) == 1, "one score per draw: the screen follows the data once"
        assert scoring_threads[0] is not threading.main_thread(), "scored off the event loop"

        await pilot.press("right_square_bracket")
        await ui.settle(pilot)
        assert app.screen.title == "Dashboard 2027-Q1"
        assert len(scoring_threads) == 2
        assert scoring_threads[1] is not threading.main_thread()


# -- the command palette ----------------------------------------------------------------------------------------------


async def palette_hits(app, pilot, ui) -> list[tuple[str, str | None]]:
    """Open the palette and read what it lists before anything is typed: (name, help) of each entry."""
    await ui.settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)

    def listed() -> bool:
        lists = app.screen.query("CommandList")
        return bool(lists) and lists.first().option_count > 20

    assert await ui.wait_until(pilot, listed), "the palette lists its commands"
    options = app.screen.query_one("CommandList").options
    return [(option.hit.text, option.hit.help) for option in options]


async def test_the_palette_lists_every_binding_with_its_own_description_and_tooltip(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        hits = await palette_hits(app, pilot, ui)
    bindings = [*OkrApp.BINDINGS, *MainScreen.BINDINGS]
    first_of_each_action = {binding.action: binding for binding in reversed(bindings) if binding.description}
    described = [(binding.description, binding.tooltip) for binding in reversed(first_of_each_action.values())]
    # one entry per action (? and F1 both open the help): 4 of the app (ctrl+c quit too), 28 of the main screen
    assert len(described) == 32
    missing = [entry for entry in described if entry not in hits]
    assert not missing, f"bindings missing from the palette, or with another help text: {missing}"


async def test_a_palette_entry_runs_its_binding_on_the_main_screen(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await palette_hits(app, pilot, ui)
        await pilot.press(*"Year")
        await pilot.pause()
        assert await ui.wait_until(
            pilot, lambda: str(app.screen.query_one("CommandList").get_option_at_index(0).hit.text) == "Year"
        )
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: str(app.period) == "2026"), "y's action ran: the whole year"
        assert isinstance(app.screen, MainScreen)


# -- saves report back by message -------------------------------------------------------------------------------------


async def open_kpi_form(app, pilot, ui, name: str) -> KpiForm:
    """Edit K-1 with a new name typed in."""
    await ui.settle(pilot)
    await ui.goto(pilot, "kpis", "K-1")
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, KpiForm)
    await ui.fill(pilot, "name", name)
    return app.screen


async def test_a_save_failed_message_keeps_the_form_open_with_what_was_typed(demo_file, app_for, ui):
    app = app_for(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_kpi_form(app, pilot, ui, "Renamed [b]MRR[/b]")
        form.saving = True
        form.post_message(SaveFailed(DataFileError("disk full")))
        await pilot.pause()
        assert app.screen is form, "the form stays open"
        assert ui.field(pilot, "name") == "Renamed [b]MRR[/b]"
        assert ui.error(pilot, "form") == "Not saved: disk full. Your input is kept; try again."
        assert not form.saving and not form.query_one("#save").disabled, "Save can be pressed again"
    assert demo_file.read_bytes() == before


async def test_a_save_reports_the_saved_id_to_the_form_that_asked(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_kpi_form(app, pilot, ui, "Renamed")
        done: list[str | None] = []
        form.dismiss = done.append  # what the form closes with: the saved record's id
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert done == ["K-1"]
        assert ui.record(demo_file, "K-1")["name"] == "Renamed"
        assert "Saved K-1" in [str(n.message) for n in ui.notifications(app)]


async def test_a_failure_for_a_form_already_closed_is_a_notification(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_kpi_form(app, pilot, ui, "Renamed")
        app.pop_screen()
        await pilot.pause()
        app._save_failed(DataFileError("disk full"), form)
        await pilot.pause()
        assert [(str(n.title), str(n.message)) for n in ui.notifications(app)] == [("Not saved", "disk full")]


# -- widths are terminal cells ----------------------------------------------------------------------------------------


def test_a_title_of_combining_accents_is_measured_in_cells_not_code_points():
    title = "Cafe\u0301 " * 4  # 20 cells, 24 code points
    assert cut(title, 22) == title, "fits in 22 cells: not cut"
    assert cut(title, 10) == "Cafe\u0301 Cafe\u0301…", "9 cells and the ellipsis, the last accent kept with its e"


def test_a_title_of_wide_characters_is_cut_to_the_cells_it_may_take():
    title = "日本語のタイトル"  # 16 cells
    assert cut(title, 16) == title
    assert cut(title, 10) == "日本語の…", "8 cells of text and the ellipsis: the fifth character would overflow"


def test_the_dashboard_lines_up_team_bars_whatever_the_team_names_are_written_in():
    teams = ["Re\u0301seau", "日本", "Ops"]  # 6, 4 and 3 cells
    view = DashboardView(
        period="2026-Q4",
        today="2026-11-22",
        overall=0.5,
        expected=0.6,
        teams=tuple(TeamProgress(team, 1, 0.5) for team in teams),
        kr_status={},
        kpi_health={},
        timeline=(),
        attention=(),
        overdue=(),
        hints=(),
    )
    lines = teams_text(view).plain.splitlines()
    bars = [line for line in lines if "█" in line and not line.startswith("Overall")]
    assert [cell_len(line[: line.index("█")]) for line in bars] == [10, 10, 10], "every bar starts at cell 10"
