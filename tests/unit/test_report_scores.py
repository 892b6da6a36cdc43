"""The report scores each key result once a day it looks at (today and a week ago), sharing today's scores with the
list of key results due a check-in, as every view of one read does (``Dataset.scorer``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cycles_support import Q4, check_in, kr, objective, open_ws

from okrtui.services import views
from okrtui.services.reviews import build_report


def test_each_key_result_is_scored_once_a_day(path: Path, monkeypatch):
    ws = open_ws(path, "2026-11-22")
    grow = objective(ws, "Grow")
    check_in(ws, kr(ws, grow, "Deals", start=0, target=10), ("2026-11-10", 4), ("2026-11-20", 6))
    kr(ws, grow, "Calls", start=0, target=100)
    check_in(ws, kr(ws, objective(ws, "Keep"), "Churn", start=5, target=2), ("2026-11-21", 4))
    scored: Counter[tuple[str, str]] = Counter()
    score_kr = views.score_kr

    def counting(record, period, today, *args, **kwargs):
        scored[(record.id, today.isoformat())] += 1
        return score_kr(record, period, today, *args, **kwargs)

    monkeypatch.setattr(views, "score_kr", counting)
    report = build_report(ws, Q4)
    assert [o.id for o in report.objectives] == ["O-1", "O-2"]
    assert scored == {(kr_id, day): 1 for kr_id in ("KR-1", "KR-2", "KR-3") for day in ("2026-11-22", "2026-11-15")}
