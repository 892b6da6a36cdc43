"""Read commands over long KPI histories: only what a view needs is built, as of --today, and a damaged history is
still named (exit 1, file untouched) wherever it sits."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

TODAY = "2026-11-22"
"""The day the cli fixtures take as today (conftest.TODAY)."""

DAYS = 400
"""Daily values up to TODAY, and two more after it (as a --today in the past sees them)."""


def days_back(count: int, after: int = 0) -> list[str]:
    """ISO days ending ``after`` days past TODAY, oldest first."""
    last = date.fromisoformat(TODAY) + timedelta(days=after)
    return [(last - timedelta(days=count - 1 - offset)).isoformat() for offset in range(count)]


@pytest.fixture
def long_file(run, db: Path) -> Path:
    """Two KPIs (mrr, churn) with DAYS daily values up to TODAY and 2 after it, imported through the CLI."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "500", "--frequency", "daily")
    run.add("kpi", "add", "Churn", "--key", "churn", "--target", "2", "--direction", "down", "--frequency", "daily")
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["kpi", "date", "value"])
    for index, day in enumerate(days_back(DAYS + 2, after=2)):
        writer.writerow(["mrr", day, index if day <= TODAY else 0])  # a fall after today, so it can't hide
        writer.writerow(["churn", day, 3])
    source = db.with_name("rows.csv")
    source.write_text(rows.getvalue())
    run.ok("kpi", "import", str(source), today=days_back(1, after=2)[0])
    return db


def test_kpi_show_counts_and_lists_values_as_of_today(run, long_file):
    out = run.ok("kpi", "show", "mrr").out
    assert f"({DAYS} values)" in out
    assert f"latest {DAYS - 1} on {TODAY}" in out
    rows = [line.split() for line in out.splitlines() if line[:4].isdigit()]
    assert rows == [[day, str(DAYS - 15 + offset)] for offset, day in enumerate(days_back(15))]
    assert f"… {DAYS - 15} earlier values: okrtui kpi export mrr" in out


def test_kpi_show_json_lists_the_history_up_to_today(run, long_file):
    history = run.ok("kpi", "show", "mrr", "--json").json["history"]
    assert history == [{"date": day, "value": index} for index, day in enumerate(days_back(DAYS))]


def test_status_json_lists_every_kpi_history_up_to_today(run, long_file):
    kpis = {view["key"]: view for view in run.ok("status", "--json").json["kpis"]}
    assert [row["date"] for row in kpis["churn"]["history"]] == days_back(DAYS)
    assert kpis["mrr"]["latest"] == {"date": TODAY, "value": DAYS - 1}


def test_status_sparkline_is_of_the_last_twelve_values_as_of_today(run, long_file):
    out = run.ok("status").out
    mrr_row = next(line for line in out.splitlines() if " mrr " in line)
    # 388..399 (not the two zeros after today): block int((v - 388) / 11 * 7.999) = 0 0 1 2 2 3 4 5 5 6 7 7
    assert "▁▁▂▃▃▄▅▆▆▇██" in mrr_row


def damage(path: Path, day: str, value: object) -> bytes:
    """Put ``value`` at ``day`` in churn's stored history by hand; the file's bytes afterwards."""
    data = json.loads(path.read_bytes())
    data["kpis"]["2"]["history"][day] = value
    path.write_text(json.dumps(data, indent=2, sort_keys=True))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("day", "value", "problem"),
    [
        (days_back(DAYS)[200], "12", f"the value of '{days_back(DAYS)[200]}' is not a number"),
        ("2025-02-29", 3, "'2025-02-29' is not a date"),
    ],
)
@pytest.mark.parametrize(
    "command", [("status", "--json"), ("status",), ("kpi", "list"), ("kpi", "show", "churn"), ("report",), ("doctor",)]
)
def test_a_damaged_history_is_named_and_the_file_left_as_it_was(run, long_file, command, day, value, problem):
    before = damage(long_file, day, value)
    result = run(*command)
    if command == ("doctor",):
        assert result.code != 0, (result.out, result.err)
        assert f"K-2: history: {problem}" in result.out
    else:
        result.assert_failed(1)
        assert "K-2 is damaged" in result.err and problem in result.err, result.err
    assert long_file.read_bytes() == before


def test_a_file_of_only_white_space_is_taken_for_a_truncated_one(run, db):
    db.write_bytes(b" \n\t\r\n\x0b\x0c \n")
    result = run("status")
    result.assert_failed(1)
    assert f"{db} is empty" in result.err
    assert db.read_bytes() == b" \n\t\r\n\x0b\x0c \n"
