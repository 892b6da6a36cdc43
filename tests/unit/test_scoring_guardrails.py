"""Issue 12, items 1 to 4: guardrails that don't inflate progress (weight 0), the unclamped ratio, range guards, and
commit / stretch zones. Every expected number is worked out by hand in the test's docstring or comment."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Objective, ValidationError
from okrtui.domain.periods import Period
from okrtui.domain.scoring import (
    KrScore,
    ObjectiveScore,
    kr_grade,
    mean_progress,
    score_kr,
    score_objective,
    weighted_mean,
)

Q4 = Period.parse("2026-Q4")  # Oct 1 .. Dec 31 2026
MID_Q4 = date(2026, 11, 15)  # 45 of 91 days: expected 0.4945
OCT = date(2026, 10, 20)
OBJECTIVE = Objective(id="O-1", title="Shorten the sales lifecycle", period="2026-Q4")


def kr(kind: str, *points: tuple[date, float], **fields) -> KeyResult:
    """A key result of O-1 with check-ins given as (date, value)."""
    history = [CheckIn(date=day, value=value) for day, value in points]
    fields.setdefault("target", 1 if kind == "milestone" else 0)
    return KeyResult(id="KR-1", objective="O-1", title="t", kind=kind, checkins=history, **fields)


def scored(key_result: KeyResult) -> tuple[KeyResult, KrScore]:
    return key_result, score_kr(key_result, Q4, MID_Q4)


# -- 1. guardrails don't inflate progress -----------------------------------------------------------------------------


class TestWeightZero:
    def test_weight_0_is_allowed_for_every_kind(self):
        for kind, bounds in [
            ("increase", {"start": 0, "target": 10}),
            ("milestone", {}),
            ("at-least", {"target": 9}),
            ("range", {"low": 1, "high": 2}),
        ]:
            assert kr(kind, weight=0, **bounds).weight == 0.0

    def test_a_negative_weight_is_refused(self):
        with pytest.raises(ValidationError, match="weight"):
            kr("increase", start=0, target=10, weight=-1)

    def test_a_guard_of_weight_0_counts_for_status_not_progress(self):
        """Increase 0 → 100 at 40: 0.4. At least 9 at 8: out of bounds, off-track, progress 0.

        Weights 1 and 0: (1·0.4 + 0·0.0) / 1 = 0.4, where a weight of 1 would give (0.4 + 0.0) / 2 = 0.2. The status
        is the worst of the two: off-track (the guard)."""
        growth = kr("increase", (OCT, 40), start=0, target=100)
        guard = kr("at-least", (OCT, 8), target=9, weight=0)
        score = score_objective(OBJECTIVE, [scored(growth), scored(guard)], [], MID_Q4)
        assert score.progress == pytest.approx(0.4)
        assert score.status == "off-track"

    def test_a_guard_of_weight_2_counts_twice(self):
        """Increase 0 → 100 at 40 (0.4, weight 1), at most 2 at 1.5 (in bounds: 1.0, weight 2):
        (1·0.4 + 2·1.0) / 3 = 2.4 / 3 = 0.8."""
        growth = kr("increase", (OCT, 40), start=0, target=100)
        guard = kr("at-most", (OCT, 1.5), target=2, weight=2)
        assert score_objective(OBJECTIVE, [scored(growth), scored(guard)], [], MID_Q4).progress == pytest.approx(0.8)

    def test_an_objective_whose_key_results_all_weigh_0_has_no_progress_and_its_status(self):
        """Two guards of weight 0: Σw = 0, so no progress (None); the status is the worst: in bounds, out of bounds."""
        inside = kr("at-least", (OCT, 10), target=9, weight=0)
        outside = kr("range", (OCT, 250), low=100, high=200, weight=0)
        score = score_objective(OBJECTIVE, [scored(inside), scored(outside)], [], MID_Q4)
        assert score.progress is None
        assert score.status == "off-track"

    def test_a_parent_leaves_out_children_without_progress(self):
        """Children 0.5, None (status only, at-risk) and 0.2: progress (0.5 + 0.2) / 2 = 0.35; status the worst of
        all three, at-risk ones included."""
        children = [
            ObjectiveScore(0.5, "on-track", 0.5),
            ObjectiveScore(None, "at-risk", 0.5),
            ObjectiveScore(0.2, "on-track", 0.5),
        ]
        score = score_objective(OBJECTIVE, [], children, MID_Q4)
        assert score.progress == pytest.approx(0.35)
        assert score.status == "at-risk"

    def test_a_parent_of_children_without_progress_has_none(self):
        children = [ObjectiveScore(None, "on-track", 0.5), ObjectiveScore(None, "off-track", 0.5)]
        score = score_objective(OBJECTIVE, [], children, MID_Q4)
        assert (score.progress, score.status) == (None, "off-track")

    def test_weighted_mean_and_mean_progress(self):
        # (0·1.0 + 0·0.0) / 0: none; (2·0.5 + 0·1.0) / 2 = 0.5; mean of 0.4 and 0.1, None left out: 0.25
        assert weighted_mean([(0, 1.0), (0, 0.0)]) is None
        assert weighted_mean([]) is None
        assert weighted_mean([(2, 0.5), (0, 1.0)]) == pytest.approx(0.5)
        assert mean_progress([0.4, None, 0.1]) == pytest.approx(0.25)
        assert mean_progress([None, None]) is None
        assert mean_progress([]) is None


# -- 2. the unclamped ratio -------------------------------------------------------------------------------------------


class TestRatio:
    @pytest.mark.parametrize(
        ("key_result", "ratio", "progress"),
        [
            # (25 − 10) / (20 − 10) = 1.5: exceeded, progress clamped to 1
            (kr("increase", (OCT, 25), start=10, target=20), 1.5, 1.0),
            # (65 − 59) / (38 − 59) = 6 / −21 = −0.285714…: below baseline, progress 0
            (kr("decrease", (OCT, 65), start=59, target=38), -0.285714, 0.0),
            # milestone done: 1, not done: 0
            (kr("milestone", (OCT, 1)), 1.0, 1.0),
            (kr("milestone", (OCT, 0)), 0.0, 0.0),
        ],
    )
    def test_the_ratio_is_unclamped(self, key_result, ratio, progress):
        score = score_kr(key_result, Q4, MID_Q4)
        assert score.ratio == pytest.approx(ratio, abs=1e-6)
        assert score.progress == progress

    @pytest.mark.parametrize("guard", [kr("at-least", (OCT, 10), target=9), kr("range", (OCT, 150), low=100, high=200)])
    def test_a_guard_has_no_ratio(self, guard):
        assert score_kr(guard, Q4, MID_Q4).ratio is None


# -- 3. range guards --------------------------------------------------------------------------------------------------


class TestRange:
    def test_it_keeps_low_and_high_and_its_target_is_high(self):
        guard = kr("range", low=100, high=200, start=5, target=7)
        assert (guard.low, guard.high, guard.start, guard.target) == (100.0, 200.0, None, 200.0)
        assert guard.is_maintain

    @pytest.mark.parametrize(
        "bounds",
        [{"low": 200, "high": 100}, {"high": 100}, {"low": 100}],
    )
    def test_it_needs_low_at_or_below_high(self, bounds):
        with pytest.raises(ValidationError, match="range"):
            kr("range", **bounds)

    def test_other_kinds_drop_low_and_high(self):
        assert kr("at-least", low=1, high=2, target=9).low is None

    @pytest.mark.parametrize(
        ("value", "progress", "status"),
        [
            (100, 1.0, "on-track"),
            (150, 1.0, "on-track"),
            (200, 1.0, "on-track"),
            (99.9, 0.0, "off-track"),
            (200.1, 0.0, "off-track"),
        ],
    )
    def test_in_bounds_from_low_to_high_both_included(self, value, progress, status):
        score = score_kr(kr("range", (OCT, value), low=100, high=200), Q4, MID_Q4)
        assert (score.progress, score.status, score.current) == (progress, status, value)

    def test_its_grade_is_the_share_of_the_periods_check_ins_in_bounds(self):
        """Range 100..200, check-ins 150, 250, 100, 90 in Q4 and 150 in Q3 (not counted): 2 of 4 in bounds = 0.5."""
        points = [
            (date(2026, 9, 30), 150),
            (date(2026, 10, 5), 150),
            (date(2026, 10, 12), 250),
            (date(2026, 10, 19), 100),
            (date(2026, 10, 26), 90),
        ]
        assert kr_grade(kr("range", *points, low=100, high=200), Q4, date(2026, 12, 31)) == 0.5


# -- 4. commit and stretch --------------------------------------------------------------------------------------------


class TestZones:
    @pytest.mark.parametrize(
        ("value", "zone", "progress"),
        [
            (59, "below-commit", 0.59),  # 59 < commit 60
            (60, "committed", 0.6),  # on the commit: (60 − 0) / 100
            (99, "committed", 0.99),
            (100, "target", 1.0),
            (149, "target", 1.0),
            (150, "stretch", 1.0),  # ratio 1.5: progress stays measured to the target
            (180, "stretch", 1.0),
        ],
    )
    def test_increase_0_to_100_commit_60_stretch_150(self, value, zone, progress):
        score = score_kr(kr("increase", (OCT, value), start=0, target=100, commit=60, stretch=150), Q4, MID_Q4)
        assert score.zone == zone
        assert score.progress == pytest.approx(progress)

    @pytest.mark.parametrize(
        ("value", "zone"), [(46, "below-commit"), (45, "committed"), (38, "target"), (30, "stretch"), (25, "stretch")]
    )
    def test_decrease_59_to_38_commit_45_stretch_30(self, value, zone):
        """A decrease mirrors it: 45 reached the commit (ratio (45 − 59) / (38 − 59) = 0.667 = the commit's own)."""
        key_result = kr("decrease", (OCT, value), start=59, target=38, commit=45, stretch=30)
        assert score_kr(key_result, Q4, MID_Q4).zone == zone

    def test_without_a_commit_the_target_is_the_commitment(self):
        """Stretch only: 0 → 100, stretch 120; at 90 below commit (the target), at 110 target, at 120 stretch."""
        zones = [
            score_kr(kr("increase", (OCT, value), start=0, target=100, stretch=120), Q4, MID_Q4).zone
            for value in (90, 110, 120)
        ]
        assert zones == ["below-commit", "target", "stretch"]

    def test_without_a_stretch_the_target_is_the_top(self):
        zones = [
            score_kr(kr("increase", (OCT, value), start=0, target=100, commit=50), Q4, MID_Q4).zone
            for value in (40, 50, 100, 500)
        ]
        assert zones == ["below-commit", "committed", "target", "target"]

    def test_no_zone_without_commit_or_stretch(self):
        assert score_kr(kr("increase", (OCT, 150), start=0, target=100), Q4, MID_Q4).zone is None

    def test_no_check_in_is_below_the_commit(self):
        assert score_kr(kr("increase", start=0, target=100, commit=60), Q4, MID_Q4).zone == "below-commit"

    @pytest.mark.parametrize(
        ("bounds", "message"),
        [
            ({"start": 0, "target": 100, "commit": 100}, "commit"),
            ({"start": 0, "target": 100, "commit": 0}, "commit"),
            ({"start": 0, "target": 100, "commit": 120}, "commit"),
            ({"start": 59, "target": 38, "commit": 60}, "commit"),
            ({"start": 0, "target": 100, "stretch": 100}, "stretch"),
            ({"start": 0, "target": 100, "stretch": 90}, "stretch"),
            ({"start": 59, "target": 38, "stretch": 40}, "stretch"),
        ],
    )
    def test_commit_lies_between_start_and_target_and_stretch_beyond_the_target(self, bounds, message):
        with pytest.raises(ValidationError, match=message):
            kr("increase", **bounds)

    @pytest.mark.parametrize(("kind", "bounds"), [("at-least", {"target": 9}), ("milestone", {})])
    def test_commit_and_stretch_are_for_increase_and_decrease_only(self, kind, bounds):
        with pytest.raises(ValidationError, match="increase or decrease"):
            kr(kind, commit=0.5, **bounds)
