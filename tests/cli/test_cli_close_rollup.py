"""``kr close`` / ``kr reopen`` (achieved, missed, dropped) and ``objective --rollup / --weight`` (issue 12, items 7
and 8) from the command line: the JSON fields, the show output, the refusals (exit 2, one line, the file unchanged),
the Due list, status --check, period close and undo. Today is 2026-11-22 (expected pace 52 / 91 = 0.5714)."""

from __future__ import annotations

import pytest

LEAD = {"OKRTUI_USER": "lead"}


@pytest.fixture
def three(run, db):
    """O-1 with KR-1 0 → 100 at 40 (0.4), KR-2 0 → 10 at 8, weight 3 (0.8), KR-3 0 → 100 at 10 (0.1).
    O-1's progress: (0.4 + 3 × 0.8 + 0.1) / 5 = 2.9 / 5 = 0.58."""
    run.add("objective", "add", "Grow", "--owner", "alice")
    for title, target, weight, value in (
        ("Sign-ups", "100", "1", "40"),
        ("Deals", "10", "3", "8"),
        ("Posts", "100", "1", "10"),
    ):
        kr_id = run.add("kr", "add", "O-1", title, "--start", "0", "--target", target, "--weight", weight)
        run.ok("kr", "checkin", kr_id, value, "--date", "2026-11-20")
    return db


def kr_json(run, kr_id: str, **kwargs) -> dict:
    return run.ok("kr", "show", kr_id, "--json", **kwargs).json


def progress_of(run, objective_id: str, **kwargs) -> float:
    return run.ok("objective", "show", objective_id, "--json", **kwargs).json["progress"]


# -- item 7 -----------------------------------------------------------------------------------------------------------


def test_close_freezes_the_value_and_the_status_says_so(run, three):
    result = run.ok("kr", "close", "KR-1", "--achieved", "--note", "launch went well", env=LEAD)
    assert result.out == "KR-1 closed: achieved on 2026-11-22 (value frozen at 40)\n"
    shown = kr_json(run, "KR-1")
    assert shown["status"] == "achieved"
    assert shown["closed"] == {
        "outcome": "achieved",
        "on": "2026-11-22",
        "by": "lead",
        "note": "launch went well",
        "value": 40,
    }
    assert shown["progress"] == 0.4
    assert kr_json(run, "KR-2")["closed"] is None
    text = run.ok("kr", "show", "KR-1").out
    assert "status achieved" in text
    assert "closed achieved on 2026-11-22 by lead, value frozen at 40: launch went well" in text


def test_a_later_day_keeps_the_frozen_value_and_an_earlier_one_sees_it_open(run, three):
    """Closed on 2026-11-22 at 40; as of 2026-11-21 it is open: 0.4 against expected 51 / 91 = 0.5604, a gap of
    0.1604 > 0.15, at-risk."""
    run.ok("kr", "close", "KR-1", "--missed")
    later = kr_json(run, "KR-1", today="2026-12-10")
    assert (later["current"], later["status"]) == (40, "missed")
    earlier = kr_json(run, "KR-1", today="2026-11-21")
    assert (earlier["status"], earlier["closed"]) == ("at-risk", None)


def test_a_dropped_key_result_leaves_its_objectives_progress(run, three):
    """Without KR-2: (1 × 0.4 + 1 × 0.1) / 2 = 0.25 (with it 0.58)."""
    assert progress_of(run, "O-1") == 0.58
    run.ok("kr", "close", "KR-2", "--dropped", "--note", "market moved")
    assert progress_of(run, "O-1") == 0.25
    assert kr_json(run, "KR-2")["status"] == "dropped"


@pytest.mark.parametrize(
    "flags", [[], ["--achieved", "--missed"], ["--dropped", "--missed", "--achieved"]], ids=["none", "two", "three"]
)
def test_close_needs_exactly_one_outcome(run, three, flags):
    before = three.read_bytes()
    result = run("kr", "close", "KR-1", *flags)
    result.assert_bad_input()
    assert "--achieved, --missed or --dropped" in result.err
    assert three.read_bytes() == before


