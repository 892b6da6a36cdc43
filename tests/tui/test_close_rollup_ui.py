"""Closing and reopening a key result (x on the main screen or in its details) and an objective's roll-up and weight
in its form (issue 12, items 7 and 8); each test checks the data file itself (the demo data: forms_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from forms_support import ACTOR, TODAY, open_form, save
from textual.widgets import OptionList

from okrtui.services import okrs
from okrtui.services.closures import close_kr
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.closing import CloseKrForm
from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.forms import ObjectiveForm
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.details import KeyResultDetails
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.main import MainScreen


async def test_x_closes_the_selected_key_result_with_an_outcome_and_a_note(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-3")
        await open_form(pilot, ui, "x", CloseKrForm)
        await ui.choose(pilot, "outcome", "dropped")
        await ui.fill(pilot, "note", "pricing changed")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen), "the form closes after a good save"
        closed = ui.record(demo_file, "KR-3")["closed"]
        assert closed == {"outcome": "dropped", "on": TODAY, "by": ACTOR, "note": "pricing changed", "value": 7850}
        assert "dropped" in ui.row_text(app, "krs", "KR-3")


async def test_closing_needs_an_outcome(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "x", CloseKrForm)
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, CloseKrForm), "the form stays open"
        assert ui.error(pilot, "outcome") == "choose achieved, missed or dropped"
    assert demo_file.read_bytes() == before


async def test_x_on_a_closed_key_result_asks_then_reopens_it(demo_file, app_for, ui):
    close_kr(Workspace.open(demo_file, actor=ACTOR, today=TODAY), "KR-1", "achieved")
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "x", ChoiceScreen)
        assert ui.record(demo_file, "KR-1")["closed"]["outcome"] == "achieved", "nothing changes before the answer"
        await pilot.click("#choice-reopen")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert "closed" not in ui.record(demo_file, "KR-1")


async def test_the_details_of_a_closed_key_result_say_so_and_x_works_there(demo_file, app_for, ui):
    close_kr(Workspace.open(demo_file, actor=ACTOR, today=TODAY), "KR-1", "missed", note="legal stalled")
    app = app_for(demo_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await pilot.press("enter")
        await ui.settle(pilot)
        assert isinstance(app.screen, KeyResultDetails)
        text = "\n".join(ui.screen_text(app))
        assert f"✘ missed on {TODAY} by {ACTOR}" in text
        assert "value frozen at 48 days" in text
        assert "legal stalled" in text
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)


@pytest.fixture
def two_due(data_dir: Path) -> Path:
    """O-1 (dana) with KR-1 and KR-2, both added on 2026-10-01 and never checked in: both due on 2026-11-22."""
    path = data_dir / "okrtui.json"
    ws = Workspace.open(path, actor="dana", today="2026-10-01")
    okrs.add_objective(ws, "Grow", owner="dana")
    for title in ("Sign-ups", "Demos"):
        okrs.add_kr(ws, "O-1", title, start=0, target=100)
    return path


def due_ids(app) -> list[str]:
    table = app.screen.query_one("#due-table")
    return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]


async def test_the_due_view_leaves_out_a_closed_key_result(two_due, app_for, ui):
    app = app_for(two_due)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert due_ids(app) == ["KR-1", "KR-2"]
        close_kr(Workspace.open(two_due, actor="dana", today=TODAY), "KR-1", "dropped")
        await pilot.press("ctrl+r")  # what the file watcher does on its own
        await ui.settle(pilot)
        assert due_ids(app) == ["KR-2"]


async def test_the_objective_form_sets_rollup_and_weight(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await open_form(pilot, ui, "e", ObjectiveForm)
        assert (ui.field(pilot, "rollup"), ui.field(pilot, "weight")) == ("", "")
        await ui.choose(pilot, "rollup", "both")
        await ui.fill(pilot, "weight", "2.5")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(demo_file, "O-2")
    assert (stored["rollup"], stored["weight"]) == ("both", 2.5)


async def test_a_bad_weight_is_shown_beside_its_field(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await open_form(pilot, ui, "e", ObjectiveForm)
        await ui.fill(pilot, "weight", "-1")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, ObjectiveForm), "the form stays open"
        assert "weight" in (ui.error(pilot, "weight") or "")
    assert demo_file.read_bytes() == before


async def test_the_weekly_session_skips_closed_key_results_and_says_so_of_one_closed_meanwhile(two_due, app_for, ui):
    """KR-1 closed before the session: one step, KR-2. KR-2 closed in another session while it is on screen: the
    step says so (a check-in would be refused)."""
    close_kr(Workspace.open(two_due, actor="dana", today=TODAY), "KR-1", "achieved")
    app = app_for(two_due)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        scopes = app.screen.query_one("#scopes", OptionList)
        scopes.highlighted = scopes.get_option_index("all")
        await pilot.press("enter")
        await ui.settle(pilot)
        assert isinstance(app.screen, CheckInSession)
        assert app.screen.session.steps == ["KR-2"]
        assert "was closed" not in "\n".join(ui.screen_text(app))
        close_kr(Workspace.open(two_due, actor="dana", today=TODAY), "KR-2", "dropped")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert "KR-2 was closed as dropped: ctrl+n skips it." in "\n".join(ui.screen_text(app))
