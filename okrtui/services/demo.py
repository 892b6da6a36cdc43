"""Believable sample data for ``okrtui init --demo``, built through the public services.

Everything is placed relative to ``ws.today`` (the current quarter's check-ins, a year of KPI history) and drawn from
a seeded generator, so the same day always gives the same file.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from datetime import date, timedelta

from okrtui.domain.models import Objective
from okrtui.domain.periods import Period
from okrtui.errors import BadInput
from okrtui.services import checkins, closures, kpis, measurements, okrs
from okrtui.services.workspace import Workspace


def weekly_dates(first: date, last: date) -> list[date]:
    """Every seventh day after ``first`` up to ``last``."""
    days, cursor = [], first + timedelta(days=7)
    while cursor <= last:
        days.append(cursor)
        cursor += timedelta(days=7)
    return days


def load_demo(ws: Workspace) -> None:
    """Fill an empty file with sample OKRs, initiatives and KPIs (one write)."""
    with ws.repo.transaction():
        if ws.repo.raw_all(Objective):
            raise BadInput(f"{ws.repo.path} already holds objectives: load the demo into a new file (--db)")
        rng = random.Random(20261)
        kpi_ids = _demo_kpis(ws, rng)
        _demo_okrs(ws, rng, kpi_ids)
        _demo_platform(ws, rng)
        _demo_year(ws, rng)
        ws.repo.journal_note(rows=None, demo=True)  # one entry for the demo, not its KPI imports' row count


def _as(ws: Workspace, name: str) -> Workspace:
    return dataclasses.replace(ws, actor=name)


def _demo_kpis(ws: Workspace, rng: random.Random) -> dict[str, str]:
    specs = [
        # name, key, unit, direction, target, warn, frequency, owner, perspective, start, end, noise, step days
        (
            "Monthly recurring revenue",
            "mrr",
            "$",
            "up",
            200_000,
            170_000,
            "weekly",
            "maria",
            "financial",
            141_000,
            182_000,
            1_800,
            7,
        ),
        ("Conversion rate", "conversion", "%", "up", 9, 8, "weekly", "alice", "customer", 8.4, 9.4, 0.25, 7),
        ("Customer churn", "churn", "%", "down", 2, 3, "monthly", "erik", "customer", 3.4, 2.6, 0.15, 30),
        ("First response time", "first-response", "h", "down", 4, 8, "daily", "erik", "internal", 9.5, 5.2, 0.6, 1),
        ("Demo sign-ups", "demo-signups", "", "up", 200, 150, "monthly", "chen", "customer", 95, 150, 6, 30),
    ]
    ids = {}
    for name, key, unit, direction, target, warn, frequency, owner, perspective, first, last, noise, step in specs:
        kpi = kpis.add_kpi(
            _as(ws, owner),
            name,
            key=key,
            unit=unit,
            direction=direction,
            target=target,
            warn=warn,
            frequency=frequency,
            owner=owner,
            perspective=perspective,
        )
        ids[key] = kpi.id
        days = [ws.today - timedelta(days=offset) for offset in range(364, -1, -step)]
        rows = []
        for index, day in enumerate(days):
            share = index / max(1, len(days) - 1)
            value = first + (last - first) * share + rng.gauss(0, noise)
            rows.append((index + 1, key, day.isoformat(), round(value, 2 if abs(last) < 100 else 0)))
        measurements.import_rows(_as(ws, owner), rows)
    return ids


def _checkins(
    ws: Workspace, kr_id: str, author: str, values: Sequence[tuple[date, float]], notes: dict[int, tuple]
) -> None:
    for index, (day, value) in enumerate(values):
        confidence, note = notes.get(index, (None, ""))
        checkins.checkin(_as(ws, author), kr_id, value, confidence=confidence, note=note, day=day.isoformat())


def _series(
    period: Period,
    days: list[date],
    start: float,
    end: float,
    pace: float,
    rng: random.Random,
    noise: float,
    digits: int,
) -> list[tuple[date, float]]:
    """Values moving from start towards end at ``pace`` times the period's elapsed share, with noise."""
    values = []
    for day in days:
        share = period.elapsed_share(day)
        value = start + (end - start) * share * pace + rng.gauss(0, noise)
        values.append((day, round(value, digits) if digits else round(value)))
    return values


