"""The journal in the UI: the History screen (H), each details screen's History section, and ctrl+z.

Every test runs the app on a real demo file in tmp_path (loaded by ``tester``, the app's actor: change C-1); other
people's changes are made through the services with a Workspace of their own, as another session would, and the
file and its journal are read back afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services import checkins, history, measurements, okrs
from okrtui.tui.commands import palette_entries
from okrtui.tui.screens.details import InitiativeDetails, KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.help import HelpScreen
from okrtui.tui.screens.history import ChangeScreen, HistoryScreen
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen
from okrtui.tui.widgets.details import DetailTable

SIZE = (80, 24)
BOOKKEEPING = ("rev", "updated_by")
"""What an undo of an edit moves on instead of putting back (see tests/cli/test_cli_history.py)."""


def without_bookkeeping(doc: dict) -> dict:
    """A stored record without its rev and last author."""
    return {key: value for key, value in doc.items() if key not in BOOKKEEPING}


@pytest.fixture
def changed_file(demo_file: Path, other_ws) -> Path:
    """The demo file, then C-2: bob checks in 44 on KR-1; C-3: maria records mrr 190,000 for 2026-11-20."""
    checkins.checkin(other_ws(demo_file, "bob"), "KR-1", 44, note="legal reviews", day="2026-11-22")
    measurements.record(other_ws(demo_file, "maria"), "mrr", 190000, day="2026-11-20")
    return demo_file


def history_ids(app) -> list[str]:
    """The change ids the History screen lists, top to bottom."""
    table = app.screen.query_one("#history-table")
    return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]


def history_note(app) -> str:
    return str(app.screen.query_one("#history-note").content)


async def open_history(pilot, ui) -> None:
    """Press H on the main screen and wait for the journal to be read."""
    await pilot.press("H")
    await ui.settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)


async def filter_by(pilot, ui, text: str) -> None:
    """Type ``text`` into the History's filter line and apply it."""
    await pilot.press("slash")
    await pilot.pause()
    pilot.app.screen.query_one("#filter").value = ""
    if text:
        await pilot.press(*text)
    await pilot.press("enter")
    await ui.settle(pilot)


