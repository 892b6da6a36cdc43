"""The journal from the command line: every change has an entry (``okrtui log``), and ``okrtui undo`` takes any kind of
change back, to the records' exact JSON (issue 11)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

LEAD = {"OKRTUI_USER": "lead"}
MARIA = {"OKRTUI_USER": "maria"}
BOOKKEEPING = ("rev", "updated_by")
"""What an undo of an edit moves on instead of putting back: the rev (an open editor must see that the record
changed) and who changed it last (the one who undid)."""


def records(db: Path) -> dict[str, dict]:
    """Every stored record of the file by id, read with the standard json module."""
    data = json.loads(db.read_text(encoding="utf-8"))
    tables = ("objectives", "key_results", "initiatives", "kpis")
    return {doc["id"]: doc for table in tables for doc in data.get(table, {}).values()}


def journal_lines(db: Path) -> list[dict]:
    return [json.loads(line) for line in (db.parent / (db.name + ".journal")).read_text().splitlines()]


def without_bookkeeping(docs: dict[str, dict]) -> dict[str, dict]:
    return {rid: {k: v for k, v in doc.items() if k not in BOOKKEEPING} for rid, doc in docs.items()}


@pytest.fixture
def team(run, db, tmp_path):
    """An objective with a child, three key results (one with check-ins, one guard, one following a KPI), an
    initiative, and a KPI with two values."""
    run.ok("objective", "add", "Grow revenue", "--period", "2026-Q4", env=LEAD)
    run.ok("objective", "add", "Win deals", "--period", "2026-Q4", "--parent", "O-1", env=LEAD)
    run.ok("kr", "add", "O-1", "Reach users", "--start", "0", "--target", "100", "--unit", "users", env=LEAD)
    run.ok("kr", "checkin", "KR-1", "30", "--date", "2026-11-01", "--note", "first", env=LEAD)
    run.ok("kr", "checkin", "KR-1", "40", "--date", "2026-11-15", "--confidence", "7", env=LEAD)
    run.ok("kr", "add", "O-1", "Keep churn low", "--at-most", "5", env=LEAD)
    run.ok("initiative", "add", "KR-1", "Launch ads", "--owner", "maria", env=LEAD)
    run.ok("kpi", "add", "Monthly revenue", "--key", "mrr", "--target", "200", env=LEAD)
    run.ok("kpi", "record", "mrr", "150", "--date", "2026-11-01", env=LEAD)
    run.ok("kpi", "record", "mrr", "160", "--date", "2026-11-08", env=LEAD)
    run.ok("kr", "add", "O-1", "Revenue", "--start", "100", "--target", "200", "--kpi", "mrr", env=LEAD)
    csv = tmp_path / "rows.csv"
    csv.write_text("kpi,date,value\nmrr,2026-11-08,165\nmrr,2026-11-15,170\n")
    return csv


CHANGES = {
    "objective add": ["objective", "add", "Hire", "--period", "2026-Q4"],
    "objective edit": ["objective", "edit", "O-1", "--title", "Grow revenue fast", "--owner", "maria"],
    "objective delete with its children": ["objective", "delete", "O-1", "--yes"],
    "objective delete, children re-parented": ["objective", "delete", "O-2", "--yes", "--children", "reparent"],
    "kr add": ["kr", "add", "O-2", "Close deals", "--start", "0", "--target", "10"],
    "kr edit of the target": ["kr", "edit", "KR-1", "--target", "120"],
    "kr checkin": ["kr", "checkin", "KR-1", "46", "--note", "typo"],
    "kr checkin back-dated": ["kr", "checkin", "KR-1", "35", "--date", "2026-11-08"],
    "kr delete": ["kr", "delete", "KR-1"],
    "initiative add": ["initiative", "add", "O-1", "Write docs"],
    "initiative set": ["initiative", "set", "I-1", "--status", "doing", "--owner", "lead"],
    "initiative delete": ["initiative", "delete", "I-1"],
    "kpi add": ["kpi", "add", "Churn", "--target", "3", "--direction", "down"],
    "kpi edit": ["kpi", "edit", "mrr", "--target", "250", "--warn", "180"],
    "kpi record": ["kpi", "record", "mrr", "170"],
    "kpi record replacing a value": ["kpi", "record", "mrr", "161", "--date", "2026-11-08"],
    "kpi import": ["kpi", "import", "ROWS"],
    "kpi delete": ["kpi", "delete", "mrr", "--yes"],
    "period close": ["period", "close", "2026-Q4", "--yes"],
    "period carry": ["period", "carry", "2026-Q4", "--to", "2027-Q1"],
    "check-in edit": ["kr", "checkin-edit", "KR-1", "1", "--value", "31", "--note", "fixed"],
    "check-in delete": ["kr", "checkin-delete", "KR-1", "2"],
    "kpi unrecord": ["kpi", "unrecord", "mrr", "2026-11-01"],
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_undo_puts_every_record_back(run, db, team, change):
    before = records(db)
    args = [str(team) if arg == "ROWS" else arg for arg in change]
    run.ok(*args, env=LEAD)
    changed = records(db)
    assert changed != before, "the change changed something"

    result = run.ok("undo", env=LEAD)

    after = records(db)
    assert result.out.startswith("undid C-")
    assert without_bookkeeping(after) == without_bookkeeping(before)
    for record_id, doc in after.items():
        if record_id not in changed:  # deleted by the change, back now: exactly as it was, rev and all
            assert doc == before[record_id]
        elif doc != before[record_id]:  # edited and put back: the rev moved on past the change's
            assert doc["rev"] > changed[record_id]["rev"]
            assert doc["updated_by"] == "lead"


def test_the_undo_of_a_delete_brings_back_the_whole_tree(run, db, team):
    before = records(db)
    run.ok("objective", "delete", "O-1", "--yes", env=LEAD)
    assert set(records(db)) == {"O-2", "K-1"}
    assert records(db)["O-2"].get("parent") is None  # detached

    run.ok("undo", env=LEAD)

    after = records(db)
    for record_id in ("O-1", "KR-1", "KR-2", "KR-3", "I-1"):
        assert after[record_id] == before[record_id]  # ids, check-ins, everything
    assert after["O-2"]["parent"] == "O-1"
    assert after["KR-1"]["checkins"][0]["note"] == "first"


def test_undo_twice_is_a_redo(run, db, team):
    run.ok("kr", "edit", "KR-1", "--target", "120", env=LEAD)
    run.ok("undo", env=LEAD)
    assert records(db)["KR-1"]["target"] == 100
    result = run.ok("undo", env=LEAD)
    assert records(db)["KR-1"]["target"] == 120
    assert "undid C-" in result.out
    entries = journal_lines(db)
    assert entries[-1]["undoes"] == entries[-2]["id"]
    assert entries[-2]["undoes"] == entries[-3]["id"]


def test_undo_takes_back_the_actors_own_latest_change(run, db, team):
    run.ok("kr", "checkin", "KR-1", "44", env=LEAD)
    run.ok("kpi", "record", "mrr", "175", env=MARIA)

    run.ok("undo", env=LEAD)

    assert [c["value"] for c in records(db)["KR-1"]["checkins"]] == [30, 40]
    assert records(db)["K-1"]["history"]["2026-11-22"] == 175  # maria's change stays


def test_undo_is_refused_when_a_later_change_touched_the_same_field(run, db, team):
    run.ok("kr", "edit", "KR-1", "--target", "120", env=LEAD)
    run.ok("kr", "edit", "KR-1", "--target", "130", env=MARIA)
    first = journal_lines(db)[-2]["id"]
    bytes_before = db.read_bytes()

    refused = run("undo", first, env=LEAD)

    refused.assert_bad_input()
    assert "maria" in refused.err and "KR-1 target" in refused.err and "--force" in refused.err
    assert db.read_bytes() == bytes_before

    run.ok("undo", first, "--force", env=LEAD)
    assert records(db)["KR-1"]["target"] == 100


def test_a_later_change_to_another_field_does_not_block_the_undo(run, db, team):
    run.ok("kr", "edit", "KR-1", "--target", "120", env=LEAD)
    run.ok("kr", "edit", "KR-1", "--title", "Reach more users", env=MARIA)
    run.ok("undo", env=LEAD)
    assert records(db)["KR-1"]["target"] == 100
    assert records(db)["KR-1"]["title"] == "Reach more users"


def test_undo_of_a_check_in_is_refused_after_a_later_check_in_unless_forced(run, db, team):
    run.ok("kr", "checkin", "KR-1", "460", "--note", "typo", env=LEAD)
    typo = journal_lines(db)[-1]["id"]
    run.ok("kr", "checkin", "KR-1", "47", env=MARIA)
    run("undo", typo, env=LEAD).assert_bad_input()
    run.ok("undo", typo, "--force", env=LEAD)
    assert [c["value"] for c in records(db)["KR-1"]["checkins"]] == [30, 40, 47]


def test_undo_never_leaves_a_dangling_reference(run, db, team):
    run.ok("objective", "add", "Hire", "--period", "2026-Q4", env=LEAD)
    made = journal_lines(db)[-1]["id"]
    run.ok("kr", "add", "O-3", "Hire two", "--start", "0", "--target", "2", env=MARIA)
    bytes_before = db.read_bytes()
    for args in (("undo", made), ("undo", made, "--force")):
        refused = run(*args, env=LEAD)
        refused.assert_bad_input()
        assert "KR-4" in refused.err
        assert db.read_bytes() == bytes_before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("undo", "C-999"), "no change C-999"),
        (("undo", "KR-1"), "bad change id"),
        (("undo", "C-0"), "bad change id"),
        (("log", "--limit", "0"), "--limit"),
        (("log", "--since", "yesterday"), "yesterday"),
        (("log", "X-1"), "bad id"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(run, db, team, args, says):
    bytes_before, journal_before = db.read_bytes(), journal_lines(db)
    result = run(*args, env=LEAD)
    result.assert_bad_input()
    assert says in result.err
    assert db.read_bytes() == bytes_before
    assert journal_lines(db) == journal_before


def test_nothing_to_undo_for_someone_without_changes(run, db, team):
    result = run("undo", env={"OKRTUI_USER": "nobody"})
    result.assert_bad_input()
    assert "no change by nobody" in result.err


def test_undo_in_read_only_mode_is_refused(run, db, team):
    bytes_before = db.read_bytes()
    run("--read-only", "undo", env=LEAD).assert_failed(1)
    assert db.read_bytes() == bytes_before


# -- the entries ------------------------------------------------------------------------------------------------------


def test_every_write_has_one_entry_with_its_fields(run, db, team):
    entries = journal_lines(db)
    assert [entry["id"] for entry in entries] == [f"C-{n}" for n in range(1, 12)]
    assert [entry["command"] for entry in entries] == [
        "objective add",
        "objective add",
        "kr add",
        "kr checkin",
        "kr checkin",
        "kr add",
        "initiative add",
        "kpi add",
        "kpi record",
        "kpi record",
        "kr add",
    ]
    assert {entry["by"] for entry in entries} == {"lead"}
    checkin = entries[3]
    assert checkin["records"] == ["KR-1"]
    assert checkin["changes"] == [
        {
            "record": "KR-1",
            "field": "checkins.1",
            "before": None,
            "after": {"date": "2026-11-01", "value": 30, "note": "first", "author": "lead"},
        }
    ]
    assert checkin["day"] == "2026-11-22"
    assert checkin["at"].endswith("Z") and len(checkin["at"]) == 20


def test_a_replaced_kpi_value_keeps_the_old_one(run, db, team):
    run.ok("kpi", "record", "mrr", "161", "--date", "2026-11-08", env=MARIA)
    (change,) = journal_lines(db)[-1]["changes"]
    assert change == {"record": "K-1", "field": "history.2026-11-08", "before": 160, "after": 161}


def test_an_edit_keeps_each_fields_before_and_after(run, db, team):
    run.ok("objective", "edit", "O-1", "--title", "Grow", "--owner", "maria", env=LEAD)
    changes = journal_lines(db)[-1]["changes"]
    assert {(c["field"], c["before"], c["after"]) for c in changes} == {
        ("title", "Grow revenue", "Grow"),
        ("owner", "lead", "maria"),
    }


def test_an_import_is_one_entry_with_its_row_count(run, db, team):
    run.ok("kpi", "import", str(team), env=LEAD)
    entry = journal_lines(db)[-1]
    assert entry["command"] == "kpi import"
    assert entry["rows"] == 2
    assert [(c["field"], c["before"], c["after"]) for c in entry["changes"]] == [
        ("history.2026-11-08", 160, 165),
        ("history.2026-11-15", None, 170),
    ]


def test_a_change_that_changes_nothing_has_no_entry(run, db, team):
    before = journal_lines(db)
    run.ok("kpi", "record", "mrr", "160", "--date", "2026-11-08", env=LEAD)  # the same value again
    assert journal_lines(db) == before


def test_a_back_dated_change_takes_effect_on_its_day(run, db, team):
    run.ok("kr", "edit", "KR-1", "--target", "120", today="2026-11-03", env=LEAD)
    entry = journal_lines(db)[-1]
    assert entry["day"] == "2026-11-03"
    assert entry["at"][:10] != "2026-11-03"  # the real time is kept too
    line = run.ok("log", "--limit", "1", env=LEAD).out
    assert "(as of 2026-11-03)" in line


# -- reading it -------------------------------------------------------------------------------------------------------


def test_log_lists_newest_first_one_line_each(run, db, team):
    run.ok("kr", "edit", "KR-1", "--target", "120", env=MARIA)
    lines = run.ok("log", "--limit", "3", env=LEAD).out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("C-12  ")
    assert "  maria  KR-1 target 100 → 120" in lines[0]
    assert "  lead  KR-3 created: Revenue" in lines[1]
    assert "  lead  K-1 value 160 on 2026-11-08" in lines[2]


def test_log_filters_by_record_person_and_day(run, db, team):
    run.ok("kr", "checkin", "KR-1", "44", env=MARIA)
    assert [line.split()[0] for line in run.ok("log", "KR-1").out.splitlines()] == ["C-12", "C-5", "C-4", "C-3"]
    assert [line.split()[0] for line in run.ok("log", "--by", "maria").out.splitlines()] == ["C-12"]
    assert run.ok("log", "--since", "2999-01-01").out.strip() == "no changes match"


def test_log_of_one_change_shows_every_field(run, db, team):
    run.ok("objective", "edit", "O-1", "--title", "Grow", "--owner", "maria", env=LEAD)
    lines = run.ok("log", "c-12").out.splitlines()
    assert lines[0].startswith("C-12  ")
    assert sorted(line.strip() for line in lines[1:]) == ["O-1 owner lead → maria", "O-1 title Grow revenue → Grow"]


def test_log_json_has_the_contract_fields(run, db, team):
    document = run.ok("log", "--json", "--limit", "2").json
    assert [entry["id"] for entry in document] == ["C-11", "C-10"]
    for entry in document:
        assert {"id", "at", "by", "command", "records", "changes"} <= set(entry)
        for change in entry["changes"]:
            assert set(change) == {"record", "field", "before", "after"}


def test_user_text_in_the_log_is_data(run, db, team):
    run.ok("objective", "edit", "O-1", "--title", "[bold red]x[/] %s {0} \x1b[31mred", env=LEAD)
    out = run.ok("log", "--limit", "1").out
    assert "[bold red]x[/] %s {0} \\x1b[31mred" in out
    assert "\x1b" not in out


# -- a damaged journal never blocks the data --------------------------------------------------------------------------


def test_a_damaged_journal_line_warns_and_writes_go_on(run, db, team):
    journal = db.parent / (db.name + ".journal")
    with journal.open("a") as opened:
        opened.write('{"id": "C-3", "broken\n')
    result = run.ok("log", "--limit", "1")
    assert "warning" in result.err and "damaged entry" in result.err
    run.ok("kr", "checkin", "KR-1", "45", env=LEAD)
    assert records(db)["KR-1"]["checkins"][-1]["value"] == 45
    assert run.ok("log", "--limit", "1").out.startswith("C-12  ")

    diagnosis = run("doctor")
    assert diagnosis.code == 3
    assert "damaged entry" in diagnosis.out

    repaired = run.ok("doctor", "--repair")
    assert "1 damaged line(s) dropped" in repaired.out
    assert run("doctor").code == 0
    assert [entry["id"] for entry in journal_lines(db)] == [f"C-{n}" for n in range(1, 13)]
    assert list(db.parent.glob(db.name + ".journal.replaced-*"))


def test_a_missing_journal_is_reported_and_numbering_goes_on(run, db, team):
    (db.parent / (db.name + ".journal")).unlink()
    diagnosis = run("doctor")
    assert diagnosis.code == 3 and "journal" in diagnosis.out and "missing" in diagnosis.out
    run.ok("kr", "checkin", "KR-1", "45", env=LEAD)
    assert [entry["id"] for entry in journal_lines(db)] == ["C-12"]


def test_a_restore_is_journaled_and_keeps_the_later_entries(run, db, team):
    backups = sorted((db.parent / (db.name + ".backups")).iterdir())
    assert backups, "the first write of the day kept a backup"
    run.ok("doctor", "--restore", "1", "--yes", env=LEAD)
    entries = journal_lines(db)
    assert [entry["id"] for entry in entries] == [f"C-{n}" for n in range(1, 13)]
    assert entries[-1]["command"] == "doctor --restore" and entries[-1]["restored"] == backups[-1].name
    run.ok("undo", env=LEAD)  # the restore undone: everything is back
    assert set(records(db)) == {"O-1", "O-2", "KR-1", "KR-2", "KR-3", "I-1", "K-1"}


# -- the journal on a shared host -------------------------------------------------------------------------------------


def test_the_journal_is_as_shared_as_the_data_file_never_more(run, db, team):
    journal = db.parent / (db.name + ".journal")
    os.chmod(db, 0o640)
    os.chmod(journal, 0o666)
    run.ok("kr", "checkin", "KR-1", "45", env=LEAD)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o640


def test_a_new_journal_gets_the_data_files_mode(run, db, tmp_path):
    os.chmod(tmp_path, 0o755)
    run.ok("init")
    os.chmod(db, 0o600)
    run.ok("objective", "add", "Private")
    assert stat.S_IMODE((db.parent / (db.name + ".journal")).stat().st_mode) == 0o600


def test_a_symlinked_journal_is_never_followed(run, db, team, tmp_path):
    journal = db.parent / (db.name + ".journal")
    target = tmp_path / "elsewhere"
    target.write_text("")
    journal.unlink()
    journal.symlink_to(target)
    bytes_before = db.read_bytes()
    result = run("kr", "checkin", "KR-1", "45", env=LEAD)
    result.assert_failed(1)
    assert "symbolic link" in result.err
    assert db.read_bytes() == bytes_before
    assert target.read_text() == ""


def test_a_setting_is_journaled_and_undone(run, db, team):
    run.ok("config", "set", "pace.at-risk", "0.2", env=LEAD)
    entry = journal_lines(db)[-1]
    assert (entry["command"], entry["records"]) == ("config set", ["config"])
    assert entry["changes"] == [{"record": "config", "field": "pace.at-risk", "before": None, "after": 0.2}]
    run.ok("undo", env=LEAD)
    assert "config" not in json.loads(db.read_text())["meta"]["1"]


def test_the_demo_is_one_entry_named_as_the_demo(run, db):
    run.ok("init", "--demo", env=LEAD)
    (entry,) = journal_lines(db)
    assert entry["demo"] is True and "rows" not in entry
    assert entry["command"] == "init"
    assert "demo data loaded: " in run.ok("log").out
