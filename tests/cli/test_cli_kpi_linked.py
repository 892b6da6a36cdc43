"""Key results fed by KPIs, and the import and export of KPI history (issue 4).

A key result linked to a KPI takes its current value from that KPI's latest measurement: recording the KPI (``kpi
record`` or ``kpi import``) moves the key result's value, progress and status. The link shows both ways: ``kr show``
has ``kpi``/``kpi_key``, ``kpi show`` has ``drives``. As of 2026-11-22 (Q4 expected pace 52/91 = 0.5714).
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def objective(run):
    return run.add("objective", "add", "Sell better", "--owner", "alice")


@pytest.fixture
def conversion(run):
    """The KPI conversion (K-1): up, target 9, warn 8, measured weekly."""
    return run.add(
        "kpi",
        "add",
        "Conversion rate",
        "--key",
        "conversion",
        "--target",
        "9",
        "--warn",
        "8",
        "--unit",
        "%",
        "--frequency",
        "weekly",
    )


@pytest.fixture
def guard(run, objective, conversion):
    """KR-1: keep conversion at 9 or better, fed by the KPI."""
    return run.add(
        "kr", "add", objective, "Keep conversion at 9%", "--at-least", "9", "--unit", "%", "--kpi", "conversion"
    )


def kr_json(run, kr: str, **kwargs) -> dict:
    return run.ok("kr", "show", kr, "--json", **kwargs).json


# -- a key result follows its KPI -------------------------------------------------------------------------------------


def test_a_kpi_fed_guard_without_measurements_has_no_value(run, guard):
    shown = kr_json(run, guard)
    assert shown["current"] is None
    assert shown["progress"] == 0.0
    assert shown["checkins"] == []


def test_a_kpi_fed_guard_follows_its_kpi(run, guard, status_kr):
    run.ok("kpi", "record", "conversion", "8.5")
    shown = kr_json(run, guard)
    assert shown["current"] == 8.5
    assert shown["progress"] == 0.0  # 8.5 < 9: out of bounds
    assert shown["status"] == "off-track"
    assert run("status", "--check").code == 3
    run.ok("kpi", "record", "conversion", "9.2")  # the same date: replaces 8.5
    shown = kr_json(run, guard)
    assert (shown["current"], shown["progress"], shown["status"]) == (9.2, 1.0, "on-track")
    assert status_kr(run.ok("status", "--json").json, guard)["current"] == 9.2
    assert run("status", "--check").code == 0


def test_the_latest_measurement_wins_not_the_last_recorded(run, guard):
    run.ok("kpi", "record", "conversion", "9.2", "--date", "2026-11-21")
    run.ok("kpi", "record", "conversion", "8.5", "--date", "2026-11-14")  # recorded later, but older
    shown = kr_json(run, guard)
    assert (shown["current"], shown["progress"], shown["status"]) == (9.2, 1.0, "on-track")


def test_kpi_measurements_are_the_key_results_history(run, guard):
    run.ok("kpi", "record", "conversion", "8.5", "--date", "2026-11-14")
    run.ok("kpi", "record", "conversion", "9.2", "--date", "2026-11-21")
    history = kr_json(run, guard)["checkins"]
    assert [(c["date"], c["value"]) for c in history] == [("2026-11-14", 8.5), ("2026-11-21", 9.2)]


def test_a_kpi_fed_key_result_as_of_an_earlier_day(run, guard):
    run.ok("kpi", "record", "conversion", "8.5", "--date", "2026-11-14")
    run.ok("kpi", "record", "conversion", "9.2", "--date", "2026-11-21")
    past = kr_json(run, guard, today="2026-11-15")
    assert (past["current"], past["progress"], past["status"]) == (8.5, 0.0, "off-track")
    assert [c["date"] for c in past["checkins"]] == ["2026-11-14"]


def test_an_increase_key_result_fed_by_a_kpi(run, objective):
    run.add("kpi", "add", "Sign-ups", "--key", "signups", "--target", "200")
    kr = run.add("kr", "add", objective, "Sign-ups", "--start", "100", "--target", "200", "--kpi", "signups")
    assert kr_json(run, kr)["current"] == 100  # no measurement: the start
    run.ok("kpi", "record", "signups", "150")
    shown = kr_json(run, kr)
    assert shown["current"] == 150
    assert shown["progress"] == 0.5  # (150 − 100) / (200 − 100)
    assert shown["status"] == "on-track"  # gap 0.5714 − 0.5 = 0.07
    assert run.ok("objective", "show", objective, "--json").json["progress"] == 0.5
    run.ok("kpi", "record", "signups", "250")
    shown = kr_json(run, kr)
    assert (shown["progress"], shown["exceeded"]) == (1.0, True)


def test_a_decrease_key_result_fed_by_a_kpi(run, objective):
    run.add("kpi", "add", "Response time", "--key", "response", "--target", "4", "--direction", "down")
    kr = run.add("kr", "add", objective, "Response time", "--start", "10", "--target", "4", "--kpi", "response")
    run.ok("kpi", "record", "response", "7")
    assert kr_json(run, kr)["progress"] == 0.5  # (10 − 7) / (10 − 4)
    run.ok("kpi", "record", "response", "12")  # worse than the start
    shown = kr_json(run, kr)
    assert (shown["progress"], shown["below_baseline"]) == (0.0, True)


def test_kpi_import_updates_the_key_result(run, guard):
    run.ok(
        "kpi",
        "import",
        "-",
        "--format",
        "csv",
        input="kpi,date,value\nconversion,2026-11-07,8.1\nconversion,2026-11-14,9.6\n",
    )
    shown = kr_json(run, guard)
    assert (shown["current"], shown["progress"], shown["status"]) == (9.6, 1.0, "on-track")
    assert [(c["date"], c["value"]) for c in shown["checkins"]] == [("2026-11-07", 8.1), ("2026-11-14", 9.6)]
    run.ok(
        "kpi", "import", "-", "--format", "json", input=json.dumps([{"kpi": "K-1", "date": "2026-11-21", "value": 7.9}])
    )
    shown = kr_json(run, guard)
    assert (shown["current"], shown["progress"], shown["status"]) == (7.9, 0.0, "off-track")


def test_kr_show_json_names_its_kpi(run, guard, objective):
    shown = kr_json(run, guard)
    assert shown["kpi"] == "K-1"
    assert shown["kpi_key"] == "conversion"
    plain = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    assert (kr_json(run, plain)["kpi"], kr_json(run, plain)["kpi_key"]) == (None, None)


def test_kpi_show_json_lists_the_key_results_it_drives(run, objective, guard):
    assert run.ok("kpi", "show", "conversion", "--json").json["drives"] == [guard]
    second = run.add("kr", "add", objective, "Conversion up", "--start", "8", "--target", "10", "--kpi", "K-1")
    run.add("kr", "add", objective, "Unlinked", "--start", "0", "--target", "10")
    assert run.ok("kpi", "show", "K-1", "--json").json["drives"] == [guard, second]
    listed = run.ok("kpi", "list", "--json").json
    assert [(k["key"], k["drives"]) for k in listed] == [("conversion", [guard, second])]


def test_a_kpi_that_drives_nothing(run, conversion):
    assert run.ok("kpi", "show", "conversion", "--json").json["drives"] == []


def test_the_link_shows_in_the_human_output(run, objective, guard):
    run.ok("kpi", "record", "conversion", "9.2")
    assert f"drives {guard}" in run.ok("kpi", "show", "conversion").out
    assert "conversion" in run.ok("kr", "show", guard).out
    assert "conversion" in run.ok("objective", "show", objective).out  # the objective shows the KPIs it uses


def test_linking_an_unknown_kpi_is_bad_input(run, db, objective):
    before = db.read_bytes()
    run("kr", "add", objective, "Conv", "--at-least", "9", "--kpi", "nosuch").assert_bad_input()
    assert db.read_bytes() == before


def test_the_report_follows_the_kpi(run, guard):
    run.ok("kpi", "record", "conversion", "8.5", "--date", "2026-11-21")
    report = run.ok("report", "--format", "json").json
    kr = report["objectives"][0]["key_results"][0]
    assert (kr["id"], kr["value"], kr["progress"], kr["status"]) == (guard, 8.5, 0.0, "off-track")
    assert [(a["id"], a["status"]) for a in report["attention"]] == [(guard, "off-track")]


# -- import and export of history -------------------------------------------------------------------------------------


@pytest.fixture
def history(run, conversion):
    """conversion has 8.5 (11-07), 9.25 (11-14), 9.4 (11-21); mrr has 150000 (11-01) and 152500 (11-15)."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--unit", "$")
    run.ok(
        "kpi",
        "import",
        "-",
        input=(
            "kpi,date,value\nconversion,2026-11-21,9.4\nconversion,2026-11-07,8.5\nconversion,2026-11-14,9.25\n"
            "mrr,2026-11-01,150000\nmrr,2026-11-15,152500\n"
        ),
    )


