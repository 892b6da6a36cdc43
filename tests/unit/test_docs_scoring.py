"""The worked numbers of docs/scoring.md, pinned against the code so the page can't drift from it silently.

The fixture builds the page's example file (its last section) through the services on a real temp file. Every
expected value below is the page's, worked out by hand there; each test names the section it pins.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.periods import Period
from okrtui.domain.scoring import grade_colour, kpi_health
from okrtui.services import checkins, config, kpis, measurements, okrs
from okrtui.services.cycles import carry_period, close_period, sandbagging_hints
from okrtui.services.dashboard import dashboard_view
from okrtui.services.reviews import build_report, due_items, overdue_findings
from okrtui.services.views import Dataset, Scorer, findings, status_view
from okrtui.services.workspace import Workspace

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
Q4 = Period.parse("2026-Q4")
DAY = "2026-11-22"


def build_example(ws: Workspace) -> None:
    """docs/scoring.md, "The example file", through the services."""

    def objective(title, **fields):
        return okrs.add_objective(ws, title, **fields).id

    def kr(objective_id, title, *points, **bounds):
        kr_id = okrs.add_kr(ws, objective_id, title, **bounds).id
        for day, value, *confidence in points:
            checkins.checkin(ws, kr_id, value, day=day, confidence=confidence[0] if confidence else None)

    o1 = objective("Shorten the sales lifecycle", owner="alice")
    kr(o1, "Average sales cycle", ("2026-11-16", 44), start=59, target=38, unit="days")
    kr(o1, "Demos booked", ("2026-11-16", 25), start=10, target=20)
    kr(o1, "Lead time", ("2026-11-16", 65), start=59, target=38)
    o2 = objective("Launch self-serve", owner="bob", team="Growth")
    kr(o2, "Pricing page live", ("2026-11-16", "done"), milestone=True)
    kr(o2, "Trials started", ("2026-11-16", 71), start=0, target=100, weight=2)
    kr(o2, "Refund rate", ("2026-11-16", 3), at_most=2, unit="%", weight=1)
    o3 = objective("Grow the community", owner="bob", team="Growth", cadence="biweekly")
    kr(o3, "Forum posts", ("2026-11-15", 50), start=0, target=100)
    kr(o3, "Meetups held", ("2026-11-10", 35), start=0, target=100)
    kr(o3, "Newsletter subscribers", ("2026-11-01", 20), start=0, target=100)
    kr(o3, "Docs pages", ("2026-11-20", 50, "3"), start=0, target=100)
    back_then = Workspace.open(ws.repo.path, actor="alice", today="2026-10-01")  # KR-11 is added on Oct 1
    okrs.add_kr(back_then, o3, "Conversion", at_least=9, unit="%", weight=1)
    o4 = objective("Win the mid-market", owner="dana")
    okrs.edit_objective(ws, o2, {"parent": o4})
    o5 = objective("Referral programme", owner="bob", parent=o4)
    kr(o5, "Referrals", ("2026-11-20", 50), start=0, target=100)
    for name, key, target, warn, extra, day, value in [
        ("Monthly recurring revenue", "mrr", 200000, 170000, {"frequency": "weekly"}, "2026-11-20", 182000),
        ("Net promoter score", "nps", 40, 30, {}, "2026-11-01", 41),
        ("Churn", "churn", 2, 3, {"direction": "down", "unit": "%"}, "2026-11-01", 3.4),
        ("Support backlog", "backlog", 50, 80, {"direction": "down", "frequency": "weekly"}, "2026-11-11", 45),
    ]:
        kpis.add_kpi(ws, name, key=key, target=target, warn=warn, **extra)
        measurements.record(ws, key, value, day=day)
    kpis.add_kpi(ws, "Uptime", key="uptime", target=99.9, unit="%")
    kr(o5, "Revenue", start=150000, target=200000, kpi="mrr")
    o6 = objective("Keep sales healthy", period="2026-Q3", owner="erin")
    kr(
        o6,
        "Conversion",
        ("2026-07-06", 9.4),
        ("2026-08-03", 8.7),
        ("2026-08-31", 9.1),
        ("2026-09-28", 9),
        at_least=9,
        unit="%",
        weight=1,
    )
    kr(o6, "New logos", ("2026-09-28", 50), start=0, target=100)
    kr(o6, "Partner portal", milestone=True, weight=2)
    kr(
        objective("Ship the mobile app", period="2026-Q2", owner="carol"),
        "In the stores",
        ("2026-06-20", "done"),
        milestone=True,
    )
    kr(
        objective("Ship offline mode", period="2026-Q3", owner="carol"),
        "Released",
        ("2026-09-20", "done"),
        milestone=True,
    )
    close_period(ws, "2026-Q2")
    close_period(ws, "2026-Q3")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scoring") / "okrs.json"
    build_example(Workspace.open(path, actor="alice", today=DAY))
    return path


def as_of(path: Path, day: str = DAY) -> tuple[Workspace, Dataset, Scorer]:
    ws = Workspace.open(path, actor="alice", today=day, read_only=True)
    data = Dataset.load(ws)
    return ws, data, Scorer(data, ws.today)


def kr_numbers(path: Path, day: str = DAY) -> dict[str, tuple[float, float, str]]:
    """KR id -> (progress, expected, status), rounded like --json."""
    _, data, scorer = as_of(path, day)
    return {
        kr.id: (round(scorer.kr(kr).progress, 4), round(scorer.kr(kr).expected, 4), scorer.kr(kr).status)
        for kr in data.krs
    }


def test_the_example_ids_are_the_pages(example):
    _, data, _ = as_of(example)
    assert [o.id for o in data.objectives] == [f"O-{n}" for n in range(1, 9)]
    assert [kr.id for kr in data.krs] == [f"KR-{n}" for n in range(1, 19)]
    assert [k.key for k in data.kpis] == ["mrr", "nps", "churn", "backlog", "uptime"]


def test_the_expected_pace():
    assert round(Q4.elapsed_share(date(2026, 11, 22)), 4) == 0.5714
    assert round(Q4.elapsed_share(date(2026, 10, 10)), 4) == 0.0989
    assert Period.parse("2026-Q3").elapsed_share(date(2026, 11, 22)) == 1.0


def test_key_result_progress(example):
    _, data, scorer = as_of(example)
    scores = {kr.id: scorer.kr(kr) for kr in data.krs}
    assert (round(scores["KR-1"].progress, 4), scores["KR-1"].exceeded) == (0.7143, False)
    assert (scores["KR-2"].ratio, scores["KR-2"].progress, scores["KR-2"].exceeded) == (1.5, 1.0, True)
    kr3 = scores["KR-3"]
    assert (round(kr3.ratio, 4), kr3.progress, kr3.below_baseline) == (-0.2857, 0.0, True)
    assert (scores["KR-13"].current, round(scores["KR-13"].progress, 4)) == (182000, 0.64)
    assert [scores[kr].progress for kr in ("KR-4", "KR-6", "KR-11")] == [1.0, 0.0, 0.0]


def test_key_result_status(example):
    numbers = kr_numbers(example)
    assert {kr: numbers[kr] for kr in ("KR-6", "KR-7", "KR-8", "KR-9", "KR-10", "KR-11")} == {
        "KR-6": (0.0, 0.5714, "off-track"),
        "KR-7": (0.5, 0.5714, "on-track"),
        "KR-8": (0.35, 0.5714, "at-risk"),
        "KR-9": (0.2, 0.5714, "off-track"),
        "KR-10": (0.5, 0.5714, "off-track"),
        "KR-11": (0.0, 0.5714, "off-track"),
    }
    assert kr_numbers(example, "2026-10-10")["KR-11"] == (0.0, 0.0989, "pending")
    assert kr_numbers(example, "2026-10-15")["KR-11"] == (0.0, 0.1538, "at-risk")
    assert kr_numbers(example)["KR-14"][1] == 1.0


def test_objective_progress_status_and_roll_up(example):
    _, data, scorer = as_of(example)
    scores = {o.id: (round(scorer.objective(o).progress, 4), scorer.objective(o).status) for o in data.objectives}
    assert {oid: scores[oid] for oid in ("O-1", "O-2", "O-3", "O-4", "O-5")} == {
        "O-1": (0.5714, "off-track"),
        "O-2": (0.605, "off-track"),
        "O-3": (0.31, "off-track"),
        "O-4": (0.5875, "off-track"),
        "O-5": (0.57, "on-track"),
    }
    assert scores["O-6"][0] == 0.375


def test_kpi_health(example):
    _, data, _ = as_of(example)
    health = {k.key: kpi_health(k, date(2026, 11, 22)) for k in data.kpis}
    assert health == {"mrr": "amber", "nps": "green", "churn": "red", "backlog": "stale", "uptime": "no-data"}
    backlog = next(k for k in data.kpis if k.key == "backlog")
    assert kpi_health(backlog, date(2026, 11, 21)) == "green"


@pytest.mark.parametrize(
    ("day", "due"),
    [
        ("2026-11-22", ["KR-9", "KR-11"]),
        ("2026-11-23", ["KR-1", "KR-2", "KR-3", "KR-9", "KR-11", "KR-5", "KR-6"]),
        ("2026-10-14", ["KR-1", "KR-2", "KR-3", "KR-4", "KR-5", "KR-6", "KR-12", "KR-13"]),
        (
            "2026-10-15",
            [
                "KR-1",
                "KR-2",
                "KR-3",
                "KR-7",
                "KR-8",
                "KR-9",
                "KR-10",
                "KR-11",
                "KR-4",
                "KR-5",
                "KR-6",
                "KR-12",
                "KR-13",
            ],
        ),
    ],
)
def test_due_check_ins(example, day, due):
    ws, data, _ = as_of(example, day)
    assert [item.kr.id for item in due_items(data, ws.today)] == due


def test_status_check_finds_nine(example):
    ws, data, _ = as_of(example)
    found = findings(status_view(ws, Q4, data)) + overdue_findings(data, ws.today, Q4)
    assert [(item["id"], item["problem"]) for item in found] == [
        ("KR-3", "off-track"),
        ("KR-6", "off-track"),
        ("KR-9", "off-track"),
        ("KR-10", "off-track"),
        ("KR-11", "off-track"),
        ("K-3", "red"),
        ("K-4", "stale"),
        ("KR-9", "overdue"),
        ("KR-11", "overdue"),
    ]


def test_the_weekly_report_change(example):
    ws, data, _ = as_of(example)
    o3 = next(o for o in build_report(ws, Q4, data).objectives if o.id == "O-3")
    assert (o3.progress_week_ago, o3.progress, o3.change) == (0.21, 0.31, 0.1)


def test_the_year_view(example):
    """2026: Q2's O-7 (1.0), Q3's O-6 (0.375) and O-8 (1.0), Q4's O-1 … O-5 (2.643928…): 5.018928… / 8 = 0.6274."""
    ws, data, _ = as_of(example)
    view = status_view(ws, Period.parse("2026"), data)
    assert [o.id for o in view.objectives] == ["O-7", "O-6", "O-8", "O-1", "O-2", "O-3", "O-4", "O-5"]
    assert view.progress == 0.6274
    assert status_view(ws, Q4, data).progress == 0.5288


