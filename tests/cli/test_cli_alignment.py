"""Alignment without cycles and the roll-up of a parent's progress, through the CLI (issue 5).

DESIGN.md "Semantics": an objective without key results takes the mean of its aligned children; every
expected number is worked out by hand in a comment.
"""

from __future__ import annotations

import pytest
from period_support import objective_json

# -- alignment: no cycles ---------------------------------------------------------------------------------------------


@pytest.fixture
def chain(run):
    """O-1 <- O-2 <- O-3: O-2 aligns to O-1, O-3 to O-2."""
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Team", "--parent", "O-1")
    run.add("objective", "add", "Person", "--parent", "O-2")


@pytest.mark.parametrize(("child", "parent"), [("O-1", "O-3"), ("O-1", "O-2"), ("O-2", "O-3"), ("O-1", "O-1")])
def test_an_objective_cannot_become_its_own_ancestor(run, db, chain, child, parent):
    before = db.read_bytes()
    result = run("objective", "edit", child, "--parent", parent)
    result.assert_bad_input()
    assert "own ancestor" in result.err
    assert db.read_bytes() == before
    assert objective_json(run, "O-1")["parent"] is None


def test_a_parent_that_makes_no_cycle_is_accepted(run, chain):
    run.add("objective", "add", "Other")  # O-4
    run.ok("objective", "edit", "O-3", "--parent", "O-1")
    run.ok("objective", "edit", "O-1", "--parent", "O-4")
    assert objective_json(run, "O-3")["parent"] == "O-1"
    assert objective_json(run, "O-1")["parent"] == "O-4"


# -- roll-up ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(run):
    """As of 2026-11-22:

    O-1 Company (no key results)
      O-2 Sales: KR-1 increase 0 -> 10 at 4                    progress 0.4
      O-3 Product (no key results)
        O-4 Launch: KR-2 milestone done                        progress 1.0
        O-5 Speed: KR-3 decrease 59 -> 38 at 44                progress 15 / 21 = 0.714286
      O-3 = (1.0 + 0.714286) / 2 = 0.857143 -> 0.8571
    O-1 = (0.4 + 0.857143) / 2 = 0.628571 -> 0.6286
    """
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Sales", "--parent", "O-1")
    run.add("kr", "add", "O-2", "Deals", "--start", "0", "--target", "10")
    run.add("objective", "add", "Product", "--parent", "O-1")
    run.add("objective", "add", "Launch", "--parent", "O-3")
    run.add("kr", "add", "O-4", "Shipped", "--milestone")
    run.add("objective", "add", "Speed", "--parent", "O-3")
    run.add("kr", "add", "O-5", "Lead time", "--start", "59", "--target", "38")
    run.ok("kr", "checkin", "KR-1", "4")
    run.ok("kr", "checkin", "KR-2", "done")
    run.ok("kr", "checkin", "KR-3", "44")


def test_a_parent_without_key_results_takes_the_mean_of_its_children(run, tree):
    assert objective_json(run, "O-2")["progress"] == 0.4
    assert objective_json(run, "O-3")["progress"] == 0.8571
    company = objective_json(run, "O-1")
    assert company["progress"] == 0.6286
    assert company["children"] == ["O-2", "O-3"]


def test_a_parent_with_key_results_counts_only_those(run, tree):
    run.add("kr", "add", "O-1", "Revenue", "--start", "0", "--target", "4")  # KR-4
    run.ok("kr", "checkin", "KR-4", "1")
    assert objective_json(run, "O-1")["progress"] == 0.25  # 1 / 4; the children's 0.6286 no longer counts
    run.add("kr", "add", "O-1", "Board approval", "--milestone", "--weight", "3")  # KR-5
    run.ok("kr", "checkin", "KR-5", "done")
    assert objective_json(run, "O-1")["progress"] == 0.8125  # (1·0.25 + 3·1.0) / 4 = 3.25 / 4


def test_the_roll_up_follows_a_new_check_in(run, tree):
    run.ok("kr", "checkin", "KR-1", "10")
    # O-2 = 1.0; O-1 = (1.0 + 0.857143) / 2 = 0.928571 -> 0.9286
    assert objective_json(run, "O-1")["progress"] == 0.9286
