"""``okrtui init --demo``: sample data that shows every feature (CLI.md; DESIGN.md "The concepts")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

OBJECTIVE_FIELDS = {"id", "title", "period", "owner", "team", "parent", "progress", "status", "key_results"}
KR_FIELDS = {
    "id",
    "objective",
    "title",
    "kind",
    "start",
    "target",
    "current",
    "unit",
    "weight",
    "progress",
    "status",
    "checkins",
}
CHECKIN_FIELDS = {"date", "value", "confidence", "note", "author"}
KPI_FIELDS = {"id", "key", "name", "unit", "direction", "target", "warn", "frequency", "latest", "health", "history"}


@pytest.fixture
def demo(run):
    """``status --json`` of a fresh demo file, as of 2026-11-22."""
    created = run("init", "--demo")
    assert created.code == 0, created.err
    status = run("status", "--json")
    assert status.code == 0, status.err
    return status.json


def all_krs(status: dict) -> list[dict]:
    return [kr for objective in status["objectives"] for kr in objective["key_results"]]


def test_demo_status_has_objectives_and_kpis_with_the_documented_fields(demo):
    assert {"period", "objectives", "kpis"} <= demo.keys()
    assert demo["period"] == "2026-Q4"
    assert len(demo["objectives"]) >= 3
    assert len(demo["kpis"]) >= 3
    for objective in demo["objectives"]:
        assert objective.keys() >= OBJECTIVE_FIELDS, OBJECTIVE_FIELDS - objective.keys()
        assert objective["period"] == "2026-Q4"
        assert objective["status"] in ("on-track", "at-risk", "off-track")
    for kr in all_krs(demo):
        assert kr.keys() >= KR_FIELDS, KR_FIELDS - kr.keys()
        assert kr["kind"] in ("increase", "decrease", "at-least", "at-most", "milestone")
        assert 0 <= kr["progress"] <= 1
        assert kr["status"] in ("on-track", "at-risk", "off-track")
        for checkin in kr["checkins"]:
            assert checkin.keys() >= CHECKIN_FIELDS
    for kpi in demo["kpis"]:
        assert kpi.keys() >= KPI_FIELDS, KPI_FIELDS - kpi.keys()
        assert kpi["health"] in ("green", "amber", "red", "stale", "no-data")


def test_demo_has_a_decrease_from_59_to_38_days(demo):
    matches = [kr for kr in all_krs(demo) if kr["kind"] == "decrease" and kr["start"] == 59 and kr["target"] == 38]
    assert matches, "no decrease key result from 59 to 38"
    assert matches[0]["unit"] == "days"
    assert matches[0]["checkins"], "the 59 -> 38 key result has no check-ins"


def test_demo_has_at_least_9_percent_and_at_least_8000_guards(demo):
    guards = {(kr["kind"], kr["target"]): kr for kr in all_krs(demo)}
    assert ("at-least", 9) in guards
    assert guards[("at-least", 9)]["unit"] == "%"
    assert guards[("at-least", 9)]["start"] is None
    assert ("at-least", 8000) in guards
    assert guards[("at-least", 8000)]["start"] is None


def test_demo_has_an_hr_well_being_objective(demo):
    titles = [objective["title"].lower() for objective in demo["objectives"]]
    assert any("well-being" in title or "wellbeing" in title for title in titles), titles


def test_demo_has_a_marketing_sign_ups_objective_with_initiatives(run, demo):
    marketing = [
        objective
        for objective in demo["objectives"]
        if "sign-up" in objective["title"].lower() or "signup" in objective["title"].lower()
    ]
    assert marketing, [objective["title"] for objective in demo["objectives"]]
    objective = marketing[0]
    assert objective["team"].lower() == "marketing"
    initiatives = run.ok("initiative", "list", "--json").json
    assert [item for item in initiatives if item["objective"] == objective["id"]]


def test_demo_has_a_company_team_personal_alignment_chain(demo):
    """O-1 (company) <- O-2 (team) <- O-3 (personal), with two more team objectives under O-1."""
    alignment = [(objective["id"], objective["parent"], objective["level"]) for objective in demo["objectives"]]
    assert alignment == [
        ("O-1", None, "company"),
        ("O-2", "O-1", "team"),
        ("O-3", "O-2", "personal"),
        ("O-4", "O-1", "team"),
        ("O-5", "O-1", "team"),
    ]


@pytest.mark.parametrize("key", ["mrr", "conversion", "churn"])
def test_demo_kpis_have_about_a_year_of_history(demo, key):
    kpis = {kpi["key"]: kpi for kpi in demo["kpis"]}
    assert key in kpis, sorted(kpis)
    history = kpis[key]["history"]
    dates = [date.fromisoformat(row["date"]) for row in history]
    today = date(2026, 11, 22)
    assert dates == sorted(dates)
    assert min(dates) <= today - timedelta(days=360), min(dates)
    assert min(dates) >= today - timedelta(days=400), min(dates)
    assert max(dates) <= today
    assert len(dates) >= 12
    assert kpis[key]["latest"] == history[-1]
    assert kpis[key]["health"] != "no-data"


def test_demo_check_ins_come_from_several_authors(demo):
    authors = {checkin["author"] for kr in all_krs(demo) for checkin in kr["checkins"]}
    authors.discard("")
    people = {author for author in authors if not author.startswith("KPI ")}
    assert len(people) >= 3, authors


def test_demo_progress_is_a_fraction_rounded_to_4_decimals(demo):
    for objective in demo["objectives"]:
        assert 0 <= objective["progress"] <= 1
        assert round(objective["progress"], 4) == objective["progress"]
        for kr in objective["key_results"]:
            assert round(kr["progress"], 4) == kr["progress"]


def test_demo_into_a_new_folder_creates_it(run, tmp_path):
    target = tmp_path / "new" / "folder" / "demo.json"
    created = run("init", "--demo", db=target)
    assert created.code == 0, created.err
    assert target.exists()
