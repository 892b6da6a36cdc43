"""Sorting a table by a column (okrtui.services.filters): pure functions over records, the orders written out by
hand."""

from __future__ import annotations

from typing import NamedTuple

from okrtui.services.filters import next_sort, sort_initiatives, sort_kpis, sort_krs


class Kr(NamedTuple):
    id: str
    status: str
    progress: float


class Item(NamedTuple):
    id: str
    status: str
    owner: str
    due: str | None


class Kpi(NamedTuple):
    id: str
    key: str


# O-6 of the demo as of 2026-11-22, and one of each closed outcome
KRS = [
    Kr("KR-11", "on-track", 1.0),
    Kr("KR-12", "on-track", 0.63),
    Kr("KR-13", "off-track", 0.0),
    Kr("KR-14", "dropped", 0.13),
    Kr("KR-15", "pending", 0.0),
    Kr("KR-20", "achieved", 1.0),
    Kr("KR-21", "at-risk", 0.4),
    Kr("KR-22", "missed", 0.2),
]
ITEMS = [
    Item("I-1", "done", "alice", "2026-10-21"),
    Item("I-2", "doing", "bob", "2026-12-01"),
    Item("I-3", "blocked", "Alice", None),
    Item("I-4", "doing", "chen", "2026-11-15"),
    Item("I-5", "todo", "", "2026-12-10"),
    Item("I-6", "done", "gwen", "2026-10-26"),
]
KPIS = [Kpi("K-1", "mrr"), Kpi("K-2", "conversion"), Kpi("K-3", "churn"), Kpi("K-4", "First-response"), Kpi("K-5", "x")]
HEALTH = {"K-1": "amber", "K-2": "green", "K-3": "stale", "K-4": "amber", "K-5": "red"}


def ids(records) -> list[str]:
    return [record.id for record in records]


def test_the_sort_key_cycles_through_each_tables_columns_then_back_to_none():
    assert [next_sort("krs", s) for s in (None, "status", "progress", "owner")] == ["status", "progress", "owner", None]
    assert [next_sort("initiatives", s) for s in (None, "status", "owner", "due")] == ["status", "owner", "due", None]
    assert [next_sort("kpis", s) for s in (None, "health", "key")] == ["health", "key", None]
    assert next_sort("kpis", "due") == "health", "a column the table lacks starts over"


def test_key_results_by_status_put_the_open_ones_needing_attention_first():
    assert ids(sort_krs(KRS, "status")) == ["KR-13", "KR-21", "KR-15", "KR-11", "KR-12", "KR-22", "KR-20", "KR-14"]


def test_key_results_by_progress_lowest_first_ties_in_their_order():
    assert ids(sort_krs(KRS, "progress")) == ["KR-13", "KR-15", "KR-14", "KR-22", "KR-21", "KR-12", "KR-11", "KR-20"]


def test_key_results_by_their_objectives_owner():
    owners = {"KR-11": "erik", "KR-12": "alice", "KR-13": "Bob", "KR-14": "", "KR-15": "alice"}
    krs = KRS[:5]
    assert ids(sort_krs(krs, "owner", lambda kr: owners[kr.id])) == ["KR-12", "KR-15", "KR-13", "KR-11", "KR-14"]


def test_unsorted_keeps_the_stored_order_and_copies():
    assert ids(sort_krs(KRS, None)) == ids(KRS)
    assert sort_krs(KRS, None) is not KRS


def test_initiatives_by_status_owner_and_due():
    assert ids(sort_initiatives(ITEMS, "status")) == ["I-3", "I-2", "I-4", "I-5", "I-1", "I-6"]
    assert ids(sort_initiatives(ITEMS, "owner")) == ["I-1", "I-3", "I-2", "I-4", "I-6", "I-5"], "no owner last"
    assert ids(sort_initiatives(ITEMS, "due")) == ["I-1", "I-6", "I-4", "I-2", "I-5", "I-3"], "no due date last"


def test_kpis_by_health_worst_first_and_by_key():
    assert ids(sort_kpis(KPIS, "health", lambda kpi: HEALTH[kpi.id])) == ["K-5", "K-1", "K-4", "K-3", "K-2"]
    assert ids(sort_kpis(KPIS, "key")) == ["K-3", "K-2", "K-4", "K-1", "K-5"]
