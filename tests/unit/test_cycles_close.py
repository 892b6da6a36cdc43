"""The end of a quarter through the services (okrtui.services.cycles), on real data files: grades, closing, and
the period read-only until reopened.

DESIGN.md "Semantics" pins the numbers; each expected value is worked out by hand in a comment.
2026-Q4 runs 2026-10-01 .. 2026-12-31.
"""

from __future__ import annotations

from datetime import date

import pytest
from cycles_support import Q4, check_in, kr, objective, open_ws, stored

from okrtui.domain.models import KeyResult, Objective
from okrtui.errors import BadInput
from okrtui.services import checkins, okrs
from okrtui.services.cycles import carry_period, close_period, compute_grades, reopen_period
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace

# -- grades -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def graded(ws: Workspace) -> Workspace:
    """2026-Q4:

    O-1 "Grow" (alice):
      KR-1 increase 20 -> 80, weight 3: 35 on 10-05, 65 on 12-15           grade (65 - 20) / 60 = 0.75
      KR-2 decrease 59 -> 38: 50 on 10-20, 44 on 12-01                      grade 15 / 21 = 0.714286 -> 0.7143
      KR-3 milestone, done on 11-01                                         grade 1.0
      KR-4 at most 2: 3 on 09-30 (before the period), 1.5 on 10-05 (in), 2.5 on 11-05 (out), 2 on 12-05 (in: equal)
                                                                            grade 2 / 3 = 0.6667
      KR-5 at least 9: 9.5 on 10-10 (in), 8 on 10-31 (out), 9 on 11-15 (in), 10 on 12-10 (in)
                                                                            grade 3 / 4 = 0.75
      O-1 = (3·0.75 + 0.714286 + 1 + 0.666667 + 0.75) / (3 + 1 + 1 + 1 + 1) = 5.380952 / 7 = 0.768707 -> 0.7687
    O-2 "Company" (no key results), parent of O-3 and O-4:
      O-3: KR-6 increase 0 -> 4 at 3 (11-10)                                grade 0.75
      O-4: KR-7 milestone, not done                                         grade 0.0
      O-2 = (0.75 + 0.0) / 2 = 0.375
    O-5 "Nothing yet": no key results, no children                          grade 0.0
    O-6 "Dropped": cancelled, KR-8 increase 0 -> 10 at 5                    not graded, stays cancelled
    """
    o1 = objective(ws, "Grow", owner="alice")
    kr1 = kr(ws, o1, start=20, target=80, weight=3)
    kr2 = kr(ws, o1, start=59, target=38)
    kr3 = kr(ws, o1, milestone=True)
    kr4 = kr(ws, o1, at_most=2, weight=1)  # a guard counts toward progress only with a weight given
    kr5 = kr(ws, o1, at_least=9, weight=1)
    check_in(ws, kr1, ("2026-10-05", 35), ("2026-12-15", 65))
    check_in(ws, kr2, ("2026-10-20", 50), ("2026-12-01", 44))
    check_in(ws, kr3, ("2026-11-01", "done"))
    check_in(ws, kr4, ("2026-09-30", 3), ("2026-10-05", 1.5), ("2026-11-05", 2.5), ("2026-12-05", 2))
    check_in(ws, kr5, ("2026-10-10", 9.5), ("2026-10-31", 8), ("2026-11-15", 9), ("2026-12-10", 10))
    o2 = objective(ws, "Company")
    o3 = objective(ws, "Team A", parent=o2)
    check_in(ws, kr(ws, o3, start=0, target=4), ("2026-11-10", 3))
    o4 = objective(ws, "Team B", parent=o2)
    kr(ws, o4, milestone=True)
    objective(ws, "Nothing yet")
    o6 = objective(ws, "Dropped")
    check_in(ws, kr(ws, o6, start=0, target=10), ("2026-11-10", 5))
    okrs.edit_objective(ws, o6, {"state": "cancelled"})
    return ws


KR_GRADES = {"KR-1": 0.75, "KR-2": 0.7143, "KR-3": 1.0, "KR-4": 0.6667, "KR-5": 0.75, "KR-6": 0.75, "KR-7": 0.0}
OBJECTIVE_GRADES = {"O-1": 0.7687, "O-2": 0.375, "O-3": 0.75, "O-4": 0.0, "O-5": 0.0}


def test_compute_grades_by_hand(graded):
    grades = compute_grades(Dataset.load(graded), Q4, date(2027, 1, 5))
    assert grades.period == "2026-Q4"
    assert grades.kr_grades == KR_GRADES
    assert grades.objective_grades == OBJECTIVE_GRADES


def test_grades_count_nothing_after_the_period(graded, path):
    later = open_ws(path, "2027-01-20")
    check_in(later, "KR-1", ("2027-01-10", 80))  # would make KR-1 1.0
    check_in(later, "KR-5", ("2027-01-10", 1), ("2027-01-11", 2))  # would make KR-5 3 / 6 = 0.5
    check_in(later, "KR-4", ("2027-01-10", 0))  # would make KR-4 3 / 4 = 0.75
    grades = compute_grades(Dataset.load(later), Q4, later.today)
    assert grades.kr_grades == KR_GRADES
    assert grades.objective_grades == OBJECTIVE_GRADES


