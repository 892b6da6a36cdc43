"""Progress, pace, status, grades and KPI health, exactly as DESIGN.md "Semantics" states them."""

from datetime import date, timedelta

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import (
    KrScore,
    ObjectiveScore,
    confidence_status,
    grade_colour,
    kpi_health,
    kr_grade,
    maintain_grade,
    pace_status,
    score_kr,
    score_objective,
    weighted_progress,
    worst_status,
)
from okrtui.domain.vocab import parse_confidence

Q4 = Period.parse("2026-Q4")  # Oct 1 .. Dec 31 2026
MID_Q4 = date(2026, 11, 15)  # 45 of 91 days elapsed: expected ≈ 0.4945
AFTER_Q4 = date(2027, 1, 10)  # expected = 1


def kr(kind: str, target: float, start: float | None = None, checkins=(), **fields) -> KeyResult:
    """A key result of objective O-1 with its check-ins given as (date, value) or (date, value, confidence)."""
    history = [
        CheckIn(date=point[0], value=point[1], confidence=(point[2] if len(point) > 2 else None)) for point in checkins
    ]
    return KeyResult(
        id="KR-1", objective="O-1", title="t", kind=kind, start=start, target=target, checkins=history, **fields
    )


def lead_time(*checkins) -> KeyResult:
    """The design's example: lead time from 59 down to 38 days."""
    return kr("decrease", start=59, target=38, checkins=checkins)


class TestIncreaseDecreaseProgress:
    def test_decrease_59_to_38_at_44(self):
        # (44 − 59) / (38 − 59) = −15 / −21 = 0.714285… → 0.7143
        score = score_kr(lead_time((date(2026, 10, 20), 44)), Q4, MID_Q4)
        assert round(score.progress, 4) == 0.7143
        assert score.current == 44

    def test_increase_progress(self):
        # (35 − 20) / (80 − 20) = 15 / 60 = 0.25
        score = score_kr(kr("increase", start=20, target=80, checkins=[(date(2026, 10, 20), 35)]), Q4, MID_Q4)
        assert score.progress == pytest.approx(0.25)

    def test_no_check_in_means_current_is_start(self):
        score = score_kr(lead_time(), Q4, MID_Q4)
        assert score.current == 59
        assert score.progress == 0.0
        assert score.latest is None

    def test_the_latest_check_in_gives_the_current_value(self):
        # Check-ins given out of date order: Nov 1 (44) is the latest, not Oct 20 (50).
        score = score_kr(lead_time((date(2026, 11, 1), 44), (date(2026, 10, 20), 50)), Q4, MID_Q4)
        assert score.current == 44

    def test_a_check_in_dated_after_the_day_scored_does_not_count_yet(self):
        # Scored on Oct 25: the Nov 1 check-in (44) is in the future, so current is Oct 20's 50.
        score = score_kr(lead_time((date(2026, 10, 20), 50), (date(2026, 11, 1), 44)), Q4, date(2026, 10, 25))
        assert score.current == 50

    def test_exceeded_keeps_the_raw_ratio_above_1(self):
        # (25 − 10) / (20 − 10) = 1.5: progress clamps to 1, the ratio shows "exceeded".
        score = score_kr(kr("increase", start=10, target=20, checkins=[(date(2026, 10, 20), 25)]), Q4, MID_Q4)
        assert score.ratio == pytest.approx(1.5)
        assert score.progress == 1.0
        assert score.exceeded and not score.below_baseline

    def test_below_baseline_keeps_the_raw_ratio_below_0(self):
        # (65 − 59) / (38 − 59) = 6 / −21 = −0.2857…: progress clamps to 0.
        score = score_kr(lead_time((date(2026, 10, 20), 65)), Q4, MID_Q4)
        assert score.ratio == pytest.approx(-6 / 21)
        assert score.progress == 0.0
        assert score.below_baseline and not score.exceeded

    def test_exactly_at_target_is_1_and_not_exceeded(self):
        score = score_kr(lead_time((date(2026, 10, 20), 38)), Q4, MID_Q4)
        assert score.progress == 1.0
        assert not score.exceeded


