"""The end of a quarter: close and grade a period, reopen it, carry the unfinished on, and the hints grades give."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from okrtui.domain.models import Initiative, KeyResult, Objective, build
from okrtui.domain.periods import Period
from okrtui.domain.scoring import closure_on, kr_grade, rollup_sources, score_kr, weighted_mean
from okrtui.domain.vocab import MAX_TEXT, OPEN_STATES, ZONES
from okrtui.errors import BadInput
from okrtui.services.views import Dataset, Scorer
from okrtui.services.workspace import Workspace, clean_text
from okrtui.store.repository import parse_id


def open_objectives(data: Dataset, period: Period | str) -> list[Objective]:
    """The period's objectives still open (draft or active): those a close grades and locks."""
    return [o for o in data.objectives if o.period == str(period) and o.state in OPEN_STATES]


def grading_day(period: Period, today: date) -> date:
    """Grades count the period's history up to its last day (or up to today when closing early)."""
    return min(today, period.end)


@dataclass(frozen=True)
class PeriodGrades:
    """What closing a period gives: a grade per key result and per objective (None for an objective whose key
    results all weigh 0: it has a status only), and how many key results reached each zone (those with a commit or
    stretch level)."""

    period: str
    kr_grades: dict[str, float]
    objective_grades: dict[str, float | None]
    zones: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ZONES, 0))


def compute_grades(data: Dataset, period: Period, today: date) -> PeriodGrades:
    """Key result grade = progress (maintain: share of the period's check-ins in bounds; a closed one as on the day
    it was closed; a dropped one gets none); objective grade = the weighted mean of what it rolls up (its key results,
    its aligned children by their weights, or both: ``rollup_sources``), else 0."""
    day = grading_day(period, today)
    objectives = [o for o in data.objectives if o.period == str(period) and o.state != "cancelled"]
    kr_grades: dict[str, float] = {}
    zones = dict.fromkeys(ZONES, 0)
    for objective in objectives:
        for kr in data.krs_of.get(objective.id, []):
            if (closure := closure_on(kr, day)) is not None and closure.outcome == "dropped":
                continue  # it left its objective's progress and grade
            kpi = data.kpi_by_id.get(kr.kpi or "")
            kr_grades[kr.id] = round(kr_grade(kr, period, day, kpi), 4)
            if kr.commit is not None or kr.stretch is not None:
                reached = score_kr(kr, period, day, kpi).zone
                zones[reached or "below-commit"] += 1
    objective_grades: dict[str, float | None] = {}

    def grade_of(objective: Objective, seen: frozenset[str]) -> float | None:
        if objective.id in objective_grades:
            return objective_grades[objective.id]
        krs = [kr for kr in data.krs_of.get(objective.id, []) if kr.id in kr_grades]
        use_krs, use_children = rollup_sources(objective, bool(krs))
        parts: list[tuple[float, float | None]] = [(kr.weight, kr_grades[kr.id]) for kr in krs] if use_krs else []
        if use_children:
            children = [c for c in data.children_of.get(objective.id, []) if c.id not in seen and c in objectives]
            parts += [(child.weight_in_parent, grade_of(child, seen | {objective.id})) for child in children]
        grade = weighted_mean([(weight, part) for weight, part in parts if part is not None]) if parts else 0.0
        objective_grades[objective.id] = None if grade is None else round(grade, 4)
        return objective_grades[objective.id]

    for objective in objectives:
        grade_of(objective, frozenset())
    return PeriodGrades(str(period), kr_grades, objective_grades, zones)


