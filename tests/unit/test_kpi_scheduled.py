"""KPI targets that change by date (issue 12, item 6): ``kpi target K N --from D`` keeps a target set ahead in
``scheduled_targets``, and ``okrtui.domain.targets.in_force`` (the one rule every health as of a day uses) takes it
from its day on, beside the earlier definitions kept when a target moved."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import Kpi, ValidationError
from okrtui.domain.scoring import kpi_health
from okrtui.domain.targets import in_force, moves, set_from, settled, unscheduled, upcoming
from okrtui.errors import BadInput
from okrtui.formatting import definition_moves

TODAY = date(2026, 11, 22)
NEW_YEAR = date(2027, 1, 1)


def kpi(earlier=None, scheduled=None, history=None, **fields) -> Kpi:
    """mrr, higher is better, monthly; target 200,000 and warn 190,000 now."""
    values = {"target": 200000, "warn": 190000, **fields}
    return Kpi.model_validate(
        {
            "id": "K-1",
            "key": "mrr",
            "name": "MRR",
            **values,
            "history": history or {},
            "earlier_targets": earlier,
            "scheduled_targets": scheduled,
        }
    )


EARLIER = [{"until": "2026-11-05", "by": "lead", "target": 200000, "warn": 170000}]
SCHEDULED = [
    {"begins": "2027-01-01", "by": "cfo", "target": 250000, "warn": 230000},
    {"begins": "2027-04-01", "by": "cfo", "target": 300000, "warn": 280000},
]


def levels(record: Kpi, day: date) -> tuple[float, float | None]:
    definition = in_force(record, day)
    return definition.target, definition.warn


class TestInForce:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2026, 11, 4), (200000, 170000)),  # before the move of 11-05: the earlier definition
            (date(2026, 11, 5), (200000, 190000)),  # its own
            (date(2026, 12, 31), (200000, 190000)),  # the day before the first scheduled one
            (NEW_YEAR, (250000, 230000)),  # from its day on
            (date(2027, 3, 31), (250000, 230000)),
            (date(2027, 4, 1), (300000, 280000)),  # the last one that began
        ],
    )
    def test_the_last_scheduled_definition_that_began_else_the_earlier_rule(self, day, expected):
        assert levels(kpi(EARLIER, SCHEDULED), day) == expected

    def test_a_kpi_with_nothing_scheduled_or_moved_is_itself(self):
        record = kpi()
        assert in_force(record, NEW_YEAR) is record

    def test_health_on_a_day_uses_the_target_in_force_then(self):
        """240,000 measured on Dec 20. On Dec 31 the target is 200,000: green. From Jan 1, target 250,000 and warn
        230,000: 230,000 ≤ 240,000 < 250,000, amber."""
        record = kpi(EARLIER, SCHEDULED, history={"2026-12-20": 240000})
        assert kpi_health(record, date(2026, 12, 31)) == "green"
        assert kpi_health(record, NEW_YEAR) == "amber"

    def test_scheduled_entries_are_kept_by_day(self):
        record = kpi(scheduled=list(reversed(SCHEDULED)))
        assert [entry.begins.isoformat() for entry in record.scheduled_targets] == ["2027-01-01", "2027-04-01"]

    @pytest.mark.parametrize(
        ("scheduled", "message"),
        [
            ([SCHEDULED[0], SCHEDULED[0]], "scheduled_targets: one a day"),
            ([{"begins": "2027-01-01", "target": 250000, "warn": 260000}], "warn 260000 must be at or below"),
            ([{"begins": "2027-13-01", "target": 250000}], "scheduled_targets.0.begins"),
        ],
    )
    def test_a_bad_scheduled_entry_is_refused(self, scheduled, message):
        with pytest.raises(ValidationError) as raised:
            kpi(scheduled=scheduled)
        assert message in str(raised.value)

    def test_nothing_scheduled_dumps_without_the_field(self):
        assert "scheduled_targets" not in kpi(scheduled=[]).model_dump(mode="json", exclude_none=True)


class TestSetFrom:
    def test_a_later_day_is_scheduled_with_the_other_level_in_force_then(self):
        """--warn 240,000 from Jan 1, where target 250,000 is scheduled already: that entry is replaced by target
        250,000 (the one in force then) and warn 240,000."""
        record = set_from(kpi(scheduled=SCHEDULED[:1]), NEW_YEAR, {"warn": 240000.0}, TODAY, "ann")
        assert [(e.begins, e.by, e.target, e.warn) for e in record.scheduled_targets] == [
            (NEW_YEAR, "ann", 250000, 240000)
        ]

    def test_a_new_target_ahead_keeps_the_warn_in_force_on_its_day(self):
        record = set_from(kpi(), date(2027, 2, 1), {"target": 220000.0}, TODAY, "ann")
        assert levels(record, date(2027, 1, 31)) == (200000, 190000)
        assert levels(record, date(2027, 2, 1)) == (220000, 190000)
        assert (record.target, record.earlier_targets) == (200000, None)  # nothing in force today changed

    def test_a_day_not_after_today_is_a_move_on_that_day(self):
        """From Nov 10 (today is Nov 22): in force from then on, the old one kept until Nov 10."""
        record = set_from(kpi(EARLIER), date(2026, 11, 10), {"target": 210000.0}, TODAY, "ann")
        assert levels(record, date(2026, 11, 9)) == (200000, 190000)
        assert levels(record, date(2026, 11, 10)) == (210000, 190000)
        assert levels(record, date(2026, 11, 4)) == (200000, 170000)

    def test_a_day_before_a_move_already_kept_is_refused(self):
        with pytest.raises(BadInput) as raised:
            set_from(kpi(EARLIER), date(2026, 11, 1), {"target": 210000.0}, TODAY, "ann")
        assert raised.value.message == (
            "K-1's target moved on 2026-11-05 already: --from 2026-11-01 can't come before that"
        )


class TestSettled:
    def test_scheduled_definitions_that_began_become_the_current_one_and_every_day_reads_the_same(self):
        record = kpi(EARLIER, SCHEDULED)
        moved_on = settled(record, date(2027, 2, 1))
        assert (moved_on.target, moved_on.warn) == (250000, 230000)
        assert [(e.until, e.by, e.target, e.warn) for e in moved_on.earlier_targets[1:]] == [
            (NEW_YEAR, "cfo", 200000, 190000)
        ]
        assert [e.begins for e in moved_on.scheduled_targets] == [date(2027, 4, 1)]
        days = [date(2026, 11, 4), date(2026, 11, 5), date(2026, 12, 31), NEW_YEAR, date(2027, 4, 1)]
        assert [levels(moved_on, day) for day in days] == [levels(record, day) for day in days]

    def test_none_began_leaves_the_record_as_it_is(self):
        record = kpi(EARLIER, SCHEDULED)
        assert settled(record, TODAY) is record


class TestShown:
    def test_a_scheduled_move_that_took_effect_is_a_move(self):
        record = kpi(EARLIER, SCHEDULED)
        assert [(m.on, m.by, m.after["target"]) for m in moves(record, date(2027, 1, 5))] == [
            (date(2026, 11, 5), "lead", 200000),
            (NEW_YEAR, "cfo", 250000),
        ]
        assert definition_moves(record, date(2027, 1, 5))[1] == (
            "target 200,000 → 250,000, warn 190,000 → 230,000 on 2027-01-01 by cfo"
        )

    def test_the_moves_still_to_come(self):
        record = kpi(EARLIER, SCHEDULED)
        assert [(m.before["target"], m.after["target"], m.on) for m in upcoming(record, TODAY)] == [
            (200000, 250000, NEW_YEAR),
            (250000, 300000, date(2027, 4, 1)),
        ]
        assert upcoming(record, date(2027, 4, 1)) == []


class TestUnscheduled:
    def test_the_levels_set_ahead_for_a_day_are_dropped_the_others_stay(self):
        record = unscheduled(kpi(scheduled=SCHEDULED), NEW_YEAR)
        assert [entry.begins for entry in record.scheduled_targets] == [date(2027, 4, 1)]
        assert levels(record, NEW_YEAR) == (200000, 190000)

    def test_the_last_one_dropped_leaves_none(self):
        assert unscheduled(kpi(scheduled=SCHEDULED[:1]), NEW_YEAR).scheduled_targets is None

    def test_a_day_without_levels_set_ahead_is_refused(self):
        with pytest.raises(BadInput) as raised:
            unscheduled(kpi(scheduled=SCHEDULED), date(2027, 2, 1))
        assert raised.value.message == "K-1 has no target set ahead for 2027-02-01"
