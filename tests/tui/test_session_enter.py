"""Enter in the weekly session moves to the next field, as in every form; ctrl+s saves (issue 13). The demo data as
of 2026-11-22: chen's only due key result is KR-10 (last 49 on 2026-11-05; see test_checkin_session.py)."""

from __future__ import annotations

from test_checkin_session import SIZE, checkins_of, start_session
from textual.widgets import Select, TextArea

from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.checkin_summary import CheckInSummary


async def test_enter_in_the_value_goes_to_confidence_and_saves_nothing(demo_file, app_for, ui):
    before = checkins_of(ui, demo_file, "KR-10")
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        session = app.screen
        assert isinstance(session, CheckInSession)
        await ui.type_into(pilot, "value", "52")
        await pilot.press("enter")
        await ui.settle(pilot)
        assert app.screen is session and session.title.endswith("1 of 1"), "still on the step"
        assert app.focused is session.query_one("#field-confidence", Select), app.focused
        assert checkins_of(ui, demo_file, "KR-10") == before, "Enter saved nothing"

        await pilot.press("tab")  # confidence -> note
        await pilot.pause()
        assert app.focused is session.query_one("#field-note", TextArea)
        await pilot.press(*"one", "enter", *"two")
        assert isinstance(app.screen, CheckInSession), "Enter in the note starts a new line"
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, CheckInSummary)
    assert checkins_of(ui, demo_file, "KR-10")[-1]["value"] == 52
    assert checkins_of(ui, demo_file, "KR-10")[-1]["note"] == "one\ntwo"


async def test_the_session_footer_shows_its_keys(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        footer = ui.screen_text(app)[-1]
        for key in ("^s Save", "^n Skip", "^b Back", "esc Stop"):
            assert key in footer, footer
