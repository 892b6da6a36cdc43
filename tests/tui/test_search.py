"""Finding things on the main screen: ``/`` filters every pane as you type, ``n`` / ``N`` step through the matches,
``s`` sorts the focused table, ``.`` goes back to the period holding today.

The demo as of 2026-11-22 (2026-Q4), by hand: O-2 (alice, Sales) holds KR-1 "Average sales cycle" (I-1 alice done,
I-2 bob doing "Pre-approved security questionnaire"), KR-2 "Keep conversion at 9% or better" (follows K-2
conversion, alice's; I-3 alice blocked) and KR-3; O-6 (erik) "Make onboarding fast and reliable" holds KR-11 on-track
100%, KR-12 "Teams finishing onboarding in a week" on-track 63%, KR-13 off-track 0%, KR-14 dropped 13%, KR-15 pending
0%. KPIs: K-1 mrr amber, K-2 conversion green, K-3 churn amber, K-4 first-response amber, K-5 demo-signups red.
"""

from __future__ import annotations

from textual.widgets import Input

from okrtui.services import okrs
from okrtui.tui.screens.main import MainScreen

SIZE = (100, 30)
DEMO_TREE = ["O-1", "O-2", "O-3", "O-4", "O-5", "O-6"]
ALL_KPIS = ["K-1", "K-2", "K-3", "K-4", "K-5"]


async def type_filter(pilot, ui, text: str) -> None:
    """Open the filter line and type ``text`` key by key, without Enter."""
    await pilot.press("slash")
    await pilot.pause()
    await pilot.press(*text)
    await ui.settle(pilot)


def title(app, pane: str) -> str:
    return str(app.screen.query_one(f"#{pane}").border_title)


def focused(app) -> str | None:
    return app.focused.id if app.focused is not None else None


def selected(app, pane: str) -> str | None:
    return app.screen.query_one(f"#{pane}").selected_id


# -- filtering as you type --------------------------------------------------------------------------------------------


async def test_typing_filters_every_pane_without_enter(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "conversion")
        assert focused(app) == "filter", "the focus stays in the filter line while typing"
        assert ui.tree_ids(app) == ["O-2"], "KR-2 keeps its objective in the tree"
        assert ui.row_ids(app, "krs") == ["KR-2"]
        assert selected(app, "krs") == "KR-2"
        assert ui.row_ids(app, "initiatives") == ["I-3"], "the initiative under the matching key result"
        assert ui.row_ids(app, "kpis") == ["K-2"], "KPIs by key or name"
        assert "filter conversion" in title(app, "objectives")
        assert "2 matches" in title(app, "objectives")


async def test_each_key_typed_narrows_at_once(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "c")
        assert ui.row_ids(app, "kpis") == ["K-1", "K-2", "K-3"], "a c in recurring, conversion, churn"
        await pilot.press(*"hu")
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-3"]
        assert ui.tree_ids(app) == []
        await pilot.press("backspace", "backspace")
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-1", "K-2", "K-3"], "backspace widens again"


async def test_a_match_in_a_key_result_selects_it_under_its_objective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "onboarding")
        assert ui.tree_ids(app) == ["O-6"]
        assert ui.row_ids(app, "krs") == ["KR-11", "KR-12", "KR-13", "KR-14", "KR-15"], "O-6 matches: all it holds"
        assert selected(app, "krs") == "KR-12", "the cursor is on the key result that matched"


async def test_a_pane_the_filter_empties_says_so(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "keep")  # KR-2 and KR-3 of O-2; no KPI
        assert ui.row_ids(app, "kpis") == []
        assert str(app.screen.query_one("#kpis").border_subtitle) == "No KPIs match the filter", "not: press a to add"
        await pilot.press("escape")
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ALL_KPIS
        assert not app.screen.query_one("#kpis").border_subtitle


async def test_escape_clears_the_filter_and_leaves_the_line(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "churn")
        assert ui.row_ids(app, "kpis") == ["K-3"]
        await pilot.press("escape")
        await ui.settle(pilot)
        assert not app.screen.query_one("#filter", Input).display
        assert focused(app) == "objectives"
        assert ui.tree_ids(app) == DEMO_TREE
        assert ui.row_ids(app, "kpis") == ALL_KPIS
        assert "filter" not in title(app, "objectives")


async def test_enter_keeps_the_filter_and_goes_to_the_first_match(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "security")
        await pilot.press("enter")
        await ui.settle(pilot)
        assert not app.screen.query_one("#filter", Input).display
        assert ui.tree_ids(app) == ["O-2"]
        assert ui.row_ids(app, "krs") == ["KR-1"], "the key result the initiative hangs on"
        assert focused(app) == "initiatives", "the match is an initiative: its pane has the focus"
        assert selected(app, "initiatives") == "I-2"
        assert "filter security" in title(app, "objectives")


async def test_owner_me_is_the_person_acting(demo_file, app_for, ui, other_ws):
    mine = okrs.add_objective(other_ws(demo_file, "tester"), "My own objective", period="2026-Q4", owner="tester")
    app = app_for(demo_file)  # acting as tester
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "owner:me")
        assert ui.tree_ids(app) == [mine.id]
        assert ui.row_ids(app, "kpis") == [], "tester owns no KPI"
        assert "owner:tester" in title(app, "objectives")


async def test_owner_and_team_keep_working(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "team:sales")
        assert ui.tree_ids(app) == ["O-2", "O-3"]
        assert ui.row_ids(app, "kpis") == ["K-2"], "the KPI a Sales key result follows"
        app.screen.query_one("#filter", Input).value = ""
        await pilot.press(*"owner:bob")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == ["O-2", "O-3"], "O-2 for bob's initiative I-2"


