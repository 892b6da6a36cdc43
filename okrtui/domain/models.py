"""The records okrtui stores, each checking its own fields (see :mod:`okrtui.domain.fields`).

Each model owns its validation, so the CLI, the TUI and the importer all reject the same input. Records carry our own
string id (``O-1``) and a ``rev`` that moves on every change, so an editor can tell when someone else saved first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date
from itertools import dropwhile, islice, takewhile
from typing import Any, ClassVar, TypeVar

from okrtui.domain.fields import (
    Model,
    ValidationError,
    choice,
    date_field,
    field,
    integer,
    number,
    optional,
    record,
    records,
    text,
)
from okrtui.domain.vocab import (
    MAX_MAGNITUDE,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    MAX_UNIT,
    Cadence,
    Direction,
    Frequency,
    InitiativeStatus,
    KrKind,
    KrOutcome,
    Level,
    ObjectiveState,
    Perspective,
    Rollup,
)
from okrtui.errors import BadInput

__all__ = [
    "CheckIn",
    "Initiative",
    "KeyResult",
    "Kpi",
    "KpiScheduled",
    "KpiTargets",
    "KrClosure",
    "KrTargets",
    "Objective",
    "PlanPoint",
    "Record",
    "ValidationError",
    "build",
]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _title() -> Any:
    return text(1, MAX_TITLE)


def _name() -> Any:
    return text(0, MAX_NAME, default="")


def _text() -> Any:
    return text(0, MAX_TEXT, default="")


def _reference() -> Any:
    """The id of another record, or None."""
    return optional(text())


class Record(Model):
    """Fields every stored record has."""

    PREFIX: ClassVar[str] = ""
    """The id prefix of the kind: O, KR, I or K."""

    id: str = text()
    """Our own id, ``O-1`` style; never TinyDB's doc_id."""
    rev: int = integer(1, 2**53, default=1)
    """Moves by one on every change; an editor holding an older rev gets a conflict."""
    updated_by: str = _name()
    """Who made the last change."""


class Objective(Record):
    """A qualitative goal for a period, aligned to a parent objective."""

    PREFIX: ClassVar[str] = "O"

    title: str = _title()
    description: str = _text()
    owner: str = _name()
    team: str = _name()
    level: Level = choice(Level, default="team")
    period: str = field(lambda value: _period(value))
    parent: str | None = _reference()
    perspective: Perspective | None = optional(choice(Perspective))
    state: ObjectiveState = choice(ObjectiveState, default="active")
    """Lifecycle (draft, active, closed, cancelled); ``status`` in views is the on-track/at-risk/off-track score."""
    cadence: Cadence = choice(Cadence, default="weekly")
    grade: float | None = optional(number())
    retro: str = _text()
    carried_from: str | None = _reference()
    rollup: Rollup | None = optional(choice(Rollup))
    """What its progress rolls up (krs, children, both); None: its key results when it has any, else its children."""
    weight: float | None = optional(number(0, 1000))
    """Its share of its parent's progress when the parent rolls up children; None counts as 1."""

    @property
    def weight_in_parent(self) -> float:
        """Its weight when its parent rolls it up (1 unless set)."""
        return 1.0 if self.weight is None else self.weight


def _period(value: Any) -> str:
    """A period in its canonical form; a bad one is a ValueError, so a stored record with it is a damaged record."""
    from okrtui.domain.periods import Period

    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    try:
        return str(Period.parse(value.strip()))
    except BadInput as error:
        raise ValueError(error.message) from None


class CheckIn(Model):
    """One entry in a key result's history; never overwritten."""

    date: date = date_field()
    value: float = number()
    confidence: int | None = optional(integer(0, 10))
    note: str = _text()
    author: str = _name()


class KrTargets(Model):
    """A key result's definition before a change: in force until the day the change took effect (exclusive)."""

    until: date = date_field()
    by: str = _name()
    kind: KrKind = choice(KrKind)
    start: float | None = optional(number())
    target: float = number()
    low: float | None = optional(number())
    high: float | None = optional(number())
    commit: float | None = optional(number())
    stretch: float | None = optional(number())

    def check(self) -> None:
        """The same rules as the key result's own bounds."""
        _fit_bounds(self)


class KrClosure(Model):
    """How a key result was closed: its outcome, the day, who, why, and its value that day (frozen)."""

    outcome: KrOutcome = choice(KrOutcome)
    on: date = date_field()
    by: str = _name()
    note: str = _text()
    value: float | None = optional(number())
    """The current value on the day it was closed; None for a guard without a value yet."""


