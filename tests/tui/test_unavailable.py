"""Say what is possible before the user tries: under ``--read-only`` and in a closed period, a write key opens
nothing and says why at once, the footer dims it (``blocked_reason``), and the hints stop inviting edits; a closed
period says "closed" in the objectives pane's title. The data file is never written.

The demo data as of 2026-11-22 (see conftest.py): 2026-Q4 holds O-1..O-6; O-2 holds KR-1; K-1 is mrr, K-3 churn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.closures import close_kr
from okrtui.services.cycles import close_period, reopen_period
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp
from okrtui.tui.base import WRITES, OkrModal
from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.forms import KpiForm, ObjectiveForm, RecordForm
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.details import KeyResultDetails
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen
from okrtui.tui.widgets.footer import KeyFooter

TODAY = "2026-11-22"
READ_ONLY = "read-only session (--read-only): nothing can be changed"
CLOSED = "2026-Q4 is closed: reopen it on the dashboard (g, then O) to change it"


def read_only_app(path: Path) -> OkrApp:
    return OkrApp(Workspace.open(path, actor="viewer", today=TODAY, read_only=True), watch=False)


def toasts(app: OkrApp) -> list[tuple[str, str]]:
    return [(str(note.title), note.message) for note in app._notifications]


def footer_keys(app: OkrApp) -> dict[str, str | None]:
    """Each key the footer of the screen in front shows, with why it is unavailable (None when it is available)."""
    return {key.display: key.blocked for key in app.screen.query_one(KeyFooter).shown_keys()}


async def press_and_expect_refusal(pilot, ui, key: str, reason: str, screen_type: type) -> None:
    """``key`` opens nothing (the screen in front stays) and a notification says ``reason`` at once."""
    app = pilot.app
    before = len(app._notifications)
    await pilot.press(key)
    await pilot.pause()
    assert type(app.screen) is screen_type, f"{key} opened {app.screen!r}"
    assert ("Not available", reason) in toasts(app)[before:] or ("Not available", reason) in toasts(app), toasts(app)


# -- read-only ---------------------------------------------------------------------------------------------------------

WRITE_KEYS = [
    pytest.param("objectives", "O-2", "a", id="a add an objective"),
    pytest.param("objectives", "O-2", "e", id="e edit an objective"),
    pytest.param("krs", "KR-1", "c", id="c check in"),
    pytest.param("krs", "KR-1", "d", id="d delete a key result"),
    pytest.param("krs", "KR-1", "x", id="x close a key result"),
    pytest.param("kpis", "K-3", "r", id="r record a KPI value"),
    pytest.param("kpis", "K-1", "a", id="a add a KPI"),
    pytest.param("objectives", "O-2", "w", id="w weekly check-in"),
    pytest.param("objectives", "O-2", "ctrl+z", id="ctrl+z undo"),
]


@pytest.mark.parametrize(("pane", "record", "key"), WRITE_KEYS)
async def test_read_only_a_write_key_opens_nothing_and_says_why(demo_file, ui, pane, record, key):
    before = demo_file.read_bytes()
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        if pane == "krs":
            await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, pane, record)
        await press_and_expect_refusal(pilot, ui, key, READ_ONLY, MainScreen)
        await ui.settle(pilot)
        assert type(app.screen) is MainScreen
        assert not any(isinstance(screen, OkrModal) for screen in app.screen_stack)
    assert demo_file.read_bytes() == before


async def test_read_only_the_footer_dims_every_write_and_nothing_else(demo_file, ui):
    app = read_only_app(demo_file)
    async with app.run_test(size=(200, 50)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        keys = footer_keys(app)
    blocked = {key for key, reason in keys.items() if reason is not None}
    assert {"a", "e", "d", "c", "r"} <= blocked, keys
    assert {keys[key] for key in blocked} == {READ_ONLY}
    assert {"/", "?", "q", "u", "g"} <= set(keys) - blocked, keys


async def test_a_normal_session_blocks_nothing(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(200, 50)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        keys = footer_keys(app)
        assert {key: reason for key, reason in keys.items() if reason is not None} == {}
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckInForm"


async def test_read_only_hints_on_an_empty_file_do_not_invite_edits(empty_file, ui):
    app = read_only_app(empty_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        text = "\n".join(ui.screen_text(app))
        assert "No data yet" in text, text
        assert "Press a" not in text and "D to load" not in text, text
        await press_and_expect_refusal(pilot, ui, "D", READ_ONLY, MainScreen)
    assert ui.read(empty_file).get("objectives", {}) == {}


async def test_read_only_due_view_enter_and_w_open_nothing(demo_file, ui):
    before = demo_file.read_bytes()
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        assert isinstance(app.screen, DueScreen)
        text = "\n".join(ui.screen_text(app))
        assert "key results due" in text and "checks in" not in text, text  # no invitation to check in
        await press_and_expect_refusal(pilot, ui, "enter", READ_ONLY, DueScreen)
        await press_and_expect_refusal(pilot, ui, "w", READ_ONLY, DueScreen)
    assert demo_file.read_bytes() == before


async def test_read_only_details_screens_refuse_their_writes_too(demo_file, ui):
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        app.open_details("KR-1")
        await ui.settle(pilot)
        for key in ("e", "c", "d", "x", "ctrl+z"):
            await press_and_expect_refusal(pilot, ui, key, READ_ONLY, KeyResultDetails)


async def test_read_only_the_palette_refuses_a_write_too(demo_file, ui):
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await app.screen.run_action("add")
        await pilot.pause()
        assert type(app.screen) is MainScreen
        assert ("Not available", READ_ONLY) in toasts(app)


# -- a closed period ---------------------------------------------------------------------------------------------------


@pytest.fixture
def closed_file(demo_file: Path, other_ws) -> Path:
    """The demo file with 2026-Q4 closed (graded) by the lead."""
    close_period(other_ws(demo_file, "lead"), "2026-Q4")
    return demo_file


async def test_a_closed_period_says_closed_and_refuses_its_writes(closed_file, app_for, ui):
    before = closed_file.read_bytes()
    app = app_for(closed_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        title = str(app.screen.query_one("#objectives").border_title)
        assert title.startswith("1 Objectives · 2026-Q4 · closed"), title
        assert any("graded" in label for label in ui.tree_labels(app)), ui.tree_labels(app)
        await ui.goto(pilot, "objectives", "O-2")
        assert footer_keys(app)["a"] == CLOSED
        await press_and_expect_refusal(pilot, ui, "a", CLOSED, MainScreen)
        await press_and_expect_refusal(pilot, ui, "e", CLOSED, MainScreen)
        await press_and_expect_refusal(pilot, ui, "w", CLOSED, MainScreen)
        await ui.goto(pilot, "krs", "KR-1")
        assert (footer_keys(app)["c"], footer_keys(app)["d"]) == (CLOSED, CLOSED)
        await press_and_expect_refusal(pilot, ui, "c", CLOSED, MainScreen)
        await press_and_expect_refusal(pilot, ui, "x", CLOSED, MainScreen)
        assert footer_keys(app)["r"] is None, "a KPI belongs to no period"
    assert closed_file.read_bytes() == before


async def test_a_closed_period_still_takes_kpi_values_and_new_kpis(closed_file, app_for, ui):
    app = app_for(closed_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-3")
        assert (footer_keys(app)["a"], footer_keys(app)["e"]) == (None, None)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, KpiForm)


async def test_another_period_than_the_closed_one_is_open(closed_file, app_for, ui):
    app = app_for(closed_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("right_square_bracket")  # 2027-Q1: nothing in it, open
        await ui.settle(pilot)
        title = str(app.screen.query_one("#objectives").border_title)
        assert title.startswith("1 Objectives · 2027-Q1") and "closed" not in title, title
        assert "Press a to add one" in "\n".join(ui.screen_text(app))
        await pilot.press("1", "a")
        await pilot.pause()
        assert isinstance(app.screen, ObjectiveForm)


async def test_closing_and_reopening_elsewhere_shows_at_once(demo_file, app_for, ui, other_ws):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        assert footer_keys(app)["c"] is None
        close_period(other_ws(demo_file, "lead"), "2026-Q4")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert footer_keys(app)["c"] == CLOSED
        assert "· closed" in str(app.screen.query_one("#objectives").border_title)
        reopen_period(other_ws(demo_file, "lead"), "2026-Q4")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert footer_keys(app)["c"] is None
        assert "closed" not in str(app.screen.query_one("#objectives").border_title)


async def test_details_of_a_closed_key_result_refuse_but_a_kpi_s_do_not(closed_file, app_for, ui):
    app = app_for(closed_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        app.open_details("KR-1")
        await ui.settle(pilot)
        await press_and_expect_refusal(pilot, ui, "e", CLOSED, KeyResultDetails)
        await press_and_expect_refusal(pilot, ui, "c", CLOSED, KeyResultDetails)
        await pilot.press("escape")
        await pilot.pause()
        app.open_details("K-1")
        await ui.settle(pilot)
        assert isinstance(app.screen, KpiDetails)
        assert footer_keys(app)["e"] is None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, KpiForm)


async def test_the_dashboard_offers_close_or_reopen_as_the_period_is(demo_file, app_for, ui, other_ws):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("g")
        await ui.settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        keys = footer_keys(app)
        assert (keys["C"], keys["O"]) == (None, "2026-Q4 is not closed: nothing to reopen"), keys
        await press_and_expect_refusal(pilot, ui, "O", "2026-Q4 is not closed: nothing to reopen", DashboardScreen)
        close_period(other_ws(demo_file, "lead"), "2026-Q4")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        keys = footer_keys(app)
        assert (keys["C"], keys["O"]) == (CLOSED, None), keys
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen), "reopening asks first"


NOT_WRITES = {
    *("back", "cancel", "clear_filter", "close", "current_period", "cursor", "cursor_down", "cursor_up"),
    *("cycle_range", "dashboard", "details", "dismiss_none", "due", "filter", "focus_next", "focus_pane", "help"),
    *("history", "mine", "next_match", "open_editor", "page", "period", "pop_screen", "previous_match", "quit"),
    *("quit_asking", "range", "reload", "scorecard", "select", "sort", "toggle", "year", "zoom"),
    *("save", "skip", "stop"),  # a form's or the session's: they open only through a write key
}
"""Every other action bound anywhere: reading, moving, closing."""


def test_every_bound_action_is_known_as_a_write_or_not():
    """A new binding must be placed in WRITES (base.py) or here: a write missing from WRITES would not be refused."""
    from textual import actions
    from textual.binding import Binding

    from okrtui.tui.navigation import key_places

    bound = [binding for _, _, bindings in key_places() for binding in Binding.make_bindings(bindings)]
    names = {actions.parse(binding.action)[1] for binding in [*bound, *Binding.make_bindings(OkrApp.BINDINGS)]}
    assert names - WRITES - NOT_WRITES == set()
    assert WRITES - names == set(), "a write no key runs"


# -- a key result closed on its own (x) -----------------------------------------------------------------------------

KR_CLOSED = "KR-1 is closed (achieved on 2026-11-22): its value is frozen; reopen it first (x)"


async def test_a_closed_key_result_refuses_a_check_in_at_the_key(demo_file, app_for, ui, other_ws):
    """A key result closed with x takes no check-ins: c says so at once and opens no form (it used to open the form
    and refuse only at save), the footer dims it; x still offers to reopen it, and the rest of the objective is open."""
    close_kr(other_ws(demo_file, "lead"), "KR-1", "achieved")
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        assert footer_keys(app)["c"] == KR_CLOSED
        assert footer_keys(app)["e"] is None
        await press_and_expect_refusal(pilot, ui, "c", KR_CLOSED, MainScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, OkrModal), f"x opened {app.screen!r}: it should offer to reopen"
        assert any("Reopen KR-1?" in line for line in ui.screen_text(app)), ui.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await ui.goto(pilot, "krs", "KR-2")
        assert footer_keys(app)["c"] is None, "another key result of the objective is open"
        app.open_details("KR-1")
        await ui.settle(pilot)
        await press_and_expect_refusal(pilot, ui, "c", KR_CLOSED, KeyResultDetails)
    assert demo_file.read_bytes() == before
