"""Three clones change the same file at once, in every way but one field changed twice (that is
test_sync_conflicts.py), and are merged with real git in every order: each order ends in the same records, nothing is
lost, every id names one record and ``doctor`` is healthy after every merge.

"The same records" (``canonical``): each record without its id, rev and author (bookkeeping a merge moves), its
references named by the title of the record they point to, its check-ins as a set. Ids can't be compared: which of
two records that both clones numbered O-7 keeps the number depends on who merged whom.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from sync_support import Clone, by_title, canonical, make_team, records


def _base(clone: Clone) -> None:
    """A closed-to-be quarter beside the seed's: 2026-Q3 with one key result and a check-in."""
    objective = clone.ok("objective", "add", "Q3 goal", "--period", "2026-Q3", "--team", "Ops")
    kr = clone.ok("kr", "add", objective, "Q3 kr", "--start", "0", "--target", "10")
    clone.ok("kr", "checkin", kr, "4", "--date", "2026-08-01")


def _alice(clone: Clone) -> None:
    objective = clone.ok("objective", "add", "A new goal", "--team", "Sales")
    kpi = clone.ok("kpi", "add", "A kpi", "--key", "a-kpi", "--target", "10")
    kr = clone.ok("kr", "add", objective, "A new kr", "--at-least", "5", "--kpi", kpi)
    clone.ok("initiative", "add", kr, "A new work", "--owner", "alice")
    clone.ok("kr", "checkin", "KR-1", "45", "--note", "from alice")
    values = clone.path.parent / "alice-values.csv"
    values.write_text("kpi,date,value\nmrr,2026-11-21,183000\nchurn,2026-11-21,2.4\n")
    clone.ok("kpi", "import", str(values))
    clone.ok("objective", "edit", "O-2", "--title", "Halve the sales cycle")
    clone.ok("period", "close", "2026-Q3", "--yes")


def _bob(clone: Clone) -> None:
    objective = clone.ok("objective", "add", "B new goal", "--team", "Support")
    clone.ok("objective", "add", "B child", "--team", "Support", "--parent", objective)
    kr = clone.ok("kr", "add", objective, "B new kr", "--start", "0", "--target", "8")
    clone.ok("initiative", "add", kr, "B new work", "--owner", "bob")
    clone.ok("kpi", "add", "B kpi", "--key", "b-kpi", "--target", "3")
    clone.ok("kr", "checkin", "KR-1", "44", "--note", "from bob")
    clone.ok("kr", "checkin", kr, "2")
    clone.ok("kpi", "record", "mrr", "183500", "--date", "2026-11-20")
    clone.ok("objective", "edit", "O-2", "--owner", "bob")
    q3_kr = by_title(clone.data(), "Q3 kr")["id"]
    clone.ok("kr", "checkin", q3_kr, "6", "--date", "2026-09-01")
    clone.ok("initiative", "delete", "I-4")


