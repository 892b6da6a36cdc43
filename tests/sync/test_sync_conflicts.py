"""What two clones can't both have: the same field changed differently, a record deleted on one side and changed on
the other, a KPI key or a carried objective made twice, an alignment cycle; and a clone that kept working on a record
the other renumbered. Real git runs the real merge driver; ``okrtui git conflicts`` resolves."""

from __future__ import annotations

import json

import pytest
from sync_support import by_title, canonical, make_team, records


@pytest.fixture
def pair(tmp_path):
    """alice and bob, clones of one origin holding the seed records (sync_support.seed)."""
    return make_team(tmp_path, ["alice", "bob"])


def _pull_origin(clone, check=True):
    return clone.pull("origin", check=check)


def test_the_same_field_changed_on_both_sides_stops_git_until_a_side_is_taken(pair):
    alice, bob = pair
    alice.ok("kr", "edit", "KR-3", "--title", "ACV from alice")
    alice.ok("kpi", "record", "mrr", "1000", "--date", "2026-11-20")
    alice.ok("kpi", "record", "churn", "2.5", "--date", "2026-11-18")
    alice.ok("kr", "checkin", "KR-1", "45")
    alice.commit("alice")
    alice.git("push", "-q", "origin", "main")
    bob.ok("kr", "edit", "KR-3", "--title", "ACV from bob")
    bob.ok("kpi", "record", "mrr", "2000", "--date", "2026-11-20")
    bob.ok("kpi", "record", "churn", "2.5", "--date", "2026-11-18")
    bob.ok("kpi", "record", "mrr", "3000", "--date", "2026-11-19")
    bob.commit("bob")
    bob.db.chmod(0o600)  # bob's file is his alone: so is what a merge keeps beside it

    pulled = _pull_origin(bob, check=False)

    assert pulled.code != 0
    assert "CONFLICT (content): Merge conflict in okrs.json" in pulled.out + pulled.err
    assert (bob.path / "okrs.json.conflicts").stat().st_mode & 0o777 == 0o600
    assert "okrtui: conflict: KR-3 title: ours 'ACV from bob', theirs 'ACV from alice'" in pulled.err
    text = bob.db.read_text()
    assert "<<<<<<<" not in text
    data = json.loads(text)
    everything = records(data)
    assert everything["KR-3"]["title"] == "ACV from bob"  # ours, until a side is taken
    assert everything["K-1"]["history"]["2026-11-20"] == 2000
    assert everything["K-1"]["history"]["2026-11-19"] == 3000
    assert 45 in [checkin["value"] for checkin in everything["KR-1"]["checkins"]]
    listed = json.loads(bob.ok("git", "conflicts", "--json"))
    assert [(c["record"], c["field"], c["ours"], c["theirs"]) for c in listed] == [
        ("KR-3", "title", "ACV from bob", "ACV from alice"),
        ("K-1", "history.2026-11-20", 2000, 1000),
    ]  # churn: the same value on both sides is no conflict
    assert "KR-3 title: ours 'ACV from bob', theirs 'ACV from alice'" in bob.ok("git", "conflicts")
    bob.healthy()

    taken = bob.ok("git", "conflicts", "--take", "theirs", "KR-3", "title")
    assert "1 conflict(s) left" in taken
    assert records(bob.data())["KR-3"]["title"] == "ACV from alice"
    assert "no conflicts left" in bob.ok("git", "conflicts", "--take", "ours")
    assert records(bob.data())["K-1"]["history"]["2026-11-20"] == 2000
    assert not (bob.path / "okrs.json.conflicts").exists()
    assert bob.ok("git", "conflicts") == "no conflicts"
    bob.git("add", "okrs.json", "okrs.json.journal")
    bob.git("commit", "-q", "--no-edit")
    bob.healthy()
    newest = bob.journal_entries()[-1]
    assert (newest["command"], newest["records"]) == ("git conflicts", ["KR-3"])


