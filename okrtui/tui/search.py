"""Finding things on the main screen: the filter line as you type, stepping through its matches (``n`` / ``N``), the
sort of each table (``s``), and going to any record (the palette's records).

The main screen calls these from its draw methods (one line each): which records each pane shows and in which order
come from the pure functions of ``okrtui.services.filters``; this module only applies them to the screen's panes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from textual.coordinate import Coordinate
from textual.widgets.tree import TreeNode

from okrtui.services.filters import Found, RecordFilter, find, next_sort, sort_initiatives, sort_kpis, sort_krs
from okrtui.tui.widgets.panes import ObjectivesPane, RecordTable

if TYPE_CHECKING:
    from okrtui.domain.models import Initiative, KeyResult, Kpi, Objective
    from okrtui.services.views import Dataset, Scorer
    from okrtui.tui.screens.main import MainScreen


class Identified(Protocol):
    """A record or view with an id."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Identified)
TABLES = ("krs", "initiatives", "kpis")
"""The panes that can be sorted (the objectives tree keeps its alignment order)."""
EMPTIED = {
    "krs": "No key results match the filter",
    "initiatives": "No initiatives match the filter",
    "kpis": "No KPIs match the filter",
}
"""What a table says when the filter leaves nothing in it (instead of inviting to add a record)."""


@dataclass
class Finder:
    """What the main screen's search remembers: each table's sort, the filter's matches for the data on screen, and
    where the cursor was last put on a match (so a redraw never pulls it back once the user moved it)."""

    sorts: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(TABLES))
    _found: tuple[Any, RecordFilter, Found] | None = None
    _landed: dict[str, Any] = field(default_factory=dict)

    def found(self, data: Dataset, record_filter: RecordFilter) -> Found | None:
        """The filter's matches in ``data`` (computed once per read and filter); None without a filter."""
        if not record_filter:
            return None
        if self._found is None or self._found[0] is not data or self._found[1] != record_filter:
            self._found = (data, record_filter, find(data, record_filter))
        return self._found[2]


class _KrOrder(NamedTuple):
    """What sorting a key result reads, without building its whole view."""

    id: str
    objective: str
    status: str
    progress: float


def _found(screen: MainScreen) -> Found | None:
    data = screen.app.data
    return screen.finder.found(data, screen.filter) if data is not None else None


# -- what each pane shows ---------------------------------------------------------------------------------------------


def objective_shown(screen: MainScreen, objective: Objective) -> bool:
    """Whether the objectives tree shows ``objective``: it, or one of its key results or initiatives, matches."""
    found = _found(screen)
    return found is None or objective.id in found.objectives


def krs_shown(screen: MainScreen, views: Sequence[T]) -> list[T]:
    """The key results (views) the pane shows, in the pane's sort."""
    found, data = _found(screen), screen.app.data
    shown = [view for view in views if found is None or view.id in found.krs]
    return sort_krs(shown, screen.finder.sorts["krs"], lambda view: _owner_of(data, view))


def initiatives_shown(screen: MainScreen, initiatives: Sequence[Initiative]) -> list[Initiative]:
    """The initiatives the pane shows, in the pane's sort."""
    found = _found(screen)
    shown = [item for item in initiatives if found is None or item.id in found.initiatives]
    return sort_initiatives(shown, screen.finder.sorts["initiatives"])


def kpis_shown(screen: MainScreen, kpis: Sequence[Kpi]) -> list[Kpi]:
    """The KPIs the pane shows, in the pane's sort."""
    found = _found(screen)
    shown = [kpi for kpi in kpis if found is None or kpi.id in found.kpis]
    return sort_kpis(shown, screen.finder.sorts["kpis"], lambda kpi: _health_of(screen, kpi))


def _owner_of(data: Dataset | None, view: Any) -> str:
    objective = data.objective_by_id.get(view.objective) if data is not None else None
    return objective.owner if objective is not None else ""


def _health_of(screen: MainScreen, kpi: Kpi) -> str:
    from okrtui.domain.scoring import kpi_health

    data = screen.app.data
    return kpi_health(kpi, screen.app.ws.today, data.thresholds) if data is not None else ""


def add_to_titles(screen: MainScreen, titles: dict[str, str]) -> None:
    """Each table's sort (``sorted by progress``) and the number of matches after the panes' titles."""
    for pane in TABLES:
        if screen.finder.sorts[pane] and pane in titles:
            titles[pane] += f" · sorted by {screen.finder.sorts[pane]}"
    found = _found(screen)
    if found is not None and "objectives" in titles:
        count = len(hits_in_order(screen))
        titles["objectives"] += f" · {count} match{'' if count == 1 else 'es'}"


def table_drawn(screen: MainScreen, pane: str) -> None:
    """After a table is drawn under a filter: an empty one says the filter emptied it, and, for a new filter or a new
    objective, the cursor lands on the table's first match unless it is on one already (a redraw of the same filter
    leaves the cursor where the user moved it)."""
    found = _found(screen)
    table = screen.query_one(f"#{pane}", RecordTable)
    if found is None:
        return
    if not table.row_count:
        table.border_subtitle = EMPTIED[pane]
    key = (screen.filter, screen.selected("objectives"), screen.kr_scope and screen.selected("krs"))
    if screen.finder._landed.get(pane) == key:
        return
    screen.finder._landed[pane] = key
    rows = row_ids(table)
    if table.selected_id in found.hits:
        return
    first = next((record_id for record_id in rows if record_id in found.hits), None)
    if first is not None:
        table.move_cursor(row=rows.index(first), animate=False)


# -- sorting ----------------------------------------------------------------------------------------------------------


