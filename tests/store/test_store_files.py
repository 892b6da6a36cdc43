"""The data file itself: corrupt and future files are refused untouched, old ones migrated after a backup, daily
backups kept to 7, and every write an atomic replace with sorted keys, 2-space indent and the file's own mode."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from store_support import (
    OKRTUI,
    backups_of,
    cli_env,
    leftover_temp_files,
    run_cli,
    v1_meta,
    write_json,
)

from okrtui.domain.models import Objective
from okrtui.errors import DataFileError
from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.store.repository import Repository

# -- 4. a corrupt file is never touched -------------------------------------------------------------------------------

TRUNCATED = b'{"objectives": {"1": {"id": "O-1",'
LINE_3_ERROR = b'{\n  "objectives": {\n    "1": {"id": "O-1",, "title": "x"}\n  }\n}\n'
NOT_TABLES = b"[1, 2, 3]\n"

COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["objective", "add", "New", "--period", "2026-Q4"],
    ["objective", "show", "O-1", "--json"],
    ["objective", "list", "--json"],
    ["kr", "checkin", "KR-1", "5"],
    ["kpi", "record", "mrr", "5"],
    ["init"],
    ["init", "--demo"],
]


def json_error_line(raw: bytes) -> int:
    """Where the standard json module says parsing failed: an oracle independent of okrtui's parser."""
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(raw)
    return error.value.lineno


