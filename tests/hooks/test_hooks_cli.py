"""Hooks through the real command line: real executable scripts in a real hooks folder, each writing the JSON it read
on stdin to a file; the console script in a subprocess (docs/cli.md, "Hooks")."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from hooks_support import OKRTUI, env_for

KILLED = 60
"""Seconds the hanging hook's child would sleep: far above any limit the tests give."""


@pytest.fixture
def goals(okrtui) -> None:
    """O-1 in 2026-Q4 with KR-1 (0 -> 100) and KR-2 (0 -> 200, follows the KPI signups: target 200, warn 150), made
    while the hooks folder is still empty."""
    for args in (
        ("kpi", "add", "Sign-ups", "--key", "signups", "--target", "200", "--warn", "150"),
        ("objective", "add", "Grow"),
        ("kr", "add", "O-1", "Customers", "--start", "0", "--target", "100"),
        ("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "200", "--kpi", "signups"),
    ):
        done = okrtui(*args)
        assert done.code == 0, done.err


def shown(okrtui, *args: str) -> dict:
    done = okrtui(*args, "--json")
    assert done.code == 0, done.err
    return json.loads(done.out)


def latest_change(okrtui) -> dict:
    return shown(okrtui, "log", "--limit", "1")[0]


EVERY_EVENT = ("on-change.10-dump", "on-checkin", "on-value", "on-close", "on-alert")


def test_a_checkin_runs_the_change_and_checkin_hooks_with_the_change_and_the_records(okrtui, hooks, goals, db):
    hooks.dump(*EVERY_EVENT)
    note = 'a "quoted" note; $(touch pwned) `id` \\ end'
    done = okrtui("kr", "checkin", "KR-1", "60", "--note", note)
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == ["on-change.10-dump", "on-checkin"]
    document = hooks.read("on-checkin")
    assert list(document) == ["event", "change", "records", "file", "summary"]
    assert document["event"] == "checkin"
    assert document["file"] == str(db)
    assert document["change"] == latest_change(okrtui)
    assert document["change"]["changes"][0]["after"]["note"] == note
    assert document["summary"] == "KR-1 check-in 60 on 2026-11-22"  # as okrtui log shows the change
    assert document["records"] == [shown(okrtui, "kr", "show", "KR-1")]
    assert hooks.read("on-change.10-dump") == {**document, "event": "change"}
    assert not (db.parent / "pwned").exists() and not Path("pwned").exists()


def test_a_kpi_value_runs_the_value_hooks_and_an_alert_when_the_kpi_turns_red(okrtui, hooks, goals):
    hooks.dump(*EVERY_EVENT)
    assert okrtui("kpi", "record", "signups", "150").code == 0
    assert hooks.ran() == ["on-change.10-dump", "on-value"]  # amber and on track: nothing turned
    was_kpi, was_kr = shown(okrtui, "kpi", "show", "signups"), shown(okrtui, "kr", "show", "KR-2")
    assert (was_kpi["health"], was_kr["status"]) == ("amber", "on-track")
    hooks.clear()

    done = okrtui("kpi", "record", "signups", "20")
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == ["on-alert", "on-change.10-dump", "on-value"]
    alert = hooks.read("on-alert")
    assert list(alert) == ["event", "change", "records", "file", "summary", "alerts"]
    assert alert["event"] == "alert"
    assert alert["alerts"] == [
        {"record": "K-1", "was": "amber", "now": "red"},
        {"record": "KR-2", "was": "on-track", "now": "off-track"},
    ]
    kpi_now, kr_now = shown(okrtui, "kpi", "show", "signups"), shown(okrtui, "kr", "show", "KR-2")
    assert (kpi_now["health"], kr_now["status"]) == ("red", "off-track")
    assert alert["records"] == [kpi_now, kr_now]  # the changed KPI, then the key result that turned with it
    assert hooks.read("on-value")["records"] == [kpi_now]
    assert alert["change"] == latest_change(okrtui)


def test_a_key_result_turning_off_track_is_an_alert(okrtui, hooks, goals):
    assert okrtui("kr", "checkin", "KR-1", "60").code == 0
    assert shown(okrtui, "kr", "show", "KR-1")["status"] == "on-track"
    hooks.dump(*EVERY_EVENT)
    assert okrtui("kr", "checkin", "KR-1", "5", "--note", "lost two deals").code == 0
    assert hooks.ran() == ["on-alert", "on-change.10-dump", "on-checkin"]
    alert = hooks.read("on-alert")
    assert alert["alerts"] == [{"record": "KR-1", "was": "on-track", "now": "off-track"}]
    assert alert["records"] == [shown(okrtui, "kr", "show", "KR-1")]


def test_a_corrected_checkin_that_turns_a_key_result_off_track_is_an_alert(okrtui, hooks, goals):
    for value, day in (("20", "2026-11-01"), ("60", "2026-11-20")):
        assert okrtui("kr", "checkin", "KR-1", value, "--date", day).code == 0
    assert shown(okrtui, "kr", "show", "KR-1")["status"] == "on-track"
    hooks.dump(*EVERY_EVENT)
    done = okrtui("kr", "checkin-edit", "KR-1", "2", "--value", "5")
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == ["on-alert", "on-change.10-dump", "on-checkin"]
    assert hooks.read("on-alert")["alerts"] == [{"record": "KR-1", "was": "on-track", "now": "off-track"}]


def test_a_kpi_import_is_one_value_run_and_its_alert_is_scored_in_one_go(okrtui, hooks, goals, tmp_path):
    days = 20_000
    rows = tmp_path / "values.csv"
    first = date(2026, 11, 22).toordinal() - days + 1
    lines = ["kpi,date,value"] + [f"signups,{date.fromordinal(first + day)},190" for day in range(days - 1)]
    rows.write_text("\n".join([*lines, "signups,2026-11-22,20", ""]))
    assert lines[-1] == "signups,2026-11-21,190"
    assert okrtui("kpi", "record", "signups", "190", "--date", "2026-11-21").code == 0
    hooks.dump(*EVERY_EVENT)
    started = time.monotonic()
    done = okrtui("kpi", "import", str(rows))
    elapsed = time.monotonic() - started
    assert (done.code, done.err) == (0, "")
    assert elapsed < 15, elapsed  # an upper bound (about 1 s here): a put-back value by value took 53 s
    assert hooks.ran() == ["on-alert", "on-change.10-dump", "on-value"]
    value = hooks.read("on-value")
    assert value["change"]["rows"] == days
    assert len(value["records"][0]["history"]) == days
    assert hooks.read("on-alert")["alerts"] == [
        {"record": "K-1", "was": "amber", "now": "red"},
        {"record": "KR-2", "was": "on-track", "now": "off-track"},
    ]


def test_closing_a_period_runs_the_close_hooks(okrtui, hooks, goals):
    hooks.dump(*EVERY_EVENT)
    done = okrtui("period", "close", "2026-Q4", "--yes")
    assert done.code == 0, done.err
    assert "on-close" in hooks.ran() and "on-change.10-dump" in hooks.ran()
    document = hooks.read("on-close")
    assert document["change"]["command"] == "period close"
    closed = [record for record in document["records"] if record["id"] == "O-1"]
    assert closed == [shown(okrtui, "objective", "show", "O-1")]
    assert closed[0]["state"] == "closed"


def test_a_failing_hook_is_one_warning_and_neither_the_change_nor_the_exit_code_moves(okrtui, hooks, goals):
    hooks.add("on-change.10-fail", "#!/bin/sh\necho 'cannot reach the chat' >&2\nexit 3\n")
    hooks.dump("on-change.20-dump")
    done = okrtui("kr", "checkin", "KR-1", "42")
    assert done.code == 0
    assert done.out == "KR-1: 42 on 2026-11-22 by tester\n"
    assert done.err_lines == ["okrtui: warning: hook on-change.10-fail exited 3: cannot reach the chat"]
    assert shown(okrtui, "kr", "show", "KR-1")["current"] == 42
    assert hooks.ran() == ["on-change.20-dump"]  # the next hook still runs


def test_a_command_that_fails_runs_no_hook_and_keeps_its_exit_code(okrtui, hooks, goals):
    hooks.dump(*EVERY_EVENT)
    done = okrtui("kr", "checkin", "KR-9", "42")
    assert done.code == 2
    assert done.err_lines == ["okrtui: no key result KR-9"]
    assert hooks.ran() == []


def test_a_hanging_hook_is_killed_with_its_children_at_the_limit(okrtui, hooks, goals, tmp_path):
    pid_file = tmp_path / "child.pid"
    hooks.add("on-change.10-hang", f"#!/bin/sh\nsleep {KILLED} &\necho $! > '{pid_file}'\nwait\n")
    hooks.dump("on-change.20-dump")
    started = time.monotonic()
    done = okrtui("kr", "checkin", "KR-1", "42", OKRTUI_HOOK_TIMEOUT="1")
    elapsed = time.monotonic() - started
    assert elapsed < 1 + 9, elapsed  # the limit and a generous margin for a busy machine, far below the hook's sleep
    assert done.code == 0
    assert done.err_lines == ["okrtui: warning: hook on-change.10-hang ran longer than 1 s and was killed"]
    assert shown(okrtui, "kr", "show", "KR-1")["current"] == 42
    assert hooks.ran() == ["on-change.20-dump"]
    assert not _running(int(pid_file.read_text()))


def test_a_hook_interrupted_with_ctrl_c_is_killed_with_okrtui(db, hooks, goals, tmp_path):
    pid_file = tmp_path / "child.pid"
    hooks.add("on-change.10-hang", f"#!/bin/sh\nsleep {KILLED} &\necho $! > '{pid_file}'\nwait\n")
    process = subprocess.Popen(
        [str(OKRTUI), "kr", "checkin", "KR-1", "42"],
        env=env_for(db, hooks.folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 1 and err.split() == ["okrtui:", "aborted"]  # as any command stopped with ctrl+c
    assert not _running(int(pid_file.read_text()))


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its reaper is not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_a_bad_hook_timeout_is_a_warning_and_the_default(okrtui, hooks, goals):
    hooks.dump("on-change")
    done = okrtui("kr", "checkin", "KR-1", "42", OKRTUI_HOOK_TIMEOUT="soon")
    assert done.code == 0
    assert done.err_lines == [
        "okrtui: warning: OKRTUI_HOOK_TIMEOUT must be seconds above 0 and at most 3600, not 'soon': hooks get 10 s"
    ]
    assert hooks.ran() == ["on-change"]


@pytest.mark.parametrize("mode, who", [(0o775, "its group"), (0o757, "others")])
def test_a_hook_writable_by_others_is_refused(okrtui, hooks, goals, mode, who):
    hook = hooks.add("on-change.shared", "#!/bin/sh\ncat > /dev/null\n", mode=mode)
    hooks.dump("on-change.zz-dump")
    (hooks.out / "probe").touch()
    done = okrtui("kr", "checkin", "KR-1", "42")
    assert done.code == 0
    assert done.err_lines == [
        f"okrtui: warning: hook on-change.shared refused: {hook} is writable by {who} (mode {mode:04o}): chmod go-w it"
    ]
    assert shown(okrtui, "kr", "show", "KR-1")["current"] == 42
    assert hooks.ran() == ["on-change.zz-dump", "probe"]  # the safe one ran


def test_a_hooks_folder_writable_by_others_runs_none(okrtui, hooks, goals):
    hooks.dump(*EVERY_EVENT)
    hooks.folder.chmod(0o777)
    done = okrtui("kr", "checkin", "KR-1", "42")
    assert done.code == 0
    assert done.err_lines == [
        f"okrtui: warning: hooks in {hooks.folder} refused: {hooks.folder} is writable by its group (mode 0777): "
        "chmod go-w it"
    ]
    assert hooks.ran() == []


def test_a_folder_above_the_hooks_writable_by_others_runs_none(okrtui, hooks, goals, tmp_path):
    inner = tmp_path / "open" / "hooks"
    inner.parent.mkdir(mode=0o755)
    inner.mkdir(mode=0o755)
    (inner / "on-change").write_text(f"#!/bin/sh\ncat > '{hooks.out}/on-change.json'\n")
    (inner / "on-change").chmod(0o755)
    inner.parent.chmod(0o775)
    done = okrtui("kr", "checkin", "KR-1", "42", OKRTUI_HOOKS=str(inner))
    assert done.err_lines == [
        f"okrtui: warning: hooks in {inner} refused: {inner.parent} is writable by its group (mode 0775): chmod go-w it"
    ]
    assert hooks.ran() == []


def test_a_symlinked_hook_runs_only_when_where_it_leads_is_safe(okrtui, hooks, goals, tmp_path):
    safe, shared = tmp_path / "safe", tmp_path / "shared"
    for folder in (safe, shared):
        folder.mkdir(mode=0o755)
        (folder / "dump").write_text(f"#!/bin/sh\ncat > '{hooks.out}/{folder.name}.json'\n")
        (folder / "dump").chmod(0o755)
    shared.chmod(0o775)
    (hooks.folder / "on-change.10-safe").symlink_to(safe / "dump")
    (hooks.folder / "on-change.20-shared").symlink_to(shared / "dump")
    done = okrtui("kr", "checkin", "KR-1", "42")
    assert done.code == 0
    assert done.err_lines == [
        f"okrtui: warning: hook on-change.20-shared refused: {shared} is writable by its group (mode 0775): "
        "chmod go-w it"
    ]
    assert hooks.ran() == ["safe"]


def test_files_that_are_no_hooks_are_skipped_quietly(okrtui, hooks, goals):
    hooks.add("on-change.notes", "#!/bin/sh\ncat > /dev/null\n", mode=0o644)  # not executable: a disabled hook
    hooks.dump("on-change.sample", "on-change~", "README", "on-change.20-dump")
    done = okrtui("kr", "checkin", "KR-1", "42")
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == ["on-change.20-dump"]


def test_a_deleted_record_is_named_as_deleted(okrtui, hooks, goals):
    hooks.dump("on-change")
    done = okrtui("objective", "delete", "O-1", "--yes")
    assert (done.code, done.err) == (0, "")
    document = hooks.read("on-change")
    assert document["change"]["records"] == ["KR-1", "KR-2", "O-1"]
    assert document["records"] == [
        {"id": "KR-1", "deleted": True},
        {"id": "KR-2", "deleted": True},
        {"id": "O-1", "deleted": True},
    ]


@pytest.mark.parametrize("setting", ["XDG_CONFIG_HOME", "HOME"])
def test_hooks_live_in_the_users_config_folder(okrtui, hooks, goals, tmp_path, setting):
    config = tmp_path / "config" if setting == "XDG_CONFIG_HOME" else tmp_path / "home" / ".config"
    folder = config / "okrtui" / "hooks"
    folder.mkdir(parents=True)
    (folder / "on-change").write_text(f"#!/bin/sh\ncat > '{hooks.out}/on-change.json'\n")
    (folder / "on-change").chmod(0o755)
    env = {"OKRTUI_HOOKS": "", "XDG_CONFIG_HOME": "", "HOME": str(tmp_path / "nobody")}
    env[setting] = str(config if setting == "XDG_CONFIG_HOME" else tmp_path / "home")
    done = okrtui("kr", "checkin", "KR-1", "42", **env)
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == ["on-change"]


def test_no_hook_runs_from_beside_the_data_file(okrtui, hooks, goals, db, tmp_path):
    beside = db.parent / "hooks"
    beside.mkdir()
    (beside / "on-change").write_text(f"#!/bin/sh\ncat > '{hooks.out}/on-change.json'\n")
    (beside / "on-change").chmod(0o755)
    done = okrtui("kr", "checkin", "KR-1", "42", OKRTUI_HOOKS="", HOME=str(tmp_path / "nobody"), XDG_CONFIG_HOME="")
    assert (done.code, done.err) == (0, "")
    assert hooks.ran() == []
