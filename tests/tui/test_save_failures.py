"""A save that fails for any reason says so, keeps the form and what was typed, and Save works again once the cause
is gone: a filesystem that went read-only (a real tmpfs remounted), which stops root too (the Pilot app runs in-process
as whoever runs the tests, often root, whom permission bits don't stop).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.forms import KpiForm
from okrtui.tui.screens.main import MainScreen

TODAY = "2026-11-22"


async def open_kpi_form_and_rename(pilot, ui, name: str) -> None:
    """Edit K-1 and type a new name (the one change)."""
    await ui.settle(pilot)
    await ui.goto(pilot, "kpis", "K-1")
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, KpiForm)
    await ui.fill(pilot, "name", name)


async def assert_failed_and_usable(pilot, ui, name: str) -> None:
    """The save failed visibly: the form is open with the typed name, says why, and Save can be pressed again."""
    app = pilot.app
    assert isinstance(app.screen, KpiForm), "the form stays open"
    assert ui.field(pilot, "name") == name, "what was typed is kept"
    assert "Not saved" in (ui.error(pilot, "form") or ""), "the form says it did not save"
    assert [n for n in ui.notifications(app) if n.severity == "error"], "an error notification"
    assert not app.screen.query_one("#save").disabled, "Save can be pressed again"
    assert not app.screen.saving


async def save(pilot, ui) -> None:
    await pilot.press("ctrl+s")
    await ui.settle(pilot)


@pytest.fixture
def read_only_later(tmp_path: Path):
    """A tmpfs with the demo data file; yields (data file, switch) where ``switch("ro"|"rw")`` remounts it."""
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {mounted.stderr.strip()}")

    def switch(mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True, capture_output=True)

    try:
        path = mount_point / "okrtui.json"
        load_demo(Workspace.open(path, actor="tester", today=TODAY))
        yield path, switch
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


async def test_a_filesystem_gone_read_only_fails_with_a_message_and_saves_after_the_fix(read_only_later, app_for, ui):
    path, switch = read_only_later
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_kpi_form_and_rename(pilot, ui, "Renamed")
        before = path.read_bytes()
        switch("ro")
        await save(pilot, ui)
        await assert_failed_and_usable(pilot, ui, "Renamed")
        assert path.read_bytes() == before

        switch("rw")
        await save(pilot, ui)
        assert isinstance(app.screen, MainScreen), "saved and closed once the filesystem is writable again"
        assert ui.record(path, "K-1")["name"] == "Renamed"


OWNER = 61001
"""The uid (no passwd entry needed) that owns the 0444 data file and runs the app while it saves."""


@pytest.fixture
def acting_as_owner():
    """``switch(uid)``: the whole test process (every thread) takes real and effective uid ``uid``; root keeps the
    saved uid, so ``switch(0)`` and the teardown come back. Skips where this process can't switch."""
    if os.geteuid() != 0 or not hasattr(os, "setresuid"):
        pytest.skip("needs root to act as another uid")

    def switch(uid: int) -> None:
        os.setresgid(uid, uid, 0)
        os.setresuid(uid, uid, 0)

    try:
        yield switch
    finally:
        os.setresuid(0, 0, 0)
        os.setresgid(0, 0, 0)


@pytest.fixture
def owned_read_only_file(demo_file):
    """The demo file, mode 0444, owned by OWNER in a folder OWNER may write, under a path every uid can traverse."""
    folder = Path(tempfile.mkdtemp(prefix="okrtui-0444-"))
    try:
        folder.chmod(0o755)
        path = folder / "okrtui.json"
        shutil.copyfile(demo_file, path)
        os.chown(folder, OWNER, OWNER)
        os.chown(path, OWNER, OWNER)
        path.chmod(0o444)
        for parent in folder.parents:
            if not parent.stat().st_mode & 0o001:
                pytest.skip(f"{parent} can't be traversed by other users")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def test_a_0444_data_file_fails_with_a_message_and_saves_after_chmod(
    owned_read_only_file, acting_as_owner, app_for, ui
):
    path = owned_read_only_file
    before = path.read_bytes()
    app = app_for(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_kpi_form_and_rename(pilot, ui, "Renamed")
        app.notify("warm-up")  # the toast widgets are imported while root can still read the stdlib
        await ui.settle(pilot)
        acting_as_owner(OWNER)
        try:
            await save(pilot, ui)
            await assert_failed_and_usable(pilot, ui, "Renamed")
            assert "permission denied" in (ui.error(pilot, "form") or "")
            assert path.read_bytes() == before

            path.chmod(0o644)  # the owner fixes it
            await save(pilot, ui)
        finally:
            acting_as_owner(0)
        assert isinstance(app.screen, MainScreen), "saved and closed once the file is writable"
    assert ui.record(path, "K-1")["name"] == "Renamed"
