"""Records in the file: a rev on each that moves on every save and catches concurrent edits, our own ids that are
never reused and never TinyDB's doc_id, and bad input that changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from store_support import backups_of, run_cli, v1_meta, write_json

from okrtui.domain.models import KeyResult, Kpi, Objective
from okrtui.errors import BadInput, Conflict
from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.store.repository import Repository


def stored(db: Path, table: str, key: str) -> dict:
    return json.loads(db.read_text())[table][key]


# -- 9. rev ---------------------------------------------------------------------------------------------------------


def test_every_record_carries_a_rev_that_moves_on_each_save(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "Objective", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "KR", start=0, target=10)
    kpis.add_kpi(ws, "MRR", key="mrr", target=100)
    data = json.loads(db.read_text())
    for table in ("objectives", "key_results", "kpis"):
        assert data[table]["1"]["rev"] == 1

    for expected in (2, 3, 4):
        okrs.edit_objective(ws, "O-1", {"title": f"Objective v{expected}"})
        assert stored(db, "objectives", "1")["rev"] == expected
        checkins.checkin(ws, "KR-1", expected)
        assert stored(db, "key_results", "1")["rev"] == expected
        measurements.record(ws, "mrr", expected, day=f"2026-11-0{expected}")
        assert stored(db, "kpis", "1")["rev"] == expected
    assert ws.repo.get(Objective, "O-1").rev == 4
    assert stored(db, "objectives", "1")["updated_by"] == "tester"


def test_a_stale_expected_rev_raises_conflict_and_changes_nothing(db, open_ws):
    okrs.add_objective(open_ws(), "Original", period="2026-Q4")
    alice, bob = open_ws("alice"), open_ws("bob")
    opened = alice.repo.get(Objective, "O-1")  # alice opens the edit form

    okrs.edit_objective(bob, "O-1", {"title": "Bob's"}, expected_rev=opened.rev)  # bob saves first
    before = db.read_bytes()
    with pytest.raises(Conflict) as conflict:
        okrs.edit_objective(alice, "O-1", {"title": "Alice's"}, expected_rev=opened.rev)
    assert db.read_bytes() == before
    assert conflict.value.current["title"] == "Bob's"
    assert conflict.value.current["rev"] == opened.rev + 1
    assert conflict.value.exit_code == 1

    # with the rev she now sees, her edit goes through
    edited = okrs.edit_objective(alice, "O-1", {"title": "Alice's"}, expected_rev=opened.rev + 1)
    assert edited.rev == opened.rev + 2
    assert stored(db, "objectives", "1")["title"] == "Alice's"


def test_repository_save_with_an_old_rev_raises_conflict(db, open_ws):
    okrs.add_objective(open_ws(), "Original", period="2026-Q4")
    mine, theirs = Repository(db), Repository(db)
    record = mine.get(Objective, "O-1")

    with theirs.transaction():
        theirs.save(record.model_copy(update={"title": "Theirs"}), expected_rev=record.rev)
    before = db.read_bytes()
    with pytest.raises(Conflict), mine.transaction():
        mine.save(record.model_copy(update={"title": "Mine"}), expected_rev=record.rev)
    assert db.read_bytes() == before
    assert mine.get(Objective, "O-1").title == "Theirs"

    with mine.transaction():
        saved = mine.save(record.model_copy(update={"title": "Mine"}), expected_rev=record.rev + 1)
    assert saved.rev == record.rev + 2
    assert stored(db, "objectives", "1")["rev"] == record.rev + 2


def test_a_checkin_against_a_stale_rev_conflicts(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "Objective", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "KR", start=0, target=10)
    rev = ws.repo.get(KeyResult, "KR-1").rev
    checkins.checkin(open_ws("other"), "KR-1", 3)
    before = db.read_bytes()
    with pytest.raises(Conflict):
        checkins.checkin(ws, "KR-1", 4, expected_rev=rev)
    assert db.read_bytes() == before


# -- 10. ids --------------------------------------------------------------------------------------------------------


def test_deleted_ids_are_never_reused(db, open_ws):
    ws = open_ws()
    assert okrs.add_objective(ws, "One", period="2026-Q4").id == "O-1"
    assert okrs.add_objective(ws, "Two", period="2026-Q4").id == "O-2"
    okrs.delete_objective(ws, "O-2")
    assert okrs.add_objective(ws, "Three", period="2026-Q4").id == "O-3"

    assert okrs.add_kr(ws, "O-1", "KR one", start=0, target=1).id == "KR-1"
    assert okrs.add_kr(ws, "O-1", "KR two", milestone=True).id == "KR-2"
    okrs.delete_kr(ws, "KR-2")
    assert okrs.add_kr(ws, "O-1", "KR three", milestone=True).id == "KR-3"

    assert okrs.add_initiative(ws, "KR-1", "Init one").id == "I-1"
    okrs.delete_initiative(ws, "I-1")
    assert okrs.add_initiative(ws, "O-1", "Init two").id == "I-2"

    assert kpis.add_kpi(ws, "MRR", target=1).id == "K-1"
    kpis.delete_kpi(ws, "mrr")
    assert kpis.add_kpi(ws, "MRR", target=1).id == "K-2"

    # deleting everything does not reset the counters either, also for a new session and through the CLI
    okrs.delete_objective(open_ws(), "O-3")
    okrs.delete_objective(open_ws(), "O-1", force=True)
    assert run_cli(db, "objective", "add", "Four", "--period", "2026-Q4").stdout.strip() == "O-4"
    assert run_cli(db, "objective", "delete", "o-4").code == 0
    assert run_cli(db, "objective", "add", "Five", "--period", "2026-Q4").stdout.strip() == "O-5"
    assert [objective.id for objective in open_ws().repo.all(Objective)] == ["O-5"]


def test_counters_behind_the_stored_records_never_hand_out_a_taken_id(db):
    """A file whose meta counter lags its records (restored or merged by hand): O-2 exists, the counter says 1."""
    db.parent.mkdir(parents=True)
    write_json(
        db,
        {
            "meta": {"1": v1_meta(O=1)},
            "objectives": {
                "1": {"id": "O-1", "title": "a", "period": "2026-Q4", "rev": 1},
                "2": {"id": "O-2", "title": "b", "period": "2026-Q4", "rev": 1},
            },
        },
    )
    result = run_cli(db, "objective", "add", "New", "--period", "2026-Q4")
    assert (result.code, result.stdout, result.stderr) == (0, "O-3\n", "")
    data = json.loads(db.read_text())
    assert {key: record["title"] for key, record in data["objectives"].items()} == {"1": "a", "2": "b", "3": "New"}
    assert data["meta"]["1"]["counters"]["O"] == 3


def walk(value: Any):
    """Every (key, value) pair in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_the_tinydb_doc_id_never_appears_in_json_output(db, open_ws):
    ws = open_ws()
    for n in range(1, 8):
        okrs.add_objective(ws, f"Objective {n}", period="2026-Q4")
    okrs.add_kr(ws, "O-7", "KR", start=0, target=10)
    doc_id = 7

    shown = run_cli(db, "objective", "show", "O-7", "--json")
    assert shown.code == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert document["id"] == "O-7"
    assert document["key_results"][0]["objective"] == "O-7"
    pairs = list(walk(document))
    assert not [key for key, _ in pairs if "doc" in key.lower() and "id" in key.lower()]
    assert not [(key, value) for key, value in pairs if type(value) is int and value == doc_id]

    listed = json.loads(run_cli(db, "objective", "list", "--period", "2026-Q4", "--json").stdout)
    assert [item["id"] for item in listed] == [f"O-{n}" for n in range(1, 8)]
    assert not [key for key, _ in walk(listed) if "doc" in key.lower()]

    # the models handed out by the repository carry our id only
    record = ws.repo.get(Objective, "O-7")
    assert "doc_id" not in record.model_dump()
    assert not hasattr(record, "doc_id")