def cycle_sort(screen: MainScreen) -> None:
    """Sort the focused table by its next column (then back to the stored order) and redraw it."""
    pane = screen.focused_pane()
    if pane not in TABLES:
        screen.notify("The objectives tree keeps its alignment order: s sorts the other panes", timeout=4)
        return
    screen.finder.sorts[pane] = next_sort(pane, screen.finder.sorts[pane])
    redraw = {"krs": screen.draw_children, "initiatives": screen.draw_initiatives, "kpis": screen.draw_kpis}
    redraw[pane]()
    screen._titles()


# -- stepping through matches -----------------------------------------------------------------------------------------


def hits_in_order(screen: MainScreen) -> list[tuple[str, str]]:
    """(pane, id) of every match, as the panes show them: objective by objective in the tree's order, each followed by
    its key results and initiatives that match, then the KPIs."""
    found, data = _found(screen), screen.app.data
    if found is None or data is None:
        return []
    scorer = data.scorer(screen.app.ws.today)
    order: list[tuple[str, str]] = []
    for objective_id in tree_ids(screen):
        if objective_id in found.hits:
            order.append(("objectives", objective_id))
        krs = [_kr_order(scorer, kr) for kr in data.krs_of.get(objective_id, [])]
        order += [("krs", kr.id) for kr in krs_shown(screen, krs) if kr.id in found.hits]
        mine = [item for item in data.initiatives if item.objective == objective_id]
        order += [("initiatives", item.id) for item in initiatives_shown(screen, mine) if item.id in found.hits]
    order += [("kpis", kpi.id) for kpi in kpis_shown(screen, data.kpis) if kpi.id in found.hits]
    return order


def _kr_order(scorer: Scorer, kr: KeyResult) -> _KrOrder:
    score = scorer.kr(kr)
    return _KrOrder(kr.id, kr.objective, score.status, score.progress)


def tree_ids(screen: MainScreen) -> list[str]:
    """The objective ids of the tree, depth first."""
    return [node.data for node in _nodes(screen.query_one(ObjectivesPane).root) if node.data is not None]


def step(screen: MainScreen, forward: bool) -> None:
    """Go to the next (or previous) match after the record under the focused pane's cursor, wrapping around."""
    if not screen.filter:
        screen.notify("No filter: press / and type what to find", severity="warning", timeout=3)
        return
    order = hits_in_order(screen)
    if not order:
        screen.notify(f"Nothing matches {screen.filter}", severity="warning", timeout=3, markup=False)
        return
    pane = screen.focused_pane()
    here = (pane, screen.selected(pane))
    if here in order:
        index = (order.index(here) + (1 if forward else -1)) % len(order)
    else:
        index = 0 if forward else len(order) - 1
    go_to(screen, *order[index])


def first_hit(screen: MainScreen) -> None:
    """Go to the first match and focus its pane; the objectives pane when nothing matches."""
    order = hits_in_order(screen)
    if order:
        go_to(screen, *order[0])
    else:
        screen.query_one("#objectives").focus()


def go_to(screen: MainScreen, pane: str, record_id: str) -> bool:
    """Select ``record_id`` in ``pane`` and focus that pane: its objective is selected first (so the key results and
    initiatives follow), an initiative is shown among all its objective's. Whether it is on screen now."""
    data = screen.app.data
    if data is None:
        return False
    if pane == "krs":
        kr = data.kr_by_id.get(record_id)
        if kr is None or not _select_objective(screen, kr.objective):
            return False
    elif pane == "initiatives":
        initiative = next((item for item in data.initiatives if item.id == record_id), None)
        if initiative is None or not _select_objective(screen, initiative.objective):
            return False
        screen.kr_scope = False
        screen.draw_initiatives()
    elif pane == "objectives":
        return _select_objective(screen, record_id, focus=True)
    table = screen.query_one(f"#{pane}", RecordTable)
    table.focus()
    rows = row_ids(table)
    if record_id not in rows:
        return False
    table.move_cursor(row=rows.index(record_id), animate=False)
    return True


def row_ids(table: RecordTable) -> list[str]:
    """The record ids of a table's rows, in order."""
    return [str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value) for row in range(table.row_count)]


def _select_objective(screen: MainScreen, objective_id: str, focus: bool = False) -> bool:
    """Put the tree's cursor on an objective (unfolding what hides it); the panes following it redraw at once."""
    tree = screen.query_one(ObjectivesPane)
    node = next((node for node in _nodes(tree.root) if node.data == objective_id), None)
    if node is None:
        return False
    parent = node.parent
    while parent is not None and parent is not tree.root:
        parent.expand()
        parent = parent.parent
    tree._tree_lines  # noqa: B018 - lays out the lines now, so the node knows its line
    if tree.cursor_node is not node:
        tree.move_cursor(node)
    if focus:
        tree.focus()
    return True


def _nodes(root: TreeNode[str]) -> list[TreeNode[str]]:
    """Every node under ``root``, depth first."""
    nodes, found = list(reversed(root.children)), []
    while nodes:
        node = nodes.pop()
        found.append(node)
        nodes += reversed(node.children)
    return found


def apply_filter(screen: MainScreen, text: str) -> None:
    """The filter line changed: filter every pane now (``owner:me`` is the person acting). Only the panes whose
    records change are drawn again: a key typed redraws what it narrows, not all four panes."""
    record_filter = RecordFilter.parse(text, screen.app.ws.actor)
    if record_filter == screen.filter:
        return
    before = _found(screen)
    screen.filter = record_filter
    after = _found(screen)
    if before is None or after is None or before.objectives != after.objectives:
        screen.draw_objectives()  # the key results and initiatives follow once the tree's cursor is placed
    elif (before.krs, before.initiatives, before.hits) != (after.krs, after.initiatives, after.hits):
        screen.draw_children()
    if before is None or after is None or before.kpis != after.kpis:
        screen.draw_kpis()
    screen._titles()
