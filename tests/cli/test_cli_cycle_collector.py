"""A command runs without Python's cycle collector (a big file made it run 70 times for nothing) and leaves it as it
found it, so a caller of ``main`` in the same process (a test, a script) keeps collecting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ui_probe_support import run_ui_probe

PROBE = """
import gc, json, sys
import okrtui.services.views as views
from okrtui.cli import main

seen = []
load = views.Dataset.load.__func__

def spying(cls, ws):
    seen.append(gc.isenabled())
    return load(cls, ws)

views.Dataset.load = classmethod(spying)
gc.enable() if sys.argv[1] == "on" else gc.disable()
try:
    main(sys.argv[2:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "during": seen, "after": gc.isenabled()}))
"""


def probe(state: str, db: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, state, "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_read_runs_without_the_collector_and_turns_it_back_on(tmp_path):
    db = tmp_path / "okrs.json"
    assert (
        subprocess.run([sys.executable, "-m", "okrtui", "--db", str(db), "init", "--demo"], check=False).returncode == 0
    )
    assert probe("on", db, "status", "--json") == {"code": 0, "during": [False], "after": True}


def test_a_caller_that_had_it_off_finds_it_off(tmp_path):
    db = tmp_path / "okrs.json"
    assert (
        subprocess.run([sys.executable, "-m", "okrtui", "--db", str(db), "init", "--demo"], check=False).returncode == 0
    )
    assert probe("off", db, "status") == {"code": 0, "during": [False], "after": False}


def test_a_failing_command_turns_it_back_on_too(tmp_path):
    db = tmp_path / "okrs.json"
    assert probe("on", db, "kr", "show", "KR-99") == {"code": 2, "during": [False], "after": True}


UI_PROBE = """
import gc, os, sys
from textual.app import App
from okrtui.cli import main

def run(self, *args, **kwargs):  # the app itself is not started: what matters is the collector when it would be
    os.write(int(os.environ["PROBE_FD"]), b"on" if gc.isenabled() else b"off")

App.run = run
try:
    main(sys.argv[1:])
except SystemExit:
    pass
"""


def test_the_ui_runs_with_the_collector(tmp_path):
    """A session runs for hours: the UI turns the collector back on before the app starts."""
    code, stderr, seen = run_ui_probe(UI_PROBE, tmp_path / "okrs.json")
    assert (code, stderr) == (0, b"")
    assert seen == b"on"
