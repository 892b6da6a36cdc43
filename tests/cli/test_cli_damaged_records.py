"""A data file damaged by hand (issue 9, item 16): a table key that is no number, damaged meta counters, a record
stored as a list, two records with one id, an id that doesn't match where it is stored, a period like 2026-Q9.

Every command refuses such a file: exit 1, one line ``okrtui: ...`` naming the record, no traceback, the file
byte-identical. ``doctor`` names it too and exits 1 (the file can't be used), never 2 (bad input) or a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

COMMANDS = [
    ("status",),
    ("status", "--json"),
    ("report",),
    ("report", "--format", "csv"),
    ("objective", "list"),
    ("objective", "show", "O-1"),
    ("kr", "show", "KR-1"),
    ("due",),
    ("scorecard",),
    ("kpi", "list"),
    ("kpi", "export"),
    ("kr", "checkin", "KR-1", "4"),
    ("kpi", "record", "mrr", "3"),
    ("kpi", "import", "-"),
    ("objective", "add", "New"),
    ("kr", "add", "O-1", "New", "--start", "0", "--target", "1"),
    ("initiative", "add", "KR-1", "New"),
    ("kpi", "add", "New", "--target", "1"),
    ("period", "carry", "2026-Q4", "--to", "2027-Q1"),
    ("period", "close", "2026-Q4", "--yes"),
]
IMPORT = "kpi,date,value\nmrr,2026-11-01,4\n"


def move(table: str, old: str, new: str) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        data[table][new] = data[table].pop(old)

    return edit


def put(value: object, *path: str) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def copy_as(table: str, old: str, new: str, counter: str, **changes: object) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        data[table][new] = {**data[table][old], **changes}
        data["meta"]["1"]["counters"][counter] = int(new)

    return edit


DAMAGE = {
    # name: (edit, what the one line must contain)
    "objective key not a number": (move("objectives", "1", "x"), "the objectives entry 'x'"),
    "key result key not a number": (move("key_results", "1", "one"), "the key_results entry 'one'"),
    "key with a leading zero": (move("kpis", "1", "01"), "the kpis entry '01'"),
    "counters not a table": (put("abc", "meta", "1", "counters"), "counters"),
    "counters a list": (put([1], "meta", "1", "counters"), "counters"),
    "a counter not a number": (put("x", "meta", "1", "counters", "O"), "counter O"),
    "a negative counter": (put(-3, "meta", "1", "counters", "O"), "counter O"),
    "a fractional counter": (put(1.5, "meta", "1", "counters", "O"), "counter O"),
    "a counter true": (put(True, "meta", "1", "counters", "KR"), "counter KR"),
    "objective stored as a list": (put([1, 2], "objectives", "1"), "O-1"),
    "key result stored as a list": (put(["a"], "key_results", "1"), "KR-1"),
    "KPI stored as text": (put("mrr", "kpis", "1"), "K-1"),
    "initiative stored as null": (put(None, "initiatives", "1"), "I-1"),
    "duplicate objective id": (copy_as("objectives", "1", "2", "O"), "O-2"),
    "duplicate KPI id": (copy_as("kpis", "1", "2", "K", key="other"), "K-2"),
    "mismatched objective id": (copy_as("objectives", "1", "2", "O", id="O-7"), "O-7"),
    "id of another kind": (put("KR-1", "objectives", "1", "id"), "O-1"),
    "id not text": (put(1, "key_results", "1", "id"), "KR-1"),
}


@pytest.fixture
def seeded(run, db) -> dict:
    """O-1 (2026-Q4) with KR-1 (one check-in), I-1 and the KPI mrr (K-1): the file as JSON."""
    run.add("objective", "add", "Grow", "--owner", "alice")
    run.add("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", "KR-1", "40", "--date", "2026-11-01")
    run.add("initiative", "add", "KR-1", "Webinars")
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    return json.loads(db.read_text())


def damage(db: Path, data: dict, edit: Callable[[dict], None]) -> bytes:
    edit(data)
    raw = json.dumps(data, indent=2, sort_keys=True).encode()
    db.write_bytes(raw)
    return raw


def assert_refused(result, db: Path, raw: bytes, names: str) -> None:
    result.assert_failed(1)
    assert names in result.err, result.err
    assert str(db) in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert db.read_bytes() == raw


@pytest.mark.parametrize("name", list(DAMAGE))
def test_every_command_refuses_a_structurally_damaged_file_naming_the_record(run, db, seeded, name):
    edit, names = DAMAGE[name]
    raw = damage(db, seeded, edit)
    for command in COMMANDS:
        result = run(*command, input=IMPORT if command[-1] == "-" else None)
        assert_refused(result, db, raw, names)


@pytest.mark.parametrize("name", list(DAMAGE))
def test_doctor_names_a_structurally_damaged_record_and_exits_1(run, db, seeded, name):
    edit, names = DAMAGE[name]
    raw = damage(db, seeded, edit)
    result = run("doctor")
    assert result.code == 1, (result.out, result.err)
    assert names in result.out
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert db.read_bytes() == raw


@pytest.mark.parametrize("period", ["2026-Q9", "26-Q4", "Q4", "2026-Q0", "0000"])
def test_a_hand_damaged_period_is_a_damaged_file_not_bad_input(run, db, seeded, period):
    raw = damage(db, seeded, put(period, "objectives", "1", "period"))
    for command in COMMANDS:
        result = run(*command, input=IMPORT if command[-1] == "-" else None)
        assert_refused(result, db, raw, "O-1")
        assert f"bad period {period!r}" in result.err


def test_doctor_reports_a_hand_damaged_period_and_exits_1(run, db, seeded):
    raw = damage(db, seeded, put("2026-Q9", "objectives", "1", "period"))
    result = run("doctor")
    assert result.code == 1, (result.out, result.err)
    assert "O-1" in result.out and "bad period '2026-Q9'" in result.out
    assert db.read_bytes() == raw


def test_the_installed_script_refuses_a_duplicate_id_in_one_line(script, db, run, seeded):
    raw = damage(db, seeded, copy_as("objectives", "1", "2", "O"))
    for command in (("period", "carry", "2026-Q4", "--to", "2027-Q1"), ("status",), ("doctor",)):
        result = script(*command)
        assert result.code == 1, result
        assert "Traceback" not in result.err and "internal error" not in result.err
        assert "O-2" in result.err + result.out
        assert db.read_bytes() == raw


def test_a_counter_behind_the_records_still_works(run, db, seeded):
    """Not damage: a counter that lags (a file merged by hand) only makes new ids skip taken ones."""
    damage(db, seeded, put(0, "meta", "1", "counters", "O"))
    assert run.add("objective", "add", "Next") == "O-2"
