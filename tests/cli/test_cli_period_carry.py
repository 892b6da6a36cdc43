"""``period carry`` (issue 5): the unfinished objectives, key results and initiatives of a period copied into the
next, alignment following the copies.

2026-Q4 runs 2026-10-01 .. 2026-12-31. Most tests close it on 2027-01-05 (``late``), so the grading day is 2026-12-31.
"""

from __future__ import annotations

import pytest
from period_support import after_the_quarter, kr_json, objective_json, records


@pytest.fixture
def late(run):
    """Like ``run`` (same data file), with ``--today 2027-01-05``: 2026-Q4 is over, 2027-Q1 is the current quarter."""
    return after_the_quarter(run)


# -- carry-over -------------------------------------------------------------------------------------------------------


@pytest.fixture
def carry_quarter(late):
    """2026-Q4, closed on 2027-01-05:

    O-1 "Grow revenue" (alice, financial):
      KR-1 increase 0 -> 10 deals, weight 2, at 4     grade 0.4   unfinished: restarts 4 -> 10
      KR-2 milestone, done                             grade 1     finished: stays behind
      KR-3 increase 0 -> 5, at 5 (target reached)      grade 1     finished: stays behind
      KR-4 milestone, not done                         grade 0     unfinished
      KR-5 at least 9, at 10                           grade 1     a maintain result: comes along
      I-1 under KR-1 doing, I-2 under O-1 done, I-3 under KR-3 todo, I-4 under O-1 blocked
      grade = (2·0.4 + 1 + 1 + 0 + 1) / 6 = 3.8 / 6 = 0.6333: unfinished
    O-2 "Shorten sales cycle" (bob), aligned to O-1:
      KR-6 decrease 59 -> 38 days, at 44               grade 15 / 21 = 0.7143: unfinished
    O-3 "Ship v2" (carol):
      KR-7 increase 0 -> 3, at 3; KR-8 milestone done  grade 1.0: finished, not carried
      I-5 under O-3 todo
    """
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Grow revenue", "--owner", "alice", "--perspective", "financial", *q4)
    late.add("kr", "add", "O-1", "New deals", "--start", "0", "--target", "10", "--weight", "2", "--unit", "deals")
    late.add("kr", "add", "O-1", "Pricing page", "--milestone")
    late.add("kr", "add", "O-1", "Webinars", "--start", "0", "--target", "5")
    late.add("kr", "add", "O-1", "Partner program", "--milestone")
    late.add("kr", "add", "O-1", "Conversion", "--at-least", "9", "--unit", "%")
    late.add("initiative", "add", "KR-1", "Cold calls", "--status", "doing", "--owner", "alice")
    late.add("initiative", "add", "O-1", "Hire an SDR", "--status", "done")
    late.add("initiative", "add", "KR-3", "Webinar series", "--status", "todo")
    late.add("initiative", "add", "O-1", "Pricing research", "--status", "blocked", "--due", "2026-12-15")
    late.add("objective", "add", "Shorten sales cycle", "--owner", "bob", "--parent", "O-1", *q4)
    late.add("kr", "add", "O-2", "Sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    late.add("objective", "add", "Ship v2", "--owner", "carol", *q4)
    late.add("kr", "add", "O-3", "Screens", "--start", "0", "--target", "3")
    late.add("kr", "add", "O-3", "Release", "--milestone")
    late.add("initiative", "add", "O-3", "Beta programme")
    for kr_id, value in [
        ("KR-1", "4"),
        ("KR-2", "done"),
        ("KR-3", "5"),
        ("KR-5", "10"),
        ("KR-6", "44"),
        ("KR-7", "3"),
        ("KR-8", "done"),
    ]:
        late.ok("kr", "checkin", kr_id, value, "--date", "2026-11-10")
    late.ok("period", "close", "2026-Q4", "--yes")


def test_carry_prints_the_new_ids(late, carry_quarter):
    result = late("period", "carry", "2026-Q4", "--to", "2027-Q1")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "O-1 -> O-4",
        "KR-1 -> KR-9",
        "KR-4 -> KR-10",
        "KR-5 -> KR-11",
        "O-2 -> O-5",
        "KR-6 -> KR-12",
    ]


