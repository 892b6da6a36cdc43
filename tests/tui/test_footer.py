"""The footer: as many of the screen's keys as fit, never cut mid-word, ``? Help`` always at the right."""

from __future__ import annotations

import pytest

from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.widgets.footer import KeyFooter


def footer_line(app) -> str:
    return str(app.screen.query_one(KeyFooter).render())


@pytest.mark.parametrize("width", [80, 100, 120, 200])
async def test_the_main_footer_fits_and_always_ends_with_help(demo_file, app_for, ui, width):
    app = app_for(demo_file)
    async with app.run_test(size=(width, 24)) as pilot:
        await ui.settle(pilot)
        line = footer_line(app)
        bottom = ui.screen_text(app)[-1]
        spans = list(app.screen.query_one(KeyFooter)._spans)
    assert len(line) == width
    assert line.rstrip().endswith("? Help")
    assert bottom.rstrip().endswith("? Help"), bottom
    assert " a Add " in line and " e Edit " in line  # the first keys the screen declares come first
    # every key drawn is whole: each " key description " span is one of the screen's keys
    drawn = [line[start:end] for start, end, _key in spans]
    assert all(part.startswith(" ") and part.endswith(" ") for part in drawn)


async def test_a_wider_screen_shows_more_keys(demo_file, app_for, ui):
    counts = {}
    for width in (80, 200):
        app = app_for(demo_file)
        async with app.run_test(size=(width, 24)) as pilot:
            await ui.settle(pilot)
            counts[width] = len(app.screen.query_one(KeyFooter)._spans)
    assert counts[200] > counts[80] >= 5


async def test_a_details_screen_shows_its_own_keys(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4", "enter")
        await ui.settle(pilot)
        assert isinstance(app.screen, KpiDetails)
        line = footer_line(app)
    assert " esc Back " in line.replace("escape", "esc") or " esc " in line
    assert " t Range " in line
    assert " a Add " not in line  # the main screen's keys don't show through
    assert line.rstrip().endswith("? Help")


async def test_clicking_a_key_presses_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        start, _end, key = next(span for span in footer._spans if span[2].key == "question_mark")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await ui.settle(pilot)
        assert key.key == "question_mark"
        assert type(app.screen).__name__ == "HelpScreen"


async def test_hovering_a_key_explains_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        start, _end, _key = next(span for span in footer._spans if span[2].key == "a")
        await pilot.hover(KeyFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Add a record to the focused pane"


async def test_a_form_shows_its_own_keys_first_and_help_on_f1_while_typing(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("1", "a")
        await ui.settle(pilot)
        assert type(app.screen).__name__ == "ObjectiveForm"
        assert type(app.screen.focused).__name__ == "Input"  # the title field: "?" types a question mark here
        line = footer_line(app)
        await pilot.press("f1")
        await ui.settle(pilot)
        opened = type(app.screen).__name__
    assert line.startswith(" ^s Save  esc Cancel "), line
    assert line.rstrip().endswith("F1 Help"), line
    assert " a Add " not in line
    assert opened == "HelpScreen"
