"""Helpers for the storage tests: real data files in tmp_path, the real ``okrtui`` console script in subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TODAY = "2026-11-10"
OKRTUI = Path(sys.executable).with_name("okrtui")
"""The console script installed beside the interpreter running the tests."""


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    """A clean environment for the CLI on ``db`` with a fixed today and actor."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}
    env.update(OKRTUI_DB=str(db), OKRTUI_TODAY=TODAY, OKRTUI_USER="tester", NO_COLOR="1")
    env.update(extra)
    return env


def run_cli(db: Path, *args: str, timeout: float = 60, **env: str) -> CliResult:
    """Run ``okrtui ARGS`` on ``db`` in a subprocess."""
    done = subprocess.run([str(OKRTUI), *args], env=cli_env(db, **env), capture_output=True, text=True, timeout=timeout)
    return CliResult(done.returncode, done.stdout, done.stderr)


def python_env() -> dict[str, str]:
    """Environment for ``python -c`` helpers: no OKRTUI_* settings leak in."""
    return {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}


def write_json(path: Path, data: dict) -> bytes:
    """Write ``data`` as a data file would look (not through okrtui) and return the bytes."""
    raw = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    path.write_bytes(raw)
    return raw


def v1_meta(**counters: int) -> dict:
    """A schema-1 meta document."""
    return {"schema_version": 1, "counters": {"O": 0, "KR": 0, "I": 0, "K": 0, **counters}}


def backups_of(path: Path) -> list[Path]:
    folder = path.with_name(path.name + ".backups")
    return sorted(folder.iterdir()) if folder.is_dir() else []


def leftover_temp_files(folder: Path) -> list[Path]:
    return sorted(entry for entry in folder.rglob("*") if entry.name.endswith(".tmp"))


# -- other users ------------------------------------------------------------------------------------------------------
# The tests run as root (here and in CI), and root ignores file permissions. So the permission and shared-host tests
# run okrtui under other numeric uids/gids (61001, 61002, ... with the shared group 61000), as test_faults_writes.py
# explains.

SHARED_GID = 61000


@dataclass(frozen=True)
class User:
    """A numeric identity with no /etc/passwd entry."""

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]


ALICE = User("alice", 61001, 61001, (SHARED_GID,))
BOB = User("bob", 61002, 61002, (SHARED_GID,))
OUTSIDER = User("olga", 61003, 61003, ())

LAUNCHER = textwrap.dedent(
    """
    import importlib, json, os, pkgutil, sys

    import okrtui

    def import_all(package):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if info.name.endswith(".__main__") or info.name == "okrtui.tui":
                continue
            module = importlib.import_module(info.name)
            if info.ispkg:
                import_all(module)

    import_all(okrtui)

    # Warm up what libraries import lazily on first use:
    # a demo file in a private scratch folder, read back. After the switch the stdlib under /root can't be read.
    import importlib.metadata, tempfile

    from okrtui.services.demo import load_demo
    from okrtui.services.views import Dataset
    from okrtui.services.workspace import Workspace

    with tempfile.TemporaryDirectory() as scratch:
        warm = Workspace.open(os.path.join(scratch, "warm.json"), actor="warm-up", today="2026-11-10")
        load_demo(warm)
        Dataset.load(warm)

    who = json.loads(sys.argv[1])
    os.setgroups(who["groups"])
    os.setgid(who["gid"])
    os.setuid(who["uid"])
    os.umask(who["umask"])
    assert (os.getuid(), os.geteuid(), os.getgid()) == (who["uid"], who["uid"], who["gid"])

    from okrtui.cli import main

    main(sys.argv[2:])
    """
)


def run_as(user: User, db: Path, *args: str, umask: int = 0o002, cwd: Path | None = None, **env: str) -> CliResult:
    """``okrtui --as NAME ARGS`` on ``db`` as ``user`` (its uid, primary gid and supplementary groups, ``umask``)."""
    who = json.dumps({"uid": user.uid, "gid": user.gid, "groups": list(user.groups), "umask": umask})
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, who, "--as", user.name, *args],
        env=cli_env(db, **env),
        cwd=cwd or db.parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "No module named" in done.stderr:
        pytest.fail(f"the launcher missed a lazy import (not an okrtui bug): {done.stderr}")
    return CliResult(done.returncode, done.stdout, done.stderr)


def run_limited(db: Path, *args: str, preexec: Callable[[], None]) -> CliResult:
    """The real ``okrtui`` console script on ``db`` with ``preexec`` run in the child before exec."""
    done = subprocess.run(
        [str(OKRTUI), *args], env=cli_env(db), preexec_fn=preexec, capture_output=True, text=True, timeout=60
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def one_line(result: CliResult) -> str:
    """The single line a failed command printed on stderr (and no traceback)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr_lines) == 1, result.stderr
    return result.stderr_lines[0]


def load(db: Path) -> dict:
    """The data file parsed by the standard json module (an oracle independent of okrtui)."""
    return json.loads(db.read_bytes())


def listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under ``folder``: relative name -> (inode, mtime_ns, size)."""
    found = {}
    for entry in sorted(folder.rglob("*")):
        status = entry.lstat()
        found[str(entry.relative_to(folder))] = (status.st_ino, status.st_mtime_ns, status.st_size)
    return found


def snapshot(db: Path) -> tuple[bytes, int, int, dict]:
    """What must not change: the file's bytes, mtime and inode, and its folder's entries."""
    status = db.stat()
    return db.read_bytes(), status.st_mtime_ns, status.st_ino, listing(db.parent)


def temps_beside(db: Path) -> list[Path]:
    """Temp files in the data file's own folder (where a leftover could be taken for data)."""
    return sorted(entry for entry in db.parent.iterdir() if entry.name.endswith(".tmp"))


SWITCH_PROBE = "import os; os.setgroups([61000]); os.setgid(61001); os.setuid(61001); print(os.getuid())"


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``mount_point`` (made here) for the block; skips where mounting isn't allowed."""
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
