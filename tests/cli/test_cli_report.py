"""``okrtui report`` on the demo data, as of two dates, and the status colours people trust (issue 4).

The demo (``init --demo`` with --today 2026-11-22) is deterministic. Every expected figure here is worked out from the
raw check-ins and KPI measurements in the data file, with the rules of DESIGN.md "Semantics" redone in this module
(never by asking the report code), and the key lines are also pinned by hand:

As of 2026-11-22 (2026-Q4, 52 of 91 days elapsed, expected 0.5714; a week before, 45/91 = 0.4945):
- KR-1 decrease 59 → 38 at 48 (2026-11-19): (59 − 48) / 21 = 0.5238; a week before at 50: 9 / 21 = 0.4286.
- KR-2 at-least 9, fed by the KPI conversion at 9.3 (2026-11-22): in bounds, 1.0 (a week before 9.41: 1.0).
- KR-3 at-least 8000 at 7850: 0.0, confidence 5 → at-risk (a week before 8263: 1.0).
- O-2 = (2 × 0.5238 + 1 + 0) / 4 = 0.5119 → 51 %; a week before (2 × 0.4286 + 1 + 1) / 4 = 0.7143: −20 pts.
- O-1 has no key results: the mean of its children O-2, O-4, O-5 (O-3 aligns to O-2).
- Not checked in: KR-8 (dana's milestone, never) and KR-10 (chen, last 2026-11-05, 17 days ago).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

NOW = "2026-11-22"
PAST = "2026-11-08"
Q4_START, Q4_END = date(2026, 10, 1), date(2026, 12, 31)
FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
STATUS_WORDS = ("on-track", "at-risk", "off-track")


# -- the demo file ----------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(run, db) -> dict:
    """This test's data file holds the demo made as of 2026-11-22; returns the file parsed."""
    run.ok("init", "--demo")
    return json.loads(db.read_text(encoding="utf-8"))


# -- DESIGN.md "Semantics", redone from the raw file ------------------------------------------------------------------


class Raw:
    """The demo file's records and the arithmetic of DESIGN.md on them, as of one day."""

    def __init__(self, data: dict) -> None:
        self.objectives = sorted(data["objectives"].values(), key=lambda o: int(o["id"][2:]))
        self.krs = sorted(data["key_results"].values(), key=lambda k: int(k["id"][3:]))
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
        statuses = ([self.status(kr, day) for kr in krs] if krs
                    else [self.objective_status(child, day) for child in self.children_of(objective["id"])])
        return max(statuses, key=STATUS_WORDS.index)

    def latest_note(self, kr: dict, day: str) -> str:
        notes = [c["note"] for c in self.points(kr, day) if c.get("note")]
        return notes[-1] if notes else ""

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
    return date.fromordinal(date.fromisoformat(day).toordinal() - 7).isoformat()


