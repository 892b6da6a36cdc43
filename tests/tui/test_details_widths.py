"""Titles in the tables of the details screens and the Due view take the width the other columns leave: shown whole
at 100×30 when they fit, cut only at their end with an ellipsis when they don't, and no table scrolls sideways.

Demo titles (conftest ``demo_file``): KR-7 "Sick days per person per month at most 1.5" (O-4), I-5 "Redesign the pricing
page for teams of 20-200" (O-5), I-2 "Pre-approved security questionnaire" (KR-1), O-3 "Close five enterprise deals
myself" (aligned to O-2), KR-8 "Launch the no-meeting Friday pilot" (due: never checked in).
"""

from __future__ import annotations

import pytest

from okrtui.services import okrs
from okrtui.tui.screens.details import KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.widgets.details import DetailTable

LONG = "Renegotiate every enterprise contract before the renewal date, with legal and finance in the room early"
"""103 characters: more than any table leaves at 80 or 100 columns."""


async def shown_lines(pilot, ui, screen, table_selector: str) -> list[str]:
    """Open a screen, bring one of its tables into view and read the screen back."""
    await ui.settle(pilot)
    pilot.app.push_screen(screen)
    await ui.settle(pilot)
    table = pilot.app.screen.query_one(table_selector, DetailTable)
    table.focus()
    await pilot.pause()
    await pilot.pause()
    return ui.screen_text(pilot.app)


@pytest.mark.parametrize(
    ("screen", "table", "title"),
    [
        (lambda: ObjectiveDetails("O-4"), "#objective-krs DetailTable", "Sick days per person per month at most 1.5"),
        (
            lambda: ObjectiveDetails("O-5"),
            "#objective-initiatives DetailTable",
            "Redesign the pricing page for teams of 20-200",
        ),
        (lambda: ObjectiveDetails("O-2"), "#objective-children DetailTable", "Close five enterprise deals myself"),
        (lambda: KeyResultDetails("KR-1"), "#kr-initiatives DetailTable", "Pre-approved security questionnaire"),
        (DueScreen, "#due-table", "Launch the no-meeting Friday pilot"),
    ],
)
async def test_a_title_that_fits_is_shown_whole_at_100x30(demo_file, app_for, ui, screen, table, title):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        lines = await shown_lines(pilot, ui, screen(), table)
    assert any(title in line for line in lines), "\n".join(lines)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_long_title_is_cut_at_its_end_and_nothing_scrolls_sideways(demo_file, app_for, ui, other_ws, size):
    okrs.edit_initiative(other_ws(demo_file), "I-2", {"title": LONG})
    app = app_for(demo_file)
    async with app.run_test(size=size) as pilot:
        lines = await shown_lines(pilot, ui, KeyResultDetails("KR-1"), "#kr-initiatives DetailTable")
        table = app.screen.query_one("#kr-initiatives DetailTable", DetailTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        page = app.screen.query_one(".details").scrollable_content_region.width
    row = next(line for line in lines if "I-2" in line).rstrip("\n ")
    shown = row[row.index("Renegotiate") :]
    assert shown.endswith("…"), row
    assert LONG.startswith(shown[:-1]), row
    # The other columns take ID 5, Status 8 ("doing" under "Status"), Owner 7, Due 12 with their padding of 2, and
    # the title its own padding 2: the title has the rest of the page's width.
    assert len(shown) == page - (5 + 8 + 7 + 12) - 2 > 40, row
