"""Fixtures for the storage tests: a data file path in tmp_path and fresh workspaces on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_support import SWITCH_PROBE, TODAY, backups_of, run_cli, tmpfs

from okrtui.services.workspace import Workspace


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the data file goes (not created yet)."""
    return tmp_path / "data" / "okrtui.json"


@pytest.fixture
def open_ws(db: Path):
    """Open a fresh Workspace on ``db`` (every call a new object, as a new session would)."""

    def opener(actor: str = "tester", **options) -> Workspace:
        return Workspace.open(db, actor=actor, today=TODAY, **options)

    return opener


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], bytes]:
    """``demo(db)``: put at ``db`` the demo data after one more write, so today's backup and the lock file exist
    beside it; returns the file's bytes. Made once by the real CLI, then copied (mtimes kept) for each test."""
    template = tmp_path_factory.mktemp("demo-template") / "data" / "okrtui.json"
    assert run_cli(template, "init", "--demo").code == 0
    result = run_cli(template, "kr", "checkin", "KR-1", "50", "--note", "before the fault")
    assert result.code == 0, result.stderr
    assert len(backups_of(template)) == 1

    def copy_to(db: Path) -> bytes:
        shutil.copytree(template.parent, db.parent, copy_function=shutil.copy2, dirs_exist_ok=True)
        return db.read_bytes()

    return copy_to


@pytest.fixture(scope="module")
def other_users_work() -> None:
    """Skip unless this process may switch to other uids: it must be root, in a namespace that maps them."""
    if os.geteuid() != 0:
        pytest.skip("needs root: the test switches to other uids/gids (61001, 61002, group 61000) to meet permissions")
    probe = subprocess.run([sys.executable, "-c", SWITCH_PROBE], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0 or probe.stdout.strip() != "61001":
        pytest.skip(f"can't switch to uid 61001 here: {probe.stderr.strip()[-300:]}")


@pytest.fixture
def open_tmp(other_users_work) -> Iterator[Path]:
    """A folder under /tmp that every uid can traverse (pytest's own tmp_path root is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="okrtui-faults-"))
    try:
        folder.chmod(0o755)
        for parent in folder.parents:
            if not parent.stat().st_mode & 0o001:
                pytest.skip(f"{parent} can't be traversed by other users")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def small_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs mounted in tmp_path (skips where mounting is not allowed)."""
    with tmpfs(tmp_path / "small", "256k") as mount_point:
        yield mount_point