def _carol(clone: Clone) -> None:
    clone.ok("objective", "add", "C new goal", "--team", "People")
    clone.ok("kr", "checkin", "KR-4", "3")
    clone.ok("kr", "edit", "KR-1", "--target", "36")
    clone.ok("objective", "delete", "O-4", "--yes")
    clone.ok("kpi", "record", "churn", "2.45", "--date", "2026-11-20")
    clone.ok("initiative", "set", "I-3", "--status", "doing")


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three clones of one repository, each with its own commit of concurrent changes (none merged yet)."""
    root = tmp_path_factory.mktemp("team")
    alice, bob, carol = make_team(root, ["alice", "bob", "carol"], prepare=_base)
    for clone, change in ((alice, _alice), (bob, _bob), (carol, _carol)):
        change(clone)
        clone.commit(f"{clone.name}'s changes")
    return root


def _copy(changed: Path, tmp_path: Path) -> dict[str, Clone]:
    shutil.copytree(changed, tmp_path / "team", symlinks=True)
    return {name: Clone(tmp_path / "team" / name, name) for name in ("alice", "bob", "carol")}


def _merged_in_order(clones: dict[str, Clone], order: tuple[str, str, str], chained: bool) -> Clone:
    """``order`` = (into, first, second): ``into`` pulls ``first`` then ``second``; chained: ``first`` pulls
    ``second``, then ``into`` pulls ``first``. Doctor after every merge."""
    into, first, second = (clones[name] for name in order)
    steps = [(first, second), (into, first)] if chained else [(into, first), (into, second)]
    for target, source in steps:
        target.pull(source)
        target.healthy()
    return into


ORDERS = [(order, False) for order in itertools.permutations(("alice", "bob", "carol"))]
ORDERS += [(("alice", "bob", "carol"), True), (("carol", "bob", "alice"), True)]


def test_every_order_ends_in_the_same_records(changed, tmp_path):
    outcomes, ids = [], []
    for number, (order, chained) in enumerate(ORDERS):
        result = _merged_in_order(_copy(changed, tmp_path / str(number)), order, chained)
        outcomes.append(canonical(result.data()))
        ids.append(by_title(result.data(), "A new goal")["id"])
    assert all(outcome == outcomes[0] for outcome in outcomes[1:])
    assert len(outcomes[0]) == 20 + 2 + 4 + 5 + 1 - 3 - 1  # seed, Q3, alice's, bob's, carol's; O-4 and its 2 KRs, I-4
    assert len(set(ids)) > 1  # who merged whom decided the numbers: hence the comparison without them


def test_nothing_is_lost_and_every_reference_points_where_it_did(changed, tmp_path):
    clones = _copy(changed, tmp_path)
    alice = _merged_in_order(clones, ("alice", "bob", "carol"), chained=False)
    data = alice.data()
    everything = records(data)
    for title in ("A new goal", "B new goal", "C new goal", "B child", "A new kr", "B new kr", "A new work"):
        by_title(data, title)
    assert by_title(data, "B child")["parent"] == by_title(data, "B new goal")["id"]
    assert by_title(data, "B new kr")["objective"] == by_title(data, "B new goal")["id"]
    assert by_title(data, "B new work")["kr"] == by_title(data, "B new kr")["id"]
    assert by_title(data, "B new work")["objective"] == by_title(data, "B new goal")["id"]
    assert by_title(data, "A new kr")["kpi"] == by_title(data, "A kpi")["id"]
    assert {by_title(data, "A kpi")["key"], by_title(data, "B kpi")["key"]} == {"a-kpi", "b-kpi"}
    kr1 = everything["KR-1"]
    assert {(c["value"], c["note"]) for c in kr1["checkins"]} >= {(45, "from alice"), (44, "from bob")}
    assert kr1["target"] == 36
    assert everything["O-2"]["title"] == "Halve the sales cycle"
    assert everything["O-2"]["owner"] == "bob"
    assert [c["value"] for c in by_title(data, "B new kr")["checkins"]] == [2]
    mrr, churn = everything["K-1"]["history"], everything["K-3"]["history"]
    assert (mrr["2026-11-21"], mrr["2026-11-20"], churn["2026-11-21"], churn["2026-11-20"]) == (
        183000,
        183500,
        2.4,
        2.45,
    )
    q3, q3_kr = by_title(data, "Q3 goal"), by_title(data, "Q3 kr")
    assert q3["state"] == "closed"
    assert "grade" in q3_kr
    assert [c["value"] for c in q3_kr["checkins"]] == [4, 6]
    assert all(record_id not in everything for record_id in ("O-4", "KR-5", "KR-6", "I-4"))
    assert everything["I-3"]["status"] == "doing"
    alice.healthy_script()
    titles = [doc.get("title") or doc.get("name") for doc in everything.values()]
    assert len(titles) == len(set(titles))
    counters = data["meta"]["1"]["counters"]
    for prefix in ("O", "KR", "I", "K"):
        highest = max(int(record_id.split("-")[1]) for record_id in everything if record_id.split("-")[0] == prefix)
        assert counters[prefix] >= highest


def test_the_merged_journal_holds_every_change_once_and_the_next_write_follows(changed, tmp_path):
    clones = _copy(changed, tmp_path)
    counts = {name: len(clone.journal_entries()) for name, clone in clones.items()}
    alice = _merged_in_order(clones, ("alice", "bob", "carol"), chained=False)
    entries = alice.journal_entries()
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    merges = [entry for entry in entries if entry["command"] == "git merge"]
    shared = _shared_entries(changed)
    assert len(entries) == counts["alice"] + (counts["bob"] - shared) + (counts["carol"] - shared) + len(merges)
    assert len(merges) == 2
    assert all(entry["renamed"] for entry in merges)
    last = alice.data()["meta"]["1"]["journal"]["last"]
    assert last == max(int(entry_id.split("-")[1]) for entry_id in ids)
    logged = alice.okr("log", "--json", "--limit", "1000")
    assert logged.code == 0
    assert len(json.loads(logged.out)) == len(entries)
    alice.ok("kr", "checkin", "KR-3", "8100")
    newest = alice.journal_entries()[-1]
    assert newest["id"] == f"C-{last + 1}"
    alice.healthy()


def _shared_entries(changed: Path) -> int:
    """Entries the clones had in common before their changes: the base commit's journal."""
    from sync_support import git

    shown = git(changed / "alice", "show", "HEAD~1:okrs.json.journal").out
    return len([line for line in shown.splitlines() if line])


def test_colliding_ids_are_printed_and_journaled(changed, tmp_path):
    clones = _copy(changed, tmp_path)
    alice, bob = clones["alice"], clones["bob"]
    pulled = alice.pull(bob)
    assert "theirs' O-7 is now O-9" in pulled.err
    merge = alice.journal_entries()[-1]
    assert merge["command"] == "git merge"
    assert merge["renamed"] == {"O-7": "O-9", "KR-10": "KR-11", "I-5": "I-6", "K-4": "K-5"}  # O-8: alice had none
    data = alice.data()
    assert (by_title(data, "A new goal")["id"], by_title(data, "B new goal")["id"]) == ("O-7", "O-9")
    assert (by_title(data, "B child")["id"], by_title(data, "B child")["parent"]) == ("O-8", "O-9")
    assert (by_title(data, "B new kr")["id"], by_title(data, "B new kr")["objective"]) == ("KR-11", "O-9")
    assert by_title(data, "B new work")["kr"] == "KR-11"
    assert by_title(data, "B kpi")["id"] == "K-5"
    shown = alice.ok("log", "O-9")
    assert "git merge renumbered" in shown
    assert "B new goal" in shown
