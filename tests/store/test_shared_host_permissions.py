"""A data file on a shared host (issue 9, items 2 and 5): nothing okrtui makes is more readable than the
data file, the lock can't be held by outsiders, and the data file's own mode is honoured.

Users are numeric uids switched to before okrtui runs (see store_support.run_as); root stands for a cron job.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from shared_host_support import backups_dir, team_file
from store_support import (
    ALICE,
    BOB,
    OUTSIDER,
    SHARED_GID,
    backups_of,
    cli_env,
    one_line,
    python_env,
    run_as,
    run_cli,
    snapshot,
)

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
        done = subprocess.run(
            [
                STRACE,
                "-f",
                "-qq",
                "-o",
                str(trace),
                "-e",
                "trace=openat,fchmod,write,close",
                sys.executable,
                "-m",
                "okrtui",
                *args,
            ],
            env={**env, "OKRTUI_USER": "t"},
            capture_output=True,
            text=True,
            timeout=120,
        )
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
    return subprocess.run(
        [sys.executable, "-c", switch + code], capture_output=True, text=True, timeout=60, env=python_env()
    )


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


# -- the journal (issue 11): the data file's rules --------------------------------------------------------------------


def test_the_journal_takes_the_data_files_group_and_mode_and_every_member_appends(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o660)
    journal = db.with_name(db.name + ".journal")
    assert not journal.exists()

    assert run_as(BOB, db, "kr", "checkin", "KR-1", "47", umask=0o022).code == 0
    assert run_as(ALICE, db, "kr", "checkin", "KR-1", "48", umask=0o077).code == 0

    status = journal.stat()
    assert (status.st_mode & 0o777, status.st_gid) == (0o660, SHARED_GID)
    log = run_as(ALICE, db, "log", "--limit", "2")
    assert log.code == 0, log.stderr
    assert [line.split()[3] for line in log.stdout.splitlines()] == ["alice", "bob"]
    probe = run_python_as(OUTSIDER, f"open({str(journal)!r}).read()")
    assert probe.returncode != 0 and "Permission denied" in probe.stderr, probe


def test_a_reader_of_a_private_data_file_reads_its_journal_and_an_outsider_neither(open_tmp, demo):
    db = team_file(open_tmp, demo, owner=ALICE, mode=0o640)
    assert run_as(ALICE, db, "kpi", "record", "mrr", "1").code == 0
    journal = db.with_name(db.name + ".journal")
    assert journal.stat().st_mode & 0o777 == 0o640

    assert "alice" in run_as(BOB, db, "log", "--limit", "1").stdout  # the group reads the data file: and its history
    outsider = run_as(OUTSIDER, db, "log")
    assert outsider.code == 1, outsider
    assert "permission denied" in one_line(outsider)
