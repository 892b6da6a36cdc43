"""A data file on a shared host (issue 9, item 4): a lock file removed or replaced while held never lets
two writers in at once.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from store_support import cli_env, load, python_env, run_cli

HOLDER = textwrap.dedent(
    """
    import pathlib, sys, time
    from okrtui.services import checkins
    from okrtui.services.workspace import Workspace

    db, note, go = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    ws = Workspace.open(db, actor="holder", today="2026-11-10")
    try:
        with ws.repo.transaction():
            checkins.checkin(ws, "KR-1", "41", note=note)
            print("holding", flush=True)
            while not go.exists():
                time.sleep(0.02)
    except Exception as error:
        print("failed:", getattr(error, "message", error), flush=True)
        sys.exit(1)
    print("saved", flush=True)
    """
)


def start_holder(db: Path, note: str, go: Path) -> subprocess.Popen:
    """A writer that holds the lock in the middle of its transaction until ``go`` exists."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), note, str(go)],
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
    return holder


def notes(db: Path) -> list[str]:
    return [checkin.get("note") for checkin in load(db)["key_results"]["1"]["checkins"]]


def test_a_writer_that_lost_its_lock_file_never_overwrites_the_write_that_got_in(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    go = tmp_path / "go"
    holder = start_holder(db, "the holder's", go)
    db.with_name(db.name + ".lock").unlink()  # a cleanup script, git clean, ...

    other = run_cli(db, "kr", "checkin", "KR-1", "43", "--note", "got in", timeout=60)
    go.touch()
    out, err = holder.communicate(timeout=60)

    assert other.code == 0, other.stderr
    assert "got in" in notes(db), "the write that got in was lost"
    assert holder.returncode == 1 and "removed or replaced" in out, (out, err)
    assert "the holder's" not in notes(db)


def test_a_writer_waiting_on_a_replaced_lock_file_waits_for_the_new_one(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    lock = db.with_name(db.name + ".lock")
    first_go, second_go = tmp_path / "go1", tmp_path / "go2"
    first = start_holder(db, "first", first_go)
    waiter = subprocess.Popen(
        [sys.executable, "-m", "okrtui", "kr", "checkin", "KR-1", "44", "--note", "waiter"],
        env=cli_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)  # the waiter now polls the first lock file
    replacement = lock.with_name("replacement")
    replacement.touch()
    os.replace(replacement, lock)  # cp/mv over it: a new inode at the lock path
    second = start_holder(db, "second", second_go)  # takes the new lock file

    first_go.touch()
    first.communicate(timeout=60)
    time.sleep(1.0)  # with the bug the waiter takes the old inode now and writes while the second holds the new one
    second_go.touch()
    second.communicate(timeout=60)
    waiter.communicate(timeout=60)

    assert waiter.returncode == 0
    assert second.returncode == 0
    assert {"second", "waiter"} <= set(notes(db)), notes(db)