def close_period(ws: Workspace, period_text: str, retros: dict[str, str] | None = None) -> PeriodGrades:
    """Grade every key result and objective of the period and mark the objectives closed (read-only).

    ``retros`` maps objective ids to a retrospective note. Cancelled objectives stay as they are.
    """
    period = Period.parse(period_text)
    retros = {
        parse_id(key, "O"): clean_text(note, "retrospective note", max_length=MAX_TEXT)
        for key, note in (retros or {}).items()
    }
    with ws.repo.transaction():
        data = Dataset.load(ws)  # inside the transaction: the records as locked
        open_ones = open_objectives(data, period)
        if not open_ones:
            raise BadInput(f"{period} has no open objectives to close")
        unknown = [oid for oid in retros if oid not in {o.id for o in open_ones}]
        if unknown:
            raise BadInput(
                f"retrospective note for {unknown[0]}, which is not an open objective of {period}", field="retro"
            )
        grades = compute_grades(data, period, ws.today)
        for objective in open_ones:
            for kr in data.krs_of.get(objective.id, []):
                ws.repo.save(kr.model_copy(update={"grade": grades.kr_grades.get(kr.id)}), author=ws.actor)
            changes = {"state": "closed", "grade": grades.objective_grades[objective.id]}
            if objective.id in retros:
                changes["retro"] = retros[objective.id]
            ws.repo.save(objective.model_copy(update=changes), author=ws.actor)
        return grades


def reopen_period(ws: Workspace, period_text: str) -> list[str]:
    """Make a closed period's objectives active again; their grades are cleared until the next close."""
    period = Period.parse(period_text)
    with ws.repo.transaction():
        closed = [o for o in ws.repo.all(Objective) if o.period == str(period) and o.state == "closed"]
        if not closed:
            raise BadInput(f"{period} has no closed objectives to reopen")
        ids = {o.id for o in closed}
        for kr in ws.repo.all(KeyResult):
            if kr.objective in ids:
                ws.repo.save(kr.model_copy(update={"grade": None}), author=ws.actor)
        for objective in closed:
            ws.repo.save(objective.model_copy(update={"state": "active", "grade": None}), author=ws.actor)
        return sorted(ids, key=lambda oid: int(oid.split("-")[1]))


def carry_period(ws: Workspace, from_text: str, to_text: str) -> dict[str, str]:
    """Copy the period's unfinished objectives into another period, key results restarted from their current values
    and unfinished initiatives along; each copy keeps ``carried_from``. Nothing in the first period changes.

    Returns {old id: new id} for objectives and key results. Refuses (changing nothing) when an objective was carried
    into that period already.
    """
    source, target = Period.parse(from_text), Period.parse(to_text)
    if source == target:
        raise BadInput(f"carry {source} into another period, not into itself")
    with ws.repo.transaction():
        data = Dataset.load(ws)  # inside the transaction: the records as locked
        day = grading_day(source, ws.today)
        scorer = Scorer(data, day)  # one for all: scores of children are reused by their parents
        unfinished = [
            o
            for o in data.objectives
            if o.period == str(source) and o.state != "cancelled" and not _finished(o, scorer)
        ]
        if not unfinished:
            raise BadInput(f"{source} has no unfinished objectives to carry")
        carried = {o.carried_from: o for o in data.objectives if o.carried_from}
        again = [o.id for o in unfinished if o.id in carried]
        if again:
            where = sorted({carried[oid].period for oid in again})
            raise BadInput(f"{', '.join(again)} was carried already (into {', '.join(where)}); nothing was copied")
        return _copy_objectives(ws, data, unfinished, source, target, day)


