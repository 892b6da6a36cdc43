"""The status colours people trust (issue 4): the owner's confidence, decrease key results, exceeded and
below baseline, as ``kr show --json`` and the report give them.
"""

from __future__ import annotations

import pytest
from report_support import NOW, report_md


@pytest.fixture
def objective(run) -> str:
    return run.add("objective", "add", "Grow", "--owner", "dana")


def kr_json(run, kr: str) -> dict:
    return run.ok("kr", "show", kr, "--json").json


def test_owner_confidence_off_track_beats_an_on_track_pace(run, objective, status_kr):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    # 70 / 100 = 0.70 ahead of the expected 0.5714: by pace on-track; the owner says off-track (2)
    run.ok("kr", "checkin", kr, "70", "--confidence", "2", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert shown_kr["progress"] == 0.7
    assert shown_kr["status"] == "off-track"
    assert status_kr(run.ok("status", "--json").json, kr)["status"] == "off-track"
    assert run.ok("objective", "show", objective, "--json").json["status"] == "off-track"
    report = run.ok("report", "--format", "json").json
    assert [(a["id"], a["status"]) for a in report["attention"]] == [(kr, "off-track")]
    assert run("status", "--check").code == 3


def test_the_word_off_track_as_confidence_beats_the_pace_too(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "95", "--confidence", "off-track", "--date", "2026-11-20")
    assert kr_json(run, kr)["status"] == "off-track"


def test_a_later_check_in_without_confidence_goes_back_to_the_pace(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "70", "--confidence", "2", "--date", "2026-11-13")
    run.ok("kr", "checkin", kr, "72", "--date", "2026-11-20")
    assert kr_json(run, kr)["status"] == "on-track"


def test_a_decrease_key_result_is_coloured_like_an_increase(run, objective):
    down = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--unit", "days")
    up = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "21")
    run.ok("kr", "checkin", down, "55", "--date", "2026-11-20")  # (59 − 55) / 21 = 0.1905: gap 0.381 -> off-track
    run.ok("kr", "checkin", up, "4", "--date", "2026-11-20")  # 4 / 21 = 0.1905 too
    for kr in (down, up):
        assert kr_json(run, kr)["progress"] == 0.1905
        assert kr_json(run, kr)["status"] == "off-track"
    run.ok("kr", "checkin", down, "47", "--date", "2026-11-21")  # 12 / 21 = 0.5714: gap 0 -> on-track
    run.ok("kr", "checkin", up, "12", "--date", "2026-11-21")
    for kr in (down, up):
        assert kr_json(run, kr)["progress"] == 0.5714
        assert kr_json(run, kr)["status"] == "on-track"


def test_a_decrease_above_its_start_is_below_baseline(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--unit", "days")
    run.ok("kr", "checkin", kr, "63", "--date", "2026-11-20")  # worse than the start: (59 − 63) / 21 < 0
    shown_kr = kr_json(run, kr)
    assert shown_kr["below_baseline"] is True
    assert shown_kr["exceeded"] is False
    assert shown_kr["progress"] == 0.0
    assert shown_kr["current"] == 63
    assert shown_kr["status"] == "off-track"
    report_kr = run.ok("report", "--format", "json").json["objectives"][0]["key_results"][0]
    assert report_kr["progress"] == 0.0
    assert "below baseline" in report_kr["values"]


def test_a_decrease_past_its_target_is_exceeded(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
    run.ok("kr", "checkin", kr, "30", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (True, False, 1.0)
    assert shown_kr["status"] == "on-track"


def test_an_increase_past_its_target_is_exceeded(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "12", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (True, False, 1.0)
    report_kr = run.ok("report", "--format", "json").json["objectives"][0]["key_results"][0]
    assert "exceeded" in report_kr["values"]


def test_at_the_target_or_the_start_is_neither_exceeded_nor_below_baseline(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
    assert (kr_json(run, kr)["exceeded"], kr_json(run, kr)["below_baseline"]) == (False, False)  # at the start
    run.ok("kr", "checkin", kr, "38", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (False, False, 1.0)


def test_exceeded_and_below_baseline_follow_the_report_day(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "10", "--target", "20")
    run.ok("kr", "checkin", kr, "8", "--date", "2026-11-01")
    run.ok("kr", "checkin", kr, "25", "--date", "2026-11-20")
    past = run.ok("kr", "show", kr, "--json", today="2026-11-10").json
    assert (past["below_baseline"], past["exceeded"], past["current"]) == (True, False, 8)
    now = kr_json(run, kr)
    assert (now["below_baseline"], now["exceeded"], now["current"]) == (False, True, 25)


def test_report_markdown_escapes_a_pipe_in_a_title(run, objective):
    kr = run.add("kr", "add", objective, "A | B", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "6", "--note", "x | y", "--date", "2026-11-20")
    markdown = report_md(run, NOW)
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {kr} "))
    assert row.count(" | ") == 5  # the six cells, with the pipes of the text escaped
    assert "A \\| B" in row and "x \\| y" in row