def shown(value, unit: str = "") -> str:
    """How a number reads in the report: thousands separated, ``$`` before, ``%`` after, other units after a space."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    if unit == "$":
        return "$" + text
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def value_cell(raw: Raw, kr: dict, day: str) -> str:
    if kr["kind"] == "milestone":
        return "done" if raw.current(kr, day) == 1 else "not done"
    return shown(raw.current(kr, day), kr.get("unit", ""))


def target_cell(kr: dict) -> str:
    if kr["kind"] == "milestone":
        return "done"
    sign = {"at-least": "≥ ", "at-most": "≤ "}.get(kr["kind"], "")
    return sign + shown(kr["target"], kr.get("unit", ""))


def moved(now: float, before: float) -> str:
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
    result = run("report", today=day)
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


# -- the Markdown, every figure checked against the raw file ----------------------------------------------------------


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_title_names_the_period_and_the_day(run, demo, day):
    assert report_md(run, day).splitlines()[0] == f"# OKR check-in 2026-Q4, as of {day}"


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_objective_progress_change_and_status(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    assert len(raw.objectives) == 5
    for objective in raw.objectives:
        headline, _ = objective_section(markdown, objective)
        now, before = raw.objective_progress(objective, day), raw.objective_progress(objective, week_before(day))
        assert int(headline.group(1)) == round(now * 100), objective["id"]
        assert headline.group(2) == moved(now, before), objective["id"]
        assert headline.group(3) == raw.objective_status(objective, day), objective["id"]
        owner_team = [part for part in (objective["owner"], objective["team"]) if part]
        assert headline.group(4) == " · ".join(owner_team), objective["id"]


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_key_results_value_target_progress_status_and_latest_note(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    seen = []
    for objective in raw.objectives:
        _, rows = objective_section(markdown, objective)
        assert list(rows) == [kr["id"] for kr in raw.krs_of(objective["id"])]
        for kr in raw.krs_of(objective["id"]):
            title, value, target, progress, status, note = rows[kr["id"]]
            assert title == f"{kr['id']} {kr['title']}"
            assert value == value_cell(raw, kr, day), kr["id"]
            assert target == target_cell(kr), kr["id"]
            assert progress == f"{round(raw.progress(kr, day) * 100)}%", kr["id"]
            assert status.split(" ")[-1] == raw.status(kr, day), kr["id"]
            assert note == raw.latest_note(kr, day), kr["id"]
            seen.append(kr["id"])
    assert seen == [f"KR-{n}" for n in range(1, 11)]


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_kpis_health_and_trend(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    rows = table_rows(sections(markdown)["KPIs"])
    assert [row[0] for row in rows] == [f"{kpi['name']} ({kpi['key']})" for kpi in raw.kpis]
    for row, kpi in zip(rows, raw.kpis, strict=True):
        _, latest_cell, target, health, trend = row
        _, latest = raw.kpi_latest(kpi, day)
        assert latest_cell == shown(latest, kpi["unit"]), kpi["key"]
        assert target == shown(kpi["target"], kpi["unit"]), kpi["key"]
        assert health.split(" ")[-1] == raw.kpi_health(kpi, day), kpi["key"]
        assert trend == raw.kpi_trend(kpi, day), kpi["key"]


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_needs_attention_lists_every_key_result_not_on_track(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    expected = [
        f"- {kr['id']} {kr['title']}: {raw.status(kr, day)} ({objective['id']}, {objective['owner']})"
        for objective in raw.tree() for kr in raw.krs_of(objective["id"]) if raw.status(kr, day) != "on-track"
    ]
    assert expected, "the demo always has something that needs attention"
    assert sections(markdown)["Needs attention"] == expected


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_lists_who_has_not_checked_in(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    owner = {o["id"]: o["owner"] for o in raw.objectives}
    expected = []
    for kr, last in raw.due(day):
        when = "never" if last is None else (
            f"last {last} ({(date.fromisoformat(day) - date.fromisoformat(last)).days} days ago)")
        expected.append(f"- {owner[kr['objective']]}: {kr['id']} {kr['title']}, {when}")
    assert sections(markdown)["Not checked in"] == expected


# -- the Markdown, key lines pinned by hand ---------------------------------------------------------------------------


def test_demo_raw_check_ins_are_what_the_pinned_figures_assume(demo):
    raw = Raw(demo)
    kr = {k["id"]: k for k in raw.krs}
    assert [kr["KR-1"][field] for field in ("kind", "start", "target", "weight")] == ["decrease", 59, 38, 2]
    assert [(c["date"], c["value"]) for c in kr["KR-1"]["checkins"]][-3:] == [
        ("2026-11-05", 51), ("2026-11-12", 50), ("2026-11-19", 48)]
    assert kr["KR-2"]["kpi"] == "K-2" and raw.kpi_by_id["K-2"]["key"] == "conversion"
    assert [c["date"] for c in kr["KR-10"]["checkins"]][-1] == "2026-11-05"
    assert kr["KR-8"]["kind"] == "milestone" and not kr["KR-8"].get("checkins")


def test_markdown_as_of_2026_11_22_pinned(run, demo):
    markdown = report_md(run, NOW)
    parts = sections(markdown)
    headlines = {key.split(" ")[0]: lines[0] for key, lines in parts.items() if key.startswith("O-")}
    assert {key: HEADLINE.match(line).group(1, 2, 3) for key, line in headlines.items()} == {
        "O-1": ("44", "-3 pts this week", "off-track"),  # (0.5119 + 0.4259 + 0.3958) / 3
        "O-2": ("51", "-20 pts this week", "at-risk"),  # (2 × 11/21 + 1 + 0) / 4 vs (2 × 9/21 + 1 + 1) / 4
        "O-3": ("70", "no change this week", "at-risk"),  # (2/5 + 1) / 2, also a week ago
        "O-4": ("43", "+2 pts this week", "off-track"),  # (5/18 + 1 + 0) / 3 vs (4/18 + 1 + 0) / 3
        "O-5": ("40", "+11 pts this week", "off-track"),  # (2 × 43/80 + 9/80) / 3 vs (2 × 30/80 + 9/80) / 3
    }
    rows = {row[0].split(" ")[0]: row[1:] for key, lines in parts.items() if key.startswith("O-")
            for row in (table_rows(lines[1:]) if len(lines) > 1 else [])}
    assert rows["KR-1"][:3] == ["48 days", "38 days", "52%"]  # (59 − 48) / 21
    assert rows["KR-1"][3].endswith("on-track") and rows["KR-1"][4] == "Two slow legal reviews pulled the average up"
    assert rows["KR-2"][:3] == ["9.3%", "≥ 9%", "100%"]  # from the KPI conversion
    assert rows["KR-3"][:3] == ["$7,850", "≥ $8,000", "0%"] and rows["KR-3"][3].endswith("at-risk")
    assert rows["KR-8"][:4] == ["not done", "done", "0%", rows["KR-8"][3]] and rows["KR-8"][3].endswith("off-track")
    assert rows["KR-10"][:3] == ["49", "120", "11%"]  # (49 − 40) / 80
    assert rows["KR-10"][4] == "Two webinars cancelled; speaker line-up thin"
    kpis = {row[0]: (row[1], row[3].split(" ")[-1], row[4]) for row in table_rows(parts["KPIs"])}
    assert kpis == {
        "Monthly recurring revenue (mrr)": ("$181,402", "amber", "→"),  # 182,557 → 181,402: −0.6 %, within 1 %
        "Conversion rate (conversion)": ("9.3%", "green", "↓"),  # 9.41 → 9.3
        "Customer churn (churn)": ("2.5%", "amber", "↓"),  # 2.63 → 2.5
        "First response time (first-response)": ("4.65 h", "amber", "→"),  # 4.68 → 4.65: −0.6 %
        "Demo sign-ups (demo-signups)": ("148", "red", "↑"),  # 145 → 148
    }
    assert [line.split(":")[0] for line in parts["Needs attention"]] == [
        "- KR-3 Keep average contract value at $8,000", "- KR-4 Enterprise deals closed", "- KR-6 Employee NPS",
        "- KR-8 Launch the no-meeting Friday pilot", "- KR-10 Webinar attendees per session"]
    assert parts["Not checked in"] == [
        "- dana: KR-8 Launch the no-meeting Friday pilot, never",
        "- chen: KR-10 Webinar attendees per session, last 2026-11-05 (17 days ago)",
    ]


def test_markdown_as_of_2026_11_08_pinned(run, demo):
    markdown = report_md(run, PAST)
    parts = sections(markdown)
    headlines = {key.split(" ")[0]: lines[0] for key, lines in parts.items() if key.startswith("O-")}
    assert {key: HEADLINE.match(line).group(1, 2, 3) for key, line in headlines.items()} == {
        "O-1": ("37", "-5 pts this week", "off-track"),
        "O-2": ("44", "-18 pts this week", "off-track"),  # (2 × 8/21 + 0 + 1) / 4 vs (2 × 5/21 + 1 + 1) / 4
        "O-3": ("60", "no change this week", "at-risk"),  # (1/5 + 1) / 2
        "O-4": ("41", "+2 pts this week", "off-track"),  # (4/18 + 1 + 0) / 3 vs (3/18 + 1 + 0) / 3
        "O-5": ("26", "+2 pts this week", "off-track"),  # (2 × 27/80 + 9/80) / 3 vs (2 × 23/80 + 12/80) / 3
    }
    rows = {row[0].split(" ")[0]: row[1:] for key, lines in parts.items() if key.startswith("O-")
            for row in (table_rows(lines[1:]) if len(lines) > 1 else [])}
    # KR-1 as of 2026-11-08 is the 2026-11-05 check-in (51), and its latest note the one of 2026-10-08
    assert rows["KR-1"][:3] == ["51 days", "38 days", "38%"]  # (59 − 51) / 21
    assert rows["KR-1"][3].endswith("on-track")  # 0.4176 − 0.381 = 0.037 by pace
    assert rows["KR-1"][4] == "Mutual action plans rolled out to the whole team"
    assert rows["KR-2"][:3] == ["8.93%", "≥ 9%", "0%"] and rows["KR-2"][3].endswith("off-track")
    assert rows["KR-3"][:3] == ["$8,077", "≥ $8,000", "100%"] and rows["KR-3"][4] == ""
    assert rows["KR-6"][:3] == ["16 pts", "30 pts", "22%"] and rows["KR-6"][4] == ""
    assert rows["KR-9"][:3] == ["147", "200", "34%"]
    kpis = {row[0]: (row[1], row[3].split(" ")[-1], row[4]) for row in table_rows(parts["KPIs"])}
    assert kpis["Monthly recurring revenue (mrr)"] == ("$181,282", "amber", "↑")  # 179,265 → 181,282: +1.1 %
    assert kpis["Conversion rate (conversion)"] == ("8.93%", "amber", "↓")  # 9.12 → 8.93
    assert kpis["Customer churn (churn)"] == ("2.63%", "amber", "↓")  # 2.68 (09-19) → 2.63 (10-19)
    assert [line.split(":")[0] for line in parts["Needs attention"]] == [
        "- KR-2 Keep conversion at 9% or better", "- KR-4 Enterprise deals closed", "- KR-6 Employee NPS",
        "- KR-8 Launch the no-meeting Friday pilot", "- KR-10 Webinar attendees per session"]
    # chen's last check-in (2026-11-05) is 3 days old on 2026-11-08: only dana's milestone is overdue
    assert parts["Not checked in"] == ["- dana: KR-8 Launch the no-meeting Friday pilot, never"]


def test_a_past_report_shows_nothing_from_after_its_day(run, demo):
    raw, markdown = Raw(demo), report_md(run, PAST)
    later_notes = {c["note"] for kr in raw.krs for c in kr.get("checkins", []) if c["date"] > PAST and c["note"]}
    assert later_notes >= {"Two slow legal reviews pulled the average up", "Survey response rate fell to 61%",
                           "Discounts crept in to close before quarter end"}
    for note in later_notes:
        assert note not in markdown
    for kpi in raw.kpis:
        for day, value in kpi["history"].items():
            if day > PAST and value not in {v for d, v in kpi["history"].items() if d <= PAST}:
                assert f"| {shown(value, kpi['unit'])} |" not in markdown, (kpi["key"], day)
    assert "2026-11-22" not in markdown and "2026-11-19" not in markdown


def test_the_same_report_as_of_the_same_day_is_the_same(run, demo):
    assert report_md(run, PAST) == report_md(run, PAST)
    assert report_md(run, PAST) != report_md(run, NOW)


# -- --format csv and json --------------------------------------------------------------------------------------------

CSV_HEADER = ["objective", "objective_title", "objective_progress", "objective_change", "objective_status",
              "kr", "kr_title", "kind", "value", "target", "unit", "progress", "status", "latest_note"]


@pytest.mark.parametrize("day", [NOW, PAST])
def test_csv_one_row_per_key_result(run, demo, day):
    raw = Raw(demo)
    result = run("report", "--format", "csv", today=day)
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == CSV_HEADER
    body = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]]
    # O-1 has no key results: one row of its own; every other row is one key result, each exactly once
    assert [row["kr"] for row in body] == [""] + [f"KR-{n}" for n in range(1, 11)]
    assert body[0]["objective"] == "O-1" and all(body[0][column] == "" for column in CSV_HEADER[5:])
    objectives = {o["id"]: o for o in raw.objectives}
    krs = {kr["id"]: kr for kr in raw.krs}
    for row in body:
        objective = objectives[row["objective"]]
        assert row["objective_title"] == objective["title"]
        now = raw.objective_progress(objective, day)
        assert float(row["objective_progress"]) == pytest.approx(now, abs=1e-4)
        assert float(row["objective_change"]) == pytest.approx(
            now - raw.objective_progress(objective, week_before(day)), abs=1e-4)
        assert row["objective_status"] == raw.objective_status(objective, day)
        if not row["kr"]:
            continue
        kr = krs[row["kr"]]
        assert kr["objective"] == objective["id"]
        assert (row["kr_title"], row["kind"], row["unit"]) == (kr["title"], kr["kind"], kr.get("unit", ""))
        assert float(row["value"]) == raw.current(kr, day)
        assert float(row["target"]) == kr["target"]
        assert float(row["progress"]) == pytest.approx(raw.progress(kr, day), abs=1e-4)
        assert row["status"] == raw.status(kr, day)
        assert row["latest_note"] == raw.latest_note(kr, day)


@pytest.mark.parametrize("day", [NOW, PAST])
def test_json_report_fields(run, demo, day):
    raw = Raw(demo)
    result = run("report", "--format", "json", today=day)
    assert result.code == 0, result.err
    report = result.json
    assert report["period"] == "2026-Q4"
    assert report["as_of"] == day
    assert [o["id"] for o in report["objectives"]] == [o["id"] for o in raw.tree()]
    by_id = {o["id"]: o for o in raw.objectives}
    for entry in report["objectives"]:
        objective = by_id[entry["id"]]
        now, before = raw.objective_progress(objective, day), raw.objective_progress(objective, week_before(day))
        assert entry["progress"] == pytest.approx(now, abs=1e-4)
        assert entry["progress_week_ago"] == pytest.approx(before, abs=1e-4)
        assert entry["change"] == pytest.approx(now - before, abs=1e-4)
        assert entry["status"] == raw.objective_status(objective, day)
        assert (entry["title"], entry["owner"], entry["team"]) == (objective["title"], objective["owner"],
                                                                  objective["team"])
        assert [kr["id"] for kr in entry["key_results"]] == [kr["id"] for kr in raw.krs_of(entry["id"])]
        for shown_kr, kr in zip(entry["key_results"], raw.krs_of(entry["id"]), strict=True):
            assert shown_kr["value"] == raw.current(kr, day), kr["id"]
            assert shown_kr["target"] == kr["target"]
            assert shown_kr["progress"] == pytest.approx(raw.progress(kr, day), abs=1e-4), kr["id"]
            assert shown_kr["status"] == raw.status(kr, day), kr["id"]
            assert shown_kr["latest_note"] == raw.latest_note(kr, day), kr["id"]
    assert [(k["key"], k["health"], k["trend"]) for k in report["kpis"]] == [
        (kpi["key"], raw.kpi_health(kpi, day), raw.kpi_trend(kpi, day)) for kpi in raw.kpis]
    for shown_kpi, kpi in zip(report["kpis"], raw.kpis, strict=True):
        when, value = raw.kpi_latest(kpi, day)
        assert shown_kpi["latest"] == {"date": when, "value": value}
    owner = {o["id"]: o["owner"] for o in raw.objectives}
    assert [(a["id"], a["status"], a["owner"]) for a in report["attention"]] == [
        (kr["id"], raw.status(kr, day), owner[kr["objective"]])
        for objective in raw.tree() for kr in raw.krs_of(objective["id"]) if raw.status(kr, day) != "on-track"]
    assert [(d["id"], d["owner"], d["last_checkin"]) for d in report["not_checked_in"]] == [
        (kr["id"], owner[kr["objective"]], last) for kr, last in raw.due(day)]


def test_json_report_pinned_not_checked_in(run, demo):
    report = run.ok("report", "--format", "json").json
    assert [(d["id"], d["owner"], d["last_checkin"], d["days_since"]) for d in report["not_checked_in"]] == [
        ("KR-8", "dana", None, None), ("KR-10", "chen", "2026-11-05", 17)]


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_the_report_changes_nothing_in_the_data_file(run, db, demo, fmt):
    before = db.read_bytes()
    listing = sorted(p.name for p in db.parent.iterdir())
    for day in (NOW, PAST):
        assert run("report", "--format", fmt, today=day).code == 0
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == listing


def test_report_for_an_empty_period(run, demo):
    result = run("report", "--period", "2027-Q1")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "# OKR check-in 2027-Q1, as of 2026-11-22"
    assert "## O-" not in result.out
    assert run.ok("report", "--period", "2027-Q1", "--format", "json").json["objectives"] == []


def test_report_bad_format_or_period_is_bad_input(run, db, demo):
    before = db.read_bytes()
    run("report", "--format", "pdf").assert_bad_input()
    run("report", "--period", "2026-Q5").assert_bad_input()
    assert db.read_bytes() == before


# -- status colours people trust --------------------------------------------------------------------------------------


@pytest.fixture
def objective(run) -> str:
    return run.add("objective", "add", "Grow", "--owner", "dana")


def kr_json(run, kr: str) -> dict:
    return run.ok("kr", "show", kr, "--json").json


def test_owner_confidence_off_track_beats_an_on_track_pace(run, objective, status_kr):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    # 70 / 100 = 0.70 ahead of the expected 0.5714: by pace on-track; the owner says off-track (2)
    run.ok("kr", "checkin", kr, "70", "--confidence", "2", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert shown_kr["progress"] == 0.7
    assert shown_kr["status"] == "off-track"
    assert status_kr(run.ok("status", "--json").json, kr)["status"] == "off-track"
    assert run.ok("objective", "show", objective, "--json").json["status"] == "off-track"
    report = run.ok("report", "--format", "json").json
    assert [(a["id"], a["status"]) for a in report["attention"]] == [(kr, "off-track")]
    assert run("status", "--check").code == 3


def test_the_word_off_track_as_confidence_beats_the_pace_too(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "95", "--confidence", "off-track", "--date", "2026-11-20")
    assert kr_json(run, kr)["status"] == "off-track"


def test_a_later_check_in_without_confidence_goes_back_to_the_pace(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "100")
    run.ok("kr", "checkin", kr, "70", "--confidence", "2", "--date", "2026-11-13")
    run.ok("kr", "checkin", kr, "72", "--date", "2026-11-20")
    assert kr_json(run, kr)["status"] == "on-track"


def test_a_decrease_key_result_is_coloured_like_an_increase(run, objective):
    down = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--unit", "days")
    up = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "21")
    run.ok("kr", "checkin", down, "55", "--date", "2026-11-20")  # (59 − 55) / 21 = 0.1905: gap 0.381 -> off-track
    run.ok("kr", "checkin", up, "4", "--date", "2026-11-20")  # 4 / 21 = 0.1905 too
    for kr in (down, up):
        assert kr_json(run, kr)["progress"] == 0.1905
        assert kr_json(run, kr)["status"] == "off-track"
    run.ok("kr", "checkin", down, "47", "--date", "2026-11-21")  # 12 / 21 = 0.5714: gap 0 -> on-track
    run.ok("kr", "checkin", up, "12", "--date", "2026-11-21")
    for kr in (down, up):
        assert kr_json(run, kr)["progress"] == 0.5714
        assert kr_json(run, kr)["status"] == "on-track"


def test_a_decrease_above_its_start_is_below_baseline(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--unit", "days")
    run.ok("kr", "checkin", kr, "63", "--date", "2026-11-20")  # worse than the start: (59 − 63) / 21 < 0
    shown_kr = kr_json(run, kr)
    assert shown_kr["below_baseline"] is True
    assert shown_kr["exceeded"] is False
    assert shown_kr["progress"] == 0.0
    assert shown_kr["current"] == 63
    assert shown_kr["status"] == "off-track"
    report_kr = run.ok("report", "--format", "json").json["objectives"][0]["key_results"][0]
    assert report_kr["progress"] == 0.0
    assert "below baseline" in report_kr["values"]


def test_a_decrease_past_its_target_is_exceeded(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
    run.ok("kr", "checkin", kr, "30", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (True, False, 1.0)
    assert shown_kr["status"] == "on-track"


def test_an_increase_past_its_target_is_exceeded(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "12", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (True, False, 1.0)
    report_kr = run.ok("report", "--format", "json").json["objectives"][0]["key_results"][0]
    assert "exceeded" in report_kr["values"]


def test_at_the_target_or_the_start_is_neither_exceeded_nor_below_baseline(run, objective):
    kr = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
    assert (kr_json(run, kr)["exceeded"], kr_json(run, kr)["below_baseline"]) == (False, False)  # at the start
    run.ok("kr", "checkin", kr, "38", "--date", "2026-11-20")
    shown_kr = kr_json(run, kr)
    assert (shown_kr["exceeded"], shown_kr["below_baseline"], shown_kr["progress"]) == (False, False, 1.0)


def test_exceeded_and_below_baseline_follow_the_report_day(run, objective):
    kr = run.add("kr", "add", objective, "Deals", "--start", "10", "--target", "20")
    run.ok("kr", "checkin", kr, "8", "--date", "2026-11-01")
    run.ok("kr", "checkin", kr, "25", "--date", "2026-11-20")
    past = run.ok("kr", "show", kr, "--json", today="2026-11-10").json
    assert (past["below_baseline"], past["exceeded"], past["current"]) == (True, False, 8)
    now = kr_json(run, kr)
    assert (now["below_baseline"], now["exceeded"], now["current"]) == (False, True, 25)


def test_report_markdown_escapes_a_pipe_in_a_title(run, objective):
    kr = run.add("kr", "add", objective, "A | B", "--start", "0", "--target", "10")
    run.ok("kr", "checkin", kr, "6", "--note", "x | y", "--date", "2026-11-20")
    markdown = report_md(run, NOW)
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {kr} "))
    assert row.count(" | ") == 5  # the six cells, with the pipes of the text escaped
    assert "A \\| B" in row and "x \\| y" in row