def _demo_okrs(ws: Workspace, rng: random.Random, kpi_ids: dict[str, str]) -> None:
    period = ws.default_period
    days = weekly_dates(period.start, ws.today)
    last = len(days) - 1
    added = dataclasses.replace(ws, today=period.start)  # the key results were set when the quarter began

    company = okrs.add_objective(
        _as(ws, "maria"),
        "Become the go-to platform for mid-market sales teams",
        owner="maria",
        description="Mid-market deals close twice as fast as enterprise ones; winning them funds next year.",
        perspective="customer",
    )
    sales = okrs.add_objective(
        _as(ws, "alice"),
        "Shorten the sales lifecycle",
        owner="alice",
        team="Sales",
        parent=company.id,
        description="Long cycles tie up the team and let competitors in late. Buyers told us why they stall.",
        perspective="financial",
    )
    cycle = okrs.add_kr(added, sales.id, "Average sales cycle", start=59, target=38, unit="days", weight=2)
    _checkins(
        ws,
        cycle.id,
        "alice",
        _series(period, days, 59, 38, 0.95, rng, 0.6, 0),
        {
            0: (8, "Mutual action plans rolled out to the whole team"),
            last: (7, "Two slow legal reviews pulled the average up"),
        },
    )
    conversion = okrs.add_kr(
        added, sales.id, "Keep conversion at 9% or better", at_least=9, unit="%", kpi=kpi_ids["conversion"], weight=1
    )
    acv = okrs.add_kr(added, sales.id, "Keep average contract value at $8,000", at_least=8000, unit="$", weight=1)
    acv_values = [(day, 8000 + round(rng.gauss(350, 250))) for day in days]
    if acv_values:
        acv_values[-1] = (acv_values[-1][0], 7850)
    _checkins(ws, acv.id, "bob", acv_values, {last: (5, "Discounts crept in to close before quarter end")})
    okrs.add_initiative(
        _as(ws, "alice"),
        cycle.id,
        "Mutual action plans for every deal over $5k",
        owner="alice",
        status="done",
        due=str(period.start + timedelta(days=20)),
    )
    okrs.add_initiative(
        _as(ws, "alice"),
        cycle.id,
        "Pre-approved security questionnaire",
        owner="bob",
        status="doing",
        due=str(period.end - timedelta(days=30)),
    )
    okrs.add_initiative(
        _as(ws, "alice"),
        conversion.id,
        "Qualify leads with the new scoring model",
        owner="alice",
        status="blocked",
        due=str(period.end - timedelta(days=20)),
    )

    personal = okrs.add_objective(
        _as(ws, "bob"),
        "Close five enterprise deals myself",
        owner="bob",
        team="Sales",
        parent=sales.id,
        level="personal",
    )
    deals = okrs.add_kr(added, personal.id, "Enterprise deals closed", start=0, target=5, unit="deals")
    _checkins(ws, deals.id, "bob", [(day, min(5, round(5 * period.elapsed_share(day) * 0.7))) for day in days], {})
    pricing = okrs.add_kr(added, personal.id, "Enterprise pricing page live", milestone=True)
    if days:
        checkins.checkin(
            _as(ws, "bob"),
            pricing.id,
            "done",
            confidence="on-track",
            note="Shipped with marketing",
            day=days[min(2, last)].isoformat(),
        )

    people = okrs.add_objective(
        _as(ws, "dana"),
        "Improve employee well-being",
        owner="dana",
        team="People",
        parent=company.id,
        description="Burn-out showed up in exit interviews twice last quarter.",
        perspective="learning",
    )
    enps = okrs.add_kr(added, people.id, "Employee NPS", start=12, target=30, unit="pts")
    _checkins(
        ws,
        enps.id,
        "dana",
        _series(period, days, 12, 30, 0.55, rng, 0.8, 0),
        {last: (5, "Survey response rate fell to 61%")},
    )
    sick = okrs.add_kr(
        added, people.id, "Sick days per person per month at most 1.5", at_most=1.5, unit="days", weight=1
    )
    _checkins(ws, sick.id, "dana", [(day, round(1.2 + rng.gauss(0, 0.2), 1)) for day in days[::2]], {})
    okrs.add_kr(added, people.id, "Launch the no-meeting Friday pilot", milestone=True)

    marketing = okrs.add_objective(
        _as(ws, "chen"),
        "Grow demo sign-ups from the mid-market",
        owner="chen",
        team="Marketing",
        parent=company.id,
        perspective="customer",
    )
    signups = okrs.add_kr(added, marketing.id, "Demo sign-ups per month", start=120, target=200, weight=2)
    _checkins(ws, signups.id, "chen", _series(period, days, 120, 200, 0.9, rng, 3, 0), {0: (7, "")})
    webinar = okrs.add_kr(added, marketing.id, "Webinar attendees per session", start=40, target=120)
    quiet = days[:-2]  # chen stopped checking in two weeks ago: the lead's Due view shows it
    _checkins(
        ws,
        webinar.id,
        "chen",
        _series(period, quiet, 40, 120, 0.35, rng, 4, 0),
        {len(quiet) - 1: (3, "Two webinars cancelled; speaker line-up thin")},
    )
    for title, owner, status, offset in [
        ("Webinar series with two partners", "chen", "doing", 45),
        ("Redesign the pricing page for teams of 20-200", "gwen", "todo", 70),
        ("Collect 50 new G2 reviews", "gwen", "done", 25),
    ]:
        okrs.add_initiative(
            _as(ws, "chen"),
            marketing.id,
            title,
            owner=owner,
            status=status,
            due=str(period.start + timedelta(days=offset)),
        )


