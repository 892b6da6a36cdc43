"""Periods: parsing ``2026-Q4`` / ``2026``, their first and last days, shifting, expected progress, and dates."""

from datetime import date

import pytest

from okrtui.domain.periods import Period, parse_date
from okrtui.errors import BadInput

Q4_2026 = Period(2026, 4)


class TestParse:
    @pytest.mark.parametrize(
        ("text", "year", "quarter"),
        [
            ("2026-Q4", 2026, 4),
            ("2026-Q1", 2026, 1),
            ("2026-q1", 2026, 1),
            ("2026", 2026, None),
            (" 2026-Q2 ", 2026, 2),
        ],
    )
    def test_accepts_a_quarter_or_a_year(self, text, year, quarter):
        assert Period.parse(text) == Period(year, quarter)

    @pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "26-Q1", "", "   ", "2026Q1", "2026-Q", "Q4-2026", "26"])
    def test_rejects_anything_else_as_bad_input(self, text):
        with pytest.raises(BadInput):
            Period.parse(text)

    @pytest.mark.parametrize(("text", "shown"), [("2026-q1", "2026-Q1"), ("2026-Q4", "2026-Q4"), ("2026", "2026")])
    def test_is_shown_in_canonical_form(self, text, shown):
        assert str(Period.parse(text)) == shown


class TestBounds:
    @pytest.mark.parametrize(
        ("quarter", "first", "last"),
        [
            (1, date(2026, 1, 1), date(2026, 3, 31)),
            (2, date(2026, 4, 1), date(2026, 6, 30)),
            (3, date(2026, 7, 1), date(2026, 9, 30)),
            (4, date(2026, 10, 1), date(2026, 12, 31)),
        ],
    )
    def test_quarter_start_and_end(self, quarter, first, last):
        period = Period(2026, quarter)
        assert (period.start, period.end) == (first, last)

    def test_a_year_runs_from_january_1_to_december_31(self):
        year = Period.parse("2026")
        assert (year.start, year.end) == (date(2026, 1, 1), date(2026, 12, 31))

    def test_q1_of_a_leap_year_includes_february_29(self):
        q1_2024 = Period(2024, 1)
        assert q1_2024.contains(date(2024, 2, 29))
        assert q1_2024.end == date(2024, 3, 31)

    @pytest.mark.parametrize(
        ("day", "inside"),
        [
            (date(2026, 9, 30), False),
            (date(2026, 10, 1), True),
            (date(2026, 11, 15), True),
            (date(2026, 12, 31), True),
            (date(2027, 1, 1), False),
        ],
    )
    def test_contains_its_first_and_last_day_only(self, day, inside):
        assert Q4_2026.contains(day) is inside


class TestShifted:
    @pytest.mark.parametrize(
        ("period", "steps", "shifted"),
        [
            (Period(2026, 4), 1, Period(2027, 1)),
            (Period(2026, 1), -1, Period(2025, 4)),
            (Period(2026, 2), 1, Period(2026, 3)),
            (Period(2026, 3), -1, Period(2026, 2)),
            (Period(2026, 4), 4, Period(2027, 4)),
            (Period(2026), 1, Period(2027)),
            (Period(2026), -1, Period(2025)),
        ],
    )
    def test_moves_by_quarters_or_years_across_year_ends(self, period, steps, shifted):
        assert period.shifted(steps) == shifted


class TestElapsedShare:
    """Expected progress = (day − start).days / (end − start).days, held at 0 before and 1 after the period."""

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 9, 30), 0.0),  # the day before: not started
            (date(2026, 10, 1), 0.0),  # first day: 0 days elapsed
            (date(2026, 12, 31), 1.0),  # last day
            (date(2027, 1, 1), 1.0),  # the day after: over
            (date(2027, 6, 1), 1.0),
        ],
    )
    def test_is_exactly_0_or_1_at_and_beyond_the_edges(self, day, expected):
        assert Q4_2026.elapsed_share(day) == expected

    def test_middle_day_of_q4(self):
        # Oct 1 .. Dec 31 spans 31 + 30 + 30 = 91 days; Nov 15 is 31 (October) + 14 = 45 days in.
        assert Q4_2026.elapsed_share(date(2026, 11, 15)) == pytest.approx(45 / 91)

    def test_second_and_second_to_last_day_of_q4(self):
        # 1 of 91 days and 90 of 91 days.
        assert Q4_2026.elapsed_share(date(2026, 10, 2)) == pytest.approx(1 / 91)
        assert Q4_2026.elapsed_share(date(2026, 12, 30)) == pytest.approx(90 / 91)

    def test_year_period_is_half_elapsed_on_july_2(self):
        # Jan 1 .. Dec 31 2026 spans 364 days; Jul 2 is 31+28+31+30+31+30 + 1 = 182 days in: 182 / 364 = 0.5.
        year = Period.parse("2026")
        assert year.elapsed_share(date(2026, 7, 2)) == 0.5
        assert year.elapsed_share(date(2025, 12, 31)) == 0.0
        assert year.elapsed_share(date(2026, 12, 31)) == 1.0

    def test_leap_year_q1_counts_february_29(self):
        # Jan 1 .. Mar 31 2024 spans 31 + 29 + 30 = 90 days; Feb 29 is 31 + 28 = 59 days in.
        assert Period(2024, 1).elapsed_share(date(2024, 2, 29)) == pytest.approx(59 / 90)


class TestParseDate:
    @pytest.mark.parametrize(
        ("text", "day"),
        [("2026-10-01", date(2026, 10, 1)), ("2024-02-29", date(2024, 2, 29)), (" 2026-12-31 ", date(2026, 12, 31))],
    )
    def test_accepts_iso_dates(self, text, day):
        assert parse_date(text) == day

    @pytest.mark.parametrize(
        "text", ["2026-02-30", "2026-02-29", "2026-13-01", "2026/01/01", "01-01-2026", "tomorrow", "", "2026-1-1"]
    )
    def test_rejects_anything_else_as_bad_input(self, text):
        with pytest.raises(BadInput):
            parse_date(text)
