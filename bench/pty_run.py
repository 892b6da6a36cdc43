"""Run the installed ``okrtui`` UI in a 100×30 pseudo-terminal and time it until the screen shows given text."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import termios
import time
from pathlib import Path

import dataset
from bench_cli import okrtui_command


def time_until_shown(
    data_file: Path, marks: tuple[bytes, ...], timeout: float, settle: float, size: tuple[int, int] = (100, 30)
) -> tuple[float | None, int]:
    """Seconds from spawning the UI on ``data_file`` in a terminal of ``size`` (columns, rows) until every one of
    ``marks`` has been written to it (None if not within ``timeout``), and the peak RSS once it has run ``settle``
    seconds more and quit with q."""
    columns, rows = size
    script = okrtui_command()[0]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(
            OKRTUI_DB=str(data_file),
            OKRTUI_TODAY=dataset.TODAY.isoformat(),
            TERM="xterm-256color",
            COLUMNS=str(columns),
            LINES=str(rows),
        )
        os.execv(script, [script])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    started, seen, shown = time.perf_counter(), b"", None
    while time.perf_counter() < started + timeout and shown is None:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if all(mark in seen for mark in marks):
                shown = time.perf_counter() - started
    time.sleep(settle)
    os.write(fd, b"q")
    deadline = time.perf_counter() + 10
    while True:
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, 9)
            _, _status, usage = os.wait4(pid, 0)
            break
        try:
            if select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 65536)
        except OSError:
            pass
    os.close(fd)
    return shown, usage.ru_maxrss * 1024
