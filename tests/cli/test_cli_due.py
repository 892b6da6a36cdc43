"""``okrtui due`` (the lead's queue: who hasn't checked in) and the overdue alert of ``status --check`` (issue 4).

A key result is due when its objective is active, its period contains today, it is not a finished milestone, and its
latest check-in (or, with none, the first day of the period) is at least the objective's cadence ago: weekly 7 days,
biweekly 14, monthly 30.

The demo as of 2026-11-22 has four: KR-8 (dana's milestone, never checked in: 52 days since 2026-10-01), KR-10
(chen's, last check-in 2026-11-05: 17 days), KR-13 (erik's milestone in O-6, past its own due date 2026-11-15 and
not done, last checked in 2026-11-12: 10 days) and KR-16 (maria's, in the whole-year objective O-7 of period 2026,
which contains the day: last 2026-09-28, 55 days). Every other key result was checked in on 2026-11-19 (3 days),
KR-5 is a finished milestone, KR-2 follows the KPI conversion, measured on 2026-11-22, KR-14 was dropped today (a
closed key result is never due) and KR-15 was added today (pending: its first check-in is due on 2026-11-29).
"""

from __future__ import annotations

import pytest

KR8 = {
    "id": "KR-8",
    "title": "Launch the no-meeting Friday pilot",
    "objective": "O-4",
    "owner": "dana",
    "cadence": "weekly",
    "last_checkin": None,
    "days_since": None,
}
KR10 = {
    "id": "KR-10",
    "title": "Webinar attendees per session",
    "objective": "O-5",
    "owner": "chen",
    "cadence": "weekly",
    "last_checkin": "2026-11-05",
    "days_since": 17,
}
KR13 = {
    "id": "KR-13",
    "title": "Billing moved to the new provider",
    "objective": "O-6",
    "owner": "erik",
    "cadence": "weekly",
    "last_checkin": "2026-11-12",
    "days_since": 10,
}
KR16 = {
    "id": "KR-16",
    "title": "Mid-market annual recurring revenue",
    "objective": "O-7",
    "owner": "maria",
    "cadence": "weekly",
    "last_checkin": "2026-09-28",
    "days_since": 55,  # 2 days of September, 31 of October, 22 of November
}


@pytest.fixture
def demo(run, db):
    run.ok("init", "--demo")
    return db


def due_ids(run, *args: str, actor: str | None = None, **kwargs) -> list[str]:
    """The ids ``due --json ARGS`` lists (``actor``: run it ``--as`` that person)."""
    result = run(*(["--as", actor] if actor else []), "due", "--json", *args, **kwargs)
    assert result.code == 0, result.err
    return [item["id"] for item in result.json]


# -- the demo ---------------------------------------------------------------------------------------------------------


def test_due_json_on_the_demo(run, demo):
    result = run("due", "--json")
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.json == [KR8, KR10, KR13, KR16]


def test_due_human_lists_each_key_result_with_its_owner(run, demo):
    result = run("due")
    assert result.code == 0, result.err
    lines = [line.split() for line in result.out.splitlines()]
    assert lines[0][:2] == ["KR", "OWNER"]
    assert [(line[0], line[1]) for line in lines[1:]] == [
        ("KR-8", "dana"),
        ("KR-10", "chen"),
        ("KR-13", "erik"),
        ("KR-16", "maria"),
    ]
    assert "never" in lines[1]
    assert "2026-11-05" in lines[2] and "17d" in lines[2]
    assert "2026-11-12" in lines[3] and "10d" in lines[3]
    assert "2026-09-28" in lines[4] and "55d" in lines[4]


def test_due_does_not_change_the_file(run, demo):
    before = demo.read_bytes()
    run.ok("due")
    run.ok("due", "--json", "--scope", "team:People")
    assert demo.read_bytes() == before


def test_a_check_in_takes_a_key_result_off_the_queue(run, demo):
    run.ok("--as", "chen", "kr", "checkin", "KR-10", "55")
    assert due_ids(run) == ["KR-8", "KR-13", "KR-16"]
    run.ok("--as", "dana", "kr", "checkin", "KR-8", "done")
    assert due_ids(run) == ["KR-13", "KR-16"]
    run.ok("--as", "erik", "kr", "checkin", "KR-13", "not-done")  # past its due date, checked in all the same
    assert due_ids(run) == ["KR-16"]
    run.ok("--as", "maria", "kr", "checkin", "KR-16", "3.6")
    assert due_ids(run) == []
    assert "Nothing is due" in run.ok("due").out


