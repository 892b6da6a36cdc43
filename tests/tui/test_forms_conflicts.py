"""An edit form whose record someone else changed meanwhile: theirs, mine or cancel (the demo data is
described in forms_support.py)."""

from __future__ import annotations

import pytest
from forms_support import ACTOR, open_form, save

from okrtui.services import okrs
from okrtui.tui.modals.confirm import ConflictScreen
from okrtui.tui.modals.forms import KeyResultForm, ObjectiveForm
from okrtui.tui.screens.main import MainScreen


def change_underneath(kind: str, path, other_ws) -> None:
    """Someone else (bob) changes the record the form has open, through the services."""
    ws = other_ws(path, "bob")
    if kind == "objective":
        okrs.edit_objective(ws, "O-2", {"title": "Their title"})
    else:
        okrs.edit_kr(ws, "KR-1", {"title": "Their title"})


async def open_edit_and_type_mine(pilot, ui, kind: str):
    await ui.settle(pilot)
    await ui.goto(pilot, "objectives", "O-2")
    if kind == "objective":
        await open_form(pilot, ui, "e", ObjectiveForm)
    else:
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "e", KeyResultForm)
    await ui.fill(pilot, "title", "My title")


def stored_title(kind: str, path, ui) -> str:
    return ui.record(path, "O-2" if kind == "objective" else "KR-1")["title"]


KINDS = pytest.mark.parametrize("kind", ["objective", "key-result"])


@KINDS
async def test_conflict_theirs_keeps_their_version(demo_file, app_for, ui, other_ws, kind):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit_and_type_mine(pilot, ui, kind)
        change_underneath(kind, demo_file, other_ws)
        theirs = demo_file.read_bytes()
        await save(pilot, ui)
        assert isinstance(app.screen, ConflictScreen), "a save over someone else's change asks, never overwrites"
        assert demo_file.read_bytes() == theirs

        await pilot.click("#choice-theirs")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen), "theirs closes the form"
        assert demo_file.read_bytes() == theirs
        assert stored_title(kind, demo_file, ui) == "Their title"


@KINDS
async def test_conflict_mine_saves_over_theirs(demo_file, app_for, ui, other_ws, kind):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit_and_type_mine(pilot, ui, kind)
        change_underneath(kind, demo_file, other_ws)
        their_rev = ui.record(demo_file, "O-2" if kind == "objective" else "KR-1")["rev"]
        await save(pilot, ui)
        assert isinstance(app.screen, ConflictScreen)

        await pilot.click("#choice-mine")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen), "mine saves and closes the form"
        assert stored_title(kind, demo_file, ui) == "My title"
        record = ui.record(demo_file, "O-2" if kind == "objective" else "KR-1")
        assert record["updated_by"] == ACTOR
        assert record["rev"] == their_rev + 1


@KINDS
async def test_conflict_cancel_goes_back_to_the_form(demo_file, app_for, ui, other_ws, kind):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit_and_type_mine(pilot, ui, kind)
        change_underneath(kind, demo_file, other_ws)
        theirs = demo_file.read_bytes()
        await save(pilot, ui)
        assert isinstance(app.screen, ConflictScreen)

        await pilot.click("#choice-cancel")
        await ui.settle(pilot)
        assert isinstance(app.screen, ObjectiveForm if kind == "objective" else KeyResultForm), "back to the form"
        assert ui.field(pilot, "title") == "My title", "my edits are still there"
        assert demo_file.read_bytes() == theirs, "nothing was written"
