"""``okrtui doctor`` finds every broken reference and duplicate (issue 9, item 17), on the demo file edited by hand.

Demo: O-1 <- O-2 <- O-3, O-1 <- O-4, O-1 <- O-5; KR-1..3 under O-2 (KR-2 follows K-2), I-1 and I-2 under KR-1,
I-3 under KR-2, I-4..6 under O-5 directly; KPIs K-1 mrr .. K-5 demo-signups.
A broken reference or a duplicate is a problem (exit 3, the file is still usable); a record the commands can't read
makes the file unusable (exit 1).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest


def edited(run, db: Path, edit: Callable[[dict], None]) -> bytes:
    run.ok("init", "--demo")
    data = json.loads(db.read_text())
    edit(data)
    raw = json.dumps(data, indent=2).encode()
    db.write_bytes(raw)
    return raw


def problems(result) -> list[str]:
    return [line[2:] for line in result.out.splitlines() if line.startswith("▲ ")]


def set_field(table: str, key: str, field: str, value: object) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        data[table][key][field] = value

    return edit


CASES = {
    "duplicate KPI keys": (set_field("kpis", "3", "key", "mrr"), "K-1 and K-3 have the same key mrr"),
    "dangling parent": (set_field("objectives", "2", "parent", "O-42"), "O-2 is aligned to O-42, which does not exist"),
    "initiative under another objective's key result": (
        set_field("initiatives", "4", "kr", "KR-1"),
        "I-4 belongs to O-5 but to KR-1, a key result of O-2",
    ),
    "key result following a missing KPI": (
        set_field("key_results", "3", "kpi", "K-9"),
        "KR-3 follows K-9, which does not exist",
    ),
    "key result of a missing objective": (
        set_field("key_results", "1", "objective", "O-99"),
        "KR-1 belongs to O-99, which does not exist",
    ),
    "initiative of a missing key result": (
        set_field("initiatives", "1", "kr", "KR-77"),
        "I-1 belongs to KR-77, which does not exist",
    ),
    "initiative of a missing objective": (
        set_field("initiatives", "5", "objective", "O-77"),
        "I-5 belongs to O-77, which does not exist",
    ),
    "parent of the wrong kind": (
        set_field("objectives", "4", "parent", "KR-1"),
        "O-4 is aligned to KR-1, which does not exist",
    ),
    "its own parent": (set_field("objectives", "4", "parent", "O-4"), "O-4 is part of an alignment cycle"),
    "a KPI key shaped like an id": (
        set_field("kpis", "5", "key", "k-1"),
        "K-5 has the key k-1, which reads as the id K-1: give it another key",
    ),
    "carried twice": (
        lambda data: (
            set_field("objectives", "4", "carried_from", "O-1")(data),
            set_field("objectives", "5", "carried_from", "O-1")(data),
        ),
        "O-4 and O-5 are both carried from O-1",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_doctor_finds_the_broken_reference_or_duplicate(run, db, name):
    edit, expected = CASES[name]
    raw = edited(run, db, edit)
    result = run("doctor")
    assert result.code == 3, (result.out, result.err)
    assert expected in problems(result), result.out
    assert "is healthy" not in result.out
    assert db.read_bytes() == raw


def test_doctor_lists_every_problem_at_once(run, db):
    def edit(data: dict) -> None:
        for name in ("duplicate KPI keys", "dangling parent", "initiative under another objective's key result"):
            CASES[name][0](data)

    edited(run, db, edit)
    result = run("doctor")
    assert result.code == 3
    assert problems(result) == [
        "O-2 is aligned to O-42, which does not exist",
        "I-4 belongs to O-5 but to KR-1, a key result of O-2",
        "K-1 and K-3 have the same key mrr",
    ]


def test_a_dangling_carried_from_is_no_problem(run, db):
    """Deleting an objective that was carried on leaves the copy's link: that is history, not damage."""
    edited(run, db, set_field("objectives", "5", "carried_from", "O-99"))
    result = run("doctor")
    assert result.code == 0, result.out
    assert "is healthy" in result.out


def test_a_record_the_commands_refuse_makes_doctor_exit_1(run, db):
    raw = edited(run, db, set_field("kpis", "1", "history", {"not-a-day": 5}))
    result = run("doctor")
    assert result.code == 1, result.out
    assert "K-1: history: 'not-a-day' is not a date (YYYY-MM-DD)" in result.out
    assert db.read_bytes() == raw
