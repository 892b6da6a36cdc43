"""ctrl+c quits okrtui (it showed a hint), asking first when a form or the weekly session holds unsaved input
(issue 13; the demo data is described in forms_support.py). Every test checks the data file is untouched."""

from __future__ import annotations

from forms_support import open_form
from textual.widgets import TextArea

from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.forms import CheckInForm, ObjectiveForm
from okrtui.tui.screens.checkin_session import CheckInSession


async def test_ctrl_c_on_the_main_screen_quits(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0, "the app exited"
    assert demo_file.read_bytes() == before


async def test_ctrl_c_in_an_untouched_form_quits_at_once(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await open_form(pilot, ui, "a", ObjectiveForm)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_c_with_unsaved_input_asks_first(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        await ui.type_into(pilot, "title", "Half typed")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code is None, "not yet"
        assert isinstance(app.screen, ChoiceScreen)
        assert "unsaved input" in str(app.screen.query_one(".form-intro").render())
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form and ui.field(pilot, "title") == "Half typed"

        await pilot.press("ctrl+c")
        await pilot.pause()
        await pilot.click("#choice-quit")
        await pilot.pause()
        assert app.return_code == 0
    assert demo_file.read_bytes() == before


async def test_ctrl_c_twice_quits_without_the_question(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        form = await open_form(pilot, ui, "c", CheckInForm)
        area = form.query_one("#field-note", TextArea)
        area.focus()
        await pilot.press(*"a note")
        await pilot.press("ctrl+c")  # in a text field: not copy, quit
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_c_in_the_session_with_a_value_typed_asks_first(demo_file, app_for, ui):
    from test_checkin_session import start_session

    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        assert isinstance(app.screen, CheckInSession)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0, "nothing typed: quits at once"

    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        await ui.type_into(pilot, "value", "52")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.return_code is None
