"""Bad input: exit 2, one line on stderr that starts with ``okrtui:``, nothing on stdout, the data file unchanged.

CLI.md "Exit codes": unknown id, a value that is not a number, start equal to target, an unknown option, a bad date.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def seeded(run, db):
    """O-1 with KR-1 (increase 0 -> 100, one check-in), KR-2 (milestone), I-1 and the KPI mrr; the file's bytes."""
    run.add("objective", "add", "Grow", "--owner", "alice")
    run.add("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", "KR-1", "40", "--date", "2026-11-01")
    run.add("kr", "add", "O-1", "Launch", "--milestone")
    run.add("initiative", "add", "KR-1", "Webinars")
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    run.ok("kpi", "record", "mrr", "150000", "--date", "2026-11-01")
    return db.read_bytes()


NOT_NUMBERS = ["abc", "1,000", "nan", "inf", "-inf", "NaN", "Infinity", "1e999", "12abc", "", "0x10", "1 000"]
BAD_DATES = ["2026-13-01", "yesterday", "2026-02-30", "2026-11-5", "22.11.2026", "20261122", "today"]

BAD_COMMANDS = [
    # unknown ids (and ids of the wrong kind)
    ("objective", "show", "O-99"),
    ("objective", "edit", "O-99", "--title", "X"),
    ("objective", "delete", "O-99", "--yes"),
    ("kr", "add", "O-99", "X", "--start", "0", "--target", "1"),
    ("kr", "checkin", "KR-99", "5"),
    ("kr", "checkin", "O-1", "5"),
    ("kr", "checkin", "banana", "5"),
    ("kr", "show", "KR-99"),
    ("kr", "delete", "KR-99"),
    ("initiative", "add", "KR-99", "X"),
    ("initiative", "add", "O-99", "X"),
    ("initiative", "set", "I-99", "--status", "done"),
    ("kpi", "record", "nosuch", "5"),
    ("kpi", "record", "K-99", "5"),
    ("kpi", "show", "nosuch"),
    ("objective", "add", "Child", "--parent", "O-99"),
    ("kr", "add", "O-1", "Linked", "--at-least", "9", "--kpi", "nosuch"),
    # start equal to target, and other impossible bounds
    ("kr", "add", "O-1", "Flat", "--start", "5", "--target", "5"),
    ("kr", "add", "O-1", "Flat", "--start", "5", "--target", "5.0"),
    ("kr", "add", "O-1", "Half", "--start", "5"),
    ("kr", "add", "O-1", "Both", "--start", "0", "--target", "1", "--milestone"),
    ("kr", "add", "O-1", "None given"),
    # values that are not numbers
    ("kr", "add", "O-1", "X", "--start", "abc", "--target", "5"),
    ("kr", "add", "O-1", "X", "--at-least", "nan"),
    ("kr", "add", "O-1", "X", "--start", "0", "--target", "inf"),
    ("kr", "add", "O-1", "X", "--start", "0", "--target", "10", "--weight", "heavy"),
    ("kpi", "add", "NPS", "--target", "abc"),
    ("kpi", "add", "NPS", "--target", "40", "--warn", "1,000"),
    ("kr", "checkin", "KR-2", "maybe"),
    ("kr", "checkin", "KR-1", "5", "--confidence", "11"),
    ("kr", "checkin", "KR-1", "5", "--confidence", "sure"),
    # bad periods
    ("objective", "add", "X", "--period", "2026-Q5"),
    ("objective", "add", "X", "--period", "Q4-2026"),
    ("objective", "add", "X", "--period", "26"),
    ("objective", "list", "--period", "2026Q4"),
    ("status", "--period", "2026-Q0"),
    ("status", "--period", "next"),
    # bad dates in options
    ("initiative", "add", "KR-1", "X", "--due", "2026-13-01"),
    ("initiative", "add", "KR-1", "X", "--due", "tomorrow"),
    # unknown options, commands and choices
    ("objective", "add", "X", "--bogus"),
    ("status", "--bogus"),
    ("kr", "checkin", "KR-1", "5", "--wat", "1"),
    ("frobnicate",),
    ("kr", "frobnicate"),
    ("kpi", "add", "NPS", "--target", "40", "--direction", "sideways"),
    ("kpi", "add", "NPS", "--target", "40", "--frequency", "hourly"),
    ("initiative", "set", "I-1", "--status", "finished"),
    ("objective", "add", "X", "--perspective", "vibes"),
    # missing arguments
    ("kr", "checkin", "KR-1"),
    ("kpi", "add", "NPS"),
    ("objective", "add"),
    # empty title
    ("objective", "add", ""),
    ("objective", "add", "   "),
]


