"""The console script ends the process at once after a command (``okrtui.cli.script``): its output arrives whole, its
exit code is the command's, a reader that leaves early is no traceback; the UI still exits the usual way."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from ui_probe_support import run_ui_probe

TEARDOWN_PROBE = """
import atexit, os, sys
from okrtui.cli import script

atexit.register(os.write, 2, b"torn down\\n")  # runs only when the interpreter is torn down the usual way
sys.argv[0] = "okrtui"
script()
"""

TODAY = "2026-11-22"
IN_PROCESS = "import sys\nfrom okrtui.cli import main\nmain(sys.argv[1:])"


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, timeout=120, check=False, **kwargs)


def many_measurements(script, count: int) -> None:
    """A KPI with ``count`` daily measurements, recorded by the CLI (its status --json is megabytes)."""
    assert script("kpi", "add", "Requests served", "--key", "requests", "--target", "1000").code == 0
    first = date(1940, 1, 1)
    rows = "".join(f"requests,{first + timedelta(days=day)},{day % 997 + 0.25}\n" for day in range(count))
    imported = script("kpi", "import", "-", input="kpi,date,value\n" + rows)
    assert imported.code == 0, imported.err


def test_a_big_output_arrives_whole_and_the_same_as_in_process(script, db):
    many_measurements(script, 30_000)
    console = run([sys.executable, "-m", "okrtui", "--db", str(db), "--today", TODAY, "status", "--json"])
    in_process = run([sys.executable, "-c", IN_PROCESS, "--db", str(db), "--today", TODAY, "status", "--json"])
    assert (console.returncode, console.stderr) == (0, b"")
    assert len(console.stdout) > 1_000_000  # far more than a pipe holds: written while the reader reads
    assert console.stdout == in_process.stdout
    assert len(json.loads(console.stdout)["kpis"][0]["history"]) == 30_000


def test_text_output_arrives_whole(script, db):
    many_measurements(script, 30_000)
    console = run([sys.executable, "-m", "okrtui", "--db", str(db), "kpi", "export", "requests"])
    in_process = run([sys.executable, "-c", IN_PROCESS, "--db", str(db), "kpi", "export", "requests"])
    assert (console.returncode, console.stderr) == (0, b"")
    assert console.stdout == in_process.stdout
    lines = console.stdout.decode().splitlines()
    assert (len(lines), lines[1], lines[-1]) == (30_001, "requests,1940-01-01,0.25", "requests,2022-02-18,89.25")


def test_exit_codes_are_the_commands(script, db):
    assert script("init", "--demo").code == 0
    assert script("status", "--check").code == 3  # the demo has an off-track key result
    bad = script("kr", "show", "KR-999")
    assert (bad.code, bad.out) == (2, "")
    assert bad.err.startswith("okrtui: ") and bad.err.count("\n") == 1
    db.write_bytes(b'{"objectives": {"1": [1, 2]}}')
    damaged = script("status")
    assert damaged.code == 1
    assert damaged.err.startswith("okrtui: ") and damaged.err.count("\n") == 1


def test_a_reader_that_leaves_early_is_exit_1_without_a_traceback(script, db):
    many_measurements(script, 30_000)
    command = f"{sys.executable} -m okrtui --db {db} --today {TODAY} status --json | head -c 100 >/dev/null"
    done = subprocess.run(
        ["bash", "-c", command + "; echo ${PIPESTATUS[0]}"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.stdout, done.stderr) == ("1\n", "")


def test_after_a_command_the_process_ends_without_the_interpreters_teardown(script, db):
    assert script("init", "--demo").code == 0
    done = run([sys.executable, "-c", TEARDOWN_PROBE, "--db", str(db), "--today", TODAY, "status"])
    assert done.returncode == 0
    assert b"torn down" not in done.stderr
    assert b"Objectives" in done.stdout or b"O-1" in done.stdout
    failing = run([sys.executable, "-c", TEARDOWN_PROBE, "--db", str(db), "kr", "show", "KR-999"])
    assert (failing.returncode, b"torn down" in failing.stderr) == (2, False)


def test_without_a_command_the_interpreter_is_torn_down_as_usual(db):
    version = run([sys.executable, "-c", TEARDOWN_PROBE, "--version"])
    assert (version.returncode, version.stderr) == (0, b"torn down\n")
    unknown = run([sys.executable, "-c", TEARDOWN_PROBE, "--db", str(db), "no-such-command"])
    assert unknown.returncode == 2
    assert unknown.stderr.endswith(b"torn down\n")


UI_TEARDOWN_PROBE = """
import atexit, gc, os, sys
from textual.app import App
from okrtui.__main__ import main

def run(self, *args, **kwargs):  # the app itself is not started: what matters is how the process ends after it
    os.write(int(os.environ["PROBE_FD"]), b"ran, collecting" if gc.isenabled() else b"ran, not collecting")

App.run = run
atexit.register(os.write, int(os.environ["PROBE_FD"]), b", torn down")
sys.argv[0] = "okrtui"
main()
"""


def test_the_ui_ends_the_usual_way(tmp_path: Path):
    """Textual runs threads of its own: after the UI, the interpreter is torn down as usual; and the UI runs with the
    cycle collector, which the process's start (okrtui.__main__) turned off."""
    code, stderr, seen = run_ui_probe(UI_TEARDOWN_PROBE, tmp_path / "okrs.json")
    assert (code, stderr) == (0, b"")
    assert seen == b"ran, collecting, torn down"