def test_deleted_on_one_side_and_changed_on_the_other_is_kept_until_a_side_is_taken(pair):
    alice, bob = pair
    alice.ok("objective", "delete", "O-5", "--yes")
    alice.commit("alice drops O-5")
    alice.git("push", "-q", "origin", "main")
    bob.ok("kr", "checkin", "KR-7", "170")
    bob.commit("bob checks in")

    assert _pull_origin(bob, check=False).code != 0

    everything = records(bob.data())
    assert {"O-5", "KR-7"} <= everything.keys()  # kept: nothing is lost
    assert not {"KR-8", "I-3", "I-4"} & everything.keys()  # deleted there, untouched here
    listed = {(c["record"], c["field"]) for c in json.loads(bob.ok("git", "conflicts", "--json"))}
    assert listed == {("KR-7", None), ("O-5", None)}
    bob.healthy()
    before = bob.db.read_bytes()
    refused = bob.okr("git", "conflicts", "--take", "theirs", "O-5")
    assert refused.code == 2
    assert refused.err.startswith("okrtui: KR-7 still names O-5")
    assert len(refused.err.splitlines()) == 1
    assert bob.db.read_bytes() == before

    bob.ok("git", "conflicts", "--take", "theirs")

    assert not {"O-5", "KR-7"} & records(bob.data()).keys()
    bob.healthy()


def test_a_clone_that_kept_working_on_a_renumbered_record_follows_it(pair):
    alice, bob = pair
    alice.ok("objective", "add", "Alice's goal", "--team", "A")
    alice.commit("alice adds O-6")
    alice.git("push", "-q", "origin", "main")
    bob.ok("objective", "add", "Bob's goal", "--team", "B")
    bob.commit("bob adds O-6")
    assert "theirs' O-6 is now O-7" in _pull_origin(bob).err
    bob.git("push", "-q", "origin", "main")
    bob.ok("kr", "checkin", "KR-1", "44")
    bob.commit("bob checks in")
    alice.ok("objective", "edit", "O-6", "--title", "Alice's goal, sharper")  # still O-6 in alice's clone
    alice.ok("kr", "add", "O-6", "Alice's kr", "--start", "0", "--target", "5")
    alice.commit("alice works on her O-6")

    pulled = _pull_origin(alice)
    assert "okrtui: git merge: our O-6 is now O-7 (an earlier merge renumbered it on theirs' side)" in pulled.err
    alice.healthy()
    alice.git("push", "-q", "origin", "main")
    _pull_origin(bob)
    bob.healthy()

    for clone in (alice, bob):
        data = clone.data()
        assert by_title(data, "Alice's goal, sharper")["id"] == "O-7"
        assert by_title(data, "Bob's goal")["id"] == "O-6"
        assert by_title(data, "Alice's kr")["objective"] == "O-7"
    alices, bobs = records(alice.data()), records(bob.data())
    assert alices.keys() == bobs.keys()
    assert [c["value"] for c in bobs.pop("KR-1")["checkins"]] == [
        c["value"] for c in alices.pop("KR-1")["checkins"]
    ] + [44]  # bob's check-in, not pushed before alice merged
    assert canonical(_as_tables(alices)) == canonical(_as_tables(bobs))
    shown = alice.ok("log", "O-7")
    assert "Alice's goal → Alice's goal, sharper" in shown


def test_a_kpi_key_made_on_both_sides_is_renamed_on_theirs(pair):
    alice, bob = pair
    alice.ok("kpi", "add", "Net promoter score", "--key", "nps", "--target", "40")
    alice.commit("alice")
    alice.git("push", "-q", "origin", "main")
    bob.ok("kpi", "add", "Promoters", "--key", "nps", "--target", "50")
    bob.commit("bob")

    pulled = _pull_origin(bob)

    assert "theirs' KPI key nps is now nps-2 (K-5)" in pulled.err
    data = bob.data()
    assert (by_title(data, "Promoters")["key"], by_title(data, "Net promoter score")["key"]) == ("nps", "nps-2")
    assert bob.journal_entries()[-1]["keys"] == {"K-5": {"from": "nps", "to": "nps-2"}}
    bob.healthy()


def test_an_objective_carried_on_by_both_sides_is_a_conflict_and_one_copy_is_taken(pair):
    alice, bob = pair
    for clone in pair:
        clone.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
        clone.commit(f"{clone.name} carries Q4 on")
    alice.git("push", "-q", "origin", "main")
    bobs = {doc["id"] for doc in records(bob.data()).values() if doc.get("carried_from")}

    assert _pull_origin(bob, check=False).code != 0

    listed = json.loads(bob.ok("git", "conflicts", "--json"))
    assert listed
    assert all(c["field"] == "carried_from" and "carried on by both sides" in c["reason"] for c in listed)
    bob.ok("git", "conflicts", "--take", "ours")
    carried = {doc["id"] for doc in records(bob.data()).values() if doc.get("carried_from")}
    assert carried == bobs
    assert len(listed) == len(bobs)
    bob.healthy()


