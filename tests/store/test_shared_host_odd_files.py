"""A data file on a shared host (issue 9, item 6 and the storage parts of 16 and 18): only regular files
are read, odd files around the data file give one clear line, and a full disk leaves no partial files.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from shared_host_support import assert_untouched, backups_dir, victim_file
from store_support import CliResult, backups_of, cli_env, load, one_line, run_cli, snapshot, tmpfs

# -- 6. only regular files --------------------------------------------------------------------------------------------


def memory_cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_capped(db: Path, *args: str) -> CliResult:
    done = subprocess.run(
        [sys.executable, "-m", "okrtui", *args],
        env=cli_env(db),
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=memory_cap,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("command", [["status"], ["kr", "checkin", "KR-1", "4"]], ids=" ".join)
def test_a_fifo_as_the_data_file_is_refused_at_once(tmp_path, command):
    db = tmp_path / "okrtui.json"
    os.mkfifo(db)

    result = run_capped(db, *command)

    assert result.code == 1, result
    assert "FIFO" in one_line(result) and str(db) in one_line(result)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["okrtui.json"], "nothing made beside it"


def test_doctor_names_a_fifo_as_the_data_file(tmp_path):
    db = tmp_path / "okrtui.json"
    os.mkfifo(db)

    result = run_capped(db, "doctor")

    assert result.code == 1, result
    assert f"{db} is a FIFO" in result.stdout


@pytest.mark.parametrize("command", [["status"], ["kpi", "record", "mrr", "4"]], ids=" ".join)
def test_a_device_as_the_data_file_is_refused(command):
    result = run_capped(Path("/dev/zero"), *command)
    assert result.code == 1, result
    assert "/dev/zero is a device" in one_line(result)


@pytest.mark.parametrize(
    "command", [["status"], ["kr", "checkin", "KR-1", "4"], ["objective", "add", "X"]], ids=" ".join
)
def test_an_existing_empty_file_is_taken_for_a_truncated_one(tmp_path, command):
    db = tmp_path / "okrtui.json"
    db.touch()

    result = run_cli(db, *command)

    assert result.code == 1, result
    message = one_line(result)
    assert f"{db} is empty" in message and "okrtui init" in message, message
    assert db.read_bytes() == b""


def test_init_starts_an_empty_file_anew(tmp_path):
    db = tmp_path / "okrtui.json"
    db.touch()

    assert run_cli(db, "init").code == 0
    assert load(db)["meta"]["1"]["schema_version"] >= 1
    assert run_cli(db, "objective", "add", "Now it works", "--period", "2026-Q4").code == 0


# -- 16. odd files around the data file: a clear line, never "internal error" -----------------------------------------


@pytest.fixture
def read_only_filesystem(tmp_path: Path, demo):
    """The demo data on a tmpfs remounted read-only."""
    with tmpfs(tmp_path / "ro", "4m") as mount_point:
        db = mount_point / "data" / "okrtui.json"
        demo(db)
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield db


@pytest.mark.parametrize(
    "command", [["kr", "checkin", "KR-1", "4"], ["doctor", "--restore", "1", "--yes"]], ids=" ".join
)
def test_a_read_only_filesystem_is_named(read_only_filesystem, command):
    db = read_only_filesystem
    snap = snapshot(db)

    result = run_cli(db, *command)

    assert result.code == 1, result
    message = one_line(result)
    assert "read-only" in message and "internal error" not in message, message
    assert snapshot(db) == snap
    assert run_cli(db, "status").code == 0


def test_a_symlinked_lock_file_is_refused_and_not_followed(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    lock = db.with_name(db.name + ".lock")
    lock.unlink()
    victim = victim_file(tmp_path)
    lock.symlink_to(victim)
    snap = snapshot(db)

    result = run_cli(db, "kr", "checkin", "KR-1", "4")

    assert result.code == 1, result
    message = one_line(result)
    assert str(lock) in message and "symbolic link" in message, message
    assert snapshot(db) == snap
    assert_untouched(victim)


def test_a_dangling_entry_in_the_backups_folder_hides_nothing(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    (newest,) = backups_of(db)
    (backups_dir(db) / f"{db.name}.2020-01-01").symlink_to(tmp_path / "nowhere")
    lines = db.read_bytes().split(b"\n")
    lines[9] += b" oops"
    db.write_bytes(b"\n".join(lines))

    result = run_cli(db, "status")

    assert result.code == 1, result
    message = one_line(result)
    assert "line 10" in message and str(newest) in message, message
    assert run_cli(db, "doctor").code == 1


# -- 18. a full disk leaves no partial files --------------------------------------------------------------------------


def fill(path: Path, leave: int) -> None:
    """Fill the filesystem of ``path`` until only about ``leave`` bytes are free."""
    free = os.statvfs(path.parent).f_bavail * os.statvfs(path.parent).f_frsize
    with path.open("wb") as filler:
        filler.write(b"x" * max(0, free - leave))


@pytest.mark.parametrize(
    "command", [["kr", "checkin", "KR-1", "4"], ["doctor", "--restore", "1", "--yes"]], ids=" ".join
)
def test_a_full_disk_leaves_no_partial_backup_or_kept_copy(small_filesystem, demo, command):
    db = small_filesystem / "data" / "okrtui.json"
    demo(db)
    if command[0] == "kr":
        (backup,) = backups_of(db)
        backup.rename(backup.with_name(f"{db.name}.2020-01-01"))  # the write must back up first
    fill(small_filesystem / "filler", leave=len(db.read_bytes()) // 2)
    before = sorted(path.name for path in small_filesystem.rglob("*"))

    result = run_cli(db, *command)

    assert result.code == 1, result
    assert "no space" in one_line(result)
    assert sorted(path.name for path in small_filesystem.rglob("*")) == before, "partial files were left behind"


def test_a_backups_folder_replaced_by_a_symlink_is_refused_and_not_followed(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    shutil.rmtree(backups_dir(db))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backups_dir(db).symlink_to(elsewhere)
    snap = snapshot(db)

    result = run_cli(db, "kr", "checkin", "KR-1", "4")

    assert result.code == 1, result
    message = one_line(result)
    assert str(backups_dir(db)) in message and "symbolic link" in message, message
    assert snapshot(db) == snap
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("where", ["new folder", "existing folder"])
def test_bad_input_on_a_new_file_leaves_no_folder_or_lock_file_behind(tmp_path, where):
    db = tmp_path / "new" / "dir" / "okrtui.json" if where == "new folder" else tmp_path / "okrtui.json"
    before = sorted(tmp_path.rglob("*"))

    result = run_cli(db, "kr", "add", "O-1", "No such objective", "--start", "1", "--target", "2")

    assert result.code == 2, result
    assert sorted(tmp_path.rglob("*")) == before, "bad input changed nothing, not even a folder"
