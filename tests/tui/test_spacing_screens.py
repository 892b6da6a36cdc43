"""Nothing glued together on the screens of the demo: a progress bar and its percent (``██████ 100%``), a KPI key or
a record id and the mark after it (``first-response ▲ amber``), at 80 and 120 columns."""

from __future__ import annotations

import html
import re

import pytest

GLUED = re.compile(r"█\d|[\w-][●▲✖◌○✔✘⊘]")
"""A bar run into a number, or a word run into a status or health mark."""
CELL = 12.2
"""The width of a cell in the app's SVG screenshot (Rich: 0.61 × its font size of 20)."""


def screen_lines(app) -> list[str]:
    """The screen as lines of text, each piece at its own column: the screenshot leaves out a piece that is only
    spaces, so pieces are placed by their x, not joined."""
    pieces = re.findall(r'<text [^>]*?x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>', app.export_screenshot())
    left = min(float(x) for x, _, _ in pieces)
    lines: dict[float, list[str]] = {}
    for x, y, text in pieces:
        line = lines.setdefault(float(y), [])
        column = round((float(x) - left) / CELL)
        line.extend(" " * (column - len(line)))
        line[column:] = list(html.unescape(text).replace("\xa0", " "))
    return ["".join(line) for _, line in sorted(lines.items())]


SCREENS = [("Objectives", None), ("Dashboard", "g"), ("Balanced scorecard", "p"), ("Due", "u")]
"""(a word on the screen once it is drawn, the key that opens it from the main screen)"""


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_no_screen_glues_a_word_to_a_mark_or_a_bar_to_its_percent(demo_file, app_for, ui, size):
    app = app_for(demo_file)
    glued = {}
    async with app.run_test(size=size) as pilot:
        await ui.settle(pilot)
        for name, key in SCREENS:
            if key:
                await pilot.press(key)
                await ui.settle(pilot)
            lines = screen_lines(app)
            assert name in "".join(lines), (name, lines)
            glued[name] = [line for line in lines if GLUED.search(line)]
            if key:
                await pilot.press("escape")
                await pilot.pause()
    assert glued == {name: [] for name, _ in SCREENS}


async def test_the_scorecard_keeps_a_space_after_a_long_kpi_key(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("p")
        await ui.settle(pilot)
        text = "\n".join(screen_lines(app))
    assert re.search(r"first-response +▲ amber", text), text
