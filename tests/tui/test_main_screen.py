"""The main screen over a real data file: the four panes, keys, filtering, periods, the empty state, the palette.

The demo data as of 2026-11-22 (2026-Q4): O-1 (maria) ← O-2 (alice) ← O-3 (bob); O-1 ← O-4 (dana), O-1 ← O-5 (chen);
O-6 (erik, Platform) at the top level; O-7 (maria) is the year 2026's own objective, not in the quarter's tree.
"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from okrtui.services import okrs
from okrtui.tui.screens.help import HelpScreen
from okrtui.tui.screens.main import MainScreen

TODAY = "2026-11-22"
PANES = ("objectives", "krs", "initiatives", "kpis")
DEMO_TREE = ["O-1", "O-2", "O-3", "O-4", "O-5", "O-6"]
"""The objectives tree of 2026-Q4, depth first: O-1's tree, then the top-level O-6."""
DEMO_YEAR = "O-7"
"""The demo's objective of the whole year 2026."""


async def test_first_paint_shows_the_demo_data(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert ui.tree_ids(app) == DEMO_TREE, "company → team → personal, depth first"
        tree = app.screen.query_one("#objectives")
        assert tree.selected_id == "O-1"
        assert app.focused is tree, "the objectives pane has the focus at start"
        assert ui.row_ids(app, "kpis") == ["K-1", "K-2", "K-3", "K-4", "K-5"]
        assert str(app.period) == "2026-Q4"
        assert "2026-Q4" in str(tree.border_title)


async def test_moving_through_objectives_follows_with_key_results_and_initiatives(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert ui.row_ids(app, "krs") == [], "O-1 has no key results of its own"
        await pilot.press("j")
        await ui.settle(pilot)
        assert app.screen.query_one("#objectives").selected_id == "O-2"
        assert ui.row_ids(app, "krs") == ["KR-1", "KR-2", "KR-3"]
        assert ui.row_ids(app, "initiatives") == ["I-1", "I-2", "I-3"]
        assert "O-2" in str(app.screen.query_one("#krs").border_title)

        await ui.goto(pilot, "krs", "KR-2")
        await ui.settle(pilot)
        assert ui.row_ids(app, "initiatives") == ["I-3"], "initiatives follow the selected key result"


# -- keys -------------------------------------------------------------------------------------------------------------


async def test_number_keys_focus_the_panes(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        for key, pane in [("2", "krs"), ("3", "initiatives"), ("4", "kpis"), ("1", "objectives"), ("4", "kpis")]:
            await pilot.press(key)
            await pilot.pause()
            assert app.focused is app.screen.query_one(f"#{pane}"), f"{key} should focus #{pane}, not {app.focused}"


async def test_j_and_k_move_within_a_pane(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one("#objectives")
        await pilot.press("j", "j")
        await pilot.pause()
        assert tree.selected_id == "O-3"
        await pilot.press("k")
        await pilot.pause()
        assert tree.selected_id == "O-2"

        await pilot.press("4")
        kpis = app.screen.query_one("#kpis")
        assert kpis.selected_id == "K-1"
        await pilot.press("j", "j")
        await pilot.pause()
        assert kpis.selected_id == "K-3"
        await pilot.press("k")
        await pilot.pause()
        assert kpis.selected_id == "K-2"
        assert tree.selected_id == "O-2", "moving in one pane leaves the others alone"


async def test_arrow_keys_move_too(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert app.screen.query_one("#objectives").selected_id == "O-4"
        await pilot.press("up")
        await pilot.pause()
        assert app.screen.query_one("#objectives").selected_id == "O-3"


async def test_tab_and_shift_tab_move_between_panes(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        seen = [app.focused.id]
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(app.focused.id)
        assert seen == list(PANES)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused.id == "initiatives"
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "objectives", "tab wraps around the four panes"


async def test_question_mark_opens_the_help_screen(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), "escape closes the help"


async def test_ctrl_p_opens_the_command_palette_with_the_app_commands(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

        await pilot.press(*"next")
        found = await ui.wait_until(
            pilot,
            lambda: any(  # the "]" binding, by its own description
                option.hit.text == "Next" for option in app.screen.query_one("CommandList").options
            ),
        )
        assert found, "the palette lists the app's own commands"
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: str(app.period) == "2027-Q1"), "running it acts on the main screen"
        assert isinstance(app.screen, MainScreen)


async def test_zoom_maximises_the_focused_pane_and_escape_restores(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4", "z")
        await pilot.pause()
        assert app.screen.maximized is app.screen.query_one("#kpis")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.maximized is None


# -- filtering and periods --------------------------------------------------------------------------------------------


async def test_filter_by_owner_then_escape_clears_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        box = app.screen.query_one("#filter", Input)
        assert box.display and app.focused is box, "/ opens the filter line with the focus in it"
        await pilot.press(*"owner:alice")
        await pilot.press("enter")
        await ui.settle(pilot)

        assert ui.tree_ids(app) == ["O-2"], "only alice's objectives"
        assert not box.display
        assert "owner:alice" in str(app.screen.query_one("#objectives").border_title)
        assert ui.row_ids(app, "krs") == ["KR-1", "KR-2", "KR-3"], "the other panes follow the filtered tree"

        await pilot.press("escape")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == DEMO_TREE
        assert "filter" not in str(app.screen.query_one("#objectives").border_title)


async def test_filter_by_team_and_text(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("slash", *"team:sales", "enter")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == ["O-2", "O-3"]

        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "team:sales", "the filter line shows the filter"
        app.screen.query_one("#filter", Input).value = ""
        await pilot.press(*"well-being", "enter")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == ["O-4"]


async def test_a_filter_matching_nothing_says_so(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("slash", *"owner:nobody", "enter")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == []
        assert any("match the filter" in label for label in ui.tree_labels(app))


async def test_next_and_previous_period(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("right_square_bracket")
        await ui.settle(pilot)
        assert str(app.period) == "2027-Q1"
        assert ui.tree_ids(app) == [], "no objectives in 2027-Q1"
        assert any("No objectives in 2027-Q1" in label for label in ui.tree_labels(app)), ui.tree_labels(app)
        assert "2027-Q1" in str(app.screen.query_one("#objectives").border_title)
        assert ui.row_ids(app, "krs") == [] and ui.row_ids(app, "initiatives") == []

        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert str(app.period) == "2026-Q4"
        assert ui.tree_ids(app) == DEMO_TREE

        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert str(app.period) == "2026-Q3"


async def test_y_switches_to_the_whole_year_and_back(demo_file, app_for, ui, other_ws):
    yearly = okrs.add_objective(other_ws(demo_file, "maria"), "A yearly objective", period="2026", owner="maria")
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert yearly.id not in ui.tree_ids(app)
        await pilot.press("y")
        await ui.settle(pilot)
        assert str(app.period) == "2026"
        assert yearly.id == "O-8"  # after the demo's O-1..O-7
        assert ui.tree_ids(app) == [DEMO_YEAR, yearly.id, *DEMO_TREE], "the year's own objectives, then its quarters'"
        assert "2026" in str(app.screen.query_one("#objectives").border_title)

        await pilot.press("y")
        await ui.settle(pilot)
        assert str(app.period) == "2026-Q4", "y again goes back to the current quarter"
        assert ui.tree_ids(app) == DEMO_TREE


# -- the empty state --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("exists", [True, False], ids=["initialised-file", "no-file-yet"])
async def test_empty_state_hint_then_d_loads_the_demo_data(empty_file, app_for, ui, exists):
    if not exists:
        empty_file.unlink()
    app = app_for(empty_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert ui.tree_ids(app) == []
        labels = ui.tree_labels(app)
        assert labels == ["No data yet.", "Press a to add an objective,", "or D to load the demo data."], labels

        await pilot.press("D")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == DEMO_TREE, "the demo objectives appear"
        assert len(ui.row_ids(app, "kpis")) == 5
    assert ui.ids(empty_file, "objectives") == [*DEMO_TREE, DEMO_YEAR], "the year's O-7 is loaded too"
    assert len(ui.ids(empty_file, "kpis")) == 5


async def test_d_refuses_to_load_the_demo_into_a_file_with_data(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("D")
        await ui.settle(pilot)
        assert any(n.severity == "warning" and "empty file" in n.message for n in ui.notifications(app))
        assert ui.tree_ids(app) == DEMO_TREE
    assert demo_file.read_bytes() == before


async def test_first_objective_in_an_empty_file(empty_file, app_for, ui):
    app = app_for(empty_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await ui.fill(pilot, "title", "Our very first objective")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert ui.tree_ids(app) == ["O-1"]
    stored = ui.record(empty_file, "O-1")
    assert stored["title"] == "Our very first objective"
    assert stored.get("parent") is None and stored["level"] == "company"


# -- a small terminal -------------------------------------------------------------------------------------------------


async def test_80_by_24_renders_every_pane(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen_region = screen.region
        for pane in PANES:
            widget = screen.query_one(f"#{pane}")
            region = widget.region
            assert widget.display, pane
            assert region.width >= 20 and region.height >= 3, f"#{pane} is squeezed to {region}"
            assert screen_region.contains_region(region), f"#{pane} at {region} is cut off the {screen_region} screen"
        regions = [screen.query_one(f"#{pane}").region for pane in PANES]
        for index, first in enumerate(regions):
            for second in regions[index + 1 :]:
                assert not first.overlaps(second), f"{first} overlaps {second}"

        # every pane is still reachable and usable at this size
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-3")
        await ui.goto(pilot, "kpis", "K-5")
        await ui.goto(pilot, "objectives", "O-5")
        await ui.settle(pilot)
        assert ui.row_ids(app, "krs") == ["KR-9", "KR-10"]
        assert ui.row_ids(app, "initiatives") == ["I-4", "I-5", "I-6"]
        text = "\n".join(ui.screen_text(app))
        for title in ("1 Objectives", "2 Key results", "3 Initiatives", "4 KPIs"):
            assert title in text, f"the {title!r} pane title is not on the 80×24 screen:\n{text}"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_the_first_run_hint_is_whole_at_every_size(empty_file, app_for, ui, size):
    """The hint named the demo key just where the pane cut it ('…or D t'): it is on lines of its own now."""
    app = app_for(empty_file)
    async with app.run_test(size=size) as pilot:
        await ui.settle(pilot)
        screen = "\n".join(ui.screen_text(app))
    assert "Press a to add an objective," in screen and "or D to load the demo data." in screen, screen
    assert "No KPIs: press a to add one" in screen
    assert "…" not in "\n".join(screen.splitlines()[1:])  # the header may cut the temporary folder's path
