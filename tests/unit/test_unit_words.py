"""A value of exactly one reads in the singular when its unit is a plural word people write (``1 day``, not
``1 days``); other units (``ms``, ``%``, ``$``, words it does not know) are shown as typed."""

from __future__ import annotations

import pytest

from okrtui.formatting import kr_values, number
from okrtui.services.view_models import KrView


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1, "days", "1 day"),
        (1.0, "days", "1 day"),
        (-1, "days", "-1 day"),
        (1, "weeks", "1 week"),
        (1, "hours", "1 hour"),
        (1, "people", "1 person"),
        (1, "Days", "1 Day"),
        (2, "days", "2 days"),
        (1.5, "days", "1.5 days"),
        (0, "days", "0 days"),
        (1, "ms", "1 ms"),
        (1, "kbps", "1 kbps"),
        (1, "deals won", "1 deals won"),
        (1, "%", "1%"),
        (1, "$", "$1"),
        (1, "", "1"),
    ],
)
def test_one_of_a_plural_unit_reads_in_the_singular(value, unit, text):
    assert number(value, unit) == text


def maintain(current: float) -> KrView:
    fields = ("KR-7", "O-3", "Sick days", "at-most", 0, 1.5, current, "days", 1, 1.0, 1.0, "on-track", False, False)
    return KrView(*fields, None, None, ())


def test_a_guard_now_at_one_day_says_day():
    assert kr_values(maintain(1)) == "≤ 1.5 days (now 1 day)"
    assert kr_values(maintain(1.25)) == "≤ 1.5 days (now 1.25 days)"