def test_closing_twice_and_reopening_an_open_one_are_refused(run, three):
    run.ok("kr", "close", "KR-1", "--achieved")
    before = three.read_bytes()
    twice = run("kr", "close", "KR-1", "--dropped")
    twice.assert_bad_input()
    assert "closed already (achieved on 2026-11-22)" in twice.err
    open_one = run("kr", "reopen", "KR-2")
    open_one.assert_bad_input()
    assert "KR-2 is not closed" in open_one.err
    assert three.read_bytes() == before


def test_check_ins_and_corrections_on_a_closed_key_result_are_refused(run, three):
    run.ok("kr", "close", "KR-1", "--achieved")
    before = three.read_bytes()
    for args in (["kr", "checkin", "KR-1", "55"], ["kr", "checkin-edit", "KR-1", "1", "--value", "41"],
                 ["kr", "checkin-delete", "KR-1", "1"]):  # fmt: skip
        result = run(*args)
        result.assert_bad_input()
        assert "KR-1 is closed (achieved on 2026-11-22)" in result.err
        assert "okrtui kr reopen KR-1" in result.err
    assert three.read_bytes() == before


def test_reopen_lets_it_score_and_take_check_ins_again(run, three):
    run.ok("kr", "close", "KR-1", "--achieved")
    assert run.ok("kr", "reopen", "KR-1").out == "KR-1 reopened\n"
    shown = kr_json(run, "KR-1")
    assert (shown["closed"], shown["status"]) == (None, "at-risk")
    run.ok("kr", "checkin", "KR-1", "60")
    assert kr_json(run, "KR-1")["current"] == 60


def test_the_due_list_and_status_check_skip_closed_key_results(run, db):
    """KR-1, added on 2026-10-01 and never checked in: due (52 days since) and off-track (0 vs 0.5714); closed,
    neither."""
    run.add("objective", "add", "Grow", today="2026-10-01")
    run.add("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100", today="2026-10-01")
    assert [item["id"] for item in run.ok("due", "--json").json] == ["KR-1"]
    check = run("status", "--check", "--json")
    assert check.code == 3
    assert {finding["id"] for finding in check.json["findings"]} == {"KR-1"}
    run.ok("kr", "close", "KR-1", "--missed")
    assert run.ok("due", "--json").json == []
    assert run("status", "--check").code == 0


def test_undo_reopens_what_close_closed(run, three):
    run.ok("kr", "close", "KR-3", "--dropped", env=LEAD)
    run.ok("undo", env=LEAD)
    assert kr_json(run, "KR-3")["closed"] is None
    assert progress_of(run, "O-1") == 0.58


def test_a_closed_period_refuses_close_and_reopen(run, three):
    run.ok("kr", "close", "KR-1", "--achieved")
    run.ok("period", "close", "2026-Q4", "--yes")
    before = three.read_bytes()
    run("kr", "reopen", "KR-1").assert_bad_input()
    run("kr", "close", "KR-2", "--missed").assert_bad_input()
    assert three.read_bytes() == before


def test_period_close_grades_without_the_dropped_key_result(run, three):
    """Closed on 2026-11-22: KR-1 0.4, KR-3 0.1, KR-2 dropped (no grade); O-1 = (0.4 + 0.1) / 2 = 0.25."""
    run.ok("kr", "close", "KR-2", "--dropped")
    out = run.ok("period", "close", "2026-Q4", "--yes").out
    assert "dropped" in out
    assert run.ok("objective", "show", "O-1", "--json").json["grade"] == 0.25
    assert "grade" not in kr_json(run, "KR-2")
    assert kr_json(run, "KR-1")["grade"] == 0.4


def test_the_markdown_report_marks_closed_key_results(run, three):
    run.ok("kr", "close", "KR-1", "--achieved")
    run.ok("kr", "close", "KR-2", "--dropped")
    report = run.ok("report").out
    assert "✅ achieved" in report
    assert "➖ dropped" in report


