"""The lead's weekly check-in: every due key result of a scope, one at a time, each entry saved as it is made.

The steps are the key results due when the session starts; a step leaves the due list once checked in, so the
list is fixed up front. Every entry is its own locked write (``checkins.checkin``), so a dropped SSH connection
loses nothing already entered. The session ends in :class:`CheckInSummary`, on the last step or on escape.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective
from okrtui.domain.scoring import closure_on
from okrtui.errors import BadInput
from okrtui.formatting import kr_values, safe, sparkline, value_text
from okrtui.services import checkins
from okrtui.services.view_models import KrView
from okrtui.services.views import Dataset, Scorer, kr_view
from okrtui.services.workspace import Workspace, parse_number
from okrtui.tui.base import LiveScreen
from okrtui.tui.messages import SaveDone, SaveFailed
from okrtui.tui.modals.form import PLACEHOLDER_CSS
from okrtui.tui.modals.forms import CONFIDENCES, kpi_text
from okrtui.tui.modals.text_field import EDITOR_BINDING, TextField, editor_blocked, open_in_editor
from okrtui.tui.session_log import Entry, SessionLog, describe
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.lines import SEPARATOR, cut, fields_line, join_lines, kr_standing
from okrtui.tui.widgets.panes import KPI_LINK_MARK

MILESTONE_CHOICES = [("done", "done"), ("not done", "not-done")]
NOTE_WIDTH = 150
"""A long last note is cut here so the step still fits 80×24; the details screen shows it whole."""


# -- the step text -----------------------------------------------------------------------------------------------------


def step_text(
    view: KrView, objective: Objective | None, latest: CheckIn | None, today: date, kpi: Kpi | None = None
) -> Text:
    """Objective, key result, its last value, trend, pace and status; for one that follows ``kpi``, what a check-in
    does there, with the KPI's last values."""
    about = Text("Objective ", style="dim")
    if objective is not None:
        about.append(f"{objective.id} {cut(objective.title, 50)}")
        about.append(SEPARATOR, style="dim")
        about.append(f"{safe(objective.owner) or '(no owner)'}, {objective.cadence}", style="dim")
    else:
        about.append(f"{view.objective} (gone)")
    lines = [
        about,
        Text(f"{view.id} {safe(view.title)}", style="bold"),
        fields_line([("Kind", view.kind), ("Values", kr_values(view))]),
        *([Text(f"{KPI_LINK_MARK} {kpi_text(kpi, today)}", style="cyan")] if kpi is not None else []),
        last_text(latest, view, today),
        *([Text(f"  “{cut(latest.note, NOTE_WIDTH)}”", style="italic dim")] if latest and latest.note else []),
        trend_text(view),
        *kr_standing(view),
    ]
    return join_lines(lines)


def last_text(latest: CheckIn | None, view: KrView, today: date) -> Text:
    """``Last 49 on 2026-11-05 by chen, 17 days ago · confidence 3/10``."""
    if latest is None:
        return Text("No check-ins yet", style="yellow")
    days = (today - latest.date).days
    line = fields_line(
        [
            ("Last", value_text(latest.value, view.kind, view.unit)),
            ("on", f"{latest.date} ({days} days ago)" if days else f"{latest.date} (today)"),
            ("by", latest.author or "?"),
        ]
    )
    if latest.confidence is not None:
        line.append(f"{SEPARATOR}confidence {latest.confidence}/10", style="dim")
    return line


def trend_text(view: KrView) -> Text:
    """The sparkline of the check-in values, with their count."""
    values = [checkin.value for checkin in view.checkins]
    if len(values) < 2:
        return Text("Trend: not enough check-ins yet", style="dim")
    line = Text("Trend ", style="dim")
    line.append(sparkline(values, 24), style="cyan")
    return line + Text(f"  {len(values)} check-ins", style="dim")


# -- the screen --------------------------------------------------------------------------------------------------------


