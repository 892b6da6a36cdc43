"""``period close | reopen | carry``, ``scorecard``, alignment cycles and the roll-up (issue 5).

DESIGN.md "Semantics" pins the numbers: key result grade = progress as of the period's last day (today when closing
early); for at-least / at-most the share of the period's check-ins in bounds; objective grade = the weighted mean of
its key results; without key results, the mean of its aligned children. Every expected number below is worked out by
hand in a comment.

2026-Q4 runs 2026-10-01 .. 2026-12-31. Most tests close it on 2027-01-05 (``late``), so the grading day is 2026-12-31.
"""

from __future__ import annotations

import json

import pytest

CLOSE_DAY = "2027-01-05"


@pytest.fixture
def late(run):
    """Like ``run`` (same data file), with ``--today 2027-01-05``: 2026-Q4 is over, 2027-Q1 is the current quarter."""
    return type(run)(run.db, today=CLOSE_DAY)


def records(db, table: str) -> dict[str, dict]:
    """The stored documents of one table (objectives, key_results, initiatives), by id, read from the JSON file."""
    data = json.loads(db.read_text("utf-8"))
    return {doc["id"]: doc for doc in data.get(table, {}).values()}


def objective_json(cli, objective_id: str) -> dict:
    return cli.ok("objective", "show", objective_id, "--json").json


def kr_json(cli, kr_id: str) -> dict:
    return cli.ok("kr", "show", kr_id, "--json").json


# -- a quarter to grade -----------------------------------------------------------------------------------------------


