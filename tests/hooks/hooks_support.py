"""Helpers of the hook tests: a hooks folder of real executable scripts (each writes its stdin to a file) and the
environment of the real ``okrtui`` console script with ``OKRTUI_HOOKS`` pointing at the folder."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def env_for(db: Path, hooks_folder: Path | None, **extra: str) -> dict[str, str]:
    """A clean environment for the CLI on ``db`` with its hooks in ``hooks_folder``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}
    env.update(OKRTUI_DB=str(db), OKRTUI_TODAY=TODAY, OKRTUI_USER="tester", NO_COLOR="1")
    if hooks_folder is not None:
        env["OKRTUI_HOOKS"] = str(hooks_folder)
    env.update(extra)
    return env
