"""``okrtui`` with no subcommand opens the UI only on a terminal: without one (cron, ``ssh host`` without ``-t``) it
says so in one line and exits 2 at once, instead of a UI spinning on a pipe forever.

Real subprocesses of the installed console script, with a timeout: stdin and stdout are each in turn a pipe or
/dev/null while the other is a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

NO_TERMINAL = "okrtui: no terminal: the UI needs one (run a subcommand, or ssh -t)"


TODAY = "2026-11-22"
OKRTUI_ENV = ("OKRTUI_DB", "OKRTUI_USER", "OKRTUI_TODAY", "OKRTUI_READ_ONLY", "OKRTUI_DEBUG")


def console_script() -> str:
    """The installed ``okrtui`` beside the interpreter running the tests."""
    script = Path(sys.executable).parent / "okrtui"
    if not script.exists():
        pytest.skip(f"the okrtui console script is not installed beside {sys.executable}")
    return str(script)


def launch(db: Path, *, stdin, stdout) -> tuple[int, str]:
    """``okrtui --db DB`` with the given stdin and stdout; (exit code, stderr). Fails the test if it hangs."""
    env = {name: value for name, value in os.environ.items() if name not in OKRTUI_ENV}
    try:
        done = subprocess.run(
            [console_script(), "--db", str(db), "--today", TODAY],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("okrtui without a terminal was still running after 30 s")
    return done.returncode, done.stderr.decode()


@pytest.fixture
def terminal():
    """A pseudo-terminal's child side (a tty), closed afterwards."""
    parent, child = pty.openpty()
    yield child
    os.close(child)
    os.close(parent)


def test_no_terminal_at_all_is_refused_in_one_line(db):
    code, err = launch(db, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert (code, err.splitlines()) == (2, [NO_TERMINAL])
    assert not db.exists(), "nothing was created"


def test_a_pipe_for_stdin_is_refused(db, terminal):
    code, err = launch(db, stdin=subprocess.DEVNULL, stdout=terminal)
    assert (code, err.splitlines()) == (2, [NO_TERMINAL])


def test_a_pipe_for_stdout_is_refused(db, terminal):
    code, err = launch(db, stdin=terminal, stdout=subprocess.PIPE)
    assert (code, err.splitlines()) == (2, [NO_TERMINAL])


def test_the_refusal_does_not_import_textual(db):
    probe = (
        "import sys\n"
        "from okrtui.cli import main\n"
        "try:\n"
        f"    main(['--db', {str(db)!r}])\n"
        "except SystemExit as done:\n"
        "    print(done.code, 'textual' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.stdout.split() == ["2", "False"], (done.stdout, done.stderr)
    assert done.stderr.splitlines() == [NO_TERMINAL]
