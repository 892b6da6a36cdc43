"""Lines of text the screens share: labelled fields, progress against pace, a key result's standing, cut titles.

User text goes in as plain text (``rich.text.Text`` or ``safe``), never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from okrtui.formatting import NO_PROGRESS, colour, percent, progress_cell, safe
from okrtui.services.view_models import KrView, ObjectiveView
from okrtui.tui.widgets.panes import status_text

SEPARATOR = "  ·  "
TITLE_WIDTH = 40
"""Text in tables is cut here so every column fits 80 columns; enter opens the full record."""


def fields_line(pairs: Iterable[tuple[str, Any]]) -> Text:
    """``Owner alice  ·  Team Sales``: dim labels, plain values; empty values are left out."""
    line = Text()
    for label, value in pairs:
        if value in (None, ""):
            continue
        if line:
            line.append(SEPARATOR, style="dim")
        line.append(f"{label} ", style="dim")
        line.append(value if isinstance(value, Text) else safe(value))
    return line


def progress_line(view: ObjectiveView | KrView) -> Text:
    """``████████░░░░ 61%  ·  expected 57% by today  ·  ● on-track`` from a scored view; ``status only  ·  ● on-track``
    for an objective without progress (its key results all weigh 0)."""
    if view.progress is None:
        line = Text(f"{NO_PROGRESS} (its key results all weigh 0)", style="dim")
        return line + Text(SEPARATOR, style="dim") + status_text(view.status)
    line = Text(progress_cell(view.progress, 20), style=colour(view.status))
    line.append(f"{SEPARATOR}expected {percent(view.expected).strip()} by today", style="dim")
    line.append(SEPARATOR, style="dim")
    return line + status_text(view.status)


def join_lines(lines: Iterable[Text | str]) -> Text:
    """Lines of text as one block, skipping empty ones."""
    return Text("\n").join(line if isinstance(line, Text) else Text(line) for line in lines if line)


def cut(text: str, width: int = TITLE_WIDTH) -> str:
    """User text made safe and cut to ``width`` terminal cells with an ellipsis (a wide character takes two cells, a
    combining accent none)."""
    text = safe(text)
    return text if cell_len(text) <= width else set_cell_size(text, width - 1).rstrip(" ") + "…"


def kr_standing(view: KrView) -> list[Text]:
    """Progress against the expected pace, or for a maintain result whether it keeps its bound; and the status."""
    if view.is_maintain:
        # A guard has no pace: it is either within its bound or not, so a progress bar would only mislead.
        kept = view.progress >= 1
        bound = "in bounds" if kept else ("no check-in yet" if view.current is None else "out of bounds")
        line = Text(f"Now {bound}", style="green" if kept else "red")
        return [line + Text(SEPARATOR, style="dim") + status_text(view.status)]
    points = round((view.progress - view.expected) * 100)
    if points == 0:
        pace = "On the expected pace"
    else:
        pace = f"{abs(points)} points {'ahead of' if points > 0 else 'behind'} the expected pace"
    return [progress_line(view), Text(pace, style="dim")]
