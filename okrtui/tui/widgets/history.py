"""The journal on screen: a change as table cells, a change in full, and the History section of a details screen.

Every text here comes from the journal, which holds user text (titles, notes, names): it is escaped by
``formatting.change_summary`` / ``change_text`` / ``safe`` and always shown as plain ``Text``, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from okrtui.formatting import change_summary, change_text, safe
from okrtui.tui.widgets.details import Column, Section
from okrtui.tui.widgets.lines import cut, join_lines

WHO_WIDTH = 10
"""Columns of the person's name in a history row."""
SHOWN_IN_DETAILS = 8
"""The newest changes a details screen lists; the History screen (H) has them all."""
VALUE_WIDTH = 60
"""Columns of a value in a change's full view; longer ones end in an ellipsis."""


def when_text(entry: dict) -> str:
    """``2026-11-20 09:14`` (UTC), as ``okrtui log`` prints it."""
    return safe(str(entry.get("at", ""))[:16].replace("T", " "))


def dated_note(entry: dict) -> str:
    """`` (as of 2026-11-03)`` for a back-dated change (``--today``), else nothing."""
    day = str(entry.get("day", ""))
    return f" (as of {safe(day)})" if day and day != str(entry.get("at", ""))[:10] else ""


def change_cells(entry: dict, what_width: int) -> list[Any]:
    """Cells of one change on one line: id, when, who, what it did (cut to ``what_width``)."""
    return [
        safe(entry.get("id")),
        when_text(entry),
        cut(str(entry.get("by", "")), WHO_WIDTH),
        cut(change_summary(entry) + dated_note(entry), what_width),
    ]


def change_details(entry: dict) -> Text:
    """A change in full: when, who, from where, and every field's value before → after."""
    head = Text(f"{safe(entry.get('id'))}  {when_text(entry)} UTC  by {safe(entry.get('by'))}", style="bold")
    lines: list[Text | str] = [
        head,
        Text(f"from {safe(entry.get('command'))}; takes effect on {safe(entry.get('day'))}", style="dim"),
    ]
    if entry.get("undoes"):
        lines.append(Text(f"undoes {safe(entry['undoes'])}", style="dim"))
    if entry.get("restored"):
        lines.append(Text(f"restores {safe(entry['restored'])}", style="dim"))
    if "rows" in entry:
        lines.append(Text(f"an import of {entry['rows']:,} rows", style="dim"))
    changes = entry.get("changes", [])
    worth = [change for change in changes if change.get("field") != "earlier_targets"] or changes  # the target says it
    for change in worth:
        lines.append(Text(change_text(change)))
        fields = field_lines(change.get("before"), change.get("after"))
        lines.extend(Text(f"    {line}", style="dim") for line in fields)
    return join_lines(lines)


def field_lines(before: Any, after: Any) -> list[str]:
    """The fields of a record or check-in that changed, made or went, one ``name: before → after`` each (a plain
    value's change is already said by ``change_text``)."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        return []
    old, new = (before if isinstance(before, dict) else {}), (after if isinstance(after, dict) else {})
    lines = []
    for name in sorted(old.keys() | new.keys()):
        if name in old and name in new and old[name] == new[name]:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            lines.append(f"{safe(name)}: {value_text(old.get(name))} → {value_text(new.get(name))}")
        else:
            lines.append(f"{safe(name)}: {value_text(new.get(name, old.get(name)))}")
    return lines


def value_text(value: Any) -> str:
    """A stored value in a few words: ``–`` for none, a count for a long list or table, else the value cut short."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | dict) and len(value) > 3:
        return f"{len(value):,} {'entries' if isinstance(value, dict) else 'items'}"
    return cut(str(value), VALUE_WIDTH)


HISTORY_COLUMNS_FIXED = 6 + 16 + WHO_WIDTH + 4 * 2 + 4
"""The columns a history table spends before its "what" column: id, when, who, the cells' padding, the margins."""


def history_columns(width: int) -> tuple[Column, ...]:
    """The History section's columns for a screen ``width`` wide; "what" wraps in what is left (at least 24)."""
    return (("Change", None), ("When (UTC)", None), ("Who", None), ("What", max(24, width - HISTORY_COLUMNS_FIXED)))


class HistorySection(Section):
    """A details screen's "History": the record's newest changes; enter on one shows it in full."""

    def __init__(self, width: int, **kwargs: Any) -> None:
        super().__init__("History, newest first", history_columns(width), "no changes journaled", **kwargs)
        self.what_width = history_columns(width)[-1][1] or 24

    def show_log(self, entries: Sequence[dict], problems: Sequence[str]) -> None:
        """The newest changes of ``entries`` (newest first); the heading counts them all and names a damaged
        journal."""
        shown = entries[:SHOWN_IN_DETAILS]
        rows = [(f"_change-{safe(entry.get('id'))}", detail_cells(entry)) for entry in shown]
        self.show(rows)
        if len(entries) > len(shown):
            title = f"{self.title_text} ({len(shown)} of {len(entries)}; H lists them all)"
        else:
            title = f"{self.title_text} ({len(entries)})" if entries else f"{self.title_text}: {self.empty_text}"
        heading = Text(title, style="bold")
        if problems:
            heading.append(f"\n⚠ {safe(problems[0])}", style="yellow")
        self.query_one(".details-heading", Static).update(heading)


def detail_cells(entry: dict) -> list[Any]:
    """Cells of a change in a details screen's History: the "what" column wraps instead of being cut."""
    return [
        safe(entry.get("id")),
        when_text(entry),
        cut(str(entry.get("by", "")), WHO_WIDTH),
        change_summary(entry) + dated_note(entry),
    ]