def _demo_platform(ws: Workspace, rng: random.Random) -> None:
    """An objective that shows issue 12's scoring: a range guard, commit and stretch levels with a phased plan, a key
    result past its own due date, a dropped one and one added today (pending)."""
    period = ws.default_period
    days = weekly_dates(period.start, ws.today)
    added = dataclasses.replace(_as(ws, "erik"), today=period.start)
    platform = okrs.add_objective(
        _as(ws, "erik"),
        "Make onboarding fast and reliable",
        owner="erik",
        team="Platform",
        description="New teams give up when the first week is slow; support tickets say so.",
        perspective="internal",
    )
    latency = okrs.add_kr(added, platform.id, "p95 API latency in bounds", between=(120, 250), unit="ms")
    _checkins(ws, latency.id, "erik", [(day, round(rng.uniform(160, 235))) for day in days], {})
    third = period.start + (period.end - period.start) / 3
    plan = f"{third.isoformat()}:48,{(third + (period.end - period.start) / 3).isoformat()}:58"
    onboarding = okrs.add_kr(
        added,
        platform.id,
        "Teams finishing onboarding in a week",
        start=40,
        target=70,
        unit="%",
        commit=60,
        stretch=80,
        plan=plan,
    )
    _checkins(ws, onboarding.id, "erik", _series(period, days, 40, 70, 1.05, rng, 1, 0), {})
    if period.start + timedelta(days=46) < ws.today:
        migration = okrs.add_kr(
            added,
            platform.id,
            "Billing moved to the new provider",
            milestone=True,
            due=(period.start + timedelta(days=45)).isoformat(),
        )
        checkins.checkin(
            _as(ws, "erik"),
            migration.id,
            "not-done",
            confidence="off-track",
            note="Vendor contract still in legal",
            day=days[min(5, len(days) - 1)].isoformat() if days else None,
        )
    spend = okrs.add_kr(added, platform.id, "Cloud spend per month", start=100, target=85, unit="k$")
    _checkins(ws, spend.id, "erik", _series(period, days[:3], 100, 85, 0.8, rng, 1, 0), {})
    closures.close_kr(_as(ws, "erik"), spend.id, "dropped", note="Replaced by the reserved-instances deal")
    okrs.add_kr(_as(ws, "erik"), platform.id, "Error budget policy adopted", milestone=True)  # added today: pending


def _demo_year(ws: Workspace, rng: random.Random) -> None:
    """A whole-year objective (``y`` shows it with the quarters') and a KPI target set ahead for the next quarter."""
    year = Period.parse(str(ws.today.year))
    company = okrs.add_objective(
        _as(ws, "maria"),
        "Double mid-market revenue this year",
        owner="maria",
        period=str(year),
        perspective="financial",
    )
    arr = okrs.add_kr(
        dataclasses.replace(_as(ws, "maria"), today=year.start),
        company.id,
        "Mid-market annual recurring revenue",
        start=2.0,
        target=4.0,
        unit="M$",
    )
    quarters = [day for day in (date(year.year, month, 28) for month in (3, 6, 9)) if day <= ws.today]
    values = [(day, round(2.0 + 0.45 * (n + 1) + rng.gauss(0, 0.05), 2)) for n, day in enumerate(quarters)]
    _checkins(ws, arr.id, "maria", values, {})
    next_quarter = ws.default_period.end + timedelta(days=1)
    kpis.set_target(_as(ws, "maria"), "mrr", target=220_000, begins=next_quarter.isoformat())
