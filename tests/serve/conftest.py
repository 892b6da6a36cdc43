"""Fixtures for ``okrtui serve``: the real console script in a subprocess, on a free loopback port, with demo data.

The data file sits under a folder and a name full of shell syntax (spaces, quotes, ``$(...)``): textual-serve runs
the app's command through a shell, so every test here also checks that the path reaches the app as one argument.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_support import OKRTUI, TODAY, Served, clean_env


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A data file with demo data, at a path a shell would split and expand if it ever saw it unquoted."""
    folder = tmp_path / "team okrs $(touch PWNED-dir)"
    folder.mkdir()
    db = folder / "o'k `touch PWNED-tick` $(touch PWNED).json"
    done = subprocess.run(
        [OKRTUI, "--db", str(db), "--today", TODAY, "init", "--demo"],
        capture_output=True, text=True, env=clean_env(), timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    """``serve(db, *serve_args, global_args=()) -> Served``: ``okrtui --db DB --today TODAY serve --port 0 ...``."""
    started: list[Served] = []

    def start(db: Path, *args: str, global_args: tuple[str, ...] = ()) -> Served:
        n = len(started)
        out_path, err_path = tmp_path / f"serve{n}.out", tmp_path / f"serve{n}.err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen(
                [OKRTUI, "--db", str(db), "--today", TODAY, *global_args, "serve", "--port", "0", *args],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=clean_env(), cwd=tmp_path,
            )  # fmt: skip
        served = Served(proc, out_path, err_path)
        started.append(served)
        served.wait_url()
        return served

    yield start
    for served in started:
        served.stop()
