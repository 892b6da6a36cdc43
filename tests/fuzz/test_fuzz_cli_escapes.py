"""Fuzzed text (issue 6): text from the data file reaches the terminal escaped, JSON gives it back exactly,
errors are one escaped line, and a failure on a missing file creates nothing.

For every command: exit 0, or exit 2 (1 only for a data-file problem) with exactly one ``okrtui:`` line on stderr and
the data file byte-identical; never a traceback or an "internal error". After a success the file stays usable, human
output carries no raw control character (a title holding ``\\x1b[2J`` is shown escaped), and ``--json`` output is
valid JSON that gives back the stored text exactly.

Every example starts from a fresh copy of the known file that ``conftest._seed`` builds (O-1 with KR-1 increase,
KR-2 milestone, KR-3 at-least and I-1; O-2; O-3 aligned to O-1; KPIs mrr (K-1) and churn (K-2)).
"""

from __future__ import annotations

from fuzz_cli_support import HELP, still_usable
from fuzz_support import (
    any_text,
    assert_clean_outcome,
    assert_no_raw_controls,
    escape_text,
    id_text,
    nasty_text,
    number_text,
    period_text,
)
from hypothesis import assume, example, given
from hypothesis import strategies as st


def _short(limit: int) -> st.SearchStrategy[str]:
    return escape_text.filter(lambda text: len(text.strip()) <= limit)


@given(
    title=_short(200),
    owner=_short(80),
    team=_short(80),
    description=escape_text,
    kr_title=_short(200),
    unit=_short(20),
    note=escape_text,
    initiative=_short(200),
    kpi_name=_short(200),
)
def test_escapes_never_reach_the_terminal(
    sandbox, title, owner, team, description, kr_title, unit, note, initiative, kpi_name
):
    run, _ = sandbox.fresh()
    objective_id = run.ok(
        "objective", "add", title, "--owner", owner, "--team", team, "--description", description
    ).out.strip()
    kr_id = run.ok("kr", "add", objective_id, kr_title, "--start", "0", "--target", "10", "--unit", unit).out.strip()
    run.ok("kr", "checkin", kr_id, "4", "--note", note, "--date", "2026-11-20")
    run.ok("initiative", "add", kr_id, initiative, "--owner", owner)
    kpi_id = run.ok(
        "kpi", "add", kpi_name, "--key", "fz", "--target", "10", "--unit", unit, "--owner", owner
    ).out.strip()
    run.ok("kpi", "record", "fz", "3", "--date", "2026-11-20")

    # human output, as a colour terminal receives it
    for command in [
        ("objective", "list"),
        ("objective", "list", "--owner", owner),
        ("objective", "show", objective_id),
        ("kr", "show", kr_id),
        ("kr", "checkin", kr_id, "5", "--note", note),
        ("initiative", "list"),
        ("kpi", "list"),
        ("kpi", "show", "fz"),
        ("status",),
        ("status", "--check"),
        ("report",),
        ("due",),
    ]:
        result = run(*command, color=True)
        assert result.code in (0, 3), str(result)
        assert_no_raw_controls(result.out, str(result))

    # --json gives back exactly what is stored
    objective = run.stored_record("objectives", objective_id)
    kr = run.stored_record("key_results", kr_id)
    kpi = run.stored_record("kpis", kpi_id)
    assert (objective["title"], objective["owner"], objective["team"]) == (title.strip(), owner.strip(), team.strip())
    view = run.ok("objective", "show", objective_id, "--json").json
    for field in ("title", "owner", "team", "description"):
        assert view[field] == objective[field], field
    kr_view = run.ok("kr", "show", kr_id, "--json").json
    assert (kr_view["title"], kr_view["unit"]) == (kr["title"], kr["unit"])
    assert [c["note"] for c in kr_view["checkins"]] == [c["note"] for c in kr["checkins"]]
    assert kr["checkins"][0]["note"] == note.strip()
    kpi_view = run.ok("kpi", "show", "fz", "--json").json
    assert (kpi_view["name"], kpi_view["unit"], kpi_view["owner"]) == (kpi["name"], kpi["unit"], kpi["owner"])
    status = run.ok("status", "--json").json
    assert [o["title"] for o in status["objectives"] if o["id"] == objective_id] == [objective["title"]]
    report = run.ok("report", "--format", "json").json
    reported = [k for o in report["objectives"] for k in o["key_results"] if k["id"] == kr_id]
    assert reported[0]["latest_note"] == kr["checkins"][-1]["note"]


@given(title=escape_text.filter(lambda text: len(text.strip()) <= 200), note=escape_text)
# Regression (found by this test, fixed): `report --format csv` wrote titles and notes raw (reviews.to_csv), so a
# title holding "\x1b[2J" cleared the terminal of whoever ran the report.
@example(title="\x1b[2J", note="x")
def test_report_csv_escapes_text(sandbox, title, note):
    run, _ = sandbox.fresh()
    objective_id = run.ok("objective", "add", title).out.strip()
    kr_id = run.ok("kr", "add", objective_id, title, "--milestone").out.strip()
    run.ok("kr", "checkin", kr_id, "done", "--note", note)
    run.human("report", "--format", "csv")


@given(text=nasty_text)
def test_errors_are_one_escaped_line(sandbox, text):
    """Whatever the bad input echoed in the message, stderr stays one line without raw controls."""
    for args in [
        ("objective", "show", text),
        ("kr", "checkin", "KR-1", text),
        ("kpi", "record", text, "5"),
        ("objective", "add", "X", "--period", text),
        ("kr", "checkin", "KR-1", "5", "--date", text),
        ("kpi", "show", text),
        ("initiative", "add", text, "X"),
        (text,),
        ("kr", text),
    ]:
        if any(arg.strip() in HELP for arg in args) or args[0].startswith("-"):
            continue  # help is not input; a global option with no command would open the UI
        run, before = sandbox.fresh()
        assert_clean_outcome(run(*args), before, run.db)


@given(
    args=st.one_of(
        st.tuples(st.just("objective"), st.just("add"), any_text, st.just("--period"), period_text),
        st.tuples(st.just("kr"), st.just("checkin"), id_text("KR-1"), number_text),
        st.tuples(st.just("kpi"), st.just("add"), any_text, st.just("--target"), number_text),
        st.tuples(st.just("kpi"), st.just("record"), id_text("mrr"), number_text),
    ),
)
def test_failure_on_a_missing_file_creates_nothing(sandbox, args):
    """A failing first command leaves no data file behind (and a successful one writes a readable one)."""
    assume(all(arg.strip() not in HELP for arg in args))
    run, before = sandbox.fresh(missing=True)
    result = run(*args)
    assert_clean_outcome(result, before, run.db)
    if result.code == 0:
        still_usable(run)
