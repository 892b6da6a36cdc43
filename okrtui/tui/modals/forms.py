"""The forms: objectives, key results, initiatives, KPIs, check-ins and KPI values."""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Any

from textual import on
from textual.widgets import Input, Select

from okrtui.domain.models import CheckIn, Initiative, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period, parse_date
from okrtui.domain.targets import in_force
from okrtui.domain.vocab import (
    CADENCES,
    DIRECTIONS,
    FREQUENCIES,
    INITIATIVE_STATUSES,
    LEVELS,
    OBJECTIVE_STATES,
    PERSPECTIVES,
)
from okrtui.errors import BadInput
from okrtui.formatting import exact, number, safe
from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.services.windows import WINDOW_FIELDS, parse_plan, plan_text
from okrtui.services.workspace import Workspace, parse_number
from okrtui.tui.modals.form import FieldSpec, Form, options, text_or_none

KR_KINDS = [
    ("from start to target (increase or decrease)", "numeric"),
    ("at least (maintain)", "at-least"),
    ("at most (maintain)", "at-most"),
    ("between low and high (maintain)", "range"),
    ("milestone (done or not)", "milestone"),
]
BOUND_FIELDS = {
    "numeric": ("start", "target", "commit", "stretch"),
    "at-least": ("target",),
    "at-most": ("target",),
    "range": ("low", "high"),
    "milestone": (),
    "all": ("start", "target", "low", "high", "commit", "stretch"),
}
"""The bound fields the form shows for each kind (the others are hidden and not saved)."""
ROLLUPS = [
    ("its key results", "krs"),
    ("its aligned children, by their weights", "children"),
    ("both together, by weight", "both"),
]
CONFIDENCES = [("on-track (8)", "on-track"), ("at-risk (5)", "at-risk"), ("off-track (2)", "off-track")]


def required(what: str):
    """A check that the field is not empty."""

    def check(text: str) -> None:
        if not text.strip():
            raise BadInput(f"{what} must not be empty", field=what)

    return check


def optional_number(what: str):
    """A check that the field is empty or a number."""
    return lambda text: parse_number(text, what) if text.strip() else None


def required_number(what: str):
    """A check that the field is a number."""
    return lambda text: parse_number(text, what)


def optional_date(text: str) -> None:
    """A check that the field is empty or a date."""
    if text.strip():
        parse_date(text)


def fmt(value: float | None) -> str:
    """A stored number with every digit, as it can be typed back (``38``, ``99999.99``, never rounded for display)."""
    return exact(value)


def spec_values(specs: list[FieldSpec]) -> dict[str, str]:
    """Each field's value by name."""
    return {spec.name: spec.value for spec in specs}


def find(records: list, record_id: str | None):
    """The record with this id, or None."""
    return next((record for record in records if record.id == record_id), None)


# -- objectives -------------------------------------------------------------------------------------------------------


