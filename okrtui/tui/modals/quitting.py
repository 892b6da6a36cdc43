"""ctrl+c: leave okrtui at once, or after asking when a form or the weekly session holds unsaved input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from okrtui.tui.modals.confirm import ChoiceScreen

if TYPE_CHECKING:
    from textual.app import App


@runtime_checkable
class HoldsInput(Protocol):
    """A screen that can say whether it holds input not saved yet."""

    def unsaved_input(self) -> str | None:
        """What holds unsaved input (``New objective``), or None when nothing typed would be lost."""


class QuitQuestion(ChoiceScreen):
    """Quit and lose the unsaved input, or keep editing; ctrl+c again quits."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            "Quit",
            f"{holder} has unsaved input. Quit anyway and lose it?",
            [("Quit", "quit", "error"), ("Keep editing", "cancel", "primary")],
        )


def quit_asking(app: App) -> None:
    """Exit now, unless a screen holds unsaved input: then ask first (ctrl+c in the question quits)."""
    if isinstance(app.screen, QuitQuestion):
        app.exit()
        return
    holder = next(
        (
            held
            for screen in reversed(app.screen_stack)
            if isinstance(screen, HoldsInput) and (held := screen.unsaved_input())
        ),
        None,
    )
    if holder is None:
        app.exit()
        return
    app.push_screen(QuitQuestion(holder), lambda answer: app.exit() if answer == "quit" else None)
