"""Typed views (okrtui.services.view_models): named fields for the faces, ``to_json`` for ``--json`` with the keys
of the CLI.md shape in order, an optional field left out while None, and the kind helpers."""

from __future__ import annotations

import pytest

from okrtui.services.view_models import CheckInView, KpiView, KrView, Measurement

KR_KEYS = [
    "id",
    "objective",
    "title",
    "kind",
    "start",
    "target",
    "current",
    "unit",
    "weight",
    "progress",
    "expected",
    "status",
    "exceeded",
    "below_baseline",
    "kpi",
    "kpi_key",
    "checkins",
]
KR_AFTER_GRADE = ["ratio", "low", "high", "commit", "stretch", "zone", "closed", "created", "begins", "due", "plan"]
"""Fields added since (issue 12): after the grade, which is left out until there is one."""
CHECKIN = CheckInView("2026-11-19", 48, 7, "slow legal reviews", "alice")
KR = KrView(
    "KR-1", "O-2", "Cycle", "decrease", 59, 38, 48, "days", 1, 0.5238, 0.57, "on-track", False, False, None, None,
    (CHECKIN,),
)  # fmt: skip


def test_a_key_result_prints_its_keys_in_order_without_a_grade_until_it_has_one():
    assert list(KR.to_json()) == [*KR_KEYS, *KR_AFTER_GRADE]
    assert KR.to_json()["checkins"] == [
        {"date": "2026-11-19", "value": 48, "confidence": 7, "note": "slow legal reviews", "author": "alice"}
    ]
    assert list(KR._replace(grade=0.7).to_json()) == [*KR_KEYS, "grade", *KR_AFTER_GRADE]
    assert KR._replace(grade=0.0).to_json()["grade"] == 0.0


@pytest.mark.parametrize(
    ("kind", "maintain", "milestone"),
    [("increase", False, False), ("decrease", False, False), ("at-least", True, False), ("at-most", True, False),
     ("milestone", False, True)],
)  # fmt: skip
def test_kind_helpers(kind, maintain, milestone):
    view = KR._replace(kind=kind)
    assert (view.is_maintain, view.is_milestone) == (maintain, milestone)


def test_a_kpi_prints_history_only_when_read_and_trend_only_when_asked():
    kpi = KpiView(
        "K-1", "mrr", "MRR", "$", "up", 200000, None, "weekly", "chen", None, Measurement("2026-11-18", 181402),
        "amber", ("KR-2",),
    )  # fmt: skip
    shown = kpi.to_json()
    assert "history" not in shown and "trend" not in shown
    assert shown["latest"] == {"date": "2026-11-18", "value": 181402}
    assert shown["drives"] == ["KR-2"]
    assert kpi._replace(trend=()).to_json()["trend"] == []


def test_views_are_immutable():
    with pytest.raises(AttributeError):
        KR.status = "off-track"  # type: ignore[misc]