def test_a_not_done_milestone_check_in_restarts_its_clock(run, demo):
    run.ok("kr", "checkin", "KR-8", "not-done", "--date", "2026-11-16")  # 6 days: not due
    assert due_ids(run) == ["KR-10", "KR-13", "KR-16"]
    # 7 days: due again; KR-15, added on 2026-11-22, is 1 day old: still pending, not due
    assert due_ids(run, today="2026-11-23") == ["KR-8", "KR-10", "KR-13", "KR-16"]


def test_on_an_earlier_day_only_what_was_due_then(run, demo):
    """Of O-6 and O-7 on these days: KR-13's one check-in is of 2026-11-12 (before it, never checked in: counted from
    Oct 1); KR-14 was open until 2026-11-22, last checked in 2026-10-22; KR-15, added on 2026-11-22, is asked about
    before the day it was added, so its first check-in counts from the period's first day (Oct 1), as in a file that
    kept no creation day; KR-16 (O-7, year 2026) was last checked in on 2026-09-28."""
    # 2026-11-08: everyone checked in on 2026-11-05 (3 days); KR-8 was never checked in (38 days into Q4); KR-13 and
    # KR-15 never (38 days), KR-14 17 days, KR-16 41 days
    assert due_ids(run, today="2026-11-08") == ["KR-8", "KR-13", "KR-14", "KR-15", "KR-16"]
    # 2026-11-12: the others checked in that day (KR-13 too), but chen's KR-10 and dana's fortnightly KR-7 (sick
    # days, checked in 10-08, 10-22, 11-05, 11-19) were last checked in on 2026-11-05, exactly 7 days before; KR-14
    # 21 days, KR-15 never (42 days), KR-16 45 days
    assert due_ids(run, today="2026-11-12") == ["KR-7", "KR-8", "KR-10", "KR-14", "KR-15", "KR-16"]
    # 2026-11-19: KR-7 checked in again that day; KR-10 is 14 days old; KR-13 7 days (11-12), KR-14 28, KR-15 never
    # (49 days), KR-16 52
    assert due_ids(run, today="2026-11-19") == ["KR-8", "KR-10", "KR-13", "KR-14", "KR-15", "KR-16"]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("all", ["KR-8", "KR-10", "KR-13", "KR-16"]),
        ("owner:erik", ["KR-13"]),
        ("team:Platform", ["KR-13"]),
        ("owner:maria", ["KR-16"]),
        ("owner:chen", ["KR-10"]),
        ("owner:CHEN", ["KR-10"]),
        ("owner:dana", ["KR-8"]),
        ("owner:alice", []),
        ("team:People", ["KR-8"]),
        ("team:marketing", ["KR-10"]),
        ("team:Sales", []),
        ("dana", ["KR-8"]),
    ],
)
def test_due_scope(run, demo, scope, expected):
    assert due_ids(run, "--scope", scope) == expected


def test_due_scope_me_is_whoever_acts(run, demo):
    assert due_ids(run, "--scope", "me", env={"OKRTUI_USER": "dana"}) == ["KR-8"]
    assert due_ids(run, "--scope", "me", actor="chen") == ["KR-10"]
    assert due_ids(run, "--scope", "ME", actor="dana") == ["KR-8"]
    assert due_ids(run, "--scope", "me", actor="alice") == []


@pytest.mark.parametrize("scope", ["bogus:x", "owner:", "team:", ":dana"])
def test_a_bad_scope_is_bad_input(run, demo, scope):
    before = demo.read_bytes()
    result = run("due", "--scope", scope)
    result.assert_bad_input()
    assert "scope" in result.err
    assert demo.read_bytes() == before


def test_a_bad_scope_is_bad_input_with_json_too(run, demo):
    run("due", "--json", "--scope", "nobody:here").assert_bad_input()


# -- cadence per objective --------------------------------------------------------------------------------------------


@pytest.fixture
def objective(run):
    return run.add("objective", "add", "Grow", "--owner", "dana", "--team", "People")


def kr_checked_in_on(run, objective: str, day: str) -> str:
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "60", "--confidence", "8", "--date", day)
    return kr


def test_weekly_is_the_default_and_due_at_exactly_7_days(run, objective):
    kr_checked_in_on(run, objective, "2026-11-15")
    assert due_ids(run, today="2026-11-21") == []  # 6 days
    assert due_ids(run, today="2026-11-22") == ["KR-1"]  # 7 days
    assert run.ok("due", "--json").json[0]["cadence"] == "weekly"
    assert run.ok("due", "--json").json[0]["days_since"] == 7