class PlanPoint(Model):
    """One point of a key result's plan: the value it should have reached on a date."""

    date: date = date_field()
    value: float = number()


class KeyResult(Record):
    """A measurable outcome of one objective."""

    PREFIX: ClassVar[str] = "KR"

    objective: str = text()
    title: str = _title()
    kind: KrKind = choice(KrKind)
    start: float | None = optional(number())
    target: float = number()
    unit: str = text(0, MAX_UNIT, default="")
    weight: float = number(0, 1000, default=1.0)
    """Its share of the objective's progress; 0 counts toward the status only (a guard added today gets 0)."""
    kpi: str | None = _reference()
    checkins: list[CheckIn] = records(CheckIn)
    grade: float | None = optional(number())
    earlier_targets: list[KrTargets] | None = optional(records(KrTargets))
    """Earlier definitions (kind, start, target …), oldest first; None (left out of the file) when it never moved."""
    low: float | None = optional(number())
    """A range guard's lower bound (its upper bound is ``high``, kept as ``target`` too)."""
    high: float | None = optional(number())
    commit: float | None = optional(number())
    """An increase/decrease key result's committed level, between start and target."""
    stretch: float | None = optional(number())
    """An increase/decrease key result's stretch level, beyond the target."""
    begins: date | None = optional(date_field())
    """The first day of its own window (``--from``); None: its period's first day."""
    due: date | None = optional(date_field())
    """The last day of its own window (``--due``); None: its period's last day."""
    plan: list[PlanPoint] | None = optional(records(PlanPoint))
    """Values planned on days inside its window, by date (``--plan``); None without a plan."""
    created: date | None = optional(date_field())
    """The day it was added (``kr add``: the acting day); None in files written before it was kept."""
    closed: KrClosure | None = optional(record(KrClosure))
    """Achieved, missed or dropped (``kr close``); None while it is open."""

    def check(self) -> None:
        """The kind fits the bounds: a direction is inferred from start and target; a milestone runs 0 → 1."""
        _fit_bounds(self)
        if self.begins is not None or self.due is not None or self.plan is not None:
            _fit_window(self)

    @property
    def is_maintain(self) -> bool:
        """An at-least, at-most or range (guard) key result."""
        return self.kind in ("at-least", "at-most", "range")


def _fit_bounds(definition: KeyResult | KrTargets) -> None:
    """Make a key result's kind and bounds agree (a direction from start and target; a milestone runs 0 → 1)."""
    if definition.kind in ("increase", "decrease"):
        if definition.start is None:
            raise ValueError("an increase or decrease key result needs a start value")
        if definition.start == definition.target:
            raise ValueError(f"start equals target ({_fmt(definition.start)}): there is nothing to move")
        definition.kind = "increase" if definition.target > definition.start else "decrease"
    elif definition.kind == "milestone":
        definition.start, definition.target = 0.0, 1.0
    else:
        definition.start = None
    if definition.kind == "range":
        _fit_range(definition)
    else:
        definition.low = definition.high = None
    _check_levels(definition)


def _fit_range(definition: KeyResult | KrTargets) -> None:
    """A range guard keeps LOW <= value <= HIGH; its target is HIGH, so readers that know no ranges see a number."""
    low, high = definition.low, definition.high
    if low is None or high is None:
        raise ValueError("a range key result needs both low and high")
    if low > high:
        raise ValueError(f"range low {_fmt(low)} is above high {_fmt(high)}")
    definition.target = high


def _check_levels(definition: KeyResult | KrTargets) -> None:
    """A commit level lies strictly between start and target, a stretch level strictly beyond the target."""
    commit, stretch = definition.commit, definition.stretch
    if commit is None and stretch is None:
        return
    if definition.kind not in ("increase", "decrease"):
        raise ValueError("commit and stretch apply to increase or decrease key results only")
    start, target = float(definition.start or 0.0), definition.target  # _fit_bounds made sure there is a start
    up = definition.kind == "increase"
    if commit is not None and not (start < commit < target if up else target < commit < start):
        raise ValueError(f"commit {_fmt(commit)} must lie between start {_fmt(start)} and target {_fmt(target)}")
    if stretch is not None and not (stretch > target if up else stretch < target):
        side = "above" if up else "below"
        raise ValueError(f"stretch {_fmt(stretch)} must lie {side} the target {_fmt(target)}")


