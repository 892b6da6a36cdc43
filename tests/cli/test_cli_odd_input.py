"""Odd input (issue 9, item 18): KPI keys shaped like ids, a CSV with a byte-order mark, digits of other scripts,
the same KPI and date twice in one import."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def mrr(run, db):
    """The KPI mrr (K-1) with one value, and a second KPI (K-2); returns the file's bytes."""
    run.add("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000")
    run.add("kpi", "add", "Churn", "--key", "churn", "--target", "2", "--direction", "down")
    run.ok("kpi", "record", "mrr", "150000", "--date", "2026-10-01")
    return db.read_bytes()


def history(run, key: str) -> list[dict]:
    return run.ok("kpi", "show", key, "--json").json["history"]


@pytest.mark.parametrize("key", ["k-2", "K-3", "kr-3", "KR-1", "o-1", "i-4", "k-0", "k-007"])
def test_a_kpi_key_shaped_like_an_id_is_refused_on_add(run, db, mrr, key):
    result = run("kpi", "add", "Looks like an id", "--key", key, "--target", "1")
    result.assert_bad_input()
    assert "like an id" in result.err
    assert db.read_bytes() == mrr


@pytest.mark.parametrize("key", ["k-2", "KR-3", "o-12"])
def test_a_kpi_key_shaped_like_an_id_is_refused_on_edit(run, db, mrr, key):
    result = run("kpi", "edit", "churn", "--key", key)
    result.assert_bad_input()
    assert "like an id" in result.err
    assert db.read_bytes() == mrr


def test_a_name_that_slugifies_to_an_id_is_refused_too(run, db, mrr):
    result = run("kpi", "add", "K 2", "--target", "1")
    result.assert_bad_input()
    assert db.read_bytes() == mrr


@pytest.mark.parametrize("key", ["k2", "k-2x", "kr", "nps-2", "ok-1"])
def test_keys_that_merely_contain_a_prefix_and_digits_are_fine(run, mrr, key):
    assert run.add("kpi", "add", "Fine", "--key", key, "--target", "1") == "K-3"


def test_a_csv_with_a_utf8_byte_order_mark_imports(run, mrr, tmp_path):
    source = tmp_path / "excel.csv"
    source.write_bytes(b"\xef\xbb\xbfkpi,date,value\r\nmrr,2026-11-01,160000\r\n")
    result = run("kpi", "import", str(source))
    assert result.code == 0, result.err
    assert history(run, "mrr") == [{"date": "2026-10-01", "value": 150000}, {"date": "2026-11-01", "value": 160000}]


def test_a_csv_with_a_byte_order_mark_on_stdin_imports(run, mrr):
    result = run("kpi", "import", "-", input="\ufeffkpi,date,value\nmrr,2026-11-01,160000\n".encode())
    assert result.code == 0, result.err
    assert history(run, "mrr")[-1] == {"date": "2026-11-01", "value": 160000}


OTHER_DIGITS = ["٣", "３", "१२", "٣.٥", "1٣", "߃", "৩"]


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_kpi_record_refuses_digits_of_other_scripts(run, db, mrr, value):
    result = run("kpi", "record", "mrr", value)
    result.assert_bad_input()
    assert "must be a number" in result.err
    assert db.read_bytes() == mrr


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_kr_checkin_and_kpi_add_refuse_digits_of_other_scripts(run, db, value):
    run.add("objective", "add", "Grow")
    run.add("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100")
    before = db.read_bytes()
    run("kr", "checkin", "KR-1", value).assert_bad_input()
    run("kr", "checkin", "KR-1", "5", "--confidence", value).assert_bad_input()
    run("kpi", "add", "NPS", "--target", value).assert_bad_input()
    run("kr", "add", "O-1", "X", "--start", "0", "--target", value).assert_bad_input()
    assert db.read_bytes() == before


def test_an_import_row_with_other_digits_is_refused_naming_the_row(run, db, mrr):
    result = run("kpi", "import", "-", input="kpi,date,value\nmrr,2026-11-01,160000\nmrr,2026-11-02,١٦٠٠٠٠\n")
    result.assert_bad_input()
    assert "row 3, column value" in result.err
    assert db.read_bytes() == mrr


@pytest.mark.parametrize(
    "args",
    [
        ("kpi", "record", "mrr", "5", "--date", "٢٠٢٦-١١-٠١"),
        ("status", "--period", "٢٠٢٦-Q4"),
        ("kr", "checkin", "KR-٣", "5"),
        ("kpi", "record", "K-١", "5"),
    ],
)
def test_dates_periods_and_ids_refuse_digits_of_other_scripts(run, db, mrr, args):
    run(*args).assert_bad_input()
    assert db.read_bytes() == mrr


def test_the_same_kpi_and_date_twice_in_one_import_names_both_rows(run, db, mrr):
    rows = "kpi,date,value\nmrr,2026-11-01,160000\nchurn,2026-11-01,2\nmrr,2026-11-01,161000\n"
    result = run("kpi", "import", "-", input=rows)
    result.assert_bad_input()
    assert result.err == "okrtui: rows 2 and 4: mrr has two values for 2026-11-01 (one row per KPI and date)\n"
    assert db.read_bytes() == mrr


def test_a_duplicate_by_id_and_key_with_the_same_value_is_still_a_duplicate(run, db, mrr):
    rows = "kpi,date,value\nK-1,2026-11-01,160000\nmrr,2026-11-01,160000\n"
    result = run("kpi", "import", "-", input=rows)
    result.assert_bad_input()
    assert "rows 2 and 3" in result.err
    assert db.read_bytes() == mrr


def test_a_duplicate_in_a_json_import_names_both_rows(run, db, mrr):
    rows = '[{"kpi": "mrr", "date": "2026-11-01", "value": 1}, {"kpi": "MRR", "date": "2026-11-01", "value": 2}]'
    result = run("kpi", "import", "-", "--format", "json", input=rows)
    result.assert_bad_input()
    assert "rows 1 and 2" in result.err
    assert db.read_bytes() == mrr


def test_an_old_key_shaped_like_an_id_names_the_same_kpi_in_record_and_import(run, db, mrr):
    """A file from before keys like k-1 were refused: K-2's key is k-1. Both paths take k-1 as the id K-1 (mrr)."""
    data = json.loads(db.read_text())
    data["kpis"]["2"]["key"] = "k-1"
    db.write_text(json.dumps(data))
    run.ok("kpi", "record", "k-1", "5", "--date", "2026-11-02")
    run.ok("kpi", "import", "-", input="kpi,date,value\nk-1,2026-11-03,6\n")
    assert history(run, "mrr")[-2:] == [{"date": "2026-11-02", "value": 5}, {"date": "2026-11-03", "value": 6}]
    assert history(run, "K-2") == []
