"""Corrections: edit or delete a key result's check-in, edit or delete a KPI value (``services.corrections``).

Each goes through the services, which journal it, so ctrl+z brings the old entry back.
"""

from __future__ import annotations

from okrtui.domain.models import KeyResult, Kpi
from okrtui.domain.periods import parse_date
from okrtui.errors import Conflict
from okrtui.formatting import number, safe
from okrtui.services import corrections, measurements
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.confirm import ChoiceScreen, Variant
from okrtui.tui.modals.form import FieldSpec, Form
from okrtui.tui.modals.forms import CONFIDENCES, find, fmt, required, required_number

NAMED_CONFIDENCES = {8: "on-track", 5: "at-risk", 2: "off-track"}
"""The confidences the check-in form names; any other stored one is offered as it is."""
DELETE_CHOICES: list[tuple[str, str, Variant]] = [("Delete", "delete", "error"), ("Cancel", "cancel", "primary")]


def required_date(text: str) -> None:
    """A check that the field is a date."""
    required("date")(text)
    parse_date(text)


class CorrectionForm(Form):
    """A form that changes only the fields edited, and says so when none was."""

    def check(self, values: dict[str, str]) -> dict[str, str]:
        errors = super().check(values)
        if not errors and values == self.base:
            errors["form"] = "Nothing changed: edit a field, or press escape to close"
        return errors

    def edited(self, values: dict[str, str]) -> dict[str, str]:
        """The fields whose value differs from what the form opened with."""
        return {name: value for name, value in values.items() if value != self.base.get(name)}


class CheckInEditForm(CorrectionForm):
    """Correct one check-in of a key result: value, confidence, note and date."""

    def __init__(self, kr_id: str, handle: int) -> None:
        super().__init__()
        self.kr_id = kr_id
        self.handle = handle

    def fields(self) -> list[FieldSpec]:
        kr: KeyResult = find(self.app.dataset.krs, self.kr_id)
        entry = kr.checkins[self.handle - 1]
        self.kr = kr
        self.expected_rev = kr.rev  # a list changed since may number its check-ins differently
        self.title = f"Edit a check-in of {kr.id}"
        self.intro = f"{safe(kr.title)}\n{number(entry.value, kr.unit)} on {entry.date} by {safe(entry.author)}"
        if kr.kind == "milestone":
            shown = "done" if entry.value >= 1 else "not-done"
            value = FieldSpec("value", "Done?", shown, options=[("done", "done"), ("not done", "not-done")])
        else:
            unit = safe(kr.unit) or "number"
            value = FieldSpec("value", f"Value ({unit})", fmt(entry.value), check=required_number("value"))
        confidence = entry.confidence
        choices = list(CONFIDENCES)
        if confidence is not None and confidence not in NAMED_CONFIDENCES:
            choices.append((f"{confidence}/10 (as stored)", str(confidence)))
        chosen = "" if confidence is None else NAMED_CONFIDENCES.get(confidence, str(confidence))
        return [
            value,
            FieldSpec("confidence", "Confidence", chosen, options=choices),
            FieldSpec("note", "Note", entry.note, multiline=True),
            FieldSpec("date", "Date (YYYY-MM-DD)", entry.date.isoformat(), check=required_date),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        edited = self.edited(values)
        _, handle, _ = corrections.edit_checkin(
            ws,
            self.kr_id,
            self.handle,
            value=edited.get("value"),
            confidence=edited.get("confidence"),  # "" (none chosen) clears it
            note=edited.get("note"),
            day=edited.get("date"),
            expected_rev=expected_rev,
        )
        return f"check-in {handle} of {self.kr_id}"

    def _conflicted(self, error: Conflict) -> None:
        """Someone changed the check-ins since: the handle may name another one now, so nothing is applied."""
        self.show_error(
            None,
            f"{error.message}: the check-ins of {self.kr_id} changed since this form opened. "
            "Press escape and select the check-in again.",
        )


class ValueEditForm(CorrectionForm):
    """Correct one KPI value: its number, or its date (the value moves: one change, one undo)."""

    def __init__(self, kpi_id: str, day: str) -> None:
        super().__init__()
        self.kpi_id = kpi_id
        self.day = day

    def fields(self) -> list[FieldSpec]:
        kpi: Kpi = find(self.app.dataset.kpis, self.kpi_id)
        self.kpi = kpi
        self.title = f"Edit {kpi.key} on {self.day}"
        self.intro = f"{safe(kpi.name)}\n{number(kpi.history[self.day], kpi.unit)} on {self.day}"
        unit = safe(kpi.unit) or "number"
        return [
            FieldSpec("value", f"Value ({unit})", fmt(kpi.history[self.day]), check=required_number("value")),
            FieldSpec(
                "date",
                "Date (YYYY-MM-DD; a date that has a value already gets this one instead)",
                self.day,
                check=required_date,
            ),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        day = parse_date(values["date"]).isoformat()
        with ws.repo.transaction():  # moved: the old date's value goes and the new one comes in one change
            if day != self.day:
                corrections.delete_value(ws, self.kpi_id, self.day)
            measurements.record(ws, self.kpi_id, values["value"], day=day)
        return f"{self.kpi.key} on {day}"


def confirm_checkin_delete(app, kr: KeyResult, handle: int) -> None:
    """Ask, then delete check-in ``handle`` of ``kr`` in a thread (refused when the check-ins changed since)."""
    entry = kr.checkins[handle - 1]
    what = f"{number(entry.value, kr.unit)} on {entry.date} by {safe(entry.author)}"
    note = f"\nNote: {safe(entry.note)}" if entry.note else ""
    question = f"Delete the check-in {what} from {kr.id}?{note}\n\nctrl+z brings it back."
    rev = kr.rev

    def answered(answer: str | None) -> None:
        if answer == "delete":
            app.save(
                lambda ws: corrections.delete_checkin(ws, kr.id, handle, expected_rev=rev),
                success=f"Deleted the check-in {what} from {kr.id}",
                failed="Not deleted",
            )

    app.push_screen(ChoiceScreen("Delete a check-in", question, DELETE_CHOICES), answered)


def confirm_value_delete(app, kpi: Kpi, day: str) -> None:
    """Ask, then delete the KPI's value of ``day`` (one it has) in a thread."""
    what = f"{number(kpi.history[day], kpi.unit)} on {day}"
    question = f"Delete the value {what} of {safe(kpi.key)}?\n\nctrl+z brings it back."

    def answered(answer: str | None) -> None:
        if answer == "delete":
            app.save(
                lambda ws: corrections.delete_value(ws, kpi.id, day),
                success=f"Deleted {safe(kpi.key)} {what}",
                failed="Not deleted",
            )

    app.push_screen(ChoiceScreen("Delete a KPI value", question, DELETE_CHOICES), answered)