def _fit_window(kr: KeyResult) -> None:
    """Own dates and a plan: not for a guard; from before due; a plan (increase or decrease only) sorted, one value a
    day, each strictly inside the window."""
    if kr.is_maintain:
        raise ValueError(f"a guard ({kr.kind}) keeps its bound all period: it takes no from/due dates or plan")
    if kr.begins is not None and kr.due is not None and kr.begins >= kr.due:
        raise ValueError(f"from {kr.begins.isoformat()} must come before due {kr.due.isoformat()}")
    if not kr.plan:
        kr.plan = None
        return
    if kr.kind not in ("increase", "decrease"):
        raise ValueError("a plan needs a start and a target: only an increase or decrease key result takes one")
    kr.plan.sort(key=lambda point: point.date)
    days = [point.date for point in kr.plan]
    if len(set(days)) != len(days):
        raise ValueError("plan: one value a day")
    if kr.begins is not None and days[0] <= kr.begins:
        raise ValueError(f"plan: {days[0].isoformat()} is not after from {kr.begins.isoformat()}")
    if kr.due is not None and days[-1] >= kr.due:
        raise ValueError(f"plan: {days[-1].isoformat()} is not before due {kr.due.isoformat()}")


class Initiative(Record):
    """Work that drives a key result or an objective; it doesn't count towards progress."""

    PREFIX: ClassVar[str] = "I"

    title: str = _title()
    objective: str = text()
    kr: str | None = _reference()
    owner: str = _name()
    status: InitiativeStatus = choice(InitiativeStatus, default="todo")
    due: date | None = optional(date_field())


class KpiTargets(Model):
    """A KPI's target and warn level before a change: in force until the day the change took effect (exclusive)."""

    until: date = date_field()
    by: str = _name()
    target: float = number()
    warn: float | None = optional(number())


class KpiScheduled(Model):
    """A KPI's target and warn level from a day on (``kpi target K N --from D``), set ahead of that day."""

    begins: date = date_field()
    by: str = _name()
    target: float = number()
    warn: float | None = optional(number())


class Kpi(Record):
    """A standing health metric with a history of measurements, at most one per date."""

    PREFIX: ClassVar[str] = "K"

    key: str = field(lambda value: _slug(value))
    name: str = _title()
    unit: str = text(0, MAX_UNIT, default="")
    direction: Direction = choice(Direction, default="up")
    target: float = number()
    warn: float | None = optional(number())
    frequency: Frequency = choice(Frequency, default="monthly")
    owner: str = _name()
    perspective: Perspective | None = optional(choice(Perspective))
    history: dict[str, float] = field(lambda value: _history_as_stored(value), default={})
    """ISO date -> value; a mapping keeps one value per date and diffs as one line per measurement."""
    earlier_targets: list[KpiTargets] | None = optional(records(KpiTargets))
    """Earlier target and warn levels, oldest first; None (left out of the file) when they never moved."""
    scheduled_targets: list[KpiScheduled] | None = optional(records(KpiScheduled))
    """Target and warn levels set to take over on later days, by day; None (left out of the file) without any."""

    def latest_on(self, cutoff: str) -> tuple[str, float] | None:
        """The latest (ISO date, value) on or before the ISO date ``cutoff``; only the newest few are looked at."""
        for day in reversed(self.history):  # oldest first, as the validator keeps it
            if day <= cutoff:
                return day, self.history[day]
        return None

    def count_until(self, cutoff: str) -> int:
        """How many measurements are dated on or before the ISO date ``cutoff``."""
        later = sum(1 for _ in takewhile(lambda day: day > cutoff, reversed(self.history)))
        return len(self.history) - later

    def values_until(self, cutoff: str, count: int) -> list[float]:
        """The values of the last ``count`` measurements on or before ``cutoff``, oldest first (for a sparkline)."""
        newest = dropwhile(lambda day: day > cutoff, reversed(self.history))
        return [self.history[day] for day in islice(newest, count)][::-1]

    def between(self, first: str, last: str) -> list[tuple[str, float]]:
        """The (ISO date, value) measurements from ``first`` to ``last`` (ISO dates, both included), oldest first;
        only those and the ones after ``last`` are looked at."""
        newest = dropwhile(lambda day: day > last, reversed(self.history))
        return [(day, self.history[day]) for day in takewhile(lambda day: day >= first, newest)][::-1]

    def check(self) -> None:
        """A warn level lies on the worse side of the target (a scheduled one too); one scheduled level a day."""
        _check_warn(self.direction, self.target, self.warn)
        if self.scheduled_targets:
            self.scheduled_targets.sort(key=lambda entry: entry.begins)
            days = [entry.begins for entry in self.scheduled_targets]
            if len(set(days)) != len(days):
                raise ValueError("scheduled_targets: one a day")
            for entry in self.scheduled_targets:
                _check_warn(self.direction, entry.target, entry.warn)
        elif self.scheduled_targets is not None:
            self.scheduled_targets = None


