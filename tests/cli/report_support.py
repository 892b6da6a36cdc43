"""Helpers of the report tests (test_cli_report_*.py): DESIGN.md "Semantics" redone from the raw data file (never
by asking the report code), and readers of the Markdown report."""

from __future__ import annotations

import json
import re
from datetime import date

NOW = "2026-11-22"
PAST = "2026-11-08"
Q4_START, Q4_END = date(2026, 10, 1), date(2026, 12, 31)
FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
STATUS_WORDS = ("on-track", "at-risk", "off-track")
SHOWCASE = {"O-6"}
"""The demo's objective of issue 12's concepts (a range guard, commit and stretch with a plan, a key result past its
own due date, a dropped one, a pending one): its arithmetic is pinned by the tests of each concept
(test_cli_guardrails.py, test_cli_kr_windows.py, test_cli_close_rollup.py, test_cli_pending.py); this oracle redoes
DESIGN.md's first-round semantics on the other five."""


# -- O-6, worked out by hand from docs/scoring.md and its raw records (never by the oracle or okrtui) ------------------
#
# O-6 "Make onboarding fast and reliable" (erik, team Platform, weekly, no parent: a root after O-1's tree). Its key
# results, all but KR-15 `created` 2026-10-01:
#   KR-11 range 120..250 ms, weight 0, checked in weekly 10-08 .. 11-19 (202 on 11-05 and on 11-19);
#   KR-12 increase 40 → 70 %, commit 60, stretch 80, plan 10-31: 48, 11-30: 58; 53 on 11-05, 54 on 11-12, 59 on 11-19;
#   KR-13 milestone due 2026-11-15, one check-in: not done on 11-12, confidence off-track;
#   KR-14 decrease 100 → 85 k$, last check-in 98 on 10-22, dropped on 2026-11-22 (frozen value 98);
#   KR-15 milestone added 2026-11-22, never checked in.
# As of 2026-11-22 (period expected 52/91 = 0.5714):
#   KR-11 202 in 120..250: 1.0, on-track; weight 0, so it counts toward O-6's status only.
#   KR-12 (59 − 40) / 30 = 19/30 = 0.6333, below the commit's own ratio 20/30 (below-commit); the plan expects
#     8/30 + 22/30 × (18/30 − 8/30) = 0.5111 on Nov 22: gap < 0, on-track.
#   KR-13 past its due date (11-15) and not done: off-track, 0.0 (its check-in's confidence, off-track, says so
#     too: this record does not tell the due-date rule from the confidence rule); last check-in 11-12, 10 days: due.
#   KR-14 dropped: status `dropped`, progress from the frozen 98: 2/15 = 0.1333; left out of O-6's progress, of the
#     attention list and of the due list.
#   KR-15 added today, no value, its first check-in due only on 11-29: pending, 0.0, neither flagged nor due.
#   O-6 = (19/30 + 0 + 0) / 3 (KR-12, KR-13, KR-15 weigh 1) = 19/90 = 0.2111 (21 %); its status the worst: off-track.
#   A week before (11-15): KR-12 at 54: 14/30; KR-13 0 (not past due on its due day); KR-14 still open at 98: 2/15;
#     KR-15 (asked about before it was added: judged as before) 0; (14/30 + 4/30) / 4 = 0.15: +6.11 pts (+6).
# As of 2026-11-08 (expected 38/91 = 0.4176; a week before, 11-01):
#   KR-11 202 (11-05): 1.0, on-track. KR-12 53: 13/30 = 0.4333, below-commit; the plan expects
#     8/30 + 8/30 × 10/30 = 0.3556: on-track.
#   KR-13 no check-in yet: 0.0; its own window Oct 1 .. Nov 15 expects 38/45 = 0.8444: gap > 0.30, off-track; never
#     checked in, 38 days since Oct 1: due.
#   KR-14 open then, at 98: 2/15 = 0.1333; gap 0.4176 − 0.1333 = 0.2842 ≤ 0.30: at-risk; last 10-22, 17 days: due.
#   KR-15 asked about before the day it was added: judged by the pace as before (no pending), 0.0, gap 0.4176:
#     off-track; its first check-in counted from the period's first day: 38 days, due, never checked in.
#   O-6 = (13/30 + 0 + 4/30 + 0) / 4 = 17/120 = 0.1417 (14 %), off-track; on 11-01 KR-12 at 50 (10-29): 10/30, so
#     (10/30 + 4/30) / 4 = 14/120 = 0.1167: a change of 3/120 = 2.5 pts, which the report's round() shows as +2
#     (in floating point the difference is 2.4999…).

