"""Live sessions say what changed: after a reload caused by someone else's write (the real ``okrtui`` CLI in a
subprocess), a toast per change names who changed what; at most three per reload; never for the session's own person.

The app acts as ``tester`` on a demo file that ``tester`` loaded (C-1), so the first read toasts nothing.
"""

from __future__ import annotations

import subprocess

import pytest

from okrtui.services import checkins
from okrtui.tui.modals.forms import RecordForm

WAIT = 5.0
SIZE = (80, 24)


@pytest.fixture
def cli(cli_command, cli_env):
    """``cli(path, *args, actor="lead")`` runs ``okrtui --db PATH --today 2026-11-22 --as ACTOR ARGS...``."""

    def invoke(path, *args: str, actor: str = "lead") -> str:
        argv = cli_command(path, *args)
        argv[1:1] = ["--as", actor]
        completed = subprocess.run(argv, capture_output=True, text=True, env=cli_env, timeout=60, check=False)
        assert completed.returncode == 0, f"{argv} -> {completed.returncode}: {completed.stderr}"
        return completed.stdout.strip()

    return invoke


def changed_toasts(app) -> list[str]:
    """The messages of the "what changed" toasts on screen, oldest first."""
    return [str(note.message) for note in app._notifications if note.title == "Changed"]


async def test_someone_elses_change_is_a_toast_naming_who_and_what(demo_file, app_for, ui, cli):
    app = app_for(demo_file, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        assert changed_toasts(app) == [], "what was there before the session is no news"
        cli(demo_file, "kr", "checkin", "KR-1", "40", "--note", "from the CLI")
        assert await ui.wait_until(pilot, lambda: changed_toasts(app), WAIT), "no toast after the CLI's check-in"
        assert changed_toasts(app) == ["lead: KR-1 check-in 40 on 2026-11-22"]

        cli(demo_file, "kpi", "record", "churn", "1.9", actor="maria")  # the next reload reads only the new line
        assert await ui.wait_until(pilot, lambda: len(changed_toasts(app)) == 2, WAIT)
        await pilot.pause(0.6)
        assert changed_toasts(app) == ["lead: KR-1 check-in 40 on 2026-11-22", "maria: K-3 value 1.9 on 2026-11-22"]


async def test_my_own_changes_are_no_toast(demo_file, app_for, ui, cli):
    app = app_for(demo_file, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        cli(demo_file, "kr", "checkin", "KR-1", "40", actor="Tester")  # the same person in another terminal
        assert await ui.wait_until(pilot, lambda: app.data.kr_by_id["KR-1"].checkins[-1].value == 40, WAIT)
        await ui.goto(pilot, "kpis", "K-3")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        await ui.fill(pilot, "value", "1.7")
        await pilot.press("ctrl+s")  # a save of this session
        await ui.settle(pilot)
        assert await ui.wait_until(pilot, lambda: app.data.kpi_by_id["K-3"].history.get("2026-11-22") == 1.7, WAIT)
        cli(demo_file, "kpi", "record", "churn", "1.8", actor="maria")  # a later change by someone else is news
        assert await ui.wait_until(pilot, lambda: changed_toasts(app), WAIT)
        await pilot.pause(0.6)
        assert changed_toasts(app) == ["maria: K-3 value on 2026-11-22 1.7 → 1.8"]


async def test_at_most_three_toasts_per_reload_the_last_counting_the_rest(demo_file, app_for, ui, cli):
    app = app_for(demo_file, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        for value in ("41", "42", "43", "44", "45"):
            cli(demo_file, "kr", "checkin", "KR-1", value, actor="lead")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert changed_toasts(app) == [
            "lead: KR-1 check-in 41 on 2026-11-22",
            "lead: KR-1 check-in 42 on 2026-11-22",
            "lead: KR-1 check-in 43 on 2026-11-22\nand 2 more changes",
        ]


async def test_a_toast_shows_user_text_as_it_is_never_as_markup(demo_file, app_for, ui, cli):
    # the demo holds O-1..O-7: the new objective is O-8
    title = "[b]Grow[/b] [@click=app.quit]go[/] [/x"
    app = app_for(demo_file, watch=False)
    async with app.run_test(size=(160, 36), notifications=True) as pilot:
        await ui.settle(pilot)
        cli(demo_file, "objective", "add", title, actor="[red]lead[/red]")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert changed_toasts(app) == [f"[red]lead[/red]: O-8 created: {title}"]
        assert await ui.wait_until(pilot, lambda: app.screen.query("Toast"))
        shown = [toast.render().plain for toast in app.screen.query("Toast")]
        assert any(f"[red]lead[/red]: O-8 created: {title}" in toast for toast in shown), shown
        assert app.is_running


async def test_a_change_read_before_its_commit_point_is_still_told_once_committed(demo_file, app_for, ui, other_ws):
    """A writer appends its journal entry, then replaces the data file (the commit point). A reload between the two
    sees the entry uncommitted: it must be read again, and told, once the data file names it."""
    before = demo_file.read_bytes()
    checkins.checkin(other_ws(demo_file, "bob"), "KR-1", 40, day="2026-11-22")
    after = demo_file.read_bytes()
    demo_file.write_bytes(before)  # the journal holds C-2, the data file doesn't name it yet: the writer is between
    app = app_for(demo_file, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(pilot)
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert changed_toasts(app) == []
        demo_file.write_bytes(after)  # the replace: C-2 is committed
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert changed_toasts(app) == ["bob: KR-1 check-in 40 on 2026-11-22"]
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert changed_toasts(app) == ["bob: KR-1 check-in 40 on 2026-11-22"], "told once"
