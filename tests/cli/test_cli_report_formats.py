"""``okrtui report --format csv`` and ``--format json`` on the demo data, as of two dates, checked against the
raw file (report_support.py); the report writes nothing; bad format or period is bad input.

The oracle (report_support.Raw) covers O-1 .. O-5; O-6, the objective of issue 12's concepts, is checked against the
figures report_support.py works out by hand (SHOWCASE_*).
"""

from __future__ import annotations

import csv
import io

import pytest
from report_support import (
    NOW,
    PAST,
    SHOWCASE_ATTENTION,
    SHOWCASE_DUE,
    SHOWCASE_KRS,
    SHOWCASE_OBJECTIVE,
    SHOWCASE_PROGRESS,
    SHOWCASE_TITLES,
    Raw,
    load_demo,
    week_before,
)

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
    # O-1 has no key results: one row of its own; every other row is one key result, each exactly once; O-6's last
    assert [row["kr"] for row in body] == [""] + [f"KR-{n}" for n in range(1, 16)]
    assert body[0]["objective"] == "O-1" and all(body[0][column] == "" for column in CSV_HEADER[5:])
    objectives = {o["id"]: o for o in raw.objectives}
    krs = {kr["id"]: kr for kr in raw.krs}
    assert [row["objective"] for row in body[11:]] == ["O-6"] * 5
    check_showcase_csv_rows(body[11:], day)
    for row in body[:11]:
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


def number(cell: str) -> float | None:
    """A CSV number cell: None when empty."""
    return float(cell) if cell else None


def check_showcase_csv_rows(rows: list[dict], day: str) -> None:
    """O-6's rows against the figures worked out by hand in report_support.py."""
    now, before = SHOWCASE_PROGRESS[day]
    for row, expected in zip(rows, SHOWCASE_KRS[day], strict=True):
        kr_id, kind, value, target, unit, progress, status, note, ratio, zone = expected
        assert row["objective_title"] == SHOWCASE_OBJECTIVE["title"]
        assert float(row["objective_progress"]) == pytest.approx(now, abs=1e-4)
        assert float(row["objective_change"]) == pytest.approx(now - before, abs=1e-4)
        assert row["objective_status"] == "off-track"
        assert (row["kr"], row["kr_title"], row["kind"], row["unit"]) == (kr_id, SHOWCASE_TITLES[kr_id], kind, unit)
        assert (float(row["value"]), float(row["target"])) == (value, target), kr_id
        assert float(row["progress"]) == pytest.approx(progress, abs=1e-4), kr_id
        assert (row["status"], row["latest_note"], row["zone"]) == (status, note, zone or ""), kr_id
        assert number(row["ratio"]) == (None if ratio is None else pytest.approx(ratio, abs=1e-4)), kr_id


def check_showcase_json(entry: dict, day: str) -> None:
    """O-6's entry of the JSON report against the figures worked out by hand in report_support.py."""
    now, before = SHOWCASE_PROGRESS[day]
    assert (entry["id"], entry["title"], entry["owner"], entry["team"]) == tuple(SHOWCASE_OBJECTIVE.values())
    assert entry["depth"] == 0  # no parent
    assert entry["progress"] == pytest.approx(now, abs=1e-4)
    assert entry["progress_week_ago"] == pytest.approx(before, abs=1e-4)
    assert entry["change"] == pytest.approx(now - before, abs=1e-4)
    assert entry["status"] == "off-track"
    assert [kr["id"] for kr in entry["key_results"]] == [row[0] for row in SHOWCASE_KRS[day]]
    for shown_kr, expected in zip(entry["key_results"], SHOWCASE_KRS[day], strict=True):
        kr_id, kind, value, target, unit, progress, status, note, ratio, zone = expected
        assert (shown_kr["title"], shown_kr["kind"], shown_kr["unit"]) == (SHOWCASE_TITLES[kr_id], kind, unit)
        assert (shown_kr["value"], shown_kr["target"]) == (value, target), kr_id
        assert shown_kr["progress"] == pytest.approx(progress, abs=1e-4), kr_id
        assert (shown_kr["status"], shown_kr["latest_note"], shown_kr["zone"]) == (status, note, zone), kr_id
        assert shown_kr["ratio"] == (None if ratio is None else pytest.approx(ratio, abs=1e-4)), kr_id


@pytest.mark.parametrize("day", [NOW, PAST])
def test_json_report_fields(run, demo, day):
    raw = Raw(demo)
    result = run("report", "--format", "json", today=day)
    assert result.code == 0, result.err
    report = result.json
    assert report["period"] == "2026-Q4"
    assert report["as_of"] == day
    # O-1's tree, then O-6 (a root of its own)
    assert [o["id"] for o in report["objectives"]] == [o["id"] for o in raw.tree()] + ["O-6"]
    check_showcase_json(report["objectives"][-1], day)
    by_id = {o["id"]: o for o in raw.objectives}
    # the report's progress: the plain mean of its six objectives' (O-6's by hand)
    means = [raw.objective_progress(objective, day) for objective in raw.objectives] + [SHOWCASE_PROGRESS[day][0]]
    assert report["progress"] == pytest.approx(sum(means) / 6, abs=1e-4)
    for entry in report["objectives"][:-1]:
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
    ] + [(kr_id, status, "erik") for kr_id, status in SHOWCASE_ATTENTION[day]]
    assert [(d["id"], d["owner"], d["last_checkin"]) for d in report["not_checked_in"]] == [
        (kr["id"], owner[kr["objective"]], last) for kr, last in raw.due(day)
    ] + [(kr_id, "erik", last) for kr_id, last in SHOWCASE_DUE[day]]


def test_json_report_pinned_not_checked_in(run, demo):
    report = run.ok("report", "--format", "json").json
    assert [(d["id"], d["owner"], d["last_checkin"], d["days_since"]) for d in report["not_checked_in"]] == [
        ("KR-8", "dana", None, None),
        ("KR-10", "chen", "2026-11-05", 17),
        ("KR-13", "erik", "2026-11-12", 10),  # O-6's milestone past its due date; KR-14 dropped, KR-15 pending
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
