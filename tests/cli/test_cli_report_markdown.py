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

The oracle (report_support.Raw) covers O-1 .. O-5; O-6, the objective of issue 12's concepts, is worked out by hand in
report_support.py (SHOWCASE_*) and pinned here on its own.
"""

from __future__ import annotations

from datetime import date

import pytest
from report_support import (
    HEADLINE,
    NOW,
    PAST,
    SHOWCASE_ATTENTION,
    SHOWCASE_DUE,
    SHOWCASE_OBJECTIVE,
    SHOWCASE_TITLES,
    Raw,
    load_demo,
    moved,
    objective_section,
    report_md,
    sections,
    shown,
    table_rows,
    target_cell,
    value_cell,
    week_before,
)

# -- the demo file ----------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(run, db) -> dict:
    """This test's data file holds the demo made as of 2026-11-22; returns the file parsed."""
    return load_demo(run, db)


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
        for objective in raw.tree()
        for kr in raw.krs_of(objective["id"])
        if raw.status(kr, day) != "on-track"
    ]
    assert expected, "the demo always has something that needs attention"
    # then O-6 (a root after O-1's tree), by hand: report_support.py
    o6 = SHOWCASE_OBJECTIVE
    expected += [
        f"- {kr_id} {SHOWCASE_TITLES[kr_id]}: {status} ({o6['id']}, {o6['owner']})"
        for kr_id, status in SHOWCASE_ATTENTION[day]
    ]
    assert sections(markdown)["Needs attention"] == expected


@pytest.mark.parametrize("day", [NOW, PAST])
def test_markdown_lists_who_has_not_checked_in(run, demo, day):
    raw, markdown = Raw(demo), report_md(run, day)
    owner = {o["id"]: o["owner"] for o in raw.objectives}
    expected = []
    for kr, last in raw.due(day):
        when = (
            "never"
            if last is None
            else (f"last {last} ({(date.fromisoformat(day) - date.fromisoformat(last)).days} days ago)")
        )
        expected.append(f"- {owner[kr['objective']]}: {kr['id']} {kr['title']}, {when}")
    # then O-6's, by hand (report_support.py): KR-14 dropped and KR-15 pending are not due on 2026-11-22
    for kr_id, last in SHOWCASE_DUE[day]:
        days = None if last is None else (date.fromisoformat(day) - date.fromisoformat(last)).days
        when = "never" if last is None else f"last {last} ({days} days ago)"
        expected.append(f"- {SHOWCASE_OBJECTIVE['owner']}: {kr_id} {SHOWCASE_TITLES[kr_id]}, {when}")
    assert sections(markdown)["Not checked in"] == expected


# -- the Markdown, key lines pinned by hand ---------------------------------------------------------------------------


