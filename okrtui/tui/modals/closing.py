"""Close a key result as achieved, missed or dropped (a small form), or reopen a closed one (a question)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.models import KeyResult
from okrtui.domain.vocab import KR_OUTCOMES
from okrtui.errors import BadInput
from okrtui.formatting import safe, value_text
from okrtui.services.closures import close_kr, reopen_kr
from okrtui.services.workspace import Workspace
from okrtui.tui.modals.form import FieldSpec, Form

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp

OUTCOMES = [
    ("achieved: it reached what it set out to", "achieved"),
    ("missed: it fell short and is over", "missed"),
    ("dropped: it no longer counts toward the objective", "dropped"),
]


def outcome_chosen(text: str) -> None:
    """A check that an outcome is chosen."""
    if text not in KR_OUTCOMES:
        raise BadInput("choose achieved, missed or dropped", field="outcome")


class CloseKrForm(Form):
    """The outcome and a note for closing a key result; its value today is frozen."""

    def __init__(self, kr_id: str) -> None:
        super().__init__()
        self.kr_id = kr_id

    def fields(self) -> list[FieldSpec]:
        kr: KeyResult = next(kr for kr in self.app.dataset.krs if kr.id == self.kr_id)
        self.kr = kr
        self.expected_rev = kr.rev
        self.title = f"Close {kr.id}"
        current = self.app.dataset.scorer(self.app.ws.today).kr(kr).current
        frozen = "no value yet" if current is None else value_text(current, kr.kind, kr.unit)
        self.intro = (
            f"{safe(kr.title)}\nIts value is frozen at {frozen} as of {self.app.ws.today.isoformat()}; "
            "it is no longer due. A dropped one leaves its objective's progress and grade."
        )
        return self.specs_for(kr)

    def specs_for(self, kr: KeyResult) -> list[FieldSpec]:
        """The fields, filled from ``kr``'s closure when it has one."""
        closed = kr.closed
        return [
            FieldSpec("outcome", "Outcome", closed.outcome if closed else "", options=OUTCOMES, check=outcome_chosen),
            FieldSpec("note", "Note (why)", closed.note if closed else "", multiline=True),
        ]

    def stored_values(self, doc: dict) -> dict[str, str]:
        return {spec.name: spec.value for spec in self.specs_for(KeyResult.model_validate(doc))}

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        return close_kr(ws, self.kr.id, values["outcome"], note=values["note"], expected_rev=expected_rev).id


def close_or_reopen(app: OkrApp, kr_id: str) -> None:
    """The close form for an open key result; for a closed one, ask whether to reopen it, then reopen it in a
    thread."""
    from okrtui.tui.modals.confirm import ChoiceScreen

    kr = app.dataset.kr_by_id.get(kr_id)
    if kr is None:
        return
    closed = kr.closed
    if closed is None:
        app.push_screen(CloseKrForm(kr_id))
        return
    question = (
        f"Reopen {kr_id}? It was closed as {closed.outcome} on {closed.on.isoformat()}"
        + (f" by {safe(closed.by)}" if closed.by else "")
        + ". It will score, take check-ins and be due again."
    )

    def answered(answer: str | None) -> None:
        if answer == "reopen":
            app.save(lambda ws: reopen_kr(ws, kr_id, expected_rev=kr.rev).id, success=f"Reopened {kr_id}")

    app.push_screen(
        ChoiceScreen("Reopen", question, [("Reopen", "reopen", "warning"), ("Cancel", "cancel", "primary")]), answered
    )
