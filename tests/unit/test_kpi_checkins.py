"""A check-in on a key result that follows a KPI (issue 13): the value is recorded as the KPI's for the day, the
confidence and note go on the key result's check-in, and a note alone (no value) is a check-in too.

A real data file: O-1 (2026-Q4, weekly cadence) with KR-1 "Keep conversion" (at least 9 %) following the monthly KPI
conversion (K-1), measured 9.4 on 2026-10-31 and 9.1 on 2026-11-10, each added on 2026-10-01. Today is 2026-11-22:
the last measurement is 12 days old, so KR-1 is due.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrtui.errors import BadInput
from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.services.reviews import due_items
from okrtui.services.views import Dataset, kr_view
from okrtui.services.workspace import Workspace

TODAY = "2026-11-22"


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The data file described above."""
    path = tmp_path / "okrs.json"
    ws = Workspace.open(path, actor="maria", today="2026-10-01")
    okrs.add_objective(ws, "Sell more", period="2026-Q4", owner="alice")
    kpis.add_kpi(ws, "Conversion", key="conversion", target=9, unit="%", frequency="monthly")
    okrs.add_kr(ws, "O-1", "Keep conversion", at_least=9, unit="%", kpi="conversion")
    for day, value in (("2026-10-31", 9.4), ("2026-11-10", 9.1)):
        measurements.record(Workspace.open(path, actor="maria", today=day), "conversion", value)
    return path


def today_ws(path: Path) -> Workspace:
    """The file as alice on TODAY."""
    return Workspace.open(path, actor="alice", today=TODAY)


def due_ids(path: Path) -> list[str]:
    """The key results due on TODAY."""
    ws = today_ws(path)
    return [item.kr.id for item in due_items(Dataset.load(ws), ws.today)]


def test_the_fixture_key_result_is_due_before_any_check_in(linked):
    assert due_ids(linked) == ["KR-1"]


def test_a_value_is_recorded_as_the_kpis_value_for_the_day_and_the_check_in_keeps_confidence_and_note(linked):
    saved, entry = checkins.checkin(today_ws(linked), "KR-1", "8.7", confidence="at-risk", note="Trial signups dipped")
    ws = today_ws(linked)
    assert ws.repo.raw_get("K", "K-1")["history"] == {"2026-10-31": 9.4, "2026-11-10": 9.1, TODAY: 8.7}
    assert ws.repo.raw_get("KR", "KR-1")["checkins"] == [
        {"date": TODAY, "value": 8.7, "confidence": 5, "note": "Trial signups dipped", "author": "alice"}
    ]
    assert entry["value"] == 8.7 and saved["id"] == "KR-1"
    assert due_ids(linked) == []


def test_the_key_results_history_shows_the_day_once_with_its_note(linked):
    checkins.checkin(today_ws(linked), "KR-1", "8.7", note="Trial signups dipped")
    ws = today_ws(linked)
    view = kr_view(Dataset.load(ws).scorer(ws.today), Dataset.load(ws).kr_by_id["KR-1"])
    assert [(c.date, c.value, c.note) for c in view.checkins] == [
        ("2026-10-31", 9.4, ""),
        ("2026-11-10", 9.1, ""),
        (TODAY, 8.7, "Trial signups dipped"),
    ]


def test_the_kpi_stays_the_source_when_it_is_recorded_again_the_same_day(linked):
    checkins.checkin(today_ws(linked), "KR-1", "8.7", note="first reading")
    measurements.record(today_ws(linked), "conversion", "8.9")  # cron's later reading of the same day
    ws = today_ws(linked)
    data = Dataset.load(ws)
    view = kr_view(data.scorer(ws.today), data.kr_by_id["KR-1"])
    assert [(c.date, c.value) for c in view.checkins][-1] == (TODAY, 8.9)
    assert len(view.checkins) == 3


