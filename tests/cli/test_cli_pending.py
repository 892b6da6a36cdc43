"""A new key result is pending, not off-track (issue 12, item 9): with no check-in yet and its first check-in not due
(its objective's cadence after the day it was added), ``status`` says ``pending``, ``status --check`` lets it pass and
``due`` doesn't list it; once a check-in is due and missing, the pace decides.

As of 2026-11-22, 2026-Q4 is 52 of 91 days in: expected 52 / 91 = 0.5714.
"""

from __future__ import annotations

import json


def test_a_key_result_added_today_is_pending(run, status_kr):
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    shown = run.ok("kr", "show", kr, "--json").json
    assert (shown["status"], shown["created"]) == ("pending", "2026-11-22")
    assert "added 2026-11-22" in run.ok("kr", "show", kr).out
    assert json.loads(run.db.read_text())["key_results"]["1"]["created"] == "2026-11-22"
    assert status_kr(run.ok("status", "--json").json, kr)["status"] == "pending"
    assert run.ok("status", "--json").json["objectives"][0]["status"] == "pending", "its only key result is pending"
    check = run("status", "--check")
    assert check.code == 0, check.out
    assert "all is well" in check.out
    assert run.ok("due", "--json").json == []
    kr_line = next(line for line in run.ok("status").out.splitlines() if line.startswith(kr))
    assert kr_line.split()[-3:] == ["pending", "Forum", "posts"]


def test_once_its_first_check_in_is_due_the_pace_decides(run, status_kr):
    """Added 11-22 in a weekly objective: due 11-29. On 11-28 still pending; on 11-29 expected 59 / 91 = 0.6484,
    progress 0: off-track, and overdue (7 days since it was added)."""
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    assert status_kr(run.ok("status", "--json", today="2026-11-28").json, kr)["status"] == "pending"
    result = run("status", "--check", "--json", today="2026-11-29")
    assert result.code == 3
    assert [(item["id"], item["problem"]) for item in result.json["findings"]] == [
        (kr, "off-track"),
        (kr, "overdue"),
    ]


def test_the_objectives_cadence_sets_when_it_is_due(run, status_kr):
    """Monthly: added 11-22, due 11-22 + 30 = 12-22; on 12-21 pending."""
    objective = run.add("objective", "add", "Grow", "--cadence", "monthly")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    assert status_kr(run.ok("status", "--json", today="2026-12-21").json, kr)["status"] == "pending"
    assert status_kr(run.ok("status", "--json", today="2026-12-22").json, kr)["status"] == "off-track"


def test_a_check_in_ends_it(run, status_kr):
    """10 of 100 on the day it was added: progress 0.1, gap 0.4714: off-track."""
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "10")
    assert status_kr(run.ok("status", "--json").json, kr)["status"] == "off-track"


def test_a_key_result_from_before_the_creation_day_was_kept_scores_as_before(run, status_kr):
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    document = json.loads(run.db.read_text())
    del document["key_results"]["1"]["created"]
    run.db.write_text(json.dumps(document))
    shown = run.ok("kr", "show", kr, "--json").json
    assert (shown["status"], shown["created"]) == ("off-track", None)
    assert [item["id"] for item in run.ok("due", "--json").json] == [kr], "no check-in since Oct 1"


def test_the_report_shows_pending_without_calling_for_attention(run):
    objective = run.add("objective", "add", "Grow")
    run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100")
    report = run.ok("report").out
    assert "| 🔵 pending |" in report
    assert "Every key result is on track." in report


def test_a_key_result_carried_into_a_quarter_under_way_is_new_there(run, status_kr):
    """Added 2026-07-01 in Q3, carried into Q4 on 11-22: the copy was added 11-22, so its first check-in is due
    11-29 (weekly) and it is pending; with the original's day (07-01) it would count from Oct 1 and be off-track."""
    objective = run.add("objective", "add", "Grow", "--period", "2026-Q3", today="2026-07-01")
    run.add("kr", "add", objective, "Forum posts", "--start", "0", "--target", "100", today="2026-07-01")
    carried = dict(
        line.split(" -> ") for line in run.ok("period", "carry", "2026-Q3", "--to", "2026-Q4").out.split("\n") if line
    )
    copy = carried["KR-1"]
    shown = run.ok("kr", "show", copy, "--json").json
    assert (shown["status"], shown["created"]) == ("pending", "2026-11-22")
