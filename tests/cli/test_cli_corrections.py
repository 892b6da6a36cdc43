"""Corrections (issue 11, item 4): list a key result's check-ins with a handle each, edit or delete one, delete a KPI
value; a back-dated check-in is stored in date order, so a handle is the position users see.

Every test reads the stored JSON; every refusal is exit 2 with one line and leaves the file byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_cron_imports import heavy, loaded_modules

CHECKIN_FIELDS = {"handle", "date", "value", "confidence", "note", "author"}


def stored_checkins(db: Path, kr_number: int = 1) -> list[dict]:
    """The check-ins of KR-<kr_number> as the data file holds them."""
    return json.loads(db.read_text())["key_results"][str(kr_number)]["checkins"]


def stored_kr(db: Path, kr_number: int = 1) -> dict:
    return json.loads(db.read_text())["key_results"][str(kr_number)]


def stored_history(db: Path, kpi_number: int = 1) -> dict:
    return json.loads(db.read_text())["kpis"][str(kpi_number)]["history"]


@pytest.fixture
def three(run) -> None:
    """O-1 with KR-1 (cycle time 59 -> 38 days) and three check-ins by alice: 11-01 50, 11-08 46, 11-15 44."""
    run.add("objective", "add", "Shorten the sales cycle")
    run.add("kr", "add", "O-1", "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    alice = ("--as", "alice", "kr", "checkin", "KR-1")
    run.ok(*alice, "50", "--date", "2026-11-01")
    run.ok(*alice, "46", "--date", "2026-11-08", "--confidence", "at-risk", "--note", "legal reviews slow")
    run.ok(*alice, "44", "--date", "2026-11-15", "--confidence", "7")


# -- a back-dated check-in ------------------------------------------------------------------------------------------


def test_a_back_dated_check_in_is_stored_in_date_order(run, db, three):
    run.ok("kr", "checkin", "KR-1", "48", "--date", "2026-11-05")
    assert [(c["date"], c["value"]) for c in stored_checkins(db)] == [
        ("2026-11-01", 50),
        ("2026-11-05", 48),
        ("2026-11-08", 46),
        ("2026-11-15", 44),
    ]


def test_a_back_dated_check_in_goes_after_the_entries_of_its_own_date(run, db, three):
    run.ok("kr", "checkin", "KR-1", "45", "--date", "2026-11-08")
    run.ok("kr", "checkin", "KR-1", "51", "--date", "2026-10-30")
    assert [(c["date"], c["value"]) for c in stored_checkins(db)] == [
        ("2026-10-30", 51),
        ("2026-11-01", 50),
        ("2026-11-08", 46),
        ("2026-11-08", 45),
        ("2026-11-15", 44),
    ]


def test_todays_check_in_is_still_appended(run, db, three):
    run.ok("kr", "checkin", "KR-1", "43")
    assert [c["date"] for c in stored_checkins(db)][-1] == "2026-11-22"


# -- listing --------------------------------------------------------------------------------------------------------


def test_checkins_lists_each_with_its_handle(run, three):
    out = run.ok("kr", "checkins", "KR-1").out
    lines = out.splitlines()
    assert lines[0].split() == ["#", "DATE", "VALUE", "CONF", "AUTHOR", "NOTE"]
    assert lines[1].split() == ["1", "2026-11-01", "50", "days", "alice"]
    assert lines[2].split() == ["2", "2026-11-08", "46", "days", "5", "alice", "legal", "reviews", "slow"]
    assert lines[3].split() == ["3", "2026-11-15", "44", "days", "7", "alice"]
    assert len(lines) == 4


def test_checkins_json_is_a_list_of_handles_and_entries(run, three):
    listed = run.ok("kr", "checkins", "kr-1", "--json").json
    assert [set(entry) for entry in listed] == [CHECKIN_FIELDS] * 3
    assert listed[1] == {
        "handle": 2,
        "date": "2026-11-08",
        "value": 46,
        "confidence": 5,
        "note": "legal reviews slow",
        "author": "alice",
    }
    assert [(entry["handle"], entry["confidence"], entry["note"]) for entry in listed] == [
        (1, None, ""),
        (2, 5, "legal reviews slow"),
        (3, 7, ""),
    ]


def test_a_key_result_without_check_ins_lists_none(run):
    run.add("objective", "add", "Grow")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    assert run.ok("kr", "checkins", "KR-1", "--json").json == []
    assert "No check-ins yet" in run.ok("kr", "checkins", "KR-1").out


# -- editing --------------------------------------------------------------------------------------------------------


def test_edit_changes_the_value_and_keeps_the_author(run, db, three):
    before = stored_checkins(db)
    result = run.ok("--as", "lead", "kr", "checkin-edit", "KR-1", "2", "--value", "45")
    assert result.out == "KR-1 check-in 2: 45 days on 2026-11-08 by alice\n"
    after = stored_checkins(db)
    assert after[1] == {**before[1], "value": 45}
    assert (after[0], after[2]) == (before[0], before[2])
    assert stored_kr(db)["updated_by"] == "lead"


def test_edit_changes_confidence_and_note(run, db, three):
    run.ok("kr", "checkin-edit", "KR-1", "1", "--confidence", "off-track", "--note", "  two deals slipped ")
    assert stored_checkins(db)[0] == {
        "date": "2026-11-01",
        "value": 50,
        "confidence": 2,
        "note": "two deals slipped",
        "author": "alice",
    }


def test_edit_with_an_empty_confidence_clears_it(run, db, three):
    run.ok("kr", "checkin-edit", "KR-1", "3", "--confidence", "")
    assert "confidence" not in stored_checkins(db)[2]
    assert run.ok("kr", "checkins", "KR-1", "--json").json[2]["confidence"] is None


def test_edit_of_the_date_moves_the_entry_into_date_order(run, db, three):
    result = run.ok("kr", "checkin-edit", "KR-1", "1", "--date", "2026-11-10")
    assert result.out == "KR-1 check-in 2: 50 days on 2026-11-10 by alice (was 1)\n"
    assert [(c["date"], c["value"]) for c in stored_checkins(db)] == [
        ("2026-11-08", 46),
        ("2026-11-10", 50),
        ("2026-11-15", 44),
    ]


def test_edit_of_the_date_to_an_earlier_day_moves_it_back(run, db, three):
    run.ok("kr", "checkin-edit", "KR-1", "3", "--date", "2026-10-31", "--value", "51")
    assert [(c["date"], c["value"]) for c in stored_checkins(db)] == [
        ("2026-10-31", 51),
        ("2026-11-01", 50),
        ("2026-11-08", 46),
    ]


def test_edit_of_a_milestone_takes_done(run, db):
    run.add("objective", "add", "Launch")
    run.add("kr", "add", "O-1", "Ship it", "--milestone")
    run.ok("kr", "checkin", "KR-1", "not-done", "--date", "2026-11-20")
    run.ok("kr", "checkin-edit", "KR-1", "1", "--value", "done")
    assert stored_checkins(db)[0]["value"] == 1


def test_edit_shows_in_kr_show(run, three):
    run.ok("kr", "checkin-edit", "KR-1", "3", "--value", "40")
    assert run.ok("kr", "show", "KR-1", "--json").json["current"] == 40


# -- deleting -------------------------------------------------------------------------------------------------------


def test_delete_removes_one_check_in(run, db, three):
    before = stored_checkins(db)
    result = run.ok("--as", "lead", "kr", "checkin-delete", "KR-1", "2")
    assert result.out == "KR-1: deleted check-in 2 (46 days on 2026-11-08 by alice)\n"
    assert stored_checkins(db) == [before[0], before[2]]
    assert stored_kr(db)["updated_by"] == "lead"


def test_delete_of_the_last_check_in_leaves_an_empty_history(run, db):
    run.add("objective", "add", "Grow")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", "KR-1", "460")
    run.ok("kr", "checkin-delete", "KR-1", "1")
    assert stored_checkins(db) == []
    assert run.ok("kr", "show", "KR-1", "--json").json["current"] == 0


# -- KPI values -----------------------------------------------------------------------------------------------------


@pytest.fixture
def mrr(run) -> None:
    """KPI K-1 mrr with values on 11-01, 11-08 and 11-15."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--unit", "$")
    for day, value in (("2026-11-01", "150000"), ("2026-11-08", "1550000"), ("2026-11-15", "160000")):
        run.ok("kpi", "record", "mrr", value, "--date", day)


