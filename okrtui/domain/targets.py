"""The definition in force on a day: a key result's kind, start and target, a KPI's target and warn level.

A record keeps its earlier definitions in ``earlier_targets``, oldest first, each in force until (not including) the
day the change took effect. On a day, the first entry whose ``until`` is later holds; with none, the record's own
values do. Several changes on one day leave several entries with that ``until``: the earliest, the definition in
force before that day, wins. A KPI may also hold definitions set ahead in ``scheduled_targets``, each in force from
(including) its ``begins``: on a day, the last of them that began by then holds, before anything else. A record whose
definition never moved and has nothing scheduled is returned as it is, at no cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from okrtui.domain.models import KeyResult, Kpi, KpiScheduled, KpiTargets, KrTargets
from okrtui.errors import BadInput

R = TypeVar("R", KeyResult, Kpi)

KR_DEFINITION = ("kind", "start", "target", "low", "high", "commit", "stretch")
"""What a key result's earlier definition keeps."""
KPI_DEFINITION = ("target", "warn")
"""What a KPI's earlier definition keeps."""


def definition_fields(record: KeyResult | Kpi) -> tuple[str, ...]:
    """The fields that make up the definition of a key result or a KPI."""
    return KPI_DEFINITION if record.PREFIX == Kpi.PREFIX else KR_DEFINITION


def in_force(record: R, day: date) -> R:
    """``record`` with the definition in force on ``day``: itself when that is its current one, else a copy with the
    values of the last scheduled definition (a KPI's) that began by ``day``, or else of the first earlier definition
    whose ``until`` is after ``day``."""
    if isinstance(record, Kpi) and record.scheduled_targets:
        begun = _scheduled_in_force(record.scheduled_targets, day)
        if begun is not None:
            return record.model_copy(update={name: getattr(begun, name) for name in KPI_DEFINITION})
    earlier = record.earlier_targets
    if not earlier:
        return record
    index = _in_force_index(earlier, day)
    if index == len(earlier):
        return record
    entry = earlier[index]
    return record.model_copy(update={name: getattr(entry, name) for name in definition_fields(record)})


def _scheduled_in_force(scheduled: Sequence[KpiScheduled], day: date) -> KpiScheduled | None:
    """The last scheduled definition that began on or before ``day``, or None."""
    found = None
    for entry in scheduled:
        if entry.begins > day:
            break
        found = entry
    return found


def _in_force_index(earlier: Sequence[KrTargets | KpiTargets], day: date) -> int:
    """The index of the earlier definition in force on ``day``; the length of the list for the current one."""
    return next((index for index, entry in enumerate(earlier) if entry.until > day), len(earlier))


def moved(before: Any, after: Any) -> bool:
    """Whether a key result's or a KPI's definition differs between two versions of it."""
    return any(getattr(before, name) != getattr(after, name) for name in definition_fields(before))


def with_earlier_definition(before: R, after: R, day: date, by: str) -> R:
    """``after`` with ``before``'s definition appended to its earlier ones (in force until ``day``, changed by
    ``by``) when the definition moved; else ``after`` unchanged."""
    if not moved(before, after):
        return after
    kind = KpiTargets if before.PREFIX == Kpi.PREFIX else KrTargets
    entry = kind.model_validate(
        {"until": day, "by": by, **{name: getattr(before, name) for name in definition_fields(before)}}
    )
    return after.model_copy(update={"earlier_targets": [*(before.earlier_targets or ()), entry]})


class Move(NamedTuple):
    """One change of a definition: the values before and after (by field name), the day it took effect, who made it."""

    before: dict[str, Any]
    after: dict[str, Any]
    on: date
    by: str


def moves(record: KeyResult | Kpi, day: date) -> list[Move]:
    """The moves of the record's definition that took effect by ``day`` (those before the definition in force then),
    oldest first."""
    names = definition_fields(record)
    earlier: Sequence[KrTargets | KpiTargets] = record.earlier_targets or []
    shown = _in_force_index(earlier, day)
    values = [{name: getattr(entry, name) for name in names} for entry in earlier[: shown + 1]]
    if shown == len(earlier):
        values.append({name: getattr(record, name) for name in names})
    found = [
        Move(values[index], values[index + 1], entry.until, entry.by) for index, entry in enumerate(earlier[:shown])
    ]
    if shown == len(earlier) and isinstance(record, Kpi):
        found += _scheduled_moves(record, values[-1], lambda begins: begins <= day)
    return found


