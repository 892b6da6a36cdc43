"""Faults around a write: a full disk, permission denied, the data folder removed, a corrupt file, read-only mode,
and a data file shared by a group of users on one host.

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
    BOB,
    OUTSIDER,
    SHARED_GID,
    TODAY,
    CliResult,
    User,
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

    result = run_limited(db, "objective", "add", "Bigger file", "--period", "2026-Q4",
                         preexec=file_size_limit(limit))

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


# -- 4. a corrupt file points to its newest backup --------------------------------------------------------------------

CORRUPT_COMMANDS = [
    ["status"],
    ["objective", "add", "New", "--period", "2026-Q4"],
    ["kr", "checkin", "KR-1", "5"],
    ["kpi", "record", "mrr", "5"],
    ["report"],
    ["due"],
    ["period", "close", "2026-Q4", "--yes"],
]


def corrupt(db: Path, line: int) -> tuple[bytes, int]:
    """Break the file by hand at ``line`` (a stray character); returns the bytes and where json says it broke."""
    lines = db.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1] + b" oops"
    raw = b"\n".join(lines)
    db.write_bytes(raw)
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(raw)
    return raw, error.value.lineno


@pytest.mark.parametrize("command", CORRUPT_COMMANDS, ids=" ".join)
def test_a_corrupt_file_is_refused_naming_the_line_and_the_newest_backup(db, demo, command):
    demo(db)
    (newest,) = backups_of(db)  # the backup okrtui itself wrote today
    folder = newest.parent
    older = []
    for n in (1, 2):  # older backups, as earlier days would have left them
        path = folder / f"{db.name}.2026-10-0{n}"
        path.write_bytes(b"{}\n")
        stamp = 1_600_000_000 + n * 86_400  # in 2020, long before today's backup
        os.utime(path, (stamp, stamp))
        older.append(path)
    raw, line = corrupt(db, 40)
    snap = snapshot(db)

    result = run_cli(db, *command)

    assert result.code == 1, result
    message = one_line(result)
    assert str(db) in message, message
    assert f"line {line}" in message, message
    assert str(newest) in message, f"the newest backup is named: {message}"
    assert not any(str(path) in message for path in older), message
    assert db.read_bytes() == raw
    assert snapshot(db) == snap


def test_the_newest_backup_is_chosen_by_age_not_by_the_order_of_creation(db):
    db.parent.mkdir(parents=True)
    folder = db.with_name(db.name + ".backups")
    folder.mkdir()
    stamps = {"2026-11-07": 3, "2026-11-05": 1, "2026-11-06": 2}  # written in a shuffled order
    for day, n in stamps.items():
        path = folder / f"{db.name}.{day}"
        path.write_bytes(b"{}\n")
        os.utime(path, (1_600_000_000 + n * 86_400,) * 2)
    db.write_bytes(b'{\n  "meta": {\n    "1": {"schema_version": 1,,}\n  }\n}\n')

    result = run_cli(db, "status")

    assert result.code == 1
    message = one_line(result)
    assert "line 3" in message
    assert str(folder / f"{db.name}.2026-11-07") in message, message
    assert "2026-11-05" not in message and "2026-11-06" not in message


def test_a_corrupt_file_without_backups_names_no_backup(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"meta": ')
    result = run_cli(db, "status")
    assert result.code == 1
    message = one_line(result)
    assert str(db) in message and "line 1" in message
    assert "backup" not in message, message


# -- 5. read-only -----------------------------------------------------------------------------------------------------

WRITE_COMMANDS = [
    ["objective", "add", "Viewers cannot", "--period", "2026-Q4"],
    ["kr", "checkin", "KR-1", "55"],
    ["kpi", "record", "mrr", "99"],
    ["kpi", "import", "{csv}"],
    ["initiative", "add", "KR-1", "Viewers cannot"],
    ["period", "close", "2026-Q4", "--yes"],
    ["init", "--demo"],
    ["init"],
]
READ_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["report"],
    ["due"],
    ["objective", "list", "--json"],
    ["kr", "show", "KR-1", "--json"],
    ["initiative", "list", "--json"],
]
READ_ONLY_WAYS = {"flag": {"args": ["--read-only"]}, "env": {"env": {"OKRTUI_READ_ONLY": "1"}}}


def run_read_only(db: Path, way: str, command: list[str]) -> CliResult:
    how = READ_ONLY_WAYS[way]
    return run_cli(db, *how.get("args", []), *command, **how.get("env", {}))


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
@pytest.mark.parametrize("command", WRITE_COMMANDS, ids=" ".join)
def test_read_only_refuses_every_write_and_never_touches_the_file(db, demo, tmp_path, way, command):
    demo(db)
    rows = tmp_path / "rows.csv"
    rows.write_text("kpi,date,value\nmrr,2026-11-09,123\n")
    command = [part.replace("{csv}", str(rows)) for part in command]
    snap = snapshot(db)
    folder_mtime = db.parent.stat().st_mtime_ns

    result = run_read_only(db, way, command)

    assert result.code == 1, result
    message = one_line(result)
    assert "read-only" in message, message
    assert result.stdout == ""
    assert snapshot(db) == snap
    assert db.parent.stat().st_mtime_ns == folder_mtime


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_read_only_creates_nothing_where_there_is_no_file(db, way):
    for command, code in ((["init"], 1), (["objective", "add", "X"], 1), (["status"], 0)):
        result = run_read_only(db, way, command)
        assert result.code == code, (command, result)
        assert not db.parent.exists(), f"{command} created {db.parent}"


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_read_only_still_reads(db, demo, way):
    demo(db)
    snap = snapshot(db)
    for command in READ_COMMANDS:
        read_only = run_read_only(db, way, command)
        normal = run_cli(db, *command)
        assert read_only.code == 0, (command, read_only.stderr)
        assert read_only.stdout == normal.stdout != "", command
    assert snapshot(db) == snap


def test_read_only_off_by_default_and_with_an_empty_variable(db, demo):
    demo(db)
    assert run_cli(db, "kr", "checkin", "KR-1", "56", OKRTUI_READ_ONLY="").code == 0
    assert run_cli(db, "kr", "checkin", "KR-1", "57", OKRTUI_READ_ONLY="0").code == 0
    values = [c["value"] for c in load(db)["key_results"]["1"]["checkins"]]
    assert values[-2:] == [56, 57]


# -- 6. a data file shared by a group ---------------------------------------------------------------------------------


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

