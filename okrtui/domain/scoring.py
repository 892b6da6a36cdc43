"""Progress, pace, status, grades and KPI health: pure functions, exactly as DESIGN.md states them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from okrtui.domain.models import CheckIn, KeyResult, Kpi, KrClosure, Objective
from okrtui.domain.periods import Period, elapsed_between
from okrtui.domain.targets import in_force
from okrtui.domain.thresholds import DEFAULT, Thresholds
from okrtui.domain.vocab import STATUSES

FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}
"""How many days may pass between check-ins before a key result is due again."""

PACE_ON_TRACK_GAP = DEFAULT.at_risk
PACE_AT_RISK_GAP = DEFAULT.off_track
STALE_FACTOR = DEFAULT.stale_factor
ATTENTION = frozenset({"at-risk", "off-track", "red", "stale"})
"""Key result statuses and KPI healths that need attention (the report, the dashboard, the check-in summary)."""
ALARMS = frozenset({"off-track", "red", "stale"})
"""Those ``status --check`` fails on (exit 3); an at-risk key result is left to the weekly review."""


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    """``value`` limited to ``low..high``."""
    return max(low, min(high, value))


def raw_ratio(start: float, target: float, current: float) -> float:
    """How far ``current`` has moved from start to target, unclamped: > 1 exceeded, < 0 below baseline."""
    if start == target:
        raise ValueError("start equals target")
    return (current - start) / (target - start)


def in_bounds(kind: str, threshold: float, value: float) -> bool:
    """Whether a maintain key result's value keeps its at-least / at-most threshold."""
    return value >= threshold if kind == "at-least" else value <= threshold


def guard_in_bounds(kr: KeyResult, value: float) -> bool:
    """Whether a guard's value keeps its bounds: at least / at most its threshold, or LOW <= value <= HIGH."""
    if kr.kind == "range":
        return kr.low <= value <= kr.high  # type: ignore[operator]
    return in_bounds(kr.kind, kr.target, value)


def zone(kr: KeyResult, ratio: float | None) -> str | None:
    """Where an increase/decrease key result with a commit or stretch level stands: ``below-commit``, ``committed``,
    ``target`` or ``stretch`` (None without either level). Without a commit the target is the commitment."""
    if ratio is None or (kr.commit is None and kr.stretch is None):
        return None
    start, target = kr.start, kr.target
    commit = 1.0 if kr.commit is None else raw_ratio(start, target, kr.commit)  # type: ignore[arg-type]
    if ratio < commit:
        return "below-commit"
    if ratio < 1:
        return "committed"
    if kr.stretch is not None and ratio >= raw_ratio(start, target, kr.stretch):  # type: ignore[arg-type]
        return "stretch"
    return "target"


def confidence_status(confidence: int) -> str:
    """A 0..10 confidence as a status: >= 7 on-track, >= 4 at-risk, else off-track."""
    if confidence >= 7:
        return "on-track"
    return "at-risk" if confidence >= 4 else "off-track"


def pace_status(expected: float, progress: float, thresholds: Thresholds = DEFAULT) -> str:
    """Status from the gap between expected and actual progress (at-risk past ``thresholds.at_risk``, off-track past
    ``thresholds.off_track``)."""
    gap = round(expected - progress, 9)  # 1.0 - 0.85 is 0.15000000000000002: the boundary must stay on-track
    if gap <= thresholds.at_risk:
        return "on-track"
    return "at-risk" if gap <= thresholds.off_track else "off-track"


def first_checkin_from(kr: KeyResult, period: Period, today: date) -> date:
    """The day a key result's first check-in is counted from: its own first day (``--from``) or else its period's, or
    the day it was created when that is later. A creation day after ``today`` (a key result entered late, its history
    back-dated) is not known as of ``today``: that first day."""
    created, first = kr.created, kr.begins or period.start
    if created is None or created > today:
        return first
    return max(first, created)


def is_pending(kr: KeyResult, points: Sequence[CheckIn], cadence: str | None, period: Period, today: date) -> bool:
    """A new key result: no value yet, created (on or before ``today``) less than its objective's cadence ago, and
    its period not at its last day. Without a creation day (files written before it was kept), never."""
    if points or cadence is None or kr.created is None or kr.created > today:
        return False
    first_due = first_checkin_from(kr, period, today) + timedelta(days=CADENCE_DAYS[cadence])
    return today < min(first_due, period.end)


