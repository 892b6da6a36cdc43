"""Acting where you are: e, c, r and d on a details screen, for the record it shows and for the row selected in its
tables; the key result's details list its initiatives.

The demo file in tmp_path (conftest ``demo_file``): O-2 holds KR-1, KR-2, KR-3, the initiatives I-1, I-2 (KR-1's)
and I-3 (KR-2's), and its aligned child O-3; K-5 (demo-signups) drives no key result. Every test that deletes reads
the data file back.
"""

from __future__ import annotations

import pytest

from okrtui.services import okrs
from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.corrections import CheckInEditForm, ValueEditForm
from okrtui.tui.modals.forms import CheckInForm, InitiativeForm, KeyResultForm, KpiForm, ObjectiveForm, RecordForm
from okrtui.tui.screens.details import InitiativeDetails, KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen
from okrtui.tui.widgets.details import DetailTable

SIZE = (80, 24)


async def open_details(pilot, ui, screen) -> None:
    """Push a details screen over the main one and let it draw."""
    await ui.settle(pilot)
    pilot.app.push_screen(screen)
    await ui.settle(pilot)


async def select_row(pilot, section: str, row_id: str) -> None:
    """Focus the table of a section and move its cursor down to the row keyed ``row_id``."""
    table = pilot.app.screen.query_one(f"#{section} DetailTable", DetailTable)
    table.focus()
    await pilot.pause()
    for _ in range(table.row_count):
        if table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == row_id:
            return
        await pilot.press("j")
    assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == row_id


def row_keys(app, section: str) -> list[str]:
    """The row keys of a section's table, top to bottom."""
    table = app.screen.query_one(f"#{section} DetailTable", DetailTable)
    return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]


def keys_of(screen) -> set[str]:
    """The keys bound on a screen class (its own and its bases')."""
    return {binding.key for cls in type(screen).__mro__ for binding in vars(cls).get("BINDINGS", [])}