# -- n / N ------------------------------------------------------------------------------------------------------------


async def test_n_and_N_step_through_matches_across_panes(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "owner:alice")
        await pilot.press("enter")
        await ui.settle(pilot)
        assert (focused(app), selected(app, "objectives")) == ("objectives", "O-2")
        seen = []
        for _ in range(7):
            await pilot.press("n")
            await ui.settle(pilot)
            pane = focused(app)
            seen.append((pane, selected(app, pane)))
        assert seen == [
            ("krs", "KR-1"),
            ("krs", "KR-2"),
            ("krs", "KR-3"),
            ("initiatives", "I-1"),
            ("initiatives", "I-3"),
            ("kpis", "K-2"),
            ("objectives", "O-2"),
        ], "I-2 is bob's: skipped; after the last match the first again"
        await pilot.press("N")
        await ui.settle(pilot)
        assert (focused(app), selected(app, "kpis")) == ("kpis", "K-2"), "N goes back, wrapping around"
        await pilot.press("N", "N")
        await ui.settle(pilot)
        assert (focused(app), selected(app, "initiatives")) == ("initiatives", "I-1")
        assert selected(app, "objectives") == "O-2"


async def test_n_selects_a_match_under_another_objective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await type_filter(pilot, ui, "keep")  # KR-2, KR-3 (O-2); O-6 "... reliable" no; "Keep" nowhere else
        await pilot.press("enter")
        await ui.settle(pilot)
        assert (focused(app), selected(app, "krs")) == ("krs", "KR-2")
        await pilot.press("n")
        await ui.settle(pilot)
        assert selected(app, "krs") == "KR-3"


async def test_n_without_a_filter_says_how_to_search(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert any("press /" in str(note.message) for note in ui.notifications(app))
        assert selected(app, "objectives") == "O-1"


# -- the current period -----------------------------------------------------------------------------------------------


async def test_full_stop_goes_back_to_the_period_holding_today(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await ui.settle(pilot)
        assert str(app.period) == "2027-Q2"
        await pilot.press("full_stop")
        await ui.settle(pilot)
        assert str(app.period) == "2026-Q4"
        assert ui.tree_ids(app) == DEMO_TREE
        await pilot.press("left_square_bracket", "y")
        await ui.settle(pilot)
        assert str(app.period) == "2026"
        await pilot.press("full_stop")
        await ui.settle(pilot)
        assert str(app.period) == "2026-Q4", "from a year too"
        assert "2026-Q4" in title(app, "objectives")


def test_the_current_period_key_is_free_and_described():
    from okrtui.tui.app import OkrApp

    keys = [binding.key for binding in [*OkrApp.BINDINGS, *MainScreen.BINDINGS]]
    assert keys.count("full_stop") == 1 and keys.count("s") == 1 and keys.count("n") == 1 and keys.count("N") == 1
    described = {binding.key: binding.description for binding in MainScreen.BINDINGS}
    assert (described["full_stop"], described["s"]) == ("Today", "Sort")


# -- sorting ----------------------------------------------------------------------------------------------------------


async def test_s_cycles_the_key_results_sort_shown_in_the_title(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-6")
        await ui.goto(pilot, "krs", "KR-12")
        orders = []
        for _ in range(4):
            await pilot.press("s")
            await ui.settle(pilot)
            orders.append((ui.row_ids(app, "krs"), title(app, "krs").partition(" · sorted by ")[2]))
            assert selected(app, "krs") == "KR-12", "the cursor stays on its key result"
        assert orders == [
            (["KR-13", "KR-15", "KR-11", "KR-12", "KR-14"], "status"),
            (["KR-13", "KR-15", "KR-14", "KR-12", "KR-11"], "progress"),
            (["KR-11", "KR-12", "KR-13", "KR-14", "KR-15"], "owner"),  # one objective: one owner, ties keep their order
            (["KR-11", "KR-12", "KR-13", "KR-14", "KR-15"], ""),
        ]


async def test_s_sorts_initiatives_by_status_owner_and_due(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await pilot.press("3")
        orders = []
        for _ in range(3):
            await pilot.press("s")
            await ui.settle(pilot)
            orders.append(ui.row_ids(app, "initiatives"))
        assert orders == [["I-3", "I-2", "I-1"], ["I-1", "I-3", "I-2"], ["I-1", "I-2", "I-3"]]
        assert "sorted by due" in title(app, "initiatives")


async def test_s_sorts_kpis_by_health_and_key_and_the_sort_survives_a_redraw(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("4", "s")
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-5", "K-1", "K-3", "K-4", "K-2"]
        assert "sorted by health" in title(app, "kpis")
        await pilot.press("s")
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-3", "K-2", "K-5", "K-4", "K-1"]
        app.load()  # a reload draws every pane again
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-3", "K-2", "K-5", "K-4", "K-1"]


async def test_s_leaves_the_objectives_tree_in_its_alignment_order(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("1", "s")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == DEMO_TREE
        assert any("alignment order" in str(note.message) for note in ui.notifications(app))
        assert "sorted" not in title(app, "objectives")


async def test_a_sort_and_a_filter_together(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("4", "s")  # by health
        await type_filter(pilot, ui, "owner:erik")
        assert ui.row_ids(app, "kpis") == ["K-3", "K-4"], "erik's KPIs, both amber: their order"
        await pilot.press("escape", "4", "s")  # by key
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-3", "K-2", "K-5", "K-4", "K-1"]
