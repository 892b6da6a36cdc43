"""The data file's life (reads don't create it, the first write does) and human output (colour, escapes)."""

from __future__ import annotations

import json

import pytest

ESC = "\x1b"


@pytest.fixture
def nested(tmp_path):
    """A data file two folders down, none of which exist yet."""
    return tmp_path / "team" / "okrs" / "okrtui.json"


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "--json"),
        ("status", "--check"),
        ("objective", "list"),
        ("objective", "list", "--json"),
        ("kpi", "list"),
        ("kpi", "list", "--json"),
        ("initiative", "list"),
    ],
    ids=" ".join,
)
def test_read_commands_do_not_create_a_missing_file(run, nested, args):
    result = run(*args, db=nested)
    assert result.code == 0, result.err
    assert not nested.exists()
    assert not nested.parent.exists()


def test_read_commands_on_a_missing_file_show_nothing(run, nested):
    assert run("objective", "list", "--json", db=nested).json == []
    assert run("kpi", "list", "--json", db=nested).json == []
    status = run("status", "--json", db=nested).json
    assert (status["period"], status["objectives"], status["kpis"]) == ("2026-Q4", [], [])


def test_the_first_write_creates_the_file_and_its_folder(run, nested):
    run("status", db=nested)
    assert not nested.exists()
    assert run("objective", "add", "First", db=nested).out == "O-1\n"
    assert nested.is_file()
    assert isinstance(json.loads(nested.read_bytes()), dict)
    assert [o["title"] for o in run.ok("objective", "list", "--json", db=nested).json] == ["First"]


def test_the_first_kpi_write_creates_the_file(run, nested):
    assert run("kpi", "add", "NPS", "--target", "40", db=nested).out == "K-1\n"
    assert nested.is_file()


def test_init_creates_the_folder(run, nested):
    assert run("init", db=nested).code == 0
    assert nested.is_file()


def test_the_data_file_from_the_environment(run, nested):
    assert run("objective", "add", "Via env", db=None, env={"OKRTUI_DB": str(nested)}).out == "O-1\n"
    assert nested.is_file()
    assert [o["title"] for o in run.ok("objective", "list", "--json", db=nested).json] == ["Via env"]


def test_db_option_wins_over_the_environment(run, db, nested):
    run.ok("objective", "add", "Option", env={"OKRTUI_DB": str(nested)})
    assert db.is_file()
    assert not nested.exists()


# -- human output ------------------------------------------------------------------------------------------------------


@pytest.fixture
def colourful(run):
    """Data whose human output has statuses and health to colour."""
    run.add("objective", "add", "Grow", "--owner", "alice")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", "KR-1", "1")
    run.add("kpi", "add", "NPS", "--key", "nps", "--target", "40", "--warn", "30")
    run.ok("kpi", "record", "nps", "20", "--date", "2026-11-20")


HUMAN_COMMANDS = [
    ("status",),
    ("status", "--check"),
    ("objective", "list"),
    ("objective", "show", "O-1"),
    ("kr", "show", "KR-1"),
    ("kpi", "list"),
    ("kpi", "show", "nps"),
]


def test_a_terminal_gets_colour(run, colourful):
    # the control for the tests below: with a colour terminal the status output is coloured
    assert ESC in run.ok("status", color=True).out


@pytest.mark.parametrize("args", HUMAN_COMMANDS, ids=" ".join)
def test_no_color_means_no_escapes_even_on_a_terminal(run, colourful, args):
    result = run(*args, color=True, env={"NO_COLOR": "1"})
    assert result.code in (0, 3), result.err
    assert result.out
    assert ESC not in result.out


@pytest.mark.parametrize("args", HUMAN_COMMANDS, ids=" ".join)
def test_piped_output_has_no_escapes(run, colourful, args):
    result = run(*args, color=False)
    assert result.code in (0, 3), result.err
    assert result.out
    assert ESC not in result.out


@pytest.fixture
def hostile(run):
    """Records whose text holds a terminal escape that would clear the screen."""
    run.add("objective", "add", "Evil \x1b[2J title", "--owner", "mallory\x1b[31m")
    run.add("kr", "add", "O-1", "Sneaky \x1b[2J KR", "--start", "0", "--target", "10", "--unit", "d\x1b[1m")
    # 1 of 10 by 2026-11-22 is off-track (gap 0.5714 - 0.1 > 0.30), so `status --check` lists it too
    run.ok("--as", "eve\x1b[5m", "kr", "checkin", "KR-1", "1", "--note", "note \x1b[2J here")
    run.add("kpi", "add", "Bad \x1b[2J KPI", "--key", "bad", "--target", "1")
    run.ok("kpi", "record", "bad", "2", "--date", "2026-11-20")


@pytest.mark.parametrize(
    "args",
    [*HUMAN_COMMANDS[:4], ("kr", "show", "KR-1"), ("kpi", "list"), ("kpi", "show", "bad")],
    ids=" ".join,
)
def test_a_title_with_an_escape_is_printed_escaped(run, hostile, args):
    result = run(*args)
    assert result.code in (0, 3), result.err
    assert ESC not in result.out
    assert "\\x1b[2J" in result.out


@pytest.mark.parametrize("args", [("status",), ("objective", "show", "O-1"), ("kr", "show", "KR-1")], ids=" ".join)
def test_escapes_are_escaped_even_when_colour_is_on(run, hostile, args):
    result = run(*args, color=True)
    assert "\x1b[2J" not in result.out
    assert "\\x1b[2J" in result.out


def test_json_keeps_the_text_as_it_was_typed(run, hostile):
    shown = run.ok("objective", "show", "O-1", "--json")
    assert ESC not in shown.out  # JSON escapes control characters itself
    assert shown.json["title"] == "Evil \x1b[2J title"


def test_an_error_naming_hostile_text_is_one_escaped_line(run, hostile):
    result = run("kr", "checkin", "KR-1", "4\x1b[2J\nokrtui: fake second line")
    result.assert_bad_input()
    assert ESC not in result.err


def test_a_corrupt_file_exits_1_names_it_and_is_left_alone(run, db):
    db.write_text('{\n  "meta": {\n    "1": {"schema_version": 1,,}\n  }\n}\n', encoding="utf-8")
    before = db.read_bytes()
    for args in (("status",), ("objective", "add", "X"), ("kpi", "record", "mrr", "5")):
        result = run(*args)
        result.assert_failed(1)
        assert str(db) in result.err or db.name in result.err
        assert "line 3" in result.err, result.err
        assert db.read_bytes() == before
