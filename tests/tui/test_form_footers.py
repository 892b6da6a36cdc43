"""Each form and dialog has its own one-line footer with its keys (ctrl+s save, esc cancel, ctrl+e editor where there
is a description or note), instead of the main screen's keys showing through (issue 13)."""

from __future__ import annotations

from forms_support import open_form

from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.forms import KpiForm, ObjectiveForm
from okrtui.tui.modals.scope_picker import ScopePicker
from okrtui.tui.widgets.footer import KeyFooter

MAIN_KEYS = ("a Add ", "e Edit ", "d Delete ", "w Weekly ")


def bottom_line(app, ui) -> str:
    """The last line of the screen as text."""
    return ui.screen_text(app)[-1]


def assert_own_footer(app, ui, *keys: str) -> str:
    """The screen in front has its own KeyFooter, showing ``keys`` and none of the main screen's."""
    assert app.screen.query(KeyFooter), f"{app.screen!r} has no footer of its own"
    line = bottom_line(app, ui)
    for key in keys:
        assert key in line, (key, line)
    for key in MAIN_KEYS:
        assert key not in line, (key, line)
    return line


async def test_a_form_shows_save_cancel_and_the_editor(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await open_form(pilot, ui, "a", ObjectiveForm)
        line = assert_own_footer(app, ui, "^s Save", "esc Cancel", "^e Editor")
        assert line.index("^s Save") < line.index("esc Cancel")


async def test_a_form_without_a_text_field_has_no_editor_key(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4")
        await open_form(pilot, ui, "a", KpiForm)
        line = assert_own_footer(app, ui, "^s Save", "esc Cancel")
        assert "Editor" not in line


async def test_the_delete_dialog_and_the_scope_picker_have_their_own_footer(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-3")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert_own_footer(app, ui, "esc Cancel")
        await pilot.press("escape")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ScopePicker)
        assert_own_footer(app, ui, "esc Cancel")
