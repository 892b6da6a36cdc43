"""Helpers for the storage tests: real data files in tmp_path, the real ``okrtui`` console script in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-10"
OKRTUI = Path(sys.executable).with_name("okrtui")
"""The console script installed beside the interpreter running the tests."""


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env(db: Path, **extra: str) -> dict[str, str]:
    """A clean environment for the CLI on ``db`` with a fixed today and actor."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}
    env.update(OKRTUI_DB=str(db), OKRTUI_TODAY=TODAY, OKRTUI_USER="tester", NO_COLOR="1")
    env.update(extra)
    return env


def run_cli(db: Path, *args: str, timeout: float = 60, **env: str) -> CliResult:
    """Run ``okrtui ARGS`` on ``db`` in a subprocess."""
    done = subprocess.run(
        [str(OKRTUI), *args], env=cli_env(db, **env), capture_output=True, text=True, timeout=timeout
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def python_env() -> dict[str, str]:
    """Environment for ``python -c`` helpers: no OKRTUI_* settings leak in."""
    return {key: value for key, value in os.environ.items() if not key.startswith("OKRTUI_")}


def write_json(path: Path, data: dict) -> bytes:
    """Write ``data`` as a data file would look (not through okrtui) and return the bytes."""
    raw = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    path.write_bytes(raw)
    return raw


def v1_meta(**counters: int) -> dict:
    """A schema-1 meta document."""
    return {"schema_version": 1, "counters": {"O": 0, "KR": 0, "I": 0, "K": 0, **counters}}


def backups_of(path: Path) -> list[Path]:
    folder = path.with_name(path.name + ".backups")
    return sorted(folder.iterdir()) if folder.is_dir() else []


def leftover_temp_files(folder: Path) -> list[Path]:
    return sorted(entry for entry in folder.rglob("*") if entry.name.endswith(".tmp"))
