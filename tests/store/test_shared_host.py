"""A data file on a shared host with careless and hostile neighbours (issue 9, items 1-8 and the storage parts of 16
and 18): every file okrtui makes is new, exclusive and never more readable than the data file; symlinks planted by a
group member are never followed; the lock can't be broken or held by outsiders; the file's own mode is honoured; only
regular files are read; backups rotate by the date in their name; --read-only covers restores.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_support import (
    ALICE,
    BOB,
    OUTSIDER,
    SHARED_GID,
    CliResult,
    backups_of,
    cli_env,
    load,
    one_line,
    python_env,
    run_as,
    run_cli,
    snapshot,
    tmpfs,
)

from okrtui.store.storage import list_backups

TODAY_STAMP = datetime.now().strftime("%Y-%m-%d")
"""The date okrtui puts in today's backup name (the real clock, not --today)."""


def team_file(base: Path, demo, *, owner=ALICE, mode: int = 0o660, folder_mode: int = 0o2770) -> Path:
    """The demo data in a setgid team folder of group 61000, owned by ``owner`` with ``mode``; no backups yet."""
    folder = base / "team"
    folder.mkdir()
    os.chown(folder, 0, SHARED_GID)
    folder.chmod(folder_mode)
    db = folder / "okrtui.json"
    db.write_bytes(demo(base / "scratch" / "okrtui.json"))
    os.chown(db, owner.uid, SHARED_GID)
    db.chmod(mode)
    return db


def victim_file(base: Path, text: bytes = b"precious\n") -> Path:
    """A file of root's that nobody should touch: what a planted symlink points at."""
    victim = base / "victim.txt"
    victim.write_bytes(text)
    victim.chmod(0o600)
    return victim


def assert_untouched(victim: Path, text: bytes = b"precious\n") -> None:
    assert victim.read_bytes() == text, "the file behind the planted symlink was overwritten"
    assert victim.stat().st_mode & 0o777 == 0o600, f"the victim was re-permissioned: {oct(victim.stat().st_mode)}"


def backups_dir(db: Path) -> Path:
    return db.with_name(db.name + ".backups")


# -- 1. files okrtui makes never follow a planted symlink -------------------------------------------------------------


def test_a_symlink_planted_at_the_backup_temp_name_is_not_followed(open_tmp, demo):
    db = team_file(open_tmp, demo)
    folder = backups_dir(db)
    folder.mkdir()
    os.chown(folder, ALICE.uid, SHARED_GID)
    folder.chmod(0o2770)
    victim = victim_file(open_tmp)
    planted = [f".{db.name}.{TODAY_STAMP}.tmp", f"{db.name}.{TODAY_STAMP}.tmp"]
    for name in planted:
        (folder / name).symlink_to(victim)

    result = run_cli(db, "kr", "checkin", "KR-1", "47", OKRTUI_USER="cron")  # root's cron job: the day's first write

    assert result.code == 0, result.stderr
    assert_untouched(victim)
    backup = folder / f"{db.name}.{TODAY_STAMP}"
    assert backup.is_file() and not backup.is_symlink()
    assert json.loads(backup.read_bytes())["key_results"]["1"]["checkins"][-1]["value"] != 47


def test_a_symlink_planted_at_the_backup_name_itself_is_replaced_not_followed(open_tmp, demo):
    db = team_file(open_tmp, demo)
    folder = backups_dir(db)
    folder.mkdir()
    victim = victim_file(open_tmp)
    (folder / f"{db.name}.{TODAY_STAMP}").symlink_to(victim)

    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0

    assert_untouched(victim)


def restore_stamps(seconds: int = 8) -> list[str]:
    """The ``replaced-<time>`` stamps a restore started now may use."""
    now = datetime.now()
    return [f"{now + timedelta(seconds=n):%Y%m%dT%H%M%S}" for n in range(-1, seconds)]