# -- 12. bad input changes nothing ----------------------------------------------------------------------------------

BAD_INPUTS = {
    "kr start equals target": lambda ws: okrs.add_kr(ws, "O-1", "Flat", start=5, target=5),
    "kr target not a number": lambda ws: okrs.add_kr(ws, "O-1", "Bad", start=5, target="abc"),
    "kr edit start equals target (text)": lambda ws: okrs.edit_kr(ws, "KR-1", {"target": "0"}),
    "kr edit start equals target (number)": lambda ws: okrs.edit_kr(ws, "KR-1", {"target": 0}),
    "checkin not a number": lambda ws: checkins.checkin(ws, "KR-1", "abc"),
    "checkin nan": lambda ws: checkins.checkin(ws, "KR-1", "nan"),
    "checkin in the future": lambda ws: checkins.checkin(ws, "KR-1", 5, day="2026-12-01"),
    "checkin bad confidence": lambda ws: checkins.checkin(ws, "KR-1", 5, confidence="very"),
    "milestone checkin maybe": lambda ws: checkins.checkin(ws, "KR-2", "maybe"),
    "checkin unknown kr": lambda ws: checkins.checkin(ws, "KR-99", 5),
    "kpi record not a number": lambda ws: measurements.record(ws, "mrr", "abc"),
    "kpi record bad date": lambda ws: measurements.record(ws, "mrr", 5, day="2026-02-30"),
    "kpi duplicate key": lambda ws: kpis.add_kpi(ws, "MRR", key="mrr", target=1),
    "objective unknown parent": lambda ws: okrs.add_objective(ws, "Child", parent="O-99"),
    "objective own ancestor": lambda ws: okrs.edit_objective(ws, "O-1", {"parent": "O-2"}),
    "objective with key results": lambda ws: okrs.delete_objective(ws, "O-1"),
    "import with one bad row": lambda ws: measurements.import_rows(
        ws, measurements.parse_import("kpi,date,value\nmrr,2026-10-01,1\nmrr,2026-10-02,x\n", "csv")
    ),
}


