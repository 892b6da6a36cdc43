"""The three-way merge of records and journals as pure functions (services/sync.py), for the cases the git tests
don't reach: corrections of check-ins and KPI values, the same change on both sides, deletions on both sides."""

from __future__ import annotations

import copy

import orjson

from okrtui.services import sync

AT = "2026-11-22T10:00:00Z"


def _file(krs: dict | None = None, kpis: dict | None = None, counters: dict | None = None) -> dict:
    meta = {"schema_version": 1, "counters": {"O": 1, "KR": 1, "I": 0, "K": 1, **(counters or {})}}
    objective = {"id": "O-1", "title": "Goal", "period": "2026-Q4", "rev": 1}
    return {
        "objectives": {"1": objective},
        "key_results": krs or {},
        "initiatives": {},
        "kpis": kpis or {},
        "meta": {"1": meta},
    }


def _kr(checkins: list[dict], **fields) -> dict:
    return {
        "id": "KR-1",
        "objective": "O-1",
        "title": "KR",
        "kind": "increase",
        "start": 0,
        "target": 10,
        "checkins": checkins,
        "rev": 1,
        **fields,
    }


def _checkin(day: str, value: float, note: str = "") -> dict:
    return {"author": "a", "date": day, "note": note, "value": value}


def test_a_corrected_check_in_and_a_new_one_both_arrive():
    first, second = _checkin("2026-11-01", 3), _checkin("2026-11-08", 4)
    base = _file({"1": _kr([first, second])})
    ours = _file({"1": _kr([first, _checkin("2026-11-08", 5, "corrected")], rev=2)})
    theirs = _file({"1": _kr([first, second, _checkin("2026-11-15", 6)], rev=2)})

    merged = sync.merge_data(base, ours, theirs, at=AT)

    assert merged.conflicts == []
    values = [(c["date"], c["value"]) for c in merged.data["key_results"]["1"]["checkins"]]
    assert values == [("2026-11-01", 3), ("2026-11-08", 5), ("2026-11-15", 6)]
    assert merged.data["key_results"]["1"]["rev"] == 3


def test_a_kpi_value_taken_back_on_one_side_goes_and_changed_on_the_other_is_a_conflict():
    kpi = {
        "id": "K-1",
        "key": "mrr",
        "name": "MRR",
        "target": 10,
        "rev": 1,
        "history": {"2026-11-01": 1, "2026-11-08": 2},
    }
    base = _file(kpis={"1": kpi})
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    del ours["kpis"]["1"]["history"]["2026-11-01"]
    del ours["kpis"]["1"]["history"]["2026-11-08"]
    theirs["kpis"]["1"]["history"]["2026-11-08"] = 7

    merged = sync.merge_data(base, ours, theirs, at=AT)

    assert merged.data["kpis"]["1"]["history"] == {}  # ours' value (none) stays until a side is taken
    assert [(c.record, c.field, c.ours, c.theirs) for c in merged.conflicts] == [
        ("K-1", "history.2026-11-08", sync.MISSING, 7)
    ]
    assert merged.conflicts[0].as_json()["ours"] is None


def test_the_same_change_on_both_sides_is_no_conflict_and_a_record_deleted_on_both_sides_stays_gone():
    base = _file({"1": _kr([]), "2": {**_kr([]), "id": "KR-2"}}, counters={"KR": 2})
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)
    for side in (ours, theirs):
        side["key_results"]["1"]["title"] = "Sharper"
        del side["key_results"]["2"]

    merged = sync.merge_data(base, ours, theirs, at=AT)

    assert merged.conflicts == []
    assert list(merged.data["key_results"]) == ["1"]
    assert merged.data["key_results"]["1"]["title"] == "Sharper"


def _line(entry: dict) -> bytes:
    return orjson.dumps(entry, option=orjson.OPT_SORT_KEYS) + b"\n"


def _entry(number: int, record: str, after: object, **extra) -> dict:
    change = {"record": record, "field": "title", "before": None, "after": after}
    return {
        "id": f"C-{number}",
        "at": AT,
        "by": "a",
        "command": "x",
        "day": "2026-11-22",
        "changes": [change],
        "records": [record],
        **extra,
    }


def test_theirs_entries_are_numbered_after_ours_and_what_both_have_is_kept_once():
    shared = _entry(1, "O-1", "shared")
    ours = _line(shared) + _line(_entry(2, "O-1", "ours"))
    theirs = _line(shared) + _line(_entry(2, "O-2", "theirs")) + _line(_entry(3, "O-2", "theirs", undoes="C-2"))

    merged = sync.merge_journals(
        ours, theirs, ours_last=2, theirs_last=3, ours_map={}, theirs_map={"O-2": "O-5"}, merge_entry=None
    )

    entries = [orjson.loads(line) for line in merged.content.splitlines()]
    assert [entry["id"] for entry in entries] == ["C-1", "C-2", "C-3", "C-4"]
    assert [entry["changes"][0]["after"] for entry in entries] == ["shared", "ours", "theirs", "theirs"]
    assert entries[2]["records"] == ["O-5"]
    assert entries[2]["changes"][0]["record"] == "O-5"
    assert entries[3]["undoes"] == "C-3"
    assert merged.last == 4
    assert merged.size == len(merged.content)


def _objective(record_id: str, title: str, **fields) -> dict:
    return {"id": record_id, "title": title, "period": "2026-Q4", "owner": "o", "team": "t", "rev": 1, **fields}


def test_a_record_renumbered_twice_on_their_side_takes_our_changes_along():
    mine = _objective("O-2", "Bob's goal", team="B")
    base = _file()
    base["objectives"]["2"] = mine
    base["meta"]["1"]["counters"]["O"] = 2
    ours = copy.deepcopy(base)
    ours["objectives"]["2"] = {**mine, "owner": "bob", "rev": 2}
    theirs = copy.deepcopy(base)
    theirs["objectives"] = {
        "1": base["objectives"]["1"],
        "2": _objective("O-2", "Alice's goal", team="A"),
        "3": _objective("O-3", "Carol's goal", team="C"),
        "4": {**mine, "id": "O-4", "title": "Bob's goal, sharper"},
    }
    theirs["meta"]["1"]["counters"]["O"] = 4
    theirs["meta"]["1"]["renamed"] = [
        {"at": "2026-11-20T10:00:00Z", "from": "O-2", "to": "O-3"},
        {"at": "2026-11-21T10:00:00Z", "from": "O-3", "to": "O-4"},
    ]

    merged = sync.merge_data(base, ours, theirs, at=AT)

    assert merged.conflicts == []
    titles = {key: (doc["title"], doc.get("owner")) for key, doc in merged.data["objectives"].items()}
    assert titles == {
        "1": ("Goal", None),
        "2": ("Alice's goal", "o"),
        "3": ("Carol's goal", "o"),
        "4": ("Bob's goal, sharper", "bob"),
    }
    assert merged.adopted_ours == {"O-2": "O-4"}
