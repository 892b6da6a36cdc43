"""``okrtui report --format csv`` and ``--format json`` on the demo data, as of two dates, checked against the
raw file (report_support.py); the report writes nothing; bad format or period is bad input.
"""

from __future__ import annotations

import csv
import io

import pytest
from report_support import NOW, PAST, Raw, load_demo, week_before

# -- the demo file ----------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(run, db) -> dict:
    """This test's data file holds the demo made as of 2026-11-22; returns the file parsed."""
    return load_demo(run, db)


# -- --format csv and json --------------------------------------------------------------------------------------------

CSV_HEADER = [
    "objective",
    "objective_title",
    "objective_progress",
    "objective_change",
    "objective_status",
    "kr",
    "kr_title",
    "kind",
    "value",
    "target",
    "unit",
    "progress",
    "status",
    "latest_note",
    "ratio",
    "zone",
]


@pytest.mark.parametrize("day", [NOW, PAST])
def test_csv_one_row_per_key_result(run, demo, day):
    raw = Raw(demo)
    result = run("report", "--format", "csv", today=day)
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == CSV_HEADER
    body = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    # O-1 has no key results: one row of its own; every other row is one key result, each exactly once
    assert [row["kr"] for row in body] == [""] + [f"KR-{n}" for n in range(1, 11)]
    assert body[0]["objective"] == "O-1" and all(body[0][column] == "" for column in CSV_HEADER[5:])
    objectives = {o["id"]: o for o in raw.objectives}
    krs = {kr["id"]: kr for kr in raw.krs}
    for row in body:
        objective = objectives[row["objective"]]
        assert row["objective_title"] == objective["title"]
        now = raw.objective_progress(objective, day)
        assert float(row["objective_progress"]) == pytest.approx(now, abs=1e-4)
        assert float(row["objective_change"]) == pytest.approx(
            now - raw.objective_progress(objective, week_before(day)), abs=1e-4
        )
        assert row["objective_status"] == raw.objective_status(objective, day)
        if not row["kr"]:
            continue
        kr = krs[row["kr"]]
        assert kr["objective"] == objective["id"]
        assert (row["kr_title"], row["kind"], row["unit"]) == (kr["title"], kr["kind"], kr.get("unit", ""))
        assert float(row["value"]) == raw.current(kr, day)
        assert float(row["target"]) == kr["target"]
        assert float(row["progress"]) == pytest.approx(raw.progress(kr, day), abs=1e-4)
        assert row["status"] == raw.status(kr, day)
        assert row["latest_note"] == raw.latest_note(kr, day)


@pytest.mark.parametrize("day", [NOW, PAST])
def test_json_report_fields(run, demo, day):
    raw = Raw(demo)
    result = run("report", "--format", "json", today=day)
    assert result.code == 0, result.err
    report = result.json
    assert report["period"] == "2026-Q4"
    assert report["as_of"] == day
    assert [o["id"] for o in report["objectives"]] == [o["id"] for o in raw.tree()]
    by_id = {o["id"]: o for o in raw.objectives}
    for entry in report["objectives"]:
        objective = by_id[entry["id"]]
        now, before = raw.objective_progress(objective, day), raw.objective_progress(objective, week_before(day))
        assert entry["progress"] == pytest.approx(now, abs=1e-4)
        assert entry["progress_week_ago"] == pytest.approx(before, abs=1e-4)
        assert entry["change"] == pytest.approx(now - before, abs=1e-4)
        assert entry["status"] == raw.objective_status(objective, day)
        assert (entry["title"], entry["owner"], entry["team"]) == (
            objective["title"],
            objective["owner"],
            objective["team"],
        )
        assert [kr["id"] for kr in entry["key_results"]] == [kr["id"] for kr in raw.krs_of(entry["id"])]
        for shown_kr, kr in zip(entry["key_results"], raw.krs_of(entry["id"]), strict=True):
            assert shown_kr["value"] == raw.current(kr, day), kr["id"]
            assert shown_kr["target"] == kr["target"]
            assert shown_kr["progress"] == pytest.approx(raw.progress(kr, day), abs=1e-4), kr["id"]
            assert shown_kr["status"] == raw.status(kr, day), kr["id"]
            assert shown_kr["latest_note"] == raw.latest_note(kr, day), kr["id"]
    assert [(k["key"], k["health"], k["trend"]) for k in report["kpis"]] == [
        (kpi["key"], raw.kpi_health(kpi, day), raw.kpi_trend(kpi, day)) for kpi in raw.kpis
    ]
    for shown_kpi, kpi in zip(report["kpis"], raw.kpis, strict=True):
        when, value = raw.kpi_latest(kpi, day)
        assert shown_kpi["latest"] == {"date": when, "value": value}
    owner = {o["id"]: o["owner"] for o in raw.objectives}
    assert [(a["id"], a["status"], a["owner"]) for a in report["attention"]] == [
        (kr["id"], raw.status(kr, day), owner[kr["objective"]])
        for objective in raw.tree()
        for kr in raw.krs_of(objective["id"])
        if raw.status(kr, day) != "on-track"
    ]
    assert [(d["id"], d["owner"], d["last_checkin"]) for d in report["not_checked_in"]] == [
        (kr["id"], owner[kr["objective"]], last) for kr, last in raw.due(day)
    ]


def test_json_report_pinned_not_checked_in(run, demo):
    report = run.ok("report", "--format", "json").json
    assert [(d["id"], d["owner"], d["last_checkin"], d["days_since"]) for d in report["not_checked_in"]] == [
        ("KR-8", "dana", None, None),
        ("KR-10", "chen", "2026-11-05", 17),
    ]


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_the_report_changes_nothing_in_the_data_file(run, db, demo, fmt):
    before = db.read_bytes()
    listing = sorted(p.name for p in db.parent.iterdir())
    for day in (NOW, PAST):
        assert run("report", "--format", fmt, today=day).code == 0
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == listing


def test_report_for_an_empty_period(run, demo):
    result = run("report", "--period", "2027-Q1")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "# OKR check-in 2027-Q1, as of 2026-11-22"
    assert "## O-" not in result.out
    assert run.ok("report", "--period", "2027-Q1", "--format", "json").json["objectives"] == []


def test_report_bad_format_or_period_is_bad_input(run, db, demo):
    before = db.read_bytes()
    run("report", "--format", "pdf").assert_bad_input()
    run("report", "--period", "2026-Q5").assert_bad_input()
    assert db.read_bytes() == before