@pytest.mark.parametrize("args", BAD_COMMANDS, ids=lambda args: " ".join(args) or "empty")
def test_bad_input_exits_2_with_one_line_and_changes_nothing(run, db, seeded, args):
    result = run(*args)
    result.assert_bad_input()
    assert db.read_bytes() == seeded


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_check_in_value_that_is_not_a_number(run, db, seeded, value):
    result = run("kr", "checkin", "KR-1", value)
    result.assert_bad_input()
    assert db.read_bytes() == seeded


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_kpi_value_that_is_not_a_number(run, db, seeded, value):
    result = run("kpi", "record", "mrr", value)
    result.assert_bad_input()
    assert db.read_bytes() == seeded


@pytest.mark.parametrize("day", BAD_DATES)
def test_a_bad_check_in_date(run, db, seeded, day):
    result = run("kr", "checkin", "KR-1", "50", "--date", day)
    result.assert_bad_input()
    assert db.read_bytes() == seeded


@pytest.mark.parametrize("day", BAD_DATES)
def test_a_bad_kpi_date(run, db, seeded, day):
    result = run("kpi", "record", "mrr", "5", "--date", day)
    result.assert_bad_input()
    assert db.read_bytes() == seeded


@pytest.mark.parametrize("day", ["2026-13-01", "yesterday"])
def test_a_bad_today(run, db, seeded, day):
    result = run("kr", "checkin", "KR-1", "50", today=day)
    result.assert_bad_input()
    assert db.read_bytes() == seeded
    from_env = run("status", today=None, env={"OKRTUI_TODAY": day})
    from_env.assert_bad_input()


def test_an_unknown_global_option(run, db, seeded):
    result = run("--bogus", "status")
    result.assert_bad_input()
    assert db.read_bytes() == seeded


def test_the_error_names_the_problem(run, seeded):
    assert "O-99" in run("objective", "show", "O-99").err
    assert "KR-99" in run("kr", "checkin", "KR-99", "5").err
    assert "abc" in run("kr", "checkin", "KR-1", "abc").err
    assert "2026-13-01" in run("kpi", "record", "mrr", "5", "--date", "2026-13-01").err
    assert "2026-Q5" in run("objective", "add", "X", "--period", "2026-Q5").err
    assert "--bogus" in run("status", "--bogus").err
    start_equals_target = run("kr", "add", "O-1", "Flat", "--start", "5", "--target", "5").err.lower()
    assert "start" in start_equals_target and "target" in start_equals_target


def test_a_valid_command_after_bad_input_still_works(run, seeded, status_kr):
    run("kr", "checkin", "KR-1", "abc").assert_bad_input()
    run.ok("kr", "checkin", "KR-1", "50")
    assert status_kr(run.ok("status", "--json").json, "KR-1")["current"] == 50


def test_bad_input_on_a_missing_file_does_not_create_it(run, db):
    assert not db.exists()
    run("kr", "checkin", "KR-1", "5").assert_bad_input()
    run("objective", "add", "X", "--period", "2026-Q5").assert_bad_input()
    run("kpi", "record", "mrr", "5").assert_bad_input()
    assert not db.exists()
