"""services.corrections as the UI calls it: handles, what each function returns, and a stale ``expected_rev``
(the list a form was opened on changed meanwhile) refused as a Conflict that changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cycles_support import open_ws

from okrtui.errors import Conflict
from okrtui.services import checkins, corrections, kpis, measurements, okrs
from okrtui.services.workspace import Workspace


@pytest.fixture
def kr(ws: Workspace) -> str:
    """KR-1 with check-ins 10 on 12-01, 20 on 12-08 and 30 on 12-15 (by tester)."""
    objective = okrs.add_objective(ws, "Grow", period="2026-Q4").id
    kr_id = okrs.add_kr(ws, objective, "Deals", start=0, target=100).id
    for day, value in (("2026-12-01", 10), ("2026-12-08", 20), ("2026-12-15", 30)):
        checkins.checkin(ws, kr_id, value, day=day)
    return kr_id


def stored_values(path: Path) -> list[tuple[str, int]]:
    return [(entry["date"], entry["value"]) for entry in json.loads(path.read_text())["key_results"]["1"]["checkins"]]


def test_list_checkins_gives_each_entry_its_handle(ws, kr):
    listed = corrections.list_checkins(ws, kr)
    assert [(handle, entry["date"], entry["value"]) for handle, entry in listed] == [
        (1, "2026-12-01", 10),
        (2, "2026-12-08", 20),
        (3, "2026-12-15", 30),
    ]


def test_edit_returns_the_handle_the_entry_has_after_a_move(ws, path, kr):
    saved, handle, entry = corrections.edit_checkin(ws, kr, 1, day="2026-12-20", note="late")
    assert (handle, entry["date"], entry["value"], entry["note"]) == (3, "2026-12-20", 10, "late")
    assert saved["checkins"][2] == entry
    assert stored_values(path) == [("2026-12-08", 20), ("2026-12-15", 30), ("2026-12-20", 10)]


def test_delete_returns_the_removed_entry(ws, path, kr):
    _saved, removed = corrections.delete_checkin(ws, kr, "2")
    assert (removed["date"], removed["value"]) == ("2026-12-08", 20)
    assert stored_values(path) == [("2026-12-01", 10), ("2026-12-15", 30)]


@pytest.mark.parametrize(
    "correct",
    [
        lambda ws, kr, rev: corrections.edit_checkin(ws, kr, 2, value=25, expected_rev=rev),
        lambda ws, kr, rev: corrections.delete_checkin(ws, kr, 2, expected_rev=rev),
    ],
    ids=["edit", "delete"],
)
def test_a_correction_against_a_stale_rev_conflicts_and_changes_nothing(ws, path, kr, correct):
    rev = json.loads(path.read_text())["key_results"]["1"]["rev"]  # the form opens on this list
    checkins.checkin(open_ws(path, "2026-12-31"), kr, 15, day="2026-12-05")  # someone back-dates: handle 2 moves
    before = path.read_bytes()
    with pytest.raises(Conflict):
        correct(ws, kr, rev)
    assert path.read_bytes() == before
    correct(ws, kr, rev + 1)  # with the rev the list now has, it goes through
    assert path.read_bytes() != before


def test_list_values_and_delete_value(ws, path):
    kpis.add_kpi(ws, "Monthly recurring revenue", key="mrr", target=200000)
    for day, value in (("2026-12-08", 160000), ("2026-12-01", 150000)):
        measurements.record(ws, "mrr", value, day=day)
    assert corrections.list_values(ws, "mrr") == [("2026-12-01", 150000), ("2026-12-08", 160000)]
    _saved, iso, old = corrections.delete_value(ws, "K-1", "2026-12-01")
    assert (iso, old) == ("2026-12-01", 150000)
    assert corrections.list_values(ws, "mrr") == [("2026-12-08", 160000)]
