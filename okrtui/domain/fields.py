"""Typed records that check themselves: the small validation core of the domain models.

A model lists its fields as class attributes made by the functions below (``title: str = text(1, MAX_TITLE)``); the
class builds one checker per field when it is defined. Building a record (by keyword, or from a stored document with
:meth:`Model.model_validate`) checks and normalises every field, then runs the model's own ``check`` for rules that
span fields; the first problem raises :class:`ValidationError`, which names the field. Unknown keys are ignored, text
is stripped of surrounding whitespace, numbers given as ints or numeric text become floats.

This replaces pydantic, which cost every read command about 0.2 s in imports and schema building alone (more than
half the time to parse a 33 MB file); checking a record here costs a few microseconds, and nothing is built at start.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar, get_args

from okrtui.domain.vocab import MAX_MAGNITUDE

Checker = Callable[[Any], Any]
M = TypeVar("M", bound="Model")
_MISSING: Any = object()
_MUTABLE = (list, dict)


class ValidationError(ValueError):
    """The first problem found in a record: where (``loc``, field names and list indexes), what kind, and a message."""

    def __init__(self, loc: tuple, kind: str, message: str) -> None:
        super().__init__(f"{'.'.join(map(str, loc)) or 'record'}: {message}")
        self.loc, self.kind, self.message = loc, kind, message

    def errors(self) -> list[dict[str, Any]]:
        """The problem as ``[{loc, type, msg}]``."""
        return [{"loc": self.loc, "type": self.kind, "msg": self.message}]


class _Problem(Exception):
    """A field's checker found its value wrong (the model adds where)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind, self.message = kind, message


class Field:
    """One field of a model: its checker and its default (``_MISSING`` when the field is required)."""

    __slots__ = ("check", "default", "name")

    def __init__(self, check: Checker, default: Any = _MISSING) -> None:
        self.check, self.default, self.name = check, default, ""


def field(check: Checker, default: Any = _MISSING) -> Any:
    """A field checked by ``check`` (returns the value to keep, raises ValueError with a message when it is wrong)."""

    def guarded(value: Any) -> Any:
        try:
            return check(value)
        except ValueError as error:
            raise _Problem("value_error", f"Value error, {error}") from None

    return Field(guarded, default)


class Model:
    """A record whose fields are checked when it is made; compared, copied and dumped by its fields."""

    FIELDS: ClassVar[dict[str, Field]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(cls.FIELDS)  # the base's first, in order
        for name, value in list(vars(cls).items()):
            if isinstance(value, Field):
                value.name = name
                fields[name] = value
                delattr(cls, name)  # an instance always has its own value
        cls.FIELDS = fields

    def __init__(self, **data: Any) -> None:
        self._fill(data)

    def _fill(self, data: dict) -> None:
        """Check and keep every field of ``data`` (other keys are ignored), then the rules across fields."""
        values = self.__dict__
        for name, spec in self.FIELDS.items():
            value = data.get(name, _MISSING)
            if value is _MISSING:
                if spec.default is _MISSING:
                    raise ValidationError((name,), "missing", "Field required")
                values[name] = _fresh(spec.default)
                continue
            try:
                values[name] = spec.check(value)
            except _Problem as problem:
                raise ValidationError((name,), problem.kind, problem.message) from None
            except ValidationError as error:  # a nested record's
                raise ValidationError((name, *error.loc), error.kind, error.message) from None
        try:
            self.check()
        except ValueError as error:
            if isinstance(error, ValidationError):
                raise
            raise ValidationError((), "value_error", f"Value error, {error}") from None

    def check(self) -> None:
        """Rules across fields, run once every field is in; raise ValueError to refuse the record."""

    # -- the pydantic-style surface the services use -----------------------------------------------------------------

    @classmethod
    def model_validate(cls: type[M], data: Any) -> M:
        """A record from a stored document (a dict) or the record itself; unknown keys are ignored."""
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            raise ValidationError((), "model_type", f"Input should be an object with the fields of {cls.__name__}")
        record = cls.__new__(cls)
        record._fill(data)
        return record

    @classmethod
    def model_construct(cls: type[M], **values: Any) -> M:
        """A record from values known to be good (the defaults fill the rest), without checking them."""
        record = cls.__new__(cls)
        if values.keys() == cls.FIELDS.keys():  # every field given (a KPI's measurements as check-ins)
            record.__dict__.update(values)
            return record
        for name, spec in cls.FIELDS.items():
            record.__dict__[name] = values[name] if name in values else _fresh(spec.default)
        return record

    def model_copy(self: M, *, update: dict[str, Any] | None = None) -> M:
        """A shallow copy with some fields replaced, not checked again (the repository checks what it stores)."""
        duplicate = copy.copy(self)
        duplicate.__dict__.update(update or {})
        return duplicate

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """The fields as a dict (nested records too); ``mode="json"`` gives dates as ISO text."""
        return {
            name: _dumped(value, mode, exclude_none)
            for name, value in self._items()
            if not (exclude_none and value is None)
        }

    def _items(self) -> Iterator[tuple[str, Any]]:
        for name in self.FIELDS:
            yield name, self.__dict__[name]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in self._items())})"


