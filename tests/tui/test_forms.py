"""Forms and dialogs against a real data file: add, edit and delete of every kind of record, check-ins, KPI values,
validation beside the field, conflicts (theirs, mine, cancel) and a save that fails.

Every test checks the data file afterwards, not only the screen. The demo data as of 2026-11-22:
O-1 (maria) ← O-2 (alice: KR-1 "Average sales cycle" 59 → 38 days, KR-2 follows K-2, KR-3) ← O-3 (bob: KR-4, KR-5);
O-1 ← O-4 (dana), O-1 ← O-5 (chen). I-1, I-2 are for KR-1, I-3 for KR-2, I-4..I-6 for O-5. KPIs K-1 mrr .. K-5.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from okrtui.services import okrs
from okrtui.tui.modals.confirm import ChoiceScreen, ConflictScreen
from okrtui.tui.modals.forms import (
    CheckInForm,
    InitiativeForm,
    KeyResultForm,
    KpiForm,
    ObjectiveForm,
    RecordForm,
)
from okrtui.tui.screens.main import MainScreen

TODAY = "2026-11-22"
ACTOR = "tester"


async def open_form(pilot, ui, key: str, form_class):
    """Press ``key`` on the main screen and insist the form of ``form_class`` opened."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, form_class), f"{key!r} opened {pilot.app.screen!r}, not a {form_class.__name__}"
    return pilot.app.screen


async def save(pilot, ui) -> None:
    """ctrl+s, then wait for the save and the reload."""
    await pilot.press("ctrl+s")
    await ui.settle(pilot)


# -- objectives -------------------------------------------------------------------------------------------------------


async def test_add_objective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await open_form(pilot, ui, "a", ObjectiveForm)
        assert ui.field(pilot, "parent") == "O-2", "a new objective aligns to the selected one by default"
        assert ui.field(pilot, "owner") == ACTOR
        assert ui.field(pilot, "period") == "2026-Q4"
        await ui.fill(pilot, "title", "Cut onboarding time")
        await ui.type_into(pilot, "team", "Sales")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen), "the form closes after a good save"
        stored = ui.record(demo_file, "O-6")
        assert stored is not None, ui.ids(demo_file, "objectives")
        assert stored["title"] == "Cut onboarding time"
        assert stored["parent"] == "O-2"
        assert stored["owner"] == ACTOR
        assert stored["team"] == "Sales"
        assert stored["period"] == "2026-Q4"
        assert stored["updated_by"] == ACTOR
        assert "O-6" in ui.tree_ids(app), "the new objective shows at once"


