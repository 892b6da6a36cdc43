"""A modal form: fields with their errors beside them, a save that runs off the UI thread, conflicts handled.

Nothing typed is lost: a failed save (bad input, a conflict, a busy or unwritable file) keeps the form open with its
values. Every check is the services' own (the same parsers the CLI uses), so the form and the CLI never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from okrtui.errors import BadInput, Conflict, ReadOnlyError
from okrtui.formatting import safe
from okrtui.services.workspace import Workspace
from okrtui.tui.base import OkrModal
from okrtui.tui.messages import SaveDone, SaveFailed
from okrtui.tui.modals.text_field import EDITOR_BINDING, TextField, editor_blocked, open_in_editor
from okrtui.tui.widgets.footer import KeyFooter

PLACEHOLDER_CSS = """
Input > .input--placeholder {
    color: $text-muted;
    text-style: italic;
}
"""
"""A placeholder is an example ("e.g. 59"): dim and italic, never mistaken for a value typed in."""


@dataclass
class FieldSpec:
    """One input of a form."""

    name: str
    label: str
    value: str = ""
    options: Sequence[tuple[str, str]] | None = None
    """(label, value) choices: the field is a Select. A value of "" means none."""
    placeholder: str = ""
    check: Callable[[str], Any] | None = None
    """Called with the typed text on save; raises BadInput when it is wrong."""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    """Other names the services use for this field (``at-least`` for a threshold typed in ``target``)."""
    multiline: bool = False
    """Longer text (a description, a note): a multi-line field that ctrl+e opens in $EDITOR."""


class Form(OkrModal[str | None]):
    """Base of every record form; subclasses give ``title``, ``fields()`` and ``submit()``."""

    DEFAULT_CSS: ClassVar[str] = PLACEHOLDER_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save (Enter in the last field too)"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        EDITOR_BINDING,
    ]

    title: str = "Form"
    intro: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.specs: list[FieldSpec] = []
        self.expected_rev: int | None = None
        """The record's rev when the form opened; a save finding another rev is a conflict."""
        self.saving = False
        self.base: dict[str, str] = {}
        """What the fields held when the form opened: a field differing from it is one this user changed."""
        self.pending: dict[str, str] = {}
        """The values of the last save the user asked for."""
        self.conflict: tuple[dict[str, str] | None, int | None] = (None, None)
        """(their values, their rev) as the last conflict dialog showed them."""
        self.resolving = False
        """A "mine" save is under way: a further conflict is compared with what the dialog showed."""

    # -- building -----------------------------------------------------------------------------------------------------

    def fields(self) -> list[FieldSpec]:
        """The form's fields, filled from the record being edited."""
        raise NotImplementedError

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        """Save through the services (runs in a thread); returns the saved record's id (or a one-line account)."""
        raise NotImplementedError

    def stored_values(self, doc: dict) -> dict[str, str]:
        """The fields as they would be filled from ``doc``, the record as someone else stored it (edit forms)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        self.specs = self.fields()
        with VerticalScroll(classes="form") as box:
            box.border_title = self.title
            if self.intro:
                yield Static(self.intro, classes="form-intro", markup=False)
            for spec in self.specs:
                yield Label(spec.label, classes="field-label", id=f"label-{spec.name}", markup=False)
                if spec.options is not None:
                    choices = [(Text(label), value) for label, value in spec.options]  # labels are plain text
                    yield Select(
                        choices,
                        value=spec.value if spec.value else Select.NULL,
                        allow_blank=True,
                        id=f"field-{spec.name}",
                        prompt="(none)",
                        compact=True,
                    )
                elif spec.multiline:
                    yield TextField(spec.value, placeholder=spec.placeholder, id=f"field-{spec.name}")
                else:
                    yield Input(spec.value, placeholder=spec.placeholder, id=f"field-{spec.name}", compact=True)
                yield Static("", classes="field-error", id=f"error-{spec.name}")
            yield Static("", classes="form-error", id="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)
        yield KeyFooter()  # the form's own keys, not the screen's behind it

    def on_mount(self) -> None:
        for spec in self.specs:
            self.query_one(f"#error-{spec.name}").display = False
        self.query_one("#form-error").display = False
        self.query_one(".form").can_focus = False  # typing goes to the first field, not the scroll container
        self.query_one(f"#field-{self.specs[0].name}").focus()
        self.base = self.values()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+e only in a form with a description or note."""
        if action == "open_editor":
            return any(spec.multiline for spec in self.specs)
        return super().check_action(action, parameters)

    def blocked_reason(self, action: str) -> str | None:
        """Why a key of the footer can't be used now (ctrl+e outside a text field)."""
        return editor_blocked(self) if action == "open_editor" else super().blocked_reason(action)

    def action_open_editor(self) -> None:
        """Open the focused description or note in $EDITOR."""
        open_in_editor(self)

    def unsaved_input(self) -> str | None:
        """The form's title when a field differs from what it held when the form opened (ctrl+c asks first)."""
        if not self.is_mounted or not self.specs or self.values() == self.base:
            return None
        return f"The form {self.title!r}"

    # -- values and errors --------------------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """What is in every field now ("" for an empty one)."""
        values = {}
        for spec in self.specs:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                values[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input | TextField):
                values[spec.name] = widget.value
        return values

    def show_error(self, field_name: str | None, message: str) -> None:
        """An error beside its field, or under the form when no field is at fault."""
        spec = next((s for s in self.specs if field_name in (s.name, *s.aliases)), None)
        target = self.query_one(f"#error-{spec.name}" if spec else "#form-error", Static)
        target.update(Text(safe(message)))
        target.display = True
        if spec:
            widget = self.query_one(f"#field-{spec.name}")
            widget.add_class("-invalid")
            widget.focus()

    def clear_errors(self) -> None:
        """Hide every error."""
        for spec in self.specs:
            self.query_one(f"#error-{spec.name}").display = False
            self.query_one(f"#field-{spec.name}").remove_class("-invalid")
        self.query_one("#form-error").display = False

    def check(self, values: dict[str, str]) -> dict[str, str]:
        """Field errors found without touching the file: every field's own check."""
        errors = {}
        for spec in self.specs:
            if spec.check is None:
                continue
            try:
                spec.check(values[spec.name])
            except BadInput as error:
                errors[spec.name] = error.message
        return errors

    # -- saving -------------------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check the fields, then save in a thread; the form closes only when the save worked."""
        if self.saving:
            return
        self.clear_errors()
        values = self.values()
        errors = self.check(values)
        for name, message in reversed(list(errors.items())):
            self.show_error(name, message)
        if errors:
            return
        self.pending, self.resolving = values, False
        self._submit(values, self.expected_rev)

    def _submit(self, values: dict[str, str], rev: int | None) -> None:
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self.app.save(lambda ws: self.submit(ws, values, rev), reply_to=self)

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        self.saving = False
        self.app.notify(f"Saved {message.saved or ''}".strip(), timeout=3)
        self.dismiss(message.saved)

    @on(SaveFailed)
    def _failed(self, message: SaveFailed) -> None:
        error = message.error
        self.saving = False
        self.query_one("#save", Button).disabled = False
        if isinstance(error, Conflict):
            self._conflicted(error)
        elif isinstance(error, BadInput):
            self.show_error(error.field, error.message)
        elif isinstance(error, ReadOnlyError):
            self.show_error(None, "This session is read-only (--read-only): nothing can be saved here.")
            self.app.notify(error.message, title="Read-only", severity="warning", timeout=6, markup=False)
        else:
            self.show_error(None, f"Not saved: {error.message}. Your input is kept; try again.")
            self.app.notify(error.message, title="Not saved", severity="error", timeout=8, markup=False)

    def mine(self) -> dict[str, str]:
        """The fields this user changed since the form opened, with what they typed."""
        return {name: value for name, value in self.pending.items() if value != self.base.get(name)}

    def _conflicted(self, error: Conflict) -> None:
        """Ask theirs / mine / cancel, showing both values of every field both sides changed. During a "mine" save,
        a change that touched none of my fields is no question: mine is applied again on the record as it is now."""
        from okrtui.tui.modals.confirm import ConflictScreen

        theirs, rev = self._theirs(error.current)
        mine = self.mine()
        seen = (self.conflict[0] if self.resolving else None) or self.base  # what this user knew of the record
        clashes = [
            name
            for name, value in mine.items()
            if theirs is not None and theirs.get(name) not in (seen.get(name), value)
        ]
        self.conflict = (theirs, rev)
        if self.resolving and theirs is not None and not clashes:
            self._submit({**theirs, **mine}, rev)
            return
        labels = {spec.name: spec.label for spec in self.specs}
        rows = [(labels[name], theirs[name], mine[name]) for name in clashes] if theirs is not None else []
        self.app.push_screen(ConflictScreen(error, rows), self._resolve_conflict)

    def _theirs(self, doc: dict | None) -> tuple[dict[str, str] | None, int | None]:
        """(the fields filled from the stored record, its rev); (None, rev) when the record can't be read as one."""
        rev = doc.get("rev", 1) if isinstance(doc, dict) else None  # a stored record without one is at rev 1
        try:
            return self.stored_values(doc or {}), rev
        except (ValueError, TypeError, KeyError, NotImplementedError):  # pydantic's ValidationError is a ValueError
            return None, rev

    def _resolve_conflict(self, choice: str | None) -> None:
        """theirs: keep their version and close; mine: apply my changes to theirs, with their rev (a change since is
        caught again); cancel: keep editing."""
        if choice == "theirs":
            self.app.notify("Kept their version; your changes were discarded", timeout=4)
            self.dismiss(None)
        elif choice == "mine":
            theirs, rev = self.conflict
            self.resolving = True
            self._submit(self.pending if theirs is None else {**theirs, **self.mine()}, rev)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


def options(values: Sequence[str]) -> list[tuple[str, str]]:
    """Select options whose label is the value."""
    return [(value, value) for value in values]


def text_or_none(text: str) -> str | None:
    """None for an empty field (the services then keep their default)."""
    return text.strip() or None