SHOWCASE_OBJECTIVE = {"id": "O-6", "title": "Make onboarding fast and reliable", "owner": "erik", "team": "Platform"}
SHOWCASE_PROGRESS = {NOW: (19 / 90, 0.15), PAST: (17 / 120, 14 / 120)}
"""O-6's progress on the day and a week before (its status is off-track on both days)."""
SHOWCASE_TITLES = {
    "KR-11": "p95 API latency in bounds",
    "KR-12": "Teams finishing onboarding in a week",
    "KR-13": "Billing moved to the new provider",
    "KR-14": "Cloud spend per month",
    "KR-15": "Error budget policy adopted",
}
SHOWCASE_KRS = {
    # (id, kind, value, target, unit, progress, status, latest note, ratio, zone)
    NOW: [
        ("KR-11", "range", 202, 250, "ms", 1.0, "on-track", "", None, None),
        ("KR-12", "increase", 59, 70, "%", 19 / 30, "on-track", "", 19 / 30, "below-commit"),
        ("KR-13", "milestone", 0, 1, "", 0.0, "off-track", "Vendor contract still in legal", 0.0, None),
        ("KR-14", "decrease", 98, 85, "k$", 2 / 15, "dropped", "", 2 / 15, None),
        ("KR-15", "milestone", 0, 1, "", 0.0, "pending", "", 0.0, None),
    ],
    PAST: [
        ("KR-11", "range", 202, 250, "ms", 1.0, "on-track", "", None, None),
        ("KR-12", "increase", 53, 70, "%", 13 / 30, "on-track", "", 13 / 30, "below-commit"),
        ("KR-13", "milestone", 0, 1, "", 0.0, "off-track", "", 0.0, None),
        ("KR-14", "decrease", 98, 85, "k$", 2 / 15, "at-risk", "", 2 / 15, None),
        ("KR-15", "milestone", 0, 1, "", 0.0, "off-track", "", 0.0, None),
    ],
}
SHOWCASE_ATTENTION = {
    NOW: [("KR-13", "off-track")],
    PAST: [("KR-13", "off-track"), ("KR-14", "at-risk"), ("KR-15", "off-track")],
}
"""O-6's key results not on-track (neither pending nor dropped ones call for attention), in order."""
SHOWCASE_DUE = {
    NOW: [("KR-13", "2026-11-12")],
    PAST: [("KR-13", None), ("KR-14", "2026-10-22"), ("KR-15", None)],
}
"""O-6's key results due for a check-in: (id, last check-in or None for never)."""


# -- DESIGN.md "Semantics", redone from the raw file ------------------------------------------------------------------


