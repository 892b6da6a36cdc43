"""The tables of the details screens: a heading with a count over a table of related records or check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from okrtui.tui.widgets.panes import VI_KEYS
from okrtui.tui.widgets.text import cells

Column = tuple[str, int | None]
"""A table column's label and fixed width (None: as wide as its content)."""


class DetailTable(DataTable):
    """A table of related records or check-ins; rows grow to fit wrapped text, enter opens the record under it."""

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS

    def __init__(self, columns: Sequence[Column], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.column_specs = tuple(columns)

    def add_columns_once(self) -> None:
        """The columns, added on first use (the screen may draw before this table's own mount handler ran)."""
        if not self.columns:
            for label, width in self.column_specs:
                self.add_column(label, width=width)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw (key, cells) rows, keeping the cursor on the same row number."""
        self.add_columns_once()
        cursor = self.cursor_row
        self.clear()
        for key, row in rows:
            # height None: a cell with two lines (or a long note in a fixed-width column) gets the rows it needs.
            self.add_row(*cells(row), key=key, height=None)  # plain text: user text is never markup
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)


class Section(Vertical):
    """A heading with a count and a table; with no rows the heading says so and the table hides."""

    def __init__(self, title: str, columns: Sequence[Column], empty: str, **kwargs: Any) -> None:
        super().__init__(classes="section part", **kwargs)
        self.title_text, self.table_columns, self.empty_text = title, columns, empty

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), classes="details-heading")
        yield DetailTable(self.table_columns)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw the rows and the count in the heading."""
        title = f"{self.title_text} ({len(rows)})" if rows else f"{self.title_text}: {self.empty_text}"
        self.query_one(Static).update(Text(title, style="bold"))
        table = self.query_one(DetailTable)
        table.set_class(not rows, "-empty")
        table.show(rows)