def test_the_copy_kept_by_a_restore_never_follows_a_planted_symlink(open_tmp, demo):
    db = team_file(open_tmp, demo)
    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0  # makes today's backup
    victim = victim_file(open_tmp)
    for stamp in restore_stamps():
        db.with_name(f"{db.name}.replaced-{stamp}").symlink_to(victim)
    current = db.read_bytes()

    result = run_cli(db, "doctor", "--restore", "1", "--yes")

    assert result.code == 0, result.stderr
    assert_untouched(victim)
    kept = [path for path in db.parent.iterdir() if path.name.startswith(f"{db.name}.replaced-")
            and not path.is_symlink()]
    assert len(kept) == 1, kept
    assert kept[0].read_bytes() == current
    assert str(kept[0]) in result.stdout


def test_two_restores_in_the_same_second_keep_both_replaced_files(open_tmp, demo):
    db = team_file(open_tmp, demo)
    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0
    earlier = b'{"an earlier restore kept this": true}\n'
    for stamp in restore_stamps():  # what a restore in this same second already kept
        db.with_name(f"{db.name}.replaced-{stamp}").write_bytes(earlier)
    current = db.read_bytes()

    assert run_cli(db, "doctor", "--restore", "1", "--yes").code == 0

    for stamp in restore_stamps()[1:-1]:
        assert db.with_name(f"{db.name}.replaced-{stamp}").read_bytes() == earlier
    new = [path for path in db.parent.iterdir() if re.search(r"\.replaced-\d{8}T\d{6}-2$", path.name)]
    assert len(new) == 1, sorted(path.name for path in db.parent.iterdir())
    assert new[0].read_bytes() == current


# -- 2. nothing is more readable than the data file -------------------------------------------------------------------


def test_backups_and_kept_copies_are_never_more_readable_than_a_private_data_file(open_tmp, demo):
    db = team_file(open_tmp, demo, mode=0o660)

    wrote = run_as(ALICE, db, "kr", "checkin", "KR-1", "47", umask=0o002)
    assert wrote.code == 0, wrote.stderr
    restored = run_as(ALICE, db, "doctor", "--restore", "1", "--yes", umask=0o002)
    assert restored.code == 0, restored.stderr

    made = [*backups_of(db), *db.parent.glob(f"{db.name}.replaced-*"), db.with_name(db.name + ".lock")]
    assert len(made) == 3, made
    for path in made:
        assert path.stat().st_mode & 0o007 == 0, f"{path.name} is {oct(path.stat().st_mode & 0o777)}: others read it"
        assert path.stat().st_gid == SHARED_GID, path
    assert backups_dir(db).stat().st_mode & 0o007 == 0
    assert run_as(OUTSIDER, db, "doctor").code == 1, "an outsider reads nothing"


