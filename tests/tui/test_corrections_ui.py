"""Corrections in the details screens: e and d on a key result's check-in and on a KPI value.

The demo file in tmp_path (conftest ``demo_file``): KR-1 has seven check-ins of its own, the newest (handle 7) 48 days
on 2026-11-19 by alice with confidence 7; KR-2 follows K-2, so its rows are that KPI's values. Every test reads the
data file and the journal back afterwards.
"""

from __future__ import annotations

from okrtui.services import checkins, history
from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.corrections import CheckInEditForm, ValueEditForm
from okrtui.tui.screens.details import KeyResultDetails
from okrtui.tui.screens.kpi_details import KpiDetails

SIZE = (80, 24)


def last_change(path, other_ws) -> dict:
    """The newest journal entry."""
    return history.read_log(other_ws(path, "reader"), limit=1).entries[0]


async def open_table(pilot, ui, screen, section: str) -> None:
    """Open a details screen and focus the table of one of its sections."""
    pilot.app.push_screen(screen)
    await ui.settle(pilot)
    pilot.app.screen.query_one(f"#{section} DataTable").focus()
    await pilot.pause()


async def press_and_settle(pilot, ui, *keys: str) -> None:
    await pilot.press(*keys)
    await ui.settle(pilot)


class TestCheckIns:
    async def test_e_corrects_the_selected_check_in_and_it_is_journaled(self, demo_file, app_for, ui, other_ws):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-1"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, CheckInEditForm)
            assert (ui.field(pilot, "value"), ui.field(pilot, "confidence")) == ("48", "7")
            assert ui.field(pilot, "date") == "2026-11-19"
            await ui.fill(pilot, "value", "47")
            await ui.fill(pilot, "note", "typo: 47, not 48")
            await press_and_settle(pilot, ui, "ctrl+s")
            assert isinstance(app.screen, KeyResultDetails)
        entry = ui.record(demo_file, "KR-1")["checkins"][6]
        assert entry == {
            "author": "alice",
            "confidence": 7,
            "date": "2026-11-19",
            "note": "typo: 47, not 48",
            "value": 47,
        }
        change = last_change(demo_file, other_ws)
        assert (change["by"], change["command"], change["records"]) == ("tester", "ui", ["KR-1"])
        assert [(c["field"], c["before"]["value"], c["after"]["value"]) for c in change["changes"]] == [
            ("checkins.7", 48, 47)
        ]

    async def test_a_new_date_moves_the_check_in_into_date_order(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-1"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            await ui.fill(pilot, "date", "2026-10-01")
            await press_and_settle(pilot, ui, "ctrl+s")
        dates = [entry["date"] for entry in ui.record(demo_file, "KR-1")["checkins"]]
        assert dates == [
            "2026-10-01",
            "2026-10-08",
            "2026-10-15",
            "2026-10-22",
            "2026-10-29",
            "2026-11-05",
            "2026-11-12",
        ]

    async def test_saving_with_nothing_changed_says_so_and_writes_nothing(self, demo_file, app_for, ui):
        stored = demo_file.read_bytes()
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-1"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            await press_and_settle(pilot, ui, "ctrl+s")
            assert isinstance(app.screen, CheckInEditForm)
            assert ui.error(pilot, "form") == "Nothing changed: edit a field, or press escape to close"
        assert demo_file.read_bytes() == stored

    async def test_a_list_changed_since_the_form_opened_is_refused(self, demo_file, app_for, ui, other_ws):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-1"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            # bob back-dates a check-in before all others: handle 7 now names the 2026-11-12 one, not the one shown
            checkins.checkin(other_ws(demo_file, "bob"), "KR-1", 60, day="2026-10-01")
            stored = demo_file.read_bytes()
            await ui.fill(pilot, "value", "47")
            await press_and_settle(pilot, ui, "ctrl+s")
            assert isinstance(app.screen, CheckInEditForm), "the form stays open"
            assert "the check-ins of KR-1 changed since this form opened" in (ui.error(pilot, "form") or "")
        assert demo_file.read_bytes() == stored

    async def test_d_deletes_the_selected_check_in_after_asking(self, demo_file, app_for, ui, other_ws):
        before = ui.record(demo_file, "KR-1")["checkins"]
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-1"), "checkins")
            await pilot.press("down")  # the second newest: 50 days on 2026-11-12, handle 6
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            assert "50 days on 2026-11-12 by alice" in "\n".join(ui.screen_text(app))
            await press_and_settle(pilot, ui, "escape")  # cancel: nothing happens
            assert ui.record(demo_file, "KR-1")["checkins"] == before
            await pilot.press("d")
            await pilot.pause()
            await press_and_settle(pilot, ui, "tab", "enter")  # the focus starts on Cancel; Delete is before it
            assert ui.record(demo_file, "KR-1")["checkins"] == before[:5] + before[6:]
            change = last_change(demo_file, other_ws)
            assert [(c["field"], c["before"], c["after"]) for c in change["changes"]] == [
                ("checkins.6", before[5], None)
            ]
            await press_and_settle(pilot, ui, "ctrl+z")
        assert ui.record(demo_file, "KR-1")["checkins"] == before, "ctrl+z brings it back"

    async def test_a_kpis_value_in_a_key_results_list_is_not_edited_there(self, demo_file, app_for, ui):
        stored = demo_file.read_bytes()
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-2"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, KeyResultDetails)
            notes = [str(note.message) for note in app._notifications]
        assert notes == ["That value is K-2's measurement: correct it in the KPI's details"]
        assert demo_file.read_bytes() == stored

    async def test_e_without_a_check_in_selected_edits_the_key_result(self, demo_file, app_for, ui):
        from okrtui.tui.modals.forms import KeyResultForm

        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            app.push_screen(KeyResultDetails("KR-1"))
            await ui.settle(pilot)
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, KeyResultForm)  # issue 13: e there acts on the key result itself

    async def test_a_check_in_made_in_the_session_can_be_corrected(self, demo_file, app_for, ui, other_ws):
        checkins.checkin(other_ws(demo_file, "bob"), "KR-3", 12, day="2026-11-20")
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KeyResultDetails("KR-3"), "checkins")
            await pilot.press("e")
            await pilot.pause()
            await ui.choose(pilot, "confidence", "off-track")
            await press_and_settle(pilot, ui, "ctrl+s")
        assert ui.record(demo_file, "KR-3")["checkins"][-1]["confidence"] == 2