class TestMaintain:
    @pytest.mark.parametrize(
        ("kind", "threshold", "value", "progress", "status"),
        [
            ("at-least", 9, 9.5, 1.0, "on-track"),
            ("at-least", 9, 9, 1.0, "on-track"),  # equal to the threshold is in bounds
            ("at-least", 9, 8.9, 0.0, "off-track"),
            ("at-most", 0.5, 0.4, 1.0, "on-track"),
            ("at-most", 0.5, 0.5, 1.0, "on-track"),
            ("at-most", 0.5, 0.6, 0.0, "off-track"),
        ],
    )
    def test_in_bounds_is_1_and_on_track_else_0_and_off_track(self, kind, threshold, value, progress, status):
        score = score_kr(kr(kind, target=threshold, checkins=[(date(2026, 10, 20), value)]), Q4, MID_Q4)
        assert (score.progress, score.status) == (progress, status)

    def test_no_check_in_is_0(self):
        score = score_kr(kr("at-least", target=9), Q4, MID_Q4)
        assert score.progress == 0.0
        assert score.current is None

    def test_no_value_yet_follows_pace_like_any_key_result(self):
        # Oct 5: expected 4/91 = 0.044, gap 0.044 <= 0.15 -> on-track; Nov 15: gap 0.4945 > 0.30 -> off-track.
        assert score_kr(kr("at-least", target=9), Q4, date(2026, 10, 5)).status == "on-track"
        assert score_kr(kr("at-most", target=2), Q4, MID_Q4).status == "off-track"

    def test_only_the_latest_value_decides(self):
        # Out of bounds on Oct 20, back in bounds on Nov 1.
        conversion = kr("at-least", target=9, checkins=[(date(2026, 10, 20), 7), (date(2026, 11, 1), 9.2)])
        assert score_kr(conversion, Q4, MID_Q4).progress == 1.0

    def test_grade_is_the_share_of_the_periods_check_ins_in_bounds(self):
        # In bounds: 9.5, 9.0, 10 — out: 8.0 → 3 of 4 = 0.75.
        conversion = kr(
            "at-least",
            target=9,
            checkins=[
                (date(2026, 10, 5), 9.5),
                (date(2026, 10, 19), 8.0),
                (date(2026, 11, 2), 9.0),
                (date(2026, 12, 14), 10),
            ],
        )
        assert maintain_grade(conversion, Q4, AFTER_Q4) == 0.75
        assert kr_grade(conversion, Q4, AFTER_Q4) == 0.75

    def test_grade_ignores_check_ins_outside_the_period(self):
        # Sep 28 (Q3, out of bounds) and Jan 5 2027 (Q1, out of bounds) don't count: 2 of 2 in Q4 → 1.0.
        fraud_rate = kr(
            "at-most",
            target=0.5,
            checkins=[
                (date(2026, 9, 28), 0.9),
                (date(2026, 10, 12), 0.3),
                (date(2026, 12, 1), 0.5),
                (date(2027, 1, 5), 0.8),
            ],
        )
        assert maintain_grade(fraud_rate, Q4, AFTER_Q4) == 1.0


class TestMilestone:
    @pytest.mark.parametrize(
        ("checkins", "progress"), [([(date(2026, 10, 20), 1)], 1.0), ([(date(2026, 10, 20), 0)], 0.0), ([], 0.0)]
    )
    def test_done_is_1_not_done_is_0(self, checkins, progress):
        launch = kr("milestone", target=1, checkins=checkins)
        assert score_kr(launch, Q4, MID_Q4).progress == progress
        assert kr_grade(launch, Q4, AFTER_Q4) == progress


class TestKrGrade:
    def test_increase_decrease_grade_is_its_progress(self):
        # (44 − 59) / (38 − 59) = 0.7143
        assert round(kr_grade(lead_time((date(2026, 12, 20), 44)), Q4, AFTER_Q4), 4) == 0.7143


class TestKpiLinkedKeyResult:
    lead_time_kpi = Kpi(
        id="K-1",
        key="lead-time",
        name="Lead time",
        unit="days",
        direction="down",
        target=38,
        frequency="weekly",
        history={"2026-09-20": 70, "2026-10-10": 52, "2026-11-02": 44, "2027-01-05": 30},
    )

    def linked(self) -> KeyResult:
        return kr("decrease", start=59, target=38, kpi="K-1")

    def test_current_value_is_the_kpis_latest_measurement_in_the_period(self):
        # Sep 20 is before Q4 and Jan 5 after it: the latest in Q4 is Nov 2 → 44, p = −15 / −21 = 0.7143.
        score = score_kr(self.linked(), Q4, AFTER_Q4, kpi=self.lead_time_kpi)
        assert score.current == 44
        assert round(score.progress, 4) == 0.7143

    def test_measurements_after_today_are_ignored(self):
        # On Nov 1 the Nov 2 measurement doesn't exist yet: Oct 10 → 52, p = (52 − 59) / (38 − 59) = 1/3.
        score = score_kr(self.linked(), Q4, date(2026, 11, 1), kpi=self.lead_time_kpi)
        assert score.current == 52
        assert score.progress == pytest.approx(1 / 3)

    def test_no_measurement_in_the_period_means_current_is_start(self):
        # On Oct 5 only the Sep 20 (previous quarter) measurement exists.
        score = score_kr(self.linked(), Q4, date(2026, 10, 5), kpi=self.lead_time_kpi)
        assert score.current == 59
        assert score.progress == 0.0


