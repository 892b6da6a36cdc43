"""Delete dialogs name the record by its title as well as its id, count what goes with it, and show every button whole
at 100×30 (the default, Cancel, was cut to "Ca") (issue 13; the demo data is described in forms_support.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from okrtui.services import okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.confirm import ChoiceScreen


def question(app) -> str:
    """The dialog's question as plain text."""
    return str(app.screen.query_one(".form-intro", Static).render())


def buttons_whole(app) -> None:
    """Every button of the dialog lies inside the dialog and the screen, and Cancel has the focus."""
    box = app.screen.query_one(".form").content_region
    for button in app.screen.query(Button):
        region = button.region
        assert region.width >= len(str(button.label)) + 2, (button.label, region)
        assert box.x <= region.x and region.right <= box.right, (str(button.label), region, box)
        assert region.right <= app.size.width
    assert isinstance(app.focused, Button) and str(app.focused.label) == "Cancel"


async def ask(pilot, ui, pane: str, record_id: str, objective: str | None = None) -> None:
    """Select ``record_id`` in ``pane`` (after ``objective`` in the tree) and press d."""
    if objective:
        await ui.goto(pilot, "objectives", objective)
    await ui.goto(pilot, pane, record_id)
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChoiceScreen)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_deleting_an_objective_with_children_names_it_and_shows_every_button(demo_file, app_for, ui, size):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=size) as pilot:
        await ui.settle(pilot)
        await ask(pilot, ui, "objectives", "O-2")
        text = question(app)
        assert text.startswith('Delete O-2 "Shorten the sales lifecycle" with its 3 key results and 3 initiatives?')
        assert 'O-3 "Close five enterprise deals' in text, "the aligned child by id and title"
        buttons_whole(app)
        assert any(" Cancel " in line for line in ui.screen_text(app))
        await pilot.press("escape")
        await ui.settle(pilot)
    assert demo_file.read_bytes() == before


async def test_deleting_a_key_result_names_it_and_counts_its_check_ins(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ask(pilot, ui, "krs", "KR-3", objective="O-2")
        assert question(app) == (
            'Delete KR-3 "Keep average contract value at $8,000" and its 7 check-ins? Its initiatives move to O-2.'
        )
        buttons_whole(app)
        await pilot.click("#choice-delete")
        await ui.settle(pilot)
    assert ui.record(demo_file, "KR-3") is None


async def test_deleting_a_kpi_or_an_initiative_names_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ask(pilot, ui, "kpis", "K-2")
        assert (
            question(app)
            == 'Delete KPI K-2 "Conversion rate" (conversion) and its history? KR-2 will stop following it.'
        )
        await pilot.press("escape")
        await ask(pilot, ui, "initiatives", "I-1", objective="O-2")
        assert question(app).startswith('Delete initiative I-1 "Mutual action plans')


async def test_a_title_with_markup_is_shown_as_typed(demo_file, app_for, ui):
    ws = Workspace.open(demo_file, actor="tester", today="2026-11-22")
    okrs.add_objective(ws, "[red]Grow[/red] \\[b]", period="2026-Q4")
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ask(pilot, ui, "objectives", "O-8")
        assert question(app) == 'Delete O-8 "[red]Grow[/red] \\[b]"?'
