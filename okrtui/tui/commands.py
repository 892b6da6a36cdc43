"""Command-palette commands (ctrl+p): every binding of the app and the main screen, by its own description and with
its key (``Check in  c``), and every record by id or title (``KR-3``, ``churn``), which opens its details.

The names and help texts are the bindings' ``description`` and ``tooltip``: what the footer and the key help show,
written once. Titles are plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from okrtui.formatting import safe

if TYPE_CHECKING:
    from okrtui.services.views import Dataset

KEY_STYLE = "dim"
"""How a command's key shows after its name."""
EXACT_ID_BONUS = 1000.0
"""Added to the score of the record whose id is exactly what was typed (the fuzzy scores run to a few dozen), so
``KR-3`` lists KR-3 before KR-13 and before any command."""


def palette_entries(app_bindings: Iterable[BindingType], screen_bindings: Iterable[BindingType]) -> list[Binding]:
    """The bindings the palette lists: those with a description, the app's (actions prefixed ``app.``) first."""
    app_entries = [replace(binding, action=f"app.{binding.action}") for binding in _described(app_bindings)]
    return app_entries + list(_described(screen_bindings))


def _described(bindings: Iterable[BindingType]) -> Iterable[Binding]:
    """The bindings with a description, one per action (``?`` and F1 both open the help: listed once)."""
    seen: set[str] = set()
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description and binding.action not in seen:
            seen.add(binding.action)
            yield binding


def record_entries(data: Dataset | None) -> Iterator[tuple[str, str, str]]:
    """(id, what is searched, help) of every record in the file: objectives, key results, initiatives, KPIs; as
    plain text, control characters shown escaped."""
    for record_id, searched, about in _records(data):
        yield record_id, safe(searched), safe(about)


def _records(data: Dataset | None) -> Iterator[tuple[str, str, str]]:
    if data is None:
        return
    for objective in data.objectives:
        yield objective.id, f"{objective.id} {objective.title}", f"objective · {objective.period} · {objective.owner}"
    for kr in data.krs:
        yield kr.id, f"{kr.id} {kr.title}", f"key result of {kr.objective}"
    for item in data.initiatives:
        yield item.id, f"{item.id} {item.title}", f"initiative of {item.kr or item.objective} · {item.status}"
    for kpi in data.kpis:
        yield kpi.id, f"{kpi.id} {kpi.key} {kpi.name}", "KPI"


def plain_highlight(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` as plain text (never markup) with the letters the query matched highlighted."""
    content = Content(candidate)
    _, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class OkrCommands(Provider):
    """The app's and the main screen's bindings, runnable by name, and every record, opened by id or title."""

    def entries(self) -> list[Binding]:
        """The bindings listed, from the running app's class and the main screen's."""
        from okrtui.tui.screens.main import MainScreen

        return palette_entries(type(self.app).BINDINGS, MainScreen.BINDINGS)

    def key_of(self, binding: Binding) -> str:
        """The key that runs a binding, as the footer shows it (a key rebound in the keymap: the new one)."""
        rebound = self.app._keymap.get(binding.id or "") if binding.id else None
        if rebound:
            binding = replace(binding, key=rebound.split(",")[0].strip(), key_display=None)
        return self.app.get_key_display(binding)

    def with_key(self, name: Content, binding: Binding) -> Content:
        """``Check in  c``: the command's name, then its key."""
        return Content.assemble(name, "  ", (self.key_of(binding), KEY_STYLE))

    async def discover(self) -> Hits:
        """Every command, for the palette before anything is typed."""
        for binding in self.entries():
            yield DiscoveryHit(
                self.with_key(Content(binding.description), binding),
                partial(self._run, binding.action),
                text=binding.description,
                help=binding.tooltip or None,
            )

    async def search(self, query: str) -> Hits:
        """The commands whose name matches what is typed, then the records whose id or title does."""
        matcher = self.matcher(query)
        for binding in self.entries():
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(
                    score,
                    self.with_key(plain_highlight(matcher, binding.description), binding),
                    partial(self._run, binding.action),
                    text=binding.description,
                    help=binding.tooltip or None,
                )
        for hit in self.record_hits(matcher, query):
            yield hit

    def record_hits(self, matcher: Matcher, query: str) -> Iterator[Hit]:
        """A hit per record matching ``query``; the one whose id it is exactly scores highest."""
        wanted = query.strip().upper()
        for record_id, searched, about in record_entries(self.app.data):  # type: ignore[attr-defined]
            score = matcher.match(searched) + (EXACT_ID_BONUS if record_id == wanted else 0)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, searched),
                    partial(self._open, record_id),
                    text=searched,
                    help=escape(about),  # the palette reads help as markup
                )

    def _open(self, record_id: str) -> None:
        app: Any = self.app
        app.open_details(record_id)

    async def _run(self, action: str) -> None:
        from okrtui.tui.screens.main import MainScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)
        if action.startswith("app."):
            await self.app.run_action(action.removeprefix("app."))
        elif screen is not None:
            await screen.run_action(action)
