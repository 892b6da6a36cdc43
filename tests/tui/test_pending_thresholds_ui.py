"""The UI shows a new key result as pending, not red (issue 12, item 9), and scores with the file's thresholds
(item 10): it loads through the same views as the CLI.

As of 2026-11-22, 2026-Q4 is 52 of 91 days in: expected 52 / 91 = 0.5714.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from okrtui.services import checkins, config, okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.screens.details import KeyResultDetails


def build(path: Path) -> tuple[str, str]:
    """Forum posts at 40 since 11-20 (gap 0.5714 − 0.4 = 0.1714: at-risk by default), and a key result added today
    with no check-in (pending: its first check-in is due on 11-29)."""
    ws = Workspace.open(path, actor="tester", today="2026-11-22")
    objective = okrs.add_objective(ws, "Grow").id
    forum = okrs.add_kr(ws, objective, "Forum posts", start=0, target=100).id
    checkins.checkin(ws, forum, 40, day="2026-11-20")
    new = okrs.add_kr(ws, objective, "Meetups", start=0, target=10).id
    return forum, new


async def test_a_new_key_result_is_pending_in_blue_not_red(tmp_path, app_for, ui):
    path = tmp_path / "okrs.json"
    forum, new = build(path)
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert "○ pending" in ui.row_text(app, "krs", new)
        status = app.screen.query_one("#krs").get_row(new)[2]
        assert isinstance(status, Text) and str(status.style) == "blue"
        assert "▲ at-risk" in ui.row_text(app, "krs", forum)
        app.push_screen(KeyResultDetails(new))
        await ui.settle(pilot)
        assert any("Added 2026-11-22" in line for line in ui.screen_text(app))


async def test_the_files_thresholds_reach_the_ui(tmp_path, app_for, ui):
    """With pace.at-risk 0.2, the gap of 0.1714 is on-track."""
    path = tmp_path / "okrs.json"
    forum, _ = build(path)
    config.set_value(Workspace.open(path, actor="tester", today="2026-11-22"), "pace.at-risk", "0.2")
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert "● on-track" in ui.row_text(app, "krs", forum)