class ObjectiveForm(Form):
    """Add or edit an objective."""

    def __init__(self, objective_id: str | None, *, parent: str | None = None) -> None:
        super().__init__()
        self.objective_id = objective_id
        self.parent_id = parent
        """The objective a new one aligns to by default."""

    def fields(self) -> list[FieldSpec]:
        o: Objective | None = find(self.app.dataset.objectives, self.objective_id) if self.objective_id else None
        self.objective = o
        self.title = f"Edit {o.id}" if o else "New objective"
        self.expected_rev = o.rev if o else None
        return self.specs_for(o)

    def stored_values(self, doc: dict) -> dict[str, str]:
        return spec_values(self.specs_for(Objective.model_validate(doc)))

    def specs_for(self, o: Objective | None) -> list[FieldSpec]:
        """The fields filled from ``o`` (a new objective when None)."""
        others = [
            (f"{safe(x.title)[:50]} ({x.id})", x.id) for x in self.app.dataset.objectives if o is None or x.id != o.id
        ]
        return [
            FieldSpec(
                "title",
                "Title",
                o.title if o else "",
                placeholder="e.g. Shorten the sales lifecycle",
                check=required("title"),
            ),
            FieldSpec("description", "Why now (description)", o.description if o else "", multiline=True),
            FieldSpec("owner", "Owner", o.owner if o else self.app.ws.actor),
            FieldSpec("team", "Team", o.team if o else ""),
            FieldSpec(
                "period",
                "Period (YYYY-QN or YYYY)",
                o.period if o else str(self.app.period),
                check=lambda text: Period.parse(text),
            ),
            FieldSpec(
                "parent", "Aligns to (parent objective)", (o.parent if o else self.parent_id) or "", options=others
            ),
            FieldSpec("level", "Level", o.level if o else "", options=options(LEVELS)),
            FieldSpec("perspective", "Perspective", (o.perspective or "") if o else "", options=options(PERSPECTIVES)),
            FieldSpec(
                "cadence",
                "Check-in cadence (due when no check-in came within it)",
                o.cadence if o else "weekly",
                options=options(CADENCES),
            ),
            FieldSpec(
                "rollup",
                "Rolls up (none: its key results when it has any, else its aligned children)",
                (o.rollup or "") if o else "",
                options=ROLLUPS,
            ),
            FieldSpec(
                "weight",
                "Weight in its parent's roll-up (empty: 1; 0 counts toward the status only)",
                fmt(o.weight) if o else "",
                placeholder="e.g. 1",
                check=optional_number("weight"),
            ),
            *([FieldSpec("state", "State", o.state, options=options(OBJECTIVE_STATES))] if o else []),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        if self.objective is None:
            return okrs.add_objective(
                ws,
                values["title"],
                period=values["period"],
                owner=values["owner"],
                team=values["team"],
                parent=text_or_none(values["parent"]),
                description=values["description"],
                perspective=text_or_none(values["perspective"]),
                level=text_or_none(values["level"]),
                cadence=text_or_none(values["cadence"]),
                rollup=text_or_none(values["rollup"]),
                weight=text_or_none(values["weight"]),
            ).id
        changes = {**values, "parent": values["parent"] or ""}
        changes["perspective"] = values["perspective"]
        if not values["level"]:
            changes.pop("level")
        if not values["cadence"]:  # none chosen: keep the stored cadence
            changes.pop("cadence")
        return okrs.edit_objective(ws, self.objective.id, changes, expected_rev=expected_rev).id


# -- key results ------------------------------------------------------------------------------------------------------


class KeyResultForm(Form):
    """Add or edit a key result of any kind."""

    def __init__(self, kr_id: str | None, *, objective_id: str | None = None) -> None:
        super().__init__()
        self.kr_id = kr_id
        self.objective_id = objective_id

    def fields(self) -> list[FieldSpec]:
        kr: KeyResult | None = find(self.app.dataset.krs, self.kr_id) if self.kr_id else None
        self.kr = kr
        self.expected_rev = kr.rev if kr else None
        self.title = f"Edit {kr.id}" if kr else f"New key result of {self.objective_id}"
        return self.specs_for(kr)

    def stored_values(self, doc: dict) -> dict[str, str]:
        return spec_values(self.specs_for(KeyResult.model_validate(doc)))

    def specs_for(self, kr: KeyResult | None) -> list[FieldSpec]:
        """The fields filled from ``kr`` (a new key result when None)."""
        kind = ("numeric" if kr.kind in ("increase", "decrease") else kr.kind) if kr else "numeric"
        kpi_options = [(f"{safe(k.name)} ({k.key})", k.id) for k in self.app.dataset.kpis]
        return [
            FieldSpec(
                "title",
                "Title",
                kr.title if kr else "",
                placeholder="e.g. Average sales cycle",
                check=required("title"),
            ),
            FieldSpec("kind", "Kind", kind, options=KR_KINDS),
            FieldSpec(
                "start", "Start", fmt(kr.start) if kr else "", placeholder="e.g. 59", check=optional_number("start")
            ),
            FieldSpec(
                "target",
                "Target (the threshold for at least / at most)",
                fmt(kr.target) if kr else "",
                placeholder="e.g. 38",
                check=optional_number("target"),
                aliases=("at-least", "at-most"),
            ),
            FieldSpec("low", "Low (in bounds from low …)", fmt(kr.low) if kr else "", check=optional_number("low")),
            FieldSpec(
                "high", "High (… to high, both included)", fmt(kr.high) if kr else "", check=optional_number("high")
            ),
            FieldSpec(
                "commit",
                "Commit level (between start and target; empty: none)",
                fmt(kr.commit) if kr else "",
                check=optional_number("commit"),
            ),
            FieldSpec(
                "stretch",
                "Stretch level (beyond the target; progress still counts to the target)",
                fmt(kr.stretch) if kr else "",
                check=optional_number("stretch"),
            ),
            FieldSpec("unit", "Unit", kr.unit if kr else "", placeholder="e.g. days, %, $"),
            FieldSpec(
                "weight",
                "Weight (0: counts toward the objective's status only)",
                fmt(kr.weight) if kr else fmt(okrs.default_weight(kind)),
                check=required_number("weight"),
            ),
            FieldSpec(
                "kpi",
                "Follows KPI (its latest value is the current value)",
                (kr.kpi or "") if kr else "",
                options=kpi_options,
            ),
            *window_specs(kr),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_changed()
        self._window_kind_changed()

    @on(Select.Changed, "#field-kind")
    def _window_kind_changed(self) -> None:
        """Own dates for the kinds that move (from start to target, milestone); a plan for start-to-target only."""
        shown = window_fields_for(self.values().get("kind") or "numeric")
        for name in WINDOW_FIELDS:
            self.query_one(f"#field-{name}").display = name in shown
            self.query_one(f"#label-{name}").display = name in shown

    def window(self, values: dict[str, str]) -> dict[str, Any]:
        """The services' begins, due and plan as typed; those the kind takes none of are cleared (``""``)."""
        shown = window_fields_for(values["kind"] or "numeric")
        return {name: values[name] if name in shown else "" for name in WINDOW_FIELDS}

    @on(Select.Changed, "#field-kind")
    def _kind_changed(self) -> None:
        kind = self.values().get("kind") or "numeric"
        shown = BOUND_FIELDS[kind]
        for name in BOUND_FIELDS["all"]:
            visible = name in shown
            self.query_one(f"#field-{name}").display = visible
            self.query_one(f"#label-{name}").display = visible
        self._default_weight(kind)

    def _default_weight(self, kind: str) -> None:
        """A new key result's weight follows its kind (a guard 0, any other 1) until it is typed over."""
        weight = self.query_one("#field-weight", Input)
        if self.kr is None and weight.value in ("0", "1"):
            weight.value = fmt(okrs.default_weight(kind))

    def levels(self, values: dict[str, str]) -> dict[str, str]:
        """The services' commit and stretch as typed, for start-to-target only (``""`` clears them)."""
        numeric = (values["kind"] or "numeric") == "numeric"
        return {name: values[name] if numeric else "" for name in ("commit", "stretch")}

    def bounds(self, values: dict[str, str]) -> dict[str, Any]:
        """The services' bounds arguments for the chosen kind."""
        kind = values["kind"] or "numeric"
        if kind == "milestone":
            return {"milestone": True}
        if kind in ("at-least", "at-most"):
            return {kind.replace("-", "_"): values["target"] or None}
        if kind == "range":
            return {"between": (values["low"], values["high"])}
        return {"start": values["start"] or None, "target": values["target"] or None}

    def check(self, values: dict[str, str]) -> dict[str, str]:
        errors = super().check(values)
        if not errors:
            try:
                okrs.check_levels(okrs.kr_bounds(**self.bounds(values)), **self.levels(values))
            except BadInput as error:
                field = error.field if error.field in ("start", "target", "low", "high", "commit", "stretch") else None
                errors[field or ("high" if values["kind"] == "range" else "target")] = error.message.replace("--", "")
        return errors

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        common: dict[str, Any] = {"unit": values["unit"], "weight": values["weight"] or None, **self.levels(values)}
        if self.kr is None:
            return okrs.add_kr(
                ws,
                self.objective_id or "",
                values["title"],
                **self.bounds(values),
                **common,
                kpi=text_or_none(values["kpi"]),
                **self.window(values),
            ).id
        changes = {"title": values["title"], **common, "kpi": values["kpi"], **self.bounds(values)}
        changes.update(self.window(values))
        return okrs.edit_kr(ws, self.kr.id, changes, expected_rev=expected_rev).id


def window_fields_for(kind: str) -> tuple[str, ...]:
    """The own-window fields a key result of the form's ``kind`` takes."""
    if kind == "numeric":
        return WINDOW_FIELDS
    return ("begins", "due") if kind == "milestone" else ()


def window_specs(kr: KeyResult | None) -> list[FieldSpec]:
    """From, due and plan of a key result, filled from ``kr`` (empty for a new one)."""
    return [
        FieldSpec(
            "begins",
            "From (YYYY-MM-DD; empty: the period's first day)",
            kr.begins.isoformat() if kr and kr.begins else "",
            check=optional_date,
        ),
        FieldSpec(
            "due",
            "Due (YYYY-MM-DD; empty: the period's last day; past it and not done is off-track)",
            kr.due.isoformat() if kr and kr.due else "",
            check=optional_date,
        ),
        FieldSpec(
            "plan",
            "Plan (values on dates: DATE:VALUE, ...; empty: a straight line)",
            plan_text(kr) if kr else "",
            placeholder="e.g. 2026-10-31:45,2026-11-30:40",
            check=parse_plan,
        ),
    ]


# -- initiatives ------------------------------------------------------------------------------------------------------


class InitiativeForm(Form):
    """Add or edit an initiative."""

    def __init__(self, initiative_id: str | None, *, parent: str | None = None) -> None:
        super().__init__()
        self.initiative_id = initiative_id
        self.parent_ref = parent
        """The key result or objective a new initiative belongs to."""

    def fields(self) -> list[FieldSpec]:
        item: Initiative | None = find(self.app.dataset.initiatives, self.initiative_id) if self.initiative_id else None
        self.initiative = item
        self.expected_rev = item.rev if item else None
        self.title = f"Edit {item.id}" if item else f"New initiative for {self.parent_ref}"
        return self.specs_for(item)

    def stored_values(self, doc: dict) -> dict[str, str]:
        return spec_values(self.specs_for(Initiative.model_validate(doc)))

    def specs_for(self, item: Initiative | None) -> list[FieldSpec]:
        """The fields filled from ``item`` (a new initiative when None)."""
        return [
            FieldSpec("title", "Title", item.title if item else "", check=required("title")),
            FieldSpec("owner", "Owner", item.owner if item else self.app.ws.actor),
            FieldSpec("status", "Status", item.status if item else "todo", options=options(INITIATIVE_STATUSES)),
            FieldSpec(
                "due", "Due (YYYY-MM-DD)", item.due.isoformat() if item and item.due else "", check=optional_date
            ),
            FieldSpec(
                "parent",
                "For (KR-… or O-…)",
                (item.kr or item.objective) if item else self.parent_ref or "",
                check=required("parent"),
            ),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        if self.initiative is None:
            return okrs.add_initiative(
                ws,
                values["parent"],
                values["title"],
                owner=values["owner"],
                due=text_or_none(values["due"]),
                status=values["status"] or None,
            ).id
        changes = {**values, "status": values["status"] or None}
        return okrs.edit_initiative(ws, self.initiative.id, changes, expected_rev=expected_rev).id


# -- KPIs -------------------------------------------------------------------------------------------------------------


class KpiForm(Form):
    """Add or edit a KPI's definition."""

    def __init__(self, kpi_id: str | None) -> None:
        super().__init__()
        self.kpi_id = kpi_id

    def fields(self) -> list[FieldSpec]:
        kpi: Kpi | None = find(self.app.dataset.kpis, self.kpi_id) if self.kpi_id else None
        self.kpi = kpi
        self.expected_rev = kpi.rev if kpi else None
        self.title = f"Edit {kpi.id} ({kpi.key})" if kpi else "New KPI"
        return self.specs_for(kpi)

    def stored_values(self, doc: dict) -> dict[str, str]:
        return spec_values(self.specs_for(Kpi.model_validate(doc)))

    def specs_for(self, kpi: Kpi | None) -> list[FieldSpec]:
        """The fields filled from ``kpi`` (a new KPI when None); its target and warn: those in force today."""
        levels = in_force(kpi, self.app.ws.today) if kpi else None
        return [
            FieldSpec(
                "name",
                "Name",
                kpi.name if kpi else "",
                placeholder="e.g. Monthly recurring revenue",
                check=required("name"),
            ),
            FieldSpec(
                "key", "Key (for scripts; default from the name)", kpi.key if kpi else "", placeholder="e.g. mrr"
            ),
            FieldSpec("unit", "Unit", kpi.unit if kpi else "", placeholder="e.g. $, %, h"),
            FieldSpec(
                "direction",
                "Better when",
                kpi.direction if kpi else "up",
                options=[("higher (up)", "up"), ("lower (down)", "down")],
            ),
            FieldSpec("target", "Target", fmt(levels.target) if levels else "", check=required_number("target")),
            FieldSpec(
                "warn",
                "Warn at (amber between warn and target)",
                fmt(levels.warn) if levels else "",
                check=optional_number("warn"),
            ),
            FieldSpec("frequency", "Measured", kpi.frequency if kpi else "monthly", options=options(FREQUENCIES)),
            FieldSpec("owner", "Owner", kpi.owner if kpi else self.app.ws.actor),
            FieldSpec(
                "perspective", "Perspective", (kpi.perspective or "") if kpi else "", options=options(PERSPECTIVES)
            ),
            *(
                [
                    FieldSpec(
                        "levels_from",
                        "Target and warn from (YYYY-MM-DD; empty: today; a later day sets them ahead)",
                        "",
                        check=optional_date,
                        aliases=("from",),
                    )
                ]
                if kpi
                else []
            ),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        direction = values["direction"] if values["direction"] in DIRECTIONS else None
        if self.kpi is None:
            return kpis.add_kpi(
                ws,
                values["name"],
                target=values["target"],
                key=text_or_none(values["key"]),
                unit=values["unit"],
                direction=direction,
                warn=text_or_none(values["warn"]),
                frequency=text_or_none(values["frequency"]),
                owner=values["owner"],
                perspective=text_or_none(values["perspective"]),
            ).id
        changes = {
            **values,
            "direction": direction,
            "frequency": text_or_none(values["frequency"]),
            "key": text_or_none(values["key"]),
            "warn": values["warn"],
        }
        if values["levels_from"].strip():  # only the levels changed here take effect from that day
            changes.update({name: None for name in ("target", "warn") if values[name] == self.base.get(name)})
        return kpis.edit_kpi(ws, self.kpi.id, changes, expected_rev=expected_rev).id


# -- check-ins and KPI values -----------------------------------------------------------------------------------------


class CheckInForm(Form):
    """A new value, a confidence and a note for a key result; the previous value is shown."""

    def __init__(self, kr_id: str) -> None:
        super().__init__()
        self.kr_id = kr_id

    def fields(self) -> list[FieldSpec]:
        kr: KeyResult = find(self.app.dataset.krs, self.kr_id)
        self.kr = kr
        self.expected_rev = kr.rev
        self.title = f"Check in on {kr.id}"
        today = self.app.ws.today
        scorer = self.app.dataset.scorer(today)
        kpi = self.app.dataset.kpi_by_id.get(kr.kpi or "")
        # the same history as the session, the details and the panes: its check-ins with its KPI's measurements
        lines = [safe(kr.title), previous_text(scorer.kr(kr).latest, len(scorer.checkins(kr)), kr.unit)]
        self.intro = "\n".join([*lines, *([kpi_text(kpi, today)] if kpi else [])])
        if kr.kind == "milestone":
            value = FieldSpec("value", "Done?", "", options=[("done", "done"), ("not done", "not-done")])
        elif kpi is not None:  # empty with a note: a check-in without a new value (services.checkins decides)
            value = FieldSpec("value", kpi_value_label(kpi), "", check=optional_number("value"))
        else:
            value = FieldSpec("value", f"New value ({safe(kr.unit) or 'number'})", "", check=required_number("value"))
        return [
            value,
            FieldSpec("confidence", "Confidence", "", options=CONFIDENCES),
            FieldSpec("note", "Note", "", multiline=True),
            FieldSpec("date", "Date (YYYY-MM-DD)", self.app.ws.today.isoformat(), check=optional_date),
        ]

    def check(self, values: dict[str, str]) -> dict[str, str]:
        errors = super().check(values)
        if self.kr.kind == "milestone" and not values["value"]:
            errors["value"] = "choose done or not done"
        return errors

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        # A check-in appends: someone else's check-in since the form opened is no conflict, so no rev is passed.
        stored, _ = checkins.checkin(
            ws,
            self.kr.id,
            values["value"],
            confidence=text_or_none(values["confidence"]),
            note=values["note"],
            day=text_or_none(values["date"]),
        )
        return str(stored["id"])


def previous_text(latest: CheckIn | None, count: int, unit: str) -> str:
    """``previous: 48 days on 2026-11-19 by alice · 7 check-ins``, or ``no check-ins yet``."""
    if latest is None:
        return "no check-ins yet"
    counted = f"{count} check-in" + ("" if count == 1 else "s")
    return f"previous: {number(latest.value, unit)} on {latest.date} by {safe(latest.author)} · {counted}"


def kpi_text(kpi: Kpi, today: date, shown: int = 4) -> str:
    """What a check-in on a key result that follows ``kpi`` does, with the KPI's last ``shown`` values."""
    key = safe(kpi.key)
    recent = list(islice((day for day in reversed(kpi.history) if day <= today.isoformat()), shown))
    values = ", ".join(f"{number(kpi.history[day], kpi.unit)} on {day}" for day in recent) or "none yet"
    return (
        f"This key result follows KPI {key}: the value is recorded as {key}'s value for {today}.\n"
        f"{key}'s last values: {values}"
    )


def kpi_value_label(kpi: Kpi) -> str:
    """The value field's label for a key result that follows ``kpi``."""
    unit = f" ({safe(kpi.unit)})" if kpi.unit else ""
    return f"New value of {safe(kpi.key)}{unit}; empty with a note: no new value"


class RecordForm(Form):
    """Record a KPI value for a date (today by default)."""

    def __init__(self, kpi_id: str) -> None:
        super().__init__()
        self.kpi_id = kpi_id

    def fields(self) -> list[FieldSpec]:
        kpi: Kpi = find(self.app.dataset.kpis, self.kpi_id)
        self.kpi = kpi
        self.title = f"Record {kpi.key}"
        latest = max(kpi.history) if kpi.history else None
        shown = f"latest: {number(kpi.history[latest], kpi.unit)} on {latest}" if latest else "no values yet"
        target = in_force(kpi, self.app.ws.today).target
        self.intro = f"{safe(kpi.name)} — target {number(target, kpi.unit)}\n{shown}"
        return [
            FieldSpec("value", f"Value ({safe(kpi.unit) or 'number'})", "", check=required_number("value")),
            FieldSpec(
                "date",
                "Date (YYYY-MM-DD; the same date again replaces its value)",
                self.app.ws.today.isoformat(),
                check=optional_date,
            ),
        ]

    def submit(self, ws: Workspace, values: dict[str, str], expected_rev: int | None) -> str:
        saved, _, _ = measurements.record(ws, self.kpi.id, values["value"], day=text_or_none(values["date"]))
        return str(saved["id"])
