"""``kpi record`` (one value per KPI and date) and ``kpi import`` (csv or json, a file or stdin, all rows or none)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def kpis(run, db):
    """Two KPIs, mrr (K-1) and churn (K-2), with one measurement each; returns the file's bytes."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--unit", "$")
    run.add("kpi", "add", "Customer churn", "--key", "churn", "--target", "2", "--direction", "down")
    run.ok("kpi", "record", "mrr", "150000", "--date", "2026-10-01")
    run.ok("kpi", "record", "churn", "3.1", "--date", "2026-10-01")
    return db.read_bytes()


def history(run, key: str) -> list[dict]:
    return run.ok("kpi", "show", key, "--json").json["history"]


GOOD_CSV = "kpi,date,value\nmrr,2026-11-01,160000\nmrr,2026-11-08,161500.5\nchurn,2026-11-01,2.9\n"
GOOD_JSON = json.dumps(
    [
        {"kpi": "mrr", "date": "2026-11-01", "value": 160000},
        {"kpi": "mrr", "date": "2026-11-08", "value": 161500.5},
        {"kpi": "churn", "date": "2026-11-01", "value": 2.9},
    ]
)
EXPECTED_MRR = [
    {"date": "2026-10-01", "value": 150000},
    {"date": "2026-11-01", "value": 160000},
    {"date": "2026-11-08", "value": 161500.5},
]
EXPECTED_CHURN = [{"date": "2026-10-01", "value": 3.1}, {"date": "2026-11-01", "value": 2.9}]


def test_recording_the_same_date_again_replaces_it(run, kpis):
    run.ok("kpi", "record", "mrr", "170000", "--date", "2026-11-15")
    run.ok("kpi", "record", "mrr", "171000", "--date", "2026-11-15")
    assert history(run, "mrr") == [
        {"date": "2026-10-01", "value": 150000},
        {"date": "2026-11-15", "value": 171000},
    ]


def test_record_without_a_date_is_today(run, kpis):
    run.ok("kpi", "record", "churn", "2.4")
    assert history(run, "churn")[-1] == {"date": "2026-11-22", "value": 2.4}
    assert run.ok("kpi", "show", "churn", "--json").json["latest"] == {"date": "2026-11-22", "value": 2.4}


def test_import_csv_from_a_file(run, kpis, tmp_path):
    source = tmp_path / "rows.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    result = run("kpi", "import", str(source))
    assert result.code == 0, result.err
    assert history(run, "mrr") == EXPECTED_MRR
    assert history(run, "churn") == EXPECTED_CHURN


def test_import_json_from_a_file(run, kpis, tmp_path):
    source = tmp_path / "rows.json"
    source.write_text(GOOD_JSON, encoding="utf-8")
    result = run("kpi", "import", str(source), "--format", "json")
    assert result.code == 0, result.err
    assert history(run, "mrr") == EXPECTED_MRR
    assert history(run, "churn") == EXPECTED_CHURN


def test_import_csv_from_stdin(run, kpis):
    result = run("kpi", "import", "-", "--format", "csv", input=GOOD_CSV)
    assert result.code == 0, result.err
    assert history(run, "mrr") == EXPECTED_MRR
    assert history(run, "churn") == EXPECTED_CHURN


def test_import_json_from_stdin(run, kpis):
    result = run("kpi", "import", "-", "--format", "json", input=GOOD_JSON)
    assert result.code == 0, result.err
    assert history(run, "mrr") == EXPECTED_MRR
    assert history(run, "churn") == EXPECTED_CHURN


def test_import_accepts_kpi_ids_as_well_as_keys(run, kpis):
    result = run(
        "kpi", "import", "-", "--format", "csv", input="kpi,date,value\nK-2,2026-11-01,2.9\nk-1,2026-11-01,1\n"
    )
    assert result.code == 0, result.err
    assert history(run, "churn")[-1] == {"date": "2026-11-01", "value": 2.9}
    assert history(run, "mrr")[-1] == {"date": "2026-11-01", "value": 1}


def test_an_imported_date_replaces_the_recorded_value(run, kpis):
    result = run("kpi", "import", "-", "--format", "csv", input="kpi,date,value\nmrr,2026-10-01,155000\n")
    assert result.code == 0, result.err
    assert history(run, "mrr") == [{"date": "2026-10-01", "value": 155000}]


def test_importing_the_same_rows_twice_changes_nothing(run, kpis, db, tmp_path):
    source = tmp_path / "rows.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")
    run.ok("kpi", "import", str(source))
    after_first = db.read_bytes()
    assert after_first != kpis
    second = run("kpi", "import", str(source))
    assert second.code == 0, second.err
    assert db.read_bytes() == after_first
    assert history(run, "mrr") == EXPECTED_MRR