def test_a_note_alone_is_a_check_in_at_the_kpis_latest_value_and_leaves_the_kpi_alone(linked):
    kpi_before = today_ws(linked).repo.raw_get("K", "K-1")
    _, entry = checkins.checkin(today_ws(linked), "KR-1", "", note="No new reading until December")
    ws = today_ws(linked)
    assert ws.repo.raw_get("K", "K-1") == kpi_before
    assert ws.repo.raw_get("KR", "KR-1")["checkins"] == [
        {"date": TODAY, "value": 9.1, "note": "No new reading until December", "author": "alice"}
    ]
    assert entry["value"] == 9.1
    assert due_ids(linked) == [], "a note-only check-in counts as a check-in"


@pytest.mark.parametrize("value", ["", "  ", None])
def test_no_value_and_no_note_is_refused_and_the_file_is_untouched(linked, value):
    before = linked.read_bytes()
    with pytest.raises(BadInput) as raised:
        checkins.checkin(today_ws(linked), "KR-1", value)
    assert raised.value.field == "value"
    assert "give a value (recorded as conversion's), or a note" in raised.value.message
    assert linked.read_bytes() == before


def test_a_note_alone_on_a_kpi_without_values_is_refused(tmp_path):
    path = tmp_path / "okrs.json"
    ws = today_ws(path)
    okrs.add_objective(ws, "Sell more", period="2026-Q4")
    kpis.add_kpi(ws, "Conversion", key="conversion", target=9)
    okrs.add_kr(ws, "O-1", "Keep conversion", at_least=9, kpi="conversion")
    before = path.read_bytes()
    with pytest.raises(BadInput) as raised:
        checkins.checkin(today_ws(path), "KR-1", "", note="nothing yet")
    assert "conversion has no value yet" in raised.value.message
    assert path.read_bytes() == before


def test_a_bad_value_records_nothing(linked):
    before = linked.read_bytes()
    with pytest.raises(BadInput, match="value must be a number"):
        checkins.checkin(today_ws(linked), "KR-1", "lots", note="x")
    assert linked.read_bytes() == before


def test_a_back_dated_value_goes_to_the_kpi_on_that_day(linked):
    checkins.checkin(today_ws(linked), "KR-1", "9.0", day="2026-11-15")
    ws = today_ws(linked)
    assert ws.repo.raw_get("K", "K-1")["history"]["2026-11-15"] == 9.0
    assert ws.repo.raw_get("KR", "KR-1")["checkins"][0]["date"] == "2026-11-15"


def test_a_plain_key_result_still_needs_a_value(linked):
    okrs.add_kr(today_ws(linked), "O-1", "Cycle", start=59, target=38)
    with pytest.raises(BadInput, match="value must be a number"):
        checkins.checkin(today_ws(linked), "KR-2", "", note="just a note")


def test_a_bad_confidence_with_a_value_records_nothing_on_the_kpi_either(linked):
    before = linked.read_bytes()
    with pytest.raises(BadInput):
        checkins.checkin(today_ws(linked), "KR-1", "8.7", confidence="sure")
    assert linked.read_bytes() == before


def okrtui(path: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed okrtui on ``path`` as alice on TODAY."""
    script = Path(sys.executable).parent / "okrtui"
    argv = [str(script), "--db", str(path), "--today", TODAY, "--as", "alice", *args]
    env = {name: value for name, value in os.environ.items() if not name.startswith("OKRTUI_")}
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_the_cli_follows_the_same_rule(linked):
    done = okrtui(linked, "kr", "checkin", "KR-1", "8.7", "--note", "dipped")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"KR-1: 8.7% on {TODAY} by alice\n", "")
    assert today_ws(linked).repo.raw_get("K", "K-1")["history"][TODAY] == 8.7

    done = okrtui(linked, "kr", "checkin", "KR-1", "", "--note", "same again", "--date", "2026-11-21")
    assert (done.returncode, done.stdout) == (0, "KR-1: 9.1% on 2026-11-21 by alice\n")


def test_the_cli_refuses_no_value_and_no_note_with_exit_2(linked):
    before = linked.read_bytes()
    done = okrtui(linked, "kr", "checkin", "KR-1", "")
    assert done.returncode == 2
    assert done.stderr == "okrtui: give a value (recorded as conversion's), or a note for a check-in without one\n"
    assert linked.read_bytes() == before
