"""One line per journal entry (formatting.change_summary): what ``okrtui log``, the UI's History and its toasts say."""

from __future__ import annotations

from okrtui.formatting import change_summary


def entry(*changes: dict, **extra) -> dict:
    return {"id": "C-9", "changes": list(changes), **extra}


def change(record: str, field: str | None, before, after) -> dict:
    return {"record": record, "field": field, "before": before, "after": after}


def test_a_field_edit_names_both_values():
    assert change_summary(entry(change("KR-3", "target", 8000, 8500))) == "KR-3 target 8,000 → 8,500"


def test_a_target_change_does_not_list_the_earlier_targets_beside_it():
    moved = entry(change("KR-3", "earlier_targets", None, [{"until": "2026-11-03"}]), change("KR-3", "target", 1, 2))
    assert change_summary(moved) == "KR-3 target 1 → 2"


def test_records_made_and_deleted_name_their_titles():
    made = change("O-2", None, None, {"id": "O-2", "title": "Grow revenue"})
    gone = change("K-1", None, {"id": "K-1", "name": "MRR"}, None)
    assert change_summary(entry(made, gone)) == "O-2 created: Grow revenue; K-1 deleted: MRR"


def test_kpi_values_added_replaced_and_deleted():
    assert change_summary(entry(change("K-1", "history.2026-11-20", None, 42))) == "K-1 value 42 on 2026-11-20"
    assert change_summary(entry(change("K-1", "history.2026-11-20", 41, 42.5))) == "K-1 value on 2026-11-20 41 → 42.5"
    assert change_summary(entry(change("K-1", "history.2026-11-20", 41, None))) == "K-1 value 41 on 2026-11-20 deleted"


def test_a_check_in_whose_date_moved_it_reads_as_one_change():
    a = {"date": "2026-11-01", "value": 50}
    b = {"date": "2026-11-08", "value": 52}
    moved = {"date": "2026-11-20", "value": 50}
    positions = entry(change("KR-1", "checkins.1", a, b), change("KR-1", "checkins.2", b, moved))
    assert change_summary(positions) == "KR-1 check-in 50 on 2026-11-01 → 50 on 2026-11-20"


def test_more_than_three_changes_are_counted():
    many = entry(*(change("O-1", name, "a", "b") for name in ("title", "owner", "team", "description", "period")))
    assert change_summary(many) == "O-1 title a → b; O-1 owner a → b; O-1 team a → b (+2 more)"


def test_an_import_an_undo_and_a_restore():
    values = [change("K-1", f"history.2026-11-{day:02d}", None, day) for day in range(1, 11)]
    assert change_summary(entry(*values, rows=12_000, records=["K-1"])) == (
        "import of 12,000 rows (10 values changed): K-1"
    )
    assert change_summary(entry(change("KR-1", "target", 2, 1), undoes="C-4")) == "undo C-4: KR-1 target 2 → 1"
    assert change_summary(entry(restored="okrs.json.2026-11-30")) == (
        "restore of okrs.json.2026-11-30: the replaced file could not be read"
    )


def test_user_text_is_escaped_and_cut():
    title = "\x1b[31m[bold]" + "x" * 60
    line = change_summary(entry(change("O-1", "title", "old", title)))
    assert "\x1b" not in line
    assert line.startswith("O-1 title old → \\x1b[31m[bold]xxx")
    assert line.endswith("…")


def test_the_demo_load_is_named_as_such():
    made = [change(f"O-{n}", None, None, {"title": "x"}) for n in range(1, 4)]
    assert change_summary(entry(*made, demo=True, records=["O-1", "O-2", "O-3"])) == "demo data loaded: 3 records"
