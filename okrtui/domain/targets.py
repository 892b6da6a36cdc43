"""The definition in force on a day: a key result's kind, start and target, a KPI's target and warn level.

A record keeps its earlier definitions in ``earlier_targets``, oldest first, each in force until (not including) the
day the change took effect. On a day, the first entry whose ``until`` is later holds; with none, the record's own
values do. Several changes on one day leave several entries with that ``until``: the earliest, the definition in
force before that day, wins. A record whose definition never moved is returned as it is, at no cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from okrtui.domain.models import KeyResult, Kpi, KpiTargets, KrTargets

R = TypeVar("R", KeyResult, Kpi)

KR_DEFINITION = ("kind", "start", "target")
"""What a key result's earlier definition keeps."""
KPI_DEFINITION = ("target", "warn")
"""What a KPI's earlier definition keeps."""


def definition_fields(record: KeyResult | Kpi) -> tuple[str, ...]:
    """The fields that make up the definition of a key result or a KPI."""
    return KPI_DEFINITION if record.PREFIX == Kpi.PREFIX else KR_DEFINITION


def in_force(record: R, day: date) -> R:
    """``record`` with the definition in force on ``day``: itself when that is its current one, else a copy with the
    earlier values (the first earlier definition whose ``until`` is after ``day``)."""
    earlier = record.earlier_targets
    if not earlier:
        return record
    index = _in_force_index(earlier, day)
    if index == len(earlier):
        return record
    entry = earlier[index]
    return record.model_copy(update={name: getattr(entry, name) for name in definition_fields(record)})


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
    return [
        Move(values[index], values[index + 1], entry.until, entry.by) for index, entry in enumerate(earlier[:shown])
    ]


def earlier_as_of(record: KeyResult | Kpi, day: date) -> Sequence[KrTargets | KpiTargets]:
    """The record's earlier definitions as of ``day``: those before the one in force then, oldest first."""
    earlier: Sequence[KrTargets | KpiTargets] = record.earlier_targets or []
    return earlier[: _in_force_index(earlier, day)]