STRACE = shutil.which("strace")


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (CI installs it)")
def test_every_file_is_created_exclusive_and_gets_its_final_mode_before_its_first_byte(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    db.chmod(0o640)
    for backup in backups_of(db):
        backup.rename(backup.with_name(f"{db.name}.2020-01-01"))  # so today's write backs up again
    db.with_name(db.name + ".lock").unlink()  # and creates the lock file anew
    trace = tmp_path / "trace"
    env = cli_env(db)

    for args in (["kr", "checkin", "KR-1", "47"], ["doctor", "--restore", "1", "--yes"]):
        done = subprocess.run([STRACE, "-f", "-qq", "-o", str(trace), "-e", "trace=openat,fchmod,write,close",
                               sys.executable, "-m", "okrtui", *args], env={**env, "OKRTUI_USER": "t"},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        created = check_creations(trace.read_text(), str(db.parent))
        assert created, "the trace shows the files okrtui created"


def check_creations(trace: str, folder: str) -> list[str]:
    """Every file created under ``folder``: O_EXCL and O_NOFOLLOW, private at creation, chmod-ed before its first
    write, and never to more than the data file's 0640."""
    fds: dict[tuple[str, str], str] = {}
    chmodded: set[tuple[str, str]] = set()
    created = []
    for line in trace.splitlines():
        pid, call = line.split(None, 1)
        if opened := re.match(r'openat\(\w+, "([^"]+)", ([A-Z_|]+), (0\d+)\) = (\d+)', call):
            path, flags, mode, fd = opened.groups()
            if "O_CREAT" in flags and (path.startswith(folder) or not path.startswith("/")):
                assert "O_EXCL" in flags and "O_NOFOLLOW" in flags, line
                assert int(mode, 8) & 0o077 == 0, line
                fds[(pid, fd)] = path
                created.append(path)
        elif chmod := re.match(r"fchmod\((\d+), (0\d+)\)", call):
            fd, mode = chmod.groups()
            if (pid, fd) in fds:
                assert int(mode, 8) & ~0o640 == 0, f"{fds[(pid, fd)]} made wider than the data file: {line}"
                chmodded.add((pid, fd))
        elif write := re.match(r"write\((\d+),", call):
            key = (pid, write.group(1))
            if key in fds:
                assert key in chmodded, f"{fds[key]} got bytes before its final mode"
        elif close := re.match(r"close\((\d+)\)", call):
            fds.pop((pid, close.group(1)), None)
    return created


def test_the_lock_file_is_no_wider_than_the_data_files_group_and_outsiders_cannot_hold_it(open_tmp, demo):
    db = team_file(open_tmp, demo, mode=0o664, folder_mode=0o2775)  # the README's umask 002 recipe
    assert run_as(ALICE, db, "kr", "checkin", "KR-1", "47", umask=0o002).code == 0
    lock = db.with_name(db.name + ".lock")
    assert lock.stat().st_mode & 0o777 == 0o660, oct(lock.stat().st_mode)

    probe = run_python_as(OUTSIDER, f"import os; os.open({str(lock)!r}, os.O_RDONLY)")
    assert probe.returncode != 0 and "Permission denied" in probe.stderr, probe
    assert run_as(OUTSIDER, db, "status", "--json").code == 0, "outsiders still read the file"


def test_a_lock_file_left_too_open_is_narrowed_by_its_owner(open_tmp, demo):
    db = team_file(open_tmp, demo, mode=0o664, folder_mode=0o2775)
    lock = db.with_name(db.name + ".lock")
    lock.touch()
    os.chown(lock, ALICE.uid, SHARED_GID)
    lock.chmod(0o666)

    assert run_as(ALICE, db, "kr", "checkin", "KR-1", "47").code == 0

    assert lock.stat().st_mode & 0o777 == 0o660


def run_python_as(user, code: str) -> subprocess.CompletedProcess:
    switch = f"import os; os.setgroups({list(user.groups)}); os.setgid({user.gid}); os.setuid({user.uid}); "
    return subprocess.run([sys.executable, "-c", switch + code], capture_output=True, text=True, timeout=60,
                          env=python_env())


# -- 3. a data file reached through a symlink -------------------------------------------------------------------------


def test_a_data_file_reached_through_a_symlink_is_written_through_it(tmp_path, demo):
    real = tmp_path / "team" / "okrtui.json"
    demo(real)
    home = tmp_path / "home"
    home.mkdir()
    link = home / "okrs.json"
    link.symlink_to(real)
    for backup in backups_of(real):
        backup.rename(backup.with_name(f"{real.name}.2020-01-01"))

    result = run_cli(link, "kr", "checkin", "KR-1", "47", "--note", "through the link")

    assert result.code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert load(real)["key_results"]["1"]["checkins"][-1]["note"] == "through the link"
    assert sorted(entry.name for entry in home.iterdir()) == ["okrs.json"], "no lock, temp or backup beside the link"
    assert (real.parent / f"{real.name}.lock").exists()
    assert (backups_dir(real) / f"{real.name}.{TODAY_STAMP}").is_file()


# -- 4. a lock file removed or replaced while held --------------------------------------------------------------------

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
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), note, str(go)], env=python_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    waiter = subprocess.Popen([sys.executable, "-m", "okrtui", "kr", "checkin", "KR-1", "44", "--note", "waiter"],
                              env=cli_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


# -- 5. the data file's own permissions -------------------------------------------------------------------------------


def test_a_group_member_cannot_take_over_a_file_its_mode_does_not_let_them_write(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o644)
    snap = snapshot(db)

    result = run_as(BOB, db, "kr", "checkin", "KR-1", "1")

    assert result.code == 1, result
    message = one_line(result)
    assert str(db) in message and "permission denied" in message, message
    assert snapshot(db) == snap
    assert db.stat().st_uid == ALICE.uid
    assert run_as(ALICE, db, "kr", "checkin", "KR-1", "47").code == 0, "the owner still writes her file"


def test_root_writing_a_users_file_keeps_its_owner(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o640)

    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0  # root's cron job

    status = db.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o7777) == (ALICE.uid, SHARED_GID, 0o640)


