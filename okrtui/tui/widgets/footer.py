"""A one-line footer that fits: the keys of the screen in front, the most useful first, and always ``? help``.

Textual's Footer mounts a widget per key and builds them again whenever the bindings change (each focus change, each
screen), which cost most of a details screen's first frame here; and it cuts the keys off at the right edge, so
``?``, ``/`` and ``q`` never showed below 200 columns. This footer is one line of text drawn from the screen's active
bindings: it keeps as many keys as fit (in the order the screen declares them), always keeps ``? help`` at the right,
dims a key the screen says is unavailable now (``blocked_reason``), and a click on a key presses it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

ALWAYS_SHOWN = ("question_mark", "f1")
"""Keys drawn at the right whatever the width: the help lists everything else."""
LAST = ("q", "ctrl+p")
"""Keys drawn after the screen's own (they are on every screen)."""


class FooterKey(NamedTuple):
    """One key as drawn."""

    key: str
    """The key Textual knows it by (``question_mark``), pressed on a click."""
    display: str
    """The key as shown (``?``)."""
    description: str
    tooltip: str
    """The binding's longer explanation, shown while the mouse is over the key."""
    blocked: str | None
    """Why it can't be used now, or None."""


class KeyFooter(Widget):
    """The keys of the screen in front, as many as fit, ``? help`` always last."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keyfooter--key", "keyfooter--description", "keyfooter--blocked"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyFooter > .keyfooter--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyFooter > .keyfooter--description {
        color: $footer-description-foreground;
    }
    KeyFooter > .keyfooter--blocked {
        color: $text-disabled;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, FooterKey]] = []
        """(first cell, cell after the last, key) of each key drawn: what a click presses, what hovering explains."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown_keys(self) -> list[FooterKey]:
        """The keys of the screen that are shown in a footer, one per action: the screen's own first (in the order
        it declares them), then the focused widget's, then the app's, ``q`` and the palette last. While a text field
        has the focus, ``?`` types a question mark: help is shown on F1 then."""
        screen = self.screen
        blocked_reason = getattr(screen, "blocked_reason", None)
        typing = isinstance(screen.focused, Input | TextArea)
        seen: set[str] = set()
        keys: list[tuple[int, FooterKey]] = []
        active = screen.active_bindings
        for node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if typing and binding.key == "question_mark" and "f1" in active:
                binding = active["f1"].binding
            reason = blocked_reason(binding.action) if blocked_reason is not None else None
            if not enabled and reason is None:
                reason = "not available here"
            explained = tooltip or binding.tooltip or binding.description
            key = FooterKey(binding.key, self._display(binding), binding.description, explained, reason)
            keys.append((0 if node is screen else 2 if node is self.app else 1, key))
        if not any(key.key in ALWAYS_SHOWN for _, key in keys):  # a dialog: only the app's F1 reaches past it
            help_key = self._f1_help()
            keys += [(2, help_key)] if help_key is not None else []
        declared = list(screen._bindings.key_to_bindings)  # the screen's keys in the order it declares them
        keys.sort(
            key=lambda ranked: (
                ranked[1].key in LAST,
                ranked[0],
                declared.index(ranked[1].key) if ranked[0] == 0 and ranked[1].key in declared else 0,
            )
        )
        return [key for _, key in keys]

    def _f1_help(self) -> FooterKey | None:
        """The app's F1 help key, if it has one."""
        for binding in self.app._bindings.key_to_bindings.get("f1", []):
            return FooterKey(binding.key, self._display(binding), binding.description, binding.tooltip, None)
        return None

    def _display(self, binding: Binding) -> str:
        shown = self.app.get_key_display(binding)
        return shown.upper() if re.fullmatch(r"f[0-9]+", shown) else shown  # F1, as printed on the key

    def render(self) -> Text:
        keys = self.shown_keys()
        always = [key for key in keys if key.key in ALWAYS_SHOWN]
        others = [key for key in keys if key.key not in ALWAYS_SHOWN]
        width = self.size.width
        room = width - sum(_width(key) for key in always)
        chosen: list[FooterKey] = []
        for key in others:
            if _width(key) > room:
                break  # in order: a later key never jumps ahead of one that didn't fit
            chosen.append(key)
            room -= _width(key)
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for key in chosen:
            self._append(text, key)
        if always:
            text.append(" " * max(room, 0))
            for key in always:
                self._append(text, key)
        return text

    def _append(self, text: Text, key: FooterKey) -> None:
        start = text.cell_len
        if key.blocked is None:
            key_style = self.get_component_rich_style("keyfooter--key")
            description_style = self.get_component_rich_style("keyfooter--description")
        else:
            key_style = description_style = self.get_component_rich_style("keyfooter--blocked")
        text.append(f" {key.display}", style=key_style)
        text.append(f" {key.description} ", style=description_style)
        self._spans.append((start, text.cell_len, key))

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x``, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        key = self.key_at(event.x)
        if key is not None:
            event.stop()
            self.app.simulate_key(key.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The mouse over a key explains it (and why it is unavailable, when it is)."""
        key = self.key_at(event.x)
        if key is None:
            self.tooltip = None
        else:
            self.tooltip = key.tooltip if key.blocked is None else f"{key.tooltip} — unavailable: {key.blocked}"


def _width(key: FooterKey) -> int:
    return Text(f" {key.display} {key.description} ").cell_len