def test_demo_raw_check_ins_are_what_the_pinned_figures_assume(demo):
    raw = Raw(demo)
    kr = {k["id"]: k for k in raw.krs}
    assert [kr["KR-1"][field] for field in ("kind", "start", "target", "weight")] == ["decrease", 59, 38, 2]
    assert [(c["date"], c["value"]) for c in kr["KR-1"]["checkins"]][-3:] == [
        ("2026-11-05", 51),
        ("2026-11-12", 50),
        ("2026-11-19", 48),
    ]
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
        "O-6": ("21", "+6 pts this week", "off-track"),  # (19/30 + 0 + 0) / 3 vs (14/30 + 0 + 2/15 + 0) / 4
    }
    rows = {
        row[0].split(" ")[0]: row[1:]
        for key, lines in parts.items()
        if key.startswith("O-")
        for row in (table_rows(lines[1:]) if len(lines) > 1 else [])
    }
    assert rows["KR-1"][:3] == ["48 days", "38 days", "52%"]  # (59 − 48) / 21
    assert rows["KR-1"][3].endswith("on-track") and rows["KR-1"][4] == "Two slow legal reviews pulled the average up"
    assert rows["KR-2"][:3] == ["9.3%", "≥ 9%", "100%"]  # from the KPI conversion
    assert rows["KR-3"][:3] == ["$7,850", "≥ $8,000", "0%"] and rows["KR-3"][3].endswith("at-risk")
    assert rows["KR-8"][:4] == ["not done", "done", "0%", rows["KR-8"][3]] and rows["KR-8"][3].endswith("off-track")
    assert rows["KR-10"][:3] == ["49", "120", "11%"]  # (49 − 40) / 80
    assert rows["KR-10"][4] == "Two webinars cancelled; speaker line-up thin"
    # O-6 (report_support.py works each out): a range guard in bounds, commit/stretch below its commit, a milestone past
    # its due date (2026-11-15), one dropped today (frozen at 98), one added today (pending)
    assert rows["KR-11"][:3] == ["202 ms", "120 ms … 250 ms", "100%"] and rows["KR-11"][3].endswith("on-track")
    assert rows["KR-12"][:3] == ["59%", "70%", "63% · below commit"] and rows["KR-12"][3].endswith("on-track")
    assert rows["KR-13"][:3] == ["not done", "done", "0%"] and rows["KR-13"][3].endswith("off-track")
    assert rows["KR-13"][4] == "Vendor contract still in legal"
    assert rows["KR-14"][:3] == ["98 k$", "85 k$", "13%"] and rows["KR-14"][3].endswith("dropped")  # 2 / 15
    assert rows["KR-15"][:3] == ["not done", "done", "0%"] and rows["KR-15"][3].endswith("pending")
    kpis = {row[0]: (row[1], row[3].split(" ")[-1], row[4]) for row in table_rows(parts["KPIs"])}
    assert kpis == {
        "Monthly recurring revenue (mrr)": ("$181,402", "amber", "→"),  # 182,557 → 181,402: −0.6 %, within 1 %
        "Conversion rate (conversion)": ("9.3%", "green", "↓"),  # 9.41 → 9.3
        "Customer churn (churn)": ("2.5%", "amber", "↓"),  # 2.63 → 2.5
        "First response time (first-response)": ("4.65 h", "amber", "→"),  # 4.68 → 4.65: −0.6 %
        "Demo sign-ups (demo-signups)": ("148", "red", "↑"),  # 145 → 148
    }
    assert [line.split(":")[0] for line in parts["Needs attention"]] == [
        "- KR-3 Keep average contract value at $8,000",
        "- KR-4 Enterprise deals closed",
        "- KR-6 Employee NPS",
        "- KR-8 Launch the no-meeting Friday pilot",
        "- KR-10 Webinar attendees per session",
        "- KR-13 Billing moved to the new provider",  # past its due date, not done; KR-14 dropped, KR-15 pending
    ]
    assert parts["Not checked in"] == [
        "- dana: KR-8 Launch the no-meeting Friday pilot, never",
        "- chen: KR-10 Webinar attendees per session, last 2026-11-05 (17 days ago)",
        "- erik: KR-13 Billing moved to the new provider, last 2026-11-12 (10 days ago)",
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
        # (13/30 + 0 + 2/15 + 0) / 4 = 17/120 vs (10/30 + 0 + 2/15 + 0) / 4 = 14/120: 2.5 pts, rounded to +2
        "O-6": ("14", "+2 pts this week", "off-track"),
    }
    rows = {
        row[0].split(" ")[0]: row[1:]
        for key, lines in parts.items()
        if key.startswith("O-")
        for row in (table_rows(lines[1:]) if len(lines) > 1 else [])
    }
    # KR-1 as of 2026-11-08 is the 2026-11-05 check-in (51), which has no note: none is shown (not the 10-08 one)
    assert rows["KR-1"][:3] == ["51 days", "38 days", "38%"]  # (59 − 51) / 21
    assert rows["KR-1"][3].endswith("on-track")  # 0.4176 − 0.381 = 0.037 by pace
    assert rows["KR-1"][4] == ""
    assert rows["KR-2"][:3] == ["8.93%", "≥ 9%", "0%"] and rows["KR-2"][3].endswith("off-track")
    assert rows["KR-3"][:3] == ["$8,077", "≥ $8,000", "100%"] and rows["KR-3"][4] == ""
    assert rows["KR-6"][:3] == ["16 pts", "30 pts", "22%"] and rows["KR-6"][4] == ""
    assert rows["KR-9"][:3] == ["147", "200", "34%"]
    # O-6 on 2026-11-08: KR-13 not checked in yet and behind its own window (38/45); KR-14 open, gap 0.2842; KR-15
    # asked about before the day it was added, so judged by the pace (not pending)
    assert rows["KR-11"][:3] == ["202 ms", "120 ms … 250 ms", "100%"] and rows["KR-11"][3].endswith("on-track")
    assert rows["KR-12"][:3] == ["53%", "70%", "43% · below commit"] and rows["KR-12"][3].endswith("on-track")
    assert rows["KR-13"][:3] == ["not done", "done", "0%"] and rows["KR-13"][3].endswith("off-track")
    assert rows["KR-13"][4] == ""
    assert rows["KR-14"][:3] == ["98 k$", "85 k$", "13%"] and rows["KR-14"][3].endswith("at-risk")
    assert rows["KR-15"][:3] == ["not done", "done", "0%"] and rows["KR-15"][3].endswith("off-track")
    kpis = {row[0]: (row[1], row[3].split(" ")[-1], row[4]) for row in table_rows(parts["KPIs"])}
    assert kpis["Monthly recurring revenue (mrr)"] == ("$181,282", "amber", "↑")  # 179,265 → 181,282: +1.1 %
    assert kpis["Conversion rate (conversion)"] == ("8.93%", "amber", "↓")  # 9.12 → 8.93
    assert kpis["Customer churn (churn)"] == ("2.63%", "amber", "↓")  # 2.68 (09-19) → 2.63 (10-19)
    assert [line.split(":")[0] for line in parts["Needs attention"]] == [
        "- KR-2 Keep conversion at 9% or better",
        "- KR-4 Enterprise deals closed",
        "- KR-6 Employee NPS",
        "- KR-8 Launch the no-meeting Friday pilot",
        "- KR-10 Webinar attendees per session",
        "- KR-13 Billing moved to the new provider",
        "- KR-14 Cloud spend per month",
        "- KR-15 Error budget policy adopted",
    ]
    # chen's last check-in (2026-11-05) is 3 days old on 2026-11-08: of O-1 .. O-5 only dana's milestone is overdue;
    # of O-6, KR-13 (its one check-in is of 11-12) and KR-15 (counted from Oct 1) never, KR-14 last 10-22
    assert parts["Not checked in"] == [
        "- dana: KR-8 Launch the no-meeting Friday pilot, never",
        "- erik: KR-13 Billing moved to the new provider, never",
        "- erik: KR-14 Cloud spend per month, last 2026-10-22 (17 days ago)",
        "- erik: KR-15 Error budget policy adopted, never",
    ]


def test_a_past_report_shows_nothing_from_after_its_day(run, demo):
    raw, markdown = Raw(demo), report_md(run, PAST)
    later_notes = {c["note"] for kr in raw.krs for c in kr.get("checkins", []) if c["date"] > PAST and c["note"]}
    assert later_notes >= {
        "Two slow legal reviews pulled the average up",
        "Survey response rate fell to 61%",
        "Discounts crept in to close before quarter end",
    }
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
