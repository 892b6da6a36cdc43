"""Pydantic models of the records okrtui stores.

Each model owns its validation, so the CLI, the TUI and the importer all reject the same input. Records carry our own
string id (``O-1``) and a ``rev`` that moves on every change, so an editor can tell when someone else saved first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date
from itertools import dropwhile, islice, takewhile
from typing import Annotated, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

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

Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Unit = Annotated[str, Field(max_length=MAX_UNIT)]
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
"""A value as the parsers accept it: finite and at most 1e15 either way, so progress arithmetic can't overflow."""
Confidence = Annotated[int, Field(ge=0, le=10)]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class _Model(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", validate_default=False, defer_build=True)


class Record(_Model):
    """Fields every stored record has."""

    PREFIX: ClassVar[str] = ""
    """The id prefix of the kind: O, KR, I or K."""

    id: str
    """Our own id, ``O-1`` style; never TinyDB's doc_id."""
    rev: Annotated[int, Field(ge=1, le=2**53)] = 1
    """Moves by one on every change; an editor holding an older rev gets a conflict."""
    updated_by: Name = ""
    """Who made the last change."""


class Objective(Record):
    """A qualitative goal for a period, aligned to a parent objective."""

    PREFIX: ClassVar[str] = "O"

    title: Title
    description: Text = ""
    owner: Name = ""
    team: Name = ""
    level: Level = "team"
    period: str
    parent: str | None = None
    perspective: Perspective | None = None
    state: ObjectiveState = "active"
    """Lifecycle (draft, active, closed, cancelled); ``status`` in views is the on-track/at-risk/off-track score."""
    cadence: Cadence = "weekly"
    grade: Number | None = None
    retro: Text = ""
    carried_from: str | None = None

    @field_validator("period")
    @classmethod
    def _period_is_valid(cls, value: str) -> str:
        from okrtui.domain.periods import Period

        try:
            return str(Period.parse(value))
        except BadInput as error:  # a ValueError, so a stored record with it is a damaged record, not bad input
            raise ValueError(error.message) from None


class CheckIn(_Model):
    """One entry in a key result's history; never overwritten."""

    date: date
    value: Number
    confidence: Confidence | None = None
    note: Text = ""
    author: Name = ""


class KeyResult(Record):
    """A measurable outcome of one objective."""

    PREFIX: ClassVar[str] = "KR"

    objective: str
    title: Title
    kind: KrKind
    start: Number | None = None
    target: Number
    unit: Unit = ""
    weight: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 1.0
    kpi: str | None = None
    checkins: list[CheckIn] = []
    grade: Number | None = None

    @model_validator(mode="after")
    def _kind_fits_bounds(self) -> KeyResult:
        if self.kind in ("increase", "decrease"):
            if self.start is None:
                raise ValueError("an increase or decrease key result needs a start value")
            if self.start == self.target:
                raise ValueError(f"start equals target ({_fmt(self.start)}): there is nothing to move")
            self.kind = "increase" if self.target > self.start else "decrease"
        elif self.kind == "milestone":
            self.start, self.target = 0.0, 1.0
        else:
            self.start = None
        return self

    @property
    def is_maintain(self) -> bool:
        """An at-least or at-most (guard) key result."""
        return self.kind in ("at-least", "at-most")


class Initiative(Record):
    """Work that drives a key result or an objective; it doesn't count towards progress."""

    PREFIX: ClassVar[str] = "I"

    title: Title
    objective: str
    kr: str | None = None
    owner: Name = ""
    status: InitiativeStatus = "todo"
    due: date | None = None


class Kpi(Record):
    """A standing health metric with a history of measurements, at most one per date."""

    PREFIX: ClassVar[str] = "K"

    key: str
    name: Title
    unit: Unit = ""
    direction: Direction = "up"
    target: Number
    warn: Number | None = None
    frequency: Frequency = "monthly"
    owner: Name = ""
    perspective: Perspective | None = None
    history: dict[str, float] = {}
    """ISO date -> value; a mapping keeps one value per date and diffs as one line per measurement."""

    @field_validator("history", mode="plain")
    @classmethod
    def _history_as_stored(cls, value: object) -> dict[str, float]:
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

    @field_validator("key")
    @classmethod
    def _key_is_slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(f"bad key {value!r}: use lower-case letters, digits, - and _ (like mrr or churn-rate)")
        return value

    @model_validator(mode="after")
    def _warn_on_the_worse_side(self) -> Kpi:
        if self.warn is None:
            return self
        worse = self.warn <= self.target if self.direction == "up" else self.warn >= self.target
        if not worse:
            side = "at or below" if self.direction == "up" else "at or above"
            raise ValueError(f"warn {_fmt(self.warn)} must be {side} the target {_fmt(self.target)}")
        return self


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


M = TypeVar("M", bound=_Model)


def build(model: type[M], data: dict) -> M:
    """Validate ``data`` as ``model``, turning pydantic's report into one clear line of bad input."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise BadInput(describe_validation_error(error), field=error_field(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    """The first problem pydantic found, as one line a user can act on."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "string_too_short" and first["loc"][-1:] in (("title",), ("name",)):
        return f"{field} must not be empty"
    if first["type"] == "finite_number":
        return f"{field} must be a finite number"
    return f"{field}: {message}" if field else message


def error_field(error: ValidationError) -> str | None:
    """The top-level field of pydantic's first complaint, if it names one."""
    location = error.errors()[0]["loc"]
    return str(location[0]) if location else None