def test_parents_changed_on_both_sides_into_a_cycle_keep_ours(pair):
    alice, bob = pair
    alice.ok("objective", "edit", "O-4", "--parent", "O-5")
    alice.commit("alice")
    alice.git("push", "-q", "origin", "main")
    bob.ok("objective", "edit", "O-5", "--parent", "O-4")
    bob.commit("bob")

    assert _pull_origin(bob, check=False).code != 0

    assert records(bob.data())["O-4"].get("parent") == "O-1"
    listed = json.loads(bob.ok("git", "conflicts", "--json"))
    assert [(c["record"], c["field"], c["ours"], c["theirs"]) for c in listed] == [("O-4", "parent", "O-1", "O-5")]
    bob.healthy()
    refused = bob.okr("git", "conflicts", "--take", "theirs")
    assert refused.code == 2
    assert "own ancestor" in refused.err
    bob.ok("git", "conflicts", "--take", "ours")
    bob.healthy()


def _as_tables(by_id: dict) -> dict:
    tables = {"O": "objectives", "KR": "key_results", "I": "initiatives", "K": "kpis"}
    data: dict = {table: {} for table in tables.values()}
    for record_id, doc in by_id.items():
        prefix, number = record_id.split("-")
        data[tables[prefix]][number] = doc
    return data


def test_pull_rebase_renumbers_my_unpushed_records_instead(pair):
    alice, bob = pair
    alice.ok("objective", "add", "Alice's goal", "--team", "A")
    alice.commit("alice adds O-6")
    alice.git("push", "-q", "origin", "main")
    mine = bob.ok("objective", "add", "Bob's goal", "--team", "B")
    bob.ok("kr", "add", mine, "Bob's kr", "--start", "0", "--target", "3")
    bob.commit("bob adds O-6")
    bob.ok("objective", "edit", mine, "--title", "Bob's goal, sharper")
    bob.commit("bob edits his O-6")

    rebased = bob.git("pull", "-q", "--rebase", "origin", "main")

    assert "theirs' O-6 is now O-7" in rebased.err  # in a rebase, "theirs" is the commit replayed: bob's
    data = bob.data()
    assert by_title(data, "Alice's goal")["id"] == "O-6"
    assert by_title(data, "Bob's goal, sharper")["id"] == "O-7"
    assert by_title(data, "Bob's kr")["objective"] == "O-7"
    bob.healthy()


def test_the_conflicts_of_an_aborted_merge_are_never_taken(pair):
    alice, bob = pair
    for clone in pair:
        clone.ok("kr", "edit", "KR-3", "--title", f"ACV from {clone.name}")
        clone.commit(clone.name)
    alice.git("push", "-q", "origin", "main")
    assert _pull_origin(bob, check=False).code != 0
    bob.git("merge", "--abort")
    before = bob.db.read_bytes()

    taken = bob.okr("git", "conflicts", "--take", "theirs")

    assert taken.code == 2
    assert taken.err.startswith("okrtui: no merge of okrs.json is under way")
    assert len(taken.err.splitlines()) == 1
    assert bob.db.read_bytes() == before
    assert records(bob.data())["KR-3"]["title"] == "ACV from bob"
    assert bob.ok("git", "conflicts").startswith("no conflicts")
    assert not (bob.path / "okrs.json.conflicts").exists()


def test_edits_of_different_fields_that_together_break_a_record_keep_ours_and_are_a_conflict(pair):
    alice, bob = pair
    alice.ok("kr", "edit", "KR-1", "--start", "45")  # 45 -> 38: fine alone
    alice.commit("alice")
    alice.git("push", "-q", "origin", "main")
    bob.ok("kr", "edit", "KR-1", "--target", "45")  # 59 -> 45: fine alone; with alice's start nothing to move
    bob.commit("bob")

    assert _pull_origin(bob, check=False).code != 0

    kr = records(bob.data())["KR-1"]
    assert (kr["start"], kr["target"]) == (59, 45)
    listed = json.loads(bob.ok("git", "conflicts", "--json"))
    assert [(c["record"], c["field"], c["ours"], c["theirs"]) for c in listed] == [("KR-1", "start", 59, 45)]
    assert "start equals target" in listed[0]["reason"]
    bob.healthy()
    before = bob.db.read_bytes()
    refused = bob.okr("git", "conflicts", "--take", "theirs", "KR-1", "start")
    assert refused.code == 2
    assert "start equals target" in refused.err
    assert len(refused.err.splitlines()) == 1
    assert bob.db.read_bytes() == before
    bob.ok("git", "conflicts", "--take", "ours")
    bob.healthy()
