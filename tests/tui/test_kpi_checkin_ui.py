"""Checking in on a key result that follows a KPI from the UI (issue 13): the `c` form, Due -> Enter and the weekly
session record the value as the KPI's for today, say so with the KPI's last values, take a note without a value, and
the key result leaves the Due queue.

Demo data as of 2026-11-22 (see forms_support.py): KR-2 "Keep conversion at 9% or better" (alice's O-2) follows the
weekly KPI conversion (K-2), measured each Sunday of the quarter: 9.49 (10-04) ... 8.93 (11-08), 9.41 (11-15) and
9.3 (11-22), 8 measurements in 2026-Q4 and no check-ins of its own. ``kr2_due`` takes back the 11-15 and 11-22
values, so the last is 8.93 of 11-08 (14 days) and KR-2 is due.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrtui.services import corrections
from okrtui.services.reviews import due_items
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.forms import CheckInForm
from okrtui.tui.modals.scope_picker import ScopePicker
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.checkin_summary import CheckInSummary
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.main import MainScreen

TODAY = "2026-11-22"
ACTOR = "tester"


@pytest.fixture
def kr2_due(demo_file: Path) -> Path:
    """The demo file without conversion's values of 11-15 and 11-22."""
    ws = Workspace.open(demo_file, actor="maria", today=TODAY)
    for day in ("2026-11-15", TODAY):
        corrections.delete_value(ws, "conversion", day)
    return demo_file


def due_ids(path: Path) -> list[str]:
    """The key results due today (in the quarter and the year)."""
    ws = Workspace.open(path, actor=ACTOR, today=TODAY)
    return [item.kr.id for item in due_items(Dataset.load(ws), ws.today)]


def on_screen(app, ui) -> str:
    """Everything visible, as one string."""
    return "\n".join(ui.screen_text(app))


async def open_checkin(pilot, ui) -> CheckInForm:
    """`c` on KR-2 from the main screen."""
    await ui.goto(pilot, "objectives", "O-2")
    await ui.goto(pilot, "krs", "KR-2")
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CheckInForm)
    return pilot.app.screen


async def save(pilot, ui) -> None:
    """ctrl+s, then wait for the write and the reload."""
    await pilot.press("ctrl+s")
    await ui.settle(pilot)


def test_the_fixture_makes_kr2_due(kr2_due):
    assert "KR-2" in due_ids(kr2_due)


async def test_c_records_the_value_as_the_kpis_and_says_so(demo_file, app_for, ui):
    kr_before = ui.record(demo_file, "KR-2")
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        form = await open_checkin(pilot, ui)
        shown = form.query_one(".form-intro")
        assert shown.display and str(shown.render()) == form.intro, "the intro is on screen as it is"
        text = " ".join(form.intro.split())
        assert (
            "This key result follows KPI conversion: the value is recorded as conversion's value for 2026-11-22" in text
        )
        assert "9.3% on 2026-11-22, 9.41% on 2026-11-15" in text, "the KPI's last values, newest first"
        assert "8 check-ins" in form.intro, "the same count as the session and the details"
        await ui.type_into(pilot, "value", "8.8")
        await ui.choose(pilot, "confidence", "at-risk")
        await ui.fill(pilot, "note", "Trial signups dipped")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)

    assert ui.record(demo_file, "K-2")["history"][TODAY] == 8.8, "recorded as the KPI's value for today"
    kr = ui.record(demo_file, "KR-2")
    assert kr["checkins"] == [
        {"date": TODAY, "value": 8.8, "confidence": 5, "note": "Trial signups dipped", "author": ACTOR}
    ]
    assert {k: v for k, v in kr.items() if k not in ("checkins", "rev", "updated", "updated_by")} == {
        k: v for k, v in kr_before.items() if k not in ("checkins", "rev", "updated", "updated_by")
    }