def test_closing_early_grades_as_of_today(graded, path):
    """Closing on 2026-12-05 counts the history up to that day only:

    KR-1 = (35 - 20) / 60 = 0.25 (the 65 of 12-15 is later)
    KR-4 = 2 in bounds of 3 (10-05 in, 11-05 out, 12-05 in) = 0.6667
    KR-5 = 2 in bounds of 3 (10-10 in, 10-31 out, 11-15 in; 12-10 is later) = 0.6667
    O-1 = (3·0.25 + 0.714286 + 1 + 0.666667 + 0.666667) / 7 = 3.797619 / 7 = 0.542517 -> 0.5425
    """
    early = open_ws(path, "2026-12-05")
    grades = close_period(early, "2026-Q4")
    assert grades.kr_grades == {**KR_GRADES, "KR-1": 0.25, "KR-5": 0.6667}
    assert grades.objective_grades == {**OBJECTIVE_GRADES, "O-1": 0.5425}
    assert stored(early, KeyResult, "KR-1").grade == 0.25
    assert stored(early, Objective, "O-1").grade == 0.5425


def test_close_period_stores_grades_states_and_the_retro(graded):
    grades = close_period(graded, "2026-Q4", retros={"O-1": "note"})
    assert grades.objective_grades == OBJECTIVE_GRADES
    for objective_id, grade in OBJECTIVE_GRADES.items():
        record = stored(graded, Objective, objective_id)
        assert (record.state, record.grade) == ("closed", grade)
    for kr_id, grade in KR_GRADES.items():
        assert stored(graded, KeyResult, kr_id).grade == grade
    assert stored(graded, Objective, "O-1").retro == "note"
    assert stored(graded, Objective, "O-2").retro == ""


def test_a_cancelled_objective_is_left_as_it_is(graded):
    close_period(graded, "2026-Q4")
    dropped = stored(graded, Objective, "O-6")
    assert (dropped.state, dropped.grade) == ("cancelled", None)
    assert stored(graded, KeyResult, "KR-8").grade is None


def test_a_draft_objective_is_closed_and_graded(ws):
    draft = objective(ws, "Draft")
    check_in(ws, kr(ws, draft, start=0, target=8), ("2026-11-01", 2))  # 2 / 8 = 0.25
    okrs.edit_objective(ws, draft, {"state": "draft"})
    close_period(ws, "2026-Q4")
    record = stored(ws, Objective, draft)
    assert (record.state, record.grade) == ("closed", 0.25)


def test_a_maintain_result_without_check_ins_in_the_period_grades_zero(ws):
    o1 = objective(ws, "Keep it up")
    check_in(ws, kr(ws, o1, at_least=5), ("2026-09-15", 9))  # in bounds, but in 2026-Q3
    assert compute_grades(Dataset.load(ws), Q4, ws.today).kr_grades == {"KR-1": 0.0}


def test_the_latest_milestone_check_in_counts(ws):
    o1 = objective(ws, "Launch")
    check_in(ws, kr(ws, o1, milestone=True), ("2026-11-01", "done"), ("2026-12-01", "not-done"))
    assert compute_grades(Dataset.load(ws), Q4, ws.today).kr_grades == {"KR-1": 0.0}


def test_grades_are_clamped_to_zero_and_one(ws):
    o1 = objective(ws, "Extremes")
    check_in(ws, kr(ws, o1, start=10, target=20), ("2026-11-01", 25))  # ratio 1.5 -> 1.0
    check_in(ws, kr(ws, o1, start=10, target=20), ("2026-11-01", 5))  # ratio -0.5 -> 0.0
    grades = compute_grades(Dataset.load(ws), Q4, ws.today)
    assert grades.kr_grades == {"KR-1": 1.0, "KR-2": 0.0}
    assert grades.objective_grades == {"O-1": 0.5}


def test_a_parent_is_graded_by_its_grandchildren_through_its_children(ws):
    """O-1 (no KRs) <- O-2 (no KRs) <- O-3 (0.5) and O-4 (1.0); O-1 <- O-5 (0.2).
    O-2 = (0.5 + 1.0) / 2 = 0.75; O-1 = (0.75 + 0.2) / 2 = 0.475."""
    o1 = objective(ws, "Company")
    o2 = objective(ws, "Product", parent=o1)
    check_in(ws, kr(ws, objective(ws, "A", parent=o2), start=0, target=2), ("2026-11-01", 1))
    check_in(ws, kr(ws, objective(ws, "B", parent=o2), milestone=True), ("2026-11-01", "done"))
    check_in(ws, kr(ws, objective(ws, "C", parent=o1), start=0, target=10), ("2026-11-01", 2))
    grades = compute_grades(Dataset.load(ws), Q4, ws.today)
    assert grades.objective_grades == {"O-1": 0.475, "O-2": 0.75, "O-3": 0.5, "O-4": 1.0, "O-5": 0.2}


