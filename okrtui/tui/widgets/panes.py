"""The four panes of the main screen. Each redraws from scored views and keeps its cursor on the same record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okrtui.domain.scoring import grade_colour
from okrtui.domain.thresholds import DEFAULT, Thresholds
from okrtui.formatting import (
    INITIATIVE_COLOURS,
    colour,
    is_overdue,
    kr_values,
    mark,
    number,
    progress_cell,
    safe,
    sparkline,
)
from okrtui.services.view_models import InitiativeView, KpiView, KrView, ObjectiveView
from okrtui.tui.widgets.fast_table import FastTable
from okrtui.tui.widgets.text import cells

KPI_LINK_MARK = "◆"
WARNING_MARK = "⚠"

VI_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="pane.down", tooltip="Move down"),
    Binding("k", "cursor_up", "Up", show=False, id="pane.up", tooltip="Move up"),
]


def status_text(status: str) -> Text:
    """``● on-track`` in its colour: a mark too, so 16 colours or none still read."""
    return Text(f"{mark(status)} {status}", style=colour(status))


def health_text(health: str) -> Text:
    """A KPI health with its mark and colour."""
    return status_text(health)


def progress_text(view: ObjectiveView | KrView, width: int = 6) -> Text:
    """``██████░░  71%`` in the colour of the view's status."""
    return Text(progress_cell(view.progress, width), style=colour(view.status))


def initiative_status_text(status: str) -> Text:
    """An initiative's status in its colour."""
    return Text(status, style=INITIATIVE_COLOURS.get(status) or "")


def due_text(view: InitiativeView, today_iso: str, suffix: str = "") -> Text:
    """An initiative's due date, red (with ``suffix``) when it is overdue."""
    if is_overdue(view.due, view.status, today_iso):
        return Text(f"{view.due}{suffix}", style="red")
    return Text(view.due or "")


class GroupRow(NamedTuple):
    """A heading in the objectives tree: one period of a year's view (the year's own, or a quarter)."""

    title: str
    progress: float | None
    """The plain mean of its objectives' progress; None when none has one."""


def group_label(row: GroupRow) -> Text:
    """``2026-Q1  ████░░  45%`` in bold: the objectives below it are that period's."""
    label = Text(row.title, style="bold")
    if row.progress is not None:
        label.append(f"  {progress_cell(row.progress, 6)}", style="bold")
    return label


class ObjectivesPane(Tree[str]):
    """Objectives of the period as an alignment tree (company → team → personal)."""

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS
    DEFAULT_CSS = "ObjectivesPane { scrollbar-size-vertical: 1; }"

    follow: Callable[[], None] | None = None
    """Called as soon as the cursor moves, so the panes that follow it are redrawn in the same frame."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("objectives", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        if self.follow is not None:
            self.follow()

    @property
    def selected_id(self) -> str | None:
        """The objective under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None

    def show(
        self,
        rows: Sequence[tuple[int, ObjectiveView | GroupRow]],
        empty_hint: str,
        then: Callable[[], None],
        thresholds: Thresholds = DEFAULT,
    ) -> None:
        """Redraw from (depth, objective view) rows in tree order, keeping the cursor on the same objective; a
        ``GroupRow`` is a heading (a year's quarters), the objectives after it one level deeper. Grades are coloured
        by the file's ``thresholds``.

        ``then`` runs once the cursor is placed: the tree posts no highlight when the cursor lands on the line it
        was on, so the panes that follow it are told this way.
        """
        keep = self.selected_id
        self.clear()
        if not rows:
            self.root.add_leaf(Text(empty_hint, style="dim italic"))
            self.call_after_refresh(then)
            return
        parents: list[TreeNode[str]] = [self.root]
        target: TreeNode[str] | None = None
        first: TreeNode[str] | None = None
        for depth, view in rows:
            del parents[depth + 1 :]
            if isinstance(view, GroupRow):
                parents.append(parents[-1].add(group_label(view), data=None, expand=True))
                continue
            node = parents[-1].add(objective_label(view, thresholds), data=view.id, expand=True)
            parents.append(node)
            first = first or node
            if view.id == keep:
                target = node
        for node in list(parents[1:]):
            node.allow_expand = bool(node.children)
        self._fix_leaves(self.root)
        self.call_after_refresh(self._place_cursor, target or first or self.root.children[0], then)

    def _place_cursor(self, node: TreeNode[str], then: Callable[[], None]) -> None:
        self.move_cursor(node)
        then()

    def _fix_leaves(self, node: TreeNode[str]) -> None:
        for child in node.children:
            child.allow_expand = bool(child.children)
            self._fix_leaves(child)


