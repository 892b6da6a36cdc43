"""Fuzzed reads (issue 6): periods, report formats, --today and --as.

For every command: exit 0, or exit 2 (1 only for a data-file problem) with exactly one ``okrtui:`` line on stderr and
the data file byte-identical; never a traceback or an "internal error". After a success the file stays usable, human
output carries no raw control character (a title holding ``\\x1b[2J`` is shown escaped), and ``--json`` output is
valid JSON that gives back the stored text exactly.

Every example starts from a fresh copy of the known file that ``conftest._seed`` builds (O-1 with KR-1 increase,
KR-2 milestone, KR-3 at-least and I-1; O-2; O-3 aligned to O-1; KPIs mrr (K-1) and churn (K-2)).
"""

from __future__ import annotations

from fuzz_cli_support import assert_finite_numbers, attempt
from fuzz_support import any_text, assert_clean_outcome, date_text, period_text
from hypothesis import example, given
from hypothesis import strategies as st


@given(period=period_text, as_json=st.booleans(), check=st.booleans())
def test_status_period(sandbox, period, as_json, check):
    args = ["status", "--period", period] + (["--json"] if as_json else []) + (["--check"] if check else [])
    run, before = sandbox.fresh()
    result = run(*args, color=True)
    if check and result.code == 3:  # --check found something: not an error, one summary on stdout
        result.code = 0
    assert_clean_outcome(result, before, run.db)
    if result.code == 0:
        if as_json:
            assert_finite_numbers(result.json)
        else:
            run.human(*args[:3])


@given(period=period_text, fmt=st.sampled_from(["md", "json", "csv"]))
def test_report_period(sandbox, period, fmt):
    run, result = attempt(sandbox, "report", "--period", period, "--format", fmt)
    if result.code == 0 and fmt == "json":
        assert_finite_numbers(result.json)
    if result.code == 0 and fmt == "md":
        run.human("report", "--period", period)


@given(
    today=date_text,
    command=st.sampled_from(
        [
            ("status",),
            ("report",),
            ("status", "--json"),
            ("kr", "show", "KR-1"),
            ("objective", "list"),
            ("kpi", "list"),
            ("due",),
        ]
    ),
)
# Regression (found by this test, fixed): `report` subtracts a week from today (reviews.build_report); --today
# 0001-01-01 overflowed: "internal error: OverflowError: date value out of range".
@example(today="0001-01-01", command=("report",))
def test_today(sandbox, today, command):
    _, result = attempt(sandbox, *command, today=today)
    if result.code == 0 and "--json" in command:
        assert_finite_numbers(result.json)


@given(actor=any_text)
def test_as(sandbox, actor):
    run, result = attempt(sandbox, "--as", actor, "kr", "checkin", "KR-1", "41")
    if result.code:
        return
    expected = actor.strip() if actor else "fuzzer"  # --as "" falls back to OKRTUI_USER
    assert run.stored_record("key_results", "KR-1")["checkins"][-1]["author"] == expected
    run.human("kr", "show", "KR-1")
