"""``echo_json`` writes a KPI history straight from its stored map: the bytes must be exactly orjson's for the same
document with the history as a list of ``{date, value}`` dicts, wherever it sits in the document."""

from __future__ import annotations

import orjson
import pytest

from okrtui.cli.output import display_width, echo_json
from okrtui.services.views import HistoryRows

HISTORY = {
    "2024-02-29": 1,
    "2024-03-01": -2.5,
    "2024-03-02": 1e-7,
    "2024-03-03": 1e15,
    "2024-03-04": -1e15,
    "2024-03-05": 0.1 + 0.2,
    "2024-03-06": 0,
    "2024-03-07": 123456789012345,
    "2024-03-08": 1e-300,
}


def as_list(history: dict, count: int | None = None) -> list[dict]:
    """The rows as the old code built them."""
    items = list(history.items())[:count]
    return [{"date": day, "value": value} for day, value in items]


@pytest.mark.parametrize("count", [len(HISTORY), 3, 1, 0])
def test_a_view_at_the_top_prints_as_a_list_of_dicts(capsysbinary, count):
    echo_json({"key": "mrr", "history": HistoryRows(HISTORY, count), "zzz": [1, {"a": None}]})
    expected = {"key": "mrr", "history": as_list(HISTORY, count), "zzz": [1, {"a": None}]}
    assert capsysbinary.readouterr().out == orjson.dumps(expected, option=orjson.OPT_INDENT_2) + b"\n"


def test_views_nested_in_a_list_in_a_document_print_as_lists_of_dicts(capsysbinary):
    second = {"2026-01-01": 5.5}
    echo_json(
        {
            "kpis": [
                {"history": HistoryRows(HISTORY, len(HISTORY)), "name": "a"},
                {"history": HistoryRows(second, 1), "name": 'say "hi", x\u0000'},
                {"history": HistoryRows({}, 0)},
            ],
            "today": "2026-11-22",
        }
    )
    expected = {
        "kpis": [
            {"history": as_list(HISTORY), "name": "a"},
            {"history": as_list(second), "name": 'say "hi", x\u0000'},
            {"history": []},
        ],
        "today": "2026-11-22",
    }
    assert capsysbinary.readouterr().out == orjson.dumps(expected, option=orjson.OPT_INDENT_2) + b"\n"


def test_a_list_of_views_prints_as_a_list(capsysbinary):
    echo_json([{"history": HistoryRows(HISTORY, 4)}, {"history": HistoryRows(HISTORY, 2)}])
    expected = [{"history": as_list(HISTORY, 4)}, {"history": as_list(HISTORY, 2)}]
    assert capsysbinary.readouterr().out == orjson.dumps(expected, option=orjson.OPT_INDENT_2) + b"\n"


def test_history_rows_read_like_the_list():
    rows = HistoryRows(HISTORY, 5)
    expected = as_list(HISTORY, 5)
    assert (len(rows), list(rows), rows[0], rows[-1], rows[1:3]) == (
        5,
        expected,
        expected[0],
        expected[-1],
        expected[1:3],
    )
    assert rows == expected
    with pytest.raises(IndexError):
        rows[5]


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("", 0), ("\x1b[31mred\x1b[0m", 3), ("日本", 4), ("é", 1), ("e\u0301", 1), ("cafe\u0301 日", 7)],
)
def test_display_width(text, width):
    assert display_width(text) == width
