"""A read of the data file that takes longer than the watcher waits between looks (a big file, a slow disk).

The read is the real one (the real file through the real storage), held at its start until the test lets it go, so it
is in flight for as long as the test needs: the watcher looks many times meanwhile (every 50 ms here) and must neither
start nor cancel a read, the panes show a loading indicator, the keys work, and the data shows as soon as it is in.
No timing assertions: waits are bounded polls.
"""

from __future__ import annotations

import threading

import pytest

from okrtui.services.views import Dataset
from okrtui.tui import app as app_module
from okrtui.tui.screens.help import HelpScreen

FAST_WATCH = 0.05


class SlowReads:
    """Every read of the data file the app starts, each held until ``go`` is set."""

    def __init__(self) -> None:
        self.started = 0
        self.go = threading.Event()

    def dataset(self) -> type[Dataset]:
        """A Dataset whose ``load`` counts, waits for ``go`` (at most 30 s), then reads the file for real."""
        reads = self

        class HeldDataset(Dataset):
            @classmethod
            def load(cls, ws):
                reads.started += 1
                reads.go.wait(30)
                return Dataset.load(ws)

        return HeldDataset


@pytest.fixture
def slow_reads(monkeypatch) -> SlowReads:
    reads = SlowReads()
    monkeypatch.setattr(app_module, "Dataset", reads.dataset())
    monkeypatch.setattr(app_module, "WATCH_INTERVAL", FAST_WATCH)
    yield reads
    reads.go.set()  # no read left waiting, whatever the test did


async def test_the_watcher_waits_for_the_read_in_flight_and_the_data_shows_when_it_is_in(
    demo_file, app_for, ui, slow_reads
):
    before = demo_file.read_bytes()
    app = app_for(demo_file, watch=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(20 * FAST_WATCH)  # the watcher looks about 20 times while the first read is held
        assert slow_reads.started == 1, f"the watcher started {slow_reads.started - 1} more reads during the first"
        assert app.data is None
        assert app.screen.query_one("#panes").loading, "no loading indicator while the file is read"

        await pilot.press("question_mark")  # the keys work meanwhile
        assert await ui.wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await pilot.pause()

        slow_reads.go.set()
        assert await ui.wait_until(pilot, lambda: app.data is not None), "the read in flight never showed"
        await ui.settle(pilot)
        assert ui.row_ids(app, "kpis") == ["K-1", "K-2", "K-3", "K-4", "K-5"]
        assert "O-1" in ui.tree_ids(app)
        assert not app.screen.query_one("#panes").loading
        await pilot.pause(10 * FAST_WATCH)
        assert slow_reads.started == 1, "the file is unchanged: the watcher reads it no more"
    assert demo_file.read_bytes() == before


async def test_a_reload_asked_for_while_a_read_is_in_flight_runs_once_it_is_in(
    demo_file, app_for, ui, slow_reads, other_ws
):
    from okrtui.services import okrs

    app = app_for(demo_file, watch=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(4 * FAST_WATCH)
        okrs.add_objective(other_ws(demo_file), "Written while the UI reads")  # another process's write: O-6
        await pilot.press("ctrl+r")  # and a reload asked for by hand
        await pilot.pause(4 * FAST_WATCH)
        assert slow_reads.started == 1
        slow_reads.go.set()
        assert await ui.wait_until(pilot, lambda: "O-6" in ui.tree_ids(app)), "the write during the read never showed"
        await pilot.pause(10 * FAST_WATCH)
        assert slow_reads.started == 2, "one more read for the reload asked for meanwhile, and no other"
