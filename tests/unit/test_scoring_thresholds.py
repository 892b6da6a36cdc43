"""Issue 12, items 9 and 10: a new key result is pending until its first check-in is due, and the thresholds a file
sets (pace gaps, grade colour bands, the KPI stale factor) change every score that uses them."""

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Kpi
from okrtui.domain.periods import Period
from okrtui.domain.scoring import (
    grade_colour,
    is_due,
    kpi_health,
    pace_status,
    score_kr,
    worst_status,
)
from okrtui.domain.thresholds import DEFAULT, Thresholds, as_config, from_config, parse_value
from okrtui.errors import BadInput

Q4 = Period.parse("2026-Q4")  # Oct 1 .. Dec 31 2026: 91 days


def kr(created: date | None = None, checkins=(), kind: str = "increase", **bounds) -> KeyResult:
    """Forum posts 0 → 100 (or another kind), created on ``created``, with (date, value) check-ins."""
    bounds = bounds or ({"start": 0, "target": 100} if kind == "increase" else {"target": 9})
    history = [CheckIn(date=day, value=value) for day, value in checkins]
    return KeyResult(id="KR-1", objective="O-1", title="t", kind=kind, created=created, checkins=history, **bounds)


class TestPending:
    def test_new_and_not_due_yet_is_pending(self):
        """Created 2026-11-20, weekly: the first check-in is due 11-20 + 7 = 11-27. On 11-22, with no value:
        expected 52 / 91 = 0.5714, progress 0, gap 0.5714 — the pace would say off-track; pending instead."""
        score = score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 11, 22), cadence="weekly")
        assert score.status == "pending"
        assert round(score.expected, 4) == 0.5714

    def test_the_day_its_first_check_in_is_due_pace_decides(self):
        """On 11-27 (11-20 + 7): expected 57 / 91 = 0.6264, gap 0.6264 > 0.30: off-track."""
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 11, 27), cadence="weekly").status == "off-track"
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 11, 26), cadence="weekly").status == "pending"

    def test_the_objective_cadence_sets_when(self):
        """Biweekly: due 11-20 + 14 = 12-04, so 12-03 is still pending; monthly: 11-20 + 30 = 12-20."""
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 12, 3), cadence="biweekly").status == "pending"
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 12, 4), cadence="biweekly").status == "off-track"
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 12, 19), cadence="monthly").status == "pending"

    def test_a_check_in_ends_it(self):
        """A value on 11-21 (10 of 100): progress 0.1, gap 0.5714 − 0.1 = 0.4714 > 0.30: off-track."""
        score = score_kr(kr(date(2026, 11, 20), [(date(2026, 11, 21), 10)]), Q4, date(2026, 11, 22), cadence="weekly")
        assert score.status == "off-track"

    def test_a_guard_and_a_milestone_are_pending_too(self):
        day = date(2026, 11, 22)
        assert score_kr(kr(date(2026, 11, 20), kind="at-least"), Q4, day, cadence="weekly").status == "pending"
        assert score_kr(kr(date(2026, 11, 20), kind="milestone"), Q4, day, cadence="weekly").status == "pending"

    def test_without_a_creation_day_pace_decides_as_before(self):
        assert score_kr(kr(None), Q4, date(2026, 11, 22), cadence="weekly").status == "off-track"

    def test_created_after_the_day_asked_about_is_not_known_then(self):
        """As of 10-10 a key result created 11-20 (entered late): pace decides, gap 9 / 91 = 0.0989: on-track."""
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 10, 10), cadence="weekly").status == "on-track"

    def test_created_before_its_period_counts_from_the_first_day(self):
        """Created 09-20 for Q4: due Oct 1 + 7 = 10-08; on 10-07 pending, on 10-08 the pace (7 / 91 = 0.0769):
        on-track."""
        assert score_kr(kr(date(2026, 9, 20)), Q4, date(2026, 10, 7), cadence="weekly").status == "pending"
        assert score_kr(kr(date(2026, 9, 20)), Q4, date(2026, 10, 8), cadence="weekly").status == "on-track"

    def test_the_last_day_of_its_period_pace_decides(self):
        """Created 12-28, weekly: due 01-04, after the period; on its last day, 12-31, the pace: expected 1,
        off-track."""
        assert score_kr(kr(date(2026, 12, 28)), Q4, date(2026, 12, 30), cadence="weekly").status == "pending"
        assert score_kr(kr(date(2026, 12, 28)), Q4, date(2026, 12, 31), cadence="weekly").status == "off-track"

    def test_without_a_cadence_never(self):
        assert score_kr(kr(date(2026, 11, 20)), Q4, date(2026, 11, 22)).status == "off-track"

    def test_pending_gives_way_to_any_other_status(self):
        assert worst_status(["pending", "on-track"]) == "on-track"
        assert worst_status(["pending", "pending"]) == "pending"
        assert worst_status(["off-track", "pending"]) == "off-track"

    def test_due_counts_from_the_creation_day(self):
        """Created 11-20 in a weekly objective: not due on 11-26 (6 days), due on 11-27 (7 days); before, it was
        due since Oct 1."""
        new = kr(date(2026, 11, 20))
        for day, due in ((date(2026, 11, 26), False), (date(2026, 11, 27), True)):
            score = score_kr(new, Q4, day, cadence="weekly")
            assert is_due(new, score, "weekly", Q4, day) is due
        old = kr(None)
        assert is_due(old, score_kr(old, Q4, date(2026, 11, 26)), "weekly", Q4, date(2026, 11, 26)) is True