class TestStatus:
    @pytest.mark.parametrize(
        ("confidence", "status"),
        [(10, "on-track"), (7, "on-track"), (6, "at-risk"), (4, "at-risk"), (3, "off-track"), (0, "off-track")],
    )
    def test_confidence_bands(self, confidence, status):
        assert confidence_status(confidence) == status

    @pytest.mark.parametrize(
        ("expected", "progress", "status"),
        [
            (0.5, 0.5, "on-track"),  # gap 0
            (0.2, 0.9, "on-track"),  # ahead of pace: gap −0.7
            (0.15, 0.0, "on-track"),  # gap 0.15
            (1.0, 0.85, "on-track"),  # gap 1 − 0.85 = 0.15: a KR at 85 % when the period ends
            (0.5, 0.35, "on-track"),  # gap 0.5 − 0.35 = 0.15
            (0.16, 0.0, "at-risk"),  # gap 0.16
            (0.3, 0.0, "at-risk"),  # gap 0.30
            (1.0, 0.7, "at-risk"),  # gap 1 − 0.7 = 0.30: a KR at 70 % when the period ends
            (0.31, 0.0, "off-track"),  # gap 0.31
            (1.0, 0.0, "off-track"),
        ],
    )
    def test_pace_bands(self, expected, progress, status):
        assert pace_status(expected, progress) == status

    def test_latest_confidence_overrides_pace(self):
        # Progress 0.7143 against expected 0.4945 is ahead of pace, but the owner's confidence is 3.
        score = score_kr(lead_time((date(2026, 11, 10), 44, 3)), Q4, MID_Q4)
        assert score.status == "off-track"

    def test_without_confidence_status_follows_pace(self):
        # Mid-Q4: expected 45/91 ≈ 0.4945, progress 0.7143 → gap < 0 → on-track.
        assert score_kr(lead_time((date(2026, 11, 10), 44)), Q4, MID_Q4).status == "on-track"
        # After Q4: expected 1, no check-in → progress 0, gap 1 → off-track.
        assert score_kr(lead_time(), Q4, AFTER_Q4).status == "off-track"

    def test_a_key_result_at_85_percent_when_the_period_ends_is_on_track(self):
        # Increase 0 → 100 at 85: p = 85 / 100 = 0.85; on Dec 31 expected = 1; gap = 0.15 → on-track.
        eighty_five = kr("increase", start=0, target=100, checkins=[(date(2026, 12, 1), 85)])
        score = score_kr(eighty_five, Q4, date(2026, 12, 31))
        assert score.status == "on-track"

    @pytest.mark.parametrize(
        ("text", "confidence"),
        [
            ("on-track", 8),
            ("at-risk", 5),
            ("off-track", 2),
            ("On-Track", 8),
            (" at-risk ", 5),
            ("0", 0),
            ("7", 7),
            ("10", 10),
            (7, 7),
            (None, None),
            ("", None),
        ],
    )
    def test_parse_confidence_accepts_words_and_0_to_10(self, text, confidence):
        assert parse_confidence(text) == confidence

    @pytest.mark.parametrize("text", [11, -1, "11", "-1", "x", "high", "7.5"])
    def test_parse_confidence_rejects_anything_else(self, text):
        with pytest.raises(ValueError):
            parse_confidence(text)


def kr_score(status: str, progress: float = 0.5) -> KrScore:
    """A key result's score with just the fields an objective rolls up."""
    return KrScore(current=None, ratio=None, progress=progress, expected=0.5, status=status, latest=None)