def needs_attention(standing: str) -> bool:
    """Whether a key result status or a KPI health needs attention: at-risk, off-track, red or stale."""
    return standing in ATTENTION


def is_alarm(standing: str) -> bool:
    """Whether a key result status or a KPI health fails ``status --check``: off-track, red or stale."""
    return standing in ALARMS


CLOSED_RANK = ("dropped", "achieved", "missed")
"""The outcomes of closed key results, best first; every open status outranks them, so an objective's status is that
of its open work, and only when all of it is closed, missed (any missed) or achieved."""


def worst_status(statuses: Iterable[str]) -> str | None:
    """The worst of ``statuses``, or None when there are none (a closed outcome only when all are closed)."""
    order = (*CLOSED_RANK, *STATUSES)
    ranked = [order.index(status) for status in statuses]
    return order[max(ranked)] if ranked else None


@dataclass(frozen=True)
class KrScore:
    """A key result's standing on one day."""

    current: float | None
    """The latest value as of the day; start when there is none (None for a maintain result)."""
    ratio: float | None
    """Unclamped progress of an increase/decrease result: > 1 exceeded, < 0 below baseline."""
    progress: float
    expected: float
    status: str
    latest: CheckIn | None
    zone: str | None = None
    """below-commit, committed, target or stretch, for a key result with a commit or stretch level."""

    @property
    def exceeded(self) -> bool:
        """The value went past the target."""
        return self.ratio is not None and self.ratio > 1

    @property
    def below_baseline(self) -> bool:
        """The value fell behind the start."""
        return self.ratio is not None and self.ratio < 0


