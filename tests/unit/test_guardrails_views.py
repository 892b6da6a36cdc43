"""Issue 12, item 1: an objective with status only (its key results all weigh 0) has no progress, and every mean
that takes objectives' progress (the dashboard, its timeline, the report, the scorecard) leaves it out instead of
counting it as 0. On a real temp file through the services, as of 2026-11-22 (2026-Q4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cycles_support import Q4, check_in, kr, objective, open_ws

from okrtui.services.dashboard import dashboard_view
from okrtui.services.reviews import build_report, to_csv, to_markdown
from okrtui.services.views import scorecard_view
from okrtui.services.workspace import Workspace


@pytest.fixture
def guarded(path: Path) -> Workspace:
    """O-1 "Guards" (team Ops): at least 9, at 9.5 (weight 0 by default): status only, on-track.
    O-2 "Grow" (team Ops): 0 → 100 at 50: 0.5. O-3 "More guards" (team Care): at most 2 at 3: status only, off-track."""
    ws = open_ws(path, "2026-11-22")
    guards = objective(ws, "Guards", team="Ops")
    check_in(ws, kr(ws, guards, at_least=9), ("2026-11-20", 9.5))
    grow = objective(ws, "Grow", team="Ops")
    check_in(ws, kr(ws, grow, start=0, target=100), ("2026-11-20", 50))
    more = objective(ws, "More guards", team="Care")
    check_in(ws, kr(ws, more, at_most=2), ("2026-11-20", 3))
    return ws


def test_the_dashboard_means_leave_out_objectives_with_status_only(guarded):
    """Overall: only O-2 has progress: 0.5 (not (0 + 0.5 + 0) / 3 = 0.1667). Ops: 0.5; Care: none. The timeline's
    last point (11-22) is 0.5 too; its first (10-01, nothing checked in) is 0 from O-2 alone."""
    view = dashboard_view(guarded, Q4)
    assert view.overall == 0.5
    assert [(team.team, team.objectives, team.progress) for team in view.teams] == [("Care", 1, None), ("Ops", 2, 0.5)]
    assert (view.timeline[0].progress, view.timeline[-1].progress) == (0.0, 0.5)
    assert view.kr_status["off-track"] == 1


def test_the_report_shows_status_only_and_no_change(guarded):
    report = build_report(guarded, Q4)
    guards = report.objectives[0]
    assert (guards.progress, guards.progress_week_ago, guards.change, guards.status) == (None, None, None, "on-track")
    assert report.objectives[1].progress == 0.5
    markdown = to_markdown(report)
    assert "**status only** (no change this week)" in markdown
    assert "O-1,Guards,,,on-track" in to_csv(report)


def test_the_scorecard_gives_null_progress(guarded):
    groups = {group["perspective"]: group for group in scorecard_view(guarded, Q4)["perspectives"]}
    objectives = groups["none"]["objectives"]
    assert [(o["id"], o["progress"]) for o in objectives] == [("O-1", None), ("O-2", 0.5), ("O-3", None)]
