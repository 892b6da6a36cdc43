"""``status --check`` exits 3 when a key result is off-track or a KPI is red or stale, 0 when all is well.

Each dataset is small and its status worked out by hand. As of 2026-11-22 the quarter 2026-Q4 (2026-10-01 ..
2026-12-31, 91 days from first to last day) is 52 days in: expected progress 52/91 = 0.5714. A key result is on-track
when expected − progress <= 0.15, at-risk when <= 0.30, else off-track. A weekly KPI is stale when its latest value
is more than 1.5 × 7 = 10.5 days old; a monthly one after 1.5 × 30 = 45 days.

``--check`` also exits 3 when a check-in is overdue (no check-in within the objective's cadence, weekly by default;
tests/cli/test_cli_due.py). The key results here are checked in within the week before each day they are judged on,
so only the rule a test is about decides its exit code.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def objective(run):
    return run.add("objective", "add", "Grow")


def increase_at(run, objective: str, value: str, day: str = "2026-11-20") -> str:
    """A key result 0 -> 100 with one check-in (progress value / 100)."""
    kr = run.add("kr", "add", objective, f"At {value}", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, value, "--date", day)
    return kr


def weekly_kpi(run, key: str, value: str, day: str) -> None:
    """Direction up, target 10, warn 8, measured weekly."""
    run.add("kpi", "add", key.title(), "--key", key, "--target", "10", "--warn", "8", "--frequency", "weekly")
    run.ok("kpi", "record", key, value, "--date", day)


def test_all_well_exits_0(run, objective):
    increase_at(run, objective, "60")  # gap 0.5714 - 0.60 = -0.03: on-track
    increase_at(run, objective, "30")  # gap 0.5714 - 0.30 = 0.2714: at-risk, which --check lets pass
    guard = run.add("kr", "add", objective, "Guard", "--at-least", "9")
    run.ok("kr", "checkin", guard, "9.2")  # in bounds: on-track
    weekly_kpi(run, "sales", "11", "2026-11-20")  # 11 >= 10, 2 days old: green
    weekly_kpi(run, "leads", "9", "2026-11-12")  # 8 <= 9 < 10: amber, 10 days old (<= 10.5): not stale
    result = run("status", "--check")
    assert result.code == 0, (result.out, result.err)
    assert result.err == ""


def test_no_objectives_and_no_kpis_exits_0(run):
    run.ok("init")
    assert run("status", "--check").code == 0


def test_an_off_track_key_result_exits_3(run, objective):
    increase_at(run, objective, "60")  # on-track
    increase_at(run, objective, "20")  # gap 0.5714 - 0.20 = 0.3714 > 0.30: off-track
    result = run("status", "--check")
    assert result.code == 3
    assert "KR-2" in result.out


def test_an_out_of_bounds_guard_exits_3(run, objective):
    guard = run.add("kr", "add", objective, "Sick days", "--at-most", "1.5")
    run.ok("kr", "checkin", guard, "1.8")  # 1.8 > 1.5: out of bounds, off-track
    assert run("status", "--check").code == 3


def test_an_off_track_confidence_exits_3_even_on_pace(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "90", "--confidence", "off-track")
    assert run("status", "--check").code == 3


def test_a_confident_check_in_behind_pace_exits_0(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "10", "--confidence", "8")  # by pace off-track, but confidence 8: on-track
    assert run("status", "--check").code == 0


def test_a_red_kpi_exits_3(run):
    weekly_kpi(run, "sales", "7", "2026-11-20")  # 7 < warn 8: red
    result = run("status", "--check")
    assert result.code == 3
    assert "K-1" in result.out


def test_a_red_down_kpi_exits_3(run):
    run.add("kpi", "add", "Churn", "--key", "churn", "--target", "2", "--warn", "3", "--direction", "down")
    run.ok("kpi", "record", "churn", "3.5", "--date", "2026-11-20")  # 3.5 > warn 3: red
    assert run("status", "--check").code == 3
    run.ok("kpi", "record", "churn", "2.5", "--date", "2026-11-21")  # 2 < 2.5 <= 3: amber
    assert run("status", "--check").code == 0


def test_a_stale_kpi_exits_3(run):
    weekly_kpi(run, "sales", "12", "2026-11-11")  # green value, but 11 days old > 10.5: stale
    result = run("status", "--check")
    assert result.code == 3
    assert "K-1" in result.out


def test_a_monthly_kpi_is_stale_after_45_days(run):
    run.add("kpi", "add", "NPS", "--key", "nps", "--target", "40", "--frequency", "monthly")
    run.ok("kpi", "record", "nps", "45", "--date", "2026-10-08")  # 45 days before 2026-11-22: not yet stale
    assert run("status", "--check").code == 0
    assert run("status", "--check", today="2026-11-23").code == 3  # 46 days: stale


def test_a_kpi_without_data_does_not_exit_3(run):
    run.add("kpi", "add", "NPS", "--key", "nps", "--target", "40")
    assert run("status", "--check").code == 0


def steady_at_30(run, objective: str) -> str:
    """A key result 0 -> 100 that the owner keeps checking in at 30 (10-10, 11-20 and 12-28), so whichever of
    2026-10-15, 2026-11-22 and 2026-12-31 is today, the latest check-in is under a week old: never overdue, and only
    the pace decides the exit code."""
    kr = increase_at(run, objective, "30", day="2026-10-10")
    run.ok("kr", "checkin", kr, "30", "--date", "2026-11-20")
    run.ok("kr", "checkin", kr, "30", "--date", "2026-12-28", today="2026-12-31")
    return kr


def test_today_moves_the_expected_pace(run, objective):
    steady_at_30(run, objective)
    # 2026-11-22: gap 0.5714 - 0.30 = 0.2714 -> at-risk -> 0
    assert run("status", "--check").code == 0
    # 2026-12-31 (last day of the quarter): expected 1.0, gap 0.70 -> off-track -> 3
    assert run("status", "--check", today="2026-12-31").code == 3
    # 2026-10-15: 14/91 = 0.1538 expected, progress 0.30 ahead -> on-track -> 0
    assert run("status", "--check", today="2026-10-15").code == 0


def test_today_moves_the_staleness(run):
    weekly_kpi(run, "sales", "12", "2026-11-20")
    assert run("status", "--check").code == 0  # 2 days old
    assert run("status", "--check", today="2026-11-30").code == 0  # 10 days old
    assert run("status", "--check", today="2026-12-01").code == 3  # 11 days old > 10.5


def test_today_from_the_environment(run, objective):
    steady_at_30(run, objective)
    assert run("status", "--check", today=None, env={"OKRTUI_TODAY": "2026-11-22"}).code == 0
    assert run("status", "--check", today=None, env={"OKRTUI_TODAY": "2026-12-31"}).code == 3


def test_status_check_only_judges_the_chosen_period(run):
    last_quarter = run.add("objective", "add", "Old", "--period", "2026-Q3")
    kr = run.add("kr", "add", last_quarter, "Old KR", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "5", "--date", "2026-09-20")  # Q3 is over: expected 1.0, off-track
    assert run("status", "--check").code == 0  # the current quarter has nothing off-track
    assert run("status", "--check", "--period", "2026-Q3").code == 3


def test_status_check_json_is_one_document_and_still_exits_3(run, objective, status_kr):
    increase_at(run, objective, "20")
    result = run("status", "--check", "--json")
    assert result.code == 3
    document = result.json
    assert status_kr(document, "KR-1")["status"] == "off-track"


def test_status_without_check_exits_0_even_when_off_track(run, objective):
    increase_at(run, objective, "20")
    assert run("status").code == 0
    assert run("status", "--json").code == 0
