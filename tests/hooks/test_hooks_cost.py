"""What hooks cost the cron path: with no hooks folder, one stat of it after the write and nothing else (not the
runner, not the record models); with hooks, still never Textual."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hooks_support import OKRTUI, env_for

PROGRAM = """
import atexit, json, sys
def dump():
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
atexit.register(dump)
import okrtui.cli
okrtui.cli.main(sys.argv[2:])
"""


@pytest.fixture
def cron_file(okrtui) -> None:
    for args in (("kpi", "add", "Revenue", "--key", "mrr", "--target", "200"), ("objective", "add", "Grow")):
        assert okrtui(*args).code == 0


def modules_after(tmp_path: Path, db: Path, folder: Path, *args: str) -> list[str]:
    listing = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(listing), *args],
        env=env_for(db, folder),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return json.loads(listing.read_text())


def test_without_a_hooks_folder_a_write_loads_no_hook_runner_nor_models(cron_file, db, tmp_path):
    modules = modules_after(tmp_path, db, tmp_path / "no-hooks", "kpi", "record", "mrr", "182000")
    assert "okrtui.services.hooks" in modules  # it did look
    loaded = [name for name in modules if name.startswith(("okrtui.services.hook_", "pydantic", "textual"))]
    assert loaded + [name for name in modules if name == "okrtui.domain.models"] == []


def test_a_cron_write_with_hooks_still_loads_no_textual(cron_file, db, hooks, tmp_path):
    hooks.dump("on-change", "on-alert")
    modules = modules_after(tmp_path, db, hooks.folder, "kpi", "record", "mrr", "182000")
    assert hooks.ran() == ["on-change"]
    assert [name for name in modules if name.split(".")[0] == "textual"] == []


def test_without_a_hooks_folder_a_write_costs_one_stat(cron_file, db, tmp_path):
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (.ci/run installs it)")
    folder = tmp_path / "no-hooks"
    trace = tmp_path / "trace.txt"
    done = subprocess.run(
        [strace, "-f", "-qq", "-o", str(trace), str(OKRTUI), "kpi", "record", "mrr", "182000"],
        env=env_for(db, folder),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    calls = [line for line in trace.read_text().splitlines() if str(folder) in line]
    assert len(calls) == 1, calls
    assert "stat" in calls[0] and "ENOENT" in calls[0]
