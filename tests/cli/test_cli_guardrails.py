"""Issue 12, items 1 to 4 from the command line: guards of weight 0 (an objective with status only), the unclamped
ratio, range guards (``--between``) and commit / stretch zones, in ``kr add|edit|show``, ``status``, ``objective``
and ``period close``.

The day is 2026-11-22 in 2026-Q4 (52 of 91 days: expected 0.5714); every number is worked out by hand beside it.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def objective(run) -> str:
    return run.add("objective", "add", "Shorten the sales lifecycle", "--team", "Sales")


def show(run, kr_id: str) -> dict:
    return run.ok("kr", "show", kr_id, "--json").json


def objective_json(run, objective_id: str) -> dict:
    return run.ok("objective", "show", objective_id, "--json").json


# -- 1. guards of weight 0 --------------------------------------------------------------------------------------------


class TestGuardWeights:
    def test_a_new_guard_weighs_0_and_other_kinds_1(self, run, objective):
        ids = [
            run.add("kr", "add", objective, "Conversion", "--at-least", "9"),
            run.add("kr", "add", objective, "Refunds", "--at-most", "2"),
            run.add("kr", "add", objective, "Latency", "--between", "100", "200"),
            run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38"),
            run.add("kr", "add", objective, "Pricing page", "--milestone"),
        ]
        assert [show(run, kr_id)["weight"] for kr_id in ids] == [0, 0, 0, 1, 1]

    def test_a_guard_given_a_weight_keeps_it_and_any_kind_may_weigh_0(self, run, objective):
        guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9", "--weight", "2")
        growth = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38", "--weight", "0")
        assert (show(run, guard)["weight"], show(run, growth)["weight"]) == (2, 0)

    def test_a_negative_weight_is_bad_input(self, run, objective, db):
        run.ok("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
        before = db.read_bytes()
        run("kr", "add", objective, "Lead", "--start", "1", "--target", "2", "--weight", "-1").assert_bad_input()
        run("kr", "edit", "KR-1", "--weight", "-1").assert_bad_input()
        assert db.read_bytes() == before

    def test_a_guard_of_weight_0_leaves_progress_to_the_others_and_still_sets_the_status(self, run, objective):
        """Cycle 59 → 38 at 44: (44 − 59) / (38 − 59) = 0.7143. Conversion at least 9 at 8: off-track, weight 0.
        The objective: 0.7143 (not (0.7143 + 0) / 2 = 0.3571), off-track."""
        cycle = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
        guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9")
        run.ok("kr", "checkin", cycle, "44")
        run.ok("kr", "checkin", guard, "8")
        shown = objective_json(run, objective)
        assert (shown["progress"], shown["status"]) == (0.7143, "off-track")

    def test_an_objective_of_guards_only_has_null_progress_and_shows_its_status(self, run, objective):
        guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9")
        run.ok("kr", "checkin", guard, "9.5")
        listed = run.ok("status", "--json").json["objectives"][0]
        assert (listed["progress"], listed["status"]) == (None, "on-track")
        text = run.ok("objective", "show", objective).out
        assert "status only" in text
        assert "%" not in text.split("\n")[2]  # the progress line has no percent
        assert "status only" in run.ok("objective", "list").out
        assert "status only" in run.ok("status").out

    def test_a_parent_leaves_out_a_child_with_status_only(self, run, objective):
        """Parent P with children: the guards-only objective (null) and one at 0.5: P's progress is 0.5."""
        parent = run.add("objective", "add", "Win the mid-market")
        run.ok("objective", "edit", objective, "--parent", parent)
        run.add("kr", "add", objective, "Conversion", "--at-least", "9")
        other = run.add("objective", "add", "Referrals", "--parent", parent)
        referrals = run.add("kr", "add", other, "Referrals", "--start", "0", "--target", "100")
        run.ok("kr", "checkin", referrals, "50")
        assert objective_json(run, parent)["progress"] == 0.5


# -- 2. the unclamped ratio -------------------------------------------------------------------------------------------


class TestRatio:
    def test_the_json_has_the_unclamped_ratio(self, run, objective):
        """Demos 10 → 20 at 25: 1.5; lead time 59 → 38 at 65: 6 / −21 = −0.2857; a guard null; a milestone 1."""
        demos = run.add("kr", "add", objective, "Demos", "--start", "10", "--target", "20")
        lead = run.add("kr", "add", objective, "Lead time", "--start", "59", "--target", "38")
        guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9")
        page = run.add("kr", "add", objective, "Pricing page", "--milestone")
        for kr_id, value in [(demos, "25"), (lead, "65"), (guard, "10"), (page, "done")]:
            run.ok("kr", "checkin", kr_id, value)
        ratios = [(show(run, kr_id)["ratio"], show(run, kr_id)["progress"]) for kr_id in (demos, lead, guard, page)]
        assert ratios == [(1.5, 1.0), (-0.2857, 0.0), (None, 1.0), (1, 1.0)]

    def test_kr_show_prints_150_percent_exceeded_and_minus_29_percent_below_baseline(self, run, objective):
        demos = run.add("kr", "add", objective, "Demos", "--start", "10", "--target", "20")
        lead = run.add("kr", "add", objective, "Lead time", "--start", "59", "--target", "38")
        run.ok("kr", "checkin", demos, "25")
        run.ok("kr", "checkin", lead, "65")
        assert "150% exceeded" in run.ok("kr", "show", demos).out
        assert "−29% below baseline" in run.ok("kr", "show", lead).out


