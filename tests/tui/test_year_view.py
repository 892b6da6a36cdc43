"""Issue 12, item 11: ``y`` shows the year's own objectives and its quarters', each group under a heading with its
mean progress, and the year's progress (the mean of what is shown) in the pane's title."""

from __future__ import annotations

from pathlib import Path

from okrtui.services import checkins, okrs
from okrtui.services.workspace import Workspace


def build(path: Path) -> None:
    """A year objective at 50 of 100, a Q1 one done, a Q4 one at 2 of 10, and a 2025-Q4 one not in 2026."""
    ws = Workspace.open(path, actor="tester", today="2026-11-22")
    year = okrs.add_objective(ws, "Yearly", period="2026").id
    checkins.checkin(ws, okrs.add_kr(ws, year, "Half", start=0, target=100).id, 50, day="2026-11-01")
    q1 = okrs.add_objective(ws, "Spring", period="2026-Q1").id
    checkins.checkin(ws, okrs.add_kr(ws, q1, "Shipped", milestone=True).id, "done", day="2026-03-01")
    q4 = okrs.add_objective(ws, "Autumn", period="2026-Q4").id
    checkins.checkin(ws, okrs.add_kr(ws, q4, "Two of ten", start=0, target=10).id, 2, day="2026-11-01")
    okrs.add_objective(ws, "Last year", period="2025-Q4")


async def test_y_shows_the_year_grouped_by_quarter_with_its_mean(tmp_path, app_for, ui):
    """Year: (0.5 + 1.0 + 0.2) / 3 = 0.5667 → 57%; the headings: the year's own 50%, 2026-Q1 100%, 2026-Q4 20%."""
    path = tmp_path / "okrs.json"
    build(path)
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        assert ui.tree_ids(app) == ["O-3"]
        assert "%" not in str(app.screen.query_one("#objectives").border_title)
        await pilot.press("y")
        await ui.settle(pilot)
        assert ui.tree_ids(app) == ["O-1", "O-2", "O-3"]
        labels = ui.tree_labels(app)
        headings = [label for label in labels if label.startswith("2026")]
        assert [" ".join(heading.split()) for heading in headings] == [
            "2026 (the year's own) ███░░░ 50%",
            "2026-Q1 ██████ 100%",
            "2026-Q4 █░░░░░ 20%",
        ]
        assert [labels.index(heading) for heading in headings] == [0, 2, 4], labels
        assert str(app.screen.query_one("#objectives").border_title) == "1 Objectives · 2026 · 57%"
        assert app.screen.query_one("#objectives").selected_id == "O-3", "the cursor stays on the objective it was on"
