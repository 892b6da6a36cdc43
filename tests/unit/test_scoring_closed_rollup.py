"""Closed key results (achieved, missed, dropped) and the objective roll-up by choice and by weight (issue 12, items 7
and 8). Every expected number is worked by hand in the test's docstring."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, KrClosure, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import (
    KrScore,
    ObjectiveScore,
    is_due,
    kr_grade,
    score_kr,
    score_objective,
    worst_status,
)
from okrtui.services.views import Dataset, objective_view

Q4 = Period.parse("2026-Q4")  # Oct 1 .. Dec 31 2026
NOV_22 = date(2026, 11, 22)  # 52 of 91 days: expected 0.5714
MID_Q4 = date(2026, 11, 15)  # 45 of 91 days: expected 0.4945
CLOSED_ON = date(2026, 11, 5)


def checkins(*points: tuple[str, float]) -> list[CheckIn]:
    return [CheckIn(date=day, value=value) for day, value in points]


def lead_time(closed: dict | None = None, points=(("2026-10-20", 50), ("2026-11-01", 44), ("2026-11-20", 40))):
    """Decrease 59 → 38 days, checked in at 50, 44 and (after the close) 40."""
    return KeyResult(
        id="KR-1",
        objective="O-1",
        title="Lead time",
        kind="decrease",
        start=59,
        target=38,
        checkins=checkins(*points),
        closed=closed,
    )


def closure(outcome: str = "achieved", value: float | None = 44, on: date = CLOSED_ON) -> dict:
    return {"outcome": outcome, "on": on.isoformat(), "by": "alice", "note": "", "value": value}


def kr_score(status: str, progress: float) -> KrScore:
    return KrScore(current=None, ratio=None, progress=progress, expected=0.5, status=status, latest=None)


def weighted(weight: float, kr_id: str = "KR-1") -> KeyResult:
    return KeyResult(id=kr_id, objective="O-1", title="t", kind="increase", start=0, target=1, weight=weight)


def objective(rollup: str | None = None, **fields) -> Objective:
    return Objective(id="O-1", title="Parent", period="2026-Q4", rollup=rollup, **fields)


# -- item 7: achieved, missed, dropped --------------------------------------------------------------------------------


class TestClosedKeyResult:
    def test_scores_as_on_the_day_it_was_closed_with_its_outcome_as_status(self):
        """Closed achieved on Nov 5 at 44: the Nov 20 check-in (40) no longer counts.
        progress = (44 − 59) / (38 − 59) = −15 / −21 = 0.714285… → 0.7143; status ``achieved``."""
        score = score_kr(lead_time(closure()), Q4, NOV_22)
        assert score.current == 44
        assert round(score.progress, 4) == 0.7143
        assert score.status == "achieved"

    def test_before_the_day_it_was_closed_it_is_open(self):
        """As of Nov 4 it was not closed yet: current 44 (Nov 1), expected 34 / 91 = 0.3736, progress 0.7143 is
        ahead of the pace: on-track."""
        score = score_kr(lead_time(closure()), Q4, date(2026, 11, 4))
        assert (score.current, score.status) == (44, "on-track")

    def test_the_frozen_value_wins_over_a_history_changed_since(self):
        """Frozen at 47 while the history up to Nov 5 now ends at 44 (a back-dated value added later):
        current 47, progress (47 − 59) / (38 − 59) = −12 / −21 = 0.571428… → 0.5714."""
        score = score_kr(lead_time(closure("missed", value=47)), Q4, NOV_22)
        assert score.current == 47
        assert round(score.progress, 4) == 0.5714
        assert score.status == "missed"

    def test_a_guard_closed_without_a_value_has_none(self):
        guard = KeyResult(
            id="KR-2", objective="O-1", title="g", kind="at-least", target=9, closed=closure("dropped", value=None)
        )
        score = score_kr(guard, Q4, NOV_22)
        assert (score.current, score.progress, score.status) == (None, 0.0, "dropped")

    def test_a_closed_key_result_is_not_due(self):
        """No check-in since Oct 1: on Nov 22 it is 52 days past its weekly cadence, so due while open; closed on
        Nov 5, not due from then on; on Nov 4 (before the close) due."""
        silent = lead_time(points=())
        assert is_due(silent, score_kr(silent, Q4, NOV_22), "weekly", Q4, NOV_22)
        closed = lead_time(closure(value=59), points=())
        assert not is_due(closed, score_kr(closed, Q4, NOV_22), "weekly", Q4, NOV_22)
        day_before = date(2026, 11, 4)
        assert is_due(closed, score_kr(closed, Q4, day_before), "weekly", Q4, day_before)

    def test_the_grade_of_a_closed_guard_counts_its_check_ins_up_to_the_close(self):
        """At least 9: Oct 10 at 10 (in), Oct 20 at 8 (out), Nov 1 at 9.5 (in), Nov 20 at 7 (out, after the close on
        Nov 5). Graded on Dec 31: 2 of the 3 check-ins up to the close = 0.6667 (open it would be 2 / 4 = 0.5)."""
        points = checkins(("2026-10-10", 10), ("2026-10-20", 8), ("2026-11-01", 9.5), ("2026-11-20", 7))
        guard = KeyResult(id="KR-2", objective="O-1", title="g", kind="at-least", target=9, checkins=points)
        end = date(2026, 12, 31)
        assert kr_grade(guard, Q4, end) == pytest.approx(0.5)
        closed = KeyResult.model_validate({**guard.model_dump(), "closed": closure("missed", value=9.5)})
        assert round(kr_grade(closed, Q4, end), 4) == 0.6667

    def test_the_grade_of_a_closed_numeric_key_result_is_its_frozen_progress(self):
        """Frozen at 44: (44 − 59) / (38 − 59) = 0.7143; open on Dec 31 it would be (40 − 59) / −21 = 0.9048."""
        end = date(2026, 12, 31)
        assert round(kr_grade(lead_time(), Q4, end), 4) == 0.9048
        assert round(kr_grade(lead_time(closure()), Q4, end), 4) == 0.7143

    def test_a_closure_keeps_its_fields(self):
        kept = KrClosure.model_validate(closure("dropped", value=None))
        assert (kept.outcome, kept.on, kept.by, kept.value) == ("dropped", CLOSED_ON, "alice", None)


class TestClosedInTheObjective:
    def test_a_dropped_key_result_leaves_a_weighted_objective(self):
        """KR-1 weight 2 at 0.9 dropped, KR-2 weight 1 at 0.6 on-track, KR-3 weight 3 at 0.2 at-risk:
        (1 × 0.6 + 3 × 0.2) / (1 + 3) = 1.2 / 4 = 0.3 (with KR-1 it would be (1.8 + 0.6 + 0.6) / 6 = 0.5)."""
        scores = [
            (weighted(2, "KR-1"), kr_score("dropped", 0.9)),
            (weighted(1, "KR-2"), kr_score("on-track", 0.6)),
            (weighted(3, "KR-3"), kr_score("at-risk", 0.2)),
        ]
        score = score_objective(objective(), scores, [], MID_Q4)
        assert score.progress == pytest.approx(0.3)
        assert score.status == "at-risk"

    def test_achieved_and_missed_count_toward_progress(self):
        """KR-1 achieved at 1.0 and KR-2 missed at 0.4, weight 1 each: (1.0 + 0.4) / 2 = 0.7."""
        scores = [(weighted(1, "KR-1"), kr_score("achieved", 1.0)), (weighted(1, "KR-2"), kr_score("missed", 0.4))]
        assert score_objective(objective(), scores, [], MID_Q4).progress == pytest.approx(0.7)

    @pytest.mark.parametrize(
        ("statuses", "worst"),
        [
            (["achieved", "on-track"], "on-track"),
            (["missed", "at-risk"], "at-risk"),
            (["achieved", "pending"], "pending"),
            (["achieved", "achieved"], "achieved"),
            (["achieved", "missed", "dropped"], "missed"),
            (["dropped"], "dropped"),
        ],
    )
    def test_open_work_decides_the_status_and_when_all_is_closed_missed_before_achieved(self, statuses, worst):
        assert worst_status(statuses) == worst

    def test_an_objective_whose_key_results_are_all_dropped_rolls_up_its_children(self):
        """Automatic roll-up: no key result that counts, so its children: (0.5 + 0.2) / 2 = 0.35."""
        children = [ObjectiveScore(0.5, "on-track", 0.5), ObjectiveScore(0.2, "at-risk", 0.5)]
        score = score_objective(objective(), [(weighted(1), kr_score("dropped", 1.0))], children, MID_Q4)
        assert score.progress == pytest.approx(0.35)
        assert score.status == "at-risk"


# -- item 8: roll-up by choice and by weight --------------------------------------------------------------------------


class TestRollup:
    def test_both_averages_key_results_and_children_by_weight(self):
        """KR-1 weight 1 at 0.5, KR-2 weight 1 at 1.0, a child of weight 2 at 0.2:
        (1 × 0.5 + 1 × 1.0 + 2 × 0.2) / (1 + 1 + 2) = 1.9 / 4 = 0.475; status the worst of all three (at-risk)."""
        scores = [(weighted(1, "KR-1"), kr_score("on-track", 0.5)), (weighted(1, "KR-2"), kr_score("on-track", 1.0))]
        score = score_objective(objective("both"), scores, [(2.0, ObjectiveScore(0.2, "at-risk", 0.5))], MID_Q4)
        assert score.progress == pytest.approx(0.475)
        assert score.status == "at-risk"

    def test_children_leaves_its_own_key_results_out(self):
        """KR-1 at 0.9 ignored; children of weight 3 at 0.2 and weight 1 at 0.6: (3 × 0.2 + 1 × 0.6) / 4 = 0.3."""
        children = [(3.0, ObjectiveScore(0.2, "at-risk", 0.5)), (1.0, ObjectiveScore(0.6, "on-track", 0.5))]
        scores = [(weighted(1), kr_score("off-track", 0.9))]
        score = score_objective(objective("children"), scores, children, MID_Q4)
        assert score.progress == pytest.approx(0.3)
        assert score.status == "at-risk"

    def test_krs_leaves_its_children_out(self):
        """No key results and rollup krs: progress 0; status by the pace, gap 45 / 91 = 0.4945 > 0.30: off-track."""
        score = score_objective(objective("krs"), [], [ObjectiveScore(0.8, "on-track", 0.5)], MID_Q4)
        assert (score.progress, score.status) == (0.0, "off-track")

    def test_a_child_of_weight_0_counts_toward_the_status_only(self):
        """Weight 0 at 0.1 off-track, weight 1 at 0.7 on-track: (0 × 0.1 + 1 × 0.7) / 1 = 0.7, off-track."""
        children = [(0.0, ObjectiveScore(0.1, "off-track", 0.5)), (1.0, ObjectiveScore(0.7, "on-track", 0.5))]
        score = score_objective(objective(), [], children, MID_Q4)
        assert score.progress == pytest.approx(0.7)
        assert score.status == "off-track"

    def test_the_scorer_weighs_children_by_their_objective_weight(self):
        """O-1 (no key results) over O-2 (weight 3, KR at 20 of 0 → 100: 0.2) and O-3 (no weight: 1, KR at 60:
        0.6): (3 × 0.2 + 1 × 0.6) / 4 = 1.2 / 4 = 0.3; the plain mean would be 0.4. O-1 has no "no key results"
        warning: it rolls up its children."""
        parent = Objective(id="O-1", title="Parent", period="2026-Q4")
        heavy = Objective(id="O-2", title="Heavy", period="2026-Q4", parent="O-1", weight=3)
        light = Objective(id="O-3", title="Light", period="2026-Q4", parent="O-1")

        def progressing(kr_id: str, objective_id: str, value: float) -> KeyResult:
            return KeyResult(
                id=kr_id, objective=objective_id, title="t", kind="increase", start=0, target=100,
                checkins=checkins(("2026-11-20", value)),
            )  # fmt: skip

        data = Dataset([parent, heavy, light], [progressing("KR-1", "O-2", 20), progressing("KR-2", "O-3", 60)], [], [])
        view = objective_view(data.scorer(NOV_22), parent)
        assert view.progress == pytest.approx(0.3)
        assert view.warnings == ()
        assert (view.rollup, view.weight) == (None, 1)
        assert objective_view(data.scorer(NOV_22), heavy).weight == 3

    def test_an_objective_without_key_results_or_children_still_warns(self):
        data = Dataset([Objective(id="O-1", title="Alone", period="2026-Q4", rollup="children")], [], [], [])
        assert objective_view(data.scorer(NOV_22), data.objectives[0]).warnings == ("no key results",)


def test_the_journal_names_a_close_and_a_reopen():
    from okrtui.formatting import change_text

    closed = {"outcome": "dropped", "on": "2026-11-05", "by": "alice", "note": "", "value": 3}
    assert change_text({"record": "KR-3", "field": "closed", "before": None, "after": closed}) == "KR-3 closed: dropped"
    reopened = change_text({"record": "KR-3", "field": "closed", "before": closed, "after": None})
    assert reopened == "KR-3 reopened (was dropped)"


def test_the_dashboard_counts_closed_key_results_by_outcome(tmp_path):
    """Two open key results (0 → 100 at 60 on 2026-11-20: 0.6 vs expected 0.5714, on-track) and two closed ones,
    one achieved and one dropped: the open statuses as before, and each outcome that occurs."""
    from okrtui.services.dashboard import dashboard_view
    from okrtui.services.workspace import Workspace

    def kr_of(kr_id: str, closed: dict | None = None) -> KeyResult:
        return KeyResult(
            id=kr_id, objective="O-1", title="t", kind="increase", start=0, target=100,
            checkins=checkins(("2026-11-20", 60)), closed=closed,
        )  # fmt: skip

    krs = [kr_of("KR-1"), kr_of("KR-2"), kr_of("KR-3", closure("achieved", 60)), kr_of("KR-4", closure("dropped", 60))]
    data = Dataset([objective()], krs, [], [])
    ws = Workspace.open(tmp_path / "x.json", actor="t", today="2026-11-22")
    counts = dashboard_view(ws, Q4, data).kr_status
    assert counts == {"pending": 0, "on-track": 2, "at-risk": 0, "off-track": 0, "achieved": 1, "dropped": 1}
