"""``--version``, ``init``, and the ids that ``add`` commands print (CLI.md "Ids", "Output")."""

from __future__ import annotations

import json
import re

import okrtui


def test_version_prints_the_package_version(run):
    result = run("--version", db=None, today=None)
    assert result.code == 0
    assert result.err == ""
    assert okrtui.__version__ in result.out
    assert re.search(r"\d+\.\d+", result.out)
    assert len(result.out.splitlines()) == 1


def test_init_creates_a_valid_json_file(run, db):
    assert not db.exists()
    result = run("init")
    assert result.code == 0, result.err
    assert db.exists()
    assert isinstance(json.loads(db.read_bytes()), dict)


def test_init_again_keeps_the_data(run, db):
    run.ok("init")
    objective = run.add("objective", "add", "Keep me")
    again = run("init")
    assert again.code == 0, again.err
    listed = run.ok("objective", "list", "--json").json
    assert [item["id"] for item in listed] == [objective]
    assert listed[0]["title"] == "Keep me"


def test_add_commands_print_the_new_id_alone_on_one_line(run):
    objective = run("objective", "add", "Shorten the sales lifecycle")
    assert (objective.code, objective.out) == (0, "O-1\n")
    kr = run("kr", "add", "O-1", "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    assert (kr.code, kr.out) == (0, "KR-1\n")
    initiative = run("initiative", "add", "KR-1", "Mutual action plans")
    assert (initiative.code, initiative.out) == (0, "I-1\n")
    kpi = run("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    assert (kpi.code, kpi.out) == (0, "K-1\n")


def test_ids_count_up_per_kind(run):
    assert run.add("objective", "add", "First") == "O-1"
    assert run.add("objective", "add", "Second") == "O-2"
    assert run.add("kr", "add", "O-2", "A", "--start", "0", "--target", "10") == "KR-1"
    assert run.add("kr", "add", "O-1", "B", "--milestone") == "KR-2"
    assert run.add("initiative", "add", "O-1", "Work") == "I-1"
    assert run.add("initiative", "add", "KR-1", "More work") == "I-2"
    assert run.add("kpi", "add", "Churn", "--target", "2", "--direction", "down") == "K-1"
    assert run.add("kpi", "add", "NPS", "--target", "40") == "K-2"


def test_numbers_are_never_reused_after_deletion(run):
    run.add("objective", "add", "One")
    second = run.add("objective", "add", "Two")
    run.ok("objective", "delete", second)
    assert run.add("objective", "add", "Three") == "O-3"
    run.add("kr", "add", "O-1", "A", "--start", "0", "--target", "1")
    run.ok("kr", "delete", "KR-1")
    assert run.add("kr", "add", "O-1", "B", "--start", "0", "--target", "1") == "KR-2"


def test_ids_are_case_insensitive_on_input(run, status_kr):
    run.add("objective", "add", "Objective")
    assert run.add("kr", "add", "o-1", "Average sales cycle", "--start", "59", "--target", "38") == "KR-1"
    checkin = run("kr", "checkin", "kr-1", "44")
    assert checkin.code == 0, checkin.err
    assert run.add("initiative", "add", "kr-1", "Work") == "I-1"
    assert run("initiative", "set", "i-1", "--status", "doing").code == 0
    shown = run.ok("objective", "show", "o-1", "--json").json
    assert shown["id"] == "O-1"
    kr = run.ok("kr", "show", "Kr-1", "--json").json
    assert kr["id"] == "KR-1"
    assert kr["current"] == 44
    initiatives = run.ok("initiative", "list", "--json").json
    assert [(item["id"], item["status"]) for item in initiatives] == [("I-1", "doing")]


def test_a_kpi_is_named_by_its_key_or_its_id(run):
    assert run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000") == "K-1"
    run.ok("kpi", "record", "mrr", "150000", "--date", "2026-11-01")
    run.ok("kpi", "record", "K-1", "160000", "--date", "2026-11-08")
    run.ok("kpi", "record", "k-1", "170000", "--date", "2026-11-15")
    by_key = run.ok("kpi", "show", "mrr", "--json").json
    by_id = run.ok("kpi", "show", "k-1", "--json").json
    assert by_key == by_id
    assert by_key["history"] == [
        {"date": "2026-11-01", "value": 150000},
        {"date": "2026-11-08", "value": 160000},
        {"date": "2026-11-15", "value": 170000},
    ]


def test_a_kpi_key_is_derived_from_its_name(run):
    run.add("kpi", "add", "Customer churn rate", "--target", "2", "--direction", "down")
    shown = run.ok("kpi", "show", "customer-churn-rate", "--json").json
    assert shown["id"] == "K-1"
    assert shown["key"] == "customer-churn-rate"


def test_an_add_prints_an_id_that_scripts_can_use(run):
    objective = run.add("objective", "add", "Grow")
    kr = run.add("kr", "add", objective, "Sign-ups", "--start", "120", "--target", "200")
    run.ok("kr", "checkin", kr, "160")
    assert run.ok("kr", "show", kr, "--json").json["objective"] == objective
