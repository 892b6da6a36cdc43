"""Key results with their own dates and phased plans (issue 12, items 5 and 6): the expected progress and pace status
of ``okrtui.domain.scoring``.

Every expected number is worked by hand in the test's docstring. 2026-Q4 runs from 2026-10-01 to 2026-12-31: 91 days.
"""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, ValidationError
from okrtui.domain.periods import Period
from okrtui.domain.scoring import expected_progress, is_due, score_kr

Q4 = Period.parse("2026-Q4")


def kr(checkins=(), **fields) -> KeyResult:
    """KR-1 of O-1, 0 → 100 unless ``fields`` say otherwise."""
    values = {"kind": "increase", "start": 0, "target": 100, **fields}
    points = [CheckIn(date=date.fromisoformat(day), value=value, confidence=None) for day, value in checkins]
    return KeyResult.model_validate({"id": "KR-1", "objective": "O-1", "title": "t", **values, "checkins": points})


def on(day: str) -> date:
    return date.fromisoformat(day)


NOVEMBER = {"begins": "2026-11-01", "due": "2026-11-30"}


class TestOwnWindow:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            ("2026-10-20", 0.0),  # before its first day
            ("2026-11-01", 0.0),  # on its first day
            ("2026-11-22", 21 / 29),  # (Nov 22 − Nov 1) / (Nov 30 − Nov 1) = 21 / 29 = 0.7241
            ("2026-11-30", 1.0),  # on its due day
            ("2026-12-20", 1.0),  # after it
        ],
    )
    def test_expected_is_the_elapsed_share_of_its_own_window(self, day, expected):
        assert expected_progress(kr(**NOVEMBER), Q4, on(day)) == pytest.approx(expected)

    def test_only_a_due_date_runs_from_the_period_start(self):
        """Oct 1 → Nov 30 is 60 days; on Nov 22, 52 of them: 52 / 60 = 0.8667."""
        assert expected_progress(kr(due="2026-11-30"), Q4, on("2026-11-22")) == pytest.approx(52 / 60)

    def test_only_a_first_day_runs_to_the_period_end(self):
        """Nov 1 → Dec 31 is 60 days; on Nov 22, 21 of them: 21 / 60 = 0.35."""
        assert expected_progress(kr(begins="2026-11-01"), Q4, on("2026-11-22")) == pytest.approx(0.35)

    def test_without_dates_the_period_sets_the_pace(self):
        """52 of 91 days: 0.5714."""
        assert expected_progress(kr(), Q4, on("2026-11-22")) == pytest.approx(52 / 91)

    def test_the_pace_status_follows_its_own_window(self):
        """At 50 on Nov 22: progress 0.5; its window expects 21 / 29 = 0.7241, a gap of 0.2241: at-risk. The
        period's straight line (0.5714, a gap of 0.0714) would say on-track."""
        score = score_kr(kr([("2026-11-20", 50)], **NOVEMBER), Q4, on("2026-11-22"))
        assert (round(score.expected, 4), score.status) == (0.7241, "at-risk")
        assert score_kr(kr([("2026-11-20", 50)]), Q4, on("2026-11-22")).status == "on-track"

    def test_before_its_first_day_nothing_is_expected(self):
        """On Oct 20, at 0: expected 0, gap 0: on-track (the period's line, 19/91 = 0.2088, would still be on-track,
        but a window starting later is never behind before it starts)."""
        score = score_kr(kr(begins="2026-11-01"), Q4, on("2026-10-20"))
        assert (score.expected, score.status) == (0.0, "on-track")


class TestPastDue:
    def test_past_its_due_date_and_not_done_is_off_track(self):
        """At 90 on Dec 5, due Nov 30: expected 1, gap 0.1 (the pace alone says on-track), but it is past due and
        0.9 < 1: off-track."""
        assert score_kr(kr([("2026-11-29", 90)], **NOVEMBER), Q4, on("2026-12-05")).status == "off-track"

    def test_on_its_due_day_the_pace_still_decides(self):
        """At 90 on Nov 30: expected 1, gap 0.1 ≤ 0.15: on-track."""
        assert score_kr(kr([("2026-11-29", 90)], **NOVEMBER), Q4, on("2026-11-30")).status == "on-track"

    def test_done_by_its_due_date_stays_on_track(self):
        assert score_kr(kr([("2026-11-29", 100)], **NOVEMBER), Q4, on("2026-12-05")).status == "on-track"

    def test_a_confidence_does_not_save_a_key_result_past_its_due_date(self):
        record = kr(**NOVEMBER)
        record.checkins = [CheckIn(date=on("2026-11-29"), value=95, confidence=9)]
        assert score_kr(record, Q4, on("2026-12-01")).status == "off-track"

    def test_a_milestone_past_its_due_date_not_done(self):
        """Not done on Nov 16, due Nov 15: off-track; done: on-track."""
        milestone = kr(kind="milestone", due="2026-11-15")
        assert score_kr(milestone, Q4, on("2026-11-16")).status == "off-track"
        done = kr([("2026-11-10", 1)], kind="milestone", due="2026-11-15")
        assert score_kr(done, Q4, on("2026-11-16")).status == "on-track"


class TestCheckInsDue:
    def test_with_no_check_in_a_key_result_is_due_a_cadence_after_its_own_first_day(self):
        """Weekly, from Nov 15: Nov 21 is 6 days in, not due; Nov 22 is 7: due."""
        record = kr(begins="2026-11-15")
        assert not is_due(record, score_kr(record, Q4, on("2026-11-21")), "weekly", Q4, on("2026-11-21"))
        assert is_due(record, score_kr(record, Q4, on("2026-11-22")), "weekly", Q4, on("2026-11-22"))


