"""Pilot tests of the details, help and data-error screens, at 80×24 on a demo file in tmp_path."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.details import KeyResultDetails, ObjectiveDetails
from okrtui.tui.screens.error import DataErrorScreen
from okrtui.tui.screens.help import HelpScreen
from okrtui.tui.screens.kpi_details import MAX_CHART_POINTS, KpiDetails
from okrtui.tui.widgets.details import DetailTable

TODAY = "2026-11-22"
SIZE = (80, 24)


def workspace(path: Path) -> Workspace:
    """A workspace on ``path`` as the tester, on the fixed day."""
    return Workspace.open(path, actor="tester", today=TODAY)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A data file holding the demo data."""
    path = tmp_path / "okrtui.json"
    load_demo(workspace(path))
    return path


async def started(app: OkrApp, pilot) -> None:
    """Wait until the first read of the file has reached the screens."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_screen(app: OkrApp, pilot, screen) -> None:
    """Push a screen and let it draw."""
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.content)


def checkin_dates(app: OkrApp) -> list[str]:
    """The date column of the check-in table, top to bottom."""
    table = app.screen.query_one("#checkins DetailTable", DetailTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


# The demo's check-in dates as of 2026-11-22 (``okrtui kr show KR-n --json``): KR-1 has seven weekly check-ins of its
# own, KR-2 follows K-2 and shows that KPI's weekly values in the quarter, KR-5 has one check-in.
CHECKIN_DATES = {
    "KR-1": ["2026-11-19", "2026-11-12", "2026-11-05", "2026-10-29", "2026-10-22", "2026-10-15", "2026-10-08"],
    "KR-2": [
        "2026-11-22",
        "2026-11-15",
        "2026-11-08",
        "2026-11-01",
        "2026-10-25",
        "2026-10-18",
        "2026-10-11",
        "2026-10-04",
    ],
    "KR-5": ["2026-10-22"],
}


class TestKeyResultDetails:
    @pytest.mark.parametrize("kr_id", list(CHECKIN_DATES))
    async def test_every_check_in_is_listed_newest_first(self, demo_file: Path, kr_id: str):
        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KeyResultDetails(kr_id))
            dates = checkin_dates(app)
        assert dates == CHECKIN_DATES[kr_id]

    async def test_a_new_check_in_appears_while_the_screen_is_open(self, demo_file: Path):
        ws = workspace(demo_file)
        app = OkrApp(ws, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KeyResultDetails("KR-1"))
            before = len(checkin_dates(app))
            checkins.checkin(workspace(demo_file), "KR-1", 45, confidence=7, note="from another session", day=TODAY)
            app.load()
            await started(app, pilot)
            assert len(checkin_dates(app)) == before + 1
            assert checkin_dates(app)[0] == TODAY

    async def test_a_deleted_key_result_shows_a_note_instead_of_crashing(self, demo_file: Path):
        ws = workspace(demo_file)
        app = OkrApp(ws, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KeyResultDetails("KR-1"))
            okrs.delete_kr(workspace(demo_file), "KR-1")
            app.load()
            await started(app, pilot)
            assert app.screen.has_class("-missing")
            assert "KR-1 no longer exists" in text_of(app.screen.query_one("#details-missing", Static))

    async def test_escape_goes_back(self, demo_file: Path):
        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KeyResultDetails("KR-1"))
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, KeyResultDetails)


class TestObjectiveDetails:
    async def test_lists_its_key_results_and_aligned_children(self, demo_file: Path):
        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, ObjectiveDetails("O-2"))
            krs = app.screen.query_one("#objective-krs DetailTable", DetailTable)
            children = app.screen.query_one("#objective-children DetailTable", DetailTable)
            assert [str(krs.get_row_at(i)[0]) for i in range(krs.row_count)] == ["KR-1", "KR-2", "KR-3"]
            assert [str(children.get_row_at(i)[0]) for i in range(children.row_count)] == ["O-3"]

    async def test_enter_on_a_key_result_opens_its_details(self, demo_file: Path):
        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, ObjectiveDetails("O-2"))
            app.screen.query_one("#objective-krs DetailTable", DetailTable).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, KeyResultDetails)
            assert app.screen.record_id == "KR-1"


def chart_title(app: OkrApp) -> str:
    """The line above the KPI chart."""
    return text_of(app.screen.query_one("#chart-note", Static))


class TestKpiChart:
    async def test_opens_on_90_days_and_switches_range_with_keys(self, demo_file: Path):
        # K-4 (first response time) is measured daily: 365 values in the demo.
        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KpiDetails("K-4"))
            assert "last 90 days · 90 measurements" in chart_title(app)
            await pilot.press("1")
            assert "last 30 days · 30 measurements" in chart_title(app)
            await pilot.press("3")
            assert "last 1 year · 365 measurements, weekly means" in chart_title(app)
            await pilot.press("4")
            assert "all measurements" in chart_title(app)
            await pilot.press("t")
            assert "last 30 days" in chart_title(app)
            await pilot.press("t")
            assert "last 90 days" in chart_title(app)

    async def test_a_long_history_is_aggregated(self, tmp_path: Path):
        path = tmp_path / "long.json"
        ws = workspace(path)
        kpis.add_kpi(ws, "Daily active users", key="dau", direction="up", target=1200, warn=900, frequency="daily")
        first = date.fromisoformat(TODAY) - timedelta(days=1099)
        rows = [
            (index + 1, "dau", (first + timedelta(days=index)).isoformat(), 800 + index % 97) for index in range(1100)
        ]
        measurements.import_rows(ws, rows)
        app = OkrApp(workspace(path), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            screen = KpiDetails("K-1")
            screen.range_index = 3  # all: three years of days
            await app.push_screen(screen)  # mounted and drawn
            await pilot.pause()
            assert "all measurements · 1100 measurements, monthly means" in chart_title(app)
            # 2023-11-19 .. 2026-11-22 touches 37 calendar months.
            assert len(screen.plotted) == 37 <= MAX_CHART_POINTS
            await pilot.press("3")
            assert len(screen.plotted) == 53  # a year of days in weekly means

    async def test_a_range_without_measurements_says_so(self, tmp_path: Path):
        path = tmp_path / "old.json"
        ws = workspace(path)
        kpis.add_kpi(ws, "Old metric", key="old", target=10)
        measurements.import_rows(ws, [(1, "old", "2020-01-01", 5)])
        app = OkrApp(workspace(path), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await open_screen(app, pilot, KpiDetails("K-1"))
            assert chart_title(app) == "old · last 90 days: no measurements"
            await pilot.press("4")
            assert "all measurements · 1 measurements" in chart_title(app)


class TestDataErrorScreen:
    async def test_a_corrupt_file_shows_the_error_and_stays_untouched(self, tmp_path: Path):
        path = tmp_path / "okrtui.json"
        path.write_text('{"objectives": {')
        original = path.read_bytes()
        app = OkrApp(workspace(path), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            assert isinstance(app.screen, DataErrorScreen)
            assert "corrupt" in text_of(app.screen.query_one("#problem-message", Static))
            await pilot.press("r")
            await started(app, pilot)
            assert isinstance(app.screen, DataErrorScreen)
        assert path.read_bytes() == original

    async def test_retry_after_the_file_is_fixed_closes_the_screen(self, tmp_path: Path):
        path = tmp_path / "okrtui.json"
        path.write_text('{"objectives": {')
        app = OkrApp(workspace(path), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            assert isinstance(app.screen, DataErrorScreen)
            path.unlink()
            load_demo(workspace(path))
            await pilot.press("r")
            await started(app, pilot)
            await started(app, pilot)
            assert not isinstance(app.screen, DataErrorScreen)
            assert app.data is not None and app.data.objectives

    async def test_an_empty_file_is_offered_a_new_start_and_left_empty(self, tmp_path: Path):
        path = tmp_path / "okrtui.json"
        path.write_bytes(b"")
        advice = await advice_shown(path)
        assert f"okrtui --db {path} init" in advice
        assert "where reading stopped" not in advice  # there is nothing to fix in an editor
        assert path.read_bytes() == b""

    async def test_a_corrupt_file_is_not_offered_a_new_start(self, tmp_path: Path):
        path = tmp_path / "okrtui.json"
        path.write_text('{"objectives": {')
        advice = await advice_shown(path)
        assert "where reading stopped" in advice
        assert " init" not in advice


async def advice_shown(path: Path) -> str:
    """The advice of the data-error screen the app opens on ``path``."""
    app = OkrApp(workspace(path), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert isinstance(app.screen, DataErrorScreen)
        return rendered(app.screen.query_one("#problem-advice", Static))


def rendered(widget: Static) -> str:
    """What a Static holding a Rich renderable shows, as plain text on one wide line per row."""
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


class TestHelpScreen:
    async def test_lists_the_keys_of_the_main_screen_and_closes_with_escape(self, demo_file: Path):
        from okrtui.tui.screens.main import MainScreen

        app = OkrApp(workspace(demo_file), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await started(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            listed = {what for _, rows in app.screen.groups() for _, what, _ in rows}
            assert {binding.description for binding in MainScreen.BINDINGS} <= listed
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
