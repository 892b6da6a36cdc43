"""The command palette (ctrl+p): each command shows its key, and any record is found by id or title (fuzzy) and
opens its details.

The demo as of 2026-11-22: KR-3 "Keep average contract value at $8,000" (and KR-13 "Billing moved to the new
provider", whose id also holds K, R, 3 in order); K-3 "Customer churn" (key churn); O-2 "Shorten the sales lifecycle".
"""

from __future__ import annotations

from textual.command import CommandPalette

from okrtui.services import okrs
from okrtui.tui.screens.details import KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen

SIZE = (100, 30)


async def open_palette(app, pilot, ui) -> None:
    await ui.settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)


def options(app) -> list:
    lists = app.screen.query("CommandList")
    return list(lists.first().options) if lists else []


def prompts(app) -> list[str]:
    """What each option of the palette shows, as plain text (its first line: the help is below it)."""
    return [str(option.prompt).split("\n")[0] for option in options(app)]


async def search_for(app, pilot, ui, query: str, first_text: str) -> None:
    """Type ``query`` and wait until the palette's first option is the one whose text is ``first_text``."""
    await pilot.press(*query)

    def first_is() -> bool:
        listed = options(app)
        return bool(listed) and listed[0].hit.text == first_text

    assert await ui.wait_until(pilot, first_is), [option.hit.text for option in options(app)][:5]


async def test_each_command_shows_its_key(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        assert await ui.wait_until(pilot, lambda: len(options(app)) > 20)
        shown = prompts(app)
        for expected in ("Check in  c", "Filter  /", "Next  ]", "Help  ?", "Undo  ^z", "Today  .", "Sort  s"):
            assert expected in shown, f"{expected!r} not among {shown}"


async def test_a_typed_command_shows_its_key_too(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "check in", "Check in")
        assert prompts(app)[0] == "Check in  c"


async def test_a_key_result_by_its_id_opens_its_details(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "KR-3", "KR-3 Keep average contract value at $8,000")
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, KeyResultDetails))
        assert app.screen.record_id == "KR-3"
        await pilot.press("escape")
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_the_record_whose_id_was_typed_comes_before_a_title_naming_it(demo_file, app_for, ui, other_ws):
    named = okrs.add_objective(other_ws(demo_file), "KR-3 follow-up", period="2026-Q4")  # scores as KR-3 does
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "KR-3", "KR-3 Keep average contract value at $8,000")
        assert options(app)[1].hit.text == f"{named.id} KR-3 follow-up"


async def test_a_kpi_by_a_word_of_its_name_opens_its_chart(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "churn", "K-3 churn Customer churn")
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, KpiDetails))
        assert app.screen.record_id == "K-3"


async def test_a_fuzzy_title_finds_an_objective_of_any_period(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "shorten sales", "O-2 Shorten the sales lifecycle")
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, ObjectiveDetails))
        assert app.screen.record_id == "O-2"


async def test_a_title_with_markup_is_found_and_shown_as_typed(demo_file, app_for, ui, other_ws):
    ws = other_ws(demo_file, "bob")
    objective = okrs.add_objective(ws, "Ship [b]bold[/b] ideas", period="2026-Q4", owner="[red]bob")
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette(app, pilot, ui)
        await search_for(app, pilot, ui, "bold", f"{objective.id} Ship [b]bold[/b] ideas")
        assert prompts(app)[0] == f"{objective.id} Ship [b]bold[/b] ideas"
        assert str(options(app)[0].prompt).split("\n")[1] == "objective · 2026-Q4 · [red]bob"
