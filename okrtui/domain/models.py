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
    Level,
    ObjectiveState,
    Perspective,
)
from okrtui.errors import BadInput

__all__ = [
    "CheckIn",
    "Initiative",
    "KeyResult",
    "Kpi",
    "KpiTargets",
    "KrTargets",
    "Objective",
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

    def check(self) -> None:
        """The same rules as the key result's own bounds."""
        _fit_bounds(self)


class KeyResult(Record):
    """A measurable outcome of one objective."""

    PREFIX: ClassVar[str] = "KR"

    objective: str = text()
    title: str = _title()
    kind: KrKind = choice(KrKind)
    start: float | None = optional(number())
    target: float = number()
    unit: str = text(0, MAX_UNIT, default="")
    weight: float = number(0, 1000, above=True, default=1.0)
    kpi: str | None = _reference()
    checkins: list[CheckIn] = records(CheckIn)
    grade: float | None = optional(number())
    earlier_targets: list[KrTargets] | None = optional(records(KrTargets))
    """Earlier definitions (kind, start, target), oldest first; None (left out of the file) when it never moved."""

    def check(self) -> None:
        """The kind fits the bounds: a direction is inferred from start and target; a milestone runs 0 → 1."""
        _fit_bounds(self)

    @property
    def is_maintain(self) -> bool:
        """An at-least or at-most (guard) key result."""
        return self.kind in ("at-least", "at-most")


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
        """A warn level lies on the worse side of the target."""
        if self.warn is None:
            return
        worse = self.warn <= self.target if self.direction == "up" else self.warn >= self.target
        if not worse:
            side = "at or below" if self.direction == "up" else "at or above"
            raise ValueError(f"warn {_fmt(self.warn)} must be {side} the target {_fmt(self.target)}")


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