def test_carried_copies(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    listed = late.ok("objective", "list", "--period", "2027-Q1", "--json").json
    assert [o["id"] for o in listed] == ["O-4", "O-5"]  # O-3 (graded 1.0) stays behind

    copy = objective_json(late, "O-4")
    assert copy["period"] == "2027-Q1"
    assert copy["state"] == "active"
    assert "grade" not in copy
    assert copy["title"] == "Grow revenue"
    assert copy["owner"] == "alice"
    assert copy["perspective"] == "financial"
    assert copy["parent"] is None
    assert [kr["title"] for kr in copy["key_results"]] == ["New deals", "Partner program", "Conversion"]

    stored = records(db, "objectives")
    assert stored["O-4"]["carried_from"] == "O-1"
    assert stored["O-5"]["carried_from"] == "O-2"
    assert stored["O-4"]["retro"] == ""


def test_carried_key_results_restart_from_their_current_values(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    deals = kr_json(late, "KR-9")
    assert (deals["objective"], deals["kind"], deals["start"], deals["target"], deals["current"]) == (
        "O-4",
        "increase",
        4,
        10,
        4,
    )
    assert (deals["weight"], deals["unit"], deals["progress"], deals["checkins"]) == (2, "deals", 0, [])
    assert "grade" not in deals

    partner = kr_json(late, "KR-10")
    assert (partner["kind"], partner["start"], partner["target"], partner["current"], partner["checkins"]) == (
        "milestone",
        0,
        1,
        0,
        [],
    )

    conversion = kr_json(late, "KR-11")
    assert (conversion["kind"], conversion["start"], conversion["target"], conversion["current"]) == (
        "at-least",
        None,
        9,
        None,
    )
    assert conversion["checkins"] == []

    cycle = kr_json(late, "KR-12")
    assert (cycle["objective"], cycle["kind"], cycle["start"], cycle["target"], cycle["unit"]) == (
        "O-5",
        "decrease",
        44,
        38,
        "days",
    )
    assert cycle["checkins"] == []

    stored = records(db, "key_results")
    assert {kr_id for kr_id, kr in stored.items() if kr["objective"] in ("O-4", "O-5")} == {
        "KR-9",
        "KR-10",
        "KR-11",
        "KR-12",
    }
    assert all(stored[kr_id].get("grade") is None for kr_id in ("KR-9", "KR-10", "KR-11", "KR-12"))


def test_unfinished_initiatives_come_along(late, carry_quarter):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = [i for i in late.ok("initiative", "list", "--json").json if i["objective"] in ("O-4", "O-5")]
    assert [(i["title"], i["status"], i["kr"]) for i in carried] == [
        ("Cold calls", "doing", "KR-9"),  # follows its key result's copy
        ("Webinar series", "todo", None),  # its key result (KR-3) was finished and stayed behind
        ("Pricing research", "blocked", None),
    ]
    assert carried[0]["owner"] == "alice"
    assert all(i["objective"] == "O-4" for i in carried)


def test_alignment_follows_the_copies(late, carry_quarter):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    assert objective_json(late, "O-5")["parent"] == "O-4"
    assert objective_json(late, "O-4")["children"] == ["O-5"]


def test_alignment_follows_the_copies_when_the_parent_came_later(late, db):
    """A child added before its parent (aligned with ``objective edit --parent`` afterwards) aligns to the parent's
    copy too."""
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Team goal", *q4)  # O-1
    late.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    late.add("objective", "add", "Company goal", *q4)  # O-2
    late.add("kr", "add", "O-2", "Revenue", "--start", "0", "--target", "100")
    late.ok("objective", "edit", "O-1", "--parent", "O-2")
    out = late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1").out
    assert "O-1 -> O-3" in out.splitlines()
    assert "O-2 -> O-4" in out.splitlines()
    assert objective_json(late, "O-3")["parent"] == "O-4"
    assert objective_json(late, "O-1")["parent"] == "O-2"


def test_carry_changes_nothing_in_the_source_period(late, carry_quarter, db):
    tables = ("objectives", "key_results", "initiatives")
    before = {table: records(db, table) for table in tables}
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    for table in tables:
        after = records(db, table)
        assert {record_id: after[record_id] for record_id in before[table]} == before[table]
    assert [o["state"] for o in late.ok("objective", "list", "--period", "2026-Q4", "--json").json] == ["closed"] * 3


def test_carrying_twice_is_refused(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = db.read_bytes()
    result = late("period", "carry", "2026-Q4", "--to", "2027-Q1")
    result.assert_bad_input()
    assert "O-1" in result.err
    assert db.read_bytes() == carried


def test_carrying_the_same_objective_into_another_period_is_refused(late, carry_quarter, db):
    """Issue 5: "carrying the same objective twice is refused" — also when the second carry goes elsewhere."""
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2027-Q2").assert_bad_input()
    assert db.read_bytes() == carried


def test_carry_with_nothing_unfinished(late, db):
    late.add("objective", "add", "Done", "--period", "2026-Q4")
    late.add("kr", "add", "O-1", "Ship", "--milestone")
    late.ok("kr", "checkin", "KR-1", "done", "--date", "2026-12-01")
    before = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2027-Q1").assert_bad_input()
    assert db.read_bytes() == before


def test_carry_into_the_same_period_is_refused(late, carry_quarter, db):
    before = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2026-Q4").assert_bad_input()
    assert db.read_bytes() == before
