"""Scored views of the data: what ``--json`` prints and what the TUI draws, built in one place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import islice
from typing import Any

from okrtui.domain.models import CheckIn, Initiative, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.scoring import (
    KrScore,
    ObjectiveScore,
    closure_on,
    counted_krs,
    effective_checkins,
    is_alarm,
    kpi_health,
    rollup_sources,
    score_kr,
    score_objective,
)
from okrtui.domain.targets import definition_fields, earlier_as_of, in_force
from okrtui.domain.thresholds import DEFAULT, Thresholds, as_config
from okrtui.services.filters import owned_by
from okrtui.services.view_models import (
    CheckInView,
    InitiativeView,
    KpiView,
    KrView,
    Measurement,
    ObjectiveView,
    StatusView,
)
from okrtui.services.workspace import Workspace, number_out

HEALTHY_KR_COUNT = range(1, 6)


@dataclass
class Dataset:
    """Every record of the file as of one read, with the lookups views need."""

    objectives: list[Objective]
    krs: list[KeyResult]
    initiatives: list[Initiative]
    kpis: list[Kpi]
    thresholds: Thresholds = DEFAULT
    """The file's thresholds (``okrtui config``): every score of this read uses them."""
    _scorers: dict[date, Scorer] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, ws: Workspace) -> Dataset:
        """Read the whole file once."""
        from okrtui.services.config import thresholds_of

        with ws.repo.snapshot():
            records = ws.repo.all(Objective), ws.repo.all(KeyResult), ws.repo.all(Initiative), ws.repo.all(Kpi)
            return cls(*records, thresholds=thresholds_of(ws.repo))

    @cached_property
    def objective_by_id(self) -> dict[str, Objective]:
        return {objective.id: objective for objective in self.objectives}

    @cached_property
    def kr_by_id(self) -> dict[str, KeyResult]:
        return {kr.id: kr for kr in self.krs}

    @cached_property
    def kpi_by_id(self) -> dict[str, Kpi]:
        return {kpi.id: kpi for kpi in self.kpis}

    @cached_property
    def krs_of(self) -> dict[str, list[KeyResult]]:
        grouped: dict[str, list[KeyResult]] = defaultdict(list)
        for kr in self.krs:
            grouped[kr.objective].append(kr)
        return grouped

    @cached_property
    def children_of(self) -> dict[str | None, list[Objective]]:
        grouped: dict[str | None, list[Objective]] = defaultdict(list)
        for objective in self.objectives:
            parent = objective.parent if objective.parent in self.objective_by_id else None
            grouped[parent].append(objective)
        return grouped

    @cached_property
    def krs_driven_by(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for kr in self.krs:
            if kr.kpi:
                grouped[kr.kpi].append(kr.id)
        return grouped

    def scorer(self, today: date) -> Scorer:
        """The scores of this read on ``today``, shared: the UI computes them in its loading thread, the panes reuse
        them."""
        if today not in self._scorers:
            self._scorers[today] = Scorer(self, today)
        return self._scorers[today]

    def initiatives_of(self, record_id: str) -> list[Initiative]:
        """Initiatives under a key result, or those directly under an objective."""
        if record_id.startswith("KR-"):
            return [i for i in self.initiatives if i.kr == record_id]
        return [i for i in self.initiatives if i.objective == record_id and i.kr is None]


@dataclass
class Scorer:
    """Scores of a dataset on one day, each computed once."""

    data: Dataset
    today: date
    _kr_scores: dict[str, KrScore] = field(default_factory=dict)
    _objective_scores: dict[str, ObjectiveScore] = field(default_factory=dict)
    _checkins: dict[str, list[CheckIn]] = field(default_factory=dict)
    _periods: dict[str, Period] = field(default_factory=dict)

    def kpi(self, kpi: Kpi) -> KpiView:
        """A KPI's view on the scorer's day, with the key results it drives, without its history (what a screen
        lists about it)."""
        return kpi_view(
            kpi, self.today, self.data.krs_driven_by.get(kpi.id), with_history=False, thresholds=self.data.thresholds
        )

    def kr(self, kr: KeyResult) -> KrScore:
        """The score of a key result (its objective's period sets the pace)."""
        if kr.id not in self._kr_scores:
            kpi = self.data.kpi_by_id.get(kr.kpi or "")
            objective = self.data.objective_by_id.get(kr.objective)
            self._kr_scores[kr.id] = score_kr(
                kr,
                self.period_of(kr),
                self.today,
                kpi,
                self.checkins(kr),
                cadence=objective.cadence if objective else None,
                thresholds=self.data.thresholds,
            )
        return self._kr_scores[kr.id]

    def checkins(self, kr: KeyResult) -> list[CheckIn]:
        """The key result's check-ins as of the day, with its KPI's measurements in its period (computed once)."""
        if kr.id not in self._checkins:
            kpi = self.data.kpi_by_id.get(kr.kpi or "")
            self._checkins[kr.id] = effective_checkins(kr, self.period_of(kr), self.today, kpi)
        return self._checkins[kr.id]

    def warm(self, period: Period) -> None:
        """Compute the scores and histories of the period's objectives and key results now (in a worker thread)."""
        for objective in objectives_shown(self.data, period):
            self.objective(objective)
            for kr in self.data.krs_of.get(objective.id, []):
                self.checkins(kr)

    def period_of(self, kr: KeyResult) -> Period:
        """The period of the key result's objective."""
        objective = self.data.objective_by_id.get(kr.objective)
        if objective is None:
            return Period.containing(self.today)
        if objective.period not in self._periods:  # parsed once per period, not once per key result
            self._periods[objective.period] = Period.parse(objective.period)
        return self._periods[objective.period]

    def objective(self, objective: Objective, _seen: frozenset[str] = frozenset()) -> ObjectiveScore:
        """An objective's score, rolled up from aligned children when it has no key results."""
        if objective.id not in self._objective_scores:
            seen = _seen | {objective.id}
            kr_scores = [(kr, self.kr(kr)) for kr in self.data.krs_of.get(objective.id, [])]
            _, use_children = rollup_sources(objective, bool(counted_krs(kr_scores)))
            children = [
                (child.weight_in_parent, self.objective(child, seen))
                for child in (self.data.children_of.get(objective.id, []) if use_children else [])
                if child.id not in seen and child.state != "cancelled"
            ]
            self._objective_scores[objective.id] = score_objective(
                objective, kr_scores, children, self.today, self.data.thresholds
            )
        return self._objective_scores[objective.id]


def checkin_view(checkin: CheckIn) -> CheckInView:
    """One check-in."""
    return CheckInView(
        checkin.date.isoformat(), number_out(checkin.value), checkin.confidence, checkin.note, checkin.author
    )


def kr_view(scorer: Scorer, kr: KeyResult, *, with_checkins: bool = True) -> KrView:
    """A key result with its score and history, in the CLI.md shape (its definition: the one in force that day);
    ``with_checkins=False`` leaves the history out (``checkins`` empty) for a view that shows none of it."""
    score = scorer.kr(kr)
    kpi = scorer.data.kpi_by_id.get(kr.kpi or "")
    kr = in_force(kr, scorer.today)
    return KrView(
        id=kr.id,
        objective=kr.objective,
        title=kr.title,
        kind=kr.kind,
        start=number_out(kr.start),
        target=number_out(kr.target),
        current=number_out(score.current),
        unit=kr.unit,
        weight=number_out(kr.weight),
        progress=round(score.progress, 4),
        expected=round(score.expected, 4),
        status=score.status,
        exceeded=score.exceeded,
        below_baseline=score.below_baseline,
        kpi=kr.kpi,
        kpi_key=kpi.key if kpi else None,
        checkins=tuple([checkin_view(checkin) for checkin in scorer.checkins(kr)]) if with_checkins else (),
        grade=None if kr.grade is None else round(kr.grade, 4),
        created=kr.created.isoformat() if kr.created else None,
        ratio=round4(score.ratio),
        low=number_out(kr.low),
        high=number_out(kr.high),
        commit=number_out(kr.commit),
        stretch=number_out(kr.stretch),
        zone=score.zone,
        closed=closure_json(kr, scorer.today),
        begins=kr.begins.isoformat() if kr.begins else None,
        due=kr.due.isoformat() if kr.due else None,
        plan=tuple([Measurement(p.date.isoformat(), number_out(p.value)) for p in kr.plan]) if kr.plan else (),
    )


def closure_json(kr: KeyResult, today: date) -> dict[str, Any] | None:
    """How the key result was closed, as of ``today`` (None while it is open then): ``{outcome, on, by, note, value}``
    with its frozen value."""
    closure = closure_on(kr, today)
    if closure is None:
        return None
    return {
        "outcome": closure.outcome,
        "on": closure.on.isoformat(),
        "by": closure.by,
        "note": closure.note,
        "value": number_out(closure.value),
    }


def round4(value: float | None) -> float | None:
    """A fraction to 4 decimals as ``--json`` prints it; None stays None (no progress, no ratio)."""
    return None if value is None else round(value, 4)


def earlier_targets_json(record: KeyResult | Kpi, today: date) -> list[dict[str, Any]]:
    """The record's earlier definitions as of ``today``, oldest first, as ``kr show`` / ``kpi show`` print them."""
    names = definition_fields(record)
    return [
        {
            "until": entry.until.isoformat(),
            "by": entry.by,
            **{
                name: _json_value(getattr(entry, name))
                for name in names
                if name not in OPTIONAL_DEFINITION or getattr(entry, name) is not None
            },
        }
        for entry in earlier_as_of(record, today)
    ]


OPTIONAL_DEFINITION = frozenset({"low", "high", "commit", "stretch"})
"""Parts of a key result's definition that an earlier one lists only when it had them."""


def scheduled_targets_json(kpi: Kpi, today: date) -> list[dict[str, Any]]:
    """The KPI's target and warn levels set ahead of ``today``, soonest first: ``{begins, by, target, warn}``."""
    return [
        {
            "begins": entry.begins.isoformat(),
            "by": entry.by,
            "target": number_out(entry.target),
            "warn": number_out(entry.warn),
        }
        for entry in kpi.scheduled_targets or ()
        if entry.begins > today
    ]


def _json_value(value: Any) -> Any:
    """A number as ``number_out`` gives it; a kind or None as it is."""
    return number_out(value) if isinstance(value, float) else value


def objective_warnings(kr_count: int, rolls_up_children: bool = False) -> list[str]:
    """The healthy range is 1 to 5 key results; none is no warning when the objective rolls up aligned children."""
    if kr_count == 0:
        return [] if rolls_up_children else ["no key results"]
    if kr_count not in HEALTHY_KR_COUNT:
        return [f"{kr_count} key results (more than 5)"]
    return []


def objective_view(scorer: Scorer, objective: Objective) -> ObjectiveView:
    """An objective with its key results, in the CLI.md shape."""
    score = scorer.objective(objective)
    krs = scorer.data.krs_of.get(objective.id, [])
    return ObjectiveView(
        id=objective.id,
        title=objective.title,
        description=objective.description,
        period=objective.period,
        owner=objective.owner,
        team=objective.team,
        level=objective.level,
        parent=objective.parent,
        perspective=objective.perspective,
        state=objective.state,
        progress=round4(score.progress),
        expected=round(score.expected, 4),
        status=score.status,
        warnings=tuple(objective_warnings(len(krs), rolls_up_children(scorer.data, objective))),
        children=tuple(child.id for child in scorer.data.children_of.get(objective.id, [])),
        kpis=tuple(objective_kpis(scorer.data, objective.id)),
        key_results=tuple(kr_view(scorer, kr) for kr in krs),
        initiatives=tuple(initiative_view(i) for i in scorer.data.initiatives if i.objective == objective.id),
        grade=None if objective.grade is None else round(objective.grade, 4),
        rollup=objective.rollup,
        weight=number_out(objective.weight_in_parent),
    )


def rolls_up_children(data: Dataset, objective: Objective) -> bool:
    """Whether the objective's progress rolls up aligned children it has (by its ``rollup``, or having no key
    results)."""
    children = [child for child in data.children_of.get(objective.id, []) if child.state != "cancelled"]
    return bool(children) and rollup_sources(objective, bool(data.krs_of.get(objective.id)))[1]


def objective_kpis(data: Dataset, objective_id: str) -> list[str]:
    """Keys of the KPIs the objective's key results follow: the OKR → KPI mapping."""
    keys = [data.kpi_by_id[kr.kpi].key for kr in data.krs_of.get(objective_id, []) if kr.kpi in data.kpi_by_id]
    return list(dict.fromkeys(keys))


def initiative_view(initiative: Initiative) -> InitiativeView:
    """An initiative."""
    return InitiativeView(
        id=initiative.id,
        title=initiative.title,
        objective=initiative.objective,
        kr=initiative.kr,
        owner=initiative.owner,
        status=initiative.status,
        due=initiative.due.isoformat() if initiative.due else None,
    )


class HistoryRows(Sequence[dict[str, Any]]):
    """A KPI's measurements as ``{date, value}`` rows, oldest first, made only when read: a big file has a million.

    ``measurements`` is the stored date -> value map cut to the rows, for a printer that writes them in one go.
    """

    def __init__(self, history: dict[str, float], count: int) -> None:
        self._history, self._count = history, count

    def measurements(self) -> dict[str, float]:
        """The measurements of the rows, as a date -> value map (the stored one itself when none are cut)."""
        if self._count == len(self._history):
            return self._history
        return dict(islice(self._history.items(), self._count))

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # an int or a slice, as for a list
        if isinstance(index, slice):
            return list(self)[index]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        day, value = next(islice(self._history.items(), position, None))
        return {"date": day, "value": value}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return ({"date": day, "value": value} for day, value in islice(self._history.items(), self._count))

    def __eq__(self, other: object) -> bool:
        return list(self) == (list(other) if isinstance(other, HistoryRows) else other)

    def __repr__(self) -> str:
        return f"HistoryRows({self._count} measurements)"


def kpi_view(
    kpi: Kpi,
    today: date,
    drives: list[str] | None = None,
    *,
    with_history: bool = True,
    trend: int = 0,
    thresholds: Thresholds = DEFAULT,
) -> KpiView:
    """A KPI with its latest value, health and history, in the CLI.md shape (its target and warn: those in force on
    ``today``; its staleness: the file's ``thresholds``).

    Without its history (which a big file holds a million of), ``trend`` adds the last ``trend`` values as of today,
    oldest first, for a sparkline; that key is not part of the JSON.
    """
    cutoff = today.isoformat()
    latest = kpi.latest_on(cutoff)
    kpi = in_force(kpi, today)
    return KpiView(
        id=kpi.id,
        key=kpi.key,
        name=kpi.name,
        unit=kpi.unit,
        direction=kpi.direction,
        target=number_out(kpi.target),
        warn=number_out(kpi.warn),
        frequency=kpi.frequency,
        owner=kpi.owner,
        perspective=kpi.perspective,
        latest=Measurement(latest[0], number_out(latest[1])) if latest else None,
        health=kpi_health(kpi, today, thresholds),
        drives=tuple(drives or ()),
        history=HistoryRows(kpi.history, kpi.count_until(cutoff)) if with_history else None,
        trend=tuple(kpi.values_until(cutoff, trend)) if trend else None,
    )


def objectives_in(
    data: Dataset, period: Period, *, owner: str | None = None, team: str | None = None
) -> list[Objective]:
    """The period's objectives, optionally of one owner or team (case-insensitive)."""
    chosen = [objective for objective in data.objectives if objective.period == str(period)]
    if owner or team:
        chosen = [objective for objective in chosen if owned_by(objective, owner, team)]
    return chosen


def period_groups(
    data: Dataset, period: Period, *, owner: str | None = None, team: str | None = None
) -> list[tuple[Period, list[Objective]]]:
    """What a view of ``period`` shows, by period: a quarter's objectives; for a year, its own, then each of its
    quarters' (a group only when it has objectives)."""
    parts = [period] if period.quarter else [period, *(Period(period.year, quarter) for quarter in range(1, 5))]
    groups = [(part, objectives_in(data, part, owner=owner, team=team)) for part in parts]
    return [(part, chosen) for part, chosen in groups if chosen]


def objectives_shown(
    data: Dataset, period: Period, *, owner: str | None = None, team: str | None = None
) -> list[Objective]:
    """The objectives a view of ``period`` shows (a year's: its own and its quarters'), group by group."""
    return [objective for _, chosen in period_groups(data, period, owner=owner, team=team) for objective in chosen]


def mean_progress(scorer: Scorer, objectives: Sequence[Objective]) -> float | None:
    """The plain mean of the objectives' progress (those without one, all key results weighing 0, left out), to 4
    decimals; None when none has one."""
    values = [progress for o in objectives if (progress := scorer.objective(o).progress) is not None]
    return round(sum(values) / len(values), 4) if values else None


def tree_order(objectives: list[Objective]) -> list[tuple[int, Objective]]:
    """Objectives depth-first under their parents; those whose parent is not listed are roots."""
    listed = {objective.id for objective in objectives}
    children: dict[str | None, list[Objective]] = {}
    for item in objectives:
        children.setdefault(item.parent if item.parent in listed else None, []).append(item)
    ordered: list[tuple[int, Objective]] = []
    placed: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for child in children.get(parent, []):
            if child.id not in placed:
                placed.add(child.id)
                ordered.append((depth, child))
                walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def status_view(ws: Workspace, period: Period, data: Dataset | None = None, *, trend: int = 0) -> StatusView:
    """Progress of every objective and key result of the period (a year: its own and its quarters', group by group,
    and their mean progress), the health of every KPI and the thresholds in force.

    With ``trend`` (for people), each KPI has its last ``trend`` values instead of its whole history.
    """
    data = data or Dataset.load(ws)
    scorer = data.scorer(ws.today)
    shown = objectives_shown(data, period)
    return StatusView(
        period=str(period),
        today=ws.today.isoformat(),
        progress=mean_progress(scorer, shown),
        config=as_config(data.thresholds),
        objectives=tuple(objective_view(scorer, objective) for objective in shown),
        kpis=tuple(
            kpi_view(
                kpi,
                ws.today,
                data.krs_driven_by.get(kpi.id),
                with_history=not trend,
                trend=trend,
                thresholds=data.thresholds,
            )
            for kpi in data.kpis
        ),
    )


def findings(status: StatusView) -> list[dict[str, Any]]:
    """What needs attention: off-track key results, red or stale KPIs."""
    found = []
    for objective in status.objectives:
        for kr in objective.key_results:
            if is_alarm(kr.status):
                found.append({"id": kr.id, "title": kr.title, "problem": kr.status})
    for kpi in status.kpis:
        if is_alarm(kpi.health):
            found.append({"id": kpi.id, "title": kpi.name, "problem": kpi.health})
    return found


def scorecard_view(ws: Workspace, period: Period, data: Dataset | None = None) -> dict[str, Any]:
    """The period's objectives and every KPI grouped by balanced-scorecard perspective (then those without one)."""
    from okrtui.domain.vocab import PERSPECTIVES

    data = data or Dataset.load(ws)
    scorer = data.scorer(ws.today)
    groups = []
    for perspective in (*PERSPECTIVES, None):
        objectives = [o for o in objectives_in(data, period) if o.perspective == perspective]
        kpis = [k for k in data.kpis if k.perspective == perspective]
        if perspective is None and not objectives and not kpis:
            continue
        groups.append(
            {
                "perspective": perspective or "none",
                "objectives": [
                    {
                        "id": o.id,
                        "title": o.title,
                        "progress": round4(scorer.objective(o).progress),
                        "status": scorer.objective(o).status,
                    }
                    for o in objectives
                ],
                "kpis": [
                    {"id": k.id, "key": k.key, "name": k.name, "health": kpi_health(k, ws.today, data.thresholds)}
                    for k in kpis
                ],
            }
        )
    return {"period": str(period), "perspectives": groups}
