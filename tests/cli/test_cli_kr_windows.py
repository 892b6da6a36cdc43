"""Key results with their own dates and phased plans, KPI targets set ahead (issue 12, items 5 and 6), from the
command line: ``kr add/edit --from D --due D --plan D:N,...``, ``kpi target K [N] [--warn N] [--from D]``, what
``kr show`` / ``kpi show`` print and the JSON.

2026-Q4 runs from 2026-10-01 to 2026-12-31 (91 days); today is 2026-11-22 unless a test says otherwise.
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def objective(run) -> str:
    return run.add("objective", "add", "Shorten the sales lifecycle", "--team", "Sales")


def kr_json(run, kr_id: str, **kwargs) -> dict:
    return run.ok("kr", "show", kr_id, "--json", **kwargs).json


# -- own dates --------------------------------------------------------------------------------------------------------


def test_own_dates_set_the_expected_pace_and_the_status(run, objective):
    """Nov 1 → Nov 30; at 50 on Nov 22: expected 21 / 29 = 0.7241, gap 0.2241: at-risk."""
    kr = run.add(
        "kr",
        "add",
        objective,
        "Demos",
        "--start",
        "0",
        "--target",
        "100",
        "--from",
        "2026-11-01",
        "--due",
        "2026-11-30",
    )
    run.ok("kr", "checkin", kr, "50", "--date", "2026-11-20")
    shown = kr_json(run, kr)
    assert (shown["begins"], shown["due"], shown["plan"]) == ("2026-11-01", "2026-11-30", [])
    assert (shown["expected"], shown["status"]) == (0.7241, "at-risk")


def test_a_key_result_past_its_due_date_and_not_done_is_off_track_and_alarms(run, objective):
    """Due Nov 15, at 90 of 100 on Nov 14 (confidence on-track): on Nov 22 it is past due and not done."""
    kr = run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "100", "--due", "2026-11-15")
    run.ok("kr", "checkin", kr, "90", "--date", "2026-11-14", "--confidence", "on-track")
    assert kr_json(run, kr)["status"] == "off-track"
    assert kr_json(run, kr, today="2026-11-15")["status"] == "on-track"  # on its due day, the confidence decides
    check = run("status", "--check", "--json")
    assert check.code == 3
    assert {"id": kr, "problem": "off-track"}.items() <= next(
        f for f in check.json["findings"] if f["id"] == kr
    ).items()
    shown = run.ok("kr", "show", kr).out
    assert "due 2026-11-15 (past due)" in shown


def test_a_phased_plan_sets_the_expected_pace(run, objective):
    """59 → 38 days, planned 45 on Oct 31 and 40 on Nov 30. Nov 22: 14/21 + (22/30)(5/21) = 0.8413; at 48 (progress
    11/21 = 0.5238) the gap is 0.3175: off-track, where the straight line (0.5714) would say on-track."""
    kr = run.add(
        "kr",
        "add",
        objective,
        "Sales cycle",
        "--start",
        "59",
        "--target",
        "38",
        "--unit",
        "days",
        "--plan",
        "2026-11-30:40, 2026-10-31:45",
    )
    run.ok("kr", "checkin", kr, "48", "--date", "2026-11-20")
    status = run.ok("status", "--json").json
    shown = status["objectives"][0]["key_results"][0]
    assert shown["plan"] == [{"date": "2026-10-31", "value": 45}, {"date": "2026-11-30", "value": 40}]
    assert (shown["expected"], shown["status"]) == (0.8413, "off-track")
    assert kr_json(run, kr, today="2026-10-31")["expected"] == 0.6667  # on a point: 14/21
    assert "plan 2026-10-31 45 days, 2026-11-30 40 days" in run.ok("kr", "show", kr).out


def test_edit_sets_and_clears_dates_and_plan(run, objective, db):
    kr = run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "100")
    run.ok("kr", "edit", kr, "--from", "2026-10-15", "--due", "2026-12-15", "--plan", "2026-11-01:40")
    shown = kr_json(run, kr)
    assert (shown["begins"], shown["due"], shown["plan"]) == (
        "2026-10-15",
        "2026-12-15",
        [{"date": "2026-11-01", "value": 40}],
    )
    run.ok("kr", "edit", kr, "--from", "", "--plan", "")
    shown = kr_json(run, kr)
    assert (shown["begins"], shown["due"], shown["plan"]) == (None, "2026-12-15", [])
    stored = json.loads(db.read_text("utf-8"))["key_results"]
    assert {"begins", "plan"}.isdisjoint(next(iter(stored.values())))  # cleared fields leave the file


def test_a_guard_takes_dates_only_once_they_are_cleared(run, objective):
    kr = run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "100", "--due", "2026-11-30")
    refused = run("kr", "edit", kr, "--at-least", "9")
    refused.assert_bad_input()
    assert "--due ''" in refused.err
    run.ok("kr", "edit", kr, "--at-least", "9", "--due", "")
    assert kr_json(run, kr)["kind"] == "at-least"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--due", "2027-01-05"), "--due 2027-01-05 is outside 2026-Q4 (2026-10-01 to 2026-12-31)"),
        (("--from", "2026-09-30"), "--from 2026-09-30 is outside 2026-Q4"),
        (("--from", "2026-11-30", "--due", "2026-11-01"), "--from 2026-11-30 must come before --due 2026-11-01"),
        (("--from", "2026-11-31"), "--from: bad date '2026-11-31': no such day"),
        (("--plan", "2026-11-01"), "bad plan item '2026-11-01': use DATE:VALUE, like 2026-10-31:45"),
        (("--plan", "2026-11-01:x"), "plan: "),
        (("--plan", "2026-11-01:4,2026-11-01:5"), "plan: one value a day"),
        (("--plan", "2026-12-31:90"), "plan: 2026-12-31 is not strictly between 2026-10-01 and 2026-12-31"),
        (("--due", "2026-11-30", "--plan", "2026-12-01:90"), "plan: 2026-12-01 is not strictly between"),
    ],
)
def test_bad_dates_or_plans_are_refused_and_the_file_stays(run, objective, db, options, message):
    before = db.read_bytes()
    result = run("kr", "add", objective, "Demos", "--start", "0", "--target", "100", *options)
    result.assert_bad_input()
    assert message in result.err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        (("--milestone",), ("--plan", "2026-11-01:1"), "--plan needs a start and a target"),
        (("--at-most", "3"), ("--due", "2026-11-30"), "a guard (at-most) keeps its bound all period"),
    ],
)
def test_kinds_that_take_no_plan_or_dates(run, objective, db, kind, options, message):
    before = db.read_bytes()
    result = run("kr", "add", objective, "x", *kind, *options)
    result.assert_bad_input()
    assert message in result.err
    assert db.read_bytes() == before


def test_a_milestone_with_a_due_date(run, objective):
    """Not done and due Nov 15: off-track on Nov 22; its own window runs Oct 1 → Nov 15 (45 days), so on Nov 1
    expected 31 / 45 = 0.6889."""
    kr = run.add("kr", "add", objective, "Pricing page", "--milestone", "--due", "2026-11-15")
    assert kr_json(run, kr)["status"] == "off-track"
    assert kr_json(run, kr, today="2026-11-01")["expected"] == 0.6889


def test_carrying_over_leaves_the_old_periods_dates_and_plan_behind(run, objective, db):
    kr = run.add(
        "kr",
        "add",
        objective,
        "Demos",
        "--start",
        "0",
        "--target",
        "100",
        "--from",
        "2026-10-15",
        "--due",
        "2026-12-15",
        "--plan",
        "2026-11-01:40",
    )
    run.ok("kr", "checkin", kr, "30", "--date", "2026-11-20")
    run.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    stored = json.loads(db.read_text("utf-8"))["key_results"]
    carried = next(doc for doc in stored.values() if doc["id"] != kr)
    assert (carried["start"], {"begins", "due", "plan"} & set(carried)) == (30, set())


# -- KPI targets set ahead --------------------------------------------------------------------------------------------


@pytest.fixture
def mrr(run) -> str:
    """mrr: target 200,000, warn 190,000, 240,000 measured on Nov 20."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--warn", "190000")
    run.ok("kpi", "record", "mrr", "240000", "--date", "2026-11-20")
    return "mrr"


