"""The thresholds a team can set for its file (``okrtui config``): when pace turns at-risk and off-track, the grade
colour bands and when a KPI goes stale. Stored in the data file's meta record under ``config``; every score takes
them as one :class:`Thresholds` object, the defaults when the file sets none."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from okrtui.errors import BadInput

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


@dataclass(frozen=True)
class Thresholds:
    """The numbers the scores compare against; the defaults are DESIGN.md's."""

    at_risk: float = 0.15
    """Pace: a gap (expected − progress) above this is at-risk."""
    off_track: float = 0.30
    """Pace: a gap above this is off-track."""
    green: float = 0.7
    """A grade at or above this is green."""
    yellow: float = 0.4
    """A grade at or above this (and below green) is yellow; below it, red."""
    stale_factor: float = 1.5
    """A KPI whose latest value is older than this many times its frequency is stale."""


@dataclass(frozen=True)
class Setting:
    """One key of ``okrtui config``: the field it sets, its range and what it means."""

    key: str
    attribute: str
    low: float
    high: float
    meaning: str


SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("pace.at-risk", "at_risk", 0, 1, "gap between expected and actual progress above which it is at-risk"),
        Setting("pace.off-track", "off_track", 0, 1, "gap above which it is off-track"),
        Setting("grade.green", "green", 0, 1, "a grade at or above this is green"),
        Setting("grade.yellow", "yellow", 0, 1, "a grade at or above this is yellow (below it, red)"),
        Setting("kpi.stale-factor", "stale_factor", 1, 100, "a KPI value older than this × its frequency is stale"),
    )
}
"""Every key a file may set, in the order ``okrtui config`` lists them."""

DEFAULT = Thresholds()

_ORDER = (("pace.at-risk", "pace.off-track"), ("grade.yellow", "grade.green"))
"""Pairs (lower, higher): a band can't end before it begins."""


def setting(key: str) -> Setting:
    """The setting named ``key``; an unknown key is bad input naming the known ones."""
    found = SETTINGS.get(str(key).strip().lower())
    if found is None:
        known = ", ".join(SETTINGS)
        raise BadInput(f"unknown setting {str(key)[:40]!r}: use one of {known}")
    return found


def parse_value(key: str, text: Any) -> float:
    """The value typed for ``key``: a plain number within its range, else bad input."""
    found = setting(key)
    value = _number(text)
    if value is None or not found.low <= value <= found.high:
        raise BadInput(f"{found.key} must be a number from {_fmt(found.low)} to {_fmt(found.high)}, not {text!r}")
    return value


def _number(value: Any) -> float | None:
    """A finite number from a JSON number or plain digits; None for anything else (a bool, NaN, text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER_RE.match(value.strip()):
        number = float(value.strip())
    else:
        return None
    return number if math.isfinite(number) else None


def from_config(config: Mapping[str, Any]) -> Thresholds:
    """The thresholds a config sets (the defaults for what it doesn't); BadInput naming the first problem."""
    values = {setting(key).attribute: parse_value(key, value) for key, value in config.items()}
    thresholds = Thresholds(**values)
    ordering_problem = order_problem(thresholds)
    if ordering_problem:
        raise BadInput(ordering_problem)
    return thresholds


def order_problem(thresholds: Thresholds) -> str | None:
    """What makes a band end before it begins (at-risk above off-track, yellow above green), or None."""
    for lower, higher in _ORDER:
        low, high = value_of(thresholds, lower), value_of(thresholds, higher)
        if low > high:
            return f"{lower} ({_fmt(low)}) must not be above {higher} ({_fmt(high)})"
    return None


def value_of(thresholds: Thresholds, key: str) -> float:
    """The value of one key."""
    return float(getattr(thresholds, SETTINGS[key].attribute))


def as_config(thresholds: Thresholds) -> dict[str, float]:
    """Every key with its value in force, in ``SETTINGS`` order (what ``status --json`` shows as ``config``)."""
    return {key: _out(value_of(thresholds, key)) for key in SETTINGS}


def _out(value: float) -> float:
    """Integral values as ints, like every number okrtui prints."""
    return int(value) if value.is_integer() else value  # type: ignore[return-value]


def _fmt(value: float) -> str:
    return str(_out(float(value)))
