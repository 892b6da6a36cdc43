"""Running the UI's start in a real process on a pseudo-terminal, with a probe in place of the app."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def run_ui_probe(probe: str, db: Path) -> tuple[int, bytes, bytes]:
    """Run ``python -c probe --db db`` on a pseudo-terminal (the UI needs one); the probe writes what it saw to the
    file descriptor in ``PROBE_FD``. (exit code, stderr, what the probe wrote)."""
    parent, child = pty.openpty()
    read_end, write_end = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-c", probe, "--db", str(db)],
            stdin=child,
            stdout=child,
            stderr=subprocess.PIPE,
            pass_fds=(write_end,),
            env={**os.environ, "PROBE_FD": str(write_end)},
            timeout=60,
            check=False,
        )
        os.close(write_end)
        write_end = -1
        return done.returncode, done.stderr, os.read(read_end, 100)
    finally:
        for fd in (parent, child, read_end, write_end):
            if fd >= 0:
                os.close(fd)