async def test_typing_goes_straight_into_the_first_field(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4", "a")
        await pilot.pause()
        assert isinstance(app.screen, KpiForm)
        assert app.focused is app.screen.query_one("#field-name"), f"the focus is on {app.focused}, not the name"
        await pilot.press(*"Uptime", "tab", "tab", "tab", "tab", *"99")
        await pilot.pause()
        assert (ui.field(pilot, "name"), ui.field(pilot, "target")) == ("Uptime", "99"), "tab walks the fields"
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert ui.record(demo_file, "K-6")["name"] == "Uptime"


async def test_escape_closes_a_form_without_saving(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        await ui.type_into(pilot, "target", "1")
        await pilot.press("escape")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert demo_file.read_bytes() == before


async def test_edit_objective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await open_form(pilot, ui, "e", ObjectiveForm)
        assert ui.field(pilot, "title") == "Shorten the sales lifecycle", "the form is filled from the record"
        await ui.fill(pilot, "title", "Halve the sales lifecycle")
        await ui.fill(pilot, "team", "Revenue")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "O-2")
        assert stored["title"] == "Halve the sales lifecycle"
        assert stored["team"] == "Revenue"
        assert stored["owner"] == "alice", "fields left alone keep their values"
        assert stored["parent"] == "O-1"
        assert stored["rev"] == 2
        assert stored["updated_by"] == ACTOR
        assert any("Halve the sales lifecycle" in label for label in ui.tree_labels(app))


async def test_delete_objective_asks_then_deletes_it_with_its_key_results(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-3")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen), "delete asks first"
        assert ui.record(demo_file, "O-3") is not None, "nothing is deleted before the answer"
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "O-3") is None
        assert ui.record(demo_file, "KR-4") is None and ui.record(demo_file, "KR-5") is None
        assert ui.ids(demo_file, "objectives") == ["O-1", "O-2", "O-4", "O-5"]
        assert "O-3" not in ui.tree_ids(app)


async def test_delete_cancelled_changes_nothing(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-3")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-cancel")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "O-3" in ui.tree_ids(app)
    assert demo_file.read_bytes() == before


async def test_delete_objective_with_children_moves_them_up(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-reparent")
        await ui.settle(pilot)

        assert ui.record(demo_file, "O-2") is None
        assert ui.record(demo_file, "O-3")["parent"] == "O-1", "the child aligns to the deleted one's parent"
        assert {"KR-1", "KR-2", "KR-3"}.isdisjoint(ui.ids(demo_file, "key_results"))
        assert {"I-1", "I-2", "I-3"}.isdisjoint(ui.ids(demo_file, "initiatives"))
        assert ui.tree_ids(app) == ["O-1", "O-3", "O-4", "O-5"]


# -- key results ------------------------------------------------------------------------------------------------------


async def test_add_key_result(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await pilot.press("2")
        form = await open_form(pilot, ui, "a", KeyResultForm)
        assert form.objective_id == "O-2"
        await ui.fill(pilot, "title", "Deals with a mutual action plan")
        await ui.type_into(pilot, "start", "20")
        await ui.type_into(pilot, "target", "90")
        await ui.type_into(pilot, "unit", "%")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "KR-11")
        assert stored is not None, ui.ids(demo_file, "key_results")
        assert stored["objective"] == "O-2"
        assert stored["title"] == "Deals with a mutual action plan"
        assert (stored["kind"], stored["start"], stored["target"], stored["unit"]) == ("increase", 20, 90, "%")
        assert stored["weight"] == 1
        assert "KR-11" in ui.row_ids(app, "krs"), "the key result shows at once"


async def test_add_maintain_key_result_linked_to_a_kpi(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-4")
        await pilot.press("2")
        await open_form(pilot, ui, "a", KeyResultForm)
        await ui.fill(pilot, "title", "Answer within 6 hours")
        await ui.choose(pilot, "kind", "at-most")
        assert not app.screen.query_one("#field-start").display, "an at-most key result has no start"
        await ui.type_into(pilot, "target", "6")
        await ui.type_into(pilot, "unit", "h")
        await ui.type_into(pilot, "weight", "2")
        await ui.choose(pilot, "kpi", "K-4")
        await save(pilot, ui)

        stored = ui.record(demo_file, "KR-11")
        assert stored is not None
        assert (stored["objective"], stored["kind"], stored["target"], stored["weight"], stored["kpi"]) == (
            "O-4", "at-most", 6, 2, "K-4")
        assert stored.get("start") is None


async def test_edit_key_result(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "e", KeyResultForm)
        assert (ui.field(pilot, "start"), ui.field(pilot, "target"), ui.field(pilot, "unit")) == ("59", "38", "days")
        await ui.type_into(pilot, "start", "99999.99")
        await ui.type_into(pilot, "target", "35")
        await ui.fill(pilot, "title", "Average sales cycle (days)")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "KR-1")
        assert stored["start"] == 99999.99, "a typed fraction is stored to the last digit"
        assert stored["target"] == 35
        assert stored["unit"] == "days", "fields left alone keep their values"
        assert stored["title"] == "Average sales cycle (days)"
        assert len(stored["checkins"]) == 7, "editing a key result keeps its check-ins"
        assert stored["rev"] > 1 and stored["updated_by"] == ACTOR
        assert "35" in ui.row_text(app, "krs", "KR-1")


async def test_delete_key_result_keeps_its_initiatives_on_the_objective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert ui.record(demo_file, "KR-1") is None
        assert ui.record(demo_file, "I-1")["objective"] == "O-2"
        assert ui.record(demo_file, "I-1").get("kr") is None
        assert ui.row_ids(app, "krs") == ["KR-2", "KR-3"]


# -- initiatives ------------------------------------------------------------------------------------------------------


async def test_add_initiative(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await pilot.press("3")
        await open_form(pilot, ui, "a", InitiativeForm)
        assert ui.field(pilot, "parent") == "O-5"
        await ui.fill(pilot, "title", "Partner newsletter")
        await ui.type_into(pilot, "owner", "gwen")
        await ui.type_into(pilot, "due", "2026-12-15")
        await ui.choose(pilot, "status", "doing")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "I-7")
        assert stored is not None, ui.ids(demo_file, "initiatives")
        assert (stored["title"], stored["owner"], stored["due"], stored["status"], stored["objective"]) == (
            "Partner newsletter", "gwen", "2026-12-15", "doing", "O-5")
        assert stored.get("kr") is None
        assert "I-7" in ui.row_ids(app, "initiatives")


async def test_edit_initiative(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await ui.goto(pilot, "initiatives", "I-5")
        await open_form(pilot, ui, "e", InitiativeForm)
        assert ui.field(pilot, "title") == "Redesign the pricing page for teams of 20-200"
        await ui.choose(pilot, "status", "blocked")
        await ui.type_into(pilot, "due", "2026-12-20")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "I-5")
        assert (stored["status"], stored["due"], stored["owner"]) == ("blocked", "2026-12-20", "gwen")
        assert stored["updated_by"] == ACTOR


async def test_delete_initiative(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await ui.goto(pilot, "initiatives", "I-6")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert ui.record(demo_file, "I-6") is None
        assert ui.ids(demo_file, "initiatives") == ["I-1", "I-2", "I-3", "I-4", "I-5"]
        assert ui.row_ids(app, "initiatives") == ["I-4", "I-5"]


# -- KPIs -------------------------------------------------------------------------------------------------------------


async def test_add_kpi(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4")
        await open_form(pilot, ui, "a", KpiForm)
        await ui.fill(pilot, "name", "Net revenue retention")
        await ui.type_into(pilot, "unit", "%")
        await ui.type_into(pilot, "target", "110")
        await ui.type_into(pilot, "warn", "100")
        await ui.choose(pilot, "frequency", "quarterly")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "K-6")
        assert stored is not None, ui.ids(demo_file, "kpis")
        assert (stored["name"], stored["key"], stored["unit"], stored["target"], stored["warn"]) == (
            "Net revenue retention", "net-revenue-retention", "%", 110, 100)
        assert (stored["direction"], stored["frequency"], stored["owner"]) == ("up", "quarterly", ACTOR)
        assert "K-6" in ui.row_ids(app, "kpis")


async def test_edit_kpi(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        assert (ui.field(pilot, "key"), ui.field(pilot, "target")) == ("mrr", "200000")
        await ui.type_into(pilot, "target", "210000")
        await ui.type_into(pilot, "warn", "99999.99")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        stored = ui.record(demo_file, "K-1")
        assert stored["target"] == 210000
        assert stored["warn"] == 99999.99, "a typed fraction is stored to the last digit"
        assert stored["key"] == "mrr" and stored["direction"] == "up"
        assert len(stored["history"]) == 53, "editing the definition keeps the history"
        assert stored["updated_by"] == ACTOR


async def test_delete_kpi_unlinks_the_key_results_that_follow_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-2")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert ui.record(demo_file, "K-2") is None
        assert ui.record(demo_file, "KR-2").get("kpi") is None
        assert ui.row_ids(app, "kpis") == ["K-1", "K-3", "K-4", "K-5"]


# -- check-ins and KPI values -----------------------------------------------------------------------------------------


async def test_check_in_on_a_key_result(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        form = await open_form(pilot, ui, "c", CheckInForm)
        assert "previous: 48" in form.intro, "the previous value is shown"
        assert ui.field(pilot, "date") == TODAY
        await ui.type_into(pilot, "value", "44")
        await ui.choose(pilot, "confidence", "at-risk")
        await ui.fill(pilot, "note", "Legal reviews sped up")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        checkins = ui.record(demo_file, "KR-1")["checkins"]
        assert len(checkins) == 8
        assert checkins[-1] == {"date": TODAY, "value": 44, "confidence": 5, "note": "Legal reviews sped up",
                                "author": ACTOR}
        assert "→ 44 →" in ui.row_text(app, "krs", "KR-1"), "the new value shows at once"


async def test_check_in_with_a_bad_value_shows_the_error_and_saves_nothing(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "c", CheckInForm)
        await ui.type_into(pilot, "value", "forty")
        await save(pilot, ui)
        assert isinstance(app.screen, CheckInForm)
        assert "value must be a number" in (ui.error(pilot, "value") or "")
    assert demo_file.read_bytes() == before


async def test_record_a_kpi_value_today_then_replace_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-3")  # churn, last measured 2026-11-18
        form = await open_form(pilot, ui, "r", RecordForm)
        assert "2026-11-18" in form.intro
        assert ui.field(pilot, "date") == TODAY, "today by default"
        await ui.type_into(pilot, "value", "2.4")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        history = ui.record(demo_file, "K-3")["history"]
        assert history[TODAY] == 2.4
        assert len(history) == 14

        await open_form(pilot, ui, "r", RecordForm)
        await ui.type_into(pilot, "value", "2.2")
        await save(pilot, ui)
        history = ui.record(demo_file, "K-3")["history"]
        assert history[TODAY] == 2.2, "the same date again replaces its value"
        assert len(history) == 14
        assert "2.2%" in ui.row_text(app, "kpis", "K-3")


async def test_record_a_kpi_value_for_an_earlier_date(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-3")
        await open_form(pilot, ui, "r", RecordForm)
        await ui.type_into(pilot, "value", "2.55")
        await ui.type_into(pilot, "date", "2026-11-20")
        await save(pilot, ui)
        history = ui.record(demo_file, "K-3")["history"]
        assert history["2026-11-20"] == 2.55
        assert TODAY not in history


# -- validation -------------------------------------------------------------------------------------------------------


async def open_new_kr_form(pilot, ui):
    await ui.settle(pilot)
    await ui.goto(pilot, "objectives", "O-2")
    await pilot.press("2")
    await open_form(pilot, ui, "a", KeyResultForm)
    await ui.fill(pilot, "title", "Deals closed")


async def test_bad_number_in_a_key_result_target(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_new_kr_form(pilot, ui)
        await ui.type_into(pilot, "start", "10")
        await ui.type_into(pilot, "target", "12x")
        await save(pilot, ui)

        assert isinstance(app.screen, KeyResultForm), "the form stays open"
        assert "target must be a number" in (ui.error(pilot, "target") or "")
        assert ui.error(pilot, "start") is None and ui.error(pilot, "title") is None
        assert app.focused is app.screen.query_one("#field-target"), "the wrong field gets the focus"
        assert ui.field(pilot, "target") == "12x", "what was typed is kept"
    assert demo_file.read_bytes() == before


async def test_start_equal_to_target(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_new_kr_form(pilot, ui)
        await ui.type_into(pilot, "start", "10")
        await ui.type_into(pilot, "target", "10")
        await save(pilot, ui)

        assert isinstance(app.screen, KeyResultForm)
        assert "start equals target" in (ui.error(pilot, "target") or "")

        await ui.type_into(pilot, "target", "15")  # fixed: now it saves
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    assert demo_file.read_bytes() != before
    assert ui.record(demo_file, "KR-11")["target"] == 15


async def test_bad_date_in_an_initiative_due_date(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await pilot.press("3")
        await open_form(pilot, ui, "a", InitiativeForm)
        await ui.fill(pilot, "title", "Partner newsletter")
        await ui.type_into(pilot, "due", "2026-13-40")
        await save(pilot, ui)

        assert isinstance(app.screen, InitiativeForm)
        assert ui.error(pilot, "due"), "the date error shows beside the due field"
        assert ui.error(pilot, "title") is None
        assert ui.field(pilot, "due") == "2026-13-40"
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize(
    ("pane", "select", "form_class", "field"),
    [
        ("objectives", "O-2", ObjectiveForm, "title"),
        ("krs", None, KeyResultForm, "title"),
        ("initiatives", None, InitiativeForm, "title"),
        ("kpis", None, KpiForm, "name"),
    ],
    ids=["objective", "key-result", "initiative", "kpi"],
)
async def test_empty_title_is_refused(demo_file, app_for, ui, pane, select, form_class, field):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await pilot.press({"objectives": "1", "krs": "2", "initiatives": "3", "kpis": "4"}[pane])
        await open_form(pilot, ui, "a", form_class)
        if form_class is KpiForm:
            await ui.type_into(pilot, "target", "5")
        if form_class is KeyResultForm:
            await ui.type_into(pilot, "start", "1")
            await ui.type_into(pilot, "target", "5")
        await ui.type_into(pilot, field, "   ")
        await save(pilot, ui)

        assert isinstance(app.screen, form_class)
        assert "must not be empty" in (ui.error(pilot, field) or "")
        assert app.screen.query_one(f"#field-{field}").has_class("-invalid")
    assert demo_file.read_bytes() == before


async def test_fixing_an_error_hides_it_and_saves(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4")
        await open_form(pilot, ui, "a", KpiForm)
        await ui.fill(pilot, "name", "Uptime")
        await ui.type_into(pilot, "target", "99.9%")
        await save(pilot, ui)
        assert "target must be a number" in (ui.error(pilot, "target") or "")
        assert ui.record(demo_file, "K-6") is None

        await ui.type_into(pilot, "target", "99.9")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "K-6")["target"] == 99.9


# -- conflicts --------------------------------------------------------------------------------------------------------


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


# -- a save that fails ------------------------------------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


@pytest.fixture
def held_lock(demo_file):
    """Another process holds the data file's lock until the test closes its stdin."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(demo_file) + ".lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.close()
            holder.wait(timeout=10)


def release(holder) -> None:
    holder.stdin.close()
    holder.wait(timeout=10)


async def test_a_save_that_fails_keeps_the_form_and_what_was_typed(demo_file, app_for, ui, held_lock, monkeypatch):
    monkeypatch.setenv("OKRTUI_LOCK_TIMEOUT", "0.3")
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "c", CheckInForm)
        await ui.type_into(pilot, "value", "44")
        await ui.choose(pilot, "confidence", "on-track")
        await ui.fill(pilot, "note", "Typed with care")
        await save(pilot, ui)

        assert isinstance(app.screen, CheckInForm), "the form stays open"
        assert (ui.field(pilot, "value"), ui.field(pilot, "confidence"), ui.field(pilot, "note")) == (
            "44", "on-track", "Typed with care")
        assert "busy" in (ui.error(pilot, "form") or ""), "the form says why it did not save"
        errors = [n for n in ui.notifications(app) if n.severity == "error"]
        assert errors and "busy" in errors[-1].message, "a clear notification"
        assert demo_file.read_bytes() == before

        release(held_lock)  # the other process is done: saving again works, nothing was lost
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        last = ui.record(demo_file, "KR-1")["checkins"][-1]
        assert (last["value"], last["confidence"], last["note"], last["author"]) == (44, 8, "Typed with care", ACTOR)


async def test_an_edit_that_fails_keeps_the_form(demo_file, app_for, ui, held_lock, monkeypatch):
    monkeypatch.setenv("OKRTUI_LOCK_TIMEOUT", "0.3")
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        await ui.type_into(pilot, "target", "250000")
        await save(pilot, ui)

        assert isinstance(app.screen, KpiForm)
        assert ui.field(pilot, "target") == "250000"
        assert ui.error(pilot, "form"), "the failure is shown in the form"
        assert not app.screen.query_one("#save").disabled, "Save can be pressed again"
    assert demo_file.read_bytes() == before
