"""A KPI's measurements cut to a date range and thinned for a chart: pure functions, no pydantic, no UI.

A chart a terminal wide has room for about a hundred points; drawing a thousand of them point by point is slow and
reads as noise. So a long range is bucketed by calendar week, then month, quarter or year (the finest that fits), and
each bucket is drawn as the mean of its measurements.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import pairwise

Point = tuple[str, float]
"""An ISO date and the value measured on it."""


def window(history: dict[str, float], today: date, days: int | None) -> list[Point]:
    """The measurements of the last ``days`` days up to ``today`` (all of them when None), oldest first.

    The last 30 days are ``today - 29`` through ``today``; measurements dated after today are left out, as in views.
    """
    last = today.isoformat()
    first = (today - timedelta(days=days - 1)).isoformat() if days is not None else ""
    return sorted((day, value) for day, value in history.items() if first <= day <= last)


def _week(day: str) -> tuple[int, int]:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return year, week


def _month(day: str) -> str:
    return day[:7]


def _quarter(day: str) -> tuple[str, int]:
    return day[:4], (int(day[5:7]) - 1) // 3


def _year(day: str) -> str:
    return day[:4]


BUCKETINGS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("week", _week),
    ("month", _month),
    ("quarter", _quarter),
    ("year", _year),
)
"""Calendar buckets from finest to coarsest; ``aggregate`` takes the finest that leaves few enough points."""


def bucketing(points: Sequence[Point], max_points: int) -> str | None:
    """The bucket ``aggregate`` uses for ``points`` (week, month, quarter, year), or None when they fit as they are."""
    if len(points) <= max_points:
        return None
    for name, bucket_of in BUCKETINGS:
        if len({bucket_of(day) for day, _ in points}) <= max_points:
            return name
    return "even"


def aggregate(points: list[Point], max_points: int) -> list[Point]:
    """At most ``max_points`` points: the points themselves when they fit, else the mean of each calendar bucket.

    ``points`` are sorted oldest first. Each bucket is labelled with the date of its first measurement, so the first
    (partial) bucket never reaches back before the range. Only if even years are too many are the points cut into
    ``max_points`` runs of (nearly) equal length.
    """
    if max_points < 1:
        raise ValueError("max_points must be at least 1")
    chosen = bucketing(points, max_points)
    if chosen is None:
        return list(points)
    if chosen == "even":
        return _even_runs(points, max_points)
    bucket_of = dict(BUCKETINGS)[chosen]
    groups: dict[object, list[Point]] = {}
    for point in points:
        groups.setdefault(bucket_of(point[0]), []).append(point)
    return [_mean_of(group) for group in groups.values()]


def _even_runs(points: Sequence[Point], runs: int) -> list[Point]:
    """``points`` cut into ``runs`` consecutive runs of (nearly) equal length, each as its mean."""
    size = len(points)
    bounds = [round(index * size / runs) for index in range(runs + 1)]
    return [_mean_of(points[low:high]) for low, high in pairwise(bounds) if high > low]


def _mean_of(group: Sequence[Point]) -> Point:
    return group[0][0], sum(value for _, value in group) / len(group)


NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (multiples of 1, 2, 2.5 or 5 × 10ⁿ) that cover ``low`` to ``high``."""
    if high < low:
        low, high = high, low
    if high == low:
        high, low = high + 1, low - 1
    rough = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(nice * magnitude for nice in NICE_STEPS if nice * magnitude >= rough)
    first, last = math.floor(low / step), math.ceil(high / step)
    # Rounded so 0.1 + 0.2 style drift never shows up as a label like 0.30000000000000004.
    return [round(index * step, 10) for index in range(first, last + 1)]
