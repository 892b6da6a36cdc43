"""The cell and text escapes of the exports (issue 9, item 10), one input at a time."""

from __future__ import annotations

import pytest

from okrtui.services.reviews import md, spreadsheet_cell


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-", "'-"),
        ("--x", "'--x"),
        ("-3.5", "-3.5"),
        ("+2", "+2"),
        ("-1e-05", "-1e-05"),
        ("-.5", "-.5"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        ("O-1", "O-1"),
        (-3.5, -3.5),
        (0, 0),
        (None, None),
    ],
)
def test_spreadsheet_cell(cell, expected):
    assert spreadsheet_cell(cell) == expected


def test_spreadsheet_cell_keeps_numbers_of_their_type():
    assert type(spreadsheet_cell(-3.5)) is float and type(spreadsheet_cell(-2)) is int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grow revenue 20% in EMEA", "Grow revenue 20% in EMEA"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("![a](b)", "\\!\\[a\\]\\(b\\)"),
        ("`code` *em* _em_ ~~s~~ a|b", "\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~ a\\|b"),
        ("back\\slash", "back\\\\slash"),
        ("# h", "\\# h"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("a # b - c", "a # b - c"),
        ("2026 plan", "2026 plan"),
        ("two\nlines", "two lines"),
        ("bell\x07", "bell\\\\x07"),
    ],
)
def test_md(text, expected):
    assert md(text) == expected