def test_a_target_set_ahead_decides_health_from_its_day(run, mrr):
    """From Jan 1: target 250,000, warn 230,000. 240,000 is green on Dec 31 (≥ 200,000), amber on Jan 1."""
    done = run.ok("--as", "cfo", "kpi", "target", mrr, "250000", "--warn", "230000", "--from", "2027-01-01")
    assert done.out == "K-1: target 250,000, warn 230,000 from 2027-01-01 (set ahead) (rev 3)\n"
    assert run.ok("kpi", "show", mrr, "--json", today="2026-12-31").json["health"] == "green"
    assert run.ok("kpi", "show", mrr, "--json", today="2027-01-01").json["health"] == "amber"
    shown = run.ok("kpi", "show", mrr, "--json").json
    assert (shown["target"], shown["scheduled_targets"]) == (
        200000,
        [{"begins": "2027-01-01", "by": "cfo", "target": 250000, "warn": 230000}],
    )
    assert (
        "set ahead: target 200,000 → 250,000, warn 190,000 → 230,000 from 2027-01-01" in run.ok("kpi", "show", mrr).out
    )


def test_a_day_that_came_lists_the_target_set_ahead_as_a_move(run, mrr):
    run.ok("--as", "cfo", "kpi", "target", mrr, "250000", "--from", "2026-12-01")
    shown = run.ok("kpi", "show", mrr, "--json", today="2026-12-02").json
    assert shown["earlier_targets"] == [{"until": "2026-12-01", "by": "cfo", "target": 200000, "warn": 190000}]
    assert (shown["target"], shown["warn"], shown["scheduled_targets"]) == (250000, 190000, [])


