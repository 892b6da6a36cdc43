"""Closing, carrying and reopening a period from the UI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.periods import Period
from okrtui.formatting import safe
from okrtui.services import cycles
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.form import FieldSpec, Form

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


class ClosePeriodForm(Form):
    """A retrospective note per open objective; saving closes the period (the form is the confirmation)."""

    def __init__(self, period: str) -> None:
        super().__init__()
        self.period = period

    def fields(self) -> list[FieldSpec]:
        open_ones = cycles.open_objectives(self.app.dataset, self.period)
        self.title = f"Close {self.period}"
        self.intro = (
            f"Saving grades every key result and objective of {self.period} ({len(open_ones)} objective(s)) "
            "and makes them read-only until reopened. A retrospective note per objective is optional."
        )
        if not open_ones:
            self.intro = f"{self.period} has no open objectives to close."
        return [
            FieldSpec(
                f"retro-{o.id}", f"{o.id} {safe(o.title)[:60]}", "", placeholder="what we learned", multiline=True
            )
            for o in open_ones
        ] or [FieldSpec("nothing", "Nothing to close", "")]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        retros = {
            name.removeprefix("retro-"): note
            for name, note in values.items()
            if name.startswith("retro-") and note.strip()
        }
        grades = cycles.close_period(ws, self.period, retros)
        return f"{self.period}: {len(grades.objective_grades)} objective(s) graded"


def confirm_carry(app: OkrApp, period: Period) -> None:
    """Ask, then copy the unfinished objectives of ``period`` into the next one."""
    target = period.shifted(1)

    def answered(answer: str | None) -> None:
        if answer == "carry":
            app.save(
                lambda ws: carried_message(cycles.carry_period(ws, str(period), str(target)), target), announce=True
            )

    app.push_screen(
        ChoiceScreen(
            "Carry over",
            f"Copy the unfinished objectives of {period} into {target}, key results restarted from their current "
            f"values and unfinished initiatives along? Nothing in {period} changes.",
            [("Carry over", "carry", "primary"), ("Cancel", "cancel", "default")],
        ),
        answered,
    )


def carried_message(mapping: dict[str, str], target: Period) -> str:
    """Which objectives were carried, and their new ids."""
    objectives = [f"{old} → {new}" for old, new in mapping.items() if old.startswith("O-")]
    return f"Carried into {target}: " + ", ".join(objectives)


def confirm_reopen(app: OkrApp, period: Period) -> None:
    """Ask, then reopen a closed period."""

    def reopen(ws: Workspace) -> str:
        cycles.reopen_period(ws, str(period))
        return str(period)

    def answered(answer: str | None) -> None:
        if answer == "reopen":
            app.save(reopen, success=f"Reopened {period}")

    app.push_screen(
        ChoiceScreen(
            "Reopen",
            f"Reopen {period}? Its objectives become editable again and their grades are cleared.",
            [("Reopen", "reopen", "warning"), ("Cancel", "cancel", "default")],
        ),
        answered,
    )
