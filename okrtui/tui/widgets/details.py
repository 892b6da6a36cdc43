"""The tables of the details screens: a heading with a count over a table of related records or check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from okrtui.tui.widgets.panes import VI_KEYS
from okrtui.tui.widgets.text import cells

Column = tuple[str, int | None]
"""A table column's label and fixed width (None: as wide as its content); the stretched column's least width."""


def text_width(value: Any) -> int:
    """The cells the widest line of a cell's text takes."""
    plain = value.plain if isinstance(value, Text) else str(value)
    return max(cell_len(line) for line in plain.split("\n"))


def one_line(value: Any) -> Text:
    """A cell drawn one line per line of its text, cut at its end with an ellipsis when the column is narrower."""
    text = value.copy() if isinstance(value, Text) else Text(str(value), end="")
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class DetailTable(DataTable):
    """A table of related records or check-ins; rows grow to fit wrapped text, enter opens the record under it.

    The column ``stretch`` (a title, a note) takes the width the others leave, so nothing is cut while columns stay
    empty: its text is cut at its end with an ellipsis, or wrapped onto more lines with ``cut=False``. With
    ``one_line`` every row is one line high (a long list of short values): no row is measured for its height.
    """

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        stretch: int | None = None,
        cut: bool = True,
        one_line: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.column_specs = tuple(columns)
        self.stretch, self.cut, self.one_line = stretch, cut, one_line
        self.shown_rows: Sequence[tuple[str, Sequence[Any]]] = ()
        """The rows drawn last, drawn again when a new width changes the stretched column's."""
        self.stretch_width: int | None = None

    def add_columns_once(self) -> None:
        """The columns, added on first use (the screen may draw before this table's own mount handler ran)."""
        if not self.columns:
            for label, width in self.column_specs:
                self.add_column(label, width=width)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw (key, cells) rows, keeping the cursor on the same row number."""
        self.add_columns_once()
        self.shown_rows = rows
        cursor = self.cursor_row
        self.clear()
        self._fit_stretch(rows)
        height = 1 if self.one_line else None
        for key, row in rows:
            shown = cells(row, wrap=not self.one_line)  # plain text: user text is never markup
            if self.stretch is not None and self.cut:
                shown[self.stretch] = one_line(shown[self.stretch])
            # height None: a cell with two lines (or a long note in a fixed-width column) gets the rows it needs.
            self.add_row(*shown, key=key, height=height)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self.stretch is not None and self.shown_rows and self._free_width(self.shown_rows) != self.stretch_width:
            self.show(self.shown_rows)

    def _fit_stretch(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Give the stretched column the width the other columns leave (their content's or their fixed width)."""
        if self.stretch is None:
            return
        self.stretch_width = self._free_width(rows)
        column = self.ordered_columns[self.stretch]
        column.auto_width, column.width = False, self.stretch_width

    def _free_width(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> int:
        """The width the stretched column gets: what the others leave of the table's, at least its least width."""
        assert self.stretch is not None
        padding = 2 * self.cell_padding
        taken = padding
        for index, (label, width) in enumerate(self.column_specs):
            if index != self.stretch:
                content = [text_width(row[index]) for _, row in rows]
                taken += padding + (width or max([cell_len(label), *content]))
        label, least = self.column_specs[self.stretch]
        return max(least or cell_len(label), self.scrollable_content_region.width - taken)


class Section(Vertical):
    """A heading with a count and a table; with no rows the heading says so and the table hides."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        empty: str,
        *,
        stretch: int | None = None,
        cut: bool = True,
        one_line: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(classes="section part", **kwargs)
        self.title_text, self.table_columns, self.empty_text = title, columns, empty
        self.stretch, self.cut, self.one_line = stretch, cut, one_line

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), classes="details-heading")
        yield DetailTable(self.table_columns, stretch=self.stretch, cut=self.cut, one_line=self.one_line)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw the rows and the count in the heading."""
        title = f"{self.title_text} ({len(rows)})" if rows else f"{self.title_text}: {self.empty_text}"
        self.query_one(Static).update(Text(title, style="bold"))
        table = self.query_one(DetailTable)
        table.set_class(not rows, "-empty")
        table.show(rows)
