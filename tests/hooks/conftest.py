"""Fixtures for the hook tests (helpers in hooks_support.py): a hooks folder of real executable scripts and the real
``okrtui`` console script in subprocesses, with ``OKRTUI_HOOKS`` pointing at the folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # store_support: run_as and the test users

from hooks_support import OKRTUI, Hooks, Run, env_for


@pytest.fixture
def hooks(tmp_path: Path) -> Hooks:
    return Hooks(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "okrtui.json"


@pytest.fixture
def okrtui(db: Path, hooks: Hooks):
    """``okrtui(*args, **env) -> Run``: the installed console script on ``db`` with the test's hooks folder."""

    def run(*args: str, timeout: float = 60, **env: str) -> Run:
        done = subprocess.run(
            [str(OKRTUI), *args], env=env_for(db, hooks.folder, **env), capture_output=True, text=True, timeout=timeout
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run
