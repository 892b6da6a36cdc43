"""Periods: a quarter ``2026-Q4`` or a year ``2026``, and dates within them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from okrtui.errors import BadInput

_PERIOD_RE = re.compile(r"^(\d{4})(?:-[Qq]([1-4]))?$", re.ASCII)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (``quarter`` 1..4) or a whole year (``quarter`` None)."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2026-Q4`` or ``2026``; anything else is bad input."""
        match = _PERIOD_RE.match(text.strip())
        if not match:
            raise BadInput(f"bad period {text!r}: use YYYY-QN (like 2026-Q4) or YYYY")
        year, quarter = match.groups()
        if int(year) < 1:
            raise BadInput(f"bad period {text!r}: the year must be 0001 or later")
        return cls(int(year), int(quarter) if quarter else None)

    @classmethod
    def containing(cls, day: date) -> Period:
        """The quarter that contains ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}" if self.quarter else f"{self.year:04d}"

    @property
    def start(self) -> date:
        """The first day of the period."""
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the period."""
        return self.start <= day <= self.end

    def elapsed_share(self, day: date) -> float:
        """Expected progress on ``day``: 0 on and before the first day, 1 on and after the last."""
        if day <= self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return (day - self.start).days / (self.end - self.start).days

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` quarters (or years, for a year) later; negative goes back."""
        if self.quarter is None:
            return Period(self.year + steps)
        index = self.year * 4 + (self.quarter - 1) + steps
        return Period(index // 4, index % 4 + 1)


def elapsed_between(first: date, last: date, day: date) -> float:
    """The elapsed share of the window ``first``..``last`` on ``day``: 0 on and before ``first``, 1 on and after
    ``last``, linear between."""
    if day <= first:
        return 0.0
    if day >= last:
        return 1.0
    return (day - first).days / (last - first).days


def parse_date(text: str) -> date:
    """Parse an ISO ``YYYY-MM-DD`` date; anything else is bad input."""
    if isinstance(text, date):
        return text
    cleaned = str(text).strip()
    if not _DATE_RE.match(cleaned):
        raise BadInput(f"bad date {text!r}: use YYYY-MM-DD")
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise BadInput(f"bad date {text!r}: no such day") from None