def test_thresholds_a_team_can_set(example, tmp_path):
    copy = tmp_path / "copy.json"
    shutil.copyfile(example, copy)
    ws = Workspace.open(copy, actor="alice", today=DAY)
    for key, value in (("pace.at-risk", "0.2"), ("pace.off-track", "0.4"), ("kpi.stale-factor", "2")):
        config.set_value(ws, key, value)
    config.set_value(ws, "grade.yellow", "0.2")
    config.set_value(ws, "grade.green", "0.3")
    numbers = kr_numbers(copy)
    assert (numbers["KR-8"][2], numbers["KR-9"][2]) == ("at-risk", "at-risk")
    _, data, _ = as_of(copy)
    backlog = next(k for k in data.kpis if k.key == "backlog")
    assert kpi_health(backlog, date(2026, 11, 22), data.thresholds) == "green"
    assert grade_colour(0.3125, data.thresholds) == "green"


def test_grades_and_their_colours(example):
    _, data, _ = as_of(example)
    grades = {record.id: record.grade for record in [*data.objectives, *data.krs] if record.grade is not None}
    assert grades == {
        "O-6": 0.3125,
        "KR-14": 0.75,
        "KR-15": 0.5,
        "KR-16": 0.0,
        "O-7": 1.0,
        "KR-17": 1.0,
        "O-8": 1.0,
        "KR-18": 1.0,
    }
    assert [grade_colour(grade) for grade in (0.75, 0.5, 0.0, 0.3125)] == ["green", "yellow", "red", "red"]


