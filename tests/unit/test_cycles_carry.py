"""Carrying a period's unfinished objectives into the next (okrtui.services.cycles), on real data files.

DESIGN.md "Semantics" pins the numbers; each expected value is worked out by hand in a comment.
2026-Q4 runs 2026-10-01 .. 2026-12-31.
"""

from __future__ import annotations

from datetime import date

import pytest
from cycles_support import check_in, kr, objective, open_ws, stored

from okrtui.domain.models import Initiative, KeyResult, Objective
from okrtui.errors import BadInput
from okrtui.services import okrs
from okrtui.services.cycles import carry_period, close_period
from okrtui.services.views import Dataset, Scorer, objective_view
from okrtui.services.workspace import Workspace


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
    check_in(ws, kr(ws, o1, "Fraud", at_most=2, weight=1), ("2026-11-01", 1))
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
    return {
        table.__name__: [record.model_dump() for record in ws.repo.all(table)]
        for table in (Objective, KeyResult, Initiative)
    }


def test_carry_period_copies_the_unfinished(unfinished):
    mapping = carry_period(unfinished, "2026-Q4", "2027-Q1")
    assert mapping == {"O-1": "O-5", "KR-1": "KR-11", "KR-5": "KR-12", "KR-6": "KR-13", "O-2": "O-6", "KR-7": "KR-14"}

    grow = stored(unfinished, Objective, "O-5")
    assert (grow.title, grow.period, grow.owner, grow.perspective, grow.description) == (
        "Grow",
        "2027-Q1",
        "alice",
        "financial",
        "why now",
    )
    assert (grow.state, grow.grade, grow.carried_from, grow.parent) == ("active", None, "O-1", None)
    child = stored(unfinished, Objective, "O-6")
    assert (child.period, child.carried_from, child.parent) == ("2027-Q1", "O-2", "O-5")

    deals = stored(unfinished, KeyResult, "KR-11")
    assert (deals.objective, deals.kind, deals.start, deals.target, deals.weight, deals.unit) == (
        "O-5",
        "increase",
        4,
        10,
        2,
        "deals",
    )
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
    assert [(k.id, k.current, k.progress) for k in view.key_results] == [
        ("KR-11", 4, 0.0),
        ("KR-12", None, 0.0),
        ("KR-13", -2, 0.0),
    ]


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