def toasts(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


class TestHistoryScreen:
    async def test_lists_every_change_newest_first_with_who_and_what(self, changed_file, app_for, ui):
        app = app_for(changed_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_history(pilot, ui)
            assert history_ids(app) == ["C-3", "C-2", "C-1"]
            bob = ui.row_text(app, "history-table", "C-2")
            assert "bob" in bob and "KR-1 check-in 44 on 2026-11-22" in bob
            maria = ui.row_text(app, "history-table", "C-3")
            assert "maria" in maria and "K-1 value 190,000 on 2026-11-20" in maria
            assert history_note(app).startswith("3 changes, newest first")

    async def test_filters_by_person_by_record_and_mine(self, changed_file, app_for, ui):
        app = app_for(changed_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_history(pilot, ui)
            await filter_by(pilot, ui, "bob")
            assert history_ids(app) == ["C-2"]
            assert history_note(app).startswith("1 change by bob")
            await filter_by(pilot, ui, "K-1")
            assert history_ids(app) == ["C-3", "C-1"]  # the demo's import made K-1 too
            await filter_by(pilot, ui, "K-1 bob")
            assert history_ids(app) == []
            assert history_note(app).startswith("No changes of K-1 by bob")
            await pilot.press("escape")  # clears the filter
            await ui.settle(pilot)
            assert history_ids(app) == ["C-3", "C-2", "C-1"]
            await pilot.press("m")
            await ui.settle(pilot)
            assert history_ids(app) == ["C-1"]
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    async def test_enter_shows_every_field_before_and_after(self, demo_file, app_for, ui, other_ws):
        okrs.edit_kr(other_ws(demo_file, "lead"), "KR-1", {"target": 40, "title": "Sales cycle"})
        checkins.checkin(other_ws(demo_file, "bob"), "KR-1", 44, confidence=7, note="[b]slow[/b]", day="2026-11-22")
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_history(pilot, ui)
            await pilot.press("down", "enter")  # C-2, the edit
            await pilot.pause()
            assert isinstance(app.screen, ChangeScreen)
            text = "\n".join(ui.screen_text(app))
            assert "KR-1 target 38 → 40" in text
            assert "KR-1 title Average sales cycle → Sales cycle" in text
            assert "by lead" in text and "from ui" in text
            await pilot.press("escape", "up", "enter")  # C-3, the check-in: each of its fields
            await pilot.pause()
            text = "\n".join(ui.screen_text(app))
            for line in ("KR-1 check-in 44 on 2026-11-22", "confidence: 7", "note: [b]slow[/b]", "author: bob"):
                assert line in text, line

    async def test_a_damaged_journal_is_a_warning_line_and_the_rest_is_listed(self, changed_file, app_for, ui):
        with (changed_file.parent / (changed_file.name + ".journal")).open("ab") as journal:
            journal.write(b"{not json\n")
        app = app_for(changed_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_history(pilot, ui)
            assert history_ids(app) == ["C-3", "C-2", "C-1"]
            assert "has a damaged entry (not JSON); okrtui doctor --repair drops it" in history_note(app)
            assert any("damaged entry" in line for line in ui.screen_text(app))

    async def test_history_and_undo_are_in_the_help_and_the_palette(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            full = [row for _, rows in app.screen.groups() for row in rows]
        rows = [row[:2] for row in full]
        assert ("H", "History") in rows
        assert ("^z", "Undo") in rows
        corrections = {key for key, _, details in full if "selected check-in" in details or "selected value" in details}
        assert {"e", "d"} <= corrections, corrections  # on a check-in or a KPI value, e and d correct it
        described = {binding.description for binding in palette_entries(type(app).BINDINGS, MainScreen.BINDINGS)}
        assert {"History", "Undo"} <= described


class TestDetailsHistory:
    @pytest.mark.parametrize(
        ("screen", "record_id", "expected"),
        [
            (KeyResultDetails, "KR-1", ["C-2", "C-1"]),  # C-1: the demo data made every record
            (KpiDetails, "K-1", ["C-3", "C-1"]),
            (ObjectiveDetails, "O-2", ["C-4", "C-1"]),
            (InitiativeDetails, "I-1", ["C-5", "C-1"]),
        ],
    )
    async def test_each_details_screen_lists_its_records_changes(
        self, changed_file, app_for, ui, other_ws, screen, record_id, expected
    ):
        okrs.edit_objective(other_ws(changed_file, "dana"), "O-2", {"owner": "dana"})
        okrs.edit_initiative(other_ws(changed_file, "dana"), "I-1", {"title": "Mutual action plans"})
        app = app_for(changed_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            app.push_screen(screen(record_id))
            await ui.settle(pilot)
            table = app.screen.query_one("#history DetailTable", DetailTable)
            keys = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
            heading = str(app.screen.query_one("#history .details-heading").content)
        assert keys == [f"_change-{change}" for change in expected]
        assert heading == f"History, newest first ({len(expected)})"

    async def test_the_section_follows_a_change_made_while_it_is_open(self, demo_file, app_for, ui, other_ws):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            app.push_screen(KeyResultDetails("KR-3"))
            await ui.settle(pilot)
            heading = app.screen.query_one("#history .details-heading")
            assert str(heading.content) == "History, newest first (1)"
            okrs.edit_kr(other_ws(demo_file, "lead"), "KR-3", {"title": "Win rate"})
            await pilot.press("ctrl+r")
            await ui.settle(pilot)
            assert str(heading.content) == "History, newest first (2)"
            row = " | ".join(str(cell) for cell in app.screen.query_one("#history DetailTable").get_row_at(0))
        assert "C-2" in row and "lead" in row and "KR-3 title" in row and "→ Win rate" in row


class TestUndo:
    async def test_ctrl_z_undoes_my_last_change_and_says_which(self, demo_file, app_for, ui, other_ws):
        before = ui.record(demo_file, "KR-1")
        okrs.edit_kr(other_ws(demo_file, "tester"), "KR-1", {"target": 40})
        checkins.checkin(other_ws(demo_file, "bob"), "KR-3", 9, day="2026-11-22")  # someone else's, later: kept
        assert ui.record(demo_file, "KR-1")["target"] == 40
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await pilot.press("ctrl+z")
            await ui.settle(pilot)
            assert "Undid C-2: KR-1 target 38 → 40" in toasts(app)  # what the undone change did
            assert app.data.kr_by_id["KR-1"].target == 38, "the panes read the file again"
        after = ui.record(demo_file, "KR-1")
        assert without_bookkeeping(after) == without_bookkeeping(before)
        assert after["rev"] > before["rev"]
        assert ui.record(demo_file, "KR-3")["checkins"][-1]["value"] == 9
        last = history.read_log(other_ws(demo_file, "bob"), limit=1).entries[0]
        assert (last["id"], last["by"], last["undoes"]) == ("C-4", "tester", "C-2")

    async def test_a_refused_undo_is_an_error_toast_and_changes_nothing(self, demo_file, app_for, ui, other_ws):
        okrs.edit_kr(other_ws(demo_file, "tester"), "KR-1", {"target": 40})
        okrs.edit_kr(other_ws(demo_file, "bob"), "KR-1", {"target": 41})
        stored = demo_file.read_bytes()
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await pilot.press("ctrl+z")
            await ui.settle(pilot)
            errors = [note for note in app._notifications if note.severity == "error"]
        assert [(note.title, note.message) for note in errors] == [
            (
                "Not undone",
                "can't undo C-2: changed since by C-3 by bob (KR-1 target); pass --force to undo it anyway",
            )
        ]
        assert demo_file.read_bytes() == stored

    async def test_ctrl_z_works_in_a_details_screen_and_twice_is_a_redo(self, demo_file, app_for, ui, other_ws):
        checkins.checkin(other_ws(demo_file, "tester"), "KR-1", 44, day="2026-11-22")
        with_checkin = ui.record(demo_file, "KR-1")["checkins"]
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            app.push_screen(KeyResultDetails("KR-1"))
            await ui.settle(pilot)
            await pilot.press("ctrl+z")
            await ui.settle(pilot)
            assert isinstance(app.screen, KeyResultDetails)
            assert "Undid C-2: KR-1 check-in 44 on 2026-11-22" in toasts(app)
            assert ui.record(demo_file, "KR-1")["checkins"] == with_checkin[:-1]
            await pilot.press("ctrl+z")
            await ui.settle(pilot)
            assert "Undid C-3: undo C-2: KR-1 check-in 44 on 2026-11-22 deleted" in toasts(app)
        assert ui.record(demo_file, "KR-1")["checkins"] == with_checkin

    async def test_u_in_a_change_undoes_that_change(self, changed_file, app_for, ui):
        app = app_for(changed_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_history(pilot, ui)
            await pilot.press("enter")  # C-3: maria's value
            await pilot.pause()
            await pilot.press("u")
            await ui.settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            assert history_ids(app) == ["C-4", "C-3", "C-2", "C-1"], "the list follows the undo"
        assert "2026-11-20" not in (ui.record(changed_file, "K-1")["history"])
