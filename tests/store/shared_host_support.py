"""Helpers of the shared-host tests (test_shared_host_*.py): a team file in a setgid folder, a victim file that a
planted symlink points at, today's backup stamp."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from store_support import ALICE, SHARED_GID

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
    """The file behind a planted symlink still holds ``text`` and mode 0600."""
    assert victim.read_bytes() == text, "the file behind the planted symlink was overwritten"
    assert victim.stat().st_mode & 0o777 == 0o600, f"the victim was re-permissioned: {oct(victim.stat().st_mode)}"


def backups_dir(db: Path) -> Path:
    """The folder of the data file's backups."""
    return db.with_name(db.name + ".backups")
