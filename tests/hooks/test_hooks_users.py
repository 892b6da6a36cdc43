"""On a shared host a hook never lets one user run code as another: hooks run only from a folder that only the acting
user (or root) can write. Real uids (the store tests' numeric users, see tests/store/store_support.py): alice acts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import ALICE, BOB, SWITCH_PROBE, run_as


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder under /tmp every uid can traverse, with alice's data file (her own folder) and a drop box every hook
    could write its stdin to (so a refused hook would have left a trace had it run)."""
    if os.geteuid() != 0:
        pytest.skip("needs root: the test switches to other uids")
    probe = subprocess.run([sys.executable, "-c", SWITCH_PROBE], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0 or probe.stdout.strip() != "61001":
        pytest.skip(f"can't switch to uid 61001 here: {probe.stderr.strip()[-300:]}")
    folder = Path(tempfile.mkdtemp(prefix="okrtui-hooks-"))
    try:
        folder.chmod(0o755)
        for parent in folder.parents:
            if not parent.stat().st_mode & 0o001:
                pytest.skip(f"{parent} can't be traversed by other users")
        for name, owner, mode in (("data", ALICE, 0o755), ("out", ALICE, 0o777)):
            (folder / name).mkdir()
            os.chown(folder / name, owner.uid, owner.gid)
            (folder / name).chmod(mode)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def hooks_folder(base: Path, owner, *, hook_mode: int = 0o755) -> Path:
    """``base/hooks-<owner>`` owned by ``owner`` (0755) with one hook, ``on-change``, writing its stdin to out/."""
    folder = base / f"hooks-{owner.name}"
    folder.mkdir()
    hook = folder / "on-change"
    hook.write_text(f"#!/bin/sh\ncat > '{base}/out/on-change.json'\n")
    for path, mode in ((folder, 0o755), (hook, hook_mode)):
        os.chown(path, owner.uid, owner.gid)
        path.chmod(mode)
    return folder


def alice_writes(base: Path, folder: Path):
    db = base / "data" / "okrtui.json"
    made = run_as(ALICE, db, "objective", "add", "Grow", OKRTUI_HOOKS=str(base / "none"))
    assert made.code == 0, made.stderr
    return db, run_as(ALICE, db, "objective", "edit", "O-1", "--title", "Grow more", OKRTUI_HOOKS=str(folder))


def test_alices_own_hook_runs_as_alice(base):
    folder = hooks_folder(base, ALICE)
    _, done = alice_writes(base, folder)
    assert (done.code, done.stderr) == (0, "")
    dropped = base / "out" / "on-change.json"
    assert dropped.stat().st_uid == ALICE.uid
    assert '"title":"Grow more"' in dropped.read_text()


def test_a_hook_folder_of_another_user_is_refused(base):
    folder = hooks_folder(base, BOB)
    db, done = alice_writes(base, folder)
    assert done.code == 0
    assert done.stderr_lines == [
        f"okrtui: warning: hooks in {folder} refused: {folder} belongs to another user (uid {BOB.uid}); hooks run "
        "only from your own files"
    ]
    assert not (base / "out" / "on-change.json").exists()
    assert "Grow more" in db.read_text()


def test_a_hook_of_another_user_in_alices_folder_is_refused(base):
    folder = hooks_folder(base, ALICE)
    os.chown(folder / "on-change", BOB.uid, BOB.gid)
    _, done = alice_writes(base, folder)
    assert done.code == 0
    assert done.stderr_lines == [
        f"okrtui: warning: hook on-change refused: {folder / 'on-change'} belongs to another user (uid {BOB.uid}); "
        "hooks run only from your own files"
    ]
    assert not (base / "out" / "on-change.json").exists()


def test_alices_group_writable_hook_is_refused(base):
    folder = hooks_folder(base, ALICE, hook_mode=0o775)
    db, done = alice_writes(base, folder)
    assert done.code == 0
    assert done.stderr_lines == [
        f"okrtui: warning: hook on-change refused: {folder / 'on-change'} is writable by its group (mode 0775): "
        "chmod go-w it"
    ]
    assert not (base / "out" / "on-change.json").exists()
    assert "Grow more" in db.read_text()
