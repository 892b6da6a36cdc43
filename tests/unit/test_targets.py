"""The definition in force on a day (okrtui.domain.targets): earlier definitions kept in the record, used by every
score and health as of a day, and shown as moves."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Kpi, ValidationError
from okrtui.domain.periods import Period
from okrtui.domain.scoring import is_due, kpi_health, kr_grade, maintain_grade, score_kr
from okrtui.domain.targets import in_force, with_earlier_definition
from okrtui.formatting import definition_moves

Q4 = Period.parse("2026-Q4")  # Oct 1 .. Dec 31 2026: 91 days
NOV_3, NOV_10 = date(2026, 11, 3), date(2026, 11, 10)


def kr(earlier=None, checkins=(), **fields) -> KeyResult:
    """KR-1 of O-1, 0 → 20,000 now; ``earlier``: its stored earlier definitions."""
    values = {"kind": "increase", "start": 0, "target": 20000, **fields}
    points = [CheckIn(date=day, value=value) for day, value in checkins]
    return KeyResult.model_validate(
        {"id": "KR-1", "objective": "O-1", "title": "t", **values, "checkins": points, "earlier_targets": earlier}
    )


def kpi(earlier=None, history=None, **fields) -> Kpi:
    """mrr, higher is better, monthly; target 200,000 and warn 190,000 now."""
    values = {"target": 200000, "warn": 190000, **fields}
    return Kpi.model_validate(
        {"id": "K-1", "key": "mrr", "name": "MRR", **values, "history": history or {}, "earlier_targets": earlier}
    )


EARLIER = [
    {"until": "2026-11-03", "by": "lead", "kind": "increase", "start": 0, "target": 8000},
    {"until": "2026-11-03", "by": "bob", "kind": "increase", "start": 0, "target": 12000},
    {"until": "2026-11-10", "by": "ann", "kind": "decrease", "start": 30000, "target": 10000},
]


class TestInForce:
    def test_a_record_that_never_moved_is_itself(self):
        record = kr()
        assert in_force(record, NOV_3) is record

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 10, 1), ("increase", 0, 8000)),
            (date(2026, 11, 2), ("increase", 0, 8000)),  # the earliest of the two ending on 11-03
            (NOV_3, ("decrease", 30000, 10000)),  # from the day a change took effect, the next definition
            (date(2026, 11, 9), ("decrease", 30000, 10000)),
            (NOV_10, ("increase", 0, 20000)),
            (date(2027, 1, 1), ("increase", 0, 20000)),
        ],
    )
    def test_the_first_earlier_definition_ending_after_the_day_holds(self, day: date, expected):
        definition = in_force(kr(EARLIER), day)
        assert (definition.kind, definition.start, definition.target) == expected

    def test_a_kpi_target_and_warn(self):
        moved = kpi([{"until": "2026-11-05", "by": "lead", "target": 210000}])
        assert (in_force(moved, date(2026, 11, 4)).target, in_force(moved, date(2026, 11, 4)).warn) == (210000, None)
        assert (in_force(moved, date(2026, 11, 5)).target, in_force(moved, date(2026, 11, 5)).warn) == (200000, 190000)


class TestScoresAsOfADay:
    def test_progress_against_the_target_in_force(self):
        record = kr(EARLIER[:1], checkins=[(date(2026, 10, 20), 4000)])
        assert score_kr(record, Q4, date(2026, 11, 2)).progress == 0.5  # 4,000 / 8,000
        assert score_kr(record, Q4, NOV_3).progress == 0.2  # 4,000 / 20,000

    def test_a_grade_at_close_uses_the_definition_in_force_on_the_grading_day(self):
        record = kr(EARLIER[:1], checkins=[(date(2026, 10, 20), 4000)])
        assert kr_grade(record, Q4, date(2026, 11, 1)) == 0.5
        assert kr_grade(record, Q4, date(2026, 12, 31)) == 0.2

    def test_a_maintain_threshold_in_force(self):
        points = [(date(2026, 10, 10), 9.5), (date(2026, 10, 20), 10.5)]
        record = kr(
            [{"until": "2026-11-03", "by": "lead", "kind": "at-least", "target": 9}],
            checkins=points,
            kind="at-least",
            start=None,
            target=10,
        )
        assert maintain_grade(record, Q4, date(2026, 11, 2)) == 1.0  # both at least 9
        assert maintain_grade(record, Q4, NOV_3) == 0.5  # 9.5 is below 10
        assert kr_grade(record, Q4, NOV_3) == 0.5

    def test_a_kind_changed_from_milestone_to_increase_is_scored_as_it_was(self):
        record = kr([{"until": "2026-11-03", "kind": "milestone", "target": 1}], checkins=[(date(2026, 10, 5), 1)])
        done = score_kr(record, Q4, date(2026, 11, 2))
        assert done.progress == 1.0
        assert not is_due(record, done, "weekly", Q4, date(2026, 11, 2))  # a finished milestone is not due
        assert score_kr(record, Q4, NOV_3).progress == 1 / 20000

    def test_kpi_health_against_the_warn_level_in_force(self):
        moved = kpi([{"until": "2026-11-05", "by": "lead", "target": 200000, "warn": 170000}], {"2026-11-01": 180000})
        assert kpi_health(moved, date(2026, 11, 4)) == "amber"
        assert kpi_health(moved, date(2026, 11, 5)) == "red"


class TestRecordingAMove:
    def test_an_edit_of_the_bounds_appends_the_old_definition(self):
        before = kr(EARLIER[:1])
        after = before.model_copy(update={"target": 25000.0})
        edited = with_earlier_definition(before, after, NOV_10, "ann")
        assert [entry.model_dump(mode="json", exclude_none=True) for entry in edited.earlier_targets] == [
            EARLIER[0] | {"start": 0.0, "target": 8000.0},
            {"until": "2026-11-10", "by": "ann", "kind": "increase", "start": 0.0, "target": 20000.0},
        ]
        assert before.earlier_targets == kr(EARLIER[:1]).earlier_targets  # the old version is left as it was

    def test_an_edit_that_keeps_the_bounds_appends_nothing(self):
        before = kr()
        after = before.model_copy(update={"title": "other", "weight": 2.0})
        assert with_earlier_definition(before, after, NOV_10, "ann") is after
        assert after.earlier_targets is None

    def test_a_kpi_warn_change_keeps_target_and_warn(self):
        before = kpi()
        edited = with_earlier_definition(before, before.model_copy(update={"warn": None}), NOV_10, "ann")
        assert edited.earlier_targets[0].model_dump(mode="json", exclude_none=True) == {
            "until": "2026-11-10",
            "by": "ann",
            "target": 200000.0,
            "warn": 190000.0,
        }


class TestStored:
    def test_a_record_that_never_moved_dumps_without_the_field(self):
        assert "earlier_targets" not in kr().model_dump(mode="json", exclude_none=True)
        assert "earlier_targets" not in kpi().model_dump(mode="json", exclude_none=True)

    def test_a_maintain_entry_dumps_without_a_start(self):
        record = kr([{"until": "2026-11-03", "kind": "at-most", "start": 4, "target": 5}])
        assert record.model_dump(mode="json", exclude_none=True)["earlier_targets"] == [
            {"until": "2026-11-03", "by": "", "kind": "at-most", "target": 5.0}
        ]

    @pytest.mark.parametrize(
        ("entry", "where"),
        [
            ({"until": "2026-11-03", "kind": "increase", "start": 0}, "earlier_targets.0.target"),
            ({"until": "2026-13-03", "kind": "increase", "start": 0, "target": 1}, "earlier_targets.0.until"),
            ({"until": "2026-11-03", "kind": "increase", "target": 1}, "earlier_targets.0"),
            ({"until": "2026-11-03", "kind": "sideways", "target": 1}, "earlier_targets.0.kind"),
        ],
    )
    def test_a_damaged_entry_is_named(self, entry, where):
        with pytest.raises(ValidationError) as raised:
            kr([entry])
        assert str(raised.value).startswith(where + ":")


class TestMoves:
    def test_each_move_with_what_changed_when_and_by_whom(self):
        assert definition_moves(kr(EARLIER), date(2026, 12, 1)) == [
            "target 8,000 → 12,000 on 2026-11-03 by lead",
            "kind increase → decrease, start 0 → 30,000, target 12,000 → 10,000 on 2026-11-03 by bob",
            "kind decrease → increase, start 30,000 → 0, target 10,000 → 20,000 on 2026-11-10 by ann",
        ]

    def test_only_the_moves_made_by_the_day(self):
        assert definition_moves(kr(EARLIER), date(2026, 11, 5)) == [
            "target 8,000 → 12,000 on 2026-11-03 by lead",
            "kind increase → decrease, start 0 → 30,000, target 12,000 → 10,000 on 2026-11-03 by bob",
        ]
        assert definition_moves(kr(EARLIER), date(2026, 11, 2)) == []

    def test_units_and_an_unnamed_author_and_a_warn_level_added(self):
        moved = kpi([{"until": "2026-11-05", "target": 0.5}], unit="%", target=0.75, warn=None)
        assert definition_moves(moved, NOV_10) == ["target 0.5% → 0.75% on 2026-11-05"]
        added = kpi([{"until": "2026-11-05", "by": "x\x1b[31m", "target": 200000}], unit="$")
        assert definition_moves(added, NOV_10) == ["warn – → $190,000 on 2026-11-05 by x\\x1b[31m"]
