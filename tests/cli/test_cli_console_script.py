"""The installed ``okrtui`` console script, end to end in real subprocesses (stdout and stderr are pipes)."""

from __future__ import annotations

import json
import re

import okrtui


def test_version(script):
    result = script("--version", globals_=False)
    assert result.code == 0, result.err
    assert okrtui.__version__ in result.out


COMMANDS = {"doctor", "due", "init", "initiative", "kpi", "kr", "objective", "period", "report", "scorecard", "status"}


def listed_commands(help_text: str) -> set[str]:
    """The first word of each line of the help's ``Commands:`` section (a whole word, not a substring)."""
    section = help_text.split("\nCommands:\n", 1)[1]
    return {re.match(r"  (\S+)", line).group(1) for line in section.splitlines() if re.match(r"  \S", line)}


def test_help_lists_the_commands(script):
    result = script("--help", globals_=False)
    assert result.code == 0, result.err
    assert listed_commands(result.out) >= COMMANDS


def test_a_weekly_check_in_round_trip(script, db):
    assert script("init").code == 0
    objective = script("objective", "add", "Shorten the sales lifecycle", "--team", "Sales")
    assert (objective.code, objective.out) == (0, "O-1\n")
    kr = script("kr", "add", "O-1", "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    assert (kr.code, kr.out) == (0, "KR-1\n")
    checkin = script("--as", "alice", "kr", "checkin", "kr-1", "44", "--confidence", "8")
    assert checkin.code == 0, checkin.err
    status = script("status", "--json")
    assert status.code == 0, status.err
    assert status.err == ""
    document = json.loads(status.out)
    kr_view = document["objectives"][0]["key_results"][0]
    assert (kr_view["kind"], kr_view["current"], kr_view["progress"]) == ("decrease", 44, 0.7143)
    assert kr_view["checkins"][0]["author"] == "alice"
    assert json.loads(db.read_bytes())


def test_kpi_import_from_stdin(script):
    assert script("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000").out == "K-1\n"
    imported = script("kpi", "import", "-", input="kpi,date,value\nmrr,2026-10-01,150000\nmrr,2026-11-01,160000\n")
    assert imported.code == 0, imported.err
    shown = json.loads(script("kpi", "show", "mrr", "--json").out)
    assert shown["history"] == [{"date": "2026-10-01", "value": 150000}, {"date": "2026-11-01", "value": 160000}]


def test_piped_human_output_has_no_escapes(script):
    script("objective", "add", "Evil \x1b[2J title")
    script("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    script("kr", "checkin", "KR-1", "1")
    result = script("status")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    assert "\\x1b[2J" in result.out


def test_status_check_exit_codes(script):
    script("objective", "add", "Grow")
    script("kr", "add", "O-1", "Deals", "--start", "0", "--target", "100")
    script("kr", "checkin", "KR-1", "60")  # 0.60 vs expected 0.5714: on-track
    assert script("status", "--check").code == 0
    script("kr", "checkin", "KR-1", "20")  # 0.20: gap 0.3714 -> off-track
    assert script("status", "--check").code == 3


def test_bad_input_is_one_line_exit_2_and_no_change(script, db):
    script("objective", "add", "Grow")
    script("kr", "add", "O-1", "Deals", "--start", "0", "--target", "100")
    before = db.read_bytes()
    for args in (
        ("kr", "checkin", "KR-1", "1,000"),
        ("kr", "checkin", "KR-9", "5"),
        ("status", "--bogus"),
        ("kr", "checkin", "KR-1", "5", "--date", "2026-13-01"),
    ):
        result = script(*args)
        assert result.code == 2, (args, result.err)
        assert result.out == ""
        assert len(result.err.splitlines()) == 1, result.err
        assert result.err.startswith("okrtui: ")
        assert "Traceback" not in result.err
    assert db.read_bytes() == before


def test_settings_from_the_environment(script, db):
    env = {"OKRTUI_DB": str(db), "OKRTUI_TODAY": "2026-11-22", "OKRTUI_USER": "dana"}
    assert script("objective", "add", "People", globals_=False, env=env).out == "O-1\n"
    script("kr", "add", "O-1", "eNPS", "--start", "12", "--target", "30", globals_=False, env=env)
    assert script("kr", "checkin", "KR-1", "18", globals_=False, env=env).code == 0
    shown = json.loads(script("kr", "show", "KR-1", "--json", globals_=False, env=env).out)
    [checkin] = shown["checkins"]
    assert (checkin["date"], checkin["value"], checkin["confidence"], checkin["author"]) == (
        "2026-11-22",
        18,
        None,
        "dana",
    )