def _check_warn(direction: str, target: float, warn: float | None) -> None:
    """A warn level lies on the worse side of the target."""
    if warn is None:
        return
    worse = warn <= target if direction == "up" else warn >= target
    if not worse:
        side = "at or below" if direction == "up" else "at or above"
        raise ValueError(f"warn {_fmt(warn)} must be {side} the target {_fmt(target)}")


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    value = value.strip()
    if not SLUG_RE.match(value):
        raise ValueError(f"bad key {value!r}: use lower-case letters, digits, - and _ (like mrr or churn-rate)")
    return value


def _history_as_stored(value: object) -> dict[str, float]:
    """The stored history, checked in whole-list passes at C speed and kept in date order (oldest first).

    Each value was checked when it was recorded, so only the shape is checked here; integral values stay ints (so
    they print as 182000, not 182000.0). A damaged entry is named; the details are looked for only on failure.
    """
    if not isinstance(value, dict):
        raise ValueError("history must map dates to values")
    if not _are_numbers(value.values()):
        day = next(d for d, n in value.items() if not _is_number(n))
        raise ValueError(f"the value of {str(day)[:12]!r} is not a number")
    days = list(value)
    if days == _last_days[0]:  # the dates of the history checked before: a big file repeats them in every KPI
        return value
    if not _KNOWN_DAYS.issuperset(days):
        _learn_days(days)
    if days != sorted(days):  # the file keeps them sorted (a linear check); a hand edit may not
        return dict(sorted(value.items()))
    _last_days[0] = days
    return value


_DAY_RE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_KNOWN_DAYS: set[str] = set()
"""Dates already found valid: a big file repeats the same few thousand days in every history; each is checked once."""
_KNOWN_DAYS_LIMIT = 1_000_000
_last_days: list[list] = [[]]
"""The dates, in order, of the last history found valid and sorted."""


def _are_numbers(numbers: Collection) -> bool:
    """Every item an int or float (not a bool), finite and at most 1e15 either way."""
    if not {int, float}.issuperset(map(type, numbers)):
        return False
    try:
        if math.hypot(*numbers) <= MAX_MAGNITUDE:  # one C pass: no item is larger, none is NaN or infinite
            return True
    except OverflowError:  # an int past a float's range
        return False
    return max(map(abs, numbers)) <= MAX_MAGNITUDE and math.isfinite(sum(numbers))  # large values: each one, and no NaN


def _learn_days(days: list) -> None:
    """Check the dates not seen before; remember the good ones, name the first bad one."""
    for day in days:
        if day not in _KNOWN_DAYS:
            if type(day) is not str or not _DAY_RE.fullmatch(day) or not _is_iso_day(day):
                raise ValueError(f"{str(day)[:12]!r} is not a date (YYYY-MM-DD)")
            if len(_KNOWN_DAYS) < _KNOWN_DAYS_LIMIT:
                _KNOWN_DAYS.add(day)


def _is_number(value: object) -> bool:
    if not isinstance(value, int | float) or type(value) is bool:
        return False
    return abs(value) <= MAX_MAGNITUDE and math.isfinite(value)


def _is_iso_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return text[4] == text[7] == "-"  # YYYY-MM-DD, not the compact or week forms Python also accepts


def slugify(name: str) -> str:
    """A KPI key derived from its name: ``Churn rate`` -> ``churn-rate``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    return slug or "kpi"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


M = TypeVar("M", bound=Model)


def build(model: type[M], data: dict) -> M:
    """Validate ``data`` as ``model``, turning the first problem found into one clear line of bad input."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise BadInput(describe_validation_error(error), field=error_field(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    """The first problem found in a record, as one line a user can act on."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "string_too_short" and first["loc"][-1:] in (("title",), ("name",)):
        return f"{field} must not be empty"
    if first["type"] == "finite_number":
        return f"{field} must be a finite number"
    return f"{field}: {message}" if field else message


def error_field(error: ValidationError) -> str | None:
    """The top-level field of the first problem, if it names one."""
    location = error.errors()[0]["loc"]
    return str(location[0]) if location else None