def app_file_cut_in_half(db: Path) -> bytes:
    """A real data file written by okrtui, cut mid-way (what a crash during an in-place rewrite leaves)."""
    assert run_cli(db, "init", "--demo").code == 0
    whole = db.read_bytes()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("kind", ["truncated", "line-3", "app-file-cut"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_corrupt_file_stays_byte_identical_after_any_command(db, kind, command):
    db.parent.mkdir(parents=True)
    raw = {"truncated": TRUNCATED, "line-3": LINE_3_ERROR}.get(kind) or app_file_cut_in_half(db)
    db.write_bytes(raw)
    backups_before = backups_of(db)
    line = json_error_line(raw)
    if kind == "line-3":
        assert line == 3

    result = run_cli(db, *command)

    assert result.code == 1, result
    assert len(result.stderr_lines) == 1, result.stderr
    message = result.stderr_lines[0]
    assert str(db) in message
    assert f"line {line}" in message
    assert db.read_bytes() == raw
    assert backups_of(db) == backups_before
    assert leftover_temp_files(db.parent) == []


def test_a_file_that_is_not_a_table_of_records_is_refused_untouched(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(NOT_TABLES)
    for command in (["status"], ["objective", "add", "New"], ["init"]):
        result = run_cli(db, *command)
        assert result.code == 1, result
        assert len(result.stderr_lines) == 1 and str(db) in result.stderr
        assert db.read_bytes() == NOT_TABLES


def test_a_corrupt_file_is_refused_by_the_repository_too(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(LINE_3_ERROR)
    repo = Repository(db)
    with pytest.raises(DataFileError, match="line 3"):
        repo.all(Objective)
    with pytest.raises(DataFileError, match="line 3"), repo.transaction():
        pass
    assert db.read_bytes() == LINE_3_ERROR


# -- 5. a newer schema is refused -------------------------------------------------------------------------------------


def newer_file(db: Path) -> bytes:
    db.parent.mkdir(parents=True, exist_ok=True)
    return write_json(
        db,
        {
            "meta": {"1": {"schema_version": 999, "counters": {"O": 1, "KR": 0, "I": 0, "K": 0}}},
            "objectives": {"1": {"id": "O-1", "title": "From the future", "period": "2026-Q4", "rev": 1}},
        },
    )


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["objective", "list", "--json"],
        ["objective", "add", "New"],
        ["kpi", "add", "MRR", "--target", "1"],
        ["init"],
    ],
    ids=" ".join,
)
def test_a_newer_schema_is_refused_and_left_alone(db, command):
    raw = newer_file(db)
    result = run_cli(db, *command)
    assert result.code == 1, result
    assert len(result.stderr_lines) == 1, result.stderr
    message = result.stderr_lines[0]
    assert str(db) in message
    assert "newer" in message and "999" in message
    assert db.read_bytes() == raw
    assert backups_of(db) == []


def test_a_newer_schema_is_refused_by_services(db, open_ws):
    raw = newer_file(db)
    with pytest.raises(DataFileError, match="newer"):
        okrs.add_objective(open_ws(), "New")
    with pytest.raises(DataFileError, match="newer"):
        open_ws().repo.all(Objective)
    assert db.read_bytes() == raw


# -- 6. an older file is migrated on its first write, after a backup --------------------------------------------------

SCHEMA_0 = {
    "_default": {},
    "objectives": {"1": {"title": "x", "period": "2026-Q4"}, "3": {"title": "y", "period": "2026-Q4"}},
}


def test_an_older_file_is_read_without_being_changed(db, open_ws):
    db.parent.mkdir(parents=True)
    raw = write_json(db, SCHEMA_0)

    shown = run_cli(db, "objective", "show", "O-1", "--json")
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == "x"
    listed = run_cli(db, "objective", "list", "--period", "2026-Q4", "--json")
    assert listed.code == 0, listed.stderr
    assert [item["id"] for item in json.loads(listed.stdout)] == ["O-1", "O-3"]
    assert run_cli(db, "status", "--period", "2026-Q4").code == 0
    assert [objective.id for objective in open_ws().repo.all(Objective)] == ["O-1", "O-3"]

    assert db.read_bytes() == raw
    assert not db.with_name(db.name + ".backups").exists()


def test_an_older_file_is_migrated_on_the_first_write_after_a_backup(db):
    db.parent.mkdir(parents=True)
    raw = write_json(db, SCHEMA_0)

    result = run_cli(db, "objective", "add", "New", "--period", "2026-Q4")
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "O-4"  # numbering continues after the highest old one

    backups = backups_of(db)
    assert len(backups) == 1
    assert backups[0].read_bytes() == raw
    data = json.loads(db.read_text())
    assert data["meta"]["1"]["schema_version"] == 1
    assert data["meta"]["1"]["counters"]["O"] == 4
    assert {key: (doc["id"], doc["rev"], doc["title"]) for key, doc in data["objectives"].items()} == {
        "1": ("O-1", 1, "x"),
        "3": ("O-3", 1, "y"),
        "4": ("O-4", 1, "New"),
    }
    # and it is an ordinary current file from now on
    assert run_cli(db, "objective", "edit", "O-3", "--title", "y2").code == 0
    assert json.loads(db.read_text())["objectives"]["3"]["rev"] == 2


def test_no_migration_when_its_backup_cannot_be_written(db):
    db.parent.mkdir(parents=True)
    raw = write_json(db, SCHEMA_0)
    db.with_name(db.name + ".backups").write_text("a file where the backup folder should be")

    result = run_cli(db, "objective", "add", "New", "--period", "2026-Q4")

    assert result.code == 1, result
    assert len(result.stderr_lines) == 1 and "backup" in result.stderr
    assert db.read_bytes() == raw


# -- 7. daily backups, the last 7 kept --------------------------------------------------------------------------------


def current_file(db: Path) -> bytes:
    db.parent.mkdir(parents=True, exist_ok=True)
    return write_json(
        db,
        {
            "meta": {"1": v1_meta(O=1)},
            "objectives": {"1": {"id": "O-1", "title": "Start", "period": "2026-Q4", "rev": 1}},
        },
    )


def backup_names_for_today(db: Path, before: date, after: date) -> set[str]:
    return {f"{db.name}.{day.isoformat()}" for day in (before, after)}


def test_the_first_write_of_a_day_makes_a_backup_and_the_second_does_not(db, open_ws):
    original = current_file(db)
    day_before = date.today()

    okrs.add_objective(open_ws(), "Second", period="2026-Q4")
    (backup,) = backups_of(db)
    assert backup.name in backup_names_for_today(db, day_before, date.today())
    assert backup.read_bytes() == original  # the state before the day's first write

    okrs.add_objective(open_ws(), "Third", period="2026-Q4")
    kpis.add_kpi(open_ws(), "MRR", target=1)
    assert backups_of(db) == [backup]
    assert backup.read_bytes() == original
    assert len(json.loads(db.read_text())["objectives"]) == 3


def test_no_backup_for_the_write_that_creates_the_file(db, open_ws):
    okrs.add_objective(open_ws(), "First", period="2026-Q4")
    assert backups_of(db) == []


def test_only_the_newest_seven_backups_are_kept(db, open_ws):
    current_file(db)
    folder = db.with_name(db.name + ".backups")
    folder.mkdir()
    old = []
    for n in range(1, 10):  # nine backups of older days, oldest first
        path = folder / f"{db.name}.2000-01-{n:02d}"
        path.write_text(f"backup {n}")
        stamp = 946_684_800 + n * 86_400
        os.utime(path, (stamp, stamp))
        old.append(path)
    day_before = date.today()

    okrs.add_objective(open_ws(), "Today", period="2026-Q4")

    kept = backups_of(db)
    assert len(kept) == 7
    (new,) = [path for path in kept if path not in old]
    assert new.name in backup_names_for_today(db, day_before, date.today())
    assert sorted(kept) == sorted([*old[-6:], new])
    for path in old[-6:]:
        assert path.read_text() == f"backup {old.index(path) + 1}"

    okrs.add_objective(open_ws(), "Today again", period="2026-Q4")
    assert backups_of(db) == kept


def test_reads_never_create_the_data_file_or_its_folder(db, open_ws):
    assert run_cli(db, "status").code == 0
    assert run_cli(db, "objective", "list", "--json").code == 0
    assert open_ws().repo.all(Objective) == []
    assert not db.parent.exists()


# -- 8. the file's format, mode and atomic replace --------------------------------------------------------------------


def fill(ws) -> None:
    okrs.add_objective(ws, "Ünïcode ✓ objective", period="2026-Q4", team="Zeta", description="why now")
    okrs.add_kr(ws, "O-1", "Shorten cycle", start=59, target=38, unit="days", weight=2)
    checkins.checkin(ws, "KR-1", "44", confidence="7", note="going well — mostly")
    kpis.add_kpi(ws, "Conversion", key="conv", target=9.5, warn=8, unit="%")
    measurements.record(ws, "conv", "9.25", day="2026-11-01")


def test_the_file_has_sorted_keys_two_space_indent_and_utf8(db, open_ws):
    fill(open_ws())
    raw = db.read_bytes()
    text = raw.decode("utf-8")
    assert text.removesuffix("\n") == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)
    assert "Ünïcode ✓ objective".encode() in raw  # UTF-8, not \u escapes
    assert "\t" not in text


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_a_write_keeps_the_mode_replaces_atomically_and_leaves_no_temp_file(db, open_ws, mode):
    fill(open_ws())
    db.chmod(mode)
    inode = db.stat().st_ino
    with db.open("rb") as reader_before:  # a reader holding the file open while someone writes
        okrs.add_objective(open_ws(), "Another", period="2026-Q4")
        old_view = reader_before.read()

    assert db.stat().st_mode & 0o7777 == mode
    assert db.stat().st_ino != inode  # a new file replaced the old one; it was not rewritten in place
    assert len(json.loads(old_view)["objectives"]) == 1  # the open reader still sees the whole old file
    assert len(json.loads(db.read_text())["objectives"]) == 2
    assert leftover_temp_files(db.parent) == []
    assert sorted(entry.name for entry in db.parent.iterdir()) == sorted(
        [db.name, db.name + ".lock", db.name + ".backups", db.name + ".journal"]
    )
    journal_mode = (db.parent / (db.name + ".journal")).stat().st_mode & 0o777
    assert journal_mode & ~mode == 0, f"the journal ({journal_mode:o}) is never more open than the data file"


def test_a_new_file_gets_the_usual_mode_for_the_umask(db):
    done = subprocess.run(
        ["/bin/sh", "-c", 'umask 027 && exec "$0" objective add First', str(OKRTUI)],
        env=cli_env(db),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert db.stat().st_mode & 0o777 == 0o640
