"""``okrtui scorecard`` (issue 5): objectives and KPIs grouped by balanced-scorecard perspective."""

from __future__ import annotations

import pytest


@pytest.fixture
def perspectives(run):
    """As of 2026-11-22 (expected pace 52 / 91 = 0.5714):

    O-1 financial: KR-1 increase 0 -> 10 at 4 -> 0.4, gap 0.1714 -> at-risk
    O-2 customer:  KR-2 milestone done       -> 1.0, on-track
    O-3 learning:  no key results            -> 0.0, gap 0.5714 -> off-track
    O-4 (none):    KR-3 increase 0 -> 4 at 1 -> 0.25, gap 0.3214 -> off-track
    O-5 financial, in 2027-Q1: not in 2026-Q4's scorecard
    K-1 mrr financial, target 100, 120 on 11-20 -> green
    K-2 nps customer, target 50, warn 30, 40 on 11-20 -> amber
    K-3 uptime internal, no measurement -> no-data
    K-4 coffee (none), no measurement -> no-data
    """
    run.add("objective", "add", "Grow revenue", "--perspective", "financial")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    run.add("objective", "add", "Delight customers", "--perspective", "customer")
    run.add("kr", "add", "O-2", "Support portal", "--milestone")
    run.add("objective", "add", "Learn Rust", "--perspective", "learning")
    run.add("objective", "add", "Misc")
    run.add("kr", "add", "O-4", "Chores", "--start", "0", "--target", "4")
    run.add("objective", "add", "Next quarter", "--perspective", "financial", "--period", "2027-Q1")
    run.ok("kr", "checkin", "KR-1", "4")
    run.ok("kr", "checkin", "KR-2", "done")
    run.ok("kr", "checkin", "KR-3", "1")
    run.add("kpi", "add", "MRR", "--target", "100", "--perspective", "financial")
    run.add("kpi", "add", "NPS", "--target", "50", "--warn", "30", "--perspective", "customer")
    run.add("kpi", "add", "Uptime", "--target", "99.9", "--perspective", "internal")
    run.add("kpi", "add", "Coffee", "--target", "3")
    run.ok("kpi", "record", "mrr", "120", "--date", "2026-11-20")
    run.ok("kpi", "record", "nps", "40", "--date", "2026-11-20")


def test_scorecard_groups_objectives_and_kpis_by_perspective(run, perspectives):
    assert run.ok("scorecard", "--json").json == {
        "period": "2026-Q4",
        "perspectives": [
            {
                "perspective": "financial",
                "objectives": [{"id": "O-1", "title": "Grow revenue", "progress": 0.4, "status": "at-risk"}],
                "kpis": [{"id": "K-1", "key": "mrr", "name": "MRR", "health": "green"}],
            },
            {
                "perspective": "customer",
                "objectives": [{"id": "O-2", "title": "Delight customers", "progress": 1.0, "status": "on-track"}],
                "kpis": [{"id": "K-2", "key": "nps", "name": "NPS", "health": "amber"}],
            },
            {
                "perspective": "internal",
                "objectives": [],
                "kpis": [{"id": "K-3", "key": "uptime", "name": "Uptime", "health": "no-data"}],
            },
            {
                "perspective": "learning",
                "objectives": [{"id": "O-3", "title": "Learn Rust", "progress": 0.0, "status": "off-track"}],
                "kpis": [],
            },
            {
                "perspective": "none",
                "objectives": [{"id": "O-4", "title": "Misc", "progress": 0.25, "status": "off-track"}],
                "kpis": [{"id": "K-4", "key": "coffee", "name": "Coffee", "health": "no-data"}],
            },
        ],
    }


def test_scorecard_of_another_period(run, perspectives):
    card = run.ok("scorecard", "--period", "2027-Q1", "--json").json
    assert card["period"] == "2027-Q1"
    objectives = {group["perspective"]: [o["id"] for o in group["objectives"]] for group in card["perspectives"]}
    assert objectives == {"financial": ["O-5"], "customer": [], "internal": [], "learning": [], "none": []}


def test_scorecard_human_output_has_a_heading_per_perspective(run, perspectives):
    out = run.ok("scorecard").out
    headings = [line for line in out.splitlines() if line in ("Financial", "Customer", "Internal", "Learning", "None")]
    assert headings == ["Financial", "Customer", "Internal", "Learning", "None"]