def test_the_sandbagging_hint(example):
    _, data, _ = as_of(example)
    assert [hint["hint"] for hint in sandbagging_hints(data)] == [
        "carol's objectives all graded 1.0 in 2026-Q2 and 2026-Q3: the targets may not be ambitious enough"
    ]


def test_carrying_the_quarter_over(example, tmp_path):
    copy = tmp_path / "copy.json"
    shutil.copyfile(example, copy)
    mapping = carry_period(Workspace.open(copy, actor="alice", today=DAY), "2026-Q4", "2027-Q1")
    assert list(mapping.items())[:3] == [("O-1", "O-9"), ("KR-1", "KR-19"), ("KR-3", "KR-20")]
    assert "KR-2" not in mapping and "KR-4" not in mapping
    _, data, _ = as_of(copy)
    assert [(data.kr_by_id[k].start, data.kr_by_id[k].target) for k in ("KR-19", "KR-20")] == [(44, 38), (65, 38)]


def test_the_dashboard(example):
    ws, data, _ = as_of(example)
    view = dashboard_view(ws, Q4, data)
    assert (view.overall, view.expected) == (0.5288, 0.5714)
    assert [(team.team, team.objectives, team.progress) for team in view.teams] == [
        ("(no team)", 3, 0.5763),
        ("Growth", 2, 0.4575),
    ]
    assert view.kr_status == {"pending": 0, "on-track": 7, "at-risk": 1, "off-track": 5}
    assert view.kpi_health == {"green": 1, "amber": 1, "red": 1, "stale": 1, "no-data": 1}


