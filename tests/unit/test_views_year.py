"""The year view (issue 12, item 11): the year's own objectives and its quarters', grouped by period, the year's
progress the plain mean of the objectives shown, those with status only (every key result weighing 0) left out."""

from __future__ import annotations

from cycles_support import check_in, kr, objective

from okrtui.domain.periods import Period
from okrtui.services.views import Dataset, period_groups, status_view


def test_groups_the_years_own_then_its_quarters_and_leaves_other_years_out(ws):
    own = objective(ws, "Yearly", period="2026")
    q3 = objective(ws, "Summer", period="2026-Q3")
    q1 = objective(ws, "Spring", period="2026-Q1")
    objective(ws, "Last year", period="2025-Q4")
    objective(ws, "Next year", period="2027")
    groups = period_groups(Dataset.load(ws), Period.parse("2026"))
    assert [(str(part), [o.id for o in chosen]) for part, chosen in groups] == [
        ("2026", [own]),
        ("2026-Q1", [q1]),
        ("2026-Q3", [q3]),
    ]
    assert [
        (str(part), [o.id for o in chosen]) for part, chosen in period_groups(Dataset.load(ws), Period(2026, 3))
    ] == [("2026-Q3", [q3])]


def test_the_years_progress_leaves_status_only_objectives_out(ws):
    """On 2026-12-31: the year's own 0 → 100 at 30 (0.3); Q4's 0 → 10 at 9 (0.9); Q2's only key result a guard
    (weight 0: status only, progress null). Year: (0.3 + 0.9) / 2 = 0.6."""
    own = objective(ws, "Yearly", period="2026")
    check_in(ws, kr(ws, own, start=0, target=100), ("2026-12-01", 30))
    q4 = objective(ws, "Autumn", period="2026-Q4")
    check_in(ws, kr(ws, q4, start=0, target=10), ("2026-12-01", 9))
    q2 = objective(ws, "Guarded", period="2026-Q2")
    check_in(ws, kr(ws, q2, at_least=9), ("2026-06-01", 10))
    view = status_view(ws, Period.parse("2026"))
    assert [(o.id, o.progress) for o in view.objectives] == [(own, 0.3), (q2, None), (q4, 0.9)]
    assert view.progress == 0.6
    assert status_view(ws, Period.parse("2027")).progress is None, "nothing shown: no mean"
