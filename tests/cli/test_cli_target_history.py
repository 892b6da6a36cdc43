"""Targets have a history (issue 11, item 5): a key result's kind, start and target and a KPI's target and warn level
keep their earlier values in the record (``earlier_targets``), and every "as of a day" view uses the definition in
force that day.

The expected numbers are worked by hand from DESIGN.md: 2026-Q4 runs from 2026-10-01 to 2026-12-31 (91 days), so the
expected pace on a day is (days since 10-01) / 91.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHANGE_DAY = "2026-11-03"
DAY_BEFORE = "2026-11-02"


@pytest.fixture
def moved_kr(run) -> str:
    """KR-1: 0 → 8,000 from 2026-10-01, 4,000 checked in on 10-20, its target moved to 20,000 by lead on 11-03."""
    objective = run.add("objective", "add", "Grow", "--team", "Sales", today="2026-10-01")
    kr = run.add("kr", "add", objective, "Revenue", "--start", "0", "--target", "8000", today="2026-10-01")
    run.ok("kr", "checkin", kr, "4000", today="2026-10-20")
    run.ok("--as", "lead", "kr", "edit", kr, "--target", "20000", today=CHANGE_DAY)
    return kr


def test_status_before_the_change_day_scores_against_the_old_target(run, moved_kr, status_kr):
    kr = status_kr(run.ok("status", "--json", today=DAY_BEFORE).json, moved_kr)
    # 4,000 of 0 → 8,000 is 0.5; 32 of 91 days gone is 0.3516: 0.15 ahead, on track
    assert (kr["target"], kr["progress"], kr["expected"], kr["status"]) == (8000, 0.5, 0.3516, "on-track")


def test_status_from_the_change_day_scores_against_the_new_target(run, moved_kr, status_kr):
    kr = status_kr(run.ok("status", "--json", today=CHANGE_DAY).json, moved_kr)
    # 4,000 of 0 → 20,000 is 0.2; 33 of 91 days gone is 0.3626: 0.16 behind, at risk
    assert (kr["target"], kr["progress"], kr["expected"], kr["status"]) == (20000, 0.2, 0.3626, "at-risk")


def test_a_report_for_a_past_week_reads_the_same_after_the_target_moved(run):
    objective = run.add("objective", "add", "Grow", today="2026-10-01")
    kr = run.add("kr", "add", objective, "Revenue", "--start", "0", "--target", "8000", today="2026-10-01")
    run.ok("kr", "checkin", kr, "4000", today="2026-10-20")
    before = {fmt: run.ok("report", "--format", fmt, today=DAY_BEFORE).out for fmt in ("md", "json", "csv")}
    run.ok("--as", "lead", "kr", "edit", kr, "--target", "20000", today=CHANGE_DAY)
    after = {fmt: run.ok("report", "--format", fmt, today=DAY_BEFORE).out for fmt in ("md", "json", "csv")}
    assert after == before
    assert "| 8,000 |" in after["md"]


def test_a_report_a_week_after_the_change_compares_with_the_old_target_a_week_ago(run, moved_kr):
    report = run.ok("report", "--format", "json", today="2026-11-05").json
    objective = report["objectives"][0]
    # now: 4,000 of 20,000 = 0.2; a week ago (10-29): 4,000 of 8,000 = 0.5
    assert (objective["progress"], objective["progress_week_ago"], objective["change"]) == (0.2, 0.5, -0.3)
    assert objective["key_results"][0]["target"] == 20000


def test_the_dashboard_timeline_uses_the_target_in_force_each_week(run, moved_kr, db: Path):
    from okrtui.domain.periods import Period
    from okrtui.services.dashboard import dashboard_view
    from okrtui.services.workspace import Workspace

    view = dashboard_view(Workspace.open(db, actor="tester", today="2026-11-05"), Period.parse("2026-Q4"))
    progress = {point.date: point.progress for point in view.timeline}
    # 10-29 (before the change): 4,000 of 8,000; 11-05 (after): 4,000 of 20,000
    assert (progress["2026-10-29"], progress["2026-11-05"]) == (0.5, 0.2)


def test_kr_show_prints_each_move_with_its_day_and_who(run, moved_kr):
    out = run.ok("kr", "show", moved_kr, today="2026-11-10").out
    assert "target 8,000 → 20,000 on 2026-11-03 by lead\n" in out


def test_kr_show_as_of_a_day_before_the_move_shows_neither_it_nor_the_new_target(run, moved_kr):
    out = run.ok("kr", "show", moved_kr, today=DAY_BEFORE).out
    assert "→ 20,000" not in out
    assert "increase: 0 → 4,000 → 8,000" in out


def test_kr_show_json_has_the_earlier_targets(run, moved_kr):
    shown = run.ok("kr", "show", moved_kr, "--json", today="2026-11-10").json
    assert shown["target"] == 20000
    assert shown["earlier_targets"] == [
        {"until": "2026-11-03", "by": "lead", "kind": "increase", "start": 0, "target": 8000}
    ]
    assert run.ok("kr", "show", moved_kr, "--json", today=DAY_BEFORE).json["earlier_targets"] == []


def test_two_moves_on_one_day_keep_both_and_the_day_before_sees_the_first(run, moved_kr, status_kr):
    run.ok("--as", "bob", "kr", "edit", moved_kr, "--start", "1000", today=CHANGE_DAY)
    shown = run.ok("kr", "show", moved_kr, "--json", today="2026-11-10").json
    assert [(entry["by"], entry["start"], entry["target"]) for entry in shown["earlier_targets"]] == [
        ("lead", 0, 8000),
        ("bob", 0, 20000),
    ]
    assert status_kr(run.ok("status", "--json", today=DAY_BEFORE).json, moved_kr)["target"] == 8000
    # from 11-03: 1,000 → 20,000, at 4,000: 3,000 / 19,000 = 0.1579
    assert status_kr(run.ok("status", "--json", today=CHANGE_DAY).json, moved_kr)["progress"] == 0.1579
    out = run.ok("kr", "show", moved_kr, today="2026-11-10").out
    assert "start 0 → 1,000 on 2026-11-03 by bob\n" in out


def test_an_edit_that_keeps_the_bounds_adds_no_entry(run, db: Path):
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Revenue", "--start", "0", "--target", "8000")
    run.ok("kr", "edit", kr, "--title", "Sales", "--weight", "2", "--target", "8000")
    assert "earlier_targets" not in json.loads(db.read_text())["key_results"]["1"]
    assert run.ok("kr", "show", kr, "--json").json["earlier_targets"] == []


def test_a_maintain_threshold_moved_changes_the_status_from_that_day(run, status_kr):
    objective = run.add("objective", "add", "Keep", today="2026-10-01")
    kr = run.add("kr", "add", objective, "Conversion", "--at-least", "9", "--unit", "%", today="2026-10-01")
    run.ok("kr", "checkin", kr, "9.5", today="2026-10-20")
    run.ok("--as", "lead", "kr", "edit", kr, "--target", "10", today=CHANGE_DAY)
    assert status_kr(run.ok("status", "--json", today=DAY_BEFORE).json, kr)["status"] == "on-track"  # 9.5 >= 9
    assert status_kr(run.ok("status", "--json", today=CHANGE_DAY).json, kr)["status"] == "off-track"  # 9.5 < 10
    assert "target 9% → 10% on 2026-11-03 by lead\n" in run.ok("kr", "show", kr, today=CHANGE_DAY).out


# -- KPIs -------------------------------------------------------------------------------------------------------------


@pytest.fixture
def moved_kpi(run) -> str:
    """mrr: target 200,000, warn 170,000; 180,000 measured on 11-01; warn raised to 190,000 by lead on 11-05."""
    run.ok("kpi", "add", "MRR", "--key", "mrr", "--target", "200000", "--warn", "170000", today="2026-10-01")
    run.ok("kpi", "record", "mrr", "180000", "--date", "2026-11-01", today="2026-11-01")
    run.ok("--as", "lead", "kpi", "edit", "mrr", "--warn", "190000", today="2026-11-05")
    return "mrr"


def kpi_of(status: dict, key: str) -> dict:
    (found,) = [kpi for kpi in status["kpis"] if kpi["key"] == key]
    return found


def test_a_raised_warn_level_turns_past_health_only_from_its_day(run, moved_kpi):
    before = kpi_of(run.ok("status", "--json", today="2026-11-04").json, moved_kpi)
    after = kpi_of(run.ok("status", "--json", today="2026-11-05").json, moved_kpi)
    # 180,000 is below the target; at or above warn 170,000 it is amber, below warn 190,000 red
    assert (before["warn"], before["health"]) == (170000, "amber")
    assert (after["warn"], after["health"]) == (190000, "red")


def test_a_lowered_target_turns_health_green_from_its_day(run, moved_kpi):
    run.ok("--as", "ann", "kpi", "edit", "mrr", "--target", "195000", "--warn", "175000", today="2026-11-10")
    run.ok("kpi", "record", "mrr", "196000", "--date", "2026-11-09", today="2026-11-09")
    assert kpi_of(run.ok("status", "--json", today="2026-11-09").json, "mrr")["health"] == "amber"  # 196k < 200k
    assert kpi_of(run.ok("status", "--json", today="2026-11-10").json, "mrr")["health"] == "green"  # >= 195k


def test_kpi_show_prints_each_move_and_its_json_has_them(run, moved_kpi):
    out = run.ok("kpi", "show", moved_kpi, today="2026-11-10").out
    assert "warn 170,000 → 190,000 on 2026-11-05 by lead\n" in out
    shown = run.ok("kpi", "show", moved_kpi, "--json", today="2026-11-10").json
    assert shown["earlier_targets"] == [{"until": "2026-11-05", "by": "lead", "target": 200000, "warn": 170000}]
    assert shown["warn"] == 190000
    assert run.ok("kpi", "show", moved_kpi, "--json", today="2026-11-04").json["earlier_targets"] == []


def test_a_kpi_edit_of_its_name_only_adds_no_entry(run, db: Path):
    run.ok("kpi", "add", "MRR", "--key", "mrr", "--target", "200000")
    run.ok("kpi", "edit", "mrr", "--name", "Revenue", "--target", "200000")
    assert "earlier_targets" not in json.loads(db.read_text())["kpis"]["1"]


# -- the data file ----------------------------------------------------------------------------------------------------


def test_records_without_the_field_stay_byte_identical_on_reads_and_other_writes(run, db: Path):
    objective = run.add("objective", "add", "Grow")
    run.add("kr", "add", objective, "Revenue", "--start", "0", "--target", "8000")
    run.ok("kpi", "add", "MRR", "--key", "mrr", "--target", "200000", "--warn", "170000")
    run.ok("kr", "checkin", "KR-1", "10")
    before = db.read_bytes()
    for command in (["status", "--json"], ["kr", "show", "KR-1"], ["kpi", "show", "mrr"], ["report"]):
        run.ok(*command)
    assert db.read_bytes() == before
    stored = json.loads(before)
    run.ok("objective", "edit", objective, "--title", "Grow more")
    after = json.loads(db.read_bytes())
    assert after["key_results"] == stored["key_results"]
    assert after["kpis"] == stored["kpis"]
    assert b"earlier_targets" not in db.read_bytes()


@pytest.mark.parametrize(
    ("table", "damage", "named"),
    [
        ("key_results", [{"until": "2026-11-03", "by": "lead", "kind": "increase", "start": 0, "target": "x"}], "KR-1"),
        ("key_results", [{"until": "soon", "kind": "increase", "start": 0, "target": 5}], "KR-1"),
        ("key_results", [{"until": "2026-11-03", "kind": "increase", "start": 5, "target": 5}], "KR-1"),
        ("key_results", "8000", "KR-1"),
        ("kpis", [{"until": "2026-11-03", "by": "lead", "warn": 1}], "K-1"),
    ],
)
def test_a_damaged_entry_is_named_and_the_file_left_alone(run, db: Path, table: str, damage, named: str):
    objective = run.add("objective", "add", "Grow")
    run.add("kr", "add", objective, "Revenue", "--start", "0", "--target", "8000")
    run.ok("kpi", "add", "MRR", "--key", "mrr", "--target", "200000")
    data = json.loads(db.read_text())
    data[table]["1"]["earlier_targets"] = damage
    db.write_text(json.dumps(data, indent=2))
    before = db.read_bytes()
    edit = ["kr", "edit", "KR-1", "--target", "9000"] if named == "KR-1" else ["kpi", "edit", "mrr", "--target", "9"]
    for command in (["status", "--json"], edit):
        result = run(*command)
        result.assert_failed(1)
        assert f"the record {named} is damaged (earlier_targets" in result.err
    assert db.read_bytes() == before
