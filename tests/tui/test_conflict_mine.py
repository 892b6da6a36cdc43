"""Conflict "Mine" never overwrites a change it didn't show: it applies only the fields this user changed, on the
record as it is now, with that record's rev, so a change made while the dialog was open is detected again. When a
field the user changed was also changed by someone else, the dialog shows both values (as plain text) and asks.

A real second writer (the installed CLI in a subprocess) changes the record after the form opened; a third (the
services, as carol) changes it again while the dialog is open. The data file is checked afterwards.
"""

from __future__ import annotations

import subprocess

import pytest
from textual.widgets import Static

from okrtui.services import kpis, okrs
from okrtui.tui.modals.confirm import ConflictScreen
from okrtui.tui.modals.forms import InitiativeForm, KeyResultForm, KpiForm, ObjectiveForm
from okrtui.tui.screens.main import MainScreen

ACTOR = "tester"

CASES = {
    # record: (how to reach it, its form, the title field, the CLI's change and the field it sets, carol's change)
    "O-2": (
        [("objectives", "O-2")],
        ObjectiveForm,
        "title",
        ["objective", "edit", "O-2", "--team", "Marketing"],
        ("team", "Marketing"),
        lambda ws: okrs.edit_objective(ws, "O-2", {"owner": "carol"}),
        ("owner", "carol"),
    ),
    "KR-1": (
        [("objectives", "O-2"), ("krs", "KR-1")],
        KeyResultForm,
        "title",
        ["kr", "edit", "KR-1", "--target", "30"],
        ("target", 30),
        lambda ws: okrs.edit_kr(ws, "KR-1", {"unit": "weeks"}),
        ("unit", "weeks"),
    ),
    "I-1": (
        [("objectives", "O-2"), ("krs", "KR-1"), ("initiatives", "I-1")],
        InitiativeForm,
        "title",
        ["initiative", "set", "I-1", "--status", "blocked"],
        ("status", "blocked"),
        lambda ws: okrs.edit_initiative(ws, "I-1", {"owner": "carol"}),
        ("owner", "carol"),
    ),
    "K-1": (
        [("kpis", "K-1")],
        KpiForm,
        "name",
        ["kpi", "edit", "K-1", "--target", "250000.5"],
        ("target", 250000.5),
        lambda ws: kpis.edit_kpi(ws, "K-1", {"owner": "carol"}),
        ("owner", "carol"),
    ),
}


def cli_writes(cli_command, cli_env, path, *args: str) -> None:
    """The installed okrtui, as bob, changes the file (a real second process)."""
    done = subprocess.run(
        cli_command(path, "--as", "bob", *args), env=cli_env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


async def open_edit(pilot, ui, steps, form_class):
    await ui.settle(pilot)
    for pane, record_id in steps:
        await ui.goto(pilot, pane, record_id)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, form_class), pilot.app.screen


async def save(pilot, ui) -> None:
    await pilot.press("ctrl+s")
    await ui.settle(pilot)


def dialog_text(app) -> str:
    """The conflict dialog's question as plain text."""
    assert isinstance(app.screen, ConflictScreen), app.screen
    return str(app.screen.query_one(".form-intro", Static).render())


@pytest.mark.parametrize("record_id", list(CASES))
async def test_mine_keeps_the_changes_of_others_to_fields_i_did_not_touch(
    demo_file, app_for, ui, other_ws, cli_command, cli_env, record_id
):
    steps, form_class, title_field, cli_args, (their_field, their_value), carols_change, (carol_field, carol_value) = (
        CASES[record_id]
    )
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit(pilot, ui, steps, form_class)
        await ui.fill(pilot, title_field, "My title")
        cli_writes(cli_command, cli_env, demo_file, *cli_args)
        await save(pilot, ui)
        assert isinstance(app.screen, ConflictScreen)

        carols_change(other_ws(demo_file, "carol"))  # while the dialog is open
        carols_rev = ui.record(demo_file, record_id)["rev"]
        await pilot.click("#choice-mine")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen), "mine saved and closed the form"

    stored = ui.record(demo_file, record_id)
    assert stored[title_field] == "My title"
    assert stored[their_field] == their_value, "bob's change survives"
    assert stored[carol_field] == carol_value, "carol's change, made while the dialog was open, survives"
    assert (stored["rev"], stored["updated_by"]) == (carols_rev + 1, ACTOR)


async def test_the_same_field_changed_again_while_the_dialog_is_open_asks_again_with_both_values(
    demo_file, app_for, ui, other_ws, cli_command, cli_env
):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit(pilot, ui, [("objectives", "O-2")], ObjectiveForm)
        await ui.fill(pilot, "title", "My title")
        cli_writes(cli_command, cli_env, demo_file, "objective", "edit", "O-2", "--team", "Marketing")
        await save(pilot, ui)
        assert "My title" not in dialog_text(app), "no field of mine clashed yet"

        okrs.edit_objective(other_ws(demo_file, "carol"), "O-2", {"title": "[b]Carol's[/b] title $x {0}"})
        carols = demo_file.read_bytes()
        await pilot.click("#choice-mine")
        await ui.settle(pilot)
        text = dialog_text(app)  # asked again, nothing written
        assert demo_file.read_bytes() == carols
        assert "[b]Carol's[/b] title $x {0}" in text, f"their value, as plain text: {text!r}"
        assert "My title" in text, text

        await pilot.click("#choice-mine")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(demo_file, "O-2")
    assert (stored["title"], stored["team"], stored["updated_by"]) == ("My title", "Marketing", ACTOR)


async def test_a_field_both_changed_shows_theirs_and_mine_in_the_first_dialog(
    demo_file, app_for, ui, cli_command, cli_env
):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_edit(pilot, ui, [("objectives", "O-2"), ("krs", "KR-1")], KeyResultForm)
        await ui.fill(pilot, "target", "35")
        cli_writes(cli_command, cli_env, demo_file, "kr", "edit", "KR-1", "--target", "30.5", "--title", "Bob's")
        theirs = demo_file.read_bytes()
        await save(pilot, ui)
        text = dialog_text(app)
        assert "30.5" in text and "35" in text, text
        assert "Bob's" not in text, "a field only they changed is no clash"

        await pilot.click("#choice-theirs")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert demo_file.read_bytes() == theirs
