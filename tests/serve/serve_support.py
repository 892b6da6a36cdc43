"""Helpers for the ``okrtui serve`` tests: the process tree, polling with a deadline, the served process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TODAY = "2026-11-22"
OKRTUI = str(Path(sys.executable).parent / "okrtui")
OKRTUI_ENV = ("OKRTUI_DB", "OKRTUI_USER", "OKRTUI_TODAY", "OKRTUI_READ_ONLY", "OKRTUI_DEBUG", "NO_COLOR")
START_SECONDS = 30.0
"""How long the server may take to print its URL on a loaded 2-core machine."""
URL_RE = re.compile(r"^\s*(http://127\.0\.0\.1:(\d+)/\?token=(\S+))\s*$", re.MULTILINE)
DEMO_TITLES = ("Shorten the sales lifecycle", "Close five enterprise deals myself", "Improve employee well-being")
"""Titles of objectives the demo data holds for 2026-Q4 (the quarter of TODAY)."""


def clean_env() -> dict[str, str]:
    """This environment without the variables that would change okrtui's behaviour."""
    return {name: value for name, value in os.environ.items() if name not in OKRTUI_ENV}


def process_table() -> dict[int, tuple[int, list[str]]]:
    """Every process: pid -> (parent pid, argv), read from /proc."""
    table: dict[int, tuple[int, list[str]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        table[int(entry)] = (parent, [arg.decode("utf-8", "surrogateescape") for arg in argv if arg])
    return table


def descendants(pid: int) -> list[list[str]]:
    """The argv of every process below ``pid`` (children, grandchildren ...)."""
    table = process_table()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, argv) in table.items():
            if ppid == parent:
                found.append(argv)
                frontier.append(child)
    return found


def wait_for(check, what: str, seconds: float = START_SECONDS):
    """Poll ``check()`` until it returns something truthy, failing with ``what`` at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.05)


@dataclass
class Served:
    """One ``okrtui serve`` process and what it printed."""

    proc: subprocess.Popen
    out_path: Path
    err_path: Path
    url: str = ""
    port: int = 0
    token: str = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.out_path.read_text(errors="replace")

    def errors(self) -> str:
        return self.err_path.read_text(errors="replace")

    def wait_url(self) -> None:
        """Wait for the URL line (the port is bound by then)."""

        def printed():
            if self.proc.poll() is not None:
                pytest.fail(f"okrtui serve exited {self.proc.returncode}: {self.errors()}")
            return URL_RE.search(self.output())

        found = wait_for(printed, "okrtui serve to print its URL")
        self.url, self.port, self.token = found.group(1), int(found.group(2)), found.group(3)

    def app_processes(self) -> list[list[str]]:
        """The argv of each app process textual-serve started (``python -m okrtui ...``), shells left out."""
        return [argv for argv in descendants(self.proc.pid) if argv[1:3] == ["-m", "okrtui"]]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
