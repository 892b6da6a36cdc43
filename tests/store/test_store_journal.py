"""The journal's commit point (store/journal.py): the data file's meta record names the last entry and the journal's
size; what lies past it is either a killed writer's leftover (cut off) or someone else's lines (kept)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrtui.domain.models import Kpi
from okrtui.services import history, kpis, measurements, okrs


def journal_of(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


def ids(db: Path) -> list[str]:
    return [json.loads(line)["id"] for line in journal_of(db).read_bytes().splitlines()]


def meta(db: Path) -> dict:
    return json.loads(db.read_bytes())["meta"]["1"]["journal"]


def killed_writers_entry(number: int) -> bytes:
    return json.dumps({"id": f"C-{number}", "at": "x", "by": "k", "command": "c", "day": "d", "changes": []}).encode()


def test_the_meta_record_names_the_last_entry_and_the_journals_size(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    okrs.add_objective(open_ws(), "Two", period="2026-Q4")
    assert meta(db) == {"last": 2, "size": journal_of(db).stat().st_size}
    assert ids(db) == ["C-1", "C-2"]


def test_an_entry_past_the_commit_point_never_happened_and_the_next_writer_cuts_it_off(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    with journal_of(db).open("ab") as journal:
        journal.write(killed_writers_entry(2) + b"\n")  # appended and fsynced, then killed before the replace
    assert [entry["id"] for entry in history.read_log(open_ws()).entries] == ["C-1"]

    okrs.add_objective(open_ws(), "Two", period="2026-Q4")

    assert ids(db) == ["C-1", "C-2"]
    assert json.loads(journal_of(db).read_bytes().splitlines()[1])["changes"][0]["after"]["title"] == "Two"


def test_a_line_cut_short_is_cut_off_too(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    with journal_of(db).open("ab") as journal:
        journal.write(killed_writers_entry(2)[:30])
    assert history.read_log(open_ws()).problems == []  # a line still being written is no damage
    okrs.add_objective(open_ws(), "Two", period="2026-Q4")
    assert ids(db) == ["C-1", "C-2"]


def test_lines_someone_else_added_are_kept(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    first_line = journal_of(db).read_bytes()
    with journal_of(db).open("ab") as journal:
        journal.write(first_line)  # a union merge brought the same line again: not a killed writer's
    okrs.add_objective(open_ws(), "Two", period="2026-Q4")
    assert ids(db) == ["C-1", "C-1", "C-2"]
    assert [entry["id"] for entry in history.read_log(open_ws()).entries] == ["C-2", "C-1"]  # read once


def test_a_journal_cut_short_by_hand_is_appended_to(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    okrs.add_objective(open_ws(), "Two", period="2026-Q4")
    lines = journal_of(db).read_bytes().splitlines(keepends=True)
    journal_of(db).write_bytes(lines[0])
    okrs.add_objective(open_ws(), "Three", period="2026-Q4")
    assert ids(db) == ["C-1", "C-3"]  # never reused
    assert meta(db) == {"last": 3, "size": journal_of(db).stat().st_size}


def test_a_file_older_than_the_journal_starts_it_and_a_stale_journal_is_numbered_after(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    data = json.loads(db.read_bytes())
    del data["meta"]["1"]["journal"]  # as a file written before the journal existed
    db.write_text(json.dumps(data))
    assert okrs.add_objective(open_ws(), "Two", period="2026-Q4").id == "O-2"
    assert ids(db) == ["C-1", "C-2"]


def test_a_journal_line_without_its_newline_gets_one_before_the_next(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    data = json.loads(db.read_bytes())
    del data["meta"]["1"]["journal"]
    db.write_text(json.dumps(data))
    journal_of(db).write_bytes(journal_of(db).read_bytes().rstrip(b"\n"))
    okrs.add_objective(open_ws(), "Two", period="2026-Q4")
    assert ids(db) == ["C-1", "C-2"]


def test_a_change_that_fails_leaves_no_entry(db, open_ws):
    ws = open_ws()
    kpis.add_kpi(ws, "MRR", key="mrr", target=1)
    before = journal_of(db).read_bytes()
    with pytest.raises(RuntimeError), ws.repo.transaction():
        measurements.record(ws, "mrr", 5, day="2026-11-01")
        raise RuntimeError("the change fails after its record")
    assert journal_of(db).read_bytes() == before
    assert ws.repo.get(Kpi, "K-1").history == {}


def test_a_reader_of_new_entries_never_moves_past_one_not_yet_committed(db, open_ws):
    okrs.add_objective(open_ws(), "One", period="2026-Q4")
    _, offset = history.new_entries(open_ws(), 0)
    with journal_of(db).open("ab") as journal:
        journal.write(killed_writers_entry(2) + b"\n")  # appended, its data file not replaced yet
    entries, offset = history.new_entries(open_ws(), offset)
    assert entries == []

    okrs.add_objective(open_ws(), "Two", period="2026-Q4")  # the next writer commits C-2 in its place

    entries, _ = history.new_entries(open_ws(), offset)
    assert [entry["id"] for entry in entries] == ["C-2"]
    assert entries[0]["changes"][0]["after"]["title"] == "Two"


def test_two_threads_saving_through_one_workspace_each_get_their_own_transaction_and_entry(db, open_ws):
    """The UI saves in worker threads through one workspace: a save started while another is under way waits for the
    file lock; it never joins the other's transaction as a nested one (and the other's entry never takes its change)."""
    import threading

    ws = open_ws()
    okrs.add_objective(ws, "One", period="2026-Q4")
    inside, release = threading.Event(), threading.Event()
    entries: dict[str, dict | None] = {}

    def slow_edit() -> None:
        with ws.repo.transaction():
            okrs.edit_objective(ws, "O-1", {"title": "Renamed"})
            inside.set()
            release.wait(10)
        entries["slow"] = ws.repo.last_entry

    def quick_add() -> None:
        inside.wait(10)
        okrs.add_objective(ws, "Two", period="2026-Q4")
        entries["quick"] = ws.repo.last_entry

    threads = [threading.Thread(target=slow_edit), threading.Thread(target=quick_add)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    release.set()
    for thread in threads:
        thread.join(20)

    assert entries["slow"]["records"] == ["O-1"]
    assert entries["quick"]["records"] == ["O-2"]
    assert ids(db) == ["C-1", "C-2", "C-3"]
    titles = {doc["title"] for doc in json.loads(db.read_bytes())["objectives"].values()}
    assert titles == {"Renamed", "Two"}