def newest_value(path, ui, kpi_id: str) -> tuple[str, float]:
    """The newest stored (date, value) of a KPI."""
    stored = ui.record(path, kpi_id)["history"]
    day = max(stored)
    return day, stored[day]


class TestKpiValues:
    async def test_e_corrects_the_selected_value(self, demo_file, app_for, ui, other_ws):
        day, _ = newest_value(demo_file, ui, "K-1")
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KpiDetails("K-1"), "values")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, ValueEditForm)
            assert ui.field(pilot, "date") == day
            await ui.fill(pilot, "value", "123456")
            await press_and_settle(pilot, ui, "ctrl+s")
        assert ui.record(demo_file, "K-1")["history"][day] == 123456
        change = last_change(demo_file, other_ws)
        assert [(c["record"], c["field"], c["after"]) for c in change["changes"]] == [("K-1", f"history.{day}", 123456)]

    async def test_a_new_date_moves_the_value_in_one_change_that_one_undo_takes_back(
        self, demo_file, app_for, ui, other_ws
    ):
        before = ui.record(demo_file, "K-1")["history"]
        day, value = newest_value(demo_file, ui, "K-1")
        assert "2026-11-21" not in before
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KpiDetails("K-1"), "values")
            await pilot.press("e")
            await pilot.pause()
            await ui.fill(pilot, "date", "2026-11-21")
            await press_and_settle(pilot, ui, "ctrl+s")
            moved = ui.record(demo_file, "K-1")["history"]
            assert day not in moved and moved["2026-11-21"] == value
            change = last_change(demo_file, other_ws)
            assert sorted((c["field"], c["before"], c["after"]) for c in change["changes"]) == [
                ("history.2026-11-21", None, value),
                (f"history.{day}", value, None),
            ]
            await press_and_settle(pilot, ui, "ctrl+z")
        assert ui.record(demo_file, "K-1")["history"] == before

    async def test_d_deletes_the_selected_value_after_asking(self, demo_file, app_for, ui, other_ws):
        day, value = newest_value(demo_file, ui, "K-1")
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await ui.settle(pilot)
            await open_table(pilot, ui, KpiDetails("K-1"), "values")
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            await press_and_settle(pilot, ui, "tab", "enter")
        assert day not in ui.record(demo_file, "K-1")["history"]
        change = last_change(demo_file, other_ws)
        assert [(c["field"], c["before"], c["after"]) for c in change["changes"]] == [(f"history.{day}", value, None)]