EXPORTED = (
    "kpi,date,value\nconversion,2026-11-07,8.5\nconversion,2026-11-14,9.25\nconversion,2026-11-21,9.4\n"
    "mrr,2026-11-01,150000\nmrr,2026-11-15,152500\n"
)


def test_export_is_csv_by_kpi_and_date(run, history):
    result = run("kpi", "export")
    assert result.code == 0, result.err
    assert result.out == EXPORTED


def test_export_one_kpi(run, history):
    assert run.ok("kpi", "export", "mrr").out == "kpi,date,value\nmrr,2026-11-01,150000\nmrr,2026-11-15,152500\n"


def test_importing_the_export_into_the_same_file_changes_nothing(run, db, history):
    exported = run.ok("kpi", "export").out
    before = db.read_bytes()
    result = run("kpi", "import", "-", input=exported)
    assert result.code == 0, result.err
    assert db.read_bytes() == before
    assert "0 added, 0 replaced, 5 unchanged" in result.out


def test_importing_the_export_into_a_fresh_file_gives_the_same_history(run, history, tmp_path):
    exported = run.ok("kpi", "export").out
    other = tmp_path / "other.json"
    run.ok("kpi", "add", "Conversion rate", "--key", "conversion", "--target", "9", db=other)
    run.ok("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", db=other)
    run.ok("kpi", "import", "-", input=exported, db=other)
    assert run.ok("kpi", "export", db=other).out == exported
    for key in ("conversion", "mrr"):
        assert (
            run.ok("kpi", "show", key, "--json", db=other).json["history"]
            == run.ok("kpi", "show", key, "--json").json["history"]
        )


