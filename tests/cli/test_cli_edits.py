"""``objective delete`` and who acts (``--as`` > OKRTUI_USER > the login name)."""

from __future__ import annotations

import getpass

import pytest


@pytest.fixture
def objective_with_krs(run, db):
    """O-1 with KR-1, KR-2 and initiative I-1; O-2 aligned to O-1. Returns the file's bytes."""
    run.add("objective", "add", "Grow")
    run.add("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100")
    run.add("kr", "add", "O-1", "Launch", "--milestone")
    run.add("initiative", "add", "KR-1", "Webinars")
    run.add("objective", "add", "Child", "--parent", "O-1")
    return db.read_bytes()


def test_delete_refuses_while_the_objective_has_key_results(run, db, objective_with_krs):
    result = run("objective", "delete", "O-1")
    result.assert_bad_input()
    assert "--yes" in result.err
    assert db.read_bytes() == objective_with_krs
    assert run("objective", "show", "O-1", "--json").code == 0


def test_delete_with_yes_removes_the_objective_and_its_key_results(run, objective_with_krs):
    result = run("objective", "delete", "o-1", "--yes")
    assert result.code == 0, result.err
    run("objective", "show", "O-1").assert_bad_input()
    run("kr", "show", "KR-1").assert_bad_input()
    run("kr", "show", "KR-2").assert_bad_input()
    assert [o["id"] for o in run.ok("objective", "list", "--json").json] == ["O-2"]
    assert run.ok("objective", "show", "O-2", "--json").json["parent"] is None


def test_delete_without_key_results_needs_no_yes(run):
    run.add("objective", "add", "Empty")
    result = run("objective", "delete", "O-1")
    assert result.code == 0, result.err
    assert run.ok("objective", "list", "--json").json == []


def test_delete_after_its_key_results_are_deleted(run, objective_with_krs):
    run.ok("kr", "delete", "KR-1")
    run("objective", "delete", "O-1").assert_bad_input()  # KR-2 is still there
    run.ok("kr", "delete", "KR-2")
    assert run("objective", "delete", "O-1").code == 0


# -- who acts ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def kr(run):
    run.add("objective", "add", "Grow")
    return run.add("kr", "add", "O-1", "Deals", "--start", "0", "--target", "10")


def last_author(run, kr_id: str) -> str:
    return run.ok("kr", "show", kr_id, "--json").json["checkins"][-1]["author"]


def test_as_is_recorded_as_the_author(run, kr):
    run.ok("--as", "alice", "kr", "checkin", kr, "1")
    assert last_author(run, kr) == "alice"


def test_okrtui_user_is_recorded_as_the_author(run, kr):
    run.ok("kr", "checkin", kr, "2", env={"OKRTUI_USER": "bob"})
    assert last_author(run, kr) == "bob"


def test_as_wins_over_okrtui_user(run, kr):
    run.ok("--as", "alice", "kr", "checkin", kr, "3", env={"OKRTUI_USER": "bob"})
    assert last_author(run, kr) == "alice"


def test_without_either_the_login_name_is_the_author(run, kr):
    run.ok("kr", "checkin", kr, "4")
    assert last_author(run, kr) == getpass.getuser()


def test_each_check_in_keeps_its_own_author(run, kr):
    run.ok("--as", "alice", "kr", "checkin", kr, "1")
    run.ok("kr", "checkin", kr, "2", env={"OKRTUI_USER": "bob"})
    run.ok("--as", "chen", "kr", "checkin", kr, "3", env={"OKRTUI_USER": "bob"})
    authors = [c["author"] for c in run.ok("kr", "show", kr, "--json").json["checkins"]]
    assert authors == ["alice", "bob", "chen"]