class TestThresholds:
    def test_the_defaults_are_the_designs(self):
        assert as_config(DEFAULT) == {
            "pace.at-risk": 0.15,
            "pace.off-track": 0.3,
            "grade.green": 0.7,
            "grade.yellow": 0.4,
            "kpi.stale-factor": 1.5,
        }

    def test_pace_with_a_teams_gaps(self):
        """BurningOKR's 0.2 / 0.4: expected 0.5714, progress 0.4 → gap 0.1714: at-risk by default (> 0.15),
        on-track with 0.2; progress 0.2 → gap 0.3714: off-track by default (> 0.30), at-risk with 0.4."""
        team = from_config({"pace.at-risk": 0.2, "pace.off-track": 0.4})
        assert (pace_status(0.5714, 0.4), pace_status(0.5714, 0.4, team)) == ("at-risk", "on-track")
        assert (pace_status(0.5714, 0.2), pace_status(0.5714, 0.2, team)) == ("off-track", "at-risk")

    def test_any_shortfall_is_at_risk_with_zero(self):
        """Viva: at-risk 0 — a gap of 0.01 is at-risk; a gap of 0 stays on-track."""
        viva = Thresholds(at_risk=0.0)
        assert (pace_status(0.5, 0.49, viva), pace_status(0.5, 0.5, viva)) == ("at-risk", "on-track")

    def test_the_thresholds_reach_a_key_results_status(self):
        """Forum posts at 40 on 11-22: gap 0.5714 − 0.4 = 0.1714: at-risk, on-track with at-risk 0.2."""
        forum = kr(None, [(date(2026, 11, 1), 40)])
        day = date(2026, 11, 22)
        assert score_kr(forum, Q4, day).status == "at-risk"
        assert score_kr(forum, Q4, day, thresholds=Thresholds(at_risk=0.2, off_track=0.4)).status == "on-track"

    def test_grade_bands(self):
        """0.65: yellow by default (0.4 ≤ 0.65 < 0.7), green with green 0.6; 0.35: red, yellow with yellow 0.3."""
        team = Thresholds(green=0.6, yellow=0.3)
        assert (grade_colour(0.65), grade_colour(0.65, team)) == ("yellow", "green")
        assert (grade_colour(0.35), grade_colour(0.35, team)) == ("red", "yellow")

    def test_stale_factor(self):
        """Weekly KPI measured 11-11: on 11-22 it is 11 days old > 1.5 × 7 = 10.5: stale; with factor 2,
        11 ≤ 14: its value decides (45 ≤ 50, down): green."""
        backlog = Kpi(
            id="K-1",
            key="backlog",
            name="b",
            target=50,
            direction="down",
            frequency="weekly",
            history={"2026-11-11": 45},
        )
        day = date(2026, 11, 22)
        assert (kpi_health(backlog, day), kpi_health(backlog, day, Thresholds(stale_factor=2))) == ("stale", "green")

    @pytest.mark.parametrize(
        ("key", "text", "value"),
        [("pace.at-risk", "0.2", 0.2), ("PACE.OFF-TRACK", " 1 ", 1.0), ("kpi.stale-factor", "3", 3.0)],
    )
    def test_values_typed(self, key, text, value):
        assert parse_value(key, text) == value

    @pytest.mark.parametrize(
        ("key", "text", "message"),
        [
            ("pace.at-risk", "-0.1", "pace.at-risk must be a number from 0 to 1, not '-0.1'"),
            ("grade.green", "1.5", "grade.green must be a number from 0 to 1, not '1.5'"),
            ("grade.green", "nan", "grade.green must be a number from 0 to 1, not 'nan'"),
            ("kpi.stale-factor", "0.5", "kpi.stale-factor must be a number from 1 to 100, not '0.5'"),
            ("pace.bogus", "1", "unknown setting 'pace.bogus'"),
        ],
    )
    def test_bad_values(self, key, text, message):
        with pytest.raises(BadInput, match=message.replace(".", r"\.").replace("(", r"\(")):
            parse_value(key, text)

    def test_a_band_upside_down_is_refused(self):
        with pytest.raises(BadInput, match=r"pace\.at-risk \(0\.5\) must not be above pace\.off-track \(0\.3\)"):
            from_config({"pace.at-risk": 0.5})
        with pytest.raises(BadInput, match=r"grade\.yellow \(0\.8\) must not be above grade\.green \(0\.7\)"):
            from_config({"grade.yellow": 0.8})
