"""Faults around a write: a full disk, permission denied, the data folder removed.

Every write that fails must leave the previous file byte-identical and say why in one line on stderr (exit 1).

The tests run as root (here and in CI), and root ignores file permissions. So the permission and group-shared tests
run okrtui under other numeric uids/gids (61001, 61002, ... with the shared group 61000; no /etc/passwd entry needed).
The venv's interpreter is a symlink into root's private pyenv folder (/root is 0700), which another uid cannot exec;
so those runs start the interpreter as root, import every okrtui module (and with them everything they use), then
drop to the other uid/gid/groups/umask *before* calling ``okrtui.cli.main``. From then on every file operation okrtui
makes is checked against the other user's rights, exactly as for a process started under that uid.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from store_support import (
    ALICE,
    TODAY,
    backups_of,
    leftover_temp_files,
    load,
    one_line,
    run_as,
    run_cli,
    run_limited,
    snapshot,
    temps_beside,
)

from okrtui.errors import OkrError
from okrtui.services import checkins, okrs
from okrtui.services.workspace import Workspace

# -- 1. a full disk ---------------------------------------------------------------------------------------------------


def file_size_limit(limit: int) -> Callable[[], None]:
    """preexec: no file may grow past ``limit`` bytes (EFBIG, as on a full disk); SIGXFSZ does not kill."""

    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize("todays_backup", [True, False], ids=["temp-file-write-fails", "backup-write-fails"])
def test_a_write_past_the_file_size_limit_leaves_the_file_intact(db, demo, todays_backup):
    if todays_backup:
        before = demo(db)  # so the write goes straight to the temp file
    else:
        assert run_cli(db, "init", "--demo").code == 0  # the first write of the day must back up first
        before = db.read_bytes()
        assert backups_of(db) == []
    stale = db.parent / f".{db.name}.killedwriter.tmp"  # what a writer killed before its rename leaves
    stale.write_bytes(b'{"half": ')
    limit = len(before) // 2

    result = run_limited(db, "objective", "add", "Bigger file", "--period", "2026-Q4", preexec=file_size_limit(limit))

    assert result.code == 1, result
    message = one_line(result)
    assert "no space" in message, message
    assert str(db) in message or str(db.parent) in message, message
    assert db.read_bytes() == before
    assert set(temps_beside(db)) <= {stale}, "the failed write left no temp file of its own beside the data file"
    assert run_cli(db, "status", "--json").code == 0, "a stale temp file does not get in the way of reading"

    later = run_cli(db, "objective", "add", "After the fault", "--period", "2026-Q4")
    assert later.code == 0, later.stderr
    titles = [doc["title"] for doc in load(db)["objectives"].values()]
    assert "After the fault" in titles and "Bigger file" not in titles
    assert leftover_temp_files(db.parent) == [], "a normal write removes the stale temp files"


def fill_up(path: Path) -> None:
    """Write ``path`` until the filesystem says it is full."""
    with path.open("wb", buffering=0) as filler:
        for chunk in (b"x" * 4096, b"x"):
            while True:
                try:
                    filler.write(chunk)
                except OSError as error:
                    assert error.errno == errno.ENOSPC, error
                    break


def test_a_full_filesystem_leaves_the_file_intact_and_writing_resumes_once_space_is_freed(small_filesystem, demo):
    db = small_filesystem / "data" / "okrtui.json"
    before = demo(db)
    filler = small_filesystem / "filler"
    fill_up(filler)
    snap = snapshot(db)

    result = run_cli(db, "kr", "checkin", "KR-1", "51", "--note", "on a full disk")

    assert result.code == 1, result
    message = one_line(result)
    assert "no space" in message, message
    assert db.read_bytes() == before
    assert temps_beside(db) == []
    assert snapshot(db) == snap, "the file and its folder are as they were"

    filler.unlink()
    later = run_cli(db, "kr", "checkin", "KR-1", "52", "--note", "space freed")
    assert later.code == 0, later.stderr
    notes = [c["note"] for c in load(db)["key_results"]["1"]["checkins"]]
    assert "space freed" in notes and "on a full disk" not in notes
    assert leftover_temp_files(db.parent) == []


# -- 2. permission denied ---------------------------------------------------------------------------------------------


def root_owned_data(folder: Path, demo: Callable[[Path], bytes]) -> tuple[Path, bytes]:
    """A demo data file made by root in ``folder``/data, readable by all (0644) in a folder only root writes (0755)."""
    db = folder / "data" / "okrtui.json"
    demo(db)
    for path in (db.parent, *db.parent.rglob("*")):
        os.chown(path, 0, 0)
    db.parent.chmod(0o755)
    db.chmod(0o644)
    return db, db.read_bytes()


@pytest.mark.parametrize("stage", ["lock", "backup", "temp-file"])
def test_a_folder_the_writer_cannot_write_fails_with_permission_denied(open_tmp, demo, stage):
    db, before = root_owned_data(open_tmp, demo)
    db.chmod(0o666)  # the file lets alice write it: only the folder is in her way
    before = db.read_bytes()
    lock = db.with_name(db.name + ".lock")
    if stage == "lock":
        lock.unlink()  # the writer must create the lock file first: that fails
    else:
        lock.chmod(0o666)  # the lock works; the failure comes later
        if stage == "backup":
            for backup in backups_of(db):
                backup.unlink()  # the first write of the day backs up first: that fails
            backup_folder = db.with_name(db.name + ".backups")
            backup_folder.rmdir()
    snap = snapshot(db)

    result = run_as(ALICE, db, "objective", "add", "Not allowed", "--period", "2026-Q4")

    assert result.code == 1, result
    message = one_line(result)
    assert "permission denied" in message.lower(), message
    assert {"lock": "lock", "backup": "backup", "temp-file": "write"}[stage] in message, message
    assert str(db.parent) in message, message
    assert snapshot(db) == snap
    assert db.read_bytes() == before
    # reading is still allowed for that user
    shown = run_as(ALICE, db, "objective", "list", "--json")
    assert shown.code == 0, shown.stderr


@pytest.mark.parametrize("command", [["status"], ["objective", "add", "X", "--period", "2026-Q4"]], ids=" ".join)
def test_a_data_file_the_user_cannot_read_is_refused(open_tmp, demo, command):
    db, before = root_owned_data(open_tmp, demo)
    db.parent.chmod(0o777)  # the folder is open (the lock works); only the file is private
    db.chmod(0o600)
    db.with_name(db.name + ".lock").chmod(0o666)
    snap = snapshot(db)

    result = run_as(ALICE, db, *command)

    assert result.code == 1, result
    message = one_line(result)
    assert str(db) in message and "permission denied" in message.lower(), message
    assert snapshot(db) == snap
    assert db.read_bytes() == before


# -- 3. the data folder removed ---------------------------------------------------------------------------------------


def test_a_removed_data_folder_reads_as_empty_and_the_next_write_recreates_it(db, demo):
    demo(db)
    shutil.rmtree(db.parent)

    for command in (["status", "--json"], ["objective", "list", "--json"], ["report"], ["due"]):
        result = run_cli(db, *command)
        assert result.code == 0, (command, result.stderr)
        assert not db.parent.exists(), f"{command} created {db.parent}"
    assert json.loads(run_cli(db, "status", "--json").stdout)["objectives"] == []

    added = run_cli(db, "objective", "add", "A fresh start", "--period", "2026-Q4")
    assert added.code == 0, added.stderr
    assert added.stdout.strip() == "O-1"
    assert [doc["title"] for doc in load(db)["objectives"].values()] == ["A fresh start"]
    assert leftover_temp_files(db.parent) == []


def test_a_long_lived_workspace_survives_its_folder_being_removed(db):
    ws = Workspace.open(db, actor="tester", today=TODAY)
    okrs.add_objective(ws, "Before", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "Count", start=0, target=10)
    shutil.rmtree(db.parent)

    # a write that needs nothing from the lost file: works (the folder is recreated) or fails as one clear error
    try:
        okrs.add_objective(ws, "After", period="2026-Q4")
    except OkrError as error:
        assert str(db.parent) in error.message or str(db) in error.message, error.message
        assert not db.exists() or load(db)  # whatever is there is valid JSON
    else:
        assert [doc["title"] for doc in load(db)["objectives"].values()] == ["After"]

    # a write on a record that went with the folder: a clear "not found", never a traceback
    with pytest.raises(OkrError) as error:
        checkins.checkin(ws, "KR-1", "5")
    assert "KR-1" in error.value.message