async def press(pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()


class TestObjectiveDetails:
    async def test_e_edits_the_objective_shown(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await press(pilot, "e")
            assert isinstance(app.screen, ObjectiveForm)
            assert app.screen.objective_id == "O-2"
            assert ui.field(pilot, "title") == "Shorten the sales lifecycle"

    @pytest.mark.parametrize(
        ("section", "row", "form", "attribute"),
        [
            ("objective-krs", "KR-2", KeyResultForm, "kr_id"),
            ("objective-initiatives", "I-3", InitiativeForm, "initiative_id"),
            ("objective-children", "O-3", ObjectiveForm, "objective_id"),
        ],
    )
    async def test_e_edits_the_selected_child(self, demo_file, app_for, ui, section, row, form, attribute):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await select_row(pilot, section, row)
            await press(pilot, "e")
            assert isinstance(app.screen, form)
            assert getattr(app.screen, attribute) == row

    async def test_c_checks_in_on_the_selected_key_result(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await select_row(pilot, "objective-krs", "KR-3")
            await press(pilot, "c")
            assert isinstance(app.screen, CheckInForm)
            assert app.screen.kr_id == "KR-3"

    async def test_c_without_a_key_result_selected_says_how(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await press(pilot, "c")
            assert isinstance(app.screen, ObjectiveDetails)
            notes = [str(note.message) for note in ui.notifications(app)]
        assert notes == ["Select a key result first: tab to the key results, then c"]

    async def test_r_is_not_bound_on_an_objective(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            assert "r" not in keys_of(app.screen)
            assert {"e", "c", "d"} <= keys_of(app.screen)

    async def test_d_deletes_the_selected_key_result_and_stays(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await select_row(pilot, "objective-krs", "KR-3")
            await press(pilot, "d")
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.click("#choice-delete")
            await ui.settle(pilot)
            assert isinstance(app.screen, ObjectiveDetails)
            assert row_keys(app, "objective-krs") == ["KR-1", "KR-2"]
        assert ui.record(demo_file, "KR-3") is None
        assert ui.record(demo_file, "O-2") is not None

    async def test_d_deletes_the_objective_and_closes_its_details(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await press(pilot, "d")
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.click("#choice-detach")  # O-3 is aligned to it: it loses its parent
            await ui.settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "O-2") is None
        assert ui.record(demo_file, "O-3") is not None

    async def test_after_a_cancelled_delete_another_session_deleting_it_is_said_not_closed(
        self, demo_file, app_for, ui, other_ws
    ):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await press(pilot, "d")
            await press(pilot, "escape")  # cancelled: the screen must not close later on its own
            okrs.delete_objective(other_ws(demo_file), "O-2", force=True, children="detach")
            app.load()
            await ui.settle(pilot)
            assert isinstance(app.screen, ObjectiveDetails)
            assert app.screen.has_class("-missing")

    async def test_cancelling_the_delete_changes_nothing(self, demo_file, app_for, ui):
        stored = demo_file.read_bytes()
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, ObjectiveDetails("O-2"))
            await press(pilot, "d")
            await press(pilot, "escape")
            await ui.settle(pilot)
            assert isinstance(app.screen, ObjectiveDetails)
        assert demo_file.read_bytes() == stored


class TestKeyResultDetails:
    async def test_lists_its_initiatives(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            assert row_keys(app, "kr-initiatives") == ["I-1", "I-2"]
            text = "\n".join(ui.screen_text(app))
        assert "Initiatives (2)" in text

    async def test_enter_on_an_initiative_opens_its_details(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await select_row(pilot, "kr-initiatives", "I-2")
            await press(pilot, "enter")
            assert isinstance(app.screen, InitiativeDetails)
            assert app.screen.record_id == "I-2"

    async def test_e_edits_the_key_result_when_no_row_is_selected(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await press(pilot, "e")
            assert isinstance(app.screen, KeyResultForm)
            assert app.screen.kr_id == "KR-1"

    async def test_e_on_a_check_in_still_corrects_it(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await select_row(pilot, "checkins", "_checkin-7")
            await press(pilot, "e")
            assert isinstance(app.screen, CheckInEditForm)

    async def test_e_on_an_initiative_edits_it(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await select_row(pilot, "kr-initiatives", "I-2")
            await press(pilot, "e")
            assert isinstance(app.screen, InitiativeForm)
            assert app.screen.initiative_id == "I-2"

    async def test_c_checks_in_on_it(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await press(pilot, "c")
            assert isinstance(app.screen, CheckInForm)
            assert app.screen.kr_id == "KR-1"

    async def test_c_with_an_initiative_selected_checks_in_on_the_key_result(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await select_row(pilot, "kr-initiatives", "I-2")
            await press(pilot, "c")
            assert isinstance(app.screen, CheckInForm)
            assert app.screen.kr_id == "KR-1"

    async def test_d_deletes_it_and_closes_its_details(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            await press(pilot, "d")
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.click("#choice-delete")
            await ui.settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "KR-1") is None
        moved = ui.record(demo_file, "I-2")  # its initiatives move to the objective
        assert (moved.get("kr"), moved["objective"]) == (None, "O-2")

    async def test_r_is_not_bound_on_a_key_result(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KeyResultDetails("KR-1"))
            assert "r" not in keys_of(app.screen)
            assert {"e", "c", "d", "x"} <= keys_of(app.screen)


class TestInitiativeDetails:
    async def test_e_edits_it(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, InitiativeDetails("I-2"))
            await press(pilot, "e")
            assert isinstance(app.screen, InitiativeForm)
            assert app.screen.initiative_id == "I-2"
            assert {"c", "r"}.isdisjoint(keys_of(app.screen.app.screen_stack[-2]))

    async def test_d_deletes_it_and_closes_its_details(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, InitiativeDetails("I-2"))
            await press(pilot, "d")
            await pilot.click("#choice-delete")
            await ui.settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "I-2") is None


class TestKpiDetails:
    async def test_e_edits_the_kpi_when_no_value_is_selected(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KpiDetails("K-1"))
            await press(pilot, "e")
            assert isinstance(app.screen, KpiForm)
            assert app.screen.kpi_id == "K-1"

    async def test_e_on_a_value_still_corrects_it(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KpiDetails("K-1"))
            app.screen.query_one("#values DetailTable", DetailTable).focus()
            await press(pilot, "e")
            assert isinstance(app.screen, ValueEditForm)

    async def test_r_records_a_value(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KpiDetails("K-1"))
            await press(pilot, "r")
            assert isinstance(app.screen, RecordForm)
            assert app.screen.kpi_id == "K-1"
            assert "c" not in keys_of(app.screen_stack[-2])

    async def test_d_deletes_it_and_closes_its_details(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=SIZE) as pilot:
            await open_details(pilot, ui, KpiDetails("K-5"))
            await press(pilot, "d")
            await pilot.click("#choice-delete")
            await ui.settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "K-5") is None