def test_monthly_cadence_makes_a_20_day_old_check_in_not_due(run, objective):
    kr_checked_in_on(run, objective, "2026-11-02")  # 20 days before 2026-11-22
    assert due_ids(run) == ["KR-1"]
    run.ok("objective", "edit", objective, "--cadence", "monthly")
    assert due_ids(run) == []
    assert due_ids(run, today="2026-12-01") == []  # 29 days
    due = run.ok("due", "--json", today="2026-12-02").json  # 30 days
    assert [(item["id"], item["cadence"], item["days_since"]) for item in due] == [("KR-1", "monthly", 30)]


@pytest.mark.parametrize(("day", "due"), [("2026-11-08", True), ("2026-11-09", False), ("2026-11-01", True)])
def test_biweekly_is_due_at_14_days_not_13(run, objective, day, due):
    run.ok("objective", "edit", objective, "--cadence", "biweekly")
    kr_checked_in_on(run, objective, day)  # 14, 13 and 21 days before 2026-11-22
    assert due_ids(run) == (["KR-1"] if due else [])


def test_cadence_at_add_time(run):
    objective = run.add("objective", "add", "Grow", "--cadence", "biweekly")
    kr_checked_in_on(run, objective, "2026-11-12")  # 10 days
    assert due_ids(run) == []


def test_cadence_is_per_objective(run):
    weekly = run.add("objective", "add", "Weekly")
    monthly = run.add("objective", "add", "Monthly", "--cadence", "monthly")
    kr_checked_in_on(run, weekly, "2026-11-10")  # KR-1, 12 days
    kr_checked_in_on(run, monthly, "2026-11-10")  # KR-2, 12 days
    assert due_ids(run) == ["KR-1"]


def test_never_checked_in_is_due_once_the_period_ran_a_full_cadence(run, objective):
    run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    assert due_ids(run, today="2026-10-07") == []  # 6 days into Q4
    due = run.ok("due", "--json", today="2026-10-08").json  # 7 days
    assert [(item["id"], item["last_checkin"], item["days_since"], item["owner"]) for item in due] == [
        ("KR-1", None, None, "dana")
    ]


def test_a_finished_milestone_is_never_due(run, objective):
    kr = run.add("kr", "add", objective, "Ship", "--milestone")
    run.ok("kr", "checkin", kr, "done", "--date", "2026-10-05")
    assert due_ids(run) == []


@pytest.mark.parametrize("state", ["draft", "closed", "cancelled"])
def test_only_active_objectives_are_due(run, objective, state):
    kr_checked_in_on(run, objective, "2026-10-20")
    assert due_ids(run) == ["KR-1"]
    run.ok("objective", "edit", objective, "--state", state)
    assert due_ids(run) == []


def test_a_past_period_is_never_due(run):
    old = run.add("objective", "add", "Old", "--period", "2026-Q3")
    kr_checked_in_on(run, old, "2026-08-01")
    assert due_ids(run) == []
    assert run("status", "--check").code == 0


def test_a_kpi_measurement_counts_as_a_check_in(run, objective):
    run.add("kpi", "add", "Conversion", "--key", "conversion", "--target", "9", "--frequency", "weekly")
    run.add("kr", "add", objective, "Conversion", "--at-least", "9", "--kpi", "conversion")
    run.ok("kpi", "record", "conversion", "9.5", "--date", "2026-11-14")  # 8 days
    assert due_ids(run) == ["KR-1"]
    run.ok("kpi", "record", "conversion", "9.4", "--date", "2026-11-20")  # 2 days
    assert due_ids(run) == []


def test_a_yearly_objective_is_due_too(run):
    # A yearly OKR (period 2026, which contains 2026-11-22) with the default weekly cadence that nobody checked in on
    # since 2026-11-01 wants a check-in just like a quarter's: the lead's queue must not leave it out.
    yearly = run.add("objective", "add", "Year goal", "--period", "2026", "--owner", "erik")
    kr_checked_in_on(run, yearly, "2026-11-01")
    assert due_ids(run) == ["KR-1"]


# -- status --check: overdue check-ins --------------------------------------------------------------------------------


def test_an_overdue_check_in_alone_exits_3_naming_the_key_result_and_its_owner(run, objective):
    # 60 / 100 with confidence 8: on-track; but the check-in is 8 days old
    kr_checked_in_on(run, objective, "2026-11-14")
    result = run("status", "--check")
    assert result.code == 3, result.out
    assert result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == 2, lines
    assert "1 need attention" in lines[0] and "2026-11-22" in lines[0]
    assert lines[1].split()[:2] == ["KR-1", "overdue"]
    assert "Deals" in lines[1] and "dana" in lines[1]


