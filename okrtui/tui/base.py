"""Screen bases: ``self.app`` typed as ``OkrApp`` (so the type checker knows ``data``, ``ws``, ``save``…),
``LiveScreen``, the one way a screen follows the app's data and period, and ``Blocking``, the one rule saying which
write can't run now (a read-only session, a closed period) and why, before the user tries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from textual import actions, events, getters, on
from textual.screen import ModalScreen, Screen

from okrtui.domain.vocab import OPEN_STATES
from okrtui.services.guards import kr_closed

if TYPE_CHECKING:
    from okrtui.services.views import Dataset
    from okrtui.tui.app import OkrApp

ResultType = TypeVar("ResultType")
"""What the screen gives back when it is dismissed."""

WRITES = frozenset(
    {
        "add",
        "edit",
        "delete",
        "checkin",
        "close_kr",
        "record",
        "undo",
        "demo",
        "checkin_session",
        "session",
        "close_period",
        "carry",
        "reopen",
    }
)
"""The actions (by name, on any screen) that change the data file: refused in a read-only session, and by a closed
period when they change its records. A form's or the weekly session's save is not here: they open only through these
(and refuse a save on their own)."""
PERIOD_WRITES = frozenset({"add", "checkin_session", "session", "close_period"})
"""Writes that, with no record of their own (adding an objective, a weekly check-in, closing), change the period
shown: refused while it is closed."""
READ_ONLY = "read-only session (--read-only): nothing can be changed"
KPIS = "K"
"""The subject of a write to the KPIs (``record``, adding a KPI): they belong to no period."""


class Blocking:
    """``blocked_reason(action)``: why a write can't run on this screen now, else None; the footer dims such keys, the
    help marks them, and the app refuses them at the key press with the reason (``refused``)."""

    if TYPE_CHECKING:
        app: OkrApp

        def notify(self, message: str, **kwargs: Any) -> None: ...

    def blocked_reason(self, action: str) -> str | None:
        """Why ``action`` (a binding's action string: ``add``, ``focus_pane('krs')``) can't run here now, else None."""
        namespace, name, _ = actions.parse(action)
        if namespace == "app" or name not in WRITES:
            return None
        return self.reason_for(name, self.write_subject(name))

    def write_subject(self, name: str) -> str | None:
        """The record the write ``name`` would change here (``KR-3``; ``K`` for the KPIs), None for the period shown or
        nothing in particular. Screens that know say so."""
        return None

    def reason_for(self, name: str, subject: str | None) -> str | None:
        """Why the write ``name`` on ``subject`` can't run now: the session is read-only, or the record's objective
        (or, with no record, the period shown) is closed."""
        app = self.app
        if app.ws.repo.storage.read_only:
            return READ_ONLY
        data = app.data
        if data is None or name not in WRITES:
            return None
        facts = period_facts(data)
        if subject and subject.split("-", 1)[0] != KPIS:
            period = facts.closed_period_of(subject)
        elif subject is None and name in PERIOD_WRITES:
            period = str(app.period) if str(app.period) in facts.closed_periods else None
        else:
            period = None
        if period is not None:
            return f"{period} is closed: reopen it on the dashboard (g, then O) to change it"
        if name == "checkin" and subject is not None and subject in facts.closed_krs:  # ensure_kr_open, at the key
            return kr_closed(subject, *facts.closed_krs[subject], reopen="x")
        if name == "reopen" and str(app.period) not in facts.closed_periods:
            return f"{app.period} is not closed: nothing to reopen"
        return None

    def invite(self, name: str, subject: str | None, text: str) -> str:
        """``text`` (a hint inviting the write ``name`` on ``subject``) when that write can run now, else ""."""
        return "" if self.reason_for(name, subject) else text

    def shown_period_closed(self) -> bool:
        """Whether the period shown is closed (it has closed objectives and none still open)."""
        data = self.app.data
        return data is not None and str(self.app.period) in period_facts(data).closed_periods

    def refused(self, action: str, subject: str | None = None) -> bool:
        """Say at once why ``action`` can't run now (a notification) and return True; False when it can run. With
        ``subject``, on that record (a row chosen with enter) instead of the one the screen would pick."""
        reason = self.blocked_reason(action) if subject is None else self.reason_for(actions.parse(action)[1], subject)
        if reason is None:
            return False
        self.notify(reason, title="Not available", severity="warning", timeout=5, markup=False)
        return True


@dataclass(frozen=True)
class PeriodFacts:
    """What a read of the file says about closed periods, computed once per read."""

    closed_objectives: dict[str, str]
    """Closed objective id -> its period."""
    objective_of: dict[str, str]
    """Key result or initiative id -> its objective id."""
    closed_periods: frozenset[str]
    """Periods with a closed objective and none still open."""
    closed_krs: Mapping[str, tuple[str, date]]
    """Key result closed on its own (x) -> its outcome and the day it was closed."""

    def closed_period_of(self, record_id: str) -> str | None:
        """The period of the closed objective ``record_id`` is or belongs to, else None."""
        return self.closed_objectives.get(self.objective_of.get(record_id, record_id))


_facts: tuple[Dataset, PeriodFacts] | None = None
"""The facts of the latest read asked about (the read is kept, so its id is never another's)."""


def period_facts(data: Dataset) -> PeriodFacts:
    """The closed objectives and periods of a read (computed once per read: the footer asks for every key it draws)."""
    global _facts
    if _facts is not None and _facts[0] is data:
        return _facts[1]
    closed = {o.id: o.period for o in data.objectives if o.state == "closed"}
    still_open = {o.period for o in data.objectives if o.state in OPEN_STATES}
    owners = {kr.id: kr.objective for kr in data.krs}
    owners.update((initiative.id, initiative.objective) for initiative in data.initiatives)
    closed_krs = {kr.id: (kr.closed.outcome, kr.closed.on) for kr in data.krs if kr.closed is not None}
    facts = PeriodFacts(closed, owners, frozenset(set(closed.values()) - still_open), closed_krs)
    _facts = (data, facts)
    return facts


class OkrScreen(Blocking, Screen[ResultType]):
    """A full screen of okrtui."""

    if TYPE_CHECKING:
        app = getters.app(OkrApp)


class OkrModal(Blocking, ModalScreen[ResultType]):
    """A modal screen of okrtui (forms, choices, pickers)."""

    if TYPE_CHECKING:
        app = getters.app(OkrApp)


class LiveScreen(OkrScreen[ResultType]):
    """The one place a screen follows the app's ``data`` and ``period``.

    Subclasses draw in ``redraw``: it runs on mount (after the subclass's own ``on_mount``) once the first read is in,
    and after every reload. A period change calls ``period_changed``, which redraws unless a subclass draws less.
    Before the first read is in, ``waiting`` runs instead.
    """

    @on(events.Mount)
    def _follow_the_app(self) -> None:
        self.watch(self.app, "data", self._data_changed, init=False)
        self.watch(self.app, "period", self._period_changed, init=False)
        if self.app.data is None:
            self.waiting()
        else:
            self.redraw()

    def _data_changed(self, _: Any = None) -> None:
        if self.app.data is not None:
            self.redraw()
            self.refresh_bindings()  # a period closed or reopened meanwhile: the footer asks blocked_reason again

    def _period_changed(self, _: Any = None) -> None:
        if self.app.data is not None:
            self.period_changed()
            self.refresh_bindings()

    def redraw(self) -> None:
        """Draw the screen from ``self.app.data`` (never None here) and ``self.app.period``."""
        raise NotImplementedError

    def period_changed(self) -> None:
        """The period shown changed: redraw (subclasses may draw less)."""
        self.redraw()

    def waiting(self) -> None:
        """Before the first read of the file is in: nothing by default."""
