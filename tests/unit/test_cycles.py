"""The end of a quarter through the services (okrtui.services.cycles), on real data files: grades, closing,
reopening, carry-over, the sandbagging hint, alignment cycles, the roll-up and the scorecard.

DESIGN.md "Semantics" pins the numbers; each expected value is worked out by hand in a comment.
2026-Q4 runs 2026-10-01 .. 2026-12-31.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.models import Initiative, KeyResult, Objective
from okrtui.domain.periods import Period
from okrtui.errors import BadInput
from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.services.cycles import (
    carry_period,
    close_period,
    compute_grades,
    reopen_period,
    sandbagging_hints,
)
from okrtui.services.views import Dataset, Scorer, objective_view, scorecard_view
from okrtui.services.workspace import Workspace

Q4 = Period.parse("2026-Q4")


def open_ws(path: Path, today: str) -> Workspace:
    return Workspace.open(path, actor="tester", today=today)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "x.json"


@pytest.fixture
def ws(path: Path) -> Workspace:
    """The data file as of 2026-12-31, the last day of 2026-Q4."""
    return open_ws(path, "2026-12-31")


def objective(ws: Workspace, title: str, period: str = "2026-Q4", **fields) -> str:
    return okrs.add_objective(ws, title, period=period, **fields).id


def kr(ws: Workspace, objective_id: str, title: str = "kr", **bounds) -> str:
    return okrs.add_kr(ws, objective_id, title, **bounds).id


def check_in(ws: Workspace, kr_id: str, *points: tuple[str, object]) -> None:
    """Check-ins given as (date, value)."""
    for day, value in points:
        checkins.checkin(ws, kr_id, value, day=day)


def stored(ws: Workspace, model, record_id: str):
    return ws.repo.get(model, record_id)


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
    kr4 = kr(ws, o1, at_most=2)
    kr5 = kr(ws, o1, at_least=9)
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
    assert [kr_id for kr_id in ("KR-1", "KR-2", "KR-3", "KR-4", "KR-5")
            if stored(closed, KeyResult, kr_id).grade is not None] == []
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


# -- carry-over -------------------------------------------------------------------------------------------------------


@pytest.fixture
def unfinished(ws: Workspace) -> Workspace:
    """2026-Q4, still open, as of 2026-12-31:

    O-1 "Grow" (alice):
      KR-1 increase 0 -> 10 at 4, weight 2       unfinished: copied as 4 -> 10
      KR-2 milestone done                        finished: stays behind
      KR-3 decrease 59 -> 38 at 38               target reached: stays behind
      KR-4 decrease 59 -> 38 at 30               beyond the target (progress 1): stays behind
      KR-5 at most 2                             a maintain result: copied with its threshold
      KR-6 increase 0 -> 10 at -2                below its baseline: copied as -2 -> 10
      I-1 under KR-1 todo, I-2 under O-1 done, I-3 under KR-2 doing
    O-2 "Child" aligned to O-1: KR-7 milestone not done
    O-3 "Done": KR-8 increase 0 -> 5 at 6, KR-9 milestone done: every key result at full progress, stays behind
    O-4 "Dropped" (cancelled): KR-10 increase 0 -> 3 at 1: stays behind
    """
    o1 = objective(ws, "Grow", owner="alice", perspective="financial", description="why now")
    check_in(ws, kr(ws, o1, "Deals", start=0, target=10, weight=2, unit="deals"), ("2026-11-01", 4))
    check_in(ws, kr(ws, o1, "Launch", milestone=True), ("2026-11-01", "done"))
    check_in(ws, kr(ws, o1, "Cycle", start=59, target=38), ("2026-11-01", 38))
    check_in(ws, kr(ws, o1, "Cycle 2", start=59, target=38), ("2026-11-01", 30))
    check_in(ws, kr(ws, o1, "Fraud", at_most=2), ("2026-11-01", 1))
    check_in(ws, kr(ws, o1, "Margin", start=0, target=10), ("2026-11-01", -2))
    okrs.add_initiative(ws, "KR-1", "Cold calls", status="todo", owner="bob", due="2027-02-01")
    okrs.add_initiative(ws, o1, "Hire", status="done")
    okrs.add_initiative(ws, "KR-2", "Launch party", status="doing")
    o2 = objective(ws, "Child", parent=o1)
    kr(ws, o2, "Docs", milestone=True)
    o3 = objective(ws, "Done")
    check_in(ws, kr(ws, o3, start=0, target=5), ("2026-11-01", 6))
    check_in(ws, kr(ws, o3, milestone=True), ("2026-11-01", "done"))
    o4 = objective(ws, "Dropped")
    check_in(ws, kr(ws, o4, start=0, target=3), ("2026-11-01", 1))
    okrs.edit_objective(ws, o4, {"state": "cancelled"})
    return ws


def snapshot(ws: Workspace) -> dict[str, list[dict]]:
    return {table.__name__: [record.model_dump() for record in ws.repo.all(table)]
            for table in (Objective, KeyResult, Initiative)}


def test_carry_period_copies_the_unfinished(unfinished):
    mapping = carry_period(unfinished, "2026-Q4", "2027-Q1")
    assert mapping == {"O-1": "O-5", "KR-1": "KR-11", "KR-5": "KR-12", "KR-6": "KR-13", "O-2": "O-6", "KR-7": "KR-14"}

    grow = stored(unfinished, Objective, "O-5")
    assert (grow.title, grow.period, grow.owner, grow.perspective, grow.description) == (
        "Grow", "2027-Q1", "alice", "financial", "why now")
    assert (grow.state, grow.grade, grow.carried_from, grow.parent) == ("active", None, "O-1", None)
    child = stored(unfinished, Objective, "O-6")
    assert (child.period, child.carried_from, child.parent) == ("2027-Q1", "O-2", "O-5")

    deals = stored(unfinished, KeyResult, "KR-11")
    assert (deals.objective, deals.kind, deals.start, deals.target, deals.weight, deals.unit) == (
        "O-5", "increase", 4, 10, 2, "deals")
    assert (deals.checkins, deals.grade) == ([], None)
    fraud = stored(unfinished, KeyResult, "KR-12")
    assert (fraud.kind, fraud.start, fraud.target, fraud.checkins) == ("at-most", None, 2, [])
    margin = stored(unfinished, KeyResult, "KR-13")
    assert (margin.kind, margin.start, margin.target) == ("increase", -2, 10)
    docs = stored(unfinished, KeyResult, "KR-14")
    assert (docs.objective, docs.kind, docs.checkins) == ("O-6", "milestone", [])


def test_carried_initiatives(unfinished):
    carry_period(unfinished, "2026-Q4", "2027-Q1")
    copies = [i for i in unfinished.repo.all(Initiative) if i.objective == "O-5"]
    assert [(i.id, i.title, i.kr, i.status, i.owner, i.due) for i in copies] == [
        ("I-4", "Cold calls", "KR-11", "todo", "bob", date(2027, 2, 1)),
        ("I-5", "Launch party", None, "doing", "tester", None),  # KR-2 was finished and stayed behind
    ]


def test_carried_key_results_start_the_new_period_at_zero(unfinished, path):
    carry_period(unfinished, "2026-Q4", "2027-Q1")
    in_q1 = open_ws(path, "2027-02-15")
    data = Dataset.load(in_q1)
    view = objective_view(Scorer(data, in_q1.today), data.objective_by_id["O-5"])
    assert [(k["id"], k["current"], k["progress"]) for k in view["key_results"]] == [
        ("KR-11", 4, 0.0), ("KR-12", None, 0.0), ("KR-13", -2, 0.0)]


def test_carry_changes_nothing_in_the_source_period(unfinished):
    before = snapshot(unfinished)
    carry_period(unfinished, "2026-Q4", "2027-Q1")
    after = snapshot(unfinished)
    for table, records in before.items():
        assert after[table][: len(records)] == records


def test_carry_from_a_closed_period_skips_what_graded_one(unfinished):
    """Closed: O-1 = (2·0.4 + 1 + 1 + 1 + 1 + 0) / 7 = 4.8 / 7 = 0.6857; O-2 = 0; O-3 = 1.0 stays behind."""
    close_period(unfinished, "2026-Q4")
    assert stored(unfinished, Objective, "O-1").grade == 0.6857
    assert stored(unfinished, Objective, "O-3").grade == 1.0
    mapping = carry_period(unfinished, "2026-Q4", "2027-Q1")
    assert [key for key in mapping if key.startswith("O-")] == ["O-1", "O-2"]
    assert stored(unfinished, Objective, "O-1").state == "closed"


def test_carrying_twice_is_refused_and_changes_nothing(unfinished, path):
    carry_period(unfinished, "2026-Q4", "2027-Q1")
    before = path.read_bytes()
    with pytest.raises(BadInput, match="O-1"):
        carry_period(unfinished, "2026-Q4", "2027-Q1")
    assert path.read_bytes() == before


def test_carrying_into_the_same_period_is_refused(unfinished, path):
    before = path.read_bytes()
    with pytest.raises(BadInput):
        carry_period(unfinished, "2026-Q4", "2026-Q4")
    assert path.read_bytes() == before


def test_nothing_unfinished_to_carry(ws, path):
    check_in(ws, kr(ws, objective(ws, "Done"), milestone=True), ("2026-11-01", "done"))
    before = path.read_bytes()
    with pytest.raises(BadInput):
        carry_period(ws, "2026-Q4", "2027-Q1")
    assert path.read_bytes() == before


def test_alignment_follows_the_copies_when_the_parent_is_younger(ws):
    """O-1 is aligned to O-2 after both were made: O-1's copy must align to O-2's copy, not to O-2 in 2026-Q4."""
    o1 = objective(ws, "Team")
    kr(ws, o1, start=0, target=10)
    o2 = objective(ws, "Company")
    kr(ws, o2, start=0, target=10)
    okrs.edit_objective(ws, o1, {"parent": o2})
    mapping = carry_period(ws, "2026-Q4", "2027-Q1")
    assert stored(ws, Objective, mapping["O-1"]).parent == mapping["O-2"]


def test_a_roll_up_parent_whose_children_are_all_finished_is_not_carried(ws):
    """O-1 has no key results; its only child O-2 is finished, so O-1's progress is 1.0 (and it would grade 1.0 on
    close, which keeps it from being carried). Carrying from the open period must agree."""
    o1 = objective(ws, "Company")
    check_in(ws, kr(ws, objective(ws, "Team", parent=o1), milestone=True), ("2026-11-01", "done"))
    o3 = objective(ws, "Other")
    kr(ws, o3, start=0, target=10)
    data = Dataset.load(ws)
    assert Scorer(data, ws.today).objective(data.objective_by_id["O-1"]).progress == 1.0
    assert carry_period(ws, "2026-Q4", "2027-Q1") == {"O-3": "O-4", "KR-2": "KR-3"}


# -- sandbagging ------------------------------------------------------------------------------------------------------


@pytest.fixture
def year_on(path: Path) -> Workspace:
    """A workspace late enough to check in and close any period of 2025 .. 2027."""
    return open_ws(path, "2028-01-10")


def perfect(ws: Workspace, period: str, owner: str) -> str:
    """An objective of ``owner`` in ``period`` with one milestone done in it: it grades 1.0."""
    objective_id = objective(ws, f"{owner} {period}", period=period, owner=owner)
    check_in(ws, kr(ws, objective_id, milestone=True), (Period.parse(period).start.isoformat(), "done"))
    return objective_id


def partial(ws: Workspace, period: str, owner: str) -> str:
    """An objective of ``owner`` in ``period`` that grades 0.5 (increase 0 -> 2 at 1)."""
    objective_id = objective(ws, f"{owner} {period} stretch", period=period, owner=owner)
    check_in(ws, kr(ws, objective_id, start=0, target=2), (Period.parse(period).start.isoformat(), 1))
    return objective_id


def hint_pairs(ws: Workspace) -> list[tuple[str, list[str]]]:
    return [(hint["owner"], hint["periods"]) for hint in sandbagging_hints(Dataset.load(ws))]


def close(ws: Workspace, *periods: str) -> None:
    for period in periods:
        close_period(ws, period)


def test_two_consecutive_perfect_quarters_give_the_hint(year_on):
    perfect(year_on, "2026-Q3", "alice")
    perfect(year_on, "2026-Q4", "alice")
    perfect(year_on, "2026-Q4", "alice")
    close(year_on, "2026-Q3", "2026-Q4")
    hints = sandbagging_hints(Dataset.load(year_on))
    assert [(h["owner"], h["periods"]) for h in hints] == [("alice", ["2026-Q3", "2026-Q4"])]
    assert "alice" in hints[0]["hint"] and "ambitious" in hints[0]["hint"]


def test_the_hint_across_a_year_boundary(year_on):
    perfect(year_on, "2026-Q4", "alice")
    perfect(year_on, "2027-Q1", "alice")
    close(year_on, "2026-Q4", "2027-Q1")
    assert hint_pairs(year_on) == [("alice", ["2026-Q4", "2027-Q1"])]


def test_the_hint_for_consecutive_years(year_on):
    perfect(year_on, "2025", "alice")
    perfect(year_on, "2026", "alice")
    close(year_on, "2025", "2026")
    assert hint_pairs(year_on) == [("alice", ["2025", "2026"])]


def test_three_perfect_quarters_give_two_hints(year_on):
    for period in ("2026-Q2", "2026-Q3", "2026-Q4"):
        perfect(year_on, period, "alice")
    close(year_on, "2026-Q2", "2026-Q3", "2026-Q4")
    assert hint_pairs(year_on) == [("alice", ["2026-Q2", "2026-Q3"]), ("alice", ["2026-Q3", "2026-Q4"])]


def test_no_hint_for_quarters_that_are_not_consecutive(year_on):
    perfect(year_on, "2026-Q2", "alice")
    perfect(year_on, "2026-Q4", "alice")
    close(year_on, "2026-Q2", "2026-Q4")
    assert hint_pairs(year_on) == []


def test_no_hint_when_one_objective_graded_below_one(year_on):
    perfect(year_on, "2026-Q3", "alice")
    perfect(year_on, "2026-Q4", "alice")
    partial(year_on, "2026-Q4", "alice")
    close(year_on, "2026-Q3", "2026-Q4")
    assert stored(year_on, Objective, "O-3").grade == 0.5
    assert hint_pairs(year_on) == []


def test_no_hint_for_another_owner(year_on):
    perfect(year_on, "2026-Q3", "alice")
    perfect(year_on, "2026-Q4", "alice")
    perfect(year_on, "2026-Q3", "bob")
    partial(year_on, "2026-Q4", "bob")
    perfect(year_on, "2026-Q4", "carol")
    close(year_on, "2026-Q3", "2026-Q4")
    assert hint_pairs(year_on) == [("alice", ["2026-Q3", "2026-Q4"])]


def test_no_hint_when_two_owners_share_the_quarters(year_on):
    perfect(year_on, "2026-Q3", "alice")
    perfect(year_on, "2026-Q4", "bob")
    close(year_on, "2026-Q3", "2026-Q4")
    assert hint_pairs(year_on) == []


def test_no_hint_until_the_second_period_is_closed(year_on):
    perfect(year_on, "2026-Q3", "alice")
    perfect(year_on, "2026-Q4", "alice")
    close(year_on, "2026-Q3")
    assert hint_pairs(year_on) == []
    close(year_on, "2026-Q4")
    assert hint_pairs(year_on) == [("alice", ["2026-Q3", "2026-Q4"])]


def test_a_yearly_objective_does_not_hide_two_consecutive_quarters(year_on):
    """alice's objectives of 2026-Q4 and of 2027-Q1 all graded 1.0; a yearly 2027 objective of hers (also 1.0)
    must not keep the quarters from counting as consecutive."""
    perfect(year_on, "2026-Q4", "alice")
    perfect(year_on, "2027-Q1", "alice")
    perfect(year_on, "2027", "alice")
    close(year_on, "2026-Q4", "2027-Q1", "2027")
    assert ("alice", ["2026-Q4", "2027-Q1"]) in hint_pairs(year_on)


# -- alignment: no cycles ---------------------------------------------------------------------------------------------


@pytest.fixture
def chain(ws: Workspace) -> Workspace:
    """O-1 <- O-2 <- O-3."""
    o1 = objective(ws, "Company")
    o2 = objective(ws, "Team", parent=o1)
    objective(ws, "Person", parent=o2)
    return ws


@pytest.mark.parametrize(("child", "parent"), [("O-1", "O-3"), ("O-1", "O-2"), ("O-2", "O-3"), ("O-1", "O-1")])
def test_a_parent_that_would_make_a_cycle_is_refused(chain, path, child, parent):
    before = path.read_bytes()
    with pytest.raises(BadInput, match="own ancestor") as refused:
        okrs.edit_objective(chain, child, {"parent": parent})
    assert refused.value.field == "parent"
    assert path.read_bytes() == before


def test_moving_a_subtree_elsewhere_is_accepted(chain):
    o4 = objective(chain, "Elsewhere")
    okrs.edit_objective(chain, "O-2", {"parent": o4})
    okrs.edit_objective(chain, "O-1", {"parent": "O-3"})  # no longer a cycle: O-3 now sits under O-2 <- O-4
    assert stored(chain, Objective, "O-1").parent == "O-3"


# -- roll-up ----------------------------------------------------------------------------------------------------------


def test_roll_up_of_a_parent_without_key_results(ws):
    """O-1 <- O-2 (KR 0 -> 10 at 4: 0.4), O-3 (decrease 59 -> 38 at 44: 0.714286), O-4 (milestone done: 1.0).
    O-1 = (0.4 + 0.714286 + 1.0) / 3 = 2.114286 / 3 = 0.704762 -> 0.7048."""
    o1 = objective(ws, "Company")
    check_in(ws, kr(ws, objective(ws, "A", parent=o1), start=0, target=10), ("2026-11-01", 4))
    check_in(ws, kr(ws, objective(ws, "B", parent=o1), start=59, target=38), ("2026-11-01", 44))
    check_in(ws, kr(ws, objective(ws, "C", parent=o1), milestone=True), ("2026-11-01", "done"))
    data = Dataset.load(ws)
    view = objective_view(Scorer(data, ws.today), data.objective_by_id["O-1"])
    assert view["progress"] == 0.7048
    assert view["children"] == ["O-2", "O-3", "O-4"]


def test_roll_up_counts_only_its_own_key_results_once_it_has_some(ws):
    """O-1 gets a KR 0 -> 8 at 2 (0.25): its children (both 1.0) no longer count."""
    o1 = objective(ws, "Company")
    check_in(ws, kr(ws, objective(ws, "A", parent=o1), milestone=True), ("2026-11-01", "done"))
    check_in(ws, kr(ws, objective(ws, "B", parent=o1), milestone=True), ("2026-11-01", "done"))
    data = Dataset.load(ws)
    assert objective_view(Scorer(data, ws.today), data.objective_by_id["O-1"])["progress"] == 1.0
    check_in(ws, kr(ws, o1, start=0, target=8), ("2026-11-01", 2))
    data = Dataset.load(ws)
    assert objective_view(Scorer(data, ws.today), data.objective_by_id["O-1"])["progress"] == 0.25


# -- scorecard --------------------------------------------------------------------------------------------------------


def test_scorecard_view_groups_by_perspective(path):
    """As of 2026-11-22 (expected 52 / 91 = 0.5714):
    O-1 customer: KR 0 -> 10 at 8 -> 0.8, on-track; O-2 internal: no KRs -> 0.0, off-track (gap 0.5714);
    O-3 customer in 2027-Q1: not listed. K-1 churn (customer, down, target 2): 1.5 on 11-20 -> green."""
    ws = open_ws(path, "2026-11-22")
    o1 = objective(ws, "Happy customers", perspective="customer")
    check_in(ws, kr(ws, o1, start=0, target=10), ("2026-11-01", 8))
    objective(ws, "Better tooling", perspective="internal")
    objective(ws, "Later", period="2027-Q1", perspective="customer")
    kpis.add_kpi(ws, "Churn", target=2, direction="down", perspective="customer")
    measurements.record(ws, "churn", 1.5, day="2026-11-20")
    assert scorecard_view(ws, Q4) == {
        "period": "2026-Q4",
        "perspectives": [
            {"perspective": "financial", "objectives": [], "kpis": []},
            {"perspective": "customer",
             "objectives": [{"id": "O-1", "title": "Happy customers", "progress": 0.8, "status": "on-track"}],
             "kpis": [{"id": "K-1", "key": "churn", "name": "Churn", "health": "green"}]},
            {"perspective": "internal",
             "objectives": [{"id": "O-2", "title": "Better tooling", "progress": 0.0, "status": "off-track"}],
             "kpis": []},
            {"perspective": "learning", "objectives": [], "kpis": []},
        ],
    }
