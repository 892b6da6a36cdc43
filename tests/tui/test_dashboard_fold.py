"""The dashboard and the scorecard as places to act from: what needs attention comes first at 80×24 and Enter opens
it, the chart tells expected from progress by its marks, a closed period says so with its grades, and Enter opens a
scorecard row.

The demo file in tmp_path (conftest ``demo_file``), 2026-Q4 as of 2026-11-22: KR-3 is at-risk, KR-10 off-track, the
KPI K-5 (demo-signups) red, dana's KR-8 never checked in (overdue).
"""

from __future__ import annotations

import pytest

from okrtui.services.cycles import close_period
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.details import KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.scorecard import ScorecardScreen
from okrtui.tui.widgets.details import DetailTable


async def open_dashboard(pilot, ui) -> DashboardScreen:
    await ui.settle(pilot)
    pilot.app.push_screen(DashboardScreen())
    await ui.settle(pilot)  # the scores come from the dashboard's worker
    await pilot.pause()
    return pilot.app.screen


async def choose_row(pilot, table: DetailTable, key: str) -> None:
    """Focus ``table`` and move its cursor to the row keyed ``key``."""
    table.focus()
    await pilot.pause()
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await pilot.pause()


class TestAttention:
    async def test_the_list_is_above_the_fold_at_80x24(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_dashboard(pilot, ui)
            lines = ui.screen_text(app)
        shown = "\n".join(lines)
        assert "Needs attention" in shown
        assert any("KR-3" in line and "at-risk" in line for line in lines), shown
        assert any("KR-10" in line and "off-track" in line for line in lines), shown

    async def test_the_key_result_counts_fit_one_line_at_80_columns(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_dashboard(pilot, ui)
            lines = ui.screen_text(app)
        # 1 pending, 7 on-track, 3 at-risk, 3 off-track and 1 dropped (KR-14): the last one did wrap onto a line alone.
        assert any("Key results" in line and "1 dropped" in line for line in lines), "\n".join(lines)

    @pytest.mark.parametrize(
        ("key", "screen", "record_id"),
        [
            ("KR-10", KeyResultDetails, "KR-10"),
            ("K-5", KpiDetails, "K-5"),
            ("overdue:KR-8", KeyResultDetails, "KR-8"),
        ],
    )
    async def test_enter_opens_an_item(self, demo_file, app_for, ui, key, screen, record_id):
        app = app_for(demo_file)
        async with app.run_test(size=(80, 24)) as pilot:
            dashboard = await open_dashboard(pilot, ui)
            await choose_row(pilot, dashboard.query_one("#attention-table", DetailTable), key)
            await pilot.press("enter")
            await ui.settle(pilot)
            assert isinstance(app.screen, screen)
            assert app.screen.record_id == record_id


class TestChartLegend:
    async def test_expected_and_progress_differ_by_their_marks(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=(100, 50)) as pilot:
            await open_dashboard(pilot, ui)
            lines = ui.screen_text(app)
        expected = next(line for line in lines if "expected pace" in line and "dotted" in line)
        progress = next(line for line in lines if "progress" in line and "solid" in line)
        mark_of = {line: line.strip(" │┌┐└┘─").split(" ", 1)[0] for line in (expected, progress)}
        assert mark_of[expected] != mark_of[progress], (expected, progress)


class TestClosedPeriod:
    async def test_the_dashboard_says_closed_and_shows_the_grades(self, demo_file, app_for, ui, other_ws):
        close_period(other_ws(demo_file), "2026-Q4")
        stored = {
            doc["id"]: doc["grade"] for doc in ui.read(demo_file)["objectives"].values() if doc["period"] == "2026-Q4"
        }
        graded = [grade for grade in stored.values() if grade is not None]
        app = app_for(demo_file)
        async with app.run_test(size=(100, 50)) as pilot:
            dashboard = await open_dashboard(pilot, ui)
            lines = ui.screen_text(app)
            grades = dashboard.query_one("#grades DetailTable", DetailTable)
            rows = {key.value: " ".join(str(cell) for cell in grades.get_row(key)) for key in grades.rows}
        head = next(line for line in lines if "2026-Q4" in line and "as of" in line)
        assert "closed" in head
        assert f"grade {sum(graded) / len(graded):.2f}" in head
        assert set(rows) == set(stored)
        for objective_id, grade in stored.items():
            assert (f"{grade:.2f}" if grade is not None else "–") in rows[objective_id]

    async def test_an_open_period_shows_no_grades(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=(100, 50)) as pilot:
            dashboard = await open_dashboard(pilot, ui)
            head = next(line for line in ui.screen_text(app) if "2026-Q4" in line and "as of" in line)
            assert "closed" not in head and "grade" not in head
            assert not dashboard.query_one("#grades").display


class TestScorecard:
    @pytest.mark.parametrize(("key", "screen"), [("O-2", ObjectiveDetails), ("K-1", KpiDetails)])
    async def test_enter_opens_a_row(self, demo_file, app_for, ui, key, screen):
        app = app_for(demo_file)
        async with app.run_test(size=(80, 24)) as pilot:
            await ui.settle(pilot)
            app.push_screen(ScorecardScreen())
            await ui.settle(pilot)
            await choose_row(pilot, app.screen.query_one("#scorecard", DetailTable), key)
            await pilot.press("enter")
            await ui.settle(pilot)
            assert isinstance(app.screen, screen)
            assert app.screen.record_id == key

    async def test_enter_on_a_perspective_heading_opens_nothing(self, demo_file, app_for, ui):
        app = app_for(demo_file)
        async with app.run_test(size=(80, 24)) as pilot:
            await ui.settle(pilot)
            app.push_screen(ScorecardScreen())
            await ui.settle(pilot)
            table = app.screen.query_one("#scorecard", DetailTable)
            table.focus()
            await pilot.pause()
            assert table.cursor_row == 0  # the first perspective's heading
            await pilot.press("enter")
            await ui.settle(pilot)
            assert isinstance(app.screen, ScorecardScreen)