@pytest.mark.parametrize("value", ["12.345", "1234.56", "0.123456"])
def test_export_keeps_every_digit(run, db, conversion, value):
    # The export is the KPI's history as data, not as display: importing it back into the same file must change
    # nothing (below 1000 and from 1000 up, a value with more digits than a screen shows).
    run.ok("kpi", "record", "conversion", value, "--date", "2026-11-20")
    exported = run.ok("kpi", "export").out
    before = db.read_bytes()
    run.ok("kpi", "import", "-", input=exported)
    assert db.read_bytes() == before
    assert run.ok("kpi", "show", "conversion", "--json").json["history"] == [
        {"date": "2026-11-20", "value": float(value)}
    ]
    assert exported == f"kpi,date,value\nconversion,2026-11-20,{value}\n"


def test_the_demo_export_reimports_byte_identically(run, db):
    run.ok("init", "--demo")
    exported = run.ok("kpi", "export").out
    assert len(exported.splitlines()) > 100
    before = db.read_bytes()
    result = run("kpi", "import", "-", input=exported)
    assert result.code == 0, result.err
    assert db.read_bytes() == before
    assert run.ok("kpi", "export").out == exported


def test_importing_the_same_rows_twice_changes_nothing(run, db, conversion):
    rows = "kpi,date,value\nconversion,2026-11-07,8.5\nconversion,2026-11-14,9.25\n"
    first = run("kpi", "import", "-", input=rows)
    assert "2 added" in first.out
    before = db.read_bytes()
    second = run("kpi", "import", "-", input=rows)
    assert second.code == 0, second.err
    assert "0 added, 0 replaced, 2 unchanged" in second.out
    assert db.read_bytes() == before


def test_an_import_error_names_the_row_and_the_column(run, db, history):
    before = db.read_bytes()
    result = run("kpi", "import", "-", input="kpi,date,value\nconversion,2026-11-08,9.1\nconversion,2026-11-09,abc\n")
    result.assert_bad_input()
    assert "row 3, column value" in result.err
    assert db.read_bytes() == before  # all or nothing: row 2 was not stored either


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ("kpi,date,value\nconversion,2026-11-08,9.1\nconversion,2026-13-01,9\n", "row 3, column date"),
        ("kpi,date,value\nnosuch,2026-11-08,9.1\n", "row 2, column kpi"),
        ("kpi,date,value\nconversion,2026-11-08,9.1\nmrr,2026-11-08,9\nmrr,2026-11-30,9\n", "row 4, column date"),
        ("date,value,kpi\n2026-11-08,9.1,conversion\n2026-11-09,,conversion\n", "row 3, column value"),
    ],
    ids=["bad date", "unknown kpi", "future date", "columns in another order"],
)
def test_import_errors_name_row_and_column(run, db, history, rows, where):
    before = db.read_bytes()
    result = run("kpi", "import", "-", input=rows)
    result.assert_bad_input()
    assert where in result.err
    assert db.read_bytes() == before


def test_a_json_import_error_names_the_row_and_the_column(run, db, history):
    before = db.read_bytes()
    rows = [
        {"kpi": "conversion", "date": "2026-11-08", "value": 9.1},
        {"kpi": "conversion", "date": "2026-11-09", "value": "lots"},
    ]
    result = run("kpi", "import", "-", "--format", "json", input=json.dumps(rows))
    result.assert_bad_input()
    assert "row 2, column value" in result.err
    assert db.read_bytes() == before


def test_json_import_from_stdin(run, guard):
    rows = [
        {"kpi": "conversion", "date": "2026-11-14", "value": 8.75},
        {"kpi": "conversion", "date": "2026-11-21", "value": 9.5},
    ]
    result = run("kpi", "import", "-", "--format", "json", input=json.dumps(rows))
    assert result.code == 0, result.err
    assert "2 added" in result.out
    assert run.ok("kpi", "show", "conversion", "--json").json["history"] == [
        {"date": "2026-11-14", "value": 8.75},
        {"date": "2026-11-21", "value": 9.5},
    ]
    assert kr_json(run, guard)["current"] == 9.5
    assert run.ok("kpi", "export").out == "kpi,date,value\nconversion,2026-11-14,8.75\nconversion,2026-11-21,9.5\n"
