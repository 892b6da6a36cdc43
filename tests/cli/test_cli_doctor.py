"""``okrtui doctor``: check a data file, list its backups, restore one without losing the file it replaces."""

from __future__ import annotations

import json
from pathlib import Path

CORRUPT = b'{"objectives": {\n  "1": {"id": "O-1",\n'


def backups_of(db: Path) -> list[Path]:
    folder = db.with_name(db.name + ".backups")
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_healthy_file_exits_0_and_lists_its_backup(run, db):
    run.ok("init", "--demo")
    run.ok("kr", "checkin", "KR-1", "47")  # a second write of the day: its first one left a backup
    result = run("doctor")
    assert result.code == 0, result.err
    assert "is healthy" in result.out
    # the demo: O-1 .. O-5, O-6 (issue 12's concepts) and O-7 (the year's); KR-1 .. KR-10, KR-11 .. KR-15 (O-6's, the
    # dropped and the pending one included) and KR-16 (O-7's)
    assert "7 objectives" in result.out and "16 key results" in result.out
    assert backups_of(db)[0].name in result.out


def test_a_corrupt_file_exits_1_names_the_line_and_the_backup_and_is_left_alone(run, db):
    run.ok("init", "--demo")
    run.ok("kr", "checkin", "KR-1", "47")
    db.write_bytes(CORRUPT)
    result = run("doctor")
    assert result.code == 1
    assert "line 3" in result.out
    assert "doctor --restore 1" in result.out
    assert db.read_bytes() == CORRUPT


def test_restore_puts_the_backup_in_place_and_keeps_the_replaced_file(run, db):
    run.ok("init", "--demo")
    run.ok("kr", "checkin", "KR-1", "47")
    backup = backups_of(db)[0]
    db.write_bytes(CORRUPT)
    result = run("doctor", "--restore", "1", "--yes")
    assert result.code == 0, result.err
    restored, saved = json.loads(db.read_bytes()), json.loads(backup.read_bytes())
    # the backup, but for the journal's commit point: the restore is change C-3, after init (C-1) and the check-in
    assert restored["meta"]["1"].pop("journal") == {"last": 3, "size": journal_size(db)}
    saved["meta"]["1"].pop("journal")
    assert restored == saved
    kept = [p for p in db.parent.iterdir() if p.name.startswith(db.name + ".replaced-")]
    assert len(kept) == 1 and kept[0].read_bytes() == CORRUPT
    assert run("status", "--json").code == 0


def journal_size(db) -> int:
    return db.with_name(db.name + ".journal").stat().st_size


def test_restore_without_yes_off_a_terminal_changes_nothing(run, db):
    run.ok("init", "--demo")
    run.ok("kr", "checkin", "KR-1", "47")
    db.write_bytes(CORRUPT)
    run("doctor", "--restore", "1").assert_bad_input()
    assert db.read_bytes() == CORRUPT


def test_restoring_an_unknown_backup_is_bad_input(run, db):
    run.ok("init", "--demo")
    before = db.read_bytes()
    result = run("doctor", "--restore", "7", "--yes")
    result.assert_bad_input()
    assert "no backup '7'" in result.err
    assert db.read_bytes() == before


def test_dangling_references_and_bad_history_are_listed_and_a_damaged_record_exits_1(run, db):
    run.ok("init", "--demo")
    data = json.loads(db.read_text())
    data["key_results"]["1"]["objective"] = "O-99"  # edited by hand
    data["kpis"]["1"]["history"]["not-a-day"] = 5
    db.write_text(json.dumps(data))
    result = run("doctor")
    assert result.code == 1  # every command refuses a file with K-1's history damaged (a dangling reference alone: 3)
    assert "KR-1 belongs to O-99, which does not exist" in result.out
    assert "K-1: history: 'not-a-day' is not a date (YYYY-MM-DD)" in result.out


def test_an_alignment_cycle_made_by_hand_is_reported(run, db):
    run.ok("init", "--demo")
    data = json.loads(db.read_text())
    data["objectives"]["1"]["parent"] = "O-3"  # O-3 -> O-2 -> O-1 -> O-3
    db.write_text(json.dumps(data))
    result = run("doctor")
    assert result.code == 3
    assert "is part of an alignment cycle" in result.out


def test_a_damaged_backup_is_listed_and_refused_when_chosen_naming_why(run, db):
    run.ok("init", "--demo")
    run.ok("kr", "checkin", "KR-1", "47")
    (backup,) = backups_of(db)
    backup.write_bytes(CORRUPT)
    before = db.read_bytes()

    listed = run("doctor")
    assert listed.code == 0, listed.err
    assert backup.name in listed.out and f"{len(CORRUPT)} B" in listed.out

    result = run("doctor", "--restore", "1", "--yes")
    result.assert_bad_input()
    assert backup.name in result.err and "line 3" in result.err
    assert db.read_bytes() == before