def test_unrecord_deletes_one_measurement(run, db, mrr):
    result = run.ok("kpi", "unrecord", "mrr", "2026-11-08")
    assert result.out == "mrr: deleted $1,550,000 on 2026-11-08\n"
    assert stored_history(db) == {"2026-11-01": 150000, "2026-11-15": 160000}


def test_unrecord_takes_the_kpi_id(run, db, mrr):
    run.ok("kpi", "unrecord", "k-1", "2026-11-15")
    assert list(stored_history(db)) == ["2026-11-01", "2026-11-08"]


def test_record_again_still_replaces(run, db, mrr):
    run.ok("kpi", "record", "mrr", "155000", "--date", "2026-11-08")
    assert stored_history(db)["2026-11-08"] == 155000


# -- refusals -------------------------------------------------------------------------------------------------------


BAD_HANDLES = ["0", "4", "x", "1.5", "99999999999999999999"]


@pytest.mark.parametrize("handle", BAD_HANDLES)
@pytest.mark.parametrize("command", [("checkin-edit", "--value", "45"), ("checkin-delete",)], ids=lambda c: c[0])
def test_a_bad_handle_names_the_key_result_and_its_count(run, db, three, command, handle):
    before = db.read_bytes()
    result = run("kr", command[0], "KR-1", handle, *command[1:])
    result.assert_bad_input()
    assert "KR-1" in result.err
    assert "3 check-ins" in result.err
    assert db.read_bytes() == before