def _fresh(default: Any) -> Any:
    """A field's default for a new record: a list or dict is copied, so no two records share one."""
    return default.copy() if type(default) in _MUTABLE else default


def _dumped(value: Any, mode: str, exclude_none: bool) -> Any:
    if isinstance(value, Model):
        return value.model_dump(mode=mode, exclude_none=exclude_none)
    if isinstance(value, list):
        return [_dumped(item, mode, exclude_none) for item in value]
    if isinstance(value, date) and mode == "json":
        return value.isoformat()
    if isinstance(value, dict):
        return dict(value)
    return value


# -- field kinds ------------------------------------------------------------------------------------------------------


def text(min_length: int = 0, max_length: int | None = None, default: Any = _MISSING) -> Any:
    """Text, stripped of surrounding whitespace, then of ``min_length`` to ``max_length`` characters."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _Problem("string_type", "Input should be a valid string")
        value = value.strip()
        if len(value) < min_length:
            raise _Problem("string_too_short", f"String should have at least {min_length} character(s)")
        if max_length is not None and len(value) > max_length:
            raise _Problem("string_too_long", f"String should have at most {max_length} characters")
        return value

    return Field(check, default)


def number(
    low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE, *, above: bool = False, default: Any = _MISSING
) -> Any:
    """A finite number from ``low`` (excluded when ``above``) to ``high``, kept as a float."""
    return Field(_number_check(low, high, above), default)


def _number_check(low: float, high: float, above: bool) -> Checker:
    def check(value: Any) -> float:
        if isinstance(value, float | int):  # a bool too: True is 1
            try:
                value = float(value)
            except OverflowError:
                raise _Problem("finite_number", "Input should be a finite number") from None
        elif isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise _Problem("float_parsing", "Input should be a valid number") from None
        else:
            raise _Problem("float_type", "Input should be a valid number")
        if not math.isfinite(value):
            raise _Problem("finite_number", "Input should be a finite number")
        if above and not value > low:
            raise _Problem("greater_than", f"Input should be greater than {_plain(low)}")
        if value < low:
            raise _Problem("greater_than_equal", f"Input should be greater than or equal to {_plain(low)}")
        if value > high:
            raise _Problem("less_than_equal", f"Input should be less than or equal to {_plain(high)}")
        return value

    return check


def integer(low: int, high: int, default: Any = _MISSING) -> Any:
    """A whole number from ``low`` to ``high`` (a float without a fraction, or digits, are taken too)."""

    def check(value: Any) -> int:
        if isinstance(value, float):
            if not value.is_integer():
                raise _Problem("int_from_float", "Input should be a whole number")
            value = int(value)
        elif isinstance(value, str) and value.strip().isascii() and value.strip().lstrip("+-").isdigit():
            value = int(value.strip())
        elif not isinstance(value, int):  # a bool is an int: True is 1
            raise _Problem("int_type", "Input should be a valid integer")
        if not low <= value <= high:
            raise _Problem("range", f"Input should be from {low} to {high}")
        return int(value)

    return Field(check, default)


def choice(words: Any, default: Any = _MISSING) -> Any:
    """One of the words of a ``Literal``."""
    allowed = get_args(words)
    listed = ", ".join(repr(word) for word in allowed[:-1]) + f" or {allowed[-1]!r}"

    def check(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise _Problem("literal_error", f"Input should be {listed}")

    return Field(check, default)


def date_field(default: Any = _MISSING) -> Any:
    """A calendar date, given as a date or as ISO text (YYYY-MM-DD)."""

    def check(value: Any) -> date:
        if isinstance(value, datetime):
            if value.time() != datetime.min.time():
                raise _Problem("date_from_datetime_inexact", "Input should be a date, not a time")
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Problem("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")

    return Field(check, default)


def optional(kind: Any) -> Any:
    """A field of ``kind`` that may also be None (its default)."""
    inner: Checker = kind.check

    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    return Field(check, None)


def record(model: type[Model]) -> Any:
    """One nested record of ``model``, built from a dict or given as a record (wrap in ``optional`` for None)."""

    def check(value: Any) -> Model:
        return model.model_validate(value)  # its ValidationError names the nested field

    return Field(check)


def records(model: type[Model]) -> Any:
    """A list of records of ``model`` (each built from a dict or given as a record); empty by default."""

    def check(value: Any) -> list:
        if not isinstance(value, list):
            raise _Problem("list_type", "Input should be a valid list")
        built = []
        for index, item in enumerate(value):
            try:
                built.append(model.model_validate(item))
            except ValidationError as error:
                raise ValidationError((index, *error.loc), error.kind, error.message) from None
        return built

    return Field(check, [])


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
