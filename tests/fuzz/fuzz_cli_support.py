"""Helpers of the fuzzed CLI tests (test_fuzz_cli_*.py): run one command on a fresh copy of the known file and
check the contract of its outcome, read an id it printed, check the file stays usable."""

from __future__ import annotations

import math
from typing import Any

from fuzz_support import Cli, Result, assert_clean_outcome, date_text, number_text
from hypothesis import assume, event
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

HELP = ("-h", "--help")


def attempt(sandbox, *args: str, input: str | None = None, today: str | None = "2026-11-22") -> tuple[Cli, Result]:
    """Run one command on a fresh copy of the base file and check CLI.md's contract for its outcome."""
    run, before = sandbox.fresh(today=today)
    result = run(*args, input=input)
    if currently_in_test_context():
        event(f"exit {result.code}")
    assert_clean_outcome(result, before, run.db)
    return run, result


def new_id(result: Result, prefix: str) -> str:
    """The id an ``add`` command printed alone on its line."""
    lines = result.out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix + "-"), str(result)
    return lines[0]


def still_usable(run: Cli, period: str = "2026-Q4") -> None:
    """After a success the file loads, and every reading command works and prints no raw control character."""
    status = run.ok("status", "--period", period, "--json").json
    assert status["period"] == period
    run.ok("report", "--period", period, "--format", "json").json  # noqa: B018 - parses
    run.human("objective", "list", "--period", period)
    run.human("status", "--period", period)
    run.human("report", "--period", period)
    run.human("kpi", "list")


def assert_finite_numbers(document: Any) -> None:
    """JSON numbers are plain finite numbers (json.loads would accept NaN and Infinity tokens)."""
    if isinstance(document, dict):
        for value in document.values():
            assert_finite_numbers(value)
    elif isinstance(document, list):
        for value in document:
            assert_finite_numbers(value)
    elif isinstance(document, float):
        assert math.isfinite(document), document


def positional(*values: str) -> None:
    """A positional argument that is click's help option prints help: not input."""
    assume(all(value.strip() not in HELP for value in values))


def write_series(run: Cli, *command: str, values: list[str]) -> None:
    """Run ``command VALUE --date 2026-11-1N`` for each value: each run is accepted or refused cleanly (file as it
    was), and at least one is accepted (else hypothesis looks for another example)."""
    accepted = 0
    for number, value in enumerate(values):
        positional(value)
        before = run.db.read_bytes()
        result = run(*command, value, "--date", f"2026-11-{10 + number}")
        assert_clean_outcome(result, before, run.db)
        accepted += result.code == 0
    assume(accepted)


EXTREMES = ["1e308", "-1e308", "1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "-5e-324", "0", "40"]
"""Numbers at the edges of a float, for a series of check-ins or KPI values."""

json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**25), max_value=10**25),
        st.floats(allow_nan=False, allow_infinity=False),
        number_text,
        date_text,
    ),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=4), children, max_size=2),
    max_leaves=4,
)
"""Any JSON value, nested a little: what a person might type into a JSON import or a data file."""