SETFACL, GETFACL = shutil.which("setfacl"), shutil.which("getfacl")


@pytest.mark.skipif(SETFACL is None or GETFACL is None, reason="setfacl/getfacl are not installed (CI installs acl)")
def test_an_acl_on_the_data_file_lets_its_user_write_and_is_kept(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o640)
    subprocess.run([SETFACL, "-m", f"u:{BOB.uid}:rw", str(db)], check=True)

    result = run_as(BOB, db, "kr", "checkin", "KR-1", "47")

    assert result.code == 0, result.stderr
    acl = subprocess.run([GETFACL, "-n", str(db)], capture_output=True, text=True, check=True).stdout
    assert f"user:{BOB.uid}:rw-" in acl, acl


def test_a_data_file_without_owner_write_is_refused_clearly(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o444)
    snap = snapshot(db)

    result = run_as(ALICE, db, "kr", "checkin", "KR-1", "47")

    assert result.code == 1, result
    message = one_line(result)
    assert "permission denied" in message and "0444" in message and "internal error" not in message, message
    assert snapshot(db) == snap


# -- 6. only regular files --------------------------------------------------------------------------------------------


def memory_cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_capped(db: Path, *args: str) -> CliResult:
    done = subprocess.run([sys.executable, "-m", "okrtui", *args], env=cli_env(db), capture_output=True, text=True,
                          timeout=30, preexec_fn=memory_cap)
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


@pytest.mark.parametrize("command", [["status"], ["kr", "checkin", "KR-1", "4"], ["objective", "add", "X"]],
                         ids=" ".join)
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


# -- 7. --read-only covers restores -----------------------------------------------------------------------------------


@pytest.mark.parametrize("way", [["--read-only"], []], ids=["flag", "env"])
def test_read_only_refuses_a_restore(tmp_path, demo, way):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    snap = snapshot(db)

    result = run_cli(db, *way, "doctor", "--restore", "1", "--yes", **({} if way else {"OKRTUI_READ_ONLY": "1"}))

    assert result.code == 1, result
    assert "read-only" in one_line(result)
    assert snapshot(db) == snap


# -- 8. backups rotate by the date in their name ----------------------------------------------------------------------


def test_backups_rotate_by_the_date_in_their_name_not_their_mtime(tmp_path, demo):
    db = tmp_path / "data" / "okrtui.json"
    demo(db)
    folder = backups_dir(db)
    for backup in backups_of(db):
        backup.unlink()
    future = time.time() + 10 * 365 * 86400  # copied in with mtimes years ahead (or the clock went back)
    for day in range(1, 8):
        old = folder / f"{db.name}.2020-01-0{day}"
        old.write_bytes(b'{"meta": {"1": {"schema_version": 1}}}\n')
        os.utime(old, (future + day, future + day))

    assert run_cli(db, "kr", "checkin", "KR-1", "47").code == 0

    names = [path.name for path in list_backups(db)]
    assert names == [*(f"{db.name}.2020-01-0{day}" for day in range(2, 8)), f"{db.name}.{TODAY_STAMP}"]
    listed = run_cli(db, "doctor")
    assert re.search(rf"^\s*1\s+{re.escape(db.name)}\.{TODAY_STAMP}\s", listed.stdout, re.M), listed.stdout


# -- 16. odd files around the data file: a clear line, never "internal error" -----------------------------------------


@pytest.fixture
def read_only_filesystem(tmp_path: Path, demo):
    """The demo data on a tmpfs remounted read-only."""
    with tmpfs(tmp_path / "ro", "4m") as mount_point:
        db = mount_point / "data" / "okrtui.json"
        demo(db)
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield db


@pytest.mark.parametrize("command", [["kr", "checkin", "KR-1", "4"], ["doctor", "--restore", "1", "--yes"]],
                         ids=" ".join)
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


@pytest.mark.parametrize("command", [["kr", "checkin", "KR-1", "4"], ["doctor", "--restore", "1", "--yes"]],
                         ids=" ".join)
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
