"""``--json`` documents: the shapes CLI.md lists and the numbers DESIGN.md "Semantics" pins.

Today is 2026-11-22 throughout: the default period is 2026-Q4 (2026-10-01 .. 2026-12-31, 91 days between first and last
day), 52 days have elapsed, so the expected progress is 52 / 91 = 0.5714.
"""

from __future__ import annotations

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
def objective(run):
    """O-1 in the default period."""
    return run.add("objective", "add", "Shorten the sales lifecycle", "--owner", "alice", "--team", "Sales")


def kr_json(run, kr_id: str) -> dict:
    return run.ok("kr", "show", kr_id, "--json").json


def test_objective_json_has_the_documented_fields(run, objective):
    run.add("kr", "add", objective, "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    shown = run.ok("objective", "show", objective, "--json").json
    assert shown.keys() >= OBJECTIVE_FIELDS, OBJECTIVE_FIELDS - shown.keys()
    assert shown["id"] == "O-1"
    assert shown["title"] == "Shorten the sales lifecycle"
    assert shown["period"] == "2026-Q4"
    assert shown["owner"] == "alice"
    assert shown["team"] == "Sales"
    assert shown["parent"] is None
    assert [kr["id"] for kr in shown["key_results"]] == ["KR-1"]
    assert shown["key_results"][0].keys() >= KR_FIELDS


def test_objective_parent_and_period_options(run, objective):
    child = run.add("objective", "add", "Close five deals", "--parent", objective, "--period", "2026-Q4")
    shown = run.ok("objective", "show", child, "--json").json
    assert shown["parent"] == "O-1"
    assert shown["period"] == "2026-Q4"
    yearly = run.add("objective", "add", "Yearly", "--period", "2027")
    assert run.ok("objective", "show", yearly, "--json").json["period"] == "2027"


def test_the_default_period_follows_today(run):
    first = run.add("objective", "add", "Now")
    later = run.add("objective", "add", "Next year", today="2027-02-01")
    assert run.ok("objective", "show", first, "--json").json["period"] == "2026-Q4"
    assert run.ok("objective", "show", later, "--json").json["period"] == "2027-Q1"


def test_objective_list_json_filters_by_period_owner_and_team(run):
    run.add("objective", "add", "A", "--owner", "alice", "--team", "Sales")
    run.add("objective", "add", "B", "--owner", "bob", "--team", "Sales")
    run.add("objective", "add", "C", "--owner", "alice", "--team", "People", "--period", "2026-Q3")
    assert [o["id"] for o in run.ok("objective", "list", "--json").json] == ["O-1", "O-2"]
    assert [o["id"] for o in run.ok("objective", "list", "--owner", "alice", "--json").json] == ["O-1"]
    assert [o["id"] for o in run.ok("objective", "list", "--team", "Sales", "--json").json] == ["O-1", "O-2"]
    assert [o["id"] for o in run.ok("objective", "list", "--period", "2026-Q3", "--json").json] == ["O-3"]


def test_decrease_59_to_38_with_a_check_in_of_44(run, objective):
    kr = run.add("kr", "add", objective, "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    before = kr_json(run, kr)
    assert (before["kind"], before["start"], before["target"], before["current"]) == ("decrease", 59, 38, 59)
    assert before["progress"] == 0.0
    run.ok("kr", "checkin", kr, "44")
    after = kr_json(run, kr)
    # (44 - 59) / (38 - 59) = 15 / 21 = 0.714285... -> 0.7143
    assert after["current"] == 44
    assert after["progress"] == 0.7143
    assert after["unit"] == "days"
    # gap = 0.5714 - 0.7143 < 0.15: on-track by pace (no confidence given)
    assert after["status"] == "on-track"


def test_increase_is_inferred_and_progress_is_rounded_to_4_decimals(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "3")
    assert kr_json(run, kr)["kind"] == "increase"
    run.ok("kr", "checkin", kr, "1")
    assert kr_json(run, kr)["progress"] == 0.3333  # 1/3
    run.ok("kr", "checkin", kr, "2")
    assert kr_json(run, kr)["progress"] == 0.6667  # 2/3


def test_progress_is_clamped_to_0_and_1(run, objective):
    kr = run.add("kr", "add", objective, "Sign-ups", "--start", "100", "--target", "200")
    run.ok("kr", "checkin", kr, "260")
    exceeded = kr_json(run, kr)
    assert (exceeded["current"], exceeded["progress"]) == (260, 1.0)
    run.ok("kr", "checkin", kr, "80")
    below = kr_json(run, kr)
    assert (below["current"], below["progress"]) == (80, 0.0)


def test_fractional_and_negative_values(run, objective):
    kr = run.add("kr", "add", objective, "Margin", "--start", "-2", "--target", "9.5", "--unit", "%")
    run.ok("kr", "checkin", kr, "3.75")
    shown = kr_json(run, kr)
    # (3.75 - -2) / (9.5 - -2) = 5.75 / 11.5 = 0.5
    assert (shown["start"], shown["target"], shown["current"], shown["progress"]) == (-2, 9.5, 3.75, 0.5)


def test_at_least_has_no_start_and_no_current_before_a_check_in(run, objective):
    kr = run.add("kr", "add", objective, "Keep conversion at 9%", "--at-least", "9", "--unit", "%")
    shown = kr_json(run, kr)
    assert shown["kind"] == "at-least"
    assert shown["start"] is None
    assert shown["target"] == 9
    assert shown["current"] is None
    assert shown["progress"] == 0.0
    assert shown["checkins"] == []


def test_at_least_in_and_out_of_bounds(run, objective):
    kr = run.add("kr", "add", objective, "Keep conversion at 9%", "--at-least", "9")
    run.ok("kr", "checkin", kr, "9.3")
    inside = kr_json(run, kr)
    assert (inside["current"], inside["progress"], inside["status"]) == (9.3, 1.0, "on-track")
    run.ok("kr", "checkin", kr, "9")
    assert kr_json(run, kr)["progress"] == 1.0  # 9 >= 9 keeps the threshold
    run.ok("kr", "checkin", kr, "8.5")
    outside = kr_json(run, kr)
    assert (outside["current"], outside["progress"], outside["status"]) == (8.5, 0.0, "off-track")


def test_at_most_in_and_out_of_bounds(run, objective):
    kr = run.add("kr", "add", objective, "Sick days", "--at-most", "1.5", "--unit", "days")
    shown = kr_json(run, kr)
    assert (shown["kind"], shown["start"], shown["target"], shown["current"]) == ("at-most", None, 1.5, None)
    run.ok("kr", "checkin", kr, "1.5")
    assert kr_json(run, kr)["progress"] == 1.0
    run.ok("kr", "checkin", kr, "1.6")
    outside = kr_json(run, kr)
    assert (outside["progress"], outside["status"]) == (0.0, "off-track")


def test_milestone_is_0_to_1_and_checks_in_done(run, objective):
    kr = run.add("kr", "add", objective, "Pricing page live", "--milestone")
    shown = kr_json(run, kr)
    assert (shown["kind"], shown["start"], shown["target"], shown["current"]) == ("milestone", 0, 1, 0)
    assert shown["progress"] == 0.0
    assert run("kr", "checkin", kr, "done").code == 0
    done = kr_json(run, kr)
    assert (done["current"], done["progress"]) == (1, 1.0)
    assert run("kr", "checkin", kr, "not-done").code == 0
    undone = kr_json(run, kr)
    assert (undone["current"], undone["progress"]) == (0, 0.0)


def test_objective_progress_is_the_weighted_mean(run, objective):
    # DESIGN.md: 1.0, 0.71, 0.0 with weights 1, 2, 1 -> (1.0 + 1.42 + 0.0) / 4 = 0.605
    done = run.add("kr", "add", objective, "Shipped", "--milestone")
    run.ok("kr", "checkin", done, "done")
    part = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100", "--weight", "2")
    run.ok("kr", "checkin", part, "71")
    guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9", "--weight", "1")  # a guard weighs 0 else
    run.ok("kr", "checkin", guard, "8")
    shown = run.ok("objective", "show", objective, "--json").json
    assert [kr["progress"] for kr in shown["key_results"]] == [1.0, 0.71, 0.0]
    assert [kr["weight"] for kr in shown["key_results"]] == [1, 2, 1]
    assert shown["progress"] == 0.605


def test_objective_status_is_the_worst_of_its_key_results(run, objective):
    good = run.add("kr", "add", objective, "Good", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", good, "90")  # gap 0.5714 - 0.9 < 0: on-track
    risky = run.add("kr", "add", objective, "Risky", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", risky, "35")  # gap 0.5714 - 0.35 = 0.2214: at-risk
    shown = run.ok("objective", "show", objective, "--json").json
    assert [kr["status"] for kr in shown["key_results"]] == ["on-track", "at-risk"]
    assert shown["status"] == "at-risk"
    bad = run.add("kr", "add", objective, "Bad", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", bad, "10")  # gap 0.4714: off-track
    assert run.ok("objective", "show", objective, "--json").json["status"] == "off-track"


def test_an_objective_without_key_results_rolls_up_its_children(run, objective):
    half = run.add("objective", "add", "Half", "--parent", objective)
    kr = run.add("kr", "add", half, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "5")  # 0.5
    full = run.add("objective", "add", "Full", "--parent", objective)
    milestone = run.add("kr", "add", full, "Launch", "--milestone")
    run.ok("kr", "checkin", milestone, "done")  # 1.0
    # mean of the children: (0.5 + 1.0) / 2 = 0.75
    assert run.ok("objective", "show", objective, "--json").json["progress"] == 0.75
    lonely = run.add("objective", "add", "Nothing yet")
    assert run.ok("objective", "show", lonely, "--json").json["progress"] == 0.0


def test_a_confidence_sets_the_status(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "90", "--confidence", "3")  # on pace, but confidence 3 < 4: off-track
    assert kr_json(run, kr)["status"] == "off-track"
    run.ok("kr", "checkin", kr, "10", "--confidence", "7")  # behind pace, but confidence 7: on-track
    assert kr_json(run, kr)["status"] == "on-track"
    run.ok("kr", "checkin", kr, "10", "--confidence", "4")
    assert kr_json(run, kr)["status"] == "at-risk"
    run.ok("kr", "checkin", kr, "10", "--confidence", "at-risk")
    assert kr_json(run, kr)["status"] == "at-risk"
    run.ok("kr", "checkin", kr, "10", "--confidence", "off-track")
    assert kr_json(run, kr)["status"] == "off-track"


def test_check_ins_are_a_history_with_date_value_confidence_note_author(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "2", "--date", "2026-10-15", "--note", "first deal", "--confidence", "6")
    run.ok("--as", "bob", "kr", "checkin", kr, "4")
    shown = kr_json(run, kr)
    assert [set(checkin) >= CHECKIN_FIELDS for checkin in shown["checkins"]] == [True, True]
    first, second = shown["checkins"]
    assert (first["date"], first["value"], first["confidence"], first["note"]) == ("2026-10-15", 2, 6, "first deal")
    assert (second["date"], second["value"], second["confidence"], second["author"]) == ("2026-11-22", 4, None, "bob")
    assert shown["current"] == 4
    assert shown["progress"] == 0.4


def test_the_latest_check_in_by_date_gives_the_current_value(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "6", "--date", "2026-11-20")
    run.ok("kr", "checkin", kr, "3", "--date", "2026-10-20")  # a late entry for an earlier week
    shown = kr_json(run, kr)
    assert shown["current"] == 6
    assert shown["progress"] == 0.6
    assert [checkin["date"] for checkin in shown["checkins"]] == ["2026-10-20", "2026-11-20"]


def test_a_key_result_linked_to_a_kpi_follows_its_latest_measurement(run, objective):
    run.add("kpi", "add", "Conversion rate", "--key", "conversion", "--target", "9", "--unit", "%")
    kr = run.add("kr", "add", objective, "Keep conversion at 9%", "--at-least", "9", "--kpi", "conversion")
    run.ok("kpi", "record", "conversion", "8.4", "--date", "2026-11-01")
    assert (kr_json(run, kr)["current"], kr_json(run, kr)["progress"]) == (8.4, 0.0)
    run.ok("kpi", "record", "conversion", "9.4", "--date", "2026-11-15")
    assert (kr_json(run, kr)["current"], kr_json(run, kr)["progress"]) == (9.4, 1.0)


def test_kpi_json_has_the_documented_fields(run):
    run.add(
        "kpi",
        "add",
        "Customer churn",
        "--key",
        "churn",
        "--target",
        "2",
        "--warn",
        "3",
        "--unit",
        "%",
        "--direction",
        "down",
        "--frequency",
        "monthly",
        "--owner",
        "erik",
    )
    empty = run.ok("kpi", "show", "churn", "--json").json
    assert empty.keys() >= KPI_FIELDS, KPI_FIELDS - empty.keys()
    assert (empty["id"], empty["key"], empty["name"], empty["unit"]) == ("K-1", "churn", "Customer churn", "%")
    assert (empty["direction"], empty["target"], empty["warn"], empty["frequency"]) == ("down", 2, 3, "monthly")
    assert empty["latest"] is None
    assert empty["history"] == []
    assert empty["health"] == "no-data"
    run.ok("kpi", "record", "churn", "2.6", "--date", "2026-11-15")
    run.ok("kpi", "record", "churn", "3.1", "--date", "2026-10-15")
    shown = run.ok("kpi", "show", "churn", "--json").json
    assert shown["latest"] == {"date": "2026-11-15", "value": 2.6}
    assert shown["history"] == [{"date": "2026-10-15", "value": 3.1}, {"date": "2026-11-15", "value": 2.6}]
    assert shown["health"] == "amber"  # down: 2 < 2.6 <= 3


@pytest.mark.parametrize(
    ("direction", "target", "warn", "value", "health"),
    [
        ("up", "10", "8", "10", "green"),  # equal to the target is green
        ("up", "10", "8", "12", "green"),
        ("up", "10", "8", "8", "amber"),
        ("up", "10", "8", "7.99", "red"),
        ("down", "2", "3", "2", "green"),
        ("down", "2", "3", "3", "amber"),
        ("down", "2", "3", "3.5", "red"),
    ],
)
def test_kpi_health(run, direction, target, warn, value, health):
    run.add(
        "kpi",
        "add",
        "Metric",
        "--key",
        "m",
        "--target",
        target,
        "--warn",
        warn,
        "--direction",
        direction,
        "--frequency",
        "weekly",
    )
    run.ok("kpi", "record", "m", value, "--date", "2026-11-20")
    assert run.ok("kpi", "show", "m", "--json").json["health"] == health


def test_kpi_list_json_is_a_list_of_kpis(run):
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--unit", "$")
    run.add("kpi", "add", "NPS", "--target", "40")
    listed = run.ok("kpi", "list", "--json").json
    assert [(kpi["id"], kpi["key"]) for kpi in listed] == [("K-1", "mrr"), ("K-2", "nps")]
    for kpi in listed:
        assert kpi.keys() >= KPI_FIELDS


def test_status_json_shape(run, objective):
    run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
    run.add("objective", "add", "Last quarter", "--period", "2026-Q3")
    run.add("kpi", "add", "NPS", "--target", "40")
    status = run.ok("status", "--json").json
    assert {"period", "objectives", "kpis"} <= status.keys()
    assert status["period"] == "2026-Q4"
    assert [o["id"] for o in status["objectives"]] == ["O-1"]
    assert status["objectives"][0].keys() >= OBJECTIVE_FIELDS
    assert status["objectives"][0]["key_results"][0].keys() >= KR_FIELDS
    assert [k["key"] for k in status["kpis"]] == ["nps"]
    assert status["kpis"][0].keys() >= KPI_FIELDS
    earlier = run.ok("status", "--period", "2026-Q3", "--json").json
    assert earlier["period"] == "2026-Q3"
    assert [o["id"] for o in earlier["objectives"]] == ["O-2"]


def test_json_numbers_are_json_numbers(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--weight", "1.5")
    run.ok("kr", "checkin", kr, "44")
    shown = run.ok("kr", "show", kr, "--json").json
    for field in ("start", "target", "current", "weight", "progress"):
        assert isinstance(shown[field], int | float) and not isinstance(shown[field], bool), field
    assert shown["weight"] == 1.5


def test_a_negative_check_in_value_is_a_plain_number(run, objective):
    # CLI.md: "Values are plain numbers (38, 9.5, -2, 8000)"; VALUE is a positional argument of `kr checkin`
    kr = run.add("kr", "add", objective, "Net margin", "--start", "-5", "--target", "5", "--unit", "%")
    result = run("kr", "checkin", kr, "-2")
    assert result.code == 0, result.err
    shown = kr_json(run, kr)
    # (-2 - -5) / (5 - -5) = 3 / 10 = 0.3
    assert (shown["start"], shown["current"], shown["progress"]) == (-5, -2, 0.3)


def test_a_negative_kpi_value_is_a_plain_number(run):
    run.add("kpi", "add", "Net cash flow", "--key", "cash", "--target", "0")
    result = run("kpi", "record", "cash", "-2", "--date", "2026-11-20")
    assert result.code == 0, result.err
    assert run.ok("kpi", "show", "cash", "--json").json["latest"] == {"date": "2026-11-20", "value": -2}


def test_a_past_today_ignores_later_check_ins_and_measurements(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "4", "--date", "2026-11-01")
    run.ok("kr", "checkin", kr, "8", "--date", "2026-11-20")
    run.add("kpi", "add", "NPS", "--key", "nps", "--target", "40")
    run.ok("kpi", "record", "nps", "30", "--date", "2026-10-20")
    run.ok("kpi", "record", "nps", "42", "--date", "2026-11-20")
    as_of = run.ok("status", "--json", today="2026-11-10").json
    kr_view = as_of["objectives"][0]["key_results"][0]
    assert (kr_view["current"], kr_view["progress"]) == (4, 0.4)
    assert as_of["kpis"][0]["latest"] == {"date": "2026-10-20", "value": 30}
    now = run.ok("status", "--json").json
    assert now["objectives"][0]["key_results"][0]["current"] == 8
    assert now["kpis"][0]["latest"] == {"date": "2026-11-20", "value": 42}
