"""A change to a record whose objective was removed by hand (a dangling reference, which reads tolerate) is refused
as a damaged file: exit 1 with a line naming the record, the missing objective and ``doctor``, never exit 2 as if the
user had typed an id that doesn't exist; the file byte-identical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def orphaned(run, db: Path) -> Path:
    """KR-1 and I-1 under O-1, then O-1 removed by hand."""
    objective = run.add("objective", "add", "Grow")
    run.add("kr", "add", objective, "Customers", "--start", "0", "--target", "10")
    run.add("initiative", "add", "KR-1", "Call ten customers")
    data = json.loads(db.read_text())
    data["objectives"] = {}
    db.write_text(json.dumps(data, indent=2, sort_keys=True))
    return db


@pytest.mark.parametrize(
    ("args", "record"),
    [
        (("kr", "checkin", "KR-1", "4"), "KR-1"),
        (("kr", "edit", "KR-1", "--target", "20"), "KR-1"),
        (("initiative", "set", "I-1", "--status", "doing"), "I-1"),
    ],
    ids=["kr checkin", "kr edit", "initiative set"],
)
def test_a_change_under_a_missing_objective_is_a_damaged_file(run, orphaned: Path, args, record):
    before = orphaned.read_bytes()
    result = run(*args)
    result.assert_failed(1)
    assert f"{record} belongs to O-1, which does not exist" in result.err
    assert "okrtui doctor" in result.err
    assert orphaned.read_bytes() == before


def test_an_objective_id_typed_by_the_user_is_still_bad_input(run, orphaned: Path):
    result = run("initiative", "add", "O-1", "New")
    result.assert_bad_input()
    assert "O-1" in result.err


@pytest.mark.parametrize("args", [("kr", "delete", "KR-1"), ("initiative", "delete", "I-1")])
def test_an_orphan_can_still_be_deleted(run, orphaned: Path, args):
    """Deleting the record is one way to mend the file, so it is not refused."""
    run.ok(*args)
    assert args[2] not in run("doctor").out