def _copy_objectives(
    ws: Workspace, data: Dataset, objectives: list[Objective], source: Period, target: Period, day: date
) -> dict[str, str]:
    # Every copy's id first (numbered in the originals' order), so a child's copy can align to its parent's copy
    # whichever of the two was created first.
    mapping: dict[str, str] = {objective.id: ws.repo.next_id(Objective) for objective in objectives}
    copied: dict[str, str] = {}
    """Old id -> new id, each objective followed by its key results."""
    for objective in objectives:
        copied[objective.id] = mapping[objective.id]
        parent = mapping.get(objective.parent or "", objective.parent)
        copy = objective.model_copy(
            update={
                "id": mapping[objective.id],
                "period": str(target),
                "state": "active",
                "grade": None,
                "retro": "",
                "carried_from": objective.id,
                "parent": parent,
                "rev": 1,
                "updated_by": ws.actor,
            }
        )
        ws.repo.insert(build(Objective, copy.model_dump()))
        for kr in data.krs_of.get(objective.id, []):
            restarted = _restarted(kr, source, day, data)
            if restarted is None:
                continue
            new_id = ws.repo.next_id(KeyResult)
            new_kr = build(KeyResult, {**restarted, "id": new_id, "objective": copy.id, "created": ws.today})
            ws.repo.insert(new_kr)
            mapping[kr.id] = copied[kr.id] = new_kr.id
        for initiative in data.initiatives:
            if initiative.objective == objective.id and initiative.status != "done":
                ws.repo.insert(
                    build(
                        Initiative,
                        {
                            **initiative.model_dump(),
                            "id": ws.repo.next_id(Initiative),
                            "objective": copy.id,
                            "kr": mapping.get(initiative.kr or ""),
                            "rev": 1,
                            "updated_by": ws.actor,
                        },
                    )
                )
    return copied


def _restarted(kr: KeyResult, period: Period, day: date, data: Dataset) -> dict[str, Any] | None:
    """The key result for the next period: an increase/decrease starts from its current value; a finished one
    (target reached, milestone done, or closed: achieved, missed, dropped) stays behind; a maintain result keeps its
    threshold."""
    if closure_on(kr, day) is not None:  # achieved, missed or dropped: it is over
        return None
    score = score_kr(kr, period, day, data.kpi_by_id.get(kr.kpi or ""))
    fields = {**kr.model_dump(), "checkins": [], "grade": None, "earlier_targets": None, "rev": 1}
    fields.update(begins=None, due=None, plan=None)  # the old period's own dates and plan stay behind
    if kr.kind in ("increase", "decrease"):
        if score.progress >= 1 or score.current == kr.target:
            return None
        fields["start"] = score.current
        if score.zone in ("committed", "target", "stretch"):
            fields["commit"] = None  # reached already: it would lie behind the new start
        return fields
    if kr.kind == "milestone" and score.progress >= 1:
        return None
    return fields


def _finished(objective: Objective, scorer: Scorer) -> bool:
    """Graded 1.0 when closed; when still open, at full progress (its key results, or rolled up from its children)."""
    if objective.state == "closed" and objective.grade is not None:
        return objective.grade >= 1
    progress = scorer.objective(objective).progress
    return progress is not None and progress >= 1  # one with status only (guards) carries on


def sandbagging_hints(data: Dataset) -> list[dict[str, Any]]:
    """Owners whose objectives all graded 1.0 in two consecutive closed periods: the targets may not be ambitious."""
    graded: dict[str, dict[Period, list[float]]] = defaultdict(lambda: defaultdict(list))
    for objective in data.objectives:
        if objective.state == "closed" and objective.grade is not None and objective.owner:
            graded[objective.owner][Period.parse(objective.period)].append(objective.grade)
    hints = []
    for owner, periods in sorted(graded.items()):
        perfect = [p for p, grades in periods.items() if all(g >= 1 for g in grades)]
        for same_kind in ([p for p in perfect if p.quarter], [p for p in perfect if p.quarter is None]):
            ordered = sorted(same_kind, key=lambda p: (p.year, p.quarter or 0))
            for earlier, later in pairwise(ordered):
                if later == earlier.shifted(1):  # consecutive quarters, or consecutive years
                    hints.append(
                        {
                            "owner": owner,
                            "periods": [str(earlier), str(later)],
                            "hint": f"{owner}'s objectives all graded 1.0 in {earlier} and {later}: "
                            "the targets may not be ambitious enough",
                        }
                    )
    return hints