@pytest.mark.parametrize(
    "shown",
    [
        "**0.5714**",
        "**0.0989**",
        "**0.7143**",
        "**0.64**",
        "**0.605**",
        "**0.31**",
        "**0.57**",
        "**0.5875**",
        "**0.375**",
        "**0.3125**",
        "**0.75**",
        "**0.5288**",
        "**0.6274**",
        "**0.4575**",
        "**0.5763**",
        "**9**",
        "**+10 pts this week**",
        "**44 → 38**",
        "**65 → 38**",
    ],
)
def test_the_page_shows_the_pinned_numbers(shown):
    assert shown in DOC.read_text(encoding="utf-8")


# -- "Roll-up" and "Achieved, missed, dropped" (issue 12, items 7 and 8): each on a copy of the example file ------


def changed_copy(example: Path, folder: Path, name: str, *changes) -> Path:
    """A copy of the example file named ``name`` with ``changes`` (functions of a workspace) made on it, in order, on
    the page's day."""
    copy = folder / f"{name}.json"
    shutil.copyfile(example, copy)
    for change in changes:
        change(Workspace.open(copy, actor="alice", today=DAY))
    return copy


def objective_score(path: Path, objective_id: str, day: str = DAY) -> tuple[float | None, str]:
    _, data, scorer = as_of(path, day)
    score = scorer.objective(data.objective_by_id[objective_id])
    return (None if score.progress is None else round(score.progress, 4)), score.status


def test_roll_up_by_weight_and_by_choice(example, tmp_path):
    weighted = changed_copy(example, tmp_path, "weighted", lambda ws: okrs.edit_objective(ws, "O-5", {"weight": "4"}))
    assert objective_score(weighted, "O-4")[0] == 0.577
    both = changed_copy(
        example,
        tmp_path,
        "both",
        lambda ws: okrs.edit_objective(ws, "O-4", {"parent": "O-1", "weight": "2"}),
        lambda ws: okrs.edit_objective(ws, "O-1", {"rollup": "both"}),
    )
    assert objective_score(both, "O-1") == (0.5779, "off-track")
    okrs.edit_objective(Workspace.open(both, actor="alice", today=DAY), "O-1", {"rollup": "children"})
    assert objective_score(both, "O-1")[0] == 0.5875


def test_a_dropped_key_result_and_an_achieved_one(example, tmp_path):
    from okrtui.services.closures import close_kr

    dropped = changed_copy(example, tmp_path, "dropped", lambda ws: close_kr(ws, "KR-3", "dropped"))
    assert objective_score(dropped, "O-1") == (0.8571, "on-track")
    achieved = changed_copy(example, tmp_path, "achieved", lambda ws: close_kr(ws, "KR-1", "achieved"))
    _, data, scorer = as_of(achieved, "2026-12-31")
    score = scorer.kr(data.kr_by_id["KR-1"])
    assert (score.current, round(score.progress, 4), score.status) == (44, 0.7143, "achieved")
    missed = changed_copy(example, tmp_path, "missed", lambda ws: close_kr(ws, "KR-9", "missed"))
    _, data, _ = as_of(missed)
    assert [item.kr.id for item in due_items(data, date(2026, 11, 22), period=Q4)] == ["KR-11"]


@pytest.mark.parametrize("shown", ["**0.577**", "**0.5779**", "**0.8571**", "**on-track**"])
def test_the_page_shows_the_roll_up_and_closing_numbers(shown):
    assert shown in DOC.read_text(encoding="utf-8")