# -- 3. range guards --------------------------------------------------------------------------------------------------


class TestRange:
    def test_between_adds_a_range_guard(self, run, objective, db):
        latency = run.add("kr", "add", objective, "p95 latency", "--between", "100", "200", "--unit", "ms")
        run.ok("kr", "checkin", latency, "250")
        shown = show(run, latency)
        assert (shown["kind"], shown["low"], shown["high"], shown["target"], shown["start"]) == (
            "range",
            100,
            200,
            200,
            None,
        )
        assert (shown["progress"], shown["status"], shown["ratio"]) == (0.0, "off-track", None)
        assert "100 ms … 200 ms (now 250 ms)" in run.ok("kr", "show", latency).out

    def test_the_bounds_are_included(self, run, objective):
        latency = run.add("kr", "add", objective, "p95 latency", "--between", "100", "200")
        run.ok("kr", "checkin", latency, "200")
        assert show(run, latency)["status"] == "on-track"

    @pytest.mark.parametrize(
        "bounds",
        [("200", "100"), ("x", "200"), ("100", "nan")],
    )
    def test_bad_bounds_are_bad_input(self, run, objective, db, bounds):
        run.ok("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
        before = db.read_bytes()
        run("kr", "add", objective, "p95", "--between", *bounds).assert_bad_input()
        assert db.read_bytes() == before

    def test_between_and_another_kind_is_bad_input(self, run, objective):
        run("kr", "add", objective, "p95", "--between", "1", "2", "--at-least", "3").assert_bad_input()

    def test_kr_edit_moves_the_range_and_keeps_the_earlier_one(self, run, objective):
        latency = run.add("kr", "add", objective, "p95 latency", "--between", "100", "200", today="2026-10-01")
        run.ok("kr", "checkin", latency, "250", today="2026-10-05")
        run.ok("--as", "lead", "kr", "edit", latency, "--between", "100", "300", today="2026-11-03")
        shown = show(run, latency)
        assert (shown["low"], shown["high"], shown["status"]) == (100, 300, "on-track")
        assert shown["earlier_targets"] == [
            {
                "until": "2026-11-03",
                "by": "lead",
                "kind": "range",
                "start": None,
                "target": 200,
                "low": 100,
                "high": 200,
            }
        ]
        assert run.ok("kr", "show", latency, "--json", today="2026-11-02").json["status"] == "off-track"

    def test_kr_edit_turns_an_increase_into_a_range(self, run, objective):
        kr_id = run.add("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
        run.ok("kr", "edit", kr_id, "--between", "30", "40")
        assert (show(run, kr_id)["kind"], show(run, kr_id)["low"]) == ("range", 30)

    def test_its_grade_is_the_share_of_check_ins_in_bounds(self, run):
        """Q3, 100..200: 150, 250, 100, 90: 2 of 4 in bounds, grade 0.5."""
        objective = run.add("objective", "add", "Keep it fast", "--period", "2026-Q3")
        latency = run.add("kr", "add", objective, "p95", "--between", "100", "200")
        for day, value in [("2026-07-06", "150"), ("2026-08-03", "250"), ("2026-08-31", "100"), ("2026-09-28", "90")]:
            run.ok("kr", "checkin", latency, value, "--date", day)
        run.ok("period", "close", "2026-Q3", "--yes")
        assert show(run, latency)["grade"] == 0.5


# -- 4. commit and stretch --------------------------------------------------------------------------------------------


class TestCommitStretch:
    def test_zone_in_the_json_and_kr_show(self, run, objective):
        """Trials 0 → 100, commit 60, stretch 150, at 120: progress 1.0 (to the target), ratio 1.2, zone target."""
        trials = run.add(
            "kr", "add", objective, "Trials", "--start", "0", "--target", "100", "--commit", "60", "--stretch", "150"
        )
        run.ok("kr", "checkin", trials, "120")
        shown = show(run, trials)
        assert (shown["commit"], shown["stretch"], shown["progress"], shown["ratio"], shown["zone"]) == (
            60,
            150,
            1.0,
            1.2,
            "target",
        )
        text = run.ok("kr", "show", trials).out
        assert "commit 60" in text and "stretch 150" in text and "zone target" in text

    def test_a_key_result_without_levels_has_a_null_zone(self, run, objective):
        trials = run.add("kr", "add", objective, "Trials", "--start", "0", "--target", "100")
        assert show(run, trials)["zone"] is None

    @pytest.mark.parametrize(
        "options",
        [
            ("--start", "0", "--target", "100", "--commit", "150"),
            ("--start", "0", "--target", "100", "--stretch", "50"),
            ("--start", "59", "--target", "38", "--stretch", "40"),
            ("--at-least", "9", "--commit", "8"),
            ("--start", "0", "--target", "100", "--commit", "x"),
        ],
    )
    def test_levels_on_the_wrong_side_are_bad_input(self, run, objective, db, options):
        run.ok("kr", "add", objective, "Cycle", "--start", "59", "--target", "38")
        before = db.read_bytes()
        run("kr", "add", objective, "Trials", *options).assert_bad_input()
        assert db.read_bytes() == before

    def test_kr_edit_sets_and_clears_them(self, run, objective):
        trials = run.add("kr", "add", objective, "Trials", "--start", "0", "--target", "100")
        run.ok("kr", "edit", trials, "--commit", "70", "--stretch", "130")
        assert (show(run, trials)["commit"], show(run, trials)["stretch"]) == (70, 130)
        run.ok("kr", "edit", trials, "--commit", "")
        assert (show(run, trials)["commit"], show(run, trials)["stretch"]) == (None, 130)

    def test_closing_a_period_counts_the_zones(self, run):
        """Q3: A 0 → 100 commit 60 at 70 (committed); B commit 60 stretch 150 at 160 (stretch); C at 30 commit 60
        (below commit); D without levels (no zone)."""
        objective = run.add("objective", "add", "Grow", "--period", "2026-Q3")
        for title, value, levels in [
            ("A", "70", ["--commit", "60"]),
            ("B", "160", ["--commit", "60", "--stretch", "150"]),
            ("C", "30", ["--commit", "60"]),
            ("D", "50", []),
        ]:
            kr_id = run.add("kr", "add", objective, title, "--start", "0", "--target", "100", *levels)
            run.ok("kr", "checkin", kr_id, value, "--date", "2026-09-01")
        out = run.ok("period", "close", "2026-Q3", "--yes").out
        assert "zones: 1 below commit, 1 committed, 0 target, 1 stretch" in out


def test_closing_grades_a_status_only_objective_with_no_grade_and_its_guards_with_theirs(run):
    """Q3, at least 9 (weight 0): 9.4 and 8.7, 1 of 2 in bounds: grade 0.5. The objective: Σw = 0, no grade (shown
    as –), and it is carried on (a status-only objective is never finished)."""
    objective = run.add("objective", "add", "Keep sales healthy", "--period", "2026-Q3")
    guard = run.add("kr", "add", objective, "Conversion", "--at-least", "9")
    run.ok("kr", "checkin", guard, "9.4", "--date", "2026-07-06")
    run.ok("kr", "checkin", guard, "8.7", "--date", "2026-08-03")
    out = run.ok("period", "close", "2026-Q3", "--yes").out
    assert f"{objective}     –" in out
    shown = objective_json(run, objective)
    assert ("grade" in shown, shown["key_results"][0]["grade"], shown["progress"]) == (False, 0.5, None)
    assert run.ok("period", "carry", "2026-Q3", "--to", "2026-Q4").out.startswith(f"{objective} -> ")


def test_carrying_over_keeps_the_levels_still_ahead_and_drops_a_commit_already_passed(run):
    """Q3: 0 → 100, commit 60, stretch 150, at 70: carried as 70 → 100; the commit 60 is behind the new start, so it
    is dropped; the stretch 150 stays. 0 → 100, commit 80 at 50: carried as 50 → 100 with its commit 80."""
    objective = run.add("objective", "add", "Grow", "--period", "2026-Q3")
    passed = run.add(
        "kr", "add", objective, "A", "--start", "0", "--target", "100", "--commit", "60", "--stretch", "150"
    )
    ahead = run.add("kr", "add", objective, "B", "--start", "0", "--target", "100", "--commit", "80")
    run.ok("kr", "checkin", passed, "70", "--date", "2026-09-01")
    run.ok("kr", "checkin", ahead, "50", "--date", "2026-09-01")
    assert run.ok("period", "carry", "2026-Q3", "--to", "2026-Q4").out.split() == [
        "O-1", "->", "O-2", "KR-1", "->", "KR-3", "KR-2", "->", "KR-4"
    ]  # fmt: skip
    carried = [show(run, kr_id) for kr_id in ("KR-3", "KR-4")]
    assert [(kr["start"], kr["commit"], kr["stretch"]) for kr in carried] == [(70, None, 150), (50, 80, None)]


def test_the_report_shows_a_range_from_low_to_high(run, objective):
    latency = run.add("kr", "add", objective, "p95 latency", "--between", "100", "200", "--unit", "ms")
    run.ok("kr", "checkin", latency, "250")
    assert f"| {latency} p95 latency | 250 ms | 100 ms … 200 ms |" in run.ok("report").out
    (reported,) = run.ok("report", "--format", "json").json["objectives"][0]["key_results"]
    assert (reported["low"], reported["target"]) == (100, 200)
