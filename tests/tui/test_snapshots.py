"""Snapshot tests: the screens as a person sees them, on demo data with today fixed, at 80×24 and 120×36 (the main
screen at 100×30 and 200×50 too).

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp

TODAY = "2026-11-22"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
MAIN_SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((100, 30), id="100x30"),
    pytest.param((120, 36), id="120x36"),
    pytest.param((200, 50), id="200x50"),
]
"""The main screen at each size its layout changes at: 2×2 panes, with the preview, the tree down the left."""


@pytest.fixture
def demo_app(tmp_path: Path):
    """A factory of apps on a fresh demo file, with no file watcher (snapshots must not race a reload)."""
    path = tmp_path / "demo.json"
    load_demo(Workspace.open(path, actor="lead", today=TODAY))
    pin_journal_times(path)

    def make() -> OkrApp:
        return OkrApp(Workspace.open(path, actor="lead", today=TODAY), watch=False)

    return make


def pin_journal_times(path: Path) -> None:
    """Give the journal's entries fixed times, a minute apart from 09:10 (the journal keeps the real time of each
    change, which details screens show; the rewrite keeps every line's length, so the commit point still holds)."""
    import re

    journal = path.with_name(path.name + ".journal")
    times = iter(f'"at":"2026-11-22T09:{minute:02d}:00Z"' for minute in range(10, 60))
    journal.write_text(re.sub(r'"at":"[0-9T:-]{19}Z"', lambda _: next(times), journal.read_text()))


async def settle(pilot: Pilot) -> None:
    """Wait for the data to load, then hide what differs between runs (the temp path, blinking cursors)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.sub_title = "demo.json  ·  as lead"
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


async def settle_form(pilot: Pilot) -> None:
    """``settle``, then stop the form's cursor from blinking too."""
    await settle(pilot)
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


@pytest.mark.parametrize("size", MAIN_SIZES)
class TestMainScreen:
    def test_main_screen_on_demo_data(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), press=["down"], terminal_size=size, run_before=settle)

    def test_key_results_pane_focused(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), press=["down", "2", "down"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
class TestForms:
    def test_key_result_form_shows_start_equal_to_target_beside_the_field(self, snap_compare, demo_app, size):
        async def fill_in(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("down", "2", "a")
            await pilot.pause()
            form = pilot.app.screen
            form.query_one("#field-title", Input).value = "Response time"
            form.query_one("#field-start", Input).value = "12"
            form.query_one("#field-target", Input).value = "12"
            for box in form.query(Input):
                box.cursor_blink = False
            await pilot.press("ctrl+s")
            await pilot.pause()

        assert snap_compare(demo_app(), terminal_size=size, run_before=fill_in)


@pytest.mark.parametrize("size", SIZES)
class TestDetails:
    def test_key_result_details_with_history(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), press=["down", "2", "enter"], terminal_size=size, run_before=settle)

    def test_kpi_chart(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), press=["4", "enter"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
class TestHelp:
    def test_help_screen(self, snap_compare, demo_app, size):
        assert snap_compare(demo_app(), press=["question_mark"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
class TestDashboard:
    def test_dashboard_on_demo_data(self, snap_compare, demo_app, size):
        from okrtui.tui.screens.dashboard import DashboardScreen

        async def open_dashboard(pilot: Pilot) -> None:
            await settle(pilot)
            pilot.app.push_screen(DashboardScreen())
            await settle(pilot)  # the scores come from the dashboard's worker
            pilot.app.sub_title = "demo.json  ·  as lead"

        assert snap_compare(demo_app(), terminal_size=size, run_before=open_dashboard)


@pytest.fixture
def history_app(tmp_path: Path):
    """A factory of apps on a demo file with a few changes by three people, their journal times pinned."""
    from okrtui.services import checkins, measurements, okrs

    path = tmp_path / "demo.json"
    load_demo(Workspace.open(path, actor="lead", today=TODAY))
    okrs.edit_kr(Workspace.open(path, actor="lead", today=TODAY), "KR-1", {"target": 40})
    checkins.checkin(Workspace.open(path, actor="bob", today=TODAY), "KR-3", 31, note="[b]won[/b] two deals")
    measurements.record(Workspace.open(path, actor="maria", today=TODAY), "mrr", 190000, day="2026-11-20")
    pin_journal_times(path)

    def make() -> OkrApp:
        return OkrApp(Workspace.open(path, actor="lead", today=TODAY), watch=False)

    return make


class TestHistory:
    def test_history_screen(self, snap_compare, history_app):
        async def open_history(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("H")
            await pilot.app.workers.wait_for_complete()  # the journal is read in a thread
            await pilot.pause()
            pilot.app.sub_title = "demo.json  ·  as lead"

        assert snap_compare(history_app(), terminal_size=(80, 24), run_before=open_history)