def objective_label(view: ObjectiveView, thresholds: Thresholds = DEFAULT) -> Text:
    """``██████░░  71% ● Title`` with a warning mark for 0 or more than 5 key results (a grade coloured by the
    file's ``thresholds``)."""
    label = Text()
    label.append(f"{progress_cell(view.progress, 6)} ", style=colour(view.status))
    label.append(f"{mark(view.status)} ", style=colour(view.status))
    if view.warnings:
        label.append(f"{WARNING_MARK} ", style="yellow")
    if view.grade is not None:  # a closed period: the grade, coloured >= 0.7 green, >= 0.4 yellow, else red
        label.append(f"graded {view.grade:.2f} ", style=f"bold {grade_colour(view.grade, thresholds)}")
    label.append(safe(view.title))
    return label


class RecordTable(FastTable):
    """A row-cursor table keyed by record id that keeps its cursor on the same record across redraws."""

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS
    COLUMNS: tuple[str, ...] = ()

    follow: Callable[[], None] | None = None
    """Called as soon as the cursor moves (see ObjectivesPane.follow)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if self.follow is not None and old.row != new.row:
            self.follow()

    def on_mount(self) -> None:
        self.add_columns(*self.COLUMNS)
        self._shown: list[tuple[str, tuple[str, ...]]] = []
        """What the rows show now, as plain text: a redraw that changes nothing is skipped."""

    @property
    def selected_id(self) -> str | None:
        """The record under the cursor."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # the cursor sits on no row
            return None
        return key.value

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]], empty_hint: str = "", keep: str | None = None) -> None:
        """Redraw (id, cells) rows; the cursor stays on ``keep`` (default: the current record) when it still exists."""
        keep = keep if keep is not None else self.selected_id
        self.border_subtitle = empty_hint if not rows else ""
        shown = [(record_id, tuple(str(value) for value in row)) for record_id, row in rows]
        if shown == self._shown:  # same rows: keep the rendered table (and its cursor) as it is
            return
        self._shown = shown
        self.clear()
        for record_id, row in rows:
            self.add_row(*cells(row, wrap=False), key=record_id)  # plain text: user text is never markup
        if keep is not None and any(record_id == keep for record_id, _ in rows):
            self.move_cursor(row=self.get_row_index(keep), animate=False)


class KeyResultsPane(RecordTable):
    """Key results of the selected objective."""

    COLUMNS = ("KR", "Progress", "Status", "Start → now → target", "Trend", "Title")


def kr_row(view: KrView) -> list[Any]:
    """Cells of one key result."""
    title = Text(safe(view.title))
    if view.kpi:
        title.append(f" {KPI_LINK_MARK}{view.kpi_key}", style="cyan")
    return [
        view.id,
        progress_text(view),
        status_text(view.status),
        kr_values(view),
        sparkline([checkin.value for checkin in view.checkins], 10),
        title,
    ]


class InitiativesPane(RecordTable):
    """Initiatives of the selected key result, or of the objective."""

    COLUMNS = ("ID", "Status", "Owner", "Due", "For", "Title")


def initiative_row(view: InitiativeView, today_iso: str) -> list[Any]:
    """Cells of one initiative; an overdue due date shows red."""
    return [
        view.id,
        initiative_status_text(view.status),
        safe(view.owner),
        due_text(view, today_iso),
        view.kr or view.objective,
        safe(view.title),
    ]


class KpisPane(RecordTable):
    """Every KPI with its latest value, target, health and trend."""

    COLUMNS = ("Key", "Latest", "Health", "Trend", "Target", "Name")


def kpi_row(view: KpiView, trend: Sequence[float]) -> list[Any]:
    """Cells of one KPI (a view without history, and its latest values for the trend)."""
    latest = view.latest
    return [
        view.key,
        number(latest.value, view.unit) if latest else "–",
        health_text(view.health),
        sparkline(trend, 12),
        number(view.target, view.unit),
        safe(view.name) + (f" → {', '.join(view.drives)}" if view.drives else ""),
    ]