def effective_checkins(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> list[CheckIn]:
    """The key result's history as of ``today``: its check-ins, and its KPI's measurements in the period. A check-in
    made on a day the KPI was measured (a check-in on a key result that follows a KPI records the KPI's value) is
    that day's point, with its confidence and note and the KPI's value for the day (the KPI stays the source)."""
    points = [checkin for checkin in kr.checkins if checkin.date <= today]
    if kpi is not None:
        first, last = period.start.isoformat(), min(today, period.end).isoformat()
        author = f"KPI {kpi.key}"
        measured = kpi.between(first, last)
        if points:
            points, measured = _merged_with_kpi(points, measured)
        points.extend(
            CheckIn.model_construct(date=date.fromisoformat(day), value=value, confidence=None, note="", author=author)
            for day, value in measured
        )
    points.sort(key=lambda checkin: checkin.date)  # stable: same-day entries keep their order
    return points


def _merged_with_kpi(
    points: list[CheckIn], measured: list[tuple[str, float]]
) -> tuple[list[CheckIn], list[tuple[str, float]]]:
    """(check-ins with the KPI's value on the days it was measured, the measurements of the other days)."""
    values = dict(measured)
    merged = [
        point.model_copy(update={"value": values[day]}) if (day := point.date.isoformat()) in values else point
        for point in points
    ]
    taken = {point.date.isoformat() for point in points}
    return merged, [(day, value) for day, value in measured if day not in taken]


def score_kr(
    kr: KeyResult,
    period: Period,
    today: date,
    kpi: Kpi | None = None,
    points: list[CheckIn] | None = None,
    *,
    cadence: str | None = None,
    thresholds: Thresholds = DEFAULT,
) -> KrScore:
    """Current value, progress, expected pace and status of ``kr`` on ``today``, against its definition in force that
    day (``points``: its effective check-ins, when the caller has them already). With its objective's ``cadence``, a
    new key result without a value is ``pending`` until its first check-in is due (:func:`is_pending`). A key result
    closed by then scores as on the day it was closed (:func:`closed_score`)."""
    closure = closure_on(kr, today)
    if closure is not None:
        return closed_score(kr, closure, period, kpi, points, thresholds=thresholds)
    kr = in_force(kr, today)
    points = effective_checkins(kr, period, today, kpi) if points is None else points
    latest = points[-1] if points else None
    expected = expected_progress(kr, period, today)
    if kr.is_maintain:
        current = latest.value if latest else None
        ok = current is not None and guard_in_bounds(kr, current)
        progress, ratio = (1.0 if ok else 0.0), None
        if current is None:  # no value yet is neither in nor out of bounds: like any kind without one, pace decides
            status = pace_status(expected, progress, thresholds)
        else:
            status = "on-track" if ok else "off-track"
    else:
        current = latest.value if latest else kr.start
        ratio = raw_ratio(kr.start, kr.target, current)  # type: ignore[arg-type]
        progress = clamp(ratio)
        status = pace_status(expected, progress, thresholds)
    if latest is not None and latest.confidence is not None:
        status = confidence_status(latest.confidence)
    if is_pending(kr, points, cadence, period, today):
        status = "pending"
    if kr.due is not None and today > kr.due and progress < 1:
        status = "off-track"  # past its own due date and not done, whatever the pace or the confidence said
    return KrScore(current, ratio, progress, expected, status, latest, zone(kr, ratio))


def expected_progress(kr: KeyResult, period: Period, today: date) -> float:
    """Where ``kr`` should be on ``today``: the elapsed share of its window (its own ``begins``..``due``, else its
    period's), or with a plan the progress its planned values give, linear between them (start at the window's first
    day, target at its last), clamped to 0..1."""
    if kr.begins is None and kr.due is None and kr.plan is None:
        return period.elapsed_share(today)
    first, last = kr.begins or period.start, kr.due or period.end
    if not kr.plan or today <= first or today >= last:
        return elapsed_between(first, last, today)
    start, target = float(kr.start or 0.0), kr.target  # a plan belongs to an increase or decrease: start is set
    points = [(first, 0.0), *((p.date, raw_ratio(start, target, p.value)) for p in kr.plan), (last, 1.0)]
    after = next(index for index, (day, _) in enumerate(points) if day > today)
    (day0, share0), (day1, share1) = points[after - 1], points[after]
    return clamp(share0 + (share1 - share0) * elapsed_between(day0, day1, today))


def closure_on(kr: KeyResult, day: date) -> KrClosure | None:
    """The key result's closure when it was closed on or before ``day``; None while it is open then."""
    closed = kr.closed
    return closed if closed is not None and closed.on <= day else None


def closed_score(
    kr: KeyResult,
    closure: KrClosure,
    period: Period,
    kpi: Kpi | None = None,
    points: list[CheckIn] | None = None,
    *,
    thresholds: Thresholds = DEFAULT,
) -> KrScore:
    """A closed key result's score: its score on the day it was closed, with its frozen value as the latest (a value
    or KPI measurement added later, or dated before the close since, changes nothing), and its outcome as status."""
    day = closure.on
    history = effective_checkins(kr, period, day, kpi) if points is None else points
    frozen = [point for point in history if point.date <= day]
    if closure.value is not None and (not frozen or frozen[-1].value != closure.value):
        frozen.append(CheckIn.model_construct(date=day, value=closure.value, confidence=None, note="", author=""))
    score = score_kr(kr.model_copy(update={"closed": None}), period, day, kpi, frozen, thresholds=thresholds)
    return replace(score, status=closure.outcome)


def counted_krs(kr_scores: Sequence[tuple[KeyResult, KrScore]]) -> list[tuple[KeyResult, KrScore]]:
    """The key results that count toward their objective: all but the dropped ones."""
    return [(kr, score) for kr, score in kr_scores if score.status != "dropped"]


def rollup_sources(objective: Objective, has_krs: bool) -> tuple[bool, bool]:
    """(whether its key results count, whether its aligned children count) by its ``rollup``: ``krs``, ``children``
    or ``both``; without one, its key results when it has any (dropped ones aside), else its children."""
    mode = objective.rollup or ("krs" if has_krs else "children")
    return mode in ("krs", "both"), mode in ("children", "both")


def weighted_progress(pairs: Sequence[tuple[float, float]]) -> float:
    """``Σ wᵢ pᵢ / Σ wᵢ`` over (weight, progress) pairs; 0 when there are none."""
    total_weight = sum(weight for weight, _ in pairs)
    if not pairs or total_weight == 0:
        return 0.0
    return sum(weight * progress for weight, progress in pairs) / total_weight


def weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """``Σ wᵢ pᵢ / Σ wᵢ`` over (weight, progress) pairs; None when the weights add up to 0 (status only)."""
    total_weight = sum(weight for weight, _ in pairs)
    if total_weight == 0:
        return None
    return sum(weight * progress for weight, progress in pairs) / total_weight


def mean_progress(values: Iterable[float | None]) -> float | None:
    """The plain mean of the values that are there (objectives with status only left out); None without any."""
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def maintain_grade(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> float:
    """Share of the period's check-ins that kept a maintain result in bounds (its threshold in force on ``today``);
    0 with none."""
    kr = in_force(kr, today)
    points = [p for p in effective_checkins(kr, period, today, kpi) if period.contains(p.date)]
    if not points:
        return 0.0
    return sum(guard_in_bounds(kr, p.value) for p in points) / len(points)


def kr_grade(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> float:
    """Grade at period close: progress, or for a maintain result the share of check-ins in bounds (a closed key
    result: as on the day it was closed)."""
    closure = closure_on(kr, today)
    if in_force(kr, closure.on if closure else today).is_maintain:
        return maintain_grade(kr, period, closure.on if closure else today, kpi)
    return score_kr(kr, period, today, kpi).progress


def grade_colour(grade: float, thresholds: Thresholds = DEFAULT) -> str:
    """Grade colour: >= 0.7 green, >= 0.4 yellow, else red (the bands of ``thresholds``)."""
    if grade >= thresholds.green:
        return "green"
    return "yellow" if grade >= thresholds.yellow else "red"


@dataclass(frozen=True)
class ObjectiveScore:
    """An objective's standing: progress rolled up from key results or aligned children (None when they all weigh
    0 or have none themselves: the objective shows its status only)."""

    progress: float | None
    status: str
    expected: float


def score_objective(
    objective: Objective,
    kr_scores: Sequence[tuple[KeyResult, KrScore]],
    child_scores: Sequence[ObjectiveScore | tuple[float, ObjectiveScore]],
    today: date,
    thresholds: Thresholds = DEFAULT,
) -> ObjectiveScore:
    """The weighted mean of what it rolls up (:func:`rollup_sources`): its key results (dropped ones left out), its
    aligned children (each a score, weight 1, or ``(weight, score)``; those without progress left out), or both
    together; None when all of them weigh 0; with nothing to roll up, 0. The status is the worst of them all."""
    expected = Period.parse(objective.period).elapsed_share(today)
    krs = counted_krs(kr_scores)
    use_krs, use_children = rollup_sources(objective, bool(krs))
    parts: list[tuple[float, float | None, str]] = (
        [(kr.weight, score.progress, score.status) for kr, score in krs] if use_krs else []
    )
    if use_children:
        weighted = [child if isinstance(child, tuple) else (1.0, child) for child in child_scores]
        parts += [(weight, child.progress, child.status) for weight, child in weighted]
    if not parts:
        return ObjectiveScore(0.0, pace_status(expected, 0.0, thresholds), expected)
    progress = weighted_mean([(weight, value) for weight, value, _ in parts if value is not None])
    return ObjectiveScore(progress, worst_status(status for *_, status in parts) or "on-track", expected)


def latest_measurement(kpi: Kpi, today: date) -> tuple[str, float] | None:
    """The KPI's latest (date, value) on or before ``today``."""
    return kpi.latest_on(today.isoformat())


def kpi_health(kpi: Kpi, today: date, thresholds: Thresholds = DEFAULT) -> str:
    """green / amber / red against the target and warn in force on ``today``, ``stale`` past 1.5 × frequency (the
    stale factor of ``thresholds``), ``no-data`` without values."""
    latest = latest_measurement(kpi, today)
    if latest is None:
        return "no-data"
    day, value = latest
    if (today - date.fromisoformat(day)).days > thresholds.stale_factor * FREQUENCY_DAYS[kpi.frequency]:
        return "stale"
    return value_health(in_force(kpi, today), value)


def value_health(kpi: Kpi, value: float) -> str:
    """The colour of one value: meets target green, meets warn amber, else red (down mirrors up)."""
    meets = (lambda threshold: value >= threshold) if kpi.direction == "up" else (lambda threshold: value <= threshold)
    if meets(kpi.target):
        return "green"
    if kpi.warn is not None and meets(kpi.warn):
        return "amber"
    return "red"


def is_due(kr: KeyResult, score: KrScore, cadence: str, period: Period, today: date) -> bool:
    """A key result wants a check-in: its period is under way, it is open (not closed), not a finished milestone, and no
    check-in
    came within the cadence (with none at all, a full cadence after :func:`first_checkin_from`)."""
    if not period.start <= today <= period.end or closure_on(kr, today) is not None:
        return False
    if in_force(kr, today).kind == "milestone" and score.progress >= 1:
        return False
    since = score.latest.date if score.latest is not None else first_checkin_from(kr, period, today)
    return (today - since).days >= CADENCE_DAYS[cadence]
