"""The sandbagging hint (okrtui.services.cycles): one owner's objectives graded 1.0 in consecutive periods.

DESIGN.md "Semantics" pins the numbers; each expected value is worked out by hand in a comment.
2026-Q4 runs 2026-10-01 .. 2026-12-31.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cycles_support import check_in, kr, objective, open_ws, stored

from okrtui.domain.models import Objective
from okrtui.domain.periods import Period
from okrtui.services.cycles import close_period, sandbagging_hints
from okrtui.services.views import Dataset
from okrtui.services.workspace import Workspace


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
