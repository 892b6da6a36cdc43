"""Titles first, at every size: with any objective selected, the main screen shows at once the first 24 characters of
its title, of each of its key results' and initiatives' titles, and the first 15 characters of every KPI name; a
title is cut only at its end, with "…", and no pane scrolls sideways."""

from __future__ import annotations

import json

import pytest

from okrtui.tui.widgets.panes import ObjectivesPane

SIZES = [(80, 24), (100, 30), (120, 36), (200, 50)]


def demo_records(path):
    """The demo's objectives of 2026-Q4, with their key results' and initiatives' titles, and every KPI name (read
    from the file itself, not from the app)."""
    data = json.loads(path.read_bytes())
    objectives = [o for o in data["objectives"].values() if o["period"] == "2026-Q4"]
    krs = list(data["key_results"].values())
    initiatives = list(data["initiatives"].values())
    kpis = [k["name"] for k in data["kpis"].values()]
    return [
        (
            o["id"],
            o["title"],
            [kr["title"] for kr in krs if kr["objective"] == o["id"]],
            [i["title"] for i in initiatives if i["objective"] == o["id"]],
        )
        for o in objectives
    ], kpis


def visible(screen: str, title: str, length: int) -> bool:
    """The first ``length`` characters of ``title`` are on screen, whole or followed by "…"."""
    head = title[:length]
    return (
        head in screen
        if len(title) <= length
        else any(title[:cut] + "…" in screen or title[: cut + 1] in screen for cut in range(length, len(title) + 1))
    )


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_title_is_in_sight_for_every_objective(demo_file, app_for, ui, size):
    objectives, kpis = demo_records(demo_file)
    assert len(objectives) >= 5 and any(krs and initiatives for _, _, krs, initiatives in objectives)
    app = app_for(demo_file)
    missing = []
    async with app.run_test(size=size) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(ObjectivesPane)
        for objective_id, title, krs, initiatives in objectives:
            await ui.goto(pilot, "objectives", objective_id)
            await ui.settle(pilot)
            screen = "\n".join(ui.screen_text(app))
            wanted = [(title, 24)] + [(t, 24) for t in krs] + [(t, 24) for t in initiatives] + [(n, 15) for n in kpis]
            missing += [f"{objective_id}: {text!r}" for text, length in wanted if not visible(screen, text, length)]
            for pane in ("objectives", "krs", "initiatives", "kpis"):
                widget = app.screen.query_one(f"#{pane}")
                assert not widget.show_horizontal_scrollbar, f"{pane} scrolls sideways at {size}"
                assert widget.max_scroll_x == 0, f"{pane} is wider than its pane at {size}"
        assert tree.selected_id == objectives[-1][0]
    assert not missing, f"titles not in sight at {size}:\n" + "\n".join(missing)


def test_visible_needs_the_whole_head_of_a_title():
    screen = "│ KR-2  Keep conversion at 9% or b…  ● │"
    assert visible(screen, "Keep conversion at 9% or better", 24)
    assert not visible(screen, "Keep conversion at 9% or better", 30)
    assert not visible("Keep conversion", "Keep conversion at 9% or better", 24)


async def test_a_status_is_shortened_to_its_mark_before_a_title_is_cut_short(demo_file, app_for, ui):
    """At 120x36 the key results pane could show each status in words with the titles cut at 24 characters; it shows
    the mark (● ▲ ✖ still tell the status) and 28 or more characters of each title instead, and keeps the progress."""
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.settle(pilot)
        screen = "\n".join(ui.screen_text(app))
        layout = app.screen.query_one("#krs").layout_shown
    assert layout == ("id", "title", "progress", "mark")
    assert "Keep conversion at 9% or better" in screen and "██████ 100%" in screen
