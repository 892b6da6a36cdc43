"""Fixtures for the command-line tests (CLI.md is the contract they pin).

``run`` calls ``okrtui.cli.main`` in-process inside click's ``CliRunner.isolation`` (fresh stdin, stdout, stderr and
environment), so the exit code and the one-line error on stderr are exactly what ``main`` gives a shell.
``script`` runs the installed console script in a real subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import okrtui.cli

TODAY = "2026-11-22"
"""The day every test takes as today: 2026-Q4, 52 of its 91 days elapsed (expected pace 52/91 = 0.5714)."""

OKRTUI_ENV = ("OKRTUI_DB", "OKRTUI_USER", "OKRTUI_TODAY", "OKRTUI_READ_ONLY", "OKRTUI_DEBUG", "NO_COLOR")
"""Variables that would change the CLI's behaviour: unset unless a test sets them."""

_DEFAULT: Any = object()


@dataclass
class Result:
    """What a shell sees of one run."""

    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        """stdout parsed as one JSON document."""
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def assert_bad_input(self) -> None:
        """Exit 2, nothing on stdout, exactly one line on stderr that starts with ``okrtui:``."""
        self.assert_failed(2)

    def assert_failed(self, code: int) -> None:
        """Exit ``code``, nothing on stdout, exactly one non-empty line on stderr that starts with ``okrtui:``."""
        assert self.code == code, (self.code, self.out, self.err)
        assert self.out == ""
        lines = self.err_lines
        assert len(lines) == 1, lines
        assert lines[0].startswith("okrtui: "), lines[0]
        assert lines[0][len("okrtui: ") :].strip(), lines[0]


class Cli:
    """Runs ``okrtui [--db DB] [--today TODAY] ARGS...`` in-process."""

    def __init__(self, db: Path, today: str = TODAY) -> None:
        self.db = db
        self.today = today

    def __call__(
        self,
        *args: str,
        env: dict[str, str | None] | None = None,
        input: str | bytes | None = None,
        color: bool = False,
        db: Path | None = _DEFAULT,
        today: str | None = _DEFAULT,
    ) -> Result:
        """``db=None`` / ``today=None`` leave the option out (for tests of the env variables)."""
        db = self.db if db is _DEFAULT else db
        today = self.today if today is _DEFAULT else today
        argv: list[str] = []
        if db is not None:
            argv += ["--db", str(db)]
        if today is not None:
            argv += ["--today", today]
        argv += [str(arg) for arg in args]
        full_env: dict[str, str | None] = {name: None for name in OKRTUI_ENV}
        full_env.update(env or {})
        runner = CliRunner()
        with runner.isolation(input=input, env=full_env, color=color) as (out, err, _mixed):
            code: Any = None
            try:
                okrtui.cli.main(argv)
            except SystemExit as done:
                code = done.code
            else:
                pytest.fail(f"okrtui.cli.main({argv!r}) returned instead of exiting")
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out_text = out.getvalue().decode("utf-8")
            err_text = err.getvalue().decode("utf-8", errors="backslashreplace")
        if code is None:
            code = 0
        elif not isinstance(code, int):
            code = 1
        return Result(code, out_text, err_text)

    def ok(self, *args: str, **kwargs: Any) -> Result:
        """Run and insist on exit 0 (the setup steps of a test)."""
        result = self(*args, **kwargs)
        assert result.code == 0, f"okrtui {' '.join(args)} -> {result.code}: {result.err}"
        return result

    def add(self, *args: str, **kwargs: Any) -> str:
        """Run an ``add`` command and return the id it printed."""
        return self.ok(*args, **kwargs).out.strip()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The data file of a test (not created yet)."""
    return tmp_path / "okrtui.json"


@pytest.fixture
def run(db: Path) -> Cli:
    """``run(*args, env=None, input=None) -> Result(code, out, err)`` with ``--db <tmp file> --today 2026-11-22``."""
    return Cli(db)


# -- the installed console script -------------------------------------------------------------------------------------


def _console_script() -> str:
    """The ``okrtui`` script of the interpreter running the tests, else the first one on PATH."""
    beside = Path(sys.executable).parent / "okrtui"
    if beside.exists():
        return str(beside)
    found = shutil.which("okrtui")
    if found is None:
        pytest.skip("the okrtui console script is not installed")
    return found


@pytest.fixture
def script(db: Path):
    """``script(*args, input=None, env=None) -> Result`` runs the real console script in a subprocess, piped."""
    executable = _console_script()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None, globals_: bool = True):
        base_env = {name: value for name, value in os.environ.items() if name not in OKRTUI_ENV}
        base_env.update(env or {})
        argv = [executable]
        if globals_:
            argv += ["--db", str(db), "--today", TODAY]
        argv += list(args)
        completed = subprocess.run(
            argv, input=input, capture_output=True, text=True, env=base_env, timeout=120, check=False
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return invoke


def find_kr(status: dict, kr_id: str) -> dict:
    """One key result out of a ``status --json`` document."""
    for objective in status["objectives"]:
        for kr in objective["key_results"]:
            if kr["id"] == kr_id:
                return kr
    raise AssertionError(f"{kr_id} not in status")


@pytest.fixture
def status_kr():
    """``status_kr(status_document, "KR-1")``: one key result of a ``status --json`` document."""
    return find_kr