class Raw:
    """The demo file's records and the arithmetic of DESIGN.md on them, as of one day."""

    def __init__(self, data: dict) -> None:
        objectives = [o for o in data["objectives"].values() if o["period"] == "2026-Q4" and o["id"] not in SHOWCASE]
        self.objectives = sorted(objectives, key=lambda o: int(o["id"][2:]))
        shown = {objective["id"] for objective in self.objectives}
        krs = [kr for kr in data["key_results"].values() if kr["objective"] in shown]
        self.krs = sorted(krs, key=lambda k: int(k["id"][3:]))
        self.kpis = sorted(data["kpis"].values(), key=lambda k: int(k["id"][2:]))
        self.kpi_by_id = {kpi["id"]: kpi for kpi in self.kpis}

    def krs_of(self, objective_id: str) -> list[dict]:
        return [kr for kr in self.krs if kr["objective"] == objective_id]

    def children_of(self, objective_id: str) -> list[dict]:
        return [o for o in self.objectives if o.get("parent") == objective_id]

    def tree(self) -> list[dict]:
        """Objectives depth-first under their parents."""
        ordered: list[dict] = []

        def walk(parent):
            for objective in self.objectives:
                if objective.get("parent") == parent:
                    ordered.append(objective)
                    walk(objective["id"])

        walk(None)
        return ordered

    @staticmethod
    def expected(day: str) -> float:
        d = date.fromisoformat(day)
        if d <= Q4_START:
            return 0.0
        if d >= Q4_END:
            return 1.0
        return (d - Q4_START).days / (Q4_END - Q4_START).days

    def points(self, kr: dict, day: str) -> list[dict]:
        """The key result's check-ins on or before ``day``, with its KPI's measurements in Q4 up to ``day``."""
        found = [c for c in kr.get("checkins", []) if c["date"] <= day]
        if kr.get("kpi"):
            history = self.kpi_by_id[kr["kpi"]]["history"]
            found += [{"date": d, "value": v, "note": ""} for d, v in history.items() if "2026-10-01" <= d <= day]
        return sorted(found, key=lambda c: c["date"])

    def current(self, kr: dict, day: str):
        found = self.points(kr, day)
        if found:
            return found[-1]["value"]
        return None if kr["kind"] in ("at-least", "at-most") else kr["start"]

    def progress(self, kr: dict, day: str) -> float:
        value = self.current(kr, day)
        if kr["kind"] == "milestone":
            return 1.0 if value == 1 else 0.0
        if kr["kind"] in ("at-least", "at-most"):
            if value is None:
                return 0.0
            ok = value >= kr["target"] if kr["kind"] == "at-least" else value <= kr["target"]
            return 1.0 if ok else 0.0
        return max(0.0, min(1.0, (value - kr["start"]) / (kr["target"] - kr["start"])))

    def status(self, kr: dict, day: str) -> str:
        found = self.points(kr, day)
        confidence = found[-1].get("confidence") if found else None
        if confidence is not None:
            return "on-track" if confidence >= 7 else "at-risk" if confidence >= 4 else "off-track"
        progress = self.progress(kr, day)
        if kr["kind"] in ("at-least", "at-most"):
            return "on-track" if progress == 1.0 else "off-track"
        gap = self.expected(day) - progress
        return "on-track" if gap <= 0.15 + 1e-9 else "at-risk" if gap <= 0.30 + 1e-9 else "off-track"

    def objective_progress(self, objective: dict, day: str) -> float:
        krs = self.krs_of(objective["id"])
        if krs:
            total = sum(kr["weight"] for kr in krs)
            return sum(kr["weight"] * self.progress(kr, day) for kr in krs) / total
        children = self.children_of(objective["id"])
        if children:
            return sum(self.objective_progress(child, day) for child in children) / len(children)
        return 0.0

    def objective_status(self, objective: dict, day: str) -> str:
        krs = self.krs_of(objective["id"])
        statuses = (
            [self.status(kr, day) for kr in krs]
            if krs
            else [self.objective_status(child, day) for child in self.children_of(objective["id"])]
        )
        return max(statuses, key=STATUS_WORDS.index)

    def latest_note(self, kr: dict, day: str) -> str:
        """The newest check-in's note, or "" when it has none (an older note is not shown)."""
        points = self.points(kr, day)
        return (points[-1].get("note") or "") if points else ""

    def due(self, day: str) -> list[tuple[dict, str | None]]:
        """(key result, date of its last check-in) of every key result with no check-in within a week."""
        found = []
        for objective in self.tree():
            assert objective["cadence"] == "weekly" and objective["state"] == "active"
            for kr in self.krs_of(objective["id"]):
                if kr["kind"] == "milestone" and self.progress(kr, day) == 1.0:
                    continue
                points = self.points(kr, day)
                since = points[-1]["date"] if points else "2026-10-01"
                if (date.fromisoformat(day) - date.fromisoformat(since)).days >= 7:
                    found.append((kr, points[-1]["date"] if points else None))
        return found

    def kpi_latest(self, kpi: dict, day: str) -> tuple[str, float] | None:
        days = sorted(d for d in kpi["history"] if d <= day)
        return (days[-1], kpi["history"][days[-1]]) if days else None

    def kpi_health(self, kpi: dict, day: str) -> str:
        latest = self.kpi_latest(kpi, day)
        if latest is None:
            return "no-data"
        when, value = latest
        if (date.fromisoformat(day) - date.fromisoformat(when)).days > 1.5 * FREQUENCY_DAYS[kpi["frequency"]]:
            return "stale"
        meets = (lambda t: value >= t) if kpi["direction"] == "up" else (lambda t: value <= t)
        if meets(kpi["target"]):
            return "green"
        return "amber" if kpi.get("warn") is not None and meets(kpi["warn"]) else "red"

    def kpi_trend(self, kpi: dict, day: str) -> str:
        days = sorted(d for d in kpi["history"] if d <= day)[-2:]
        if len(days) < 2:
            return "→"
        before, after = kpi["history"][days[0]], kpi["history"][days[1]]
        if abs(after - before) <= 0.01 * abs(before):
            return "→"
        return "↑" if after > before else "↓"


