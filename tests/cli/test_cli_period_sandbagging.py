"""The sandbagging hint of ``period close`` (issue 5): one owner's objectives graded 1.0 in consecutive
quarters.

2026-Q4 runs 2026-10-01 .. 2026-12-31. Most tests close it on 2027-01-05 (``late``), so the grading day is 2026-12-31.
"""

from __future__ import annotations

import pytest
from period_support import after_the_quarter


@pytest.fixture
def late(run):
    """Like ``run`` (same data file), with ``--today 2027-01-05``: 2026-Q4 is over, 2027-Q1 is the current quarter."""
    return after_the_quarter(run)


# -- sandbagging ------------------------------------------------------------------------------------------------------


def perfect_objective(cli, title: str, period: str, owner: str, kr_day: str) -> None:
    """An objective of ``owner`` in ``period`` whose only key result (a milestone) is done: it grades 1.0."""
    objective_id = cli.add("objective", "add", title, "--period", period, "--owner", owner)
    kr_id = cli.add("kr", "add", objective_id, "Done", "--milestone")
    cli.ok("kr", "checkin", kr_id, "done", "--date", kr_day)


def hint_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("hint:")]


def test_period_close_prints_the_sandbagging_hint(late):
    perfect_objective(late, "Q3 goal", "2026-Q3", "alice", "2026-09-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    perfect_objective(late, "Bob's Q4 goal", "2026-Q4", "bob", "2026-12-01")
    assert hint_lines(late.ok("period", "close", "2026-Q3", "--yes").out) == []  # one perfect quarter is no pattern
    hints = hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out)
    assert len(hints) == 1
    assert "alice" in hints[0]
    assert "2026-Q3" in hints[0] and "2026-Q4" in hints[0]
    assert "bob" not in hints[0]


def test_no_hint_when_one_objective_graded_below_one(late):
    perfect_objective(late, "Q3 goal", "2026-Q3", "alice", "2026-09-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    stretch = late.add("objective", "add", "Stretch", "--period", "2026-Q4", "--owner", "alice")
    late.add("kr", "add", stretch, "Deals", "--start", "0", "--target", "10")
    late.ok("kr", "checkin", "KR-3", "9", "--date", "2026-12-01")  # grade 0.9
    late.ok("period", "close", "2026-Q3", "--yes")
    assert hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out) == []


def test_no_hint_for_quarters_that_are_not_consecutive(late):
    perfect_objective(late, "Q2 goal", "2026-Q2", "alice", "2026-06-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    late.ok("period", "close", "2026-Q2", "--yes")
    assert hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out) == []
