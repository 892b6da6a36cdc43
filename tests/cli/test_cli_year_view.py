"""``--period 2026`` shows the year's own objectives and its quarters', grouped by quarter, with the year's progress
the mean of what is shown (issue 12, item 11), in ``status`` and ``report``; a quarter still shows only its own.

The file: a year objective at 50 of 100 (0.5), a Q1 one done (1.0), a Q4 one at 2 of 10 (0.2), a 2025-Q4 one (not
in 2026). Year: (0.5 + 1.0 + 0.2) / 3 = 1.7 / 3 = 0.5667.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def year(run) -> dict[str, str]:
    ids = {}
    ids["year"] = run.add("objective", "add", "Yearly", "--period", "2026")
    half = run.add("kr", "add", ids["year"], "Half", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", half, "50", "--date", "2026-11-01")
    ids["q1"] = run.add("objective", "add", "Spring", "--period", "2026-Q1")
    shipped = run.add("kr", "add", ids["q1"], "Shipped", "--milestone")
    run.ok("kr", "checkin", shipped, "done", "--date", "2026-03-01")
    ids["q4"] = run.add("objective", "add", "Autumn", "--period", "2026-Q4")
    two = run.add("kr", "add", ids["q4"], "Two of ten", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", two, "2", "--date", "2026-11-20")
    ids["old"] = run.add("objective", "add", "Last year", "--period", "2025-Q4")
    return ids


def test_status_json_of_a_year(run, year):
    document = run.ok("status", "--period", "2026", "--json").json
    assert [(o["id"], o["period"]) for o in document["objectives"]] == [
        (year["year"], "2026"),
        (year["q1"], "2026-Q1"),
        (year["q4"], "2026-Q4"),
    ]
    assert document["progress"] == 0.5667


def test_a_quarter_shows_its_own_only(run, year):
    """Q4 alone: 0.2."""
    document = run.ok("status", "--period", "2026-Q4", "--json").json
    assert [o["id"] for o in document["objectives"]] == [year["q4"]]
    assert document["progress"] == 0.2


def test_status_of_a_year_for_people_groups_by_quarter(run, year):
    lines = run.ok("status", "--period", "2026").out.splitlines()
    assert "57%  the year: the mean of its 3 objectives" in lines[1]
    headings = [line for line in lines if line.startswith("──")]
    assert headings == ["── 2026 (the year's own)", "── 2026-Q1", "── 2026-Q4"]
    order = [lines.index(heading) for heading in headings]
    ids = (year["year"], year["q1"], year["q4"])
    shown = [next(line for line in lines if line.startswith(f"{oid} ")) for oid in ids]
    assert order[0] < lines.index(shown[0]) < order[1] < lines.index(shown[1]) < order[2] < lines.index(shown[2])


def test_status_check_of_a_year_covers_its_quarters(run, year):
    """Q4's key result at 2 of 10: gap 0.5714 − 0.2 = 0.3714 > 0.30: off-track, found from the year's view too."""
    found = run("status", "--period", "2026", "--check", "--json").json["findings"]
    assert ("KR-3", "off-track") in [(item["id"], item["problem"]) for item in found]


def test_report_of_a_year(run, year):
    document = run.ok("report", "--period", "2026", "--format", "json").json
    assert document["progress"] == 0.5667
    assert [(o["id"], o["period"]) for o in document["objectives"]] == [
        (year["year"], "2026"),
        (year["q1"], "2026-Q1"),
        (year["q4"], "2026-Q4"),
    ]
    markdown = run.ok("report", "--period", "2026").out.splitlines()
    assert "**57%** for the year: the mean of the objectives below" in markdown
    headings = [line for line in markdown if line.startswith("## ") or line.startswith("### ")]
    assert headings[:6] == [
        "## 2026 (the year's own)",
        f"### {year['year']} Yearly",
        "## 2026-Q1",
        f"### {year['q1']} Spring",
        "## 2026-Q4",
        f"### {year['q4']} Autumn",
    ]


def test_a_quarters_report_keeps_its_shape(run, year):
    markdown = run.ok("report", "--period", "2026-Q4").out.splitlines()
    assert f"## {year['q4']} Autumn" in markdown
    assert not any("for the year" in line for line in markdown)