@pytest.fixture
def populated(db: Path, open_ws) -> bytes:
    """O-1 with KR-1 (0 -> 10) and milestone KR-2, O-2 aligned to O-1, KPI mrr; no backups yet."""
    ws = open_ws()
    okrs.add_objective(ws, "Parent", period="2026-Q4")
    okrs.add_objective(ws, "Child", period="2026-Q4", parent="O-1")
    okrs.add_kr(ws, "O-1", "Grow", start=0, target=10)
    okrs.add_kr(ws, "O-1", "Ship", milestone=True)
    kpis.add_kpi(ws, "MRR", key="mrr", target=100)
    shutil.rmtree(db.with_name(db.name + ".backups"))
    return db.read_bytes()


@pytest.mark.parametrize("action", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_through_services_leaves_the_file_byte_identical(db, open_ws, populated, action):
    with pytest.raises(BadInput):
        action(open_ws())
    assert db.read_bytes() == populated
    assert backups_of(db) == []  # not even the day's first backup: nothing was written


def test_a_good_write_after_bad_input_still_works_and_spends_the_next_id(db, open_ws, populated):
    ws = open_ws()
    with pytest.raises(BadInput):
        okrs.add_kr(ws, "O-1", "Flat", start=5, target=5)
    with pytest.raises(BadInput):
        okrs.add_objective(ws, "Bad", parent="O-99")
    assert okrs.add_kr(ws, "O-1", "Fine", start=5, target=6).id == "KR-3"
    assert okrs.add_objective(ws, "Fine", period="2026-Q4").id == "O-3"
    assert len(backups_of(db)) == 1  # the day's first real write made the backup that bad input did not


def test_editing_a_key_result_bound_to_the_number_zero_is_not_dropped(db, open_ws, populated):
    """okrs.edit_kr must treat a numeric 0 (what a form hands over) as a given bound, like the text "0"."""
    ws = open_ws()
    okrs.add_kr(ws, "O-1", "From five", start=5, target=10)
    edited = okrs.edit_kr(ws, "KR-3", {"start": 0})
    assert edited.start == 0
    assert stored(db, "key_results", "3")["start"] == 0


@pytest.mark.parametrize(
    "command",
    [
        ["kr", "checkin", "KR-1", "abc"],
        ["kr", "add", "O-1", "Flat", "--start", "5", "--target", "5"],
        ["kpi", "record", "mrr", "12,5"],
        ["kpi", "record", "mrr", "5", "--date", "yesterday"],
        ["objective", "add", "Orphan", "--parent", "O-99"],
    ],
    ids=" ".join,
)
def test_bad_input_through_the_cli_exits_2_and_changes_nothing(db, populated, command):
    result = run_cli(db, *command)
    assert result.code == 2, result
    assert len(result.stderr_lines) == 1, result.stderr
    assert db.read_bytes() == populated
    assert backups_of(db) == []


def test_reading_records_after_bad_input_gives_the_old_values(db, open_ws, populated):
    ws = open_ws()
    with pytest.raises(BadInput):
        measurements.record(ws, "mrr", "abc")
    assert ws.repo.get(Kpi, "K-1").history == {}
    assert ws.repo.get(KeyResult, "KR-1").rev == 1
