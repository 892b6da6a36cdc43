"""From 30 rows, two lines under the panes show the record under the focused pane's cursor in full: its whole title
and what matters about it (the demo data as of 2026-11-22: O-2 "Shorten the sales lifecycle", owner alice, team
Sales, three key results; KR-1 goes 59 → 48 → 38 days; K-1 mrr aims at $200,000)."""

from __future__ import annotations

import re

from okrtui.tui.widgets.preview import Preview


def preview_lines(app) -> list[str]:
    return str(app.screen.query_one(Preview).render()).splitlines()


async def test_the_preview_follows_the_focused_pane(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.settle(pilot)
        objective = preview_lines(app)
        screen = "\n".join(ui.screen_text(app))
        await ui.goto(pilot, "krs", "KR-1")
        await ui.settle(pilot)
        key_result = preview_lines(app)
        await ui.goto(pilot, "kpis", "K-1")
        await ui.settle(pilot)
        kpi = preview_lines(app)
    assert objective[0] == "O-2  Shorten the sales lifecycle"
    assert "owner alice" in objective[1] and "team Sales" in objective[1] and "3 key results" in objective[1]
    assert "O-2  Shorten the sales lifecycle" in screen  # drawn, not only held
    assert key_result[0] == "KR-1  Average sales cycle"
    assert "59 → 48 → 38 days" in key_result[1]
    assert kpi[0] == "mrr (K-1)  Monthly recurring revenue"
    assert "target $200,000" in kpi[1]


async def test_a_long_title_is_whole_in_the_preview(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-1")
        await ui.settle(pilot)
        screen = "\n".join(ui.screen_text(app))
    title = "Become the go-to platform for mid-market sales teams"
    assert re.search(r"Become the go-to platform for[^│\n]*…", screen)  # cut in the tree
    assert screen.count(title) == 1 and f"O-1  {title}" in screen  # whole under the panes only


async def test_no_preview_below_30_rows(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.settle(pilot)
        shown = app.screen.query_one(Preview).display
        screen = "\n".join(ui.screen_text(app))
    assert shown is False
    assert "O-2  Shorten" not in screen