async def test_a_note_without_a_value_is_a_check_in_and_kr2_leaves_due(kr2_due, app_for, ui):
    kpi_before = ui.record(kr2_due, "K-2")
    app = app_for(kr2_due)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        form = await open_checkin(pilot, ui)
        assert "previous: 8.93% on 2026-11-08" in form.intro and "6 check-ins" in form.intro
        await ui.fill(pilot, "note", "No new reading: the tracker is down")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen), ui.error(pilot, "value")

    assert ui.record(kr2_due, "K-2") == kpi_before, "no value typed: the KPI is left alone"
    assert ui.record(kr2_due, "KR-2")["checkins"] == [
        {"date": TODAY, "value": 8.93, "note": "No new reading: the tracker is down", "author": ACTOR}
    ]
    assert "KR-2" not in due_ids(kr2_due)


async def test_neither_value_nor_note_is_refused_beside_the_value(kr2_due, app_for, ui):
    before = kr2_due.read_bytes()
    app = app_for(kr2_due)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await open_checkin(pilot, ui)
        await save(pilot, ui)
        assert isinstance(app.screen, CheckInForm)
        assert "give a value (recorded as conversion's), or a note" in (ui.error(pilot, "value") or "")
    assert kr2_due.read_bytes() == before


async def test_due_enter_checks_in_through_the_kpi_and_the_queue_follows(kr2_due, app_for, ui):
    app = app_for(kr2_due)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        assert isinstance(app.screen, DueScreen)
        table = app.screen.query_one("#due-table")
        row = next(index for index in range(table.row_count) if str(table.get_row_at(index)[1]) == "KR-2")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm) and app.screen.kr_id == "KR-2"
        assert "follows KPI conversion" in on_screen(app, ui)
        await ui.type_into(pilot, "value", "9.05")
        await save(pilot, ui)
        assert isinstance(app.screen, DueScreen)
        rows = [str(table.get_row_at(index)[1]) for index in range(table.row_count)]
        assert "KR-2" not in rows and rows, "the queue follows; the others stay"
    assert ui.record(kr2_due, "K-2")["history"][TODAY] == 9.05


async def test_the_session_checks_in_through_the_kpi(kr2_due, app_for, ui):
    app = app_for(kr2_due)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ScopePicker)
        scopes = app.screen.query_one("#scopes", OptionList)
        scopes.highlighted = scopes.get_option_index("owner:alice")
        await pilot.press("enter")
        await ui.settle(pilot)
        session = app.screen
        assert isinstance(session, CheckInSession) and session.kr_id == "KR-2"
        text = " ".join(str(session.query_one("#step-about").render()).split())
        assert "the value is recorded as conversion's value for 2026-11-22" in text
        assert "8.93% on 2026-11-08" in text
        assert "6 check-ins" in text
        await ui.type_into(pilot, "value", "9.2")
        await ui.fill(pilot, "note", "Back above 9")
        await save(pilot, ui)
        assert isinstance(app.screen, CheckInSummary), "KR-2 was the only step: saved, then the summary"
        assert "1 checked in" in on_screen(app, ui)

    assert ui.record(kr2_due, "K-2")["history"][TODAY] == 9.2
    assert ui.record(kr2_due, "KR-2")["checkins"] == [
        {"date": TODAY, "value": 9.2, "note": "Back above 9", "author": ACTOR}
    ]
    assert "KR-2" not in due_ids(kr2_due)


async def test_the_session_takes_a_note_without_a_value(kr2_due, app_for, ui):
    app = app_for(kr2_due)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        scopes = app.screen.query_one("#scopes", OptionList)
        scopes.highlighted = scopes.get_option_index("owner:alice")
        await pilot.press("enter")
        await ui.settle(pilot)
        await ui.fill(pilot, "note", "Waiting for the new tracker")
        await save(pilot, ui)
        assert isinstance(app.screen, CheckInSummary), ui.error(pilot, "value")
    assert ui.record(kr2_due, "KR-2")["checkins"][-1]["value"] == 8.93
    assert "KR-2" not in due_ids(kr2_due)
