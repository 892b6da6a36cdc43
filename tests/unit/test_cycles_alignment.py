"""Alignment without cycles, the roll-up of a parent's progress and the balanced scorecard, on real data files.

DESIGN.md "Semantics" pins the numbers; each expected value is worked out by hand in a comment.
2026-Q4 runs 2026-10-01 .. 2026-12-31.
"""

from __future__ import annotations

import pytest
from cycles_support import Q4, check_in, kr, objective, open_ws, stored

from okrtui.domain.models import Objective
from okrtui.errors import BadInput
from okrtui.services import kpis, measurements, okrs
from okrtui.services.views import Dataset, Scorer, objective_view, scorecard_view
from okrtui.services.workspace import Workspace

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
    assert view.progress == 0.7048
    assert view.children == ("O-2", "O-3", "O-4")


def test_roll_up_counts_only_its_own_key_results_once_it_has_some(ws):
    """O-1 gets a KR 0 -> 8 at 2 (0.25): its children (both 1.0) no longer count."""
    o1 = objective(ws, "Company")
    check_in(ws, kr(ws, objective(ws, "A", parent=o1), milestone=True), ("2026-11-01", "done"))
    check_in(ws, kr(ws, objective(ws, "B", parent=o1), milestone=True), ("2026-11-01", "done"))
    data = Dataset.load(ws)
    assert objective_view(Scorer(data, ws.today), data.objective_by_id["O-1"]).progress == 1.0
    check_in(ws, kr(ws, o1, start=0, target=8), ("2026-11-01", 2))
    data = Dataset.load(ws)
    assert objective_view(Scorer(data, ws.today), data.objective_by_id["O-1"]).progress == 0.25


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
            {
                "perspective": "customer",
                "objectives": [{"id": "O-1", "title": "Happy customers", "progress": 0.8, "status": "on-track"}],
                "kpis": [{"id": "K-1", "key": "churn", "name": "Churn", "health": "green"}],
            },
            {
                "perspective": "internal",
                "objectives": [{"id": "O-2", "title": "Better tooling", "progress": 0.0, "status": "off-track"}],
                "kpis": [],
            },
            {"perspective": "learning", "objectives": [], "kpis": []},
        ],
    }
