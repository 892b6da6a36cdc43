"""The cron path (``kpi record``, ``kr checkin``, ``kpi import``) loads neither the record models nor Textual (nor
pydantic, which no command loads any more: reads start without it).

Each command runs in a fresh interpreter on a real data file; an ``atexit`` hook writes the names of every module loaded
by the time the process exits. The function-level imports in the CLI exist only for this, and this is what pins them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "textual")
"""Packages the cron path must never load (nor any of their submodules)."""
MODELS = "okrtui.domain.models"
"""The record models: the cron path works on the stored documents and never builds whole records."""

PROGRAM = """
import atexit, json, sys
def dump():
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
atexit.register(dump)
import okrtui.cli
okrtui.cli.main(sys.argv[2:])
"""


def loaded_modules(tmp_path: Path, db: Path, *args: str) -> list[str]:
    """Run ``okrtui --db DB --today TODAY ARGS`` in a new interpreter; the modules loaded when it exits."""
    listing = tmp_path / "modules.json"
    argv = [sys.executable, "-c", PROGRAM, str(listing), "--db", str(db), "--today", "2026-11-22", *args]
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(listing.read_text())


def heavy(modules: list[str]) -> list[str]:
    """The loaded modules that belong to pydantic or Textual, or are the record models."""
    return [name for name in modules if name.split(".")[0] in HEAVY or name == MODELS]


@pytest.fixture
def cron_file(run, db: Path) -> Path:
    """A data file with KPI ``mrr`` and key result KR-1 (written through the CLI in this process)."""
    run.ok("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    objective = run.add("objective", "add", "Grow")
    run.add("kr", "add", objective, "Customers", "--start", "0", "--target", "10")
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("kpi", "record", "mrr", "182000"),
        ("kr", "checkin", "KR-1", "4", "--confidence", "on-track"),
        ("kpi", "import", "{csv}"),
    ],
    ids=["kpi record", "kr checkin", "kpi import"],
)
def test_a_cron_command_loads_neither_the_models_nor_textual(tmp_path: Path, cron_file: Path, args: tuple[str, ...]):
    csv_file = tmp_path / "values.csv"
    csv_file.write_text("kpi,date,value\nmrr,2026-11-20,181000\nmrr,2026-11-21,181500\n")
    before = cron_file.read_bytes()
    modules = loaded_modules(tmp_path, cron_file, *(arg.replace("{csv}", str(csv_file)) for arg in args))
    assert cron_file.read_bytes() != before, "the command wrote the file"
    assert "okrtui.store.storage" in modules, "the hook saw the modules the command loaded"
    assert heavy(modules) == []


def test_the_check_sees_the_models_when_a_command_loads_them(tmp_path: Path, cron_file: Path):
    """The same harness on ``status``, which builds every record: the check is not blind. No read loads pydantic."""
    modules = loaded_modules(tmp_path, cron_file, "status", "--json")
    assert heavy(modules) == [MODELS]
