"""A save while another process holds the lock: the UI says the file is busy, tries again, and keeps the input."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import Input

HOLD_LOCK = """
import sys, time
from pathlib import Path
from filelock import FileLock
lock = FileLock(sys.argv[1] + ".lock")
lock.acquire()
Path(sys.argv[2]).write_text("held")
while not Path(sys.argv[3]).exists():
    time.sleep(0.02)
lock.release()
"""


def hold_lock(data_file: Path, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """A process that holds the data file's lock until ``release`` exists; returns it and that path."""
    held, release = tmp_path / "held", tmp_path / "release"
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(data_file), str(held), str(release)])
    deadline = time.monotonic() + 10
    while not held.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert held.exists(), "the lock holder did not start"
    return process, release


async def test_a_busy_save_is_retried_and_lands_once_the_lock_is_free(demo_file, app_for, ui, monkeypatch, tmp_path):
    monkeypatch.setenv("OKRTUI_LOCK_TIMEOUT", "1.0")  # each try waits 1 s: room to notice the first one failing
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        holder, release = hold_lock(demo_file, tmp_path)
        try:
            await pilot.press("down", "2", "c")
            await pilot.pause()
            app.screen.query_one("#field-value", Input).value = "41"
            await pilot.press("ctrl+s")
            busy = await ui.wait_until(pilot, lambda: any("busy" in str(n.message) for n in ui.notifications(app)))
            assert busy, "the UI says the file is busy"
            assert app.screen.query_one("#field-value", Input).value == "41", "the input is kept"
            release.touch()  # the other writer finishes: the next try gets the lock
            saved = await ui.wait_until(
                pilot,
                lambda: any(
                    c["value"] == 41 and c["author"] == "tester" for c in ui.record(demo_file, "KR-1")["checkins"]
                ),
            )
            assert saved, "the retried save landed"
        finally:
            release.touch()
            holder.wait(timeout=10)
