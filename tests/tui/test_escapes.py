"""Text from the data file never reaches the terminal as raw escape sequences: the UI shows them escaped."""

from __future__ import annotations

from okrtui.services import okrs
from okrtui.services.workspace import Workspace

EVIL = "Clear\x1b[2J the \x1b]0;pwned\x07 screen"
SHOWN = "Clear\\x1b[2J the \\x1b]0;pwned\\x07 screen"


async def test_escape_sequences_in_titles_are_shown_escaped(demo_file, app_for, ui):
    ws = Workspace.open(demo_file, actor="mallory", today="2026-11-22")
    objective = okrs.add_objective(ws, EVIL, team=EVIL)
    kr = okrs.add_kr(ws, objective.id, EVIL, start=0, target=10, unit="\x1b[31m")
    app = app_for(demo_file)
    async with app.run_test(size=(160, 40)) as pilot:
        await ui.settle(pilot)
        labels = ui.tree_labels(app)
        assert any(SHOWN in label for label in labels)
        assert not any("\x1b" in label or "\x07" in label for label in labels)
        await ui.goto(pilot, "objectives", objective.id)
        await ui.settle(pilot)
        row = ui.row_text(app, "krs", kr.id)
        assert SHOWN in row and "\x1b" not in row
        for line in ui.screen_text(app):
            assert "\x1b" not in line and "\x07" not in line
