"""Read-only mode (--read-only or OKRTUI_READ_ONLY): every write refused, the file never touched, reads
still work.

Every write that fails must leave the previous file byte-identical and say why in one line on stderr (exit 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import CliResult, load, one_line, run_cli, snapshot

WRITE_COMMANDS = [
    ["objective", "add", "Viewers cannot", "--period", "2026-Q4"],
    ["kr", "checkin", "KR-1", "55"],
    ["kpi", "record", "mrr", "99"],
    ["kpi", "import", "{csv}"],
    ["initiative", "add", "KR-1", "Viewers cannot"],
    ["period", "close", "2026-Q4", "--yes"],
    ["init", "--demo"],
    ["init"],
]
READ_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["report"],
    ["due"],
    ["objective", "list", "--json"],
    ["kr", "show", "KR-1", "--json"],
    ["initiative", "list", "--json"],
]
READ_ONLY_WAYS = {"flag": {"args": ["--read-only"]}, "env": {"env": {"OKRTUI_READ_ONLY": "1"}}}


def run_read_only(db: Path, way: str, command: list[str]) -> CliResult:
    how = READ_ONLY_WAYS[way]
    return run_cli(db, *how.get("args", []), *command, **how.get("env", {}))


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
@pytest.mark.parametrize("command", WRITE_COMMANDS, ids=" ".join)
def test_read_only_refuses_every_write_and_never_touches_the_file(db, demo, tmp_path, way, command):
    demo(db)
    rows = tmp_path / "rows.csv"
    rows.write_text("kpi,date,value\nmrr,2026-11-09,123\n")
    command = [part.replace("{csv}", str(rows)) for part in command]
    snap = snapshot(db)
    folder_mtime = db.parent.stat().st_mtime_ns

    result = run_read_only(db, way, command)

    assert result.code == 1, result
    message = one_line(result)
    assert "read-only" in message, message
    assert result.stdout == ""
    assert snapshot(db) == snap
    assert db.parent.stat().st_mtime_ns == folder_mtime


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_read_only_creates_nothing_where_there_is_no_file(db, way):
    for command, code in ((["init"], 1), (["objective", "add", "X"], 1), (["status"], 0)):
        result = run_read_only(db, way, command)
        assert result.code == code, (command, result)
        assert not db.parent.exists(), f"{command} created {db.parent}"


@pytest.mark.parametrize("way", READ_ONLY_WAYS)
def test_read_only_still_reads(db, demo, way):
    demo(db)
    snap = snapshot(db)
    for command in READ_COMMANDS:
        read_only = run_read_only(db, way, command)
        normal = run_cli(db, *command)
        assert read_only.code == 0, (command, read_only.stderr)
        assert read_only.stdout == normal.stdout != "", command
    assert snapshot(db) == snap


def test_read_only_off_by_default_and_with_an_empty_variable(db, demo):
    demo(db)
    assert run_cli(db, "kr", "checkin", "KR-1", "56", OKRTUI_READ_ONLY="").code == 0
    assert run_cli(db, "kr", "checkin", "KR-1", "57", OKRTUI_READ_ONLY="0").code == 0
    values = [c["value"] for c in load(db)["key_results"]["1"]["checkins"]]
    assert values[-2:] == [56, 57]
