"""Multi-line text fields (descriptions, notes) and ctrl+e, which opens the focused one in the user's editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.widgets import TextArea

from okrtui.tui.modals.editor import EditorFailed, edit_text

if TYPE_CHECKING:
    from textual.screen import Screen

EDITOR_BINDING = Binding(
    "ctrl+e",
    "open_editor",
    "Editor",
    id="form.editor",
    priority=True,  # before a text field's own ctrl+e (end of line): End does that
    tooltip="Open the focused description or note in $EDITOR ($VISUAL, vi) and take back what is saved there",
)
"""The key of every form and screen with a text field."""
NOT_IN_A_TEXT_FIELD = "move to a description or note first"


class TextField(TextArea):
    """A multi-line text field of a form: Enter starts a new line, Tab goes on to the next field."""

    DEFAULT_CSS: ClassVar[str] = """
    TextField {
        height: 4;
    }
    TextField > .text-area--placeholder {
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )

    @property
    def value(self) -> str:
        """The text, as an Input's ``value`` (the forms read every field the same way)."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text


def editor_blocked(screen: Screen) -> str | None:
    """Why ctrl+e can't be used on ``screen`` now (None when a text field has the focus)."""
    return None if isinstance(screen.focused, TextField) else NOT_IN_A_TEXT_FIELD


def open_in_editor(screen: Screen) -> None:
    """Open the focused text field in the user's editor, handing the terminal over while it runs; put back what is
    saved there. A terminal that can't be handed over, or an editor that fails, is one notification: the text stays."""
    field = screen.focused
    if not isinstance(field, TextField):
        screen.notify(f"ctrl+e opens a description or note in your editor: {NOT_IN_A_TEXT_FIELD}", timeout=4)
        return
    try:
        with screen.app.suspend():
            edited = edit_text(field.text)
    except SuspendNotSupported:
        screen.notify(
            "You can't open an editor here: this session can't hand the terminal over. The text is kept.",
            title="Editor",
            severity="warning",
            timeout=6,
        )
        return
    except EditorFailed as error:
        screen.notify(f"{error}: the text is kept.", title="Editor", severity="error", timeout=8, markup=False)
        return
    field.text = edited
    field.move_cursor(field.document.end)
    field.focus()