@pytest.fixture
def quarter(late):
    """2026-Q4, checked in as of 2027-01-05:

    O-1 "Grow revenue" (alice), aligned to O-3:
      KR-1 increase 0 -> 10, weight 2: 3 on 10-15, 6 on 12-20, 9 on 2027-01-03 (after the period)
           grade = (6 - 0) / (10 - 0) = 0.6 (the January value doesn't count)
      KR-2 decrease 59 -> 38 days: 50 on 11-01, 44 on 12-01
           grade = (44 - 59) / (38 - 59) = 15 / 21 = 0.714285… -> 0.7143
      KR-3 milestone, done on 11-20: grade 1.0
      KR-4 at least 9 %: 5 on 09-20 (before the period), 9.5 on 10-10 (in), 8 on 10-31 (out), 9 on 11-15 (in: equal),
           10 on 12-10 (in), 3 on 2027-01-02 (after the period)
           grade = 3 in bounds of the 4 in the period = 0.75 (counting the 2 outside would give 3 / 6 = 0.5)
      I-1 under KR-1, doing
      O-1 grade = (2·0.6 + 1·0.714286 + 1·1.0 + 1·0.75) / (2 + 1 + 1 + 1) = 3.664286 / 5 = 0.732857 -> 0.7329
    O-2 "Ship the app" (bob), aligned to O-3:
      KR-5 increase 0 -> 3: 1 on 12-01; grade = 1 / 3 = 0.3333
      O-2 grade = 0.3333
    O-3 "Company" (carol), no key results: grade = mean of its children = (0.7329 + 0.3333) / 2 = 1.0662 / 2 = 0.5331
    """
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Grow revenue", "--owner", "alice", *q4)
    late.add("kr", "add", "O-1", "New deals", "--start", "0", "--target", "10", "--weight", "2")
    late.add("kr", "add", "O-1", "Sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    late.add("kr", "add", "O-1", "Pricing page", "--milestone")
    late.add("kr", "add", "O-1", "Conversion", "--at-least", "9", "--unit", "%")
    late.add("initiative", "add", "KR-1", "Cold calls", "--status", "doing")
    late.add("objective", "add", "Ship the app", "--owner", "bob", *q4)
    late.add("kr", "add", "O-2", "Screens done", "--start", "0", "--target", "3")
    late.add("objective", "add", "Company", "--owner", "carol", *q4)
    late.ok("objective", "edit", "O-1", "--parent", "O-3")
    late.ok("objective", "edit", "O-2", "--parent", "O-3")
    for kr_id, value, day in [
        ("KR-1", "3", "2026-10-15"), ("KR-1", "6", "2026-12-20"), ("KR-1", "9", "2027-01-03"),
        ("KR-2", "50", "2026-11-01"), ("KR-2", "44", "2026-12-01"),
        ("KR-3", "done", "2026-11-20"),
        ("KR-4", "5", "2026-09-20"), ("KR-4", "9.5", "2026-10-10"), ("KR-4", "8", "2026-10-31"),
        ("KR-4", "9", "2026-11-15"), ("KR-4", "10", "2026-12-10"), ("KR-4", "3", "2027-01-02"),
        ("KR-5", "1", "2026-12-01"),
    ]:
        late.ok("kr", "checkin", kr_id, value, "--date", day)


def test_close_grades_every_key_result_and_objective(late, quarter):
    result = late("period", "close", "2026-Q4", "--yes")
    assert result.code == 0, result.err

    o1 = objective_json(late, "O-1")
    assert o1["state"] == "closed"
    assert o1["grade"] == 0.7329
    assert {kr["id"]: kr["grade"] for kr in o1["key_results"]} == {
        "KR-1": 0.6, "KR-2": 0.7143, "KR-3": 1.0, "KR-4": 0.75,
    }
    assert objective_json(late, "O-2")["grade"] == 0.3333
    o3 = objective_json(late, "O-3")
    assert o3["key_results"] == []
    assert o3["grade"] == 0.5331
    assert o3["state"] == "closed"


@pytest.mark.parametrize(
    ("kr_id", "grade"),
    [("KR-1", 0.6), ("KR-2", 0.7143), ("KR-3", 1.0), ("KR-4", 0.75), ("KR-5", 0.3333)],
)
def test_kr_show_json_carries_the_grade(late, quarter, kr_id, grade):
    late.ok("period", "close", "2026-Q4", "--yes")
    assert kr_json(late, kr_id)["grade"] == grade


def test_no_grade_in_the_json_before_the_period_is_closed(late, quarter):
    assert "grade" not in objective_json(late, "O-1")
    assert "grade" not in kr_json(late, "KR-1")


def test_close_prints_the_grades(late, quarter):
    out = late.ok("period", "close", "2026-Q4", "--yes").out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["O-1"][1] == "0.73"  # 0.7329 to 2 places
    assert rows["O-2"][1] == "0.33"
    assert rows["O-3"][1] == "0.53"
    assert rows["KR-2"][1] == "0.71"
    assert rows["KR-4"][1] == "0.75"


def test_close_stores_the_retrospective_note(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes", "--retro", "O-1", "Pricing page shipped late")
    stored = records(db, "objectives")
    assert stored["O-1"]["retro"] == "Pricing page shipped late"
    assert stored["O-2"]["retro"] == ""


def test_close_without_yes_on_a_pipe_changes_nothing(late, quarter, db):
    before = db.read_bytes()
    result = late("period", "close", "2026-Q4")  # CliRunner's stdin is not a terminal
    result.assert_bad_input()
    assert "--yes" in result.err
    assert db.read_bytes() == before
    assert objective_json(late, "O-1")["state"] == "active"


def test_close_a_period_with_nothing_open(late, quarter, db):
    before = db.read_bytes()
    late("period", "close", "2027-Q1", "--yes").assert_bad_input()
    assert db.read_bytes() == before


def test_closing_twice_is_refused(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes")
    closed = db.read_bytes()
    late("period", "close", "2026-Q4", "--yes").assert_bad_input()
    assert db.read_bytes() == closed


def test_a_retro_for_an_objective_outside_the_period_is_refused(late, quarter, db):
    late.add("objective", "add", "Next quarter")  # O-4 in 2027-Q1
    before = db.read_bytes()
    late("period", "close", "2026-Q4", "--yes", "--retro", "O-4", "not this one").assert_bad_input()
    assert db.read_bytes() == before


# -- closed records are read-only -------------------------------------------------------------------------------------


CHANGES_TO_CLOSED = [
    ("kr", "checkin", "KR-1", "7"),
    ("kr", "checkin", "KR-1", "7", "--date", "2026-12-30"),
    ("kr", "edit", "KR-1", "--title", "More deals"),
    ("kr", "edit", "KR-1", "--target", "12"),
    ("kr", "add", "O-1", "Referrals", "--start", "0", "--target", "5"),
    ("kr", "delete", "KR-2"),
    ("objective", "edit", "O-1", "--title", "Grow faster"),
    ("objective", "edit", "O-1", "--owner", "dave"),
    ("objective", "delete", "O-1", "--yes"),
    ("initiative", "add", "O-1", "Hire a salesperson"),
    ("initiative", "add", "KR-1", "Webinars"),
    ("initiative", "set", "I-1", "--status", "done"),
]


@pytest.mark.parametrize("args", CHANGES_TO_CLOSED, ids=lambda args: " ".join(args))
def test_a_closed_record_refuses_changes(late, quarter, db, args):
    late.ok("period", "close", "2026-Q4", "--yes")
    closed = db.read_bytes()
    result = late(*args)
    result.assert_bad_input()
    assert "reopen" in result.err
    assert db.read_bytes() == closed


def test_reopen_the_period(late, quarter, db):
    late.ok("period", "close", "2026-Q4", "--yes")
    result = late("period", "reopen", "2026-Q4")
    assert result.code == 0, result.err
    assert "O-1, O-2, O-3" in result.out
    for objective_id in ("O-1", "O-2", "O-3"):
        shown = objective_json(late, objective_id)
        assert shown["state"] == "active"
        assert "grade" not in shown
        assert all("grade" not in kr for kr in shown["key_results"])
    assert "grade" not in kr_json(late, "KR-4")
    stored = records(db, "key_results")
    assert stored["KR-1"].get("grade") is None  # None fields are left out of the file
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    assert [c["value"] for c in kr_json(late, "KR-1")["checkins"]] == [3, 6, 8, 9]  # by date: 12-30 before 2027-01-03
    late.ok("kr", "edit", "KR-1", "--title", "More deals")
    assert kr_json(late, "KR-1")["title"] == "More deals"


def test_reopen_then_close_grades_again(late, quarter):
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("period", "reopen", "2026-Q4")
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    late.ok("period", "close", "2026-Q4", "--yes")
    # KR-1 = 8 / 10 = 0.8; O-1 = (2·0.8 + 0.714286 + 1 + 0.75) / 5 = 4.064286 / 5 = 0.812857 -> 0.8129
    assert kr_json(late, "KR-1")["grade"] == 0.8
    assert objective_json(late, "O-1")["grade"] == 0.8129
    # O-3 = (0.8129 + 0.3333) / 2 = 1.1462 / 2 = 0.5731
    assert objective_json(late, "O-3")["grade"] == 0.5731


def test_reopen_a_period_with_nothing_closed(late, quarter, db):
    before = db.read_bytes()
    late("period", "reopen", "2026-Q4").assert_bad_input()
    assert db.read_bytes() == before


def test_objective_edit_state_active_reopens_one_objective(late, quarter):
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("objective", "edit", "O-1", "--state", "active")
    assert objective_json(late, "O-1")["state"] == "active"
    assert objective_json(late, "O-2")["state"] == "closed"
    late.ok("kr", "checkin", "KR-1", "8", "--date", "2026-12-30")
    assert [c["value"] for c in kr_json(late, "KR-1")["checkins"]] == [3, 6, 8, 9]
    refused = late("kr", "checkin", "KR-5", "2")  # O-2 is still closed
    refused.assert_bad_input()
    assert "reopen" in refused.err


def test_reopening_one_objective_clears_its_grades(late, quarter):
    """Like ``period reopen``: an objective that is active again has no grade until the next close."""
    late.ok("period", "close", "2026-Q4", "--yes")
    late.ok("objective", "edit", "O-1", "--state", "active")
    shown = objective_json(late, "O-1")
    assert "grade" not in shown
    assert [kr for kr in shown["key_results"] if "grade" in kr] == []
    assert objective_json(late, "O-2")["grade"] == 0.3333  # still closed, still graded


# -- carry-over -------------------------------------------------------------------------------------------------------


@pytest.fixture
def carry_quarter(late):
    """2026-Q4, closed on 2027-01-05:

    O-1 "Grow revenue" (alice, financial):
      KR-1 increase 0 -> 10 deals, weight 2, at 4     grade 0.4   unfinished: restarts 4 -> 10
      KR-2 milestone, done                             grade 1     finished: stays behind
      KR-3 increase 0 -> 5, at 5 (target reached)      grade 1     finished: stays behind
      KR-4 milestone, not done                         grade 0     unfinished
      KR-5 at least 9, at 10                           grade 1     a maintain result: comes along
      I-1 under KR-1 doing, I-2 under O-1 done, I-3 under KR-3 todo, I-4 under O-1 blocked
      grade = (2·0.4 + 1 + 1 + 0 + 1) / 6 = 3.8 / 6 = 0.6333: unfinished
    O-2 "Shorten sales cycle" (bob), aligned to O-1:
      KR-6 decrease 59 -> 38 days, at 44               grade 15 / 21 = 0.7143: unfinished
    O-3 "Ship v2" (carol):
      KR-7 increase 0 -> 3, at 3; KR-8 milestone done  grade 1.0: finished, not carried
      I-5 under O-3 todo
    """
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Grow revenue", "--owner", "alice", "--perspective", "financial", *q4)
    late.add("kr", "add", "O-1", "New deals", "--start", "0", "--target", "10", "--weight", "2", "--unit", "deals")
    late.add("kr", "add", "O-1", "Pricing page", "--milestone")
    late.add("kr", "add", "O-1", "Webinars", "--start", "0", "--target", "5")
    late.add("kr", "add", "O-1", "Partner program", "--milestone")
    late.add("kr", "add", "O-1", "Conversion", "--at-least", "9", "--unit", "%")
    late.add("initiative", "add", "KR-1", "Cold calls", "--status", "doing", "--owner", "alice")
    late.add("initiative", "add", "O-1", "Hire an SDR", "--status", "done")
    late.add("initiative", "add", "KR-3", "Webinar series", "--status", "todo")
    late.add("initiative", "add", "O-1", "Pricing research", "--status", "blocked", "--due", "2026-12-15")
    late.add("objective", "add", "Shorten sales cycle", "--owner", "bob", "--parent", "O-1", *q4)
    late.add("kr", "add", "O-2", "Sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    late.add("objective", "add", "Ship v2", "--owner", "carol", *q4)
    late.add("kr", "add", "O-3", "Screens", "--start", "0", "--target", "3")
    late.add("kr", "add", "O-3", "Release", "--milestone")
    late.add("initiative", "add", "O-3", "Beta programme")
    for kr_id, value in [("KR-1", "4"), ("KR-2", "done"), ("KR-3", "5"), ("KR-5", "10"), ("KR-6", "44"),
                         ("KR-7", "3"), ("KR-8", "done")]:
        late.ok("kr", "checkin", kr_id, value, "--date", "2026-11-10")
    late.ok("period", "close", "2026-Q4", "--yes")


def test_carry_prints_the_new_ids(late, carry_quarter):
    result = late("period", "carry", "2026-Q4", "--to", "2027-Q1")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "O-1 -> O-4", "KR-1 -> KR-9", "KR-4 -> KR-10", "KR-5 -> KR-11",
        "O-2 -> O-5", "KR-6 -> KR-12",
    ]


def test_carried_copies(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    listed = late.ok("objective", "list", "--period", "2027-Q1", "--json").json
    assert [o["id"] for o in listed] == ["O-4", "O-5"]  # O-3 (graded 1.0) stays behind

    copy = objective_json(late, "O-4")
    assert copy["period"] == "2027-Q1"
    assert copy["state"] == "active"
    assert "grade" not in copy
    assert copy["title"] == "Grow revenue"
    assert copy["owner"] == "alice"
    assert copy["perspective"] == "financial"
    assert copy["parent"] is None
    assert [kr["title"] for kr in copy["key_results"]] == ["New deals", "Partner program", "Conversion"]

    stored = records(db, "objectives")
    assert stored["O-4"]["carried_from"] == "O-1"
    assert stored["O-5"]["carried_from"] == "O-2"
    assert stored["O-4"]["retro"] == ""


def test_carried_key_results_restart_from_their_current_values(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    deals = kr_json(late, "KR-9")
    assert (deals["objective"], deals["kind"], deals["start"], deals["target"], deals["current"]) == (
        "O-4", "increase", 4, 10, 4)
    assert (deals["weight"], deals["unit"], deals["progress"], deals["checkins"]) == (2, "deals", 0, [])
    assert "grade" not in deals

    partner = kr_json(late, "KR-10")
    assert (partner["kind"], partner["start"], partner["target"], partner["current"], partner["checkins"]) == (
        "milestone", 0, 1, 0, [])

    conversion = kr_json(late, "KR-11")
    assert (conversion["kind"], conversion["start"], conversion["target"], conversion["current"]) == (
        "at-least", None, 9, None)
    assert conversion["checkins"] == []

    cycle = kr_json(late, "KR-12")
    assert (cycle["objective"], cycle["kind"], cycle["start"], cycle["target"], cycle["unit"]) == (
        "O-5", "decrease", 44, 38, "days")
    assert cycle["checkins"] == []

    stored = records(db, "key_results")
    assert {kr_id for kr_id, kr in stored.items() if kr["objective"] in ("O-4", "O-5")} == {
        "KR-9", "KR-10", "KR-11", "KR-12"}
    assert all(stored[kr_id].get("grade") is None for kr_id in ("KR-9", "KR-10", "KR-11", "KR-12"))


def test_unfinished_initiatives_come_along(late, carry_quarter):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = [i for i in late.ok("initiative", "list", "--json").json if i["objective"] in ("O-4", "O-5")]
    assert [(i["title"], i["status"], i["kr"]) for i in carried] == [
        ("Cold calls", "doing", "KR-9"),  # follows its key result's copy
        ("Webinar series", "todo", None),  # its key result (KR-3) was finished and stayed behind
        ("Pricing research", "blocked", None),
    ]
    assert carried[0]["owner"] == "alice"
    assert all(i["objective"] == "O-4" for i in carried)


def test_alignment_follows_the_copies(late, carry_quarter):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    assert objective_json(late, "O-5")["parent"] == "O-4"
    assert objective_json(late, "O-4")["children"] == ["O-5"]


def test_alignment_follows_the_copies_when_the_parent_came_later(late, db):
    """A child added before its parent (aligned with ``objective edit --parent`` afterwards) aligns to the parent's
    copy too."""
    q4 = ("--period", "2026-Q4")
    late.add("objective", "add", "Team goal", *q4)  # O-1
    late.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    late.add("objective", "add", "Company goal", *q4)  # O-2
    late.add("kr", "add", "O-2", "Revenue", "--start", "0", "--target", "100")
    late.ok("objective", "edit", "O-1", "--parent", "O-2")
    out = late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1").out
    assert "O-1 -> O-3" in out.splitlines()
    assert "O-2 -> O-4" in out.splitlines()
    assert objective_json(late, "O-3")["parent"] == "O-4"
    assert objective_json(late, "O-1")["parent"] == "O-2"


def test_carry_changes_nothing_in_the_source_period(late, carry_quarter, db):
    tables = ("objectives", "key_results", "initiatives")
    before = {table: records(db, table) for table in tables}
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    for table in tables:
        after = records(db, table)
        assert {record_id: after[record_id] for record_id in before[table]} == before[table]
    assert [o["state"] for o in late.ok("objective", "list", "--period", "2026-Q4", "--json").json] == ["closed"] * 3


def test_carrying_twice_is_refused(late, carry_quarter, db):
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = db.read_bytes()
    result = late("period", "carry", "2026-Q4", "--to", "2027-Q1")
    result.assert_bad_input()
    assert "O-1" in result.err
    assert db.read_bytes() == carried


def test_carrying_the_same_objective_into_another_period_is_refused(late, carry_quarter, db):
    """Issue 5: "carrying the same objective twice is refused" — also when the second carry goes elsewhere."""
    late.ok("period", "carry", "2026-Q4", "--to", "2027-Q1")
    carried = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2027-Q2").assert_bad_input()
    assert db.read_bytes() == carried


def test_carry_with_nothing_unfinished(late, db):
    late.add("objective", "add", "Done", "--period", "2026-Q4")
    late.add("kr", "add", "O-1", "Ship", "--milestone")
    late.ok("kr", "checkin", "KR-1", "done", "--date", "2026-12-01")
    before = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2027-Q1").assert_bad_input()
    assert db.read_bytes() == before


def test_carry_into_the_same_period_is_refused(late, carry_quarter, db):
    before = db.read_bytes()
    late("period", "carry", "2026-Q4", "--to", "2026-Q4").assert_bad_input()
    assert db.read_bytes() == before


# -- alignment: no cycles ---------------------------------------------------------------------------------------------


@pytest.fixture
def chain(run):
    """O-1 <- O-2 <- O-3: O-2 aligns to O-1, O-3 to O-2."""
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Team", "--parent", "O-1")
    run.add("objective", "add", "Person", "--parent", "O-2")


@pytest.mark.parametrize(("child", "parent"), [("O-1", "O-3"), ("O-1", "O-2"), ("O-2", "O-3"), ("O-1", "O-1")])
def test_an_objective_cannot_become_its_own_ancestor(run, db, chain, child, parent):
    before = db.read_bytes()
    result = run("objective", "edit", child, "--parent", parent)
    result.assert_bad_input()
    assert "own ancestor" in result.err
    assert db.read_bytes() == before
    assert objective_json(run, "O-1")["parent"] is None


def test_a_parent_that_makes_no_cycle_is_accepted(run, chain):
    run.add("objective", "add", "Other")  # O-4
    run.ok("objective", "edit", "O-3", "--parent", "O-1")
    run.ok("objective", "edit", "O-1", "--parent", "O-4")
    assert objective_json(run, "O-3")["parent"] == "O-1"
    assert objective_json(run, "O-1")["parent"] == "O-4"


# -- roll-up ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(run):
    """As of 2026-11-22:

    O-1 Company (no key results)
      O-2 Sales: KR-1 increase 0 -> 10 at 4                    progress 0.4
      O-3 Product (no key results)
        O-4 Launch: KR-2 milestone done                        progress 1.0
        O-5 Speed: KR-3 decrease 59 -> 38 at 44                progress 15 / 21 = 0.714286
      O-3 = (1.0 + 0.714286) / 2 = 0.857143 -> 0.8571
    O-1 = (0.4 + 0.857143) / 2 = 0.628571 -> 0.6286
    """
    run.add("objective", "add", "Company")
    run.add("objective", "add", "Sales", "--parent", "O-1")
    run.add("kr", "add", "O-2", "Deals", "--start", "0", "--target", "10")
    run.add("objective", "add", "Product", "--parent", "O-1")
    run.add("objective", "add", "Launch", "--parent", "O-3")
    run.add("kr", "add", "O-4", "Shipped", "--milestone")
    run.add("objective", "add", "Speed", "--parent", "O-3")
    run.add("kr", "add", "O-5", "Lead time", "--start", "59", "--target", "38")
    run.ok("kr", "checkin", "KR-1", "4")
    run.ok("kr", "checkin", "KR-2", "done")
    run.ok("kr", "checkin", "KR-3", "44")


def test_a_parent_without_key_results_takes_the_mean_of_its_children(run, tree):
    assert objective_json(run, "O-2")["progress"] == 0.4
    assert objective_json(run, "O-3")["progress"] == 0.8571
    company = objective_json(run, "O-1")
    assert company["progress"] == 0.6286
    assert company["children"] == ["O-2", "O-3"]


def test_a_parent_with_key_results_counts_only_those(run, tree):
    run.add("kr", "add", "O-1", "Revenue", "--start", "0", "--target", "4")  # KR-4
    run.ok("kr", "checkin", "KR-4", "1")
    assert objective_json(run, "O-1")["progress"] == 0.25  # 1 / 4; the children's 0.6286 no longer counts
    run.add("kr", "add", "O-1", "Board approval", "--milestone", "--weight", "3")  # KR-5
    run.ok("kr", "checkin", "KR-5", "done")
    assert objective_json(run, "O-1")["progress"] == 0.8125  # (1·0.25 + 3·1.0) / 4 = 3.25 / 4


def test_the_roll_up_follows_a_new_check_in(run, tree):
    run.ok("kr", "checkin", "KR-1", "10")
    # O-2 = 1.0; O-1 = (1.0 + 0.857143) / 2 = 0.928571 -> 0.9286
    assert objective_json(run, "O-1")["progress"] == 0.9286


# -- sandbagging ------------------------------------------------------------------------------------------------------


def perfect_objective(cli, title: str, period: str, owner: str, kr_day: str) -> None:
    """An objective of ``owner`` in ``period`` whose only key result (a milestone) is done: it grades 1.0."""
    objective_id = cli.add("objective", "add", title, "--period", period, "--owner", owner)
    kr_id = cli.add("kr", "add", objective_id, "Done", "--milestone")
    cli.ok("kr", "checkin", kr_id, "done", "--date", kr_day)


def hint_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("hint:")]


def test_period_close_prints_the_sandbagging_hint(late):
    perfect_objective(late, "Q3 goal", "2026-Q3", "alice", "2026-09-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    perfect_objective(late, "Bob's Q4 goal", "2026-Q4", "bob", "2026-12-01")
    assert hint_lines(late.ok("period", "close", "2026-Q3", "--yes").out) == []  # one perfect quarter is no pattern
    hints = hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out)
    assert len(hints) == 1
    assert "alice" in hints[0]
    assert "2026-Q3" in hints[0] and "2026-Q4" in hints[0]
    assert "bob" not in hints[0]


def test_no_hint_when_one_objective_graded_below_one(late):
    perfect_objective(late, "Q3 goal", "2026-Q3", "alice", "2026-09-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    stretch = late.add("objective", "add", "Stretch", "--period", "2026-Q4", "--owner", "alice")
    late.add("kr", "add", stretch, "Deals", "--start", "0", "--target", "10")
    late.ok("kr", "checkin", "KR-3", "9", "--date", "2026-12-01")  # grade 0.9
    late.ok("period", "close", "2026-Q3", "--yes")
    assert hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out) == []


def test_no_hint_for_quarters_that_are_not_consecutive(late):
    perfect_objective(late, "Q2 goal", "2026-Q2", "alice", "2026-06-01")
    perfect_objective(late, "Q4 goal", "2026-Q4", "alice", "2026-12-01")
    late.ok("period", "close", "2026-Q2", "--yes")
    assert hint_lines(late.ok("period", "close", "2026-Q4", "--yes").out) == []


# -- scorecard --------------------------------------------------------------------------------------------------------


@pytest.fixture
def perspectives(run):
    """As of 2026-11-22 (expected pace 52 / 91 = 0.5714):

    O-1 financial: KR-1 increase 0 -> 10 at 4 -> 0.4, gap 0.1714 -> at-risk
    O-2 customer:  KR-2 milestone done       -> 1.0, on-track
    O-3 learning:  no key results            -> 0.0, gap 0.5714 -> off-track
    O-4 (none):    KR-3 increase 0 -> 4 at 1 -> 0.25, gap 0.3214 -> off-track
    O-5 financial, in 2027-Q1: not in 2026-Q4's scorecard
    K-1 mrr financial, target 100, 120 on 11-20 -> green
    K-2 nps customer, target 50, warn 30, 40 on 11-20 -> amber
    K-3 uptime internal, no measurement -> no-data
    K-4 coffee (none), no measurement -> no-data
    """
    run.add("objective", "add", "Grow revenue", "--perspective", "financial")
    run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")
    run.add("objective", "add", "Delight customers", "--perspective", "customer")
    run.add("kr", "add", "O-2", "Support portal", "--milestone")
    run.add("objective", "add", "Learn Rust", "--perspective", "learning")
    run.add("objective", "add", "Misc")
    run.add("kr", "add", "O-4", "Chores", "--start", "0", "--target", "4")
    run.add("objective", "add", "Next quarter", "--perspective", "financial", "--period", "2027-Q1")
    run.ok("kr", "checkin", "KR-1", "4")
    run.ok("kr", "checkin", "KR-2", "done")
    run.ok("kr", "checkin", "KR-3", "1")
    run.add("kpi", "add", "MRR", "--target", "100", "--perspective", "financial")
    run.add("kpi", "add", "NPS", "--target", "50", "--warn", "30", "--perspective", "customer")
    run.add("kpi", "add", "Uptime", "--target", "99.9", "--perspective", "internal")
    run.add("kpi", "add", "Coffee", "--target", "3")
    run.ok("kpi", "record", "mrr", "120", "--date", "2026-11-20")
    run.ok("kpi", "record", "nps", "40", "--date", "2026-11-20")


def test_scorecard_groups_objectives_and_kpis_by_perspective(run, perspectives):
    assert run.ok("scorecard", "--json").json == {
        "period": "2026-Q4",
        "perspectives": [
            {"perspective": "financial",
             "objectives": [{"id": "O-1", "title": "Grow revenue", "progress": 0.4, "status": "at-risk"}],
             "kpis": [{"id": "K-1", "key": "mrr", "name": "MRR", "health": "green"}]},
            {"perspective": "customer",
             "objectives": [{"id": "O-2", "title": "Delight customers", "progress": 1.0, "status": "on-track"}],
             "kpis": [{"id": "K-2", "key": "nps", "name": "NPS", "health": "amber"}]},
            {"perspective": "internal",
             "objectives": [],
             "kpis": [{"id": "K-3", "key": "uptime", "name": "Uptime", "health": "no-data"}]},
            {"perspective": "learning",
             "objectives": [{"id": "O-3", "title": "Learn Rust", "progress": 0.0, "status": "off-track"}],
             "kpis": []},
            {"perspective": "none",
             "objectives": [{"id": "O-4", "title": "Misc", "progress": 0.25, "status": "off-track"}],
             "kpis": [{"id": "K-4", "key": "coffee", "name": "Coffee", "health": "no-data"}]},
        ],
    }


def test_scorecard_of_another_period(run, perspectives):
    card = run.ok("scorecard", "--period", "2027-Q1", "--json").json
    assert card["period"] == "2027-Q1"
    objectives = {group["perspective"]: [o["id"] for o in group["objectives"]] for group in card["perspectives"]}
    assert objectives == {"financial": ["O-5"], "customer": [], "internal": [], "learning": [], "none": []}


def test_scorecard_human_output_has_a_heading_per_perspective(run, perspectives):
    out = run.ok("scorecard").out
    headings = [line for line in out.splitlines() if line in ("Financial", "Customer", "Internal", "Learning", "None")]
    assert headings == ["Financial", "Customer", "Internal", "Learning", "None"]
