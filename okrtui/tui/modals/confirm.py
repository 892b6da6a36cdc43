"""Questions with a few answers: confirm a delete, resolve a conflict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from okrtui.errors import Conflict
from okrtui.formatting import safe
from okrtui.services import kpis, okrs
from okrtui.services.workspace import Workspace
from okrtui.tui.base import OkrModal

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


Variant = Literal["default", "primary", "success", "warning", "error"]
"""A button's look."""


class ChoiceScreen(OkrModal[str | None]):
    """A question and a row of buttons; Escape answers None (cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="choice.cancel", tooltip="Answer nothing")
    ]

    def __init__(self, title: str, question: str, choices: Sequence[tuple[str, str, Variant]]) -> None:
        """``choices`` are (label, answer, button variant)."""
        super().__init__()
        self.title_text = title
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="form") as box:
            box.border_title = Content(self.title_text)
            yield Static(Text(self.question), classes="form-intro")  # plain text: it may quote user text
            with Horizontal(classes="form-buttons"):
                for label, answer, variant in self.choices:
                    yield Button(label, id=f"choice-{answer}", variant=variant, compact=True)

    def on_mount(self) -> None:
        self.query(Button).last().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_dismiss_none(self) -> None:
        """Cancel."""
        self.dismiss(None)


class ConflictScreen(ChoiceScreen):
    """Someone saved the record since the form opened: keep theirs, apply mine to it, or keep editing.

    ``clashes`` are (field label, their value, my value) of the fields both sides changed; shown as plain text.
    """

    def __init__(self, conflict: Conflict, clashes: Sequence[tuple[str, str, str]] = ()) -> None:
        theirs = conflict.current or {}
        who = safe(theirs.get("updated_by") or "someone")
        question = (
            f"{safe(conflict.message)}.\n\n{who} saved this record after you opened the form. "
            "Keep their version (yours is discarded), apply your changes to theirs (Mine: only the fields "
            "you changed), or go back to your edits."
        )
        for label, their_value, my_value in clashes:
            question += (
                f"\n\nYou both changed {safe(label)}:\n  theirs: {_shown(their_value)}\n  mine:   {_shown(my_value)}"
            )
        super().__init__(
            "Changed by someone else",
            question,
            [("Theirs", "theirs", "default"), ("Mine", "mine", "warning"), ("Cancel", "cancel", "primary")],
        )


def _shown(value: str) -> str:
    """A field's value in the dialog: escaped control characters, "(empty)" for nothing."""
    return safe(value) if value else "(empty)"


def confirm_delete(app: OkrApp, record_id: str) -> None:
    """Ask before deleting ``record_id``, saying what goes with it; then delete it in a thread."""
    data = app.dataset
    prefix = record_id.split("-")[0]
    choices: list[tuple[str, str, Variant]] = [("Delete", "delete", "error"), ("Cancel", "cancel", "primary")]
    if prefix == "O":
        krs = data.krs_of.get(record_id, [])
        initiatives = [i for i in data.initiatives if i.objective == record_id]
        children = data.children_of.get(record_id, [])
        question = (
            f"Delete {record_id}"
            + (f" with its {len(krs)} key result(s) and {len(initiatives)} initiative(s)" if krs or initiatives else "")
            + "?"
        )
        if children:
            question += f"\n\nIt has {len(children)} aligned child objective(s): " + ", ".join(c.id for c in children)
            choices = [
                ("Delete, children lose their parent", "detach", "error"),
                ("Delete, children move up", "reparent", "warning"),
                ("Cancel", "cancel", "primary"),
            ]
    elif prefix == "KR":
        question = f"Delete {record_id} and its whole check-in history? Its initiatives move to the objective."
    elif prefix == "K":
        drives = data.krs_driven_by.get(record_id, [])
        question = f"Delete KPI {record_id} and its history?" + (
            f" {', '.join(drives)} will stop following it." if drives else ""
        )
    else:
        question = f"Delete initiative {record_id}?"

    def answered(answer: str | None) -> None:
        if answer in (None, "cancel"):
            return
        children = "reparent" if answer == "reparent" else "detach"
        operations: dict[str, Callable[[Workspace], object]] = {
            "O": lambda ws: okrs.delete_objective(ws, record_id, force=True, children=children),
            "KR": lambda ws: okrs.delete_kr(ws, record_id),
            "I": lambda ws: okrs.delete_initiative(ws, record_id),
            "K": lambda ws: kpis.delete_kpi(ws, record_id, force=True),
        }

        def delete(ws: Workspace) -> str:
            operations[prefix](ws)
            return record_id

        app.save(delete, success=f"Deleted {record_id}")

    app.push_screen(ChoiceScreen("Delete", question, choices), answered)
