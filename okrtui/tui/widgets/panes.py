"""The four panes of the main screen. Each redraws from scored views and keeps its cursor on the same record."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from rich.style import Style
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
    percent,
    progress_cell,
    safe,
    sparkline,
)
from okrtui.services.view_models import InitiativeView, KpiView, KrView, ObjectiveView
from okrtui.tui.widgets.fast_table import FastTable
from okrtui.tui.widgets.text import cell

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
    """Objectives of the period as an alignment tree (company → team → personal).

    A label fits its line: with room, ``███░░░  47% ✖ Title``; in a narrow pane ``47% ✖ Title``, so the title keeps
    its first ``TITLE_MIN`` characters; a title longer than the line ends in ``…``. Nothing scrolls sideways.
    """

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS
    DEFAULT_CSS = "ObjectivesPane { scrollbar-size-vertical: 1; overflow-x: hidden; }"
    TITLE_MIN = 24

    follow: Callable[[], None] | None = None
    """Called as soon as the cursor moves, so the panes that follow it are redrawn in the same frame."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("objectives", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._views: dict[str, ObjectiveView] = {}
        """The objectives shown, by id: their labels are laid out to the width when drawn."""
        self._thresholds = DEFAULT

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The node's label fitted to the room its line leaves (see the class docstring)."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        icon = 2 if node.allow_expand else 0
        room = self.scrollable_content_region.width - depth * self.guide_depth - icon
        view = self._views.get(node.data) if node.data is not None else None
        label = node._label if view is None else fitted_objective_label(view, room, self._thresholds, self.TITLE_MIN)
        if label.cell_len > room > 0:
            label = label.copy()
            label.truncate(room, overflow="ellipsis")
        saved = node._label
        node._label = label
        try:
            return super().render_label(node, base_style, style)
        finally:
            node._label = saved

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

        The cursor is placed before this returns, never on another objective on the way; ``then`` runs after the
        next frame, for the panes that follow it to redraw what changed under the same objective.
        """
        keep = self.selected_id
        self.clear()
        self.unselect()  # else laying out the new lines puts the cursor on its old line: the neighbour's, if one went
        self._views = {view.id: view for _, view in rows if not isinstance(view, GroupRow)}
        self._thresholds = thresholds
        if not rows:
            for line in empty_hint.splitlines():  # a line each, so a narrow pane cuts none of it
                self.root.add_leaf(Text(line, style="dim italic"))
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
        # Lay the lines out and place the cursor now: left to the next frame, the tree would first put the cursor
        # on the line it was on, the neighbour's once a row above is gone, and tell the panes that follow it.
        self.last_line  # noqa: B018 - reading it lays the new nodes out on their lines
        self.move_cursor(target or first or self.root.children[0])
        self.call_after_refresh(then)

    def _fix_leaves(self, node: TreeNode[str]) -> None:
        for child in node.children:
            child.allow_expand = bool(child.children)
            self._fix_leaves(child)


def fitted_objective_label(view: ObjectiveView, room: int, thresholds: Thresholds, title_min: int) -> Text:
    """The full label when it leaves the title ``title_min`` characters in ``room`` cells, else the compact one."""
    full = objective_label(view, thresholds)
    if room - (full.cell_len - len(safe(view.title))) >= min(len(safe(view.title)), title_min + 1):
        return full
    return objective_label(view, thresholds, compact=True)


def objective_label(view: ObjectiveView, thresholds: Thresholds = DEFAULT, compact: bool = False) -> Text:
    """``██████░░  71% ● Title`` (``compact``: `` 71% ● Title``) with a warning mark for 0 or more than 5 key
    results (a grade coloured by the file's ``thresholds``)."""
    label = Text()
    progress = percent(view.progress) if compact else progress_cell(view.progress, 6)
    label.append(f"{progress} ", style=colour(view.status))
    label.append(f"{mark(view.status)} ", style=colour(view.status))
    if view.warnings:
        label.append(f"{WARNING_MARK} ", style="yellow")
    if view.grade is not None:  # a closed period: the grade, coloured >= 0.7 green, >= 0.4 yellow, else red
        label.append(f"graded {view.grade:.2f} ", style=f"bold {grade_colour(view.grade, thresholds)}")
    label.append(safe(view.title))
    return label


class RecordTable(FastTable):
    """A row-cursor table keyed by record id that keeps its cursor on the same record across redraws.

    Its columns fit the pane: the id, then the title, which always keeps at least its first ``TITLE_MIN`` characters
    and takes whatever width is left; the other columns come in their richest form that leaves the title
    ``TITLE_MIN`` characters (``LAYOUTS``, richest first: a narrow pane drops the trend, then the values, then shortens
    the status to its mark and the progress to its percent), shortened further (never left out) while that gives the
    title ``TITLE_WANT``. Nothing scrolls sideways; a title longer than its room ends in ``…``.
    """

    BINDINGS: ClassVar[list[BindingType]] = VI_KEYS
    DEFAULT_CSS = "RecordTable { overflow-x: hidden; }"
    LABELS: ClassVar[dict[str, str]] = {}
    """The header of each column a layout may name."""
    LAYOUTS: ClassVar[tuple[tuple[str, ...], ...]] = ()
    """The columns shown, richest first; the first that leaves the title its room is used."""
    TITLE_MIN = 24
    """The characters of a title that stay in sight at any width."""
    TITLE_WANT = 28
    """The room a title gets before a column is shown in its richest form: words before decorations."""

    follow: Callable[[], None] | None = None
    """Called as soon as the cursor moves (see ObjectivesPane.follow)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._rows: list[tuple[str, Mapping[str, Any]]] = []
        """The rows shown, every column's cell of each: a resize lays them out again."""
        self._shown: tuple[Any, ...] = ()
        """What the table shows now (layout, widths, rows as plain text): a redraw that changes nothing is skipped."""
        self.layout_shown: tuple[str, ...] = ()
        """The columns on screen now."""

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if self.follow is not None and old.row != new.row:
            self.follow()

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

    def record_cells(self, record_id: str) -> Mapping[str, Any]:
        """Every column's cell of one record shown (those a narrow pane leaves out too)."""
        return next(row for key, row in self._rows if key == record_id)

    def show(
        self, rows: Sequence[tuple[str, Mapping[str, Any]]], empty_hint: str = "", keep: str | None = None
    ) -> None:
        """Redraw (id, {column: cell}) rows; the cursor stays on ``keep`` (default: the current record) when it still
        exists."""
        self.border_subtitle = empty_hint if not rows else ""
        self._rows = list(rows)
        self._draw(keep if keep is not None else self.selected_id)

    def on_mount(self) -> None:
        self._draw(None)  # the headers, before the first read is in

    def on_resize(self) -> None:
        self._draw(self.selected_id)

    def _draw(self, keep: str | None) -> None:
        rows = [
            (record_id, {name: cell(value, wrap=False) for name, value in row.items()}) for record_id, row in self._rows
        ]
        layout, widths = self.fit(rows)
        plain = [(key, tuple(str(row[name]) for name in layout)) for key, row in rows]
        shown = (layout, tuple(widths.values()), plain)
        if shown == self._shown:  # same layout and rows: keep the rendered table (and its cursor) as it is
            return
        same_columns = self._shown[:2] == shown[:2]
        self._shown = shown
        self.layout_shown = layout
        self.clear(columns=not same_columns)  # the columns stay when only the rows change
        if not same_columns:
            for name in layout:
                self.add_column(self.LABELS[name], width=widths[name], key=name)
        for record_id, row in rows:
            title = row["title"].copy()
            title.overflow, title.no_wrap = "ellipsis", True
            self.add_row(*(title if name == "title" else row[name] for name in layout), key=record_id)
        if keep is not None and any(record_id == keep for record_id, _ in rows):
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def fit(self, rows: Sequence[tuple[str, Mapping[str, Text]]]) -> tuple[tuple[str, ...], dict[str, int]]:
        """The richest layout that leaves the title its room in the table's width, and each column's width."""
        pad = 2 * self.cell_padding
        scrollbar = 1 if len(rows) > max(0, self.size.height - 1) else 0
        room = self.size.width - scrollbar
        widths = {
            name: max([cell_width(label)] + [cell_width(row[name]) for _, row in rows])
            for name, label in self.LABELS.items()
        }
        longest = widths["title"]
        need = longest if longest <= self.TITLE_MIN else self.TITLE_MIN + 1  # and the "…"
        want = min(longest, self.TITLE_WANT)

        def others(layout: tuple[str, ...]) -> int:
            return sum(widths[name] + pad for name in layout if name != "title")

        fitting = [layout for layout in self.LAYOUTS if room - others(layout) - pad >= need] or [self.LAYOUTS[-1]]
        layout = fitting[0]
        # a roomier title by shortening a column (a status to its mark), never by leaving a column out
        roomy = [shorter for shorter in fitting if len(shorter) == len(layout) and room - others(shorter) - pad >= want]
        layout = roomy[0] if roomy else layout
        chosen = {name: widths[name] for name in layout}
        chosen["title"] = max(need, min(longest, room - others(layout) - pad), 1)  # what's left over stays at the right
        return layout, chosen


def cell_width(value: Any) -> int:
    """The cells a table cell takes."""
    return value.cell_len if isinstance(value, Text) else Text(str(value)).cell_len


class KeyResultsPane(RecordTable):
    """Key results of the selected objective."""

    LABELS: ClassVar[dict[str, str]] = {
        "id": "KR",
        "title": "Title",
        "progress": "Progress",
        "percent": "Done",
        "status": "Status",
        "mark": "",
        "values": "Start → now → target",
        "trend": "Trend",
    }
    LAYOUTS = (
        ("id", "title", "progress", "status", "values", "trend"),
        ("id", "title", "progress", "status", "values"),
        ("id", "title", "progress", "status"),
        ("id", "title", "progress", "mark"),
        ("id", "title", "percent", "mark"),
        ("id", "title", "mark"),
        ("id", "title"),
    )


def kr_row(view: KrView) -> dict[str, Any]:
    """Cells of one key result, every column's."""
    title = Text(safe(view.title))
    if view.kpi:
        title.append(f" {KPI_LINK_MARK}{view.kpi_key}", style="cyan")
    return {
        "id": view.id,
        "title": title,
        "progress": progress_text(view),
        "percent": Text(percent(view.progress), style=colour(view.status)),
        "status": status_text(view.status),
        "mark": Text(mark(view.status), style=colour(view.status)),
        "values": kr_values(view),
        "trend": sparkline([checkin.value for checkin in view.checkins], 10),
    }


class InitiativesPane(RecordTable):
    """Initiatives of the selected key result, or of the objective."""

    LABELS: ClassVar[dict[str, str]] = {
        "id": "ID",
        "title": "Title",
        "status": "Status",
        "owner": "Owner",
        "due": "Due",
        "for": "For",
    }
    LAYOUTS = (
        ("id", "title", "status", "owner", "due", "for"),
        ("id", "title", "status", "owner", "due"),
        ("id", "title", "status", "due"),
        ("id", "title", "status"),
        ("id", "title"),
    )


def initiative_row(view: InitiativeView, today_iso: str) -> dict[str, Any]:
    """Cells of one initiative, every column's; an overdue due date shows red."""
    return {
        "id": view.id,
        "title": safe(view.title),
        "status": initiative_status_text(view.status),
        "owner": safe(view.owner),
        "due": due_text(view, today_iso),
        "for": view.kr or view.objective,
    }


class KpisPane(RecordTable):
    """Every KPI with its latest value, target, health and trend."""

    TITLE_MIN = 15
    TITLE_WANT = 15
    LABELS: ClassVar[dict[str, str]] = {
        "id": "Key",
        "title": "Name",
        "latest": "Latest",
        "health": "Health",
        "mark": "",
        "trend": "Trend",
        "target": "Target",
    }
    LAYOUTS = (
        ("id", "title", "latest", "health", "trend", "target"),
        ("id", "title", "latest", "health", "trend"),
        ("id", "title", "latest", "health"),
        ("id", "title", "latest", "mark"),
        ("id", "title", "mark"),
        ("id", "title"),
    )


def kpi_row(view: KpiView, trend: Sequence[float]) -> dict[str, Any]:
    """Cells of one KPI (a view without history, and its latest values for the trend), every column's."""
    latest = view.latest
    return {
        "id": view.key,
        "title": safe(view.name) + (f" → {', '.join(view.drives)}" if view.drives else ""),
        "latest": number(latest.value, view.unit) if latest else "–",
        "health": health_text(view.health),
        "mark": Text(mark(view.health), style=colour(view.health)),
        "trend": sparkline(trend, 12),
        "target": number(view.target, view.unit),
    }
