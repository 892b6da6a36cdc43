"""Issue 12, items 1 to 4 in the UI: the key result form's range (low, high) and commit / stretch fields, shown only
for the kinds they apply to and checked beside the field; a new guard's weight of 0; the details of a range guard,
an exceeded ratio and a zone; an objective with status only. On a small file built through the services.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from forms_support import open_form, save
from textual.widgets import Static

from okrtui.services import checkins, okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.forms import KeyResultForm
from okrtui.tui.screens.details import KeyResultDetails, ObjectiveDetails

TODAY = "2026-11-22"
SIZE = (120, 40)


@pytest.fixture
def small_file(data_dir: Path) -> Path:
    """O-1 "Grow" with KR-1 0 → 100 (commit 60, stretch 150) at 150 and KR-2 between 100 and 200 ms at 250 (weight 0);
    O-2 "Guards" with only KR-3, at least 9 at 9.5 (weight 0): status only."""
    path = data_dir / "okrtui.json"
    ws = Workspace.open(path, actor="tester", today=TODAY)
    grow = okrs.add_objective(ws, "Grow").id
    okrs.add_kr(ws, grow, "Trials", start=0, target=100, commit=60, stretch=150)
    checkins.checkin(ws, "KR-1", 150)
    okrs.add_kr(ws, grow, "p95 latency", between=(100, 200), unit="ms")
    checkins.checkin(ws, "KR-2", 250)
    guards = okrs.add_objective(ws, "Guards").id
    okrs.add_kr(ws, guards, "Conversion", at_least=9, unit="%")
    checkins.checkin(ws, "KR-3", 9.5)
    return path


def shown(app, selector: str) -> bool:
    return bool(app.screen.query_one(selector).display)


async def summary(app, pilot, ui, screen) -> str:
    app.push_screen(screen)
    await ui.settle(pilot)
    return str(app.screen.query_one("#summary", Static).content)


async def new_kr_form(app, pilot, ui, objective_id: str = "O-1") -> None:
    await ui.settle(pilot)
    await ui.goto(pilot, "objectives", objective_id)
    await pilot.press("2")
    await open_form(pilot, ui, "a", KeyResultForm)


async def test_a_range_guard_from_the_form_has_low_and_high_and_weighs_0(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await new_kr_form(app, pilot, ui)
        assert ui.field(pilot, "weight") == "1"
        assert not shown(app, "#field-low") and shown(app, "#field-commit")
        await ui.fill(pilot, "title", "Error budget")
        await ui.choose(pilot, "kind", "range")
        assert shown(app, "#field-low") and shown(app, "#field-high")
        assert not shown(app, "#field-start") and not shown(app, "#field-target") and not shown(app, "#field-commit")
        assert ui.field(pilot, "weight") == "0", "a new guard weighs 0"
        await ui.fill(pilot, "low", "0.5")
        await ui.fill(pilot, "high", "2")
        await save(pilot, ui)
    stored = ui.record(small_file, "KR-4")
    assert stored is not None
    assert (stored["kind"], stored["low"], stored["high"], stored["target"], stored["weight"]) == (
        "range",
        0.5,
        2,
        2,
        0,
    )


async def test_a_range_with_low_above_high_is_refused_beside_high(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await new_kr_form(app, pilot, ui)
        await ui.fill(pilot, "title", "Error budget")
        await ui.choose(pilot, "kind", "range")
        await ui.fill(pilot, "low", "3")
        await ui.fill(pilot, "high", "2")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, KeyResultForm)
        assert "above high" in (ui.error(pilot, "high") or "")
    assert ui.record(small_file, "KR-4") is None


async def test_commit_and_stretch_are_checked_beside_their_fields_then_saved(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await new_kr_form(app, pilot, ui)
        await ui.fill(pilot, "title", "Demos")
        await ui.fill(pilot, "start", "0")
        await ui.fill(pilot, "target", "100")
        await ui.fill(pilot, "commit", "150")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, KeyResultForm)
        assert "between start 0 and target 100" in (ui.error(pilot, "commit") or "")
        await ui.fill(pilot, "commit", "70")
        await ui.fill(pilot, "stretch", "130")
        await save(pilot, ui)
    stored = ui.record(small_file, "KR-4")
    assert stored is not None
    assert (stored["commit"], stored["stretch"], stored["weight"]) == (70, 130, 1)


async def test_editing_clears_a_commit_level(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-1")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "e", KeyResultForm)
        assert (ui.field(pilot, "commit"), ui.field(pilot, "stretch")) == ("60", "150")
        await ui.fill(pilot, "commit", "")
        await save(pilot, ui)
    stored = ui.record(small_file, "KR-1")
    assert stored is not None
    assert ("commit" in stored, stored["stretch"]) == (False, 150)


async def test_the_details_show_the_ratio_the_zone_and_a_range(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        trials = await summary(app, pilot, ui, KeyResultDetails("KR-1"))
        assert "150% exceeded" in trials
        assert "Commit 60" in trials and "Stretch 150" in trials and "Zone stretch" in trials
        await pilot.press("escape")
        latency = await summary(app, pilot, ui, KeyResultDetails("KR-2"))
        assert "Between 100 ms and 200 ms" in latency and "now 250 ms" in latency
        assert "out of bounds" in latency


async def test_an_objective_with_status_only_says_so(small_file, app_for, ui):
    app = app_for(small_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        (label,) = [label for label in ui.tree_labels(app) if "Guards" in label]
        assert "status only" in label
        text = await summary(app, pilot, ui, ObjectiveDetails("O-2"))
        assert "status only" in text
        assert "expected" not in text
