"""Progress, pace, status, grades and KPI health: pure functions, exactly as DESIGN.md states them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective
from okrtui.domain.periods import Period
from okrtui.domain.targets import in_force
from okrtui.domain.vocab import STATUSES

FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}
"""How many days may pass between check-ins before a key result is due again."""

PACE_ON_TRACK_GAP = 0.15
PACE_AT_RISK_GAP = 0.30
STALE_FACTOR = 1.5
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


def confidence_status(confidence: int) -> str:
    """A 0..10 confidence as a status: >= 7 on-track, >= 4 at-risk, else off-track."""
    if confidence >= 7:
        return "on-track"
    return "at-risk" if confidence >= 4 else "off-track"


def pace_status(expected: float, progress: float) -> str:
    """Status from the gap between expected and actual progress."""
    gap = round(expected - progress, 9)  # 1.0 - 0.85 is 0.15000000000000002: the boundary must stay on-track
    if gap <= PACE_ON_TRACK_GAP:
        return "on-track"
    return "at-risk" if gap <= PACE_AT_RISK_GAP else "off-track"


def needs_attention(standing: str) -> bool:
    """Whether a key result status or a KPI health needs attention: at-risk, off-track, red or stale."""
    return standing in ATTENTION


def is_alarm(standing: str) -> bool:
    """Whether a key result status or a KPI health fails ``status --check``: off-track, red or stale."""
    return standing in ALARMS


def worst_status(statuses: Iterable[str]) -> str | None:
    """The worst of ``statuses``, or None when there are none."""
    ranked = [STATUSES.index(status) for status in statuses]
    return STATUSES[max(ranked)] if ranked else None


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

    @property
    def exceeded(self) -> bool:
        """The value went past the target."""
        return self.ratio is not None and self.ratio > 1

    @property
    def below_baseline(self) -> bool:
        """The value fell behind the start."""
        return self.ratio is not None and self.ratio < 0


def effective_checkins(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> list[CheckIn]:
    """The key result's history as of ``today``: its check-ins, and its KPI's measurements in the period."""
    points = [checkin for checkin in kr.checkins if checkin.date <= today]
    if kpi is not None:
        first, last = period.start.isoformat(), min(today, period.end).isoformat()
        author = f"KPI {kpi.key}"
        points.extend(
            CheckIn.model_construct(date=date.fromisoformat(day), value=value, confidence=None, note="", author=author)
            for day, value in kpi.between(first, last)
        )
    points.sort(key=lambda checkin: checkin.date)  # stable: same-day entries keep their order
    return points


def score_kr(
    kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None, points: list[CheckIn] | None = None
) -> KrScore:
    """Current value, progress, expected pace and status of ``kr`` on ``today``, against its definition in force that
    day (``points``: its effective check-ins, when the caller has them already)."""
    kr = in_force(kr, today)
    points = effective_checkins(kr, period, today, kpi) if points is None else points
    latest = points[-1] if points else None
    expected = period.elapsed_share(today)
    if kr.is_maintain:
        current = latest.value if latest else None
        ok = current is not None and in_bounds(kr.kind, kr.target, current)
        progress, ratio = (1.0 if ok else 0.0), None
        if current is None:  # no value yet is neither in nor out of bounds: like any kind without one, pace decides
            status = pace_status(expected, progress)
        else:
            status = "on-track" if ok else "off-track"
    else:
        current = latest.value if latest else kr.start
        ratio = raw_ratio(kr.start, kr.target, current)  # type: ignore[arg-type]
        progress = clamp(ratio)
        status = pace_status(expected, progress)
    if latest is not None and latest.confidence is not None:
        status = confidence_status(latest.confidence)
    return KrScore(current, ratio, progress, expected, status, latest)


def weighted_progress(pairs: Sequence[tuple[float, float]]) -> float:
    """``Σ wᵢ pᵢ / Σ wᵢ`` over (weight, progress) pairs; 0 when there are none."""
    total_weight = sum(weight for weight, _ in pairs)
    if not pairs or total_weight == 0:
        return 0.0
    return sum(weight * progress for weight, progress in pairs) / total_weight


def maintain_grade(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> float:
    """Share of the period's check-ins that kept a maintain result in bounds (its threshold in force on ``today``);
    0 with none."""
    kr = in_force(kr, today)
    points = [p for p in effective_checkins(kr, period, today, kpi) if period.contains(p.date)]
    if not points:
        return 0.0
    return sum(in_bounds(kr.kind, kr.target, p.value) for p in points) / len(points)


def kr_grade(kr: KeyResult, period: Period, today: date, kpi: Kpi | None = None) -> float:
    """Grade at period close: progress, or for a maintain result the share of check-ins in bounds."""
    if in_force(kr, today).is_maintain:
        return maintain_grade(kr, period, today, kpi)
    return score_kr(kr, period, today, kpi).progress


def grade_colour(grade: float) -> str:
    """Grade colour: >= 0.7 green, >= 0.4 yellow, else red."""
    if grade >= 0.7:
        return "green"
    return "yellow" if grade >= 0.4 else "red"


@dataclass(frozen=True)
class ObjectiveScore:
    """An objective's standing: progress rolled up from key results or aligned children."""

    progress: float
    status: str
    expected: float


def score_objective(
    objective: Objective,
    kr_scores: Sequence[tuple[KeyResult, KrScore]],
    child_scores: Sequence[ObjectiveScore],
    today: date,
) -> ObjectiveScore:
    """Weighted mean of key results; without any, the mean of aligned children; with neither, 0."""
    expected = Period.parse(objective.period).elapsed_share(today)
    if kr_scores:
        progress = weighted_progress([(kr.weight, score.progress) for kr, score in kr_scores])
        status = worst_status(score.status for _, score in kr_scores)
    elif child_scores:
        progress = sum(child.progress for child in child_scores) / len(child_scores)
        status = worst_status(child.status for child in child_scores)
    else:
        progress, status = 0.0, pace_status(expected, 0.0)
    return ObjectiveScore(progress, status or "on-track", expected)


def latest_measurement(kpi: Kpi, today: date) -> tuple[str, float] | None:
    """The KPI's latest (date, value) on or before ``today``."""
    return kpi.latest_on(today.isoformat())


def kpi_health(kpi: Kpi, today: date) -> str:
    """green / amber / red against the target and warn in force on ``today``, ``stale`` past 1.5 × frequency,
    ``no-data`` without values."""
    latest = latest_measurement(kpi, today)
    if latest is None:
        return "no-data"
    day, value = latest
    if (today - date.fromisoformat(day)).days > STALE_FACTOR * FREQUENCY_DAYS[kpi.frequency]:
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
    """A key result wants a check-in: its period is under way, it is not a finished milestone, and no check-in
    came within the cadence (with none at all, once the period has run for a full cadence)."""
    if not period.start <= today <= period.end:
        return False
    if in_force(kr, today).kind == "milestone" and score.progress >= 1:
        return False
    since = score.latest.date if score.latest is not None else period.start
    return (today - since).days >= CADENCE_DAYS[cadence]