def test_close_from_the_installed_script(script, run, three):
    closed = script("kr", "close", "KR-1", "--achieved")
    assert closed.code == 0, closed.err
    refused = script("kr", "checkin", "KR-1", "50")
    assert refused.code == 2
    assert refused.err.startswith("okrtui: KR-1 is closed")
    assert len(refused.err.splitlines()) == 1


# -- item 8 -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def aligned(run, db):
    """O-1 (parent, its own KR-1 0 → 100 at 50: 0.5), O-2 (weight 3, KR-2 0 → 10 at 2: 0.2), O-3 (KR-3 at 6 of 10:
    0.6). O-1 rolls up its key result by default: 0.5."""
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Team A", "--parent", "O-1", "--weight", "3")
    run.add("objective", "add", "Team B", "--parent", "O-1")
    for objective_id, target, value in (("O-1", "100", "50"), ("O-2", "10", "2"), ("O-3", "10", "6")):
        kr_id = run.add("kr", "add", objective_id, "k", "--start", "0", "--target", target)
        run.ok("kr", "checkin", kr_id, value)
    return db


def test_rollup_and_weight_in_the_json(run, aligned):
    assert progress_of(run, "O-1") == 0.5
    parent = run.ok("objective", "show", "O-1", "--json").json
    assert (parent["rollup"], parent["weight"]) == (None, 1)
    assert run.ok("objective", "show", "O-2", "--json").json["weight"] == 3


def test_children_weighs_the_children(run, aligned):
    """(3 × 0.2 + 1 × 0.6) / (3 + 1) = 1.2 / 4 = 0.3; its own KR-1 is left out."""
    run.ok("objective", "edit", "O-1", "--rollup", "children")
    assert progress_of(run, "O-1") == 0.3
    assert "rolls up: its aligned children  weight in its parent 1" in run.ok("objective", "show", "O-1").out


def test_both_averages_its_key_results_and_children_by_weight(run, aligned):
    """(1 × 0.5 + 3 × 0.2 + 1 × 0.6) / (1 + 3 + 1) = 1.7 / 5 = 0.34."""
    run.ok("objective", "edit", "O-1", "--rollup", "both")
    assert progress_of(run, "O-1") == 0.34
    status = run.ok("status", "--json").json
    assert next(o for o in status["objectives"] if o["id"] == "O-1")["rollup"] == "both"


def test_auto_goes_back_to_the_automatic_rule(run, aligned):
    run.ok("objective", "edit", "O-1", "--rollup", "both", "--weight", "2")
    run.ok("objective", "edit", "O-1", "--rollup", "auto", "--weight", "")
    shown = run.ok("objective", "show", "O-1", "--json").json
    assert (shown["rollup"], shown["weight"], shown["progress"]) == (None, 1, 0.5)


def test_a_parent_rolling_up_children_has_no_missing_key_results_warning(run, db):
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Team", "--parent", "O-1")
    parent = run.ok("objective", "show", "O-1", "--json").json
    assert parent["warnings"] == []
    assert "no key results" not in run.ok("objective", "show", "O-1").out
    assert run.ok("objective", "show", "O-2", "--json").json["warnings"] == ["no key results"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "-1"], "weight"),
        (["--weight", "1001"], "weight"),
        (["--weight", "heavy"], "weight must be a number"),
        (["--rollup", "parents"], "--rollup"),
    ],
)
def test_bad_rollup_or_weight_is_refused(run, aligned, args, message):
    before = aligned.read_bytes()
    result = run("objective", "edit", "O-2", *args)
    result.assert_bad_input()
    assert message in result.err
    assert aligned.read_bytes() == before


def test_a_new_objective_takes_rollup_and_weight(run, db):
    run.add("objective", "add", "Company", "--rollup", "both", "--weight", "0.5")
    shown = run.ok("objective", "show", "O-1", "--json").json
    assert (shown["rollup"], shown["weight"]) == ("both", 0.5)
