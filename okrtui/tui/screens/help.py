"""The key help: every key of the screen it is opened on first (its own, then its focused field's or table's, a key
that can't be used now marked with why), then those that work everywhere, then every other place's for reference; all
read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from okrtui.tui.base import Blocking, OkrModal

KeyRow = tuple[str, str, str]
"""Key as shown, what it does, and the longer explanation."""
UNAVAILABLE = "unavailable now: "
"""Starts the explanation of a key that can't be used now, followed by the reason (``blocked_reason``)."""

NAVIGATION = [
    Binding(
        "tab",
        "focus_next",
        "Next",
        key_display="tab / shift+tab",
        id="help.tab",
        tooltip="Move the focus to the next (previous) pane, table or field",
    ),
    Binding(
        "up",
        "cursor",
        "Move",
        key_display="↑ ↓ ← →",
        id="help.arrows",
        tooltip="Move the cursor; in the objectives tree ← and → also fold and unfold",
    ),
    Binding(
        "enter", "select", "Open", id="help.enter", tooltip="Open the record under the cursor (in a details table too)"
    ),
    Binding(
        "space",
        "toggle",
        "Expand / collapse",
        id="help.space",
        tooltip="Fold or unfold the objective under the cursor in the alignment tree",
    ),
    Binding("pageup", "page", "Page", key_display="pgup / pgdn", id="help.page", tooltip="Scroll a page up or down"),
]
"""Keys the widgets themselves handle (Tree, DataTable, focus), written here because their own bindings are generic."""

PALETTE = [
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        id="help.palette",
        tooltip="Open the command palette: search every action by name",
    ),
]


class HelpScreen(OkrModal[None]):
    """Every key of the screen below first, then everywhere's and every other place's; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Close the key help"),
        Binding("q", "close", "Close", show=False, id="help.close_q", tooltip="Close the key help"),
        Binding("question_mark", "close", "Close", show=False, id="help.close_question", tooltip="Close the key help"),
    ]

    def __init__(
        self, under: Screen[Any] | None = None, places: Sequence[tuple[str, tuple[type, ...], list[BindingType]]] = ()
    ) -> None:
        super().__init__()
        self.under = under
        """The screen help was opened on: its keys come first, unavailable ones marked with the reason."""
        self.places = list(places)
        """(name, the screens it names, their keys) of every place of the app (``navigation.key_places``)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="help") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape, q, ? or F1 closes · ↑ ↓ scroll"
            yield Static(self.key_table())

    def key_table(self) -> Group:
        """A small table per place where keys work, all with the same column widths."""
        return Group(*(group_table(place, rows) for place, rows in self.groups() if rows))

    def groups(self) -> list[tuple[str, list[KeyRow]]]:
        """(where the keys work, their rows): the screen below's, everywhere's, every other place's, this help's."""
        places = self.places
        here = self.here(places)
        shown = {place for place, _ in here}
        everywhere = self.rows([*type(self.app).BINDINGS, *PALETTE])
        others = [(place, self.rows(bindings)) for place, _, bindings in places if place not in shown]
        return [*here, ("Everywhere", everywhere), *others, ("This help", self.rows(self.BINDINGS))]

    def here(self, places: list[tuple[str, tuple[type, ...], list[BindingType]]]) -> list[tuple[str, list[KeyRow]]]:
        """The keys of the screen help was opened on (all its bindings, its parents' too) and of its focused widget
        and that widget's containers; a key it can't use now says why."""
        under = self.under
        if under is None:
            return []
        name = next((place for place, kinds, _ in places if type(under) in kinds), None) or screen_name(under)
        blocked = under.blocked_reason if isinstance(under, Blocking) else None
        taken = priority_keys(self.app)  # these keys never reach a screen or a field: the app answers them first
        mine = [binding for binding in node_bindings(under) if binding.key not in taken]
        groups = [(name, self.rows(mine, blocked))]
        focused = under.focused
        if focused is not None:
            taken |= priority_keys(under)
            chain = [node for node in focused.ancestors_with_self if node is not under and node is not self.app]
            near = [binding for binding in nearest(chain) if binding.key not in taken]
            groups.append(("Where the cursor is (the focused field or table)", self.rows(near)))
        return groups

    def rows(self, bindings: Iterable[BindingType], blocked: Callable[[str], str | None] | None = None) -> list[KeyRow]:
        """Rows for bindings: keys bound to the same action share a row (``escape / q``); with ``blocked``, a key that
        can't be used now says why."""
        by_action: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(bindings):
            by_action.setdefault(binding.action, []).append(binding)
        return [self.row(same, blocked(same[0].action) if blocked else None) for same in by_action.values()]

    def row(self, bindings: Sequence[Binding], reason: str | None = None) -> KeyRow:
        """One row for the bindings of one action (``unavailable now: why · what it does`` when it can't be used)."""
        keys = " / ".join(dict.fromkeys(self.app.get_key_display(binding) for binding in bindings))
        first = bindings[0]
        details = first.tooltip or ""
        if reason:
            details = f"{UNAVAILABLE}{reason}" + (f" · {details}" if details else "")
        return keys, first.description or first.action, details

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)


def node_bindings(node: Any) -> list[Binding]:
    """Every binding of a screen or widget: its class's and its parents' (what it answers to), in order."""
    return [binding for bindings in node._bindings.key_to_bindings.values() for binding in bindings]


def priority_keys(node: Any) -> set[str]:
    """The keys a screen or the app binds with priority: it answers them before the widgets below it see them."""
    return {binding.key for binding in node_bindings(node) if binding.priority}


def nearest(chain: Sequence[Any]) -> list[Binding]:
    """The bindings of widgets from the focused one outwards, a key bound nearer hiding the same key further out."""
    taken: set[str] = set()
    found: list[Binding] = []
    for node in chain:
        mine = [binding for binding in node_bindings(node) if binding.key not in taken]
        taken |= {binding.key for binding in mine}
        found += mine
    return found


def screen_name(screen: Screen[Any]) -> str:
    """How help names a screen it has no place for: its title, else its kind."""
    title = getattr(screen, "title", None)
    return f"Here: {title}" if isinstance(title, str) and title else f"Here: {type(screen).__name__}"


def group_table(place: str, rows: Sequence[KeyRow]) -> Table:
    """The keys of one place under its name; a key listed twice in a place shows once."""
    table = Table(
        title=Text(place),  # plain text: a screen's title may hold a record's
        title_justify="left",
        title_style="bold underline",
        box=None,
        expand=True,
        show_header=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("key", style="bold", no_wrap=True, width=14)
    table.add_column("what", no_wrap=True, width=17)
    table.add_column("details", style="dim", ratio=1)
    for key, what, details in dict((row[0], row) for row in rows).values():
        style, note = ("dim strike", "italic") if details.startswith(UNAVAILABLE) else ("", "")
        table.add_row(Text(key, style=style), Text(what, style=style), Text(details, style=note))
    table.add_row("", "", "")
    return table
