"""A KPI's stored history at the size of a big file: checked fast, kept in date order, a damaged entry named."""

from datetime import date, timedelta

import pytest

from okrtui.domain.models import Kpi, ValidationError

START = date(2024, 1, 1)


def days(count: int, start: date = START) -> list[str]:
    """``count`` consecutive ISO days from ``start``."""
    return [(start + timedelta(days=offset)).isoformat() for offset in range(count)]


def kpi(history: dict) -> dict:
    """A valid KPI's fields with ``history``."""
    return {"id": "K-1", "key": "mrr", "name": "Monthly recurring revenue", "target": 100, "history": history}


def big_history() -> dict:
    """3,000 daily values, as a big file holds them (dates sorted, ints and floats)."""
    return {day: index if index % 2 else index + 0.5 for index, day in enumerate(days(3000))}


def test_a_big_history_loads_unchanged():
    history = big_history()
    loaded = Kpi.model_validate(kpi(dict(history))).history
    assert list(loaded.items()) == list(history.items())
    assert type(loaded["2024-01-02"]) is int


def test_a_hand_edited_history_out_of_order_is_kept_oldest_first():
    history = {"2026-03-01": 3, "2026-01-01": 1, "2026-02-01": 2}
    assert list(Kpi.model_validate(kpi(history)).history.items()) == [
        ("2026-01-01", 1),
        ("2026-02-01", 2),
        ("2026-03-01", 3),
    ]


@pytest.mark.parametrize(
    ("bad_day", "message"),
    [
        ("2025-02-29", "'2025-02-29' is not a date"),
        ("2026-13-01", "'2026-13-01' is not a date"),
        ("20260101", "'20260101' is not a date"),
        ("2026-W01-1", "'2026-W01-1' is not a date"),
        ("", "'' is not a date"),
    ],
)
def test_a_bad_day_in_the_middle_of_a_big_history_is_named(bad_day, message):
    history = big_history()
    history[bad_day] = 5
    with pytest.raises(ValidationError, match=message):
        Kpi.model_validate(kpi(history))


def test_a_day_is_refused_in_every_history_not_only_the_first():
    Kpi.model_validate(kpi(big_history()))  # the good days are known now; a bad one must still be caught
    with pytest.raises(ValidationError, match="'2023-02-29' is not a date"):
        Kpi.model_validate(kpi({**big_history(), "2023-02-29": 1}))


@pytest.mark.parametrize(
    "bad_value",
    ["12", None, True, False, [1], {"v": 1}, 1e16, -1e16, 10**400, float("nan"), float("inf"), float("-inf")],
)
def test_a_bad_value_in_the_middle_of_a_big_history_is_named(bad_value):
    history = big_history()
    history["2025-06-15"] = bad_value
    with pytest.raises(ValidationError, match="the value of '2025-06-15' is not a number"):
        Kpi.model_validate(kpi(history))


def test_ones_and_zeros_load_and_a_true_or_false_among_them_is_named():
    """A count KPI (incidents: 0, 1, 0 …) holds values equal to True and False: they load as numbers, while a JSON
    true or false among them is still named (it is damage, not 1 or 0)."""
    history = {day: [0, 1, 1.0, 0.0, 2][index % 5] for index, day in enumerate(days(3000))}
    loaded = Kpi.model_validate(kpi(dict(history))).history
    assert loaded == history
    assert {type(value) for value in loaded.values()} == {int, float}
    for bad in (True, False):
        with pytest.raises(ValidationError, match="the value of '2024-01-05' is not a number"):
            Kpi.model_validate(kpi({**history, "2024-01-05": bad}))


def test_many_large_values_load_and_a_bad_one_among_them_is_named():
    history = {day: 9e14 if index % 2 else -9e14 for index, day in enumerate(days(3000))}  # together far past 1e15
    assert Kpi.model_validate(kpi(dict(history))).history == history
    for bad in (float("nan"), 1.1e15, float("inf")):
        with pytest.raises(ValidationError, match="the value of '2024-01-05' is not a number"):
            Kpi.model_validate(kpi({**history, "2024-01-05": bad}))


def test_values_at_the_bounds_load():
    history = {"2026-01-01": 1e15, "2026-01-02": -1e15, "2026-01-03": 10**15, "2026-01-04": 0}
    assert Kpi.model_validate(kpi(history)).history == history


class TestAsOfADay:
    """Views read only the newest few measurements as of a day; later ones (a --today in the past) are left out."""

    def model(self) -> Kpi:
        return Kpi.model_validate(kpi({"2026-11-03": 5, "2026-11-01": 4.5, "2026-11-20": 9, "2026-11-10": 7}))

    @pytest.mark.parametrize(
        ("cutoff", "latest", "count", "last_two"),
        [
            ("2026-11-30", ("2026-11-20", 9), 4, [7, 9]),
            ("2026-11-20", ("2026-11-20", 9), 4, [7, 9]),
            ("2026-11-19", ("2026-11-10", 7), 3, [5, 7]),
            ("2026-11-02", ("2026-11-01", 4.5), 1, [4.5]),
            ("2026-10-31", None, 0, []),
        ],
    )
    def test_latest_count_and_last_values(self, cutoff, latest, count, last_two):
        model = self.model()
        assert model.latest_on(cutoff) == latest
        assert model.count_until(cutoff) == count
        assert model.values_until(cutoff, 2) == last_two

    def test_an_empty_history(self):
        model = Kpi.model_validate(kpi({}))
        assert (
            model.latest_on("2026-11-30"),
            model.count_until("2026-11-30"),
            model.values_until("2026-11-30", 5),
        ) == (None, 0, [])

    @pytest.mark.parametrize(
        ("first", "last", "expected"),
        [
            (
                "2026-11-01",
                "2026-11-30",
                [("2026-11-01", 4.5), ("2026-11-03", 5), ("2026-11-10", 7), ("2026-11-20", 9)],
            ),
            ("2026-11-02", "2026-11-10", [("2026-11-03", 5), ("2026-11-10", 7)]),
            ("2026-11-03", "2026-11-03", [("2026-11-03", 5)]),
            ("2026-11-11", "2026-11-19", []),
            ("2026-12-01", "2026-12-31", []),
            ("2026-10-01", "2026-10-31", []),
        ],
    )
    def test_between_two_days(self, first, last, expected):
        assert self.model().between(first, last) == expected


def test_every_history_is_checked_also_when_it_has_the_dates_of_the_one_before():
    good = big_history()
    Kpi.model_validate(kpi(dict(good)))
    with pytest.raises(ValidationError, match="the value of '2024-03-01' is not a number"):
        Kpi.model_validate(kpi({**good, "2024-03-01": "5"}))
    shuffled = dict(reversed(list(good.items())))
    assert list(Kpi.model_validate(kpi(shuffled)).history) == list(good)