def test_a_handle_on_a_key_result_without_check_ins(run, db):
    run.add("objective", "add", "Grow")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    before = db.read_bytes()
    result = run("kr", "checkin-delete", "KR-1", "1")
    result.assert_bad_input()
    assert "KR-1 has no check-ins" in result.err
    assert db.read_bytes() == before


BAD_EDITS = [
    pytest.param((), "nothing to change", id="nothing to change"),
    pytest.param(("--date", "2026-11-23"), "after today", id="future date"),
    pytest.param(("--date", "2026-02-30"), "no such day", id="bad date"),
    pytest.param(("--value", "abc"), "must be a number", id="bad value"),
    pytest.param(("--value", "1e999"), "finite", id="not finite"),
    pytest.param(("--confidence", "11"), "bad confidence", id="bad confidence"),
    pytest.param(("--note", "x" * 10_001), "too long", id="note too long"),
    pytest.param(("--note", "a\x00b"), "NUL", id="NUL in note"),
]


@pytest.mark.parametrize(("options", "says"), BAD_EDITS)
def test_a_bad_edit_is_refused(run, db, three, options, says):
    before = db.read_bytes()
    result = run("kr", "checkin-edit", "KR-1", "2", *options)
    result.assert_bad_input()
    assert says in result.err
    assert db.read_bytes() == before


def test_a_milestone_refuses_a_number_other_than_0_or_1(run, db):
    run.add("objective", "add", "Launch")
    run.add("kr", "add", "O-1", "Ship it", "--milestone")
    run.ok("kr", "checkin", "KR-1", "not-done", "--date", "2026-11-20")
    before = db.read_bytes()
    result = run("kr", "checkin-edit", "KR-1", "1", "--value", "0.5")
    result.assert_bad_input()
    assert "done or not-done" in result.err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [("checkin-edit", "KR-1", "1", "--value", "45"), ("checkin-delete", "KR-1", "1")],
    ids=["edit", "delete"],
)
def test_a_closed_objective_refuses_corrections(run, db, three, args):
    run.ok("period", "close", "2026-Q4", "--yes")
    before = db.read_bytes()
    result = run("kr", *args)
    result.assert_bad_input()
    assert "O-1 is closed" in result.err
    assert "period reopen 2026-Q4" in result.err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("kr", "checkins", "KR-9"), "no key result KR-9"),
        (("kr", "checkin-edit", "KR-9", "1", "--value", "1"), "no key result KR-9"),
        (("kr", "checkin-delete", "O-1", "1"), "bad key result id 'O-1'"),
    ],
    ids=["list", "edit", "delete"],
)
def test_an_unknown_key_result_is_refused(run, db, three, args, says):
    before = db.read_bytes()
    result = run(*args)
    result.assert_bad_input()
    assert says in result.err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("mrr", "2026-11-09"), "mrr has no value on 2026-11-09"),
        (("mrr", "2026-11-31"), "no such day"),
        (("mrr", "last week"), "bad date"),
        (("nope", "2026-11-08"), "no KPI 'nope'"),
    ],
    ids=["no value that day", "no such day", "bad date", "unknown KPI"],
)
def test_a_bad_unrecord_is_refused(run, db, mrr, args, says):
    before = db.read_bytes()
    result = run("kpi", "unrecord", *args)
    result.assert_bad_input()
    assert says in result.err
    assert db.read_bytes() == before


