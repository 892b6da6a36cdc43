"""The details screens of a key result and a KPI show each move of its target, as ``kr show`` / ``kpi show`` do."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from okrtui.services import kpis, okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.screens.details import KeyResultDetails
from okrtui.tui.screens.kpi_details import KpiDetails

SIZE = (100, 30)


def moved_file(path: Path) -> Path:
    """KR-1 (0 → 8,000 days) whose target lead moved to 8,500 on 2026-11-03, and mrr whose warn ann raised on 11-05."""
    ws = Workspace.open(path, actor="tester", today="2026-10-01")
    objective = okrs.add_objective(ws, "Grow")
    okrs.add_kr(ws, objective.id, "Revenue", start=0, target=8000, unit="days")
    kpis.add_kpi(ws, "MRR", key="mrr", target=200000, warn=170000, unit="$")
    okrs.edit_kr(Workspace.open(path, actor="lead", today="2026-11-03"), "KR-1", {"target": "8500"})
    kpis.edit_kpi(Workspace.open(path, actor="ann", today="2026-11-05"), "mrr", {"warn": "190000"})
    return path


async def summary_of(app_for, path: Path, screen, ui) -> str:
    """The summary text of a details screen opened over the main one."""
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        return str(app.screen.query_one("#summary", Static).content)


async def test_key_result_details_show_the_target_move(app_for, data_dir: Path, ui):
    text = await summary_of(app_for, moved_file(data_dir / "okrtui.json"), KeyResultDetails("KR-1"), ui)
    assert "target 8,000 days → 8,500 days on 2026-11-03 by lead" in text.splitlines()


async def test_kpi_details_show_the_warn_move(app_for, data_dir: Path, ui):
    text = await summary_of(app_for, moved_file(data_dir / "okrtui.json"), KpiDetails("K-1"), ui)
    assert "warn $170,000 → $190,000 on 2026-11-05 by ann" in text.splitlines()