# The phased plan: Average sales cycle 59 → 38 days over 2026-Q4, planned 45 on Oct 31 and 40 on Nov 30.
# As progress: 45 is (45 − 59) / (38 − 59) = 14/21 = 0.6667; 40 is 19/21 = 0.9048.
PLAN = [{"date": "2026-10-31", "value": 45}, {"date": "2026-11-30", "value": 40}]


def cycle(checkins=(), **fields) -> KeyResult:
    return kr(checkins, start=59, target=38, plan=PLAN, **fields)


class TestPlan:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            ("2026-10-01", 0.0),  # the window's first day: the start
            ("2026-10-16", 7 / 21),  # 15 of the 30 days to Oct 31: 0.5 × 14/21 = 0.3333
            ("2026-10-31", 14 / 21),  # on a point: its value, 0.6667
            ("2026-11-22", 530 / 630),  # 14/21 + (22/30) × (19/21 − 14/21) = 420/630 + 110/630 = 0.8413
            ("2026-11-30", 19 / 21),  # on the last point: 0.9048
            ("2026-12-16", 621 / 651),  # 19/21 + (16/31) × (2/21) = (589 + 32) / 651 = 0.9539
            ("2026-12-31", 1.0),  # the window's last day: the target
        ],
    )
    def test_expected_is_linear_between_the_plan_points(self, day, expected):
        assert expected_progress(cycle(), Q4, on(day)) == pytest.approx(expected)

    def test_the_pace_status_uses_the_plan(self):
        """At 48 on Nov 22: progress (48 − 59) / (38 − 59) = 11/21 = 0.5238. The plan expects 0.8413: a gap of
        0.3175 > 0.30, off-track; the straight line (0.5714, a gap of 0.0476) would say on-track."""
        score = score_kr(cycle([("2026-11-20", 48)]), Q4, on("2026-11-22"))
        assert (round(score.expected, 4), score.status) == (0.8413, "off-track")
        assert score_kr(kr([("2026-11-20", 48)], start=59, target=38), Q4, on("2026-11-22")).status == "on-track"

    def test_a_plan_inside_its_own_window(self):
        """0 → 100 from Nov 1 to Nov 30, planned 30 on Nov 10. Nov 5: (4/9) × 0.3 = 0.1333; Nov 20: 0.3 + (10/20) ×
        (1 − 0.3) = 0.65."""
        record = kr(plan=[{"date": "2026-11-10", "value": 30}], **NOVEMBER)
        assert expected_progress(record, Q4, on("2026-11-05")) == pytest.approx(0.4 / 3)
        assert expected_progress(record, Q4, on("2026-11-20")) == pytest.approx(0.65)

    def test_a_planned_value_past_the_target_expects_at_most_all_of_it(self):
        """0 → 100, planned 120 on Nov 1: (120 − 0) / 100 = 1.2, clamped to 1."""
        record = kr(plan=[{"date": "2026-11-01", "value": 120}])
        assert expected_progress(record, Q4, on("2026-11-01")) == 1.0

    def test_the_plan_follows_the_target_in_force(self):
        """Planned 50 on Nov 1; the target was 100 until Oct 15, then 200. Oct 10: 9 of the 31 days to Nov 1 of
        50/100 = 0.5, 9/31 × 0.5 = 0.1452. Nov 1: 50/200 = 0.25."""
        earlier = [{"until": "2026-10-15", "kind": "increase", "start": 0, "target": 100}]
        record = kr(plan=[{"date": "2026-11-01", "value": 50}], target=200, earlier_targets=earlier)
        assert score_kr(record, Q4, on("2026-10-10")).expected == pytest.approx(4.5 / 31)
        assert score_kr(record, Q4, on("2026-11-01")).expected == 0.25


class TestStoredFields:
    def test_a_plan_is_kept_in_date_order(self):
        record = kr(plan=list(reversed(PLAN)), start=59, target=38)
        assert [point.date.isoformat() for point in record.plan] == ["2026-10-31", "2026-11-30"]

    def test_a_record_without_dates_or_plan_dumps_without_them(self):
        stored = kr().model_dump(mode="json", exclude_none=True)
        assert {"begins", "due", "plan"}.isdisjoint(stored)

    def test_dates_and_plan_dump_as_iso_text(self):
        stored = cycle(begins="2026-10-02", due="2026-12-20").model_dump(mode="json", exclude_none=True)
        assert (stored["begins"], stored["due"], stored["plan"]) == (
            "2026-10-02",
            "2026-12-20",
            [{"date": "2026-10-31", "value": 45.0}, {"date": "2026-11-30", "value": 40.0}],
        )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"begins": "2026-11-30", "due": "2026-11-30"}, "from 2026-11-30 must come before due 2026-11-30"),
            ({"kind": "at-least", "start": None, "due": "2026-11-30"}, "a guard (at-least) keeps its bound"),
            ({"kind": "milestone", "plan": PLAN}, "a plan needs a start and a target"),
            ({"plan": [PLAN[0], PLAN[0]]}, "plan: one value a day"),
            ({"plan": PLAN, "due": "2026-11-30"}, "plan: 2026-11-30 is not before due 2026-11-30"),
            ({"plan": PLAN, "begins": "2026-10-31"}, "plan: 2026-10-31 is not after from 2026-10-31"),
        ],
    )
    def test_a_window_or_plan_that_does_not_fit_is_refused(self, fields, message):
        with pytest.raises(ValidationError) as raised:
            kr(**fields)
        assert message in str(raised.value)
