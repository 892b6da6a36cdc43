"""The report's "latest note" is the note of the key result's newest check-in, or nothing when that check-in has
none: never an older check-in's note (often someone else's, about another week). Real console script, real file."""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture
def two_checkins(script, db):
    """KR-1 with alice's check-in on 11-10 with a note, then bob's on 11-20 without one."""
    assert script("objective", "add", "Grow", "--owner", "alice").code == 0
    assert script("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10").code == 0
    note = "alice: two deals slipped"
    first = script("--as", "alice", "kr", "checkin", "KR-1", "3", "--note", note, "--date", "2026-11-10")
    assert first.code == 0, first.err
    second = script("--as", "bob", "kr", "checkin", "KR-1", "5", "--date", "2026-11-20")
    assert second.code == 0, second.err
    return db


def reported_kr(result) -> dict:
    assert result.code == 0, result.err
    return result.json["objectives"][0]["key_results"][0]


def test_json_has_no_note_when_the_newest_check_in_has_none(script, two_checkins):
    before = two_checkins.read_bytes()
    kr = reported_kr(script("report", "--format", "json"))
    assert (kr["id"], kr["value"]) == ("KR-1", 5)
    assert (kr["latest_note"], kr["latest_note_date"]) == ("", None)
    assert two_checkins.read_bytes() == before, "a report never writes the file"


def test_csv_and_markdown_have_no_note_either(script, two_checkins):
    rows = list(csv.DictReader(io.StringIO(script("report", "--format", "csv").out)))
    assert [(row["kr"], row["latest_note"]) for row in rows] == [("KR-1", "")]
    markdown = script("report").out
    assert "two deals slipped" not in markdown, markdown


def test_the_newest_check_in_s_note_is_shown(script, two_checkins):
    third = script("--as", "chen", "kr", "checkin", "KR-1", "6", "--note", "chen: signed one", "--date", "2026-11-21")
    assert third.code == 0, third.err
    kr = reported_kr(script("report", "--format", "json"))
    assert (kr["latest_note"], kr["latest_note_date"]) == ("chen: signed one", "2026-11-21")
