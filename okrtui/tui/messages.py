"""What a save reports back to the widget that asked for it (``OkrApp.save(..., reply_to=widget)``).

The widget handles them with ``@on(SaveDone)`` / ``@on(SaveFailed)``; a widget gone by then (a form closed, a screen
popped) gets nothing, and a failure is then a notification.
"""

from __future__ import annotations

from textual.message import Message

from okrtui.errors import OkrError


class SaveDone(Message):
    """The save worked; ``saved`` is what the operation returned: the saved record's id, a one-line account, or
    None when it names nothing."""

    bubble = False  # for the widget that asked, not for its screen or the app

    def __init__(self, saved: str | None) -> None:
        super().__init__()
        self.saved = saved


class SaveFailed(Message):
    """The save did not happen (bad input, a conflict, a busy, read-only or unwritable file); nothing was written."""

    bubble = False

    def __init__(self, error: OkrError) -> None:
        super().__init__()
        self.error = error