def week_before(day: str) -> str:
    """The day seven days before ``day``."""
    return date.fromordinal(date.fromisoformat(day).toordinal() - 7).isoformat()


def shown(value, unit: str = "") -> str:
    """How a number reads in the report: thousands separated, ``$`` before, ``%`` after, other units after a space
    (``1 day``, not ``1 days``)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    if abs(value) == 1 and unit == "days":
        unit = "day"
    if unit == "$":
        return "$" + text
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def value_cell(raw: Raw, kr: dict, day: str) -> str:
    """A key result's value as the report's table shows it on ``day``."""
    if kr["kind"] == "milestone":
        return "done" if raw.current(kr, day) == 1 else "not done"
    return shown(raw.current(kr, day), kr.get("unit", ""))


def target_cell(kr: dict) -> str:
    """A key result's target as the report's table shows it."""
    if kr["kind"] == "milestone":
        return "done"
    sign = {"at-least": "≥ ", "at-most": "≤ "}.get(kr["kind"], "")
    return sign + shown(kr["target"], kr.get("unit", ""))


def moved(now: float, before: float) -> str:
    """The week's change of progress, in points, as the report words it."""
    change = round((now - before) * 100)
    return f"{change:+d} pts this week" if change else "no change this week"


# -- reading the Markdown ---------------------------------------------------------------------------------------------

HEADLINE = re.compile(r"^\*\*(\d+)%\*\* \(([^)]*)\) · \S+ (on-track|at-risk|off-track)(?: · (.*))?$")


def sections(markdown: str) -> dict[str, list[str]]:
    """The lines under each ``## `` heading, keyed by the heading's text."""
    found: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif current is not None and line.strip():
            found[current].append(line)
    return found


def cells(line: str) -> list[str]:
    """The cells of one Markdown table row."""
    assert line.startswith("|") and line.endswith("|"), line
    return [cell.strip() for cell in line.split("|")[1:-1]]


def table_rows(lines: list[str]) -> list[list[str]]:
    """The body rows of the Markdown table among ``lines`` (no header, no rule)."""
    rows = [cells(line) for line in lines if line.startswith("|")]
    assert len(rows) >= 2 and set("".join(rows[1])) <= set("-"), rows[:2]
    return rows[2:]


def objective_section(markdown: str, objective: dict) -> tuple[re.Match, dict[str, list[str]]]:
    """(the headline match, {KR id: its table cells}) of one objective."""
    lines = sections(markdown)[f"{objective['id']} {objective['title']}"]
    headline = HEADLINE.match(lines[0])
    assert headline, lines[0]
    rows = {row[0].split(" ")[0]: row for row in table_rows(lines[1:])} if len(lines) > 1 else {}
    return headline, rows


def report_md(run, day: str) -> str:
    """The Markdown report as of ``day`` (it must succeed quietly)."""
    result = run("report", today=day)
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


def load_demo(run, db) -> dict:
    """Make this test's data file the demo as of 2026-11-22; the file parsed."""
    run.ok("init", "--demo")
    return json.loads(db.read_text(encoding="utf-8"))
