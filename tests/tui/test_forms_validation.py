"""Validation beside the field: bad numbers, start equal to target, bad dates, empty titles, and an
error that hides once fixed (the demo data is described in forms_support.py)."""

from __future__ import annotations

import pytest
from forms_support import open_form, save

from okrtui.tui.modals.forms import InitiativeForm, KeyResultForm, KpiForm, ObjectiveForm
from okrtui.tui.screens.main import MainScreen


async def open_new_kr_form(pilot, ui):
    await ui.settle(pilot)
    await ui.goto(pilot, "objectives", "O-2")
    await pilot.press("2")
    await open_form(pilot, ui, "a", KeyResultForm)
    await ui.fill(pilot, "title", "Deals closed")


async def test_bad_number_in_a_key_result_target(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_new_kr_form(pilot, ui)
        await ui.type_into(pilot, "start", "10")
        await ui.type_into(pilot, "target", "12x")
        await save(pilot, ui)

        assert isinstance(app.screen, KeyResultForm), "the form stays open"
        assert "target must be a number" in (ui.error(pilot, "target") or "")
        assert ui.error(pilot, "start") is None and ui.error(pilot, "title") is None
        assert app.focused is app.screen.query_one("#field-target"), "the wrong field gets the focus"
        assert ui.field(pilot, "target") == "12x", "what was typed is kept"
    assert demo_file.read_bytes() == before


async def test_start_equal_to_target(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_new_kr_form(pilot, ui)
        await ui.type_into(pilot, "start", "10")
        await ui.type_into(pilot, "target", "10")
        await save(pilot, ui)

        assert isinstance(app.screen, KeyResultForm)
        assert "start equals target" in (ui.error(pilot, "target") or "")

        await ui.type_into(pilot, "target", "15")  # fixed: now it saves
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
    assert demo_file.read_bytes() != before
    # the demo holds KR-1..KR-16 (O-6's KR-11..KR-15, O-7's KR-16): the new one is KR-17
    assert ui.record(demo_file, "KR-17")["target"] == 15


async def test_bad_date_in_an_initiative_due_date(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await pilot.press("3")
        await open_form(pilot, ui, "a", InitiativeForm)
        await ui.fill(pilot, "title", "Partner newsletter")
        await ui.type_into(pilot, "due", "2026-13-40")
        await save(pilot, ui)

        assert isinstance(app.screen, InitiativeForm)
        assert ui.error(pilot, "due"), "the date error shows beside the due field"
        assert ui.error(pilot, "title") is None
        assert ui.field(pilot, "due") == "2026-13-40"
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize(
    ("pane", "select", "form_class", "field"),
    [
        ("objectives", "O-2", ObjectiveForm, "title"),
        ("krs", None, KeyResultForm, "title"),
        ("initiatives", None, InitiativeForm, "title"),
        ("kpis", None, KpiForm, "name"),
    ],
    ids=["objective", "key-result", "initiative", "kpi"],
)
async def test_empty_title_is_refused(demo_file, app_for, ui, pane, select, form_class, field):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await pilot.press({"objectives": "1", "krs": "2", "initiatives": "3", "kpis": "4"}[pane])
        await open_form(pilot, ui, "a", form_class)
        if form_class is KpiForm:
            await ui.type_into(pilot, "target", "5")
        if form_class is KeyResultForm:
            await ui.type_into(pilot, "start", "1")
            await ui.type_into(pilot, "target", "5")
        await ui.type_into(pilot, field, "   ")
        await save(pilot, ui)

        assert isinstance(app.screen, form_class)
        assert "must not be empty" in (ui.error(pilot, field) or "")
        assert app.screen.query_one(f"#field-{field}").has_class("-invalid")
    assert demo_file.read_bytes() == before


async def test_fixing_an_error_hides_it_and_saves(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await pilot.press("4")
        await open_form(pilot, ui, "a", KpiForm)
        await ui.fill(pilot, "name", "Uptime")
        await ui.type_into(pilot, "target", "99.9%")
        await save(pilot, ui)
        assert "target must be a number" in (ui.error(pilot, "target") or "")
        assert ui.record(demo_file, "K-6") is None

        await ui.type_into(pilot, "target", "99.9")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        assert ui.record(demo_file, "K-6")["target"] == 99.9
