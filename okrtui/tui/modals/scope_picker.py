"""Whose key results a weekly check-in covers: me, one person, one team, or everything in the period."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.periods import Period
from okrtui.formatting import safe
from okrtui.services.reviews import Scope, due_items
from okrtui.services.views import Dataset, objectives_in
from okrtui.tui.base import OkrModal
from okrtui.tui.widgets.footer import KeyFooter


class ScopePicker(OkrModal[str | None]):
    """A list of scopes, each with how many key results are due in it; enter answers ``Scope.parse`` text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scope.cancel", tooltip="Close without starting a session"),
    ]

    def __init__(self, data: Dataset, period: Period) -> None:
        super().__init__()
        self.data = data
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(classes="form scope-picker") as box:
            box.border_title = f"Weekly check-in · {self.period}"
            yield Static("Whose key results? The number is how many are due.", classes="form-intro")
            yield OptionList(*self.scope_options(), id="scopes", compact=True)
        yield KeyFooter()  # the picker's own keys, not the screen's behind it

    def on_mount(self) -> None:
        scopes = self.query_one("#scopes", OptionList)
        scopes.highlighted = scopes.get_option_index("me" if self.due_count("me") else "all")
        scopes.focus()

    def due_count(self, scope_text: str) -> int:
        """How many key results are due in a scope now."""
        scope = Scope.parse(scope_text, self.app.ws.actor)
        return len(due_items(self.data, self.app.ws.today, scope, self.period))

    def scope_options(self) -> list[Option]:
        """Me and everything first, then each owner and each team of the period's objectives."""
        objectives = objectives_in(self.data, self.period)
        owners = sorted({o.owner for o in objectives if o.owner}, key=str.lower)
        teams = sorted({o.team for o in objectives if o.team}, key=str.lower)
        options = [self.option(f"Me ({safe(self.app.ws.actor)})", "me"), self.option("Everything", "all")]
        if owners:
            options += [heading("People"), *(self.option(safe(name), f"owner:{name}") for name in owners)]
        if teams:
            options += [heading("Teams"), *(self.option(f"Team {safe(name)}", f"team:{name}") for name in teams)]
        return options

    def option(self, label: str, scope_text: str) -> Option:
        """One scope with its count of due key results."""
        count = self.due_count(scope_text)
        prompt = Text(f"{label}  ")
        prompt.append(f"{count} due" if count else "nothing due", style="bold" if count else "dim")
        return Option(prompt, id=scope_text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without starting a session."""
        self.dismiss(None)


def heading(text: str) -> Option:
    """A group heading the cursor skips."""
    return Option(Text(text, style="bold underline"), disabled=True)
