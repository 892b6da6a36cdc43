"""A save that fails (the data file's lock held by another process) keeps the form open with what was
typed (the demo data is described in forms_support.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from forms_support import ACTOR, open_form, save

from okrtui.tui.modals.forms import CheckInForm, KpiForm
from okrtui.tui.screens.main import MainScreen

HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


@pytest.fixture
def held_lock(demo_file):
    """Another process holds the data file's lock until the test closes its stdin."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(demo_file) + ".lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.close()
            holder.wait(timeout=10)


def release(holder) -> None:
    holder.stdin.close()
    holder.wait(timeout=10)


async def test_a_save_that_fails_keeps_the_form_and_what_was_typed(demo_file, app_for, ui, held_lock, monkeypatch):
    monkeypatch.setenv("OKRTUI_LOCK_TIMEOUT", "0.3")
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await open_form(pilot, ui, "c", CheckInForm)
        await ui.type_into(pilot, "value", "44")
        await ui.choose(pilot, "confidence", "on-track")
        await ui.fill(pilot, "note", "Typed with care")
        await save(pilot, ui)

        assert isinstance(app.screen, CheckInForm), "the form stays open"
        assert (ui.field(pilot, "value"), ui.field(pilot, "confidence"), ui.field(pilot, "note")) == (
            "44",
            "on-track",
            "Typed with care",
        )
        assert "busy" in (ui.error(pilot, "form") or ""), "the form says why it did not save"
        errors = [n for n in ui.notifications(app) if n.severity == "error"]
        assert errors and "busy" in errors[-1].message, "a clear notification"
        assert demo_file.read_bytes() == before

        release(held_lock)  # the other process is done: saving again works, nothing was lost
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen)
        last = ui.record(demo_file, "KR-1")["checkins"][-1]
        assert (last["value"], last["confidence"], last["note"], last["author"]) == (44, 8, "Typed with care", ACTOR)


async def test_an_edit_that_fails_keeps_the_form(demo_file, app_for, ui, held_lock, monkeypatch):
    monkeypatch.setenv("OKRTUI_LOCK_TIMEOUT", "0.3")
    before = demo_file.read_bytes()
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "kpis", "K-1")
        await open_form(pilot, ui, "e", KpiForm)
        await ui.type_into(pilot, "target", "250000")
        await save(pilot, ui)

        assert isinstance(app.screen, KpiForm)
        assert ui.field(pilot, "target") == "250000"
        assert ui.error(pilot, "form"), "the failure is shown in the form"
        assert not app.screen.query_one("#save").disabled, "Save can be pressed again"
    assert demo_file.read_bytes() == before