class CheckInSession(LiveScreen[None]):
    """One due key result at a time: a new value, a confidence and a note; skip, back or stop at any point."""

    DEFAULT_CSS: ClassVar[str] = PLACEHOLDER_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="session.save",
            tooltip="Save this entry and go to the next key result (Enter moves to the next field)",
        ),
        Binding("ctrl+n", "skip", "Skip", id="session.skip", tooltip="Go to the next key result without saving"),
        Binding(
            "ctrl+b",
            "back",
            "Back",
            id="session.back",
            tooltip="Go to the previous key result (what you saved there is shown)",
        ),
        Binding("escape", "stop", "Stop", id="session.stop", tooltip="End the session and show the summary"),
        EDITOR_BINDING,
        Binding(
            "q",
            "stop",
            "Stop",
            show=False,
            id="session.stop_q",
            tooltip="End the session and show the summary (outside a text field)",
        ),
    ]

    def __init__(self, session: SessionLog) -> None:
        super().__init__(classes="session-screen")
        self.session = session
        self.index = 0
        """Which of ``session.steps`` is on screen."""
        self.saving = False
        self.saving_step = 0
        """The step whose entry is being written."""

    @property
    def kr_id(self) -> str:
        """The key result on screen."""
        return self.session.steps[self.index]

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details session", can_focus=False):  # typing goes to the fields
            yield Static(id="step-about")
            yield Static(id="step-note", classes="session-note")
            with Horizontal(classes="session-field"):
                yield Label("New value", id="label-value", classes="field-label")
                yield Input(id="field-value", placeholder="a number", compact=True)
                yield Select(MILESTONE_CHOICES, id="field-done", prompt="(choose)", compact=True)
                yield Static(id="error-value", classes="field-error")
            with Horizontal(classes="session-field"):
                yield Label("Confidence", classes="field-label")
                yield Select(CONFIDENCES, id="field-confidence", prompt="(none)", compact=True)
            with Horizontal(classes="session-field"):
                yield Label("Note", classes="field-label")
                yield TextField(placeholder="what moved, what is in the way", id="field-note")
            yield Static(id="form-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Back", id="back", compact=True)
                yield Button("Skip", id="skip", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_step(0)

    # -- drawing ------------------------------------------------------------------------------------------------------

    def show_step(self, index: int) -> None:
        """Show step ``index`` with its saved entry (if any) in the fields; past the last step, the summary."""
        if index >= len(self.session.steps):
            self.finish()
            return
        self.index = index
        scope = describe(self.session.scope, self.app.ws.actor)
        self.title = f"Weekly check-in · {scope} · {index + 1} of {len(self.session.steps)}"
        self.draw_about(self.app.data)
        self.fill_fields()

    def redraw(self) -> None:
        """The key result on screen again, from the latest read of the file."""
        if self.index < len(self.session.steps):
            self.draw_about(self.app.data)

    def period_changed(self) -> None:
        """A session's steps are fixed when it starts: the period shown elsewhere changes nothing here."""

    def draw_about(self, data: Dataset | None) -> None:
        """The key result on screen, from the latest read of the file."""
        kr = data.kr_by_id.get(self.kr_id) if data is not None else None
        about = self.query_one("#step-about", Static)
        if data is None or kr is None:
            about.update(
                Text(
                    f"{self.kr_id} no longer exists: it was deleted, perhaps in another session. ctrl+n skips it.",
                    style="yellow",
                )
            )
            return
        closed = closure_on(kr, self.app.ws.today)
        if closed is not None:  # closed in another session since this one started: it takes no check-in
            about.update(Text(f"{self.kr_id} was closed as {closed.outcome}: ctrl+n skips it.", style="yellow"))
            return
        scorer = Scorer(data, self.app.ws.today)
        objective = data.objective_by_id.get(kr.objective)
        kpi = data.kpi_by_id.get(kr.kpi or "")
        about.update(step_text(kr_view(scorer, kr), objective, scorer.kr(kr).latest, self.app.ws.today, kpi))

    def current_kr(self) -> KeyResult | None:
        """The key result on screen as last read (None when it was deleted)."""
        data = self.app.data
        return data.kr_by_id.get(self.kr_id) if data is not None else None

    def fill_fields(self) -> None:
        """The fields of this step: empty, or as saved earlier in the session."""
        kr = self.current_kr()
        milestone = kr is not None and kr.kind == "milestone"
        entry = self.session.saved.get(self.kr_id)
        typed = entry.typed if entry else {}
        self.clear_errors()
        self.query_one("#field-value", Input).display = not milestone
        self.query_one("#field-done", Select).display = milestone
        self.query_one("#label-value", Label).update(Text("Done?") if milestone else value_label(kr))
        self.query_one("#field-value", Input).value = typed.get("value", "")
        set_select(self.query_one("#field-done", Select), typed.get("done", ""))
        set_select(self.query_one("#field-confidence", Select), typed.get("confidence", ""))
        self.query_one("#field-note", TextField).value = typed.get("note", "")
        self.show_step_note(kr, entry)
        self.query_one("#field-done" if milestone else "#field-value").focus()

    def show_step_note(self, kr: KeyResult | None, entry: Entry | None) -> None:
        """Say what this session already did with this key result."""
        note = self.query_one("#step-note", Static)
        if entry is not None and kr is not None:
            note.update(
                Text(
                    f"✓ Saved in this session: {value_text(entry.value, kr.kind, kr.unit)} · "
                    "ctrl+s adds a correction, ctrl+n goes on",
                    style="green",
                )
            )
        elif self.kr_id in self.session.passed:
            note.update(Text("Skipped earlier in this session.", style="dim"))
        note.display = entry is not None or self.kr_id in self.session.passed

    # -- values and errors --------------------------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """The fields as typed."""
        return {
            "value": self.query_one("#field-value", Input).value,
            "done": select_value(self.query_one("#field-done", Select)),
            "confidence": select_value(self.query_one("#field-confidence", Select)),
            "note": self.query_one("#field-note", TextField).value,
        }

    def unsaved_input(self) -> str | None:
        """This step, when its fields hold input not saved in this session (ctrl+c asks first)."""
        if not self.is_mounted or self.index >= len(self.session.steps):
            return None
        entry = self.session.saved.get(self.kr_id)
        typed = self.typed()
        if typed == (entry.typed if entry else {}) or not any(typed.values()):
            return None
        return f"The weekly check-in of {self.kr_id}"

    def show_error(self, field_name: str | None, message: str) -> None:
        """An error beside the value field, or under the fields."""
        target = self.query_one("#error-value" if field_name == "value" else "#form-error", Static)
        target.update(Text(safe(message)))
        target.display = True
        if field_name == "value":
            widget = self.query_one("#field-done" if self.query_one("#field-done").display else "#field-value")
            widget.add_class("-invalid")
            widget.focus()

    def clear_errors(self) -> None:
        """Hide every error."""
        for selector in ("#error-value", "#form-error"):
            self.query_one(selector).display = False
        for selector in ("#field-value", "#field-done"):
            self.query_one(selector).remove_class("-invalid")

    # -- actions ------------------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check the value here, then save the entry in its own write and go on once it is stored."""
        kr = self.current_kr()
        if self.saving or kr is None:
            return
        self.clear_errors()
        typed = self.typed()
        try:
            value = checked_value(kr, typed)
        except BadInput as error:
            self.show_error("value", error.message)
            return
        kr_id, session = kr.id, self.session
        self.saving_step = self.index
        self.set_saving(True)

        def check_in(ws: Workspace) -> str:
            """Save, and log the entry at once: a session stopped meanwhile still shows it in its summary."""
            _, entry = checkins.checkin(ws, kr_id, value, confidence=typed["confidence"] or None, note=typed["note"])
            session.saved[kr_id] = Entry(entry["value"], typed)
            session.passed.add(kr_id)
            return kr_id

        self.app.save(check_in, reply_to=self)

    @on(SaveDone)
    def _saved(self) -> None:
        """Go on if the user is still on the step saved (and on this screen)."""
        self.set_saving(False)
        if self.index == self.saving_step:
            self.show_step(self.index + 1 if self.is_current else self.index)

    @on(SaveFailed)
    def _failed(self, message: SaveFailed) -> None:
        error = message.error
        self.set_saving(False)
        if isinstance(error, BadInput):
            self.show_error("value" if error.field == "value" else None, error.message)
        else:
            self.show_error(None, f"Not saved: {error.message}. Your input is kept; try again.")

    def set_saving(self, saving: bool) -> None:
        """While an entry is being written, the step can't change under it."""
        self.saving = saving
        for button in self.query(Button):
            button.disabled = saving

    def action_skip(self) -> None:
        """On to the next key result without saving."""
        if not self.saving:
            self.session.passed.add(self.kr_id)
            self.show_step(self.index + 1)

    def action_back(self) -> None:
        """Back to the previous key result."""
        if self.saving:
            return
        if self.index == 0:
            self.notify("This is the first key result of the session", timeout=3)
            return
        self.show_step(self.index - 1)

    def action_stop(self) -> None:
        """End the session: the summary (what is saved stays saved)."""
        self.finish()

    def finish(self) -> None:
        """Replace this screen by the summary."""
        if self.is_current:
            self.app.show_checkin_summary(self.session, replace=True)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter goes on to the next field, as in every form; ctrl+s saves."""
        event.stop()
        self.focus_next()

    def blocked_reason(self, action: str) -> str | None:
        """Why a key of the footer can't be used now (ctrl+e outside the note)."""
        return editor_blocked(self) if action == "open_editor" else super().blocked_reason(action)

    def action_open_editor(self) -> None:
        """Open the note in $EDITOR."""
        open_in_editor(self)


def checked_value(kr: KeyResult, typed: dict[str, str]) -> str:
    """The value to check in, as the service takes it; BadInput (field ``value``) when it is missing or no number."""
    if kr.kind == "milestone":
        if not typed["done"]:
            raise BadInput("choose done or not done", field="value")
        return typed["done"]
    if kr.kpi and not typed["value"].strip():  # a note alone: services.checkins says whether that will do
        return ""
    parse_number(typed["value"], "value")
    return typed["value"].strip()


def value_label(kr: KeyResult | None) -> Text:
    """``New value (days)``, the unit as plain text."""
    unit = safe(kr.unit) if kr is not None else ""
    return Text(f"New value ({unit})" if unit else "New value")


def select_value(select: Select) -> str:
    """A Select's value, "" for none."""
    return "" if select.value is Select.NULL else str(select.value)


def set_select(select: Select, value: str) -> None:
    """Choose ``value``, or clear the Select for ""."""
    if value:
        select.value = value
    else:
        select.clear()
