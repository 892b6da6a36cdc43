"""Questions with a few answers: confirm a delete, resolve a conflict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

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
from okrtui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from okrtui.services.views import Dataset
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
        yield KeyFooter()  # the dialog's own keys, not the screen's behind it

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


def quoted(title: str, width: int = 60) -> str:
    """A record's title in a question: quoted, control characters escaped, cut at its end with "…"."""
    text = safe(title)
    return f'"{text if len(text) <= width else text[: width - 1] + "…"}"'


def counted(count: int, what: str) -> str:
    """``1 key result``, ``3 key results``."""
    return f"{count} {what}" + ("" if count == 1 else "s")


def exists(data: Dataset, record_id: str) -> bool:
    """Whether ``record_id`` is in this read of the file."""
    tables: dict[str, Any] = {
        "O": data.objective_by_id,
        "KR": data.kr_by_id,
        "K": data.kpi_by_id,
        "I": {i.id for i in data.initiatives},
    }
    return record_id in tables.get(record_id.split("-")[0], ())


def delete_question(data: Dataset, record_id: str) -> tuple[str, list[tuple[str, str, Variant]]]:
    """The question before deleting ``record_id`` (by id and title, with what goes with it) and its answers."""
    prefix = record_id.split("-")[0]
    choices: list[tuple[str, str, Variant]] = [("Delete", "delete", "error"), ("Cancel", "cancel", "primary")]
    if prefix == "O":
        objective = data.objective_by_id[record_id]
        krs = data.krs_of.get(record_id, [])
        initiatives = [i for i in data.initiatives if i.objective == record_id]
        parts = [counted(len(krs), "key result"), counted(len(initiatives), "initiative")]
        with_what = f" with its {' and '.join(parts)}" if krs or initiatives else ""
        question = f"Delete {record_id} {quoted(objective.title)}{with_what}?"
        children = data.children_of.get(record_id, [])
        if children:
            named = "\n".join(f"  {c.id} {quoted(c.title)}" for c in children)
            question += f"\n\nIt has {counted(len(children), 'aligned child objective')}:\n{named}"
            choices = [
                ("Delete, detach children", "detach", "error"),
                ("Delete, children move up", "reparent", "warning"),
                ("Cancel", "cancel", "primary"),
            ]
    elif prefix == "KR":
        kr = data.kr_by_id[record_id]
        question = (
            f"Delete {record_id} {quoted(kr.title)} and its {counted(len(kr.checkins), 'check-in')}? "
            f"Its initiatives move to {kr.objective}."
        )
    elif prefix == "K":
        kpi = data.kpi_by_id[record_id]
        drives = data.krs_driven_by.get(record_id, [])
        question = f"Delete KPI {record_id} {quoted(kpi.name)} ({safe(kpi.key)}) and its history?" + (
            f" {', '.join(drives)} will stop following it." if drives else ""
        )
    else:
        initiative = next(i for i in data.initiatives if i.id == record_id)
        question = f"Delete initiative {record_id} {quoted(initiative.title)}?"
    return question, choices


def _shown(value: str) -> str:
    """A field's value in the dialog: escaped control characters, "(empty)" for nothing."""
    return safe(value) if value else "(empty)"


def confirm_delete(app: OkrApp, record_id: str, confirmed: Callable[[], None] | None = None) -> None:
    """Ask before deleting ``record_id``, naming it and saying what goes with it; then delete it in a thread (after
    calling ``confirmed``, when given: the user said yes)."""
    prefix = record_id.split("-")[0]
    if not exists(app.dataset, record_id):
        app.notify(f"{record_id} no longer exists: it was deleted, perhaps in another session", severity="warning")
        return
    question, choices = delete_question(app.dataset, record_id)

    def answered(answer: str | None) -> None:
        if answer in (None, "cancel"):
            return
        if confirmed is not None:
            confirmed()
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
