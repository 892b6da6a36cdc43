"""The weekly review's pure parts: whose key results a scope covers, the KPI trend arrow, and when a key result is due.

Q4 2026 runs 2026-10-01 .. 2026-12-31. Cadences: weekly 7 days, biweekly 14, monthly 30. A key result is due when
its period contains today, it is not a finished milestone, and its latest check-in (with none, the first day of the
period) is at least the cadence ago.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import is_due, score_kr
from okrtui.errors import BadInput
from okrtui.services.reviews import Scope, due_items, kpi_trend, overdue_findings
from okrtui.services.views import Dataset

Q4 = Period.parse("2026-Q4")
TODAY = date(2026, 11, 22)


# -- Scope.parse ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "all", "ALL", " all ", "everything", "Everything"])
def test_scope_everyone(text):
    assert Scope.parse(text, "dana") == Scope()
    assert str(Scope.parse(text, "dana")) == "all"


@pytest.mark.parametrize("text", ["me", "ME", " Me "])
def test_scope_me_is_the_actor(text):
    assert Scope.parse(text, "dana") == Scope(owner="dana")
    assert Scope.parse(text, "chen") == Scope(owner="chen")


@pytest.mark.parametrize(
    ("text", "owner"), [("owner:chen", "chen"), ("OWNER:chen", "chen"), ("person:erik", "erik"), ("gwen", "gwen")]
)
def test_scope_owner(text, owner):
    scope = Scope.parse(text, "dana")
    assert scope == Scope(owner=owner)
    assert str(scope) == f"owner:{owner}"


@pytest.mark.parametrize(("text", "team"), [("team:People", "People"), ("Team:sales", "sales")])
def test_scope_team(text, team):
    scope = Scope.parse(text, "dana")
    assert scope == Scope(team=team)
    assert str(scope) == f"team:{team}"


@pytest.mark.parametrize("text", ["owner:", "team:", "bogus:x", ":dana", "group:People"])
def test_scope_bad(text):
    with pytest.raises(BadInput, match="scope"):
        Scope.parse(text, "dana")


def objective(oid: str = "O-1", owner: str = "dana", team: str = "People", **fields) -> Objective:
    return Objective(id=oid, title="Grow", period=fields.pop("period", "2026-Q4"), owner=owner, team=team, **fields)


def test_scope_covers_case_insensitively():
    dana_people = objective(owner="Dana", team="People")
    assert Scope().covers(dana_people)
    assert Scope(owner="dana").covers(dana_people)
    assert not Scope(owner="chen").covers(dana_people)
    assert Scope(team="people").covers(dana_people)
    assert not Scope(team="Sales").covers(dana_people)


# -- kpi_trend --------------------------------------------------------------------------------------------------------


def trend(history: dict[str, float], today: date = TODAY) -> str:
    """The arrow of a KPI stored with ``history`` (in any order, as a hand edit may leave it)."""
    kpi = Kpi.model_validate({"id": "K-1", "key": "mrr", "name": "MRR", "target": 1, "history": history})
    return kpi_trend(kpi, today)


@pytest.mark.parametrize(
    ("previous", "latest", "arrow"),
    [
        (100, 101.01, "↑"),  # +1.01 %
        (100, 101, "→"),  # exactly +1 %: within the tolerance
        (100, 100.5, "→"),
        (100, 100, "→"),
        (100, 99, "→"),  # exactly −1 %
        (100, 98.99, "↓"),  # −1.01 %
        (182_557, 181_402, "→"),  # −0.63 %
        (145, 148, "↑"),
        (9.41, 9.3, "↓"),  # −1.17 %
        (-100, -102, "↓"),  # the tolerance is 1 % of the size of the previous value
        (-100, -100.5, "→"),
        (-100, -98, "↑"),
        (0, 0, "→"),
        (0, 0.5, "↑"),
        (0, -0.5, "↓"),
    ],
)
def test_kpi_trend_of_the_last_two_values(previous, latest, arrow):
    assert trend({"2026-11-15": previous, "2026-11-22": latest}) == arrow


def test_kpi_trend_with_fewer_than_two_values_is_flat():
    assert trend({}) == "→"
    assert trend({"2026-11-01": 5}) == "→"


def test_kpi_trend_uses_only_the_last_two_values():
    # far below two weeks ago, but the last two are flat
    assert trend({"2026-11-01": 10, "2026-11-15": 100, "2026-11-22": 100.2}) == "→"


def test_kpi_trend_ignores_the_order_of_the_history():
    history = {"2026-11-22": 120, "2026-11-01": 200, "2026-11-15": 100}
    assert trend(history) == "↑"  # 11-15 → 11-22: 100 → 120


def test_kpi_trend_as_of_an_earlier_day_ignores_later_values():
    history = {"2026-11-01": 100, "2026-11-08": 110, "2026-11-15": 90}
    assert trend(history, date(2026, 11, 8)) == "↑"
    assert trend(history, date(2026, 11, 14)) == "↑"
    assert trend(history, date(2026, 11, 15)) == "↓"
    assert trend(history, date(2026, 11, 7)) == "→"  # one value as of then


# -- is_due -----------------------------------------------------------------------------------------------------------


def increase(
    *days: date,
    kind: str = "increase",
    value: float = 5,
    objective_id: str = "O-1",
    kid: str = "KR-1",
    kpi: str | None = None,
) -> KeyResult:
    bounds = {"start": 0, "target": 10} if kind == "increase" else {"target": 1, "start": 0}
    return KeyResult(
        id=kid,
        objective=objective_id,
        title="t",
        kind=kind,
        kpi=kpi,
        checkins=[CheckIn(date=day, value=value) for day in days],
        **bounds,
    )


def due(kr: KeyResult, cadence: str, today: date, period: Period = Q4, kpi: Kpi | None = None) -> bool:
    return is_due(kr, score_kr(kr, period, today, kpi), cadence, period, today)


@pytest.mark.parametrize(("cadence", "days"), [("weekly", 7), ("biweekly", 14), ("monthly", 30)])
def test_due_exactly_at_the_cadence(cadence, days):
    last = date(2026, 11, 1)
    kr = increase(last)
    assert not due(kr, cadence, last + timedelta(days=days - 1))
    assert due(kr, cadence, last + timedelta(days=days))
    assert due(kr, cadence, last + timedelta(days=days + 1))


def test_a_check_in_today_is_not_due():
    assert not due(increase(TODAY), "weekly", TODAY)


def test_only_the_latest_check_in_counts():
    kr = increase(date(2026, 10, 5), date(2026, 11, 20))
    assert not due(kr, "weekly", TODAY)
    assert due(kr, "weekly", date(2026, 11, 19))  # as of then the latest is 10-05


def test_a_future_check_in_does_not_count():
    kr = increase(date(2026, 11, 10), date(2026, 11, 30))
    assert due(kr, "weekly", TODAY)  # the 11-30 check-in hasn't happened on 11-22


@pytest.mark.parametrize(("cadence", "days"), [("weekly", 7), ("biweekly", 14), ("monthly", 30)])
def test_never_checked_in_counts_from_the_period_start(cadence, days):
    kr = increase()
    assert not due(kr, cadence, Q4.start + timedelta(days=days - 1))
    assert due(kr, cadence, Q4.start + timedelta(days=days))


def test_outside_the_period_nothing_is_due():
    kr = increase(date(2026, 10, 2))
    assert not due(kr, "weekly", date(2027, 1, 10))  # after Q4
    assert not due(increase(), "weekly", date(2026, 9, 20))  # before Q4
    assert due(kr, "weekly", Q4.end)  # the last day still counts


def test_a_done_milestone_is_not_due_a_not_done_one_is():
    assert not due(increase(date(2026, 10, 2), kind="milestone", value=1), "weekly", TODAY)
    assert due(increase(date(2026, 10, 2), kind="milestone", value=0), "weekly", TODAY)
    assert due(increase(kind="milestone"), "weekly", TODAY)


def test_a_kpi_measurement_counts_as_a_check_in():
    kr = increase(kpi="K-1")
    kpi = Kpi(id="K-1", key="conversion", name="Conversion", target=9, history={"2026-11-18": 9.2})
    assert not due(kr, "weekly", TODAY, kpi=kpi)  # 4 days
    assert due(kr, "weekly", date(2026, 11, 25), kpi=kpi)  # 7 days


# -- due_items and overdue_findings on a dataset ----------------------------------------------------------------------


def dataset(*pairs: tuple[Objective, list[KeyResult]]) -> Dataset:
    return Dataset([o for o, _ in pairs], [kr for _, krs in pairs for kr in krs], [], [])


def test_due_items_keeps_tree_order_and_the_owner():
    parent = objective("O-1", owner="maria", team="")
    child = objective("O-2", owner="dana", parent="O-1")
    data = dataset(
        (child, [increase(date(2026, 11, 1), objective_id="O-2", kid="KR-2")]),
        (
            parent,
            [
                increase(date(2026, 11, 2), objective_id="O-1", kid="KR-1"),
                increase(TODAY, objective_id="O-1", kid="KR-3"),
            ],
        ),
    )
    items = due_items(data, TODAY)
    assert [(item.kr.id, item.owner, item.last_date) for item in items] == [
        ("KR-1", "maria", date(2026, 11, 2)),
        ("KR-2", "dana", date(2026, 11, 1)),
    ]
    assert [item.kr.id for item in due_items(data, TODAY, Scope(owner="dana"))] == ["KR-2"]
    assert [item.kr.id for item in due_items(data, TODAY, Scope(team="people"))] == ["KR-2"]


def test_due_items_follows_the_objectives_cadence_and_state():
    monthly = objective("O-1", cadence="monthly")
    cancelled = objective("O-2", state="cancelled")
    data = dataset(
        (monthly, [increase(date(2026, 11, 2))]),
        (cancelled, [increase(date(2026, 10, 2), objective_id="O-2", kid="KR-2")]),
    )
    assert due_items(data, TODAY) == []  # 20 days < 30; O-2 is not active
    assert [item.kr.id for item in due_items(data, date(2026, 12, 2))] == ["KR-1"]  # 30 days


def test_overdue_findings():
    data = dataset(
        (
            objective(owner="dana"),
            [increase(date(2026, 11, 10)), increase(date(2026, 11, 14), date(2026, 11, 21), kid="KR-2")],
        )
    )
    assert overdue_findings(data, TODAY, Q4) == [
        {"id": "KR-1", "title": "t", "problem": "overdue", "owner": "dana", "last_checkin": "2026-11-10"}
    ]
    assert overdue_findings(data, date(2026, 11, 16), Q4) == []  # 6 and 2 days
    assert overdue_findings(data, TODAY, Period.parse("2026-Q3")) == []  # no objective of Q3
