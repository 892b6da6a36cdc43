"""A KPI's measurements cut to a range and thinned for the chart (okrtui.services.series)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.services.series import aggregate, bucketing, nice_ticks, window

TODAY = date(2026, 11, 22)


def daily(first: date, count: int, value=lambda index: float(index)) -> list[tuple[str, float]]:
    """``count`` consecutive days from ``first``, the n-th valued ``value(n)``."""
    return [((first + timedelta(days=index)).isoformat(), value(index)) for index in range(count)]


class TestWindow:
    def test_the_last_30_days_include_today_and_29_days_before(self):
        history = {"2026-10-23": 1.0, "2026-10-24": 2.0, "2026-11-22": 3.0}
        assert window(history, TODAY, 30) == [("2026-10-24", 2.0), ("2026-11-22", 3.0)]

    def test_measurements_after_today_are_left_out(self):
        history = {"2026-11-22": 1.0, "2026-11-23": 2.0}
        assert window(history, TODAY, None) == [("2026-11-22", 1.0)]

    def test_all_returns_everything_oldest_first(self):
        history = {"2026-03-01": 3.0, "2019-01-01": 1.0, "2024-06-30": 2.0}
        assert window(history, TODAY, None) == [("2019-01-01", 1.0), ("2024-06-30", 2.0), ("2026-03-01", 3.0)]

    def test_empty_history_gives_no_points(self):
        assert window({}, TODAY, 90) == []


class TestAggregate:
    def test_points_that_fit_come_back_unchanged(self):
        points = daily(date(2026, 1, 1), 120)
        assert aggregate(points, 120) == points
        assert bucketing(points, 120) is None

    def test_a_year_of_days_becomes_weekly_means(self):
        # 2026-01-05 is a Monday: 364 days are exactly 52 ISO weeks of 7 values each.
        points = daily(date(2026, 1, 5), 364)
        result = aggregate(points, 120)
        assert bucketing(points, 120) == "week"
        assert len(result) == 52
        # Week 1 holds values 0..6: mean (0+1+2+3+4+5+6)/7 = 3; the last week holds 357..363: mean 360.
        assert result[0] == ("2026-01-05", 3.0)
        assert result[1] == ("2026-01-12", 10.0)
        assert result[-1] == ("2026-12-28", 360.0)

    def test_a_partial_first_week_is_labelled_with_its_first_day(self):
        # 2026-01-01 is a Thursday: the first ISO week holds Thu..Sun (values 0..3, mean 1.5),
        # the next one Mon 01-05 .. Sun 01-11 (values 4..10, mean 7).
        points = daily(date(2026, 1, 1), 200)
        result = aggregate(points, 120)
        assert result[0] == ("2026-01-01", 1.5)
        assert result[1] == ("2026-01-05", 7.0)

    def test_three_years_of_days_become_monthly_means(self):
        # 1,100 daily values from 2023-11-19: too many weeks (158), so months (37) are used.
        points = daily(date(2023, 11, 19), 1100, value=lambda index: 10.0 if index < 12 else 20.0)
        result = aggregate(points, 120)
        assert bucketing(points, 120) == "month"
        assert len(result) == 37
        # November 2023 holds the 12 days 19..30, all valued 10; December all 20.
        assert result[0] == ("2023-11-19", 10.0)
        assert result[1] == ("2023-12-01", 20.0)
        assert all(len(day) == 10 for day, _ in result)

    def test_a_monthly_mean_is_the_plain_mean_of_that_month(self):
        # Six values in January (1, 2, 3 and 10, 20, 30: mean 66/6 = 11) and one in February (7), max 1 point per
        # month forced by max_points=2 with 7 points.
        points = [
            ("2026-01-02", 1.0),
            ("2026-01-03", 2.0),
            ("2026-01-04", 3.0),
            ("2026-01-20", 10.0),
            ("2026-01-21", 20.0),
            ("2026-01-22", 30.0),
            ("2026-02-10", 7.0),
        ]
        assert aggregate(points, 2) == [("2026-01-02", 11.0), ("2026-02-10", 7.0)]

    def test_quarters_then_years_when_months_are_still_too_many(self):
        points = [(f"{year}-{month:02d}-01", float(month)) for year in (2024, 2025) for month in range(1, 13)]
        # 24 months > 10, 8 quarters fit: Q1 of 2024 is months 1, 2, 3 -> mean 2.
        assert aggregate(points, 10)[0] == ("2024-01-01", 2.0)
        assert len(aggregate(points, 10)) == 8
        # 8 quarters > 4, 2 years fit: each year's mean of 1..12 is 6.5.
        assert aggregate(points, 4) == [("2024-01-01", 6.5), ("2025-01-01", 6.5)]

    def test_even_runs_when_even_years_are_too_many(self):
        points = [(f"{year}-06-01", float(year - 2000)) for year in range(2000, 2006)]  # values 0..5
        # Six years into 3 points: runs of two, means 0.5, 2.5, 4.5.
        assert aggregate(points, 3) == [("2000-06-01", 0.5), ("2002-06-01", 2.5), ("2004-06-01", 4.5)]

    def test_never_more_than_max_points(self):
        points = daily(date(2010, 1, 1), 6000)
        for limit in (1, 5, 60, 120):
            assert 1 <= len(aggregate(points, limit)) <= limit

    def test_no_points_stay_no_points(self):
        assert aggregate([], 120) == []

    def test_max_points_must_be_positive(self):
        with pytest.raises(ValueError):
            aggregate([("2026-01-01", 1.0)], 0)


class TestNiceTicks:
    def test_round_steps_cover_the_range(self):
        # 168,500..201,500 over ~4 steps: 8,250 rounds up to the nice step 10,000.
        assert nice_ticks(168_500, 201_500) == [160_000, 170_000, 180_000, 190_000, 200_000, 210_000]

    def test_small_values_get_small_steps(self):
        # 8.1..9.4 over 4 steps: 0.325 rounds up to 0.5.
        assert nice_ticks(8.1, 9.4) == [8.0, 8.5, 9.0, 9.5]

    def test_a_flat_series_still_gets_ticks(self):
        assert nice_ticks(5, 5) == [4.0, 4.5, 5.0, 5.5, 6.0]

    def test_a_step_of_two_and_a_half(self):
        # 0..9 over 4 steps: 2.25 rounds up to 2.5.
        assert nice_ticks(0, 9) == [0.0, 2.5, 5.0, 7.5, 10.0]