def test_check_in_again_and_all_is_well(run, objective):
    kr = kr_checked_in_on(run, objective, "2026-11-14")
    assert run("status", "--check").code == 3
    run.ok("kr", "checkin", kr, "62", "--confidence", "8")
    result = run("status", "--check")
    assert result.code == 0, result.out
    assert "all is well" in result.out
    assert "KR-1" not in result.out


def test_status_check_json_gives_the_overdue_finding(run, objective):
    kr_checked_in_on(run, objective, "2026-11-14")
    result = run("status", "--check", "--json")
    assert result.code == 3
    document = result.json
    assert document["findings"] == [
        {"id": "KR-1", "title": "Deals", "problem": "overdue", "owner": "dana", "last_checkin": "2026-11-14"}
    ]


def test_status_check_json_is_empty_when_all_is_well(run, objective):
    kr_checked_in_on(run, objective, "2026-11-20")
    result = run("status", "--check", "--json")
    assert result.code == 0, result.out
    assert result.json["findings"] == []


def test_status_check_json_names_each_kind_of_problem(run, objective):
    behind = run.add("kr", "add", objective, "Behind", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", behind, "10", "--date", "2026-11-20")  # gap 0.47: off-track, 2 days old
    # added on Oct 1, no check-in since: off-track, overdue (one added today would be pending: test_cli_pending.py)
    run.add("kr", "add", objective, "Never", "--start", "0", "--target", "100", today="2026-10-01")
    run.add("kpi", "add", "Sales", "--key", "sales", "--target", "10", "--warn", "8", "--frequency", "weekly")
    run.ok("kpi", "record", "sales", "5", "--date", "2026-11-20")  # below warn: red
    run.add("kpi", "add", "Leads", "--key", "leads", "--target", "10", "--frequency", "weekly")
    run.ok("kpi", "record", "leads", "12", "--date", "2026-11-01")  # 21 days > 10.5: stale
    result = run("status", "--check", "--json")
    assert result.code == 3
    found = sorted((item["id"], item["problem"]) for item in result.json["findings"])
    assert found == [
        ("K-1", "red"),
        ("K-2", "stale"),
        ("KR-1", "off-track"),
        ("KR-2", "off-track"),
        ("KR-2", "overdue"),
    ]
    human = run("status", "--check")
    assert human.code == 3
    listed = sorted((line.split()[0], line.split()[1]) for line in human.out.splitlines()[1:])
    assert listed == found


def test_status_check_on_the_demo_human_and_json_agree(run, demo):
    human = run("status", "--check")
    document = run("status", "--check", "--json")
    assert human.code == document.code == 3
    # KR-13 is off-track (past its due date 2026-11-15, not done) and overdue (10 days); KR-14 (dropped) and KR-15
    # (pending) are not reported; KR-16 (year 2026) is not in the period checked, 2026-Q4
    expected = [
        ("KR-8", "off-track"),
        ("KR-10", "off-track"),
        ("KR-13", "off-track"),
        ("K-5", "red"),
        ("KR-8", "overdue"),
        ("KR-10", "overdue"),
        ("KR-13", "overdue"),
    ]
    assert [(item["id"], item["problem"]) for item in document.json["findings"]] == expected
    lines = human.out.splitlines()
    assert lines[0] == "okrtui 2026-Q4 as of 2026-11-22: 7 need attention"
    assert [tuple(line.split()[:2]) for line in lines[1:]] == expected
    overdue = [line for line in lines[1:] if line.split()[1] == "overdue"]
    assert "(dana)" in overdue[0] and "(chen)" in overdue[1] and "(erik)" in overdue[2]


def test_status_check_overdue_follows_the_chosen_period(run):
    yearly = run.add("objective", "add", "Year goal", "--period", "2026")
    kr_checked_in_on(run, yearly, "2026-11-01")  # 21 days
    result = run("status", "--check", "--period", "2026", "--json")
    assert result.code == 3
    assert [(f["id"], f["problem"]) for f in result.json["findings"]] == [("KR-1", "overdue")]


def test_status_check_overdue_exits_3_from_the_console_script(script):
    assert script("objective", "add", "Grow", "--owner", "dana").code == 0
    assert script("kr", "add", "O-1", "Deals", "--start", "0", "--target", "100").code == 0
    assert script("kr", "checkin", "KR-1", "60", "--date", "2026-11-10").code == 0  # on pace, 12 days old
    result = script("status", "--check")
    assert result.code == 3
    assert "KR-1" in result.out and "overdue" in result.out and "dana" in result.out
    assert script("kr", "checkin", "KR-1", "61").code == 0
    assert script("status", "--check").code == 0
