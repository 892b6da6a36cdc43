"""Longer text in forms (issue 13): descriptions and notes are multi-line (TextArea) in every form and in the weekly
session, and ctrl+e opens the focused one in $EDITOR (the demo data is described in forms_support.py).

A headless test run can't hand the terminal over (Textual raises SuspendNotSupported): the key then says so and keeps
the text. The round trip through a real editor script runs with the app's suspend made a no-op (the only thing a
headless run lacks); test_text_editor.py tests the file handling itself.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest
from forms_support import open_form, save
from textual.widgets import TextArea

from okrtui.tui.modals.closing import CloseKrForm
from okrtui.tui.modals.forms import CheckInForm, ObjectiveForm
from okrtui.tui.screens.main import MainScreen


async def type_lines(pilot, area: TextArea, *lines: str) -> None:
    """Focus ``area`` and type ``lines`` key by key, Enter between them."""
    area.focus()
    await pilot.pause()
    for number, line in enumerate(lines):
        if number:
            await pilot.press("enter")
        await pilot.press(*line)
    await pilot.pause()


def notes(app) -> list[str]:
    """The messages of the notifications on screen."""
    return [str(notification.message) for notification in app._notifications]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR: a script that logs the text it got and saves two lines of its own (the log's path is returned)."""
    log = tmp_path / "editor.log"
    path = tmp_path / "editor"
    path.write_text(f"#!/bin/sh\ncat \"$1\" > '{log}'\nprintf 'From the editor\\nline two\\n' > \"$1\"\n")
    path.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(path))
    monkeypatch.delenv("VISUAL", raising=False)
    return log


async def test_the_objective_description_takes_several_lines(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        await ui.fill(pilot, "title", "Cut onboarding time")
        area = form.query_one("#field-description", TextArea)
        await type_lines(pilot, area, "New customers wait two weeks.", "Sales loses deals over it.")
        assert form.query_one("#field-title").has_focus is False
        assert area.has_focus, "Enter in the description starts a new line; it doesn't leave the field"
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    assert ui.record(demo_file, "O-8")["description"] == "New customers wait two weeks.\nSales loses deals over it."


async def test_the_check_in_note_takes_several_lines(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        form = await open_form(pilot, ui, "c", CheckInForm)
        await ui.type_into(pilot, "value", "45")
        await type_lines(pilot, form.query_one("#field-note", TextArea), "Legal is faster.", "Two deals slipped.")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    assert ui.record(demo_file, "KR-1")["checkins"][-1]["note"] == "Legal is faster.\nTwo deals slipped."


async def test_the_close_form_note_is_multi_line(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, CloseKrForm)
        assert isinstance(app.screen.query_one("#field-note"), TextArea)


async def test_ctrl_e_headless_says_it_cant_suspend_and_keeps_the_text(demo_file, app_for, ui, editor):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        area = form.query_one("#field-description", TextArea)
        await type_lines(pilot, area, "Typed here")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ObjectiveForm)
        assert area.text == "Typed here"
        assert any("can't open an editor here" in note for note in notes(app)), notes(app)
    assert not editor.exists(), "the editor never ran"


async def test_ctrl_e_round_trip_through_the_editor(demo_file, app_for, ui, editor, monkeypatch):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)  # what a real terminal does; a headless one can't
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        await ui.fill(pilot, "title", "Edited elsewhere")
        area = form.query_one("#field-description", TextArea)
        await type_lines(pilot, area, "Draft")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.read_text() == "Draft", "the editor got the field's text"
        assert area.text == "From the editor\nline two", "and the field took back what it saved"
        assert isinstance(app.screen, ObjectiveForm), "the form stays open"
        await save(pilot, ui)
    assert ui.record(demo_file, "O-8")["description"] == "From the editor\nline two"


async def test_ctrl_e_with_a_failing_editor_keeps_the_text(demo_file, app_for, ui, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        area = form.query_one("#field-description", TextArea)
        await type_lines(pilot, area, "Keep me")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert area.text == "Keep me"
        assert any("was not found" in note and "text is kept" in note for note in notes(app)), notes(app)


async def test_ctrl_e_outside_a_text_field_says_where_it_works(demo_file, app_for, ui, editor, monkeypatch):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        assert app.focused is form.query_one("#field-title")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("description or note" in note for note in notes(app)), notes(app)
    assert not editor.exists()


async def test_the_session_note_is_multi_line_and_opens_in_the_editor(demo_file, app_for, ui, editor, monkeypatch):
    from test_checkin_session import start_session

    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")  # KR-10
        area = app.screen.query_one("#field-note", TextArea)
        await type_lines(pilot, area, "first")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert area.text == "From the editor\nline two"
        await ui.type_into(pilot, "value", "55")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
    assert ui.record(demo_file, "KR-10")["checkins"][-1]["note"] == "From the editor\nline two"
