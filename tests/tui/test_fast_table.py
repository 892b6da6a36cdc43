"""FastTable draws exactly what Textual's DataTable draws, only faster: the same screen, cell for cell and style for
style, for the tables of the main screen (text cells, a row cursor), focused or not, with the cursor and the mouse
anywhere, wider than the screen and scrolled sideways."""

from __future__ import annotations

import re

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Button, DataTable

from okrtui.tui.widgets.fast_table import FastTable

ROWS = [
    ("KR-1", Text("██████ 100%", style="green"), Text("● on-track", style="bold green"), "Ship the importer"),
    ("KR-2", Text("██░░░░  33%", style="yellow"), Text("▲ at-risk", style="yellow"), Text("[not markup] ⇢ mrr")),
    ("KR-3", Text("░░░░░░   0%", style="red"), Text.assemble(("✖ ", "red"), ("off-track", "italic")), "终端 wide"),
    ("KR-4", "", "", "A title long enough to run past the right edge of a narrow screen, and then some more"),
]


class OneTable(App):
    """A table of those rows, above a button that can take the focus from it."""

    CSS = "DataTable { height: 7; }"

    def __init__(self, kind: type[DataTable]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(cursor_type="row")
        yield Button("elsewhere")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("KR", "Progress", "Status", "Title")
        for row in ROWS:
            table.add_row(*row, key=row[0])


def screen_text(app: App) -> list[str]:
    """Every text run and background on screen with its resolved style and place (SVG class names differ per run)."""
    svg = app.export_screenshot()
    styles = dict(re.findall(r"\.(terminal-\d+-r\d+) \{ ([^}]*)\}", svg))
    texts = re.findall(r'<text class="([^"]+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    rects = re.findall(r'<rect fill="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', svg)
    return [f"{y} {x} {styles.get(css, '')} {text}" for css, x, y, text in texts] + [
        f"rect {y} {x} {width} {fill}" for fill, x, y, width in rects
    ]


STEPS = [
    [],
    ["hover"],
    ["down", "down"],
    ["down", "right", "right", "right"],
    ["tab"],
]
"""Focused at the first row; the mouse over the third; the cursor two rows down; at the last row and (when the
table is wider than the screen) scrolled sideways; the focus elsewhere."""


async def screens(kind: type[DataTable], size: tuple[int, int]) -> list[list[str]]:
    app = OneTable(kind)
    shown = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for step in STEPS:
            for key in step:
                if key == "hover":
                    await pilot.hover(DataTable, offset=(3, 3))
                else:
                    await pilot.press(key)
            await pilot.pause()
            shown.append(screen_text(app))
    return shown


@pytest.mark.parametrize("size", [(50, 12), (120, 12)], ids=["narrow", "wide"])
async def test_fast_table_draws_what_data_table_draws(size):
    fast, plain = await screens(FastTable, size), await screens(DataTable, size)
    assert any("KR-3" in line for line in fast[0]), "the comparison sees the table"
    assert len({tuple(screen) for screen in plain}) == len(STEPS), "every step changes the screen"
    for step, (mine, theirs) in enumerate(zip(fast, plain, strict=True)):
        assert mine == theirs, f"after step {step}: {STEPS[step]}"


async def test_a_click_on_a_row_moves_the_cursor_there():
    """The cells carry DataTable's click metadata (row and column), which a screenshot doesn't show."""
    app = OneTable(FastTable)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.cursor_row == 0
        await pilot.click(DataTable, offset=(3, 3))  # the header is line 0: line 3 is the third row
        await pilot.pause()
        assert table.cursor_row == 2
