"""``okrtui config`` (issue 12, item 10): thresholds a file sets for everyone using it, listed, set, unset; bad input
exits 2 and a damaged config exits 1, each with the file byte-identical; ``status --json`` shows them; every score
uses them.

As of 2026-11-22, 2026-Q4 is 52 of 91 days in: expected 52 / 91 = 0.5714.
"""

from __future__ import annotations

import json

import pytest

DEFAULTS = {
    "pace.at-risk": 0.15,
    "pace.off-track": 0.3,
    "grade.green": 0.7,
    "grade.yellow": 0.4,
    "kpi.stale-factor": 1.5,
}


@pytest.fixture
def forum(run) -> str:
    """Forum posts 0 → 100, at 40 on 11-20: gap 0.5714 − 0.4 = 0.1714 (at-risk by default)."""
    objective = run.add("objective", "add", "Grow the community")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "40", "--date", "2026-11-20")
    return kr


def test_config_lists_every_key_with_its_default(run):
    run.ok("init")
    listed = run.ok("config", "--json").json
    assert [(row["key"], row["value"], row["default"], row["set"]) for row in listed] == [
        (key, value, value, False) for key, value in DEFAULTS.items()
    ]
    human = run.ok("config").out.splitlines()
    assert human[0].split() == ["KEY", "VALUE", "DEFAULT", "MEANING"]
    expected = [[key, str(value), str(value)] for key, value in DEFAULTS.items()]
    assert [line.split()[:3] for line in human[1:]] == expected


def test_set_changes_a_key_results_status_and_status_json_shows_it(run, forum, status_kr):
    assert status_kr(run.ok("status", "--json").json, forum)["status"] == "at-risk"
    assert run.ok("config", "set", "pace.at-risk", "0.2").out == "pace.at-risk = 0.2\n"
    document = run.ok("status", "--json").json
    assert status_kr(document, forum)["status"] == "on-track", "gap 0.1714 ≤ 0.2"
    assert document["config"] == {**DEFAULTS, "pace.at-risk": 0.2}
    stored = json.loads(run.db.read_text())["meta"]["1"]["config"]
    assert stored == {"pace.at-risk": 0.2}
    listed = {row["key"]: (row["value"], row["set"]) for row in run.ok("config", "--json").json}
    assert listed["pace.at-risk"] == (0.2, True)


def test_unset_goes_back_to_the_default(run, forum, status_kr):
    run.ok("config", "set", "pace.at-risk", "0.2")
    assert run.ok("config", "unset", "pace.at-risk").out == "pace.at-risk unset (the default applies)\n"
    assert status_kr(run.ok("status", "--json").json, forum)["status"] == "at-risk"
    assert "config" not in json.loads(run.db.read_text())["meta"]["1"]
    assert run.ok("config", "unset", "pace.at-risk").out == "pace.at-risk was not set (the default applies)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "pace.bogus", "1"), "unknown setting 'pace.bogus'"),
        (("set", "pace.at-risk", "x"), "pace.at-risk must be a number from 0 to 1, not 'x'"),
        (("set", "pace.at-risk", "-0.1"), "pace.at-risk must be a number from 0 to 1"),
        (("set", "grade.green", "1.01"), "grade.green must be a number from 0 to 1"),
        (("set", "kpi.stale-factor", "0"), "kpi.stale-factor must be a number from 1 to 100"),
        (("set", "pace.at-risk", "0.5"), "pace.at-risk (0.5) must not be above pace.off-track (0.3)"),
        (("set", "grade.green", "0.3"), "grade.yellow (0.4) must not be above grade.green (0.3)"),
        (("unset", "nope"), "unknown setting 'nope'"),
    ],
)
def test_bad_input_exits_2_and_leaves_the_file_as_it_was(run, forum, args, message):
    run.ok("config", "set", "pace.off-track", "0.3")
    before = run.db.read_bytes()
    result = run("config", *args)
    result.assert_bad_input()
    assert message in result.err
    assert run.db.read_bytes() == before


def test_a_damaged_config_is_exit_1_until_unset(run, forum):
    run.ok("config", "set", "pace.at-risk", "0.2")
    document = json.loads(run.db.read_text())
    document["meta"]["1"]["config"]["pace.at-risk"] = "lots"
    run.db.write_text(json.dumps(document))
    before = run.db.read_bytes()
    for args in (("status",), ("status", "--json"), ("kpi", "list"), ("config",)):
        result = run(*args)
        result.assert_failed(1)
        assert "config is damaged" in result.err and "okrtui config unset pace.at-risk" in result.err
        assert run.db.read_bytes() == before
    doctor = run("doctor")
    assert doctor.code == 1
    assert "config is damaged (pace.at-risk must be a number from 0 to 1, not 'lots')" in doctor.out
    run.ok("config", "unset", "pace.at-risk")
    assert run.ok("status", "--json").json["config"] == DEFAULTS
    assert run("doctor").code == 0


def test_the_stale_factor_reaches_kpi_health(run):
    """Weekly, last value 11-11: 11 days > 1.5 × 7 = 10.5: stale; with factor 2, 11 ≤ 14: 45 ≤ 50 (down): green."""
    run.add(
        "kpi",
        "add",
        "Support backlog",
        "--key",
        "backlog",
        "--target",
        "50",
        "--direction",
        "down",
        "--frequency",
        "weekly",
    )
    run.ok("kpi", "record", "backlog", "45", "--date", "2026-11-11")
    assert run.ok("kpi", "show", "backlog", "--json").json["health"] == "stale"
    run.ok("config", "set", "kpi.stale-factor", "2")
    assert run.ok("kpi", "show", "backlog", "--json").json["health"] == "green"
    assert [kpi["health"] for kpi in run.ok("kpi", "list", "--json").json] == ["green"]
    assert run("status", "--check").code == 0, "no longer stale: nothing needs attention"


def test_the_grade_bands_colour_the_grades(run):
    """A milestone done and one not: grade (1 + 0) / 2 = 0.5 — yellow by default (0.4 ≤ 0.5 < 0.7), green with
    grade.green 0.5."""
    objective = run.add("objective", "add", "Ship", "--period", "2026-Q3")
    done = run.add("kr", "add", objective, "Done", "--milestone")
    run.ok("kr", "checkin", done, "done", "--date", "2026-09-01")
    run.add("kr", "add", objective, "Not done", "--milestone")
    run.ok("period", "close", "2026-Q3", "--yes")
    yellow, green = "\x1b[33m\x1b[22m0.50", "\x1b[32m\x1b[22m0.50"
    assert yellow in run.ok("objective", "show", objective, color=True).out
    run.ok("config", "set", "grade.green", "0.5")
    coloured = run.ok("objective", "show", objective, color=True).out
    assert green in coloured and yellow not in coloured
    assert green in run.ok("status", "--period", "2026-Q3", color=True).out
