"""The lead's weekly check-in and the Due view, driven with a Pilot at 80×24 against a real data file.

The demo data as of 2026-11-22 (weekly cadence everywhere) has three key results of 2026-Q4 due: KR-8 "Launch the
no-meeting Friday pilot" (a milestone of dana's O-4, never checked in), KR-10 "Webinar attendees per session" (chen's
O-5, last checked in on 2026-11-05 at 49, start 40, target 120) and KR-13 "Billing moved to the new provider" (erik's
milestone in O-6, team Platform, last checked in on 2026-11-12: 10 days). KR-16 is due too, but its objective O-7 is
the year 2026's, not in the quarter the UI shows; KR-14 is dropped and KR-15 pending (added today), so neither is due.
``four_due`` adds KR-17 "Wellbeing talks held" (0 → 10 talks, O-4, no check-ins; the demo holds KR-1..KR-16), so a
session over everything walks KR-8, KR-17 (O-4), KR-10 (O-5), KR-13 (O-6) in tree order (O-1's children O-2, O-3,
O-4, O-5, then the top-level O-6).

Every test checks the data file afterwards, not only the screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrtui.services import checkins, okrs
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.forms import CheckInForm, ObjectiveForm
from okrtui.tui.modals.scope_picker import ScopePicker
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.checkin_summary import CheckInSummary
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.main import MainScreen

TODAY = "2026-11-22"
ACTOR = "tester"
SIZE = (80, 24)


@pytest.fixture
def four_due(demo_file: Path) -> Path:
    """The demo file with KR-17 (the demo holds KR-1..KR-16) added to dana's O-4 on Oct 1 and never checked in: due
    too (added today, it would be pending, not due)."""
    ws = Workspace.open(demo_file, actor="dana", today="2026-10-01")
    assert okrs.add_kr(ws, "O-4", "Wellbeing talks held", start=0, target=10, unit="talks").id == "KR-17"
    return demo_file


async def start_session(pilot, ui, scope: str) -> None:
    """Press w on the main screen and pick ``scope`` (``all``, ``me``, ``owner:NAME``, ``team:NAME``)."""
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ScopePicker), pilot.app.screen
    scopes = pilot.app.screen.query_one("#scopes", OptionList)
    scopes.highlighted = scopes.get_option_index(scope)
    await pilot.press("enter")
    await ui.settle(pilot)


def on_screen(app, ui) -> str:
    """Everything visible, as one string."""
    return "\n".join(ui.screen_text(app))


def checkins_of(ui, path: Path, kr_id: str) -> list[dict]:
    """The stored check-ins of a key result."""
    return ui.record(path, kr_id).get("checkins", [])


async def save(pilot, ui) -> None:
    """ctrl+s, then wait for the write and the reload."""
    await pilot.press("ctrl+s")
    await ui.settle(pilot)


# -- the guided session -----------------------------------------------------------------------------------------------


async def test_a_full_session_with_skip_and_back(four_due, app_for, ui):
    kr17_before = ui.record(four_due, "KR-17")
    kr13_before = ui.record(four_due, "KR-13")
    app = app_for(four_due)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "all")

        session = app.screen
        assert isinstance(session, CheckInSession)
        assert session.title.endswith("1 of 4")
        text = on_screen(app, ui)
        assert "Objective O-4 Improve employee well-being" in text
        assert "KR-8 Launch the no-meeting Friday pilot" in text
        assert "No check-ins yet" in text
        assert "expected 57% by today" in text
        await ui.choose(pilot, "done", "done")
        await ui.choose(pilot, "confidence", "on-track")
        await ui.fill(pilot, "note", "Pilot runs from December")
        await save(pilot, ui)

        assert session.title.endswith("2 of 4"), "a saved entry moves on"
        assert "KR-17 Wellbeing talks held" in on_screen(app, ui)
        assert checkins_of(ui, four_due, "KR-8") == [
            {"date": TODAY, "value": 1, "confidence": 8, "note": "Pilot runs from December", "author": ACTOR}
        ], "saved at once, by whoever acts"

        await pilot.press("ctrl+b")
        await ui.settle(pilot)
        assert session.title.endswith("1 of 4")
        assert ui.field(pilot, "done") == "done", "back shows what was saved"
        assert ui.field(pilot, "confidence") == "on-track"
        assert ui.field(pilot, "note") == "Pilot runs from December"
        assert "Saved in this session: done" in on_screen(app, ui)

        await pilot.press("ctrl+n")  # on again without saving twice
        await ui.settle(pilot)
        assert session.title.endswith("2 of 4")
        assert len(checkins_of(ui, four_due, "KR-8")) == 1

        await pilot.click("#skip")
        await ui.settle(pilot)
        assert session.title.endswith("3 of 4")
        text = on_screen(app, ui)
        assert "KR-10 Webinar attendees per session" in text
        assert "Last 49" in text and "2026-11-05 (17 days ago)" in text and "by chen" in text
        assert "40 → 49 → 120" in text
        assert "Trend" in text

        await ui.type_into(pilot, "value", "abc")
        await save(pilot, ui)
        assert "must be a number" in (ui.error(pilot, "value") or ""), "the error shows beside the field"
        assert "must be a number" in on_screen(app, ui)
        assert session.title.endswith("3 of 4"), "a bad value stays on its step"
        assert [c["value"] for c in checkins_of(ui, four_due, "KR-10")][-1] == 49, "nothing saved"

        await ui.type_into(pilot, "value", "52")
        assert ui.error(pilot, "value") is not None, "the old error stays until the next save"
        await ui.choose(pilot, "confidence", "at-risk")
        await ui.type_into(pilot, "note", "ok")
        await pilot.press("ctrl+s")  # Enter moves to the next field (test_session_enter.py); ctrl+s saves
        await ui.settle(pilot)

        assert session.title.endswith("4 of 4"), "a saved entry moves on"
        assert "KR-13 Billing moved to the new provider" in on_screen(app, ui)
        await pilot.click("#skip")
        await ui.settle(pilot)

        assert isinstance(app.screen, CheckInSummary), "after the last step comes the summary"

    assert checkins_of(ui, four_due, "KR-10")[-1] == {
        "date": TODAY,
        "value": 52,
        "confidence": 5,
        "note": "ok",
        "author": ACTOR,
    }
    assert len(checkins_of(ui, four_due, "KR-8")) == 1
    assert ui.record(four_due, "KR-17") == kr17_before, "the skipped key results are untouched"
    assert ui.record(four_due, "KR-13") == kr13_before


async def test_the_summary_shows_what_changed_what_was_skipped_and_what_needs_attention(four_due, app_for, ui):
    app = app_for(four_due)
    async with app.run_test(size=(80, 40)) as pilot:  # 80 columns, tall enough to show the summary without scrolling
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:dana")
        assert app.screen.title == "Weekly check-in · dana · 1 of 2"
        await ui.choose(pilot, "done", "done")
        await save(pilot, ui)
        await pilot.press("ctrl+n")  # skip KR-17
        await ui.settle(pilot)

        assert isinstance(app.screen, CheckInSummary)
        assert app.screen.title == "Check-in summary · dana"
        lines = ui.screen_text(app)
        text = "\n".join(lines)
        assert "2 due · 1 checked in · 1 skipped" in text
        kr8 = next(line for line in lines if "KR-8" in line)
        assert "not done → done" in kr8 and "0% → 100%" in kr8 and "+100 pts" in kr8 and "on-track" in kr8
        assert "Skipped (1)" in text
        attention = lines[next(i for i, line in enumerate(lines) if "At risk or off track now" in line) :]
        attention_text = "\n".join(attention)
        assert "At risk or off track now (2)" in attention_text
        assert "KR-6" in attention_text and "at-risk" in attention_text, "Employee NPS is behind"
        assert "KR-17" in attention_text and "off-track" in attention_text, "the skipped one is off track"
        assert "KR-8" not in attention_text, "the milestone is done now"
        assert "KR-10" not in attention_text, "chen's key result is outside dana's scope"

        await pilot.press("enter")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen), "enter closes the summary"


async def test_escape_stops_the_session_at_once(four_due, app_for, ui):
    app = app_for(four_due)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "all")
        await pilot.press("escape")
        await ui.settle(pilot)
        assert isinstance(app.screen, CheckInSummary)
        text = on_screen(app, ui)
        assert "4 due · 0 checked in · 0 skipped · 4 not reached" in text
        await pilot.press("q")
        await ui.settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_an_entry_still_being_saved_when_the_session_stops_shows_in_the_summary(four_due, app_for, ui):
    app = app_for(four_due)
    async with app.run_test(size=(80, 40)) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:dana")
        await ui.choose(pilot, "done", "done")
        await pilot.press("ctrl+s", "escape")
        await ui.settle(pilot)
        assert isinstance(app.screen, CheckInSummary)
        text = on_screen(app, ui)
        assert "1 checked in" in text and "not done → done" in text
    assert len(checkins_of(ui, four_due, "KR-8")) == 1


@pytest.mark.parametrize("how", ["app.exit()", "leaving run_test"])
async def test_a_dropped_session_keeps_the_entries_made_so_far(four_due, app_for, ui, how):
    app = app_for(four_due)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:dana")
        await ui.choose(pilot, "done", "done")
        await ui.fill(pilot, "note", "before the drop")
        await save(pilot, ui)
        await ui.type_into(pilot, "value", "3")  # typed on KR-17, never saved: the connection drops here
        assert isinstance(app.screen, CheckInSession)
        if how == "app.exit()":
            app.exit()

    stored = checkins_of(ui, four_due, "KR-8")
    assert stored == [{"date": TODAY, "value": 1, "note": "before the drop", "author": ACTOR}]
    assert checkins_of(ui, four_due, "KR-17") == []
    reopened = Dataset.load(Workspace.open(four_due, actor="dana", today=TODAY))
    assert reopened.kr_by_id["KR-8"].checkins[-1].value == 1, "the file reads back whole"


async def test_nothing_due_in_scope_goes_straight_to_the_summary(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "me")  # tester owns no objective
        assert isinstance(app.screen, CheckInSummary)
        assert "Nothing was due" in on_screen(app, ui)


async def test_the_scope_list_names_people_and_teams_with_their_due_counts(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        scopes = app.screen.query_one("#scopes", OptionList)
        prompts = {
            scopes.get_option_at_index(i).id: str(scopes.get_option_at_index(i).prompt)
            for i in range(scopes.option_count)
        }
        assert prompts["all"].endswith("3 due")  # KR-8, KR-10, KR-13 (KR-16 is the year's, not 2026-Q4's)
        assert prompts["owner:dana"].endswith("1 due") and prompts["owner:chen"].endswith("1 due")
        assert prompts["owner:erik"].endswith("1 due")  # KR-13
        assert prompts["owner:alice"].endswith("nothing due")
        assert prompts["team:People"].endswith("1 due") and prompts["team:Marketing"].endswith("1 due")
        assert prompts["team:Platform"].endswith("1 due")
        assert prompts["me"] == f"Me ({ACTOR})  nothing due"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), "escape starts nothing"


# -- the Due view -----------------------------------------------------------------------------------------------------


def due_rows(app) -> list[tuple[str, str]]:
    """(KR id, owner) of every row of the Due table, in order."""
    table = app.screen.query_one("#due-table")
    return [(str(table.get_row_at(row)[1]), str(table.get_row_at(row)[0])) for row in range(table.row_count)]


async def test_the_due_view_lists_the_overdue_key_results_by_owner(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert due_rows(app) == [("KR-10", "chen"), ("KR-8", "dana"), ("KR-13", "erik")]
        text = on_screen(app, ui)
        assert "3 key results due: chen 1 · dana 1 · erik 1" in text
        kr10 = next(line for line in ui.screen_text(app) if "KR-10" in line)
        assert "2026-11-05" in kr10 and " 17 " in kr10 and "weekly" in kr10 and "O-5" in kr10
        kr8 = next(line for line in ui.screen_text(app) if "KR-8" in line)
        assert "never" in kr8 and "O-4" in kr8
        kr13 = next(line for line in ui.screen_text(app) if "KR-13" in line)  # 2026-11-12 to 11-22: 10 days
        assert "2026-11-12" in kr13 and " 10 " in kr13 and "weekly" in kr13 and "O-6" in kr13

        await pilot.press("enter")  # the cursor is on KR-10
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm) and app.screen.kr_id == "KR-10"
        await ui.type_into(pilot, "value", "60")
        await save(pilot, ui)

        assert isinstance(app.screen, DueScreen)
        assert due_rows(app) == [("KR-8", "dana"), ("KR-13", "erik")], "the queue follows the new check-in"
        assert checkins_of(ui, demo_file, "KR-10")[-1]["value"] == 60

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm) and app.screen.kr_id == "KR-8"
        await ui.choose(pilot, "value", "done")
        await save(pilot, ui)
        assert due_rows(app) == [("KR-13", "erik")]

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm) and app.screen.kr_id == "KR-13"
        await ui.choose(pilot, "value", "not-done")  # past its due date: a check-in takes it off the queue all the same
        await save(pilot, ui)
        assert checkins_of(ui, demo_file, "KR-13")[-1]["date"] == TODAY
        assert due_rows(app) == []
        assert "Nobody is behind" in on_screen(app, ui)

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_due_view_follows_a_check_in_made_elsewhere(demo_file, app_for, ui, other_ws):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        checkins.checkin(other_ws(demo_file, "chen"), "KR-10", 58, note="from my laptop")
        await pilot.press("ctrl+r")  # what the file watcher does on its own
        await ui.settle(pilot)
        assert due_rows(app) == [("KR-8", "dana"), ("KR-13", "erik")]


async def test_w_in_the_due_view_starts_a_session(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("u")
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        assert isinstance(app.screen, CheckInSession)
        assert app.screen.title == "Weekly check-in · chen · 1 of 1"
        await pilot.press("escape", "escape")
        await ui.settle(pilot)
        assert isinstance(app.screen, DueScreen), "the summary closes back to where the session started"


async def test_the_palette_opens_the_due_view(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Due: who")

        def listed() -> bool:
            lists = app.screen.query("CommandList")
            return bool(lists) and lists.first().option_count > 0

        assert await ui.wait_until(pilot, listed), "the palette lists the command"
        await pilot.press("enter")
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, DueScreen)), app.screen


# -- the cadence ------------------------------------------------------------------------------------------------------


async def test_a_monthly_cadence_set_in_the_objective_form_takes_a_key_result_off_the_queue(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-5")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ObjectiveForm)
        assert ui.field(pilot, "cadence") == "weekly"
        await ui.choose(pilot, "cadence", "monthly")
        await save(pilot, ui)
        assert ui.record(demo_file, "O-5")["cadence"] == "monthly"

        await pilot.press("u")
        await ui.settle(pilot)
        # KR-13 is erik's O-6, still weekly (last 2026-11-12, 10 days ago)
        assert due_rows(app) == [("KR-8", "dana"), ("KR-13", "erik")], "KR-10's check-in 17 days ago is within a month"