class TestObjective:
    objective = Objective(id="O-1", title="Shorten sales lifecycle", period="2026-Q4")

    def weighted(self, weight: float) -> KeyResult:
        return kr("increase", start=0, target=1, weight=weight)

    def test_weighted_mean_of_key_results(self):
        # (1 × 1.0 + 2 × 0.71 + 1 × 0.0) / (1 + 2 + 1) = 2.42 / 4 = 0.605
        assert weighted_progress([(1, 1.0), (2, 0.71), (1, 0.0)]) == pytest.approx(0.605)
        scores = [
            (self.weighted(1), kr_score("on-track", 1.0)),
            (self.weighted(2), kr_score("on-track", 0.71)),
            (self.weighted(1), kr_score("on-track", 0.0)),
        ]
        assert score_objective(self.objective, scores, [], MID_Q4).progress == pytest.approx(0.605)

    def test_weighted_progress_of_nothing_is_0(self):
        assert weighted_progress([]) == 0.0

    def test_without_key_results_the_mean_of_aligned_children(self):
        # (0.5 + 0.2) / 2 = 0.35
        children = [ObjectiveScore(0.5, "on-track", 0.5), ObjectiveScore(0.2, "at-risk", 0.5)]
        assert score_objective(self.objective, [], children, MID_Q4).progress == pytest.approx(0.35)

    def test_key_results_win_over_children(self):
        children = [ObjectiveScore(0.1, "off-track", 0.5)]
        score = score_objective(self.objective, [(self.weighted(1), kr_score("on-track", 0.9))], children, MID_Q4)
        assert score.progress == pytest.approx(0.9)

    def test_with_neither_progress_is_0(self):
        assert score_objective(self.objective, [], [], MID_Q4).progress == 0.0

    def test_expected_is_the_elapsed_share_of_its_period(self):
        # Nov 15 in Q4: 45 / 91
        assert score_objective(self.objective, [], [], MID_Q4).expected == pytest.approx(45 / 91)

    @pytest.mark.parametrize(
        ("statuses", "worst"),
        [
            (["on-track", "on-track"], "on-track"),
            (["on-track", "at-risk", "on-track"], "at-risk"),
            (["at-risk", "off-track", "on-track"], "off-track"),
        ],
    )
    def test_status_is_the_worst_key_result_status(self, statuses, worst):
        assert worst_status(statuses) == worst
        scores = [(self.weighted(1), kr_score(status)) for status in statuses]
        assert score_objective(self.objective, scores, [], MID_Q4).status == worst


class TestGradeColour:
    @pytest.mark.parametrize(
        ("grade", "colour"),
        [(1.0, "green"), (0.7, "green"), (0.6999, "yellow"), (0.4, "yellow"), (0.3999, "red"), (0.0, "red")],
    )
    def test_bands(self, grade, colour):
        assert grade_colour(grade) == colour


TODAY = date(2026, 11, 15)


def metric(direction: str, target: float, warn: float | None, history: dict[str, float], frequency="weekly") -> Kpi:
    return Kpi(
        id="K-1",
        key="metric",
        name="Metric",
        direction=direction,
        target=target,
        warn=warn,
        frequency=frequency,
        history=history,
    )


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


class TestKpiHealth:
    @pytest.mark.parametrize(
        ("value", "health"),
        [(120, "green"), (100, "green"), (99, "amber"), (80, "amber"), (79.9, "red"), (0, "red")],
    )
    def test_direction_up(self, value, health):
        # target 100, warn 80
        assert kpi_health(metric("up", 100, 80, {TODAY.isoformat(): value}), TODAY) == health

    @pytest.mark.parametrize(
        ("value", "health"),
        [(3, "green"), (5, "green"), (6, "amber"), (8, "amber"), (8.1, "red"), (20, "red")],
    )
    def test_direction_down_mirrors_it(self, value, health):
        # target 5, warn 8
        assert kpi_health(metric("down", 5, 8, {TODAY.isoformat(): value}), TODAY) == health

    def test_without_warn_short_of_target_is_red(self):
        assert kpi_health(metric("up", 100, None, {TODAY.isoformat(): 99}), TODAY) == "red"

    def test_the_latest_measurement_decides(self):
        history = {days_ago(3): 50, days_ago(1): 100, days_ago(2): 70}
        assert kpi_health(metric("up", 100, 80, history), TODAY) == "green"

    def test_no_measurements_is_no_data(self):
        assert kpi_health(metric("up", 100, 80, {}), TODAY) == "no-data"

    def test_measurements_after_today_are_ignored(self):
        tomorrow = (TODAY + timedelta(days=1)).isoformat()
        assert kpi_health(metric("up", 100, 80, {tomorrow: 150}), TODAY) == "no-data"
        assert kpi_health(metric("up", 100, 80, {days_ago(1): 50, tomorrow: 150}), TODAY) == "red"

    @pytest.mark.parametrize(
        ("frequency", "age", "health"),
        [
            ("daily", 1, "green"),  # 1.5 × 1 = 1.5 days
            ("daily", 2, "stale"),
            ("weekly", 10, "green"),  # 1.5 × 7 = 10.5 days
            ("weekly", 11, "stale"),
            ("monthly", 45, "green"),  # 1.5 × 30 = 45 days: not older than 45
            ("monthly", 46, "stale"),
            ("yearly", 547, "green"),  # 1.5 × 365 = 547.5 days
            ("yearly", 548, "stale"),
        ],
    )
    def test_stale_when_older_than_one_and_a_half_periods(self, frequency, age, health):
        kpi = metric("up", 100, 80, {days_ago(age): 120}, frequency=frequency)
        assert kpi_health(kpi, TODAY) == health
