"""A corrupt data file is refused with one line that names the line at fault and the newest backup.

Every write that fails must leave the previous file byte-identical and say why in one line on stderr (exit 1).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_support import backups_of, one_line, run_cli, snapshot

CORRUPT_COMMANDS = [
    ["status"],
    ["objective", "add", "New", "--period", "2026-Q4"],
    ["kr", "checkin", "KR-1", "5"],
    ["kpi", "record", "mrr", "5"],
    ["report"],
    ["due"],
    ["period", "close", "2026-Q4", "--yes"],
]


def corrupt(db: Path, line: int) -> tuple[bytes, int]:
    """Break the file by hand at ``line`` (a stray character); returns the bytes and where json says it broke."""
    lines = db.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1] + b" oops"
    raw = b"\n".join(lines)
    db.write_bytes(raw)
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(raw)
    return raw, error.value.lineno


@pytest.mark.parametrize("command", CORRUPT_COMMANDS, ids=" ".join)
def test_a_corrupt_file_is_refused_naming_the_line_and_the_newest_backup(db, demo, command):
    demo(db)
    (newest,) = backups_of(db)  # the backup okrtui itself wrote today
    folder = newest.parent
    older = []
    for n in (1, 2):  # older backups, as earlier days would have left them
        path = folder / f"{db.name}.2026-10-0{n}"
        path.write_bytes(b"{}\n")
        stamp = 1_600_000_000 + n * 86_400  # in 2020, long before today's backup
        os.utime(path, (stamp, stamp))
        older.append(path)
    raw, line = corrupt(db, 40)
    snap = snapshot(db)

    result = run_cli(db, *command)

    assert result.code == 1, result
    message = one_line(result)
    assert str(db) in message, message
    assert f"line {line}" in message, message
    assert str(newest) in message, f"the newest backup is named: {message}"
    assert not any(str(path) in message for path in older), message
    assert db.read_bytes() == raw
    assert snapshot(db) == snap


def test_the_newest_backup_is_chosen_by_age_not_by_the_order_of_creation(db):
    db.parent.mkdir(parents=True)
    folder = db.with_name(db.name + ".backups")
    folder.mkdir()
    stamps = {"2026-11-07": 3, "2026-11-05": 1, "2026-11-06": 2}  # written in a shuffled order
    for day, n in stamps.items():
        path = folder / f"{db.name}.{day}"
        path.write_bytes(b"{}\n")
        os.utime(path, (1_600_000_000 + n * 86_400,) * 2)
    db.write_bytes(b'{\n  "meta": {\n    "1": {"schema_version": 1,,}\n  }\n}\n')

    result = run_cli(db, "status")

    assert result.code == 1
    message = one_line(result)
    assert "line 3" in message
    assert str(folder / f"{db.name}.2026-11-07") in message, message
    assert "2026-11-05" not in message and "2026-11-06" not in message


def test_a_corrupt_file_without_backups_names_no_backup(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"meta": ')
    result = run_cli(db, "status")
    assert result.code == 1
    message = one_line(result)
    assert str(db) in message and "line 1" in message
    assert "backup" not in message, message