def test_importing_the_same_json_twice_from_stdin_changes_nothing(run, kpis, db):
    run.ok("kpi", "import", "-", "--format", "json", input=GOOD_JSON)
    after_first = db.read_bytes()
    run.ok("kpi", "import", "-", "--format", "json", input=GOOD_JSON)
    assert db.read_bytes() == after_first


BAD_CSV_ROWS = [
    pytest.param("nosuch,2026-11-08,5", "nosuch", id="unknown-kpi"),
    pytest.param("mrr,2026-13-01,5", "2026-13-01", id="month-13"),
    pytest.param("mrr,yesterday,5", "yesterday", id="not-a-date"),
    pytest.param("mrr,2026-11-08,abc", "abc", id="not-a-number"),
    pytest.param('mrr,2026-11-08,"1,000"', "1,000", id="thousands-separator"),
    pytest.param("mrr,2026-11-08,nan", "nan", id="nan"),
    pytest.param("mrr,2026-11-08,inf", "inf", id="inf"),
]


@pytest.mark.parametrize(("bad_row", "bad_value"), BAD_CSV_ROWS)
def test_a_bad_csv_row_stores_nothing_and_names_the_row(run, kpis, db, tmp_path, bad_row, bad_value):
    # line 1 header, line 2 a good row, line 3 the bad one, line 4 another good one
    source = tmp_path / "rows.csv"
    source.write_text(f"kpi,date,value\nmrr,2026-11-01,160000\n{bad_row}\nchurn,2026-11-01,2.9\n", encoding="utf-8")
    result = run("kpi", "import", str(source))
    result.assert_bad_input()
    assert "row 3" in result.err, result.err
    assert bad_value in result.err, result.err
    assert db.read_bytes() == kpis
    assert history(run, "mrr") == [{"date": "2026-10-01", "value": 150000}]


@pytest.mark.parametrize(("bad_row", "bad_value"), BAD_CSV_ROWS)
def test_a_bad_csv_row_from_stdin_stores_nothing(run, kpis, db, bad_row, bad_value):
    result = run("kpi", "import", "-", input=f"kpi,date,value\nmrr,2026-11-01,160000\n{bad_row}\n")
    result.assert_bad_input()
    assert "row 3" in result.err, result.err
    assert bad_value in result.err, result.err
    assert db.read_bytes() == kpis


@pytest.mark.parametrize(
    "bad_item",
    [
        pytest.param({"kpi": "nosuch", "date": "2026-11-08", "value": 5}, id="unknown-kpi"),
        pytest.param({"kpi": "mrr", "date": "2026-13-01", "value": 5}, id="month-13"),
        pytest.param({"kpi": "mrr", "date": "yesterday", "value": 5}, id="not-a-date"),
        pytest.param({"kpi": "mrr", "date": "2026-11-08", "value": "abc"}, id="not-a-number"),
        pytest.param({"kpi": "mrr", "date": "2026-11-08", "value": "1,000"}, id="thousands-separator"),
        pytest.param({"kpi": "mrr", "date": "2026-11-08", "value": "nan"}, id="nan-string"),
        pytest.param({"kpi": "mrr", "date": "2026-11-08", "value": None}, id="null"),
        pytest.param({"kpi": "mrr", "date": "2026-11-08"}, id="no-value"),
    ],
)
def test_a_bad_json_row_stores_nothing_and_names_the_row(run, kpis, db, tmp_path, bad_item):
    # the bad item is the second of three
    rows = [
        {"kpi": "mrr", "date": "2026-11-01", "value": 160000},
        bad_item,
        {"kpi": "churn", "date": "2026-11-01", "value": 2.9},
    ]
    source = tmp_path / "rows.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    result = run("kpi", "import", str(source), "--format", "json")
    result.assert_bad_input()
    assert "row 2" in result.err, result.err
    assert db.read_bytes() == kpis


def test_json_that_is_not_a_list_is_bad_input(run, kpis, db):
    result = run("kpi", "import", "-", "--format", "json", input='{"kpi": "mrr", "date": "2026-11-01", "value": 1}')
    result.assert_bad_input()
    assert db.read_bytes() == kpis


def test_broken_json_is_bad_input(run, kpis, db):
    result = run("kpi", "import", "-", "--format", "json", input='[{"kpi": "mrr", ')
    result.assert_bad_input()
    assert db.read_bytes() == kpis


def test_csv_without_the_header_columns_is_bad_input(run, kpis, db):
    result = run("kpi", "import", "-", "--format", "csv", input="name,day,amount\nmrr,2026-11-01,1\n")
    result.assert_bad_input()
    assert db.read_bytes() == kpis


def test_a_missing_import_file_is_bad_input(run, kpis, db, tmp_path):
    result = run("kpi", "import", str(tmp_path / "absent.csv"))
    result.assert_bad_input()
    assert db.read_bytes() == kpis