def test_corrections_through_the_console_script(script, run, db, three, mrr):
    """The installed okrtui in a subprocess: a typo'd check-in fixed, a wrong KPI value taken back."""
    assert script("kr", "checkin-edit", "KR-1", "2", "--value", "4.6").code == 0
    assert script("kpi", "unrecord", "mrr", "2026-11-08").code == 0
    assert stored_checkins(db)[1]["value"] == 4.6
    assert "2026-11-08" not in stored_history(db)
    listed = script("kr", "checkins", "KR-1", "--json")
    assert (listed.code, [entry["value"] for entry in json.loads(listed.out)]) == (0, [50, 4.6, 44])


@pytest.mark.parametrize(
    "args",
    [("kr", "checkin-edit", "KR-1", "2", "--value", "45"), ("kr", "checkin-delete", "KR-1", "1")],
    ids=["edit", "delete"],
)
def test_a_correction_loads_neither_the_models_nor_textual(tmp_path, db, three, args):
    """Like the cron paths, a correction works on the stored document."""
    before = db.read_bytes()
    modules = loaded_modules(tmp_path, db, *args)
    assert db.read_bytes() != before, "the command wrote the file"
    assert heavy(modules) == []


def test_unrecord_loads_neither_the_models_nor_textual(tmp_path, db, mrr):
    before = db.read_bytes()
    modules = loaded_modules(tmp_path, db, "kpi", "unrecord", "mrr", "2026-11-08")
    assert db.read_bytes() != before, "the command wrote the file"
    assert heavy(modules) == []


# -- shell completion -----------------------------------------------------------------------------------------------


@pytest.fixture
def complete(script, db: Path):
    """``complete("kr checkin-edit KR-1 ")``: the candidates bash (or zsh) is offered for the last word."""

    def run_completion(words: str, shell: str = "bash") -> list[str]:
        line = f"okrtui --db {db} {words}"
        cword = len(line.split()) - (0 if line.endswith(" ") else 1)
        env = {"_OKRTUI_COMPLETE": f"{shell}_complete", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
        result = script(env=env, globals_=False)
        assert (result.code, result.err) == (0, "")
        return [] if result.out == "\n" else result.out.splitlines()

    return run_completion


def test_completion_knows_the_new_commands(complete, three):
    assert complete("kr checkin") == ["plain,checkin", "plain,checkin-delete", "plain,checkin-edit", "plain,checkins"]
    assert complete("kpi unr") == ["plain,unrecord"]


def test_a_handle_completes_to_the_key_results_check_ins(complete, three):
    assert complete("kr checkin-edit KR-1 ") == ["plain,1", "plain,2", "plain,3"]
    assert complete("kr checkin-delete kr-1 ", shell="zsh")[3:6] == ["plain", "2", "2026-11-08 46 legal reviews slow"]


def test_a_handle_of_an_unknown_key_result_completes_to_nothing(complete, three):
    assert complete("kr checkin-delete KR-7 ") == []


def test_a_kpi_date_completes_to_its_recorded_dates(complete, mrr):
    assert complete("kpi unrecord mrr 2026-11-0") == ["plain,2026-11-01", "plain,2026-11-08"]
    assert complete("kpi unrecord K-1 ", shell="zsh")[:3] == ["plain", "2026-11-01", "150000"]