def test_the_warn_level_alone_keeps_the_target_in_force_then(run, mrr):
    run.ok("kpi", "target", mrr, "--warn", "180000", "--from", "2027-02-01")
    later = run.ok("kpi", "show", mrr, "--json", today="2027-02-01").json
    assert (later["target"], later["warn"]) == (200000, 180000)


def test_a_past_day_is_a_move_on_that_day(run, mrr):
    """Target 250,000 and warn 245,000 from Nov 10: 240,000 (Nov 20) is below both: red as of Nov 21."""
    run.ok("kpi", "target", mrr, "250000", "--warn", "245000", "--from", "2026-11-10")
    assert run.ok("kpi", "show", mrr, "--json", today="2026-11-21").json["health"] == "red"
    assert run.ok("kpi", "show", mrr, "--json", today="2026-11-09").json["target"] == 200000
    refused = run("kpi", "target", mrr, "260000", "--from", "2026-11-01")
    refused.assert_bad_input()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the new target N, --warn N, or both"),
        (("5", "--warn", "10"), "warn 10 must be at or below the target 5"),
        (("5", "--from", "2027-13-01"), "bad date '2027-13-01'"),
        (("x",), "target"),
    ],
)
def test_bad_kpi_targets_are_refused_and_the_file_stays(run, mrr, db, args, message):
    before = db.read_bytes()
    result = run("kpi", "target", mrr, *args)
    result.assert_bad_input()
    assert message in result.err
    assert db.read_bytes() == before


def test_kpi_edit_after_a_target_set_ahead_began_starts_from_it(run, mrr):
    """Set ahead for Dec 1, then on Dec 5 the warn level is edited: the target of Dec 1 stays in force."""
    run.ok("kpi", "target", mrr, "250000", "--from", "2026-12-01")
    run.ok("kpi", "edit", mrr, "--warn", "200000", today="2026-12-05")
    shown = run.ok("kpi", "show", mrr, "--json", today="2026-12-05").json
    assert (shown["target"], shown["warn"]) == (250000, 200000)
    assert run.ok("kpi", "show", mrr, "--json", today="2026-12-02").json["warn"] == 190000


def test_moving_the_objective_to_another_period_is_refused_while_its_key_results_have_dates_of_the_old_one(
    run, objective, db
):
    kr = run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "100", "--due", "2026-11-30")
    before = db.read_bytes()
    refused = run("objective", "edit", objective, "--period", "2027-Q1")
    refused.assert_bad_input()
    assert f"{kr}'s --due 2026-11-30 is outside 2027-Q1" in refused.err
    assert db.read_bytes() == before
    run.ok("kr", "edit", kr, "--due", "")
    run.ok("objective", "edit", objective, "--period", "2027-Q1")


def test_cancel_drops_the_levels_set_ahead_for_a_day(run, mrr, db):
    run.ok("kpi", "target", mrr, "250000", "--from", "2027-01-01")
    run.ok("kpi", "target", mrr, "300000", "--from", "2027-04-01")
    done = run.ok("kpi", "target", mrr, "--cancel", "--from", "2027-01-01")
    assert done.out == "K-1: no target set ahead for 2027-01-01 any more (rev 5)\n"
    shown = run.ok("kpi", "show", mrr, "--json").json
    assert [entry["begins"] for entry in shown["scheduled_targets"]] == ["2027-04-01"]
    assert run.ok("kpi", "show", mrr, "--json", today="2027-01-02").json["target"] == 200000
    before = db.read_bytes()
    for args in (("--cancel", "--from", "2027-01-01"), ("--cancel",), ("5", "--cancel", "--from", "2027-04-01")):
        refused = run("kpi", "target", mrr, *args)
        refused.assert_bad_input()
    assert (
        "K-1 has no target set ahead for 2027-01-01"
        in run("kpi", "target", mrr, "--cancel", "--from", "2027-01-01").err
    )
    assert db.read_bytes() == before


def test_a_key_result_turned_into_a_milestone_must_drop_its_plan_in_the_same_edit(run, objective):
    kr = run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "100", "--plan", "2026-11-01:40")
    refused = run("kr", "edit", kr, "--milestone")
    refused.assert_bad_input()
    assert "(clear it: --plan '')" in refused.err
    run.ok("kr", "edit", kr, "--milestone", "--plan", "")
    assert (kr_json(run, kr)["kind"], kr_json(run, kr)["plan"]) == ("milestone", [])
