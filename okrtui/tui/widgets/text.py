"""User text on screen is data, never markup: a title may hold ``[/var/log]`` or ``[@click=app.quit]go[/]``.

Textual and Rich read a ``str`` handed to a table cell, a border title, a Static, a Label or a notification as markup:
a stray closing tag crashes the app, a ``[@click=...]`` runs an action. Everything that may carry user text goes
through these helpers (or is built as ``rich.text.Text``), which never parse markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from okrtui.formatting import safe


def plain(value: Any, style: str = "") -> Text:
    """User text as ``Text``: shown character for character, control characters escaped (see ``formatting.safe``)."""
    return Text(safe(value), style=style)


def cell(value: Any, *, wrap: bool = True) -> Any:
    """A table cell that is never read as markup: a ``str`` becomes plain ``Text`` (laid out as the table lays out a
    ``str``: ``wrap=False`` for one-line rows); any other renderable is kept as it is."""
    if isinstance(value, str):
        return Text(safe(value), end="", no_wrap=None if wrap else True)
    return value


def cells(values: Iterable[Any], *, wrap: bool = True) -> list[Any]:
    """A row of cells, each through :func:`cell`."""
    return [cell(value, wrap=wrap) for value in values]


def set_border_title(widget: Widget, title: str) -> None:
    """Give ``widget`` a plain-text border title; an unchanged title is not set again (that would repaint)."""
    content = Content(title)
    if widget.border_title != content.markup:
        widget.border_title = content
