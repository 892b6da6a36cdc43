"""``period close`` and ``period reopen`` (issue 5): grades, the retrospective, and closed records read-only until
reopened.

DESIGN.md "Semantics" pins the numbers: key result grade = progress as of the period's last day (today when closing
early); for at-least / at-most the share of the period's check-ins in bounds; objective grade = the weighted mean of
its key results; without key results, the mean of its aligned children. Every expected number below is worked out by
hand in a comment.

2026-Q4 runs 2026-10-01 .. 2026-12-31. Most tests close it on 2027-01-05 (``late``), so the grading day is 2026-12-31.
"""

from __future__ import annotations

import pytest
from period_support import after_the_quarter, kr_json, objective_json, records


@pytest.fixture
def late(run):
    """Like ``run`` (same data file), with ``--today 2027-01-05``: 2026-Q4 is over, 2027-Q1 is the current quarter."""
    return after_the_quarter(run)


# -- a quarter to grade -----------------------------------------------------------------------------------------------


@pytest.fixture
def quarter(late):
    """2026-Q4, checked in as of 2027-01-05:

    O-1 "Grow revenue" (alice), aligned to O-3:
      KR-1 increase 0 -> 10, weight 2: 3 on 10-15, 6 on 12-20, 9 on 2027-01-03 (after the period)
           grade = (6 - 0) / (10 - 0) = 0.6 (the January value doesn't count)
      KR-2 decrease 59 -> 38 days: 50 on 11-01, 44 on 12-01
           grade = (44 - 59) / (38 - 59) = 15 / 21 = 0.714285… -> 0.7143
      KR-3 milestone, done on 11-20: grade 1.0
      KR-4 at least 9 %, weight 1: 5 on 09-20 (before the period), 9.5 on 10-10 (in), 8 on 10-31 (out), 9 on 11-15
           (in: equal), 10 on 12-10 (in), 3 on 2027-01-02 (after the period)
           grade = 3 in bounds of the 4 in the period = 0.75 (counting the 2 outside would give 3 / 6 = 0.5)
      I-1 under KR-1, doing
      O-1 grade = (2·0.6 + 1·0.714286 + 1·1.0 + 1·0.75) / (2 + 1 + 1 + 1) = 3.664286 / 5 = 0.732857 -> 0.7329
    O-2 "Ship the app" (bob), aligned to O-3:
      KR-5 increase 0 -> 3: 1 on 12-01; grade = 1 / 3 = 0.3333
      O-2 grade = 0.3333
    O-3 "Company" (carol), no key results: grade = mean of its children = (0.7329 + 0.3333) / 2 = 1.0662 / 2 = 0.5331
    """
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Grow revenue", "--owner", "alice", *q4)
    late.add("kr", "add", "O-1", "New deals", "--start", "0", "--target", "10", "--weight", "2")
    late.add("kr", "add", "O-1", "Sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    late.add("kr", "add", "O-1", "Pricing page", "--milestone")
    late.add("kr", "add", "O-1", "Conversion", "--at-least", "9", "--unit", "%", "--weight", "1")  # a guard: 0 else
    late.add("initiative", "add", "KR-1", "Cold calls", "--status", "doing")
    late.add("objective", "add", "Ship the app", "--owner", "bob", *q4)
    late.add("kr", "add", "O-2", "Screens done", "--start", "0", "--target", "3")
    late.add("objective", "add", "Company", "--owner", "carol", *q4)
    late.ok("objective", "edit", "O-1", "--parent", "O-3")
    late.ok("objective", "edit", "O-2", "--parent", "O-3")
    for kr_id, value, day in [
        ("KR-1", "3", "2026-10-15"),
        ("KR-1", "6", "2026-12-20"),
        ("KR-1", "9", "2027-01-03"),
        ("KR-2", "50", "2026-11-01"),
        ("KR-2", "44", "2026-12-01"),
        ("KR-3", "done", "2026-11-20"),
        ("KR-4", "5", "2026-09-20"),
        ("KR-4", "9.5", "2026-10-10"),
        ("KR-4", "8", "2026-10-31"),
        ("KR-4", "9", "2026-11-15"),
        ("KR-4", "10", "2026-12-10"),
        ("KR-4", "3", "2027-01-02"),
        ("KR-5", "1", "2026-12-01"),
    ]:
        late.ok("kr", "checkin", kr_id, value, "--date", day)


def test_close_grades_every_key_result_and_objective(late, quarter):
    result = late("period", "close", "2026-Q4", "--yes")
    assert result.code == 0, result.err

    o1 = objective_json(late, "O-1")
    assert o1["state"] == "closed"
    assert o1["grade"] == 0.7329
    assert {kr["id"]: kr["grade"] for kr in o1["key_results"]} == {
        "KR-1": 0.6,
        "KR-2": 0.7143,
        "KR-3": 1.0,
        "KR-4": 0.75,
    }
    assert objective_json(late, "O-2")["grade"] == 0.3333
    o3 = objective_json(late, "O-3")
    assert o3["key_results"] == []
    assert o3["grade"] == 0.5331
    assert o3["state"] == "closed"


@pytest.mark.parametrize(
    ("kr_id", "grade"),
    [("KR-1", 0.6), ("KR-2", 0.7143), ("KR-3", 1.0), ("KR-4", 0.75), ("KR-5", 0.3333)],
)
def test_kr_show_json_carries_the_grade(late, quarter, kr_id, grade):
    late.ok("period", "close", "2026-Q4", "--yes")
    assert kr_json(late, kr_id)["grade"] == grade


def test_no_grade_in_the_json_before_the_period_is_closed(late, quarter):
    assert "grade" not in objective_json(late, "O-1")
    assert "grade" not in kr_json(late, "KR-1")


def test_close_prints_the_grades(late, quarter):
    out = late.ok("period", "close", "2026-Q4", "--yes").out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["O-1"][1] == "0.73"  # 0.7329 to 2 places
    assert rows["O-2"][1] == "0.33"
    assert rows["O-3"][1] == "0.53"
    assert rows["KR-2"][1] == "0.71"
    assert rows["KR-4"][1] == "0.75"


def test_close_stores_the_retrospective_note(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes", "--retro", "O-1", "Pricing page shipped late")
    stored = records(db, "objectives")
    assert stored["O-1"]["retro"] == "Pricing page shipped late"
    assert stored["O-2"]["retro"] == ""


def test_close_without_yes_on_a_pipe_changes_nothing(late, quarter, db):
    before = db.read_bytes()
    result = late("period", "close", "2026-Q4")  # CliRunner's stdin is not a terminal
    result.assert_bad_input()
    assert "--yes" in result.err
    assert db.read_bytes() == before
    assert objective_json(late, "O-1")["state"] == "active"


def test_close_a_period_with_nothing_open(late, quarter, db):
    before = db.read_bytes()
    late("period", "close", "2027-Q1", "--yes").assert_bad_input()
    assert db.read_bytes() == before


def test_closing_twice_is_refused(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes")
    closed = db.read_bytes()
    late("period", "close", "2026-Q4", "--yes").assert_bad_input()
    assert db.read_bytes() == closed


def test_a_retro_for_an_objective_outside_the_period_is_refused(late, quarter, db):
    late.add("objective", "add", "Next quarter")  # O-4 in 2027-Q1
    before = db.read_bytes()
    late("period", "close", "2026-Q4", "--yes", "--retro", "O-4", "not this one").assert_bad_input()
    assert db.read_bytes() == before


# -- closed records are read-only -------------------------------------------------------------------------------------


CHANGES_TO_CLOSED = [
    ("kr", "checkin", "KR-1", "7"),
    ("kr", "checkin", "KR-1", "7", "--date", "2026-12-30"),
    ("kr", "edit", "KR-1", "--title", "More deals"),
    ("kr", "edit", "KR-1", "--target", "12"),
    ("kr", "add", "O-1", "Referrals", "--start", "0", "--target", "5"),
    ("kr", "delete", "KR-2"),
    ("objective", "edit", "O-1", "--title", "Grow faster"),
    ("objective", "edit", "O-1", "--owner", "dave"),
    ("objective", "delete", "O-1", "--yes"),
    ("initiative", "add", "O-1", "Hire a salesperson"),
    ("initiative", "add", "KR-1", "Webinars"),
    ("initiative", "set", "I-1", "--status", "done"),
]


@pytest.mark.parametrize("args", CHANGES_TO_CLOSED, ids=lambda args: " ".join(args))
def test_a_closed_record_refuses_changes(late, quarter, db, args):
    late.ok("period", "close", "2026-Q4", "--yes")
    closed = db.read_bytes()
    result = late(*args)
    result.assert_bad_input()
    assert "reopen" in result.err
    assert db.read_bytes() == closed


def test_reopen_the_period(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes")
    result = late("period", "reopen", "2026-Q4")
    assert result.code == 0, result.err
    assert "O-1, O-2, O-3" in result.out
    for objective_id in ("O-1", "O-2", "O-3"):
        shown = objective_json(late, objective_id)
        assert shown["state"] == "active"
        assert "grade" not in shown
        assert all("grade" not in kr for kr in shown["key_results"])
    assert "grade" not in kr_json(late, "KR-4")
    stored = records(db, "key_results")
    assert stored["KR-1"].get("grade") is None  # None fields are left out of the file
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    assert [c["value"] for c in kr_json(late, "KR-1")["checkins"]] == [3, 6, 8, 9]  # by date: 12-30 before 2027-01-03
    late.ok("kr", "edit", "KR-1", "--title", "More deals")
    assert kr_json(late, "KR-1")["title"] == "More deals"


def test_reopen_then_close_grades_again(late, quarter):
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("period", "reopen", "2026-Q4")
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    late.ok("period", "close", "2026-Q4", "--yes")
    # KR-1 = 8 / 10 = 0.8; O-1 = (2·0.8 + 0.714286 + 1 + 0.75) / 5 = 4.064286 / 5 = 0.812857 -> 0.8129
    assert kr_json(late, "KR-1")["grade"] == 0.8
    assert objective_json(late, "O-1")["grade"] == 0.8129
    # O-3 = (0.8129 + 0.3333) / 2 = 1.1462 / 2 = 0.5731
    assert objective_json(late, "O-3")["grade"] == 0.5731


def test_reopen_a_period_with_nothing_closed(late, quarter, db):
    before = db.read_bytes()
    late("period", "reopen", "2026-Q4").assert_bad_input()
    assert db.read_bytes() == before


def test_objective_edit_state_active_reopens_one_objective(late, quarter):
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("objective", "edit", "O-1", "--state", "active")
    assert objective_json(late, "O-1")["state"] == "active"
    assert objective_json(late, "O-2")["state"] == "closed"
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    assert [c["value"] for c in kr_json(late, "KR-1")["checkins"]] == [3, 6, 8, 9]
    refused = late("kr", "checkin", "KR-5", "2")  # O-2 is still closed
    refused.assert_bad_input()
    assert "reopen" in refused.err


def test_reopening_one_objective_clears_its_grades(late, quarter):
    """Like ``period reopen``: an objective that is active again has no grade until the next close."""
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("objective", "edit", "O-1", "--state", "active")
    shown = objective_json(late, "O-1")
    assert "grade" not in shown
    assert [kr for kr in shown["key_results"] if "grade" in kr] == []
    assert objective_json(late, "O-2")["grade"] == 0.3333  # still closed, still graded
