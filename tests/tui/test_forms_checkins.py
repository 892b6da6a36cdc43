"""Check-in and KPI value forms: a key result's check-in, a bad value, a KPI value for today and for an
earlier date (the demo data is described in forms_support.py)."""

from __future__ import annotations

import json

from forms_support import ACTOR, TODAY, open_form, save

from okrtui.tui.modals.forms import CheckInForm, RecordForm
from okrtui.tui.screens.main import MainScreen


async def test_check_in_on_a_key_result(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        form = await open_form(pilot, ui, "c", CheckInForm)
        assert "previous: 48" in form.intro, "the previous value is shown"
        assert ui.field(pilot, "date") == TODAY
        await ui.type_into(pilot, "value", "44")
        await ui.choose(pilot, "confidence", "at-risk")
        await ui.fill(pilot, "note", "Legal reviews sped up")
        await save(pilot, ui)

        assert isinstance(app.screen, MainScreen)
        checkins = ui.record(demo_file, "KR-1")["checkins"]
        assert len(checkins) == 8
        assert checkins[-1] == {
            "date": TODAY,
            "value": 44,
            "confidence": 5,
            "note": "Legal reviews sped up",
            "author": ACTOR,
        }
        assert "→ 44 →" in ui.row_text(app, "krs", "KR-1"), "the new value shows at once"


async def test_check_in_with_a_bad_value_shows_the_error_and_saves_nothing(demo_file, app_for, ui):
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "c", CheckInForm)
        await ui.type_into(pilot, "value", "forty")
        await save(pilot, ui)
        assert isinstance(app.screen, CheckInForm)
        assert "value must be a number" in (ui.error(pilot, "value") or "")
    assert demo_file.read_bytes() == before


async def test_record_a_kpi_value_today_then_replace_it(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-3")  # churn, last measured 2026-11-18
        form = await open_form(pilot, ui, "r", RecordForm)
        assert "2026-11-18" in form.intro
        assert ui.field(pilot, "date") == TODAY, "today by default"
        await ui.type_into(pilot, "value", "2.4")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        history = ui.record(demo_file, "K-3")["history"]
        assert history[TODAY] == 2.4
        assert len(history) == 14

        await open_form(pilot, ui, "r", RecordForm)
        await ui.type_into(pilot, "value", "2.2")
        await save(pilot, ui)
        history = ui.record(demo_file, "K-3")["history"]
        assert history[TODAY] == 2.2, "the same date again replaces its value"
        assert len(history) == 14
        assert "2.2%" in ui.row_text(app, "kpis", "K-3")


async def test_record_a_kpi_value_for_an_earlier_date(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-3")
        await open_form(pilot, ui, "r", RecordForm)
        await ui.type_into(pilot, "value", "2.55")
        await ui.type_into(pilot, "date", "2026-11-20")
        await save(pilot, ui)
        history = ui.record(demo_file, "K-3")["history"]
        assert history["2026-11-20"] == 2.55
        assert TODAY not in history


async def test_check_in_form_shows_the_latest_check_in_by_date_as_scoring_does(demo_file, app_for, ui):
    """A hand-edited file whose check-ins are out of date order: the form's "previous" and the score agree."""
    data = json.loads(demo_file.read_text())
    checkins = data["key_results"]["1"]["checkins"]  # KR-1: ... 2026-11-12 50, 2026-11-19 48 (the latest)
    checkins.insert(0, checkins.pop())  # the latest first, 2026-11-12 last
    demo_file.write_text(json.dumps(data, indent=2))
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        assert "→ 48 →" in ui.row_text(app, "krs", "KR-1"), "scoring takes the latest date"
        form = await open_form(pilot, ui, "c", CheckInForm)
        assert "previous: 48 days on 2026-11-19 by alice" in form.intro