def test_close_period_refuses_when_nothing_is_open(graded, path):
    close_period(graded, "2026-Q4")
    before = path.read_bytes()
    with pytest.raises(BadInput):
        close_period(graded, "2026-Q4")
    with pytest.raises(BadInput):
        close_period(graded, "2027-Q1")
    assert path.read_bytes() == before


def test_close_period_refuses_a_retro_for_an_unknown_objective(graded, path):
    before = path.read_bytes()
    with pytest.raises(BadInput) as refused:
        close_period(graded, "2026-Q4", retros={"O-6": "cancelled, not open"})
    assert refused.value.field == "retro"
    assert path.read_bytes() == before
    assert stored(graded, Objective, "O-1").state == "active"


# -- read-only until reopened -----------------------------------------------------------------------------------------


@pytest.fixture
def closed(graded) -> Workspace:
    okrs.add_initiative(graded, "KR-1", "Cold calls", status="doing")  # I-1
    close_period(graded, "2026-Q4")
    return graded


CHANGES = {
    "checkin": lambda ws: checkins.checkin(ws, "KR-1", 70, day="2026-12-20"),
    "add_kr": lambda ws: okrs.add_kr(ws, "O-1", "More", start=0, target=1),
    "edit_kr": lambda ws: okrs.edit_kr(ws, "KR-1", {"title": "Renamed"}),
    "delete_kr": lambda ws: okrs.delete_kr(ws, "KR-2"),
    "edit_objective": lambda ws: okrs.edit_objective(ws, "O-1", {"title": "Renamed"}),
    "delete_objective": lambda ws: okrs.delete_objective(ws, "O-1", force=True),
    "add_initiative to the objective": lambda ws: okrs.add_initiative(ws, "O-1", "More work"),
    "add_initiative to a key result": lambda ws: okrs.add_initiative(ws, "KR-2", "More work"),
    "edit_initiative": lambda ws: okrs.edit_initiative(ws, "I-1", {"status": "done"}),
    "delete_initiative": lambda ws: okrs.delete_initiative(ws, "I-1"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_closed_objective_refuses_changes(closed, path, change):
    before = path.read_bytes()
    with pytest.raises(BadInput, match="reopen"):
        change(closed)
    assert path.read_bytes() == before


def test_reopen_period(closed):
    assert reopen_period(closed, "2026-Q4") == ["O-1", "O-2", "O-3", "O-4", "O-5"]
    for objective_id in OBJECTIVE_GRADES:
        record = stored(closed, Objective, objective_id)
        assert (record.state, record.grade) == ("active", None)
    for kr_id in KR_GRADES:
        assert stored(closed, KeyResult, kr_id).grade is None
    assert stored(closed, Objective, "O-6").state == "cancelled"
    checkins.checkin(closed, "KR-1", 70, day="2026-12-20")
    assert [c.value for c in stored(closed, KeyResult, "KR-1").checkins] == [35, 65, 70]


def test_reopen_period_refuses_when_nothing_is_closed(graded, path):
    before = path.read_bytes()
    with pytest.raises(BadInput):
        reopen_period(graded, "2026-Q4")
    assert path.read_bytes() == before


def test_edit_objective_state_active_reopens_one_objective(closed):
    okrs.edit_objective(closed, "O-1", {"state": "active"})
    assert stored(closed, Objective, "O-1").state == "active"
    assert stored(closed, Objective, "O-3").state == "closed"
    checkins.checkin(closed, "KR-1", 70, day="2026-12-20")
    with pytest.raises(BadInput, match="reopen"):
        checkins.checkin(closed, "KR-6", 4, day="2026-12-20")


def test_reopening_one_objective_clears_its_grades(closed):
    """As ``reopen_period`` does: an active objective carries no grade until the next close."""
    okrs.edit_objective(closed, "O-1", {"state": "active"})
    assert stored(closed, Objective, "O-1").grade is None
    assert [
        kr_id
        for kr_id in ("KR-1", "KR-2", "KR-3", "KR-4", "KR-5")
        if stored(closed, KeyResult, kr_id).grade is not None
    ] == []
    assert stored(closed, Objective, "O-3").grade == 0.75  # still closed


def test_an_objective_reopened_on_its_own_and_no_longer_finished_is_carried(ws):
    """O-1 graded 1.0, then reopened alone and its value corrected down to 6 of 10: it is unfinished now."""
    o1 = objective(ws, "Grow")
    kr1 = kr(ws, o1, start=0, target=10)
    check_in(ws, kr1, ("2026-12-01", 10))
    close_period(ws, "2026-Q4")
    okrs.edit_objective(ws, o1, {"state": "active"})
    check_in(ws, kr1, ("2026-12-20", 6))
    assert carry_period(ws, "2026-Q4", "2027-Q1") == {"O-1": "O-2", "KR-1": "KR-2"}
    assert stored(ws, KeyResult, "KR-2").start == 6