def upcoming(record: KeyResult | Kpi, day: date) -> list[Move]:
    """The scheduled moves of a KPI's definition that take effect after ``day``, soonest first (none for a key
    result)."""
    if not isinstance(record, Kpi) or not record.scheduled_targets:
        return []
    before = {name: getattr(in_force(record, day), name) for name in KPI_DEFINITION}
    return _scheduled_moves(record, before, lambda begins: begins > day)


def _scheduled_moves(record: Kpi, before: dict[str, Any], chosen: Any) -> list[Move]:
    """The moves to the scheduled definitions whose ``begins`` is ``chosen``, each from the one before it."""
    found = []
    for entry in record.scheduled_targets or ():
        if chosen(entry.begins):
            after = {name: getattr(entry, name) for name in KPI_DEFINITION}
            found.append(Move(before, after, entry.begins, entry.by))
            before = after
    return found


def settled(record: Kpi, day: date) -> Kpi:
    """``record`` with each scheduled definition that began by ``day`` made its current one in turn (the one it
    replaced kept in ``earlier_targets``, until that day); itself when none began. The definition in force on any day
    stays the same; a change made on ``day`` then starts from the one in force."""
    scheduled = record.scheduled_targets or []
    begun = [entry for entry in scheduled if entry.begins <= day]
    if not begun:
        return record
    earlier = list(record.earlier_targets or [])
    current = {name: getattr(record, name) for name in KPI_DEFINITION}
    for entry in begun:
        earlier.append(KpiTargets.model_validate({"until": entry.begins, "by": entry.by, **current}))
        current = {name: getattr(entry, name) for name in KPI_DEFINITION}
    later = [entry for entry in scheduled if entry.begins > day] or None
    return record.model_copy(update={**current, "earlier_targets": earlier, "scheduled_targets": later})


def unscheduled(record: Kpi, begins: date) -> Kpi:
    """``record`` without the levels set ahead for ``begins``; bad input when none are."""
    scheduled = record.scheduled_targets or []
    kept = [entry for entry in scheduled if entry.begins != begins]
    if len(kept) == len(scheduled):
        raise BadInput(f"{record.id} has no target set ahead for {begins.isoformat()}", field="from")
    return record.model_copy(update={"scheduled_targets": kept or None})


def set_from(record: Kpi, begins: date, changes: dict[str, Any], today: date, by: str) -> Kpi:
    """``record`` with ``changes`` (a target, a warn level) in force from ``begins`` on: scheduled when that is after
    ``today`` (the other level: the one in force then), else a move on that day, which may not come before a move
    already kept. Later scheduled definitions stay."""
    record = settled(record, today)
    if begins > today:
        base = {name: getattr(in_force(record, begins), name) for name in KPI_DEFINITION}
        entry = KpiScheduled.model_validate({"begins": begins, "by": by, **base, **changes})
        kept = [other for other in record.scheduled_targets or () if other.begins != begins]
        scheduled = sorted([*kept, entry], key=lambda other: other.begins)
        return record.model_copy(update={"scheduled_targets": scheduled})
    earlier = record.earlier_targets or []
    if earlier and begins < earlier[-1].until:
        raise BadInput(
            f"{record.id}'s target moved on {earlier[-1].until.isoformat()} already: "
            f"--from {begins.isoformat()} can't come before that",
            field="from",
        )
    return with_earlier_definition(record, record.model_copy(update=changes), begins, by)


def earlier_as_of(record: KeyResult | Kpi, day: date) -> Sequence[KrTargets | KpiTargets]:
    """The record's earlier definitions as of ``day``: those before the one in force then, oldest first."""
    earlier: Sequence[KrTargets | KpiTargets] = record.earlier_targets or []
    return earlier[: _in_force_index(earlier, day)]
