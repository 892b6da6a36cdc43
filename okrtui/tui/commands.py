"""Command-palette commands (ctrl+p): every binding of the app and the main screen, by its own description.

The names and help texts are the bindings' ``description`` and ``tooltip``: what the footer and the key help show,
written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider


def palette_entries(app_bindings: Iterable[BindingType], screen_bindings: Iterable[BindingType]) -> list[Binding]:
    """The bindings the palette lists: those with a description, the app's (actions prefixed ``app.``) first."""
    app_entries = [replace(binding, action=f"app.{binding.action}") for binding in _described(app_bindings)]
    return app_entries + list(_described(screen_bindings))


def _described(bindings: Iterable[BindingType]) -> Iterable[Binding]:
    return (binding for binding in bindings if isinstance(binding, Binding) and binding.description)


class OkrCommands(Provider):
    """The app's and the main screen's bindings, runnable by name."""

    def entries(self) -> list[Binding]:
        """The bindings listed, from the running app's class and the main screen's."""
        from okrtui.tui.screens.main import MainScreen

        return palette_entries(type(self.app).BINDINGS, MainScreen.BINDINGS)

    async def discover(self) -> Hits:
        """Every entry, for the palette before anything is typed."""
        for binding in self.entries():
            yield DiscoveryHit(binding.description, partial(self._run, binding.action), help=binding.tooltip or None)

    async def search(self, query: str) -> Hits:
        """The entries whose description matches what is typed."""
        matcher = self.matcher(query)
        for binding in self.entries():
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(binding.description),
                    partial(self._run, binding.action),
                    text=binding.description,
                    help=binding.tooltip or None,
                )

    async def _run(self, action: str) -> None:
        from okrtui.tui.screens.main import MainScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)
        if action.startswith("app."):
            await self.app.run_action(action.removeprefix("app."))
        elif screen is not None:
            await screen.run_action(action)
