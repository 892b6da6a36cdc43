"""Own dates, phased plans and KPI levels set ahead (issue 12, items 5 and 6) in the UI: the key result form's from,
due and plan fields (only for the kinds that take them), the KPI form's "from" day for its levels, and the details
screens. Each test checks the data file, not only the screen."""

from __future__ import annotations

from pathlib import Path

from forms_support import open_form, save
from textual.widgets import Static

from okrtui.services import checkins, kpis, okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.forms import KeyResultForm, KpiForm, RecordForm
from okrtui.tui.screens.details import KeyResultDetails
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen

SIZE = (120, 40)


def small_file(path: Path) -> Path:
    """O-1 (2026-Q4) with KR-1 0 → 100 due 2026-11-15 (at 40 on 11-10), KR-2 at least 9; mrr target 200,000, warn
    190,000."""
    ws = Workspace.open(path, actor="tester", today="2026-10-01")
    okrs.add_objective(ws, "Grow", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "Demos", start=0, target=100, due="2026-11-15")
    okrs.add_kr(ws, "O-1", "Conversion", at_least=9)
    kpis.add_kpi(ws, "MRR", key="mrr", target=200000, warn=190000)
    checkins.checkin(Workspace.open(path, actor="tester", today="2026-11-10"), "KR-1", "40")
    return path


async def open_kr_form(pilot, ui, kr_id: str) -> KeyResultForm:
    await ui.settle(pilot)
    await ui.goto(pilot, "objectives", "O-1")
    await ui.goto(pilot, "krs", kr_id)
    return await open_form(pilot, ui, "e", KeyResultForm)


def shown(pilot, name: str) -> bool:
    return bool(pilot.app.screen.query_one(f"#field-{name}").display)


async def test_the_kr_form_sets_dates_and_a_plan(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kr_form(pilot, ui, "KR-1")
        assert (ui.field(pilot, "begins"), ui.field(pilot, "due"), ui.field(pilot, "plan")) == ("", "2026-11-15", "")
        assert (shown(pilot, "begins"), shown(pilot, "due"), shown(pilot, "plan")) == (True, True, True)
        await ui.fill(pilot, "begins", "2026-10-15")
        await ui.fill(pilot, "due", "2026-12-15")
        await ui.fill(pilot, "plan", "2026-11-30:70, 2026-11-01:30")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(path, "KR-1")
    assert (stored["begins"], stored["due"]) == ("2026-10-15", "2026-12-15")
    assert stored["plan"] == [{"date": "2026-11-01", "value": 30}, {"date": "2026-11-30", "value": 70}]


async def test_a_guard_shows_no_date_fields_and_switching_to_one_clears_them(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kr_form(pilot, ui, "KR-1")
        await ui.choose(pilot, "kind", "at-least")
        assert (shown(pilot, "begins"), shown(pilot, "due"), shown(pilot, "plan")) == (False, False, False)
        await ui.choose(pilot, "kind", "milestone")
        assert (shown(pilot, "begins"), shown(pilot, "due"), shown(pilot, "plan")) == (True, True, False)
        await ui.choose(pilot, "kind", "at-least")
        await ui.fill(pilot, "target", "9")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(path, "KR-1")
    assert stored["kind"] == "at-least"
    assert "due" not in stored


async def test_a_bad_plan_or_a_due_date_outside_the_period_is_said_beside_its_field(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    before = path.read_bytes()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kr_form(pilot, ui, "KR-1")
        await ui.fill(pilot, "plan", "2026-11-01")
        await save(pilot, ui)
        assert isinstance(app.screen, KeyResultForm), "the form stays open"
        assert "use DATE:VALUE" in (ui.error(pilot, "plan") or "")
        await ui.fill(pilot, "plan", "")
        await ui.fill(pilot, "due", "2027-01-05")
        await save(pilot, ui)
        assert isinstance(app.screen, KeyResultForm)
        assert "2027-01-05 is outside 2026-Q4" in (ui.error(pilot, "due") or "")
    assert path.read_bytes() == before


async def test_the_kpi_form_sets_levels_ahead_from_a_day(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        await ui.fill(pilot, "target", "250000")
        await ui.fill(pilot, "levels_from", "2027-01-01")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(path, "K-1")
    assert (stored["target"], stored["warn"]) == (200000, 190000), "today's levels stay"
    assert stored["scheduled_targets"] == [{"begins": "2027-01-01", "by": "tester", "target": 250000, "warn": 190000}]


async def summary_of(app_for, path: Path, screen, ui) -> list[str]:
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        return str(app.screen.query_one("#summary", Static).content).splitlines()


async def test_kr_details_show_its_dates_past_due_and_its_plan(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    okrs.edit_kr(Workspace.open(path, actor="tester", today="2026-11-10"), "KR-1", {"plan": "2026-11-01:30"})
    lines = await summary_of(app_for, path, KeyResultDetails("KR-1"), ui)
    assert "due 2026-11-15 (past due)" in lines
    assert "plan 2026-11-01 30" in lines


async def test_kpi_details_show_the_levels_set_ahead(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    ws = Workspace.open(path, actor="cfo", today="2026-11-10")
    kpis.set_target(ws, "mrr", target="250000", begins="2027-01-01")
    lines = await summary_of(app_for, path, KpiDetails("K-1"), ui)
    assert "set ahead: target 200,000 → 250,000 from 2027-01-01 (set by cfo)" in lines


async def test_the_kpi_form_shows_the_levels_in_force_today_and_keeps_them(app_for, data_dir, ui):
    """Target 250,000 was set ahead (on Oct 1) for Nov 1: on Nov 22 the form shows it, and saving another field leaves
    it in force."""
    path = small_file(data_dir / "okrtui.json")
    kpis.set_target(Workspace.open(path, actor="cfo", today="2026-10-01"), "mrr", target="250000", begins="2026-11-01")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        assert (ui.field(pilot, "target"), ui.field(pilot, "warn")) == ("250000", "190000")
        await ui.fill(pilot, "owner", "dana")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    stored = ui.record(path, "K-1")
    assert (stored["owner"], stored["target"], stored["warn"]) == ("dana", 250000, 190000)


async def test_the_record_form_names_the_target_in_force_today(app_for, data_dir, ui):
    path = small_file(data_dir / "okrtui.json")
    kpis.set_target(Workspace.open(path, actor="cfo", today="2026-10-01"), "mrr", target="250000", begins="2026-11-01")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        form = await open_form(pilot, ui, "r", RecordForm)
        assert "target 250,000" in form.intro
