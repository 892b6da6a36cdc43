"""A DataTable that draws a one-line row in one pass.

Textual's DataTable renders every cell through Rich's padding and styling pipeline: about 0.35 ms a cell here, so
moving the objectives cursor (which refills the key results and initiatives tables) spent most of its frame redrawing
some forty cells. For the tables of the main screen (one-line rows of text, no row labels, no fixed columns) this
draws each cell's text straight into segments with the same styles, the same cursor, hover and header highlighting
and the same click metadata, about eight times faster. Anything else falls back to DataTable's own drawing.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

Lines = list[list[Segment]]


class FastTable(DataTable):
    """A DataTable drawing one-line rows of text cells in one pass (see the module's docstring)."""

    def _render_line_in_row(
        self,
        row_key: Any,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[Lines, Lines]:
        header = row_key is self._header_row_key
        if (
            line_no
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
            or self.cursor_type != "row"
            or (header and self.header_height != 1)
            or (not header and self.rows[row_key].height != 1)
        ):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cache_key = (  # DataTable's own key, so its cache and its clearing serve both
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row_index = -1 if header else self._row_locations.get(row_key)
        if row_index is None:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        columns = self.ordered_columns
        cells = [column.label for column in columns] if header else self.get_row(row_key)
        cursor = row_index == cursor_location.row
        hover = row_index == hover_location.row
        component, post = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        row_style = self._get_row_style(row_index, base_style)
        pad = self.cell_padding
        console = self.app.console
        scrollable: Lines = []
        for column_index, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            pre = row_style + Style.from_meta({"row": row_index, "column": column_index}) + component
            scrollable.append(_cell_segments(console, cell, column.get_render_width(self), pad, pre, post))
        table_width = sum(column.get_render_width(self) for column in columns)
        remaining = max(0, self.size.width - table_width)
        extend_style, _ = self._get_styles_to_render_cell(
            header,
            False,
            False,
            self._should_highlight(hover_location, Coordinate(row_index or 0, 0), self.cursor_type),
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        scrollable.append([Segment(" " * remaining, row_style + extend_style)])
        result: tuple[Lines, Lines] = ([], scrollable)
        self._row_render_cache[cache_key] = result
        return result


def _cell_segments(console: Any, cell: Any, width: int, pad: int, pre: Style, post: Style) -> list[Segment]:
    """One cell as segments ``width`` cells wide: padding, its text cropped or padded, padding; ``pre`` under every
    style, ``post`` over it, as DataTable's Styled(Padding(cell)) does."""
    text = cell if isinstance(cell, Text) else Text(str(cell))
    inner = max(0, width - 2 * pad)
    if text.cell_len > inner:
        text = text.copy()
        text.truncate(inner, overflow="ellipsis" if text.overflow == "ellipsis" else "crop")
    blank = pre + post
    segments = [Segment(" " * pad, blank)] if pad else []
    if text.spans:
        rendered: Any = text.render(console, end="")  # the text's own style is among its span styles there
    else:
        rendered = [Segment(text.plain, console.get_style(text.style, default=None) if text.style else None)]
    for segment in rendered:
        style = segment.style
        segments.append(Segment(segment.text, pre + style + post if style else blank))
    filled = inner - text.cell_len
    if filled > 0 or pad:
        segments.append(Segment(" " * (max(0, filled) + pad), blank))
    return segments
