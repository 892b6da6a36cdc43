"""Forms that add, edit and delete each kind of record: objectives, key results, initiatives and KPIs
(the demo data is described in forms_support.py)."""

from __future__ import annotations

from forms_support import ACTOR, open_form, save

from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.forms import InitiativeForm, KeyResultForm, KpiForm, ObjectiveForm
from okrtui.tui.screens.main import MainScreen

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
        stored = ui.record(demo_file, "O-8")  # the demo holds O-1..O-7 (O-6 Platform, O-7 the year's): the next is O-8
        assert stored is not None, ui.ids(demo_file, "objectives")
        assert stored["title"] == "Cut onboarding time"
        assert stored["parent"] == "O-2"
        assert stored["owner"] == ACTOR
        assert stored["team"] == "Sales"
        assert stored["period"] == "2026-Q4"
        assert stored["updated_by"] == ACTOR
        assert "O-8" in ui.tree_ids(app), "the new objective shows at once"


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
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
        assert ui.record(demo_file, "O-3") is not None, "nothing is deleted before the answer"
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "O-3") is None
        assert ui.record(demo_file, "KR-4") is None and ui.record(demo_file, "KR-5") is None
        # O-6 (Platform, 2026-Q4) and O-7 (the year 2026) are the demo's too and stay
        assert ui.ids(demo_file, "objectives") == ["O-1", "O-2", "O-4", "O-5", "O-6", "O-7"]
        assert "O-3" not in ui.tree_ids(app)


async def test_delete_cancelled_changes_nothing(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-3")
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
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
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
        await pilot.click("#choice-reparent")
        await ui.settle(pilot)

        assert ui.record(demo_file, "O-2") is None
        assert ui.record(demo_file, "O-3")["parent"] == "O-1", "the child aligns to the deleted one's parent"
        assert {"KR-1", "KR-2", "KR-3"}.isdisjoint(ui.ids(demo_file, "key_results"))
        assert {"I-1", "I-2", "I-3"}.isdisjoint(ui.ids(demo_file, "initiatives"))
        # O-6 is a top-level objective of 2026-Q4, after O-1's tree; O-7 is the year's, not in the quarter's tree
        assert ui.tree_ids(app) == ["O-1", "O-3", "O-4", "O-5", "O-6"]


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
        stored = ui.record(demo_file, "KR-17")  # the demo holds KR-1..KR-16 (O-6's KR-11..KR-15, O-7's KR-16)
        assert stored is not None, ui.ids(demo_file, "key_results")
        assert stored["objective"] == "O-2"
        assert stored["title"] == "Deals with a mutual action plan"
        assert (stored["kind"], stored["start"], stored["target"], stored["unit"]) == ("increase", 20, 90, "%")
        assert stored["weight"] == 1
        assert "KR-17" in ui.row_ids(app, "krs"), "the key result shows at once"


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

        stored = ui.record(demo_file, "KR-17")  # the demo holds KR-1..KR-16: the next is KR-17
        assert stored is not None, ui.ids(demo_file, "key_results")
        assert (stored["objective"], stored["kind"], stored["target"], stored["weight"], stored["kpi"]) == (
            "O-4",
            "at-most",
            6,
            2,
            "K-4",
        )
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
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
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
            "Partner newsletter",
            "gwen",
            "2026-12-15",
            "doing",
            "O-5",
        )
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
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
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
            "Net revenue retention",
            "net-revenue-retention",
            "%",
            110,
            100,
        )
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
        await open_form(pilot, ui, "d", ChoiceScreen)  # delete asks first
        await pilot.click("#choice-delete")
        await ui.settle(pilot)

        assert ui.record(demo_file, "K-2") is None
        assert ui.record(demo_file, "KR-2").get("kpi") is None
        assert ui.row_ids(app, "kpis") == ["K-1", "K-3", "K-4", "K-5"]
