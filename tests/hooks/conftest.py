"""Fixtures for the hook tests: a hooks folder of real executable scripts (each writes its stdin to a file) and the real
``okrtui`` console script in subprocesses, with ``OKRTUI_HOOKS`` pointing at the folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # store_support: run_as and the test users

TODAY = "2026-11-22"
OKRTUI = Path(sys.executable).with_name("okrtui")
DUMP = '#!/bin/sh\ncat > "{out}/$(basename "$0").json"\n'
"""A hook that writes its stdin to ``OUT/<its name>.json``."""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


class Hooks:
    """A hooks folder (``folder``) and where its dump hooks write (``out``)."""

    def __init__(self, base: Path) -> None:
        self.folder = base / "hooks"
        self.out = base / "out"
        self.folder.mkdir(mode=0o755)
        self.out.mkdir()

    def dump(self, *names: str) -> None:
        """Add hooks that write their stdin to ``out/<name>.json``."""
        for name in names:
            self.add(name, DUMP.format(out=self.out))

    def add(self, name: str, text: str, mode: int = 0o755) -> Path:
        """Add the hook ``name`` with ``text`` and ``mode``."""
        path = self.folder / name
        path.write_text(text)
        path.chmod(mode)
        return path

    def read(self, name: str) -> Any:
        """What the hook ``name`` read on stdin."""
        return json.loads((self.out / f"{name}.json").read_text())

    def ran(self) -> list[str]:
        """The hooks that ran (wrote their stdin), by name."""
        return sorted(path.name.removesuffix(".json") for path in self.out.iterdir())

    def clear(self) -> None:
        for path in self.out.iterdir():
            path.unlink()


@pytest.fixture
def hooks(tmp_path: Path) -> Hooks:
    return Hooks(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "okrtui.json"


def env_for(db: Path, hooks_folder: Path | None, **extra: str) -> dict[str, str]:
    """A clean environment for the CLI on ``db`` with its hooks in ``hooks_folder``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}
    env.update(OKRTUI_DB=str(db), OKRTUI_TODAY=TODAY, OKRTUI_USER="tester", NO_COLOR="1")
    if hooks_folder is not None:
        env["OKRTUI_HOOKS"] = str(hooks_folder)
    env.update(extra)
    return env


@pytest.fixture
def okrtui(db: Path, hooks: Hooks):
    """``okrtui(*args, **env) -> Run``: the installed console script on ``db`` with the test's hooks folder."""

    def run(*args: str, timeout: float = 60, **env: str) -> Run:
        done = subprocess.run(
            [str(OKRTUI), *args], env=env_for(db, hooks.folder, **env), capture_output=True, text=True, timeout=timeout
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run
