"""A data file shared by a group of users on one host: every member can still write after another saved,
whatever their umask, and outsiders can't.

Every write that fails must leave the previous file byte-identical and say why in one line on stderr (exit 1).

The tests run as root (here and in CI), and root ignores file permissions. So the permission and group-shared tests
run okrtui under other numeric uids/gids (61001, 61002, ... with the shared group 61000; no /etc/passwd entry needed).
The venv's interpreter is a symlink into root's private pyenv folder (/root is 0700), which another uid cannot exec;
so those runs start the interpreter as root, import every okrtui module (and with them everything they use), then
drop to the other uid/gid/groups/umask *before* calling ``okrtui.cli.main``. From then on every file operation okrtui
makes is checked against the other user's rights, exactly as for a process started under that uid.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from store_support import (
    ALICE,
    BOB,
    OUTSIDER,
    SHARED_GID,
    User,
    backups_of,
    leftover_temp_files,
    load,
    one_line,
    run_as,
    snapshot,
)


def shared_folder(base: Path, *, setgid: bool = True) -> Path:
    """The team set-up: a folder of group 61000, mode 2775 (setgid: new files get its group) or 0775."""
    folder = base / "team"
    folder.mkdir()
    os.chown(folder, 0, SHARED_GID)
    folder.chmod(0o2775 if setgid else 0o775)
    assert bool(folder.stat().st_mode & 0o2000) == setgid
    return folder


def shared_data_file(base: Path, folder: Path, demo: Callable[[Path], bytes]) -> Path:
    """The demo data as the admin put it there: owned by root, group 61000, mode 0664; no lock file, no backups."""
    db = folder / "okrtui.json"
    db.write_bytes(demo(base / "scratch" / "okrtui.json"))
    os.chown(db, 0, SHARED_GID)
    db.chmod(0o664)
    return db


def assert_shared(db: Path, owner: User | None = None) -> None:
    status = db.stat()
    assert status.st_gid == SHARED_GID, f"group {status.st_gid}, not {SHARED_GID}"
    assert status.st_mode & 0o7777 == 0o664, oct(status.st_mode & 0o7777)
    if owner is not None:
        assert status.st_uid == owner.uid, f"written by uid {status.st_uid}, not {owner.name}"


def assert_usable_by_the_group(path: Path) -> None:
    status = path.stat()
    assert status.st_gid == SHARED_GID and status.st_mode & 0o060 == 0o060, (
        f"{path.name} is {oct(status.st_mode & 0o7777)} group {status.st_gid}: other members can't open it to write"
    )


def test_a_second_member_of_the_group_can_still_write_after_the_first_saved(open_tmp, demo):
    db = shared_data_file(open_tmp, shared_folder(open_tmp), demo)

    alice = run_as(ALICE, db, "kr", "checkin", "KR-1", "47", "--note", "alice was here")
    assert alice.code == 0, alice.stderr
    assert_shared(db, owner=ALICE)  # a new file (alice's) replaced root's, with the same group and mode
    assert_usable_by_the_group(db.with_name(db.name + ".lock"))
    assert_usable_by_the_group(db.with_name(db.name + ".backups"))
    age_todays_backup(db)  # so bob's save is a new day's first: it writes a backup into the folder alice made

    bob = run_as(BOB, db, "kpi", "record", "mrr", "123456", "--date", "2026-11-09")
    assert bob.code == 0, f"bob could not write after alice: {bob.stderr}"
    assert_shared(db, owner=BOB)

    again = run_as(ALICE, db, "objective", "add", "Alice again", "--period", "2026-Q4")
    assert again.code == 0, again.stderr
    assert_shared(db, owner=ALICE)

    data = load(db)
    last = data["key_results"]["1"]["checkins"][-1]
    assert (last["value"], last["note"], last["author"]) == (47, "alice was here", "alice")
    mrr = next(doc for doc in data["kpis"].values() if doc["key"] == "mrr")
    assert mrr["history"]["2026-11-09"] == 123456
    assert "Alice again" in [doc["title"] for doc in data["objectives"].values()]
    assert leftover_temp_files(db.parent) == []
    for backup in backups_of(db):
        assert backup.stat().st_gid == SHARED_GID


def test_the_group_is_kept_by_the_replace_itself_without_a_setgid_folder(open_tmp, demo):
    # Without the setgid bit alice's new file would get her own primary group (61001): the replace must set 61000.
    db = shared_data_file(open_tmp, shared_folder(open_tmp, setgid=False), demo)

    alice = run_as(ALICE, db, "kr", "checkin", "KR-1", "47")

    assert alice.code == 0, alice.stderr
    assert_shared(db, owner=ALICE)
    assert load(db)["key_results"]["1"]["checkins"][-1]["author"] == "alice"


def age_todays_backup(db: Path) -> None:
    """Make today's backup look like an earlier day's, so the next write backs up again (into the same folder)."""
    (backup,) = [path for path in backups_of(db) if not path.name.endswith(".tmp")]
    backup.rename(backup.with_name(f"{db.name}.2026-01-01"))


# The data file keeps its 0664 whatever the saver's umask (the temp file gets the data file's mode and group). The
# files okrtui creates beside it, the lock file and the backups folder, follow the saver's umask instead: one save by a
# member with the common umask 022 then locks every other member out. The two tests below pin that.


def test_a_member_with_umask_022_does_not_lock_the_others_out_through_the_lock_file(open_tmp, demo):
    db = shared_data_file(open_tmp, shared_folder(open_tmp), demo)

    alice = run_as(ALICE, db, "kr", "checkin", "KR-1", "47", umask=0o022)
    assert alice.code == 0, alice.stderr
    assert_shared(db, owner=ALICE)

    bob = run_as(BOB, db, "kpi", "record", "mrr", "123456", "--date", "2026-11-09")
    assert bob.code == 0, f"bob is locked out after alice saved with umask 022: {bob.stderr}"
    assert_shared(db, owner=BOB)


def test_a_member_with_umask_022_does_not_lock_the_others_out_through_the_backups_folder(open_tmp, demo):
    db = shared_data_file(open_tmp, shared_folder(open_tmp), demo)
    lock = db.with_name(db.name + ".lock")
    lock.touch()  # a group-writable lock file already there: only the backups folder is under test
    os.chown(lock, 0, SHARED_GID)
    lock.chmod(0o664)

    alice = run_as(ALICE, db, "kr", "checkin", "KR-1", "47", umask=0o022)  # the day's first write makes the folder
    assert alice.code == 0, alice.stderr
    age_todays_backup(db)

    bob = run_as(BOB, db, "kpi", "record", "mrr", "123456", "--date", "2026-11-09")
    assert bob.code == 0, f"bob can't write after alice made the backups folder with umask 022: {bob.stderr}"
    assert_shared(db, owner=BOB)


def test_an_outsider_cannot_write_the_group_file_and_it_stays_intact(open_tmp, demo):
    db = shared_data_file(open_tmp, shared_folder(open_tmp), demo)
    assert run_as(ALICE, db, "kr", "checkin", "KR-1", "47").code == 0
    snap = snapshot(db)

    result = run_as(OUTSIDER, db, "kr", "checkin", "KR-1", "1")

    assert result.code == 1, result
    assert "permission denied" in one_line(result).lower()
    assert snapshot(db) == snap
    assert run_as(OUTSIDER, db, "kr", "show", "KR-1", "--json").code == 0, "the file is still readable by others"
