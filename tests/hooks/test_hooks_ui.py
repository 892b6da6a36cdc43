"""Hooks from the terminal UI: a change saved in the app runs the user's hooks in a worker thread, so neither the save
nor the event loop waits for them, and a hook that fails is a warning notification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrtui.services import checkins
from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp

TODAY = "2026-11-22"
SLOW_HOOK = """#!/bin/sh
cat > '{out}/on-change.json'
while [ ! -e '{out}/release' ]; do sleep 0.05; done
echo 'the chat is down' >&2
exit 3
"""
"""A hook that keeps running until the test lets it go, then fails."""


async def wait_until(pilot, condition, timeout: float = 10.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> OkrApp:
    db = tmp_path / "data" / "okrtui.json"
    load_demo(Workspace.open(db, actor="tester", today=TODAY))
    folder, out = tmp_path / "hooks", tmp_path / "out"
    folder.mkdir(mode=0o755)
    out.mkdir()
    hook = folder / "on-change.10-slow"
    hook.write_text(SLOW_HOOK.format(out=out))
    hook.chmod(0o755)
    monkeypatch.setenv("OKRTUI_HOOKS", str(folder))
    monkeypatch.setenv("OKRTUI_HOOK_TIMEOUT", "30")
    return OkrApp(Workspace.open(db, actor="tester", today=TODAY), watch=False)


async def test_a_save_runs_the_hooks_in_a_worker_and_a_failing_hook_is_a_notification(app: OkrApp, tmp_path: Path):
    out = tmp_path / "out"
    async with app.run_test() as pilot:
        assert await wait_until(pilot, lambda: app.data is not None)
        app.save(lambda ws: checkins.checkin(ws, "KR-1", 42)[0]["id"], success="Checked in")

        assert await wait_until(pilot, lambda: (out / "on-change.json").exists())
        # The hook is still running: the save finished, the file was read again, the loop answers.
        assert await wait_until(pilot, lambda: "Checked in" in messages(app))
        assert await wait_until(pilot, lambda: app.data.kr_by_id["KR-1"].checkins[-1].value == 42)
        running = [worker for worker in app.workers if worker.group == "hooks" and not worker.is_finished]
        assert len(running) == 1
        assert not any("hook" in message for message in messages(app))

        (out / "release").touch()
        warned = "hook on-change.10-slow exited 3: the chat is down"
        assert await wait_until(pilot, lambda: warned in messages(app))
        note = next(note for note in app._notifications if note.message == warned)
        assert (note.severity, note.title) == ("warning", "Hook")

    document = json.loads((out / "on-change.json").read_text())
    assert document["event"] == "change"
    assert document["change"]["command"] == "ui"
    assert document["change"]["by"] == "tester"
    assert [record["id"] for record in document["records"]] == ["KR-1"]


def messages(app: OkrApp) -> list[str]:
    return [str(note.message) for note in app._notifications]
