"""The end of a weekly check-in: what changed since the last check-in, what was skipped, and what needs attention.

It redraws whenever the data file changes, so an entry whose save was still on its way when the session stopped
shows up as soon as it is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from okrtui.domain.scoring import needs_attention
from okrtui.formatting import colour, percent, value_text
from okrtui.services.views import Dataset, Scorer, objectives_in, tree_order
from okrtui.tui.base import LiveScreen
from okrtui.tui.session_log import SessionLog, describe
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.lines import cut
from okrtui.tui.widgets.panes import status_text
from okrtui.tui.widgets.text import cells

TITLE_WIDTH = 40
"""Titles are cut here on wide screens; on narrow ones the title column gives way to the others."""


class CheckInSummary(LiveScreen[None]):
    """What a check-in session saved and skipped, and the at-risk and off-track key results in its scope now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="summary.close", tooltip="Close the summary and go back"),
        Binding("q", "close", "Close", show=False, id="summary.close_q", tooltip="Close the summary and go back"),
        Binding(
            "enter", "close", "Close", show=False, id="summary.close_enter", tooltip="Close the summary and go back"
        ),
    ]

    def __init__(self, session: SessionLog) -> None:
        super().__init__(classes="session-screen")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Check-in summary · {describe(self.session.scope, self.app.ws.actor)}"

    def redraw(self) -> None:
        """The summary against the latest read of the file."""
        if self.app.data is not None:
            self.query_one("#summary", Static).update(summary(self.session, self.app.data, self.app.ws.today))

    def action_close(self) -> None:
        """Back to where the session was started."""
        self.app.pop_screen()


def summary(log: SessionLog, data: Dataset, today: date) -> Group:
    """The whole summary: a headline, then one table per part."""
    before, now = Scorer(log.before, today), Scorer(data, today)
    parts: list[Any] = [headline(log, today)]
    if log.saved:
        parts += [heading(f"Checked in ({len(log.saved)})"), checked_in_table(log, before, now)]
    if log.skipped():
        parts += [heading(f"Skipped ({len(log.skipped())})"), id_table(log.skipped(), now)]
    if log.not_reached():
        parts += [
            heading(f"Not reached: the session stopped first ({len(log.not_reached())})"),
            id_table(log.not_reached(), now),
        ]
    attention = attention_rows(log, now)
    parts.append(
        heading(
            f"At risk or off track now ({len(attention)})"
            if attention
            else "At risk or off track now: none, every key result in scope is on track"
        )
    )
    if attention:
        parts.append(table(attention, ["KR", "Key result", "Progress", "Status", "Owner"]))
    return Group(*parts)


def headline(log: SessionLog, today: date) -> Text:
    """``2 checked in · 1 skipped`` for the period, or that nothing was due."""
    line = Text(f"{log.period}, as of {today}\n", style="dim")
    if not log.steps:
        return line + Text(
            "Nothing was due: every key result in scope has a check-in within its cadence.", style="green"
        )
    counts = [f"{len(log.saved)} checked in", f"{len(log.skipped())} skipped"]
    if log.not_reached():
        counts.append(f"{len(log.not_reached())} not reached")
    return line + Text(f"{len(log.steps)} due · " + " · ".join(counts), style="bold")


def heading(text: str) -> Text:
    """A part's heading, with a blank line above it."""
    return Text(f"\n{text}", style="bold")


def table(rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> Table:
    """A plain table with a dim header, as wide as the screen; the second column (the title) gives way first."""
    grid = Table(box=None, show_header=True, header_style="dim", pad_edge=False, padding=(0, 2, 0, 0), expand=True)
    for index, label in enumerate(columns):
        grid.add_column(label, no_wrap=True, overflow="ellipsis", ratio=1 if index == 1 else None)
    for row in rows:
        grid.add_row(*cells(row))  # plain text: a str would be read as markup
    return grid


def checked_in_table(log: SessionLog, before: Scorer, now: Scorer) -> Table:
    """Each key result checked in: previous value → new value, and the change in progress."""
    rows = []
    for kr_id, entry in log.saved.items():
        old_kr, new_kr = before.data.kr_by_id.get(kr_id), now.data.kr_by_id.get(kr_id)
        kr = new_kr or old_kr
        if kr is None:  # in neither read: nothing to show
            continue
        old = before.kr(old_kr) if old_kr else None
        new = now.kr(new_kr) if new_kr else None
        previous = value_text(old.current if old else None, kr.kind, kr.unit)
        values = f"{previous} → {value_text(entry.value, kr.kind, kr.unit)}"
        rows.append(
            [
                kr_id,
                cut(kr.title, TITLE_WIDTH),
                values,
                progress_change(old, new),
                status_text(new.status) if new else Text("deleted", style="dim"),
            ]
        )
    return table(rows, ["KR", "Key result", "Before → now", "Progress", "Status"])


def progress_change(old: Any, new: Any) -> Text:
    """`` 11% →  15%  +4 pts``, in the colour of the new status."""
    if old is None or new is None:
        return Text("–", style="dim")
    points = round((new.progress - old.progress) * 100)
    change = f"{points:+d} pts" if points else "no change"
    return Text(
        f"{percent(old.progress).strip()} → {percent(new.progress).strip()}  {change}",
        style=colour(new.status),
    )


def id_table(kr_ids: Sequence[str], now: Scorer) -> Table:
    """Key results by id with their title and last check-in."""
    rows = []
    for kr_id in kr_ids:
        kr = now.data.kr_by_id.get(kr_id)
        if kr is None:
            rows.append([kr_id, Text("deleted in another session", style="dim"), ""])
            continue
        latest = now.kr(kr).latest
        rows.append([kr_id, cut(kr.title, TITLE_WIDTH), f"last {latest.date}" if latest else "never checked in"])
    return table(rows, ["KR", "Key result", "Last check-in"])


def attention_rows(log: SessionLog, now: Scorer) -> list[list[Any]]:
    """The at-risk and off-track key results of the active objectives in scope, in tree order."""
    rows = []
    for _, objective in tree_order(objectives_in(now.data, log.period)):
        if objective.state != "active" or not log.scope.covers(objective):
            continue
        for kr in now.data.krs_of.get(objective.id, []):
            score = now.kr(kr)
            if needs_attention(score.status):
                rows.append(
                    [
                        kr.id,
                        cut(kr.title, TITLE_WIDTH),
                        Text(percent(score.progress).strip(), style=colour(score.status)),
                        status_text(score.status),
                        cut(objective.owner, 12),
                    ]
                )
    return rows
