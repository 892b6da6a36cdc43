"""The data file read ahead while a command's code loads (``okrtui.store.prefetch``, started by ``okrtui.__main__``):
used by the storage's first read only when the file it opened is the one read ahead, unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from store_support import cli_env, run_cli

import okrtui.cli
from okrtui.__main__ import VALUE_OPTIONS, data_file_named
from okrtui.store import prefetch
from okrtui.store.storage import SafeStorage

PROBE = """
import os, sys
import okrtui.store.prefetch as prefetch
from okrtui.__main__ import main

take = prefetch.take

def spying(opened):
    found = take(opened)
    os.write(2, b"read ahead: used\\n" if found is not None else b"read ahead: not used\\n")
    return found

prefetch.take = spying
sys.argv[0] = "okrtui"
main()
"""


def probe(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=cli_env(db), capture_output=True, text=True, timeout=60, check=False
    )


def test_a_command_reads_the_file_read_ahead(db):
    assert run_cli(db, "init", "--demo").code == 0
    shown = probe(db, "--db", str(db), "objective", "list")
    assert (shown.returncode, shown.stderr) == (0, "read ahead: used\n")
    assert shown.stdout == run_cli(db, "objective", "list").stdout
    assert "O-1" in shown.stdout


def test_by_the_environment_too(db):
    assert run_cli(db, "init", "--demo").code == 0
    shown = probe(db, "status", "--json")
    assert (shown.returncode, shown.stderr) == (0, "read ahead: used\n")
    assert json.loads(shown.stdout)["objectives"]


def test_a_write_commits_on_the_file_read_ahead(db):
    assert run_cli(db, "init", "--demo").code == 0
    added = probe(db, "objective", "add", "Read ahead, then written")
    assert (added.returncode, added.stderr) == (0, "read ahead: used\n")
    assert "Read ahead, then written" in run_cli(db, "objective", "list").stdout


def one_objective(path: Path, title: str) -> None:
    """The data file with one objective, written anew (a new inode, as every okrtui write)."""
    assert run_cli(path, "init").code == 0
    assert run_cli(path, "objective", "add", title, "--period", "2026-Q4").code == 0


def titles(path: Path) -> list[str]:
    storage = SafeStorage(path)
    return [record["title"] for record in storage.read()["objectives"].values()]


@pytest.fixture(autouse=True)
def nothing_left_ahead():
    """No test leaves bytes read ahead for the next one's storage."""
    yield
    prefetch.take(os.stat(__file__))


def test_a_file_replaced_after_the_read_ahead_is_read_anew(db, tmp_path):
    one_objective(db, "Before")
    prefetch.start(str(db)).join()
    other = tmp_path / "other.json"
    one_objective(other, "After")
    os.replace(other, db)  # as another okrtui writer does
    assert titles(db) == ["After"]


def test_a_file_changed_in_place_after_the_read_ahead_is_read_anew(db):
    one_objective(db, "Before")
    prefetch.start(str(db)).join()
    changed = db.read_bytes().replace(b'"Before"', b'"Changed in place"')
    with open(db, "r+b") as same_inode:  # as an editor that writes in place does
        same_inode.write(changed)
    assert titles(db) == ["Changed in place"]


def test_the_bytes_read_ahead_are_used_once(db):
    one_objective(db, "First")
    prefetch.start(str(db)).join()
    storage = SafeStorage(db)
    assert [record["title"] for record in storage.read()["objectives"].values()] == ["First"]
    with open(db, "r+b") as same_inode:
        same_inode.write(db.read_bytes().replace(b'"First"', b'"Later"'))
    assert [record["title"] for record in storage.read()["objectives"].values()] == ["Later"]


def test_only_a_regular_file_is_read_ahead(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = prefetch.start(str(fifo))
    reader.join(timeout=10)
    assert not reader.is_alive(), "a FIFO must not block the read ahead"
    assert prefetch.take(os.stat(fifo)) is None
    device = prefetch.start("/dev/zero")
    device.join(timeout=10)
    assert not device.is_alive(), "a device is never read"
    assert prefetch.take(os.stat("/dev/zero")) is None


# -- which file a command line names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--db", "/x/okrs.json", "status"], {}, "/x/okrs.json"),
        (["--db=/x/okrs.json", "kpi", "list"], {}, "/x/okrs.json"),
        (["--as", "bob", "--today", "2026-11-01", "--db", "/x/a.json", "status"], {}, "/x/a.json"),
        (["--colors", "16", "--read-only", "status"], {"OKRTUI_DB": "/team/okrs.json"}, "/team/okrs.json"),
        (["--db", "/x/a.json", "status"], {"OKRTUI_DB": "/team/okrs.json"}, "/x/a.json"),
        (["--db", "~/okrs.json", "status"], {}, os.path.expanduser("~/okrs.json")),
        (["status"], {}, None),  # the default file: found by the command line
        (["--db", "/x/a.json"], {}, None),  # the UI
        ([], {"OKRTUI_DB": "/team/okrs.json"}, None),
        (["--db", "/x/a.json", "serve"], {}, None),
        (["--version"], {"OKRTUI_DB": "/team/okrs.json"}, None),
        (["--", "status"], {"OKRTUI_DB": "/team/okrs.json"}, None),
    ],
)
def test_the_data_file_a_command_line_names(argv, environ, expected):
    assert data_file_named(argv, environ) == expected


def test_every_option_before_the_command_that_takes_a_value_is_known():
    """The scan skips an option's value, so it never takes a value (``--as status``) for the command."""
    taking_values = {
        flag
        for param in okrtui.cli.cli.params
        if isinstance(param, click.Option) and not param.is_flag
        for flag in param.opts
    }
    assert taking_values == VALUE_OPTIONS
