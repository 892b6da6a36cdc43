"""Fuzzed data files edited by hand (issue 6): every command works on them or refuses them with one line.

For every command: exit 0, or exit 2 (1 only for a data-file problem) with exactly one ``okrtui:`` line on stderr and
the data file byte-identical; never a traceback or an "internal error". After a success the file stays usable, human
output carries no raw control character (a title holding ``\\x1b[2J`` is shown escaped), and ``--json`` output is
valid JSON that gives back the stored text exactly.

Every example starts from a fresh copy of the known file that ``conftest._seed`` builds (O-1 with KR-1 increase,
KR-2 milestone, KR-3 at-least and I-1; O-2; O-3 aligned to O-1; KPIs mrr (K-1) and churn (K-2)).
"""

from __future__ import annotations

import json

from fuzz_cli_support import json_value
from fuzz_support import assert_clean_outcome
from hypothesis import event, example, given
from hypothesis import strategies as st

EDITABLE = [
    ("objectives", "1", "title"),
    ("objectives", "1", "period"),
    ("objectives", "1", "parent"),
    ("objectives", "3", "parent"),
    ("objectives", "1", "state"),
    ("objectives", "1", "rev"),
    ("key_results", "1", "start"),
    ("key_results", "1", "target"),
    ("key_results", "1", "kind"),
    ("key_results", "1", "weight"),
    ("key_results", "1", "checkins"),
    ("key_results", "1", "objective"),
    ("key_results", "2", "kpi"),
    ("kpis", "1", "history"),
    ("kpis", "1", "target"),
    ("kpis", "1", "warn"),
    ("kpis", "1", "key"),
    ("kpis", "1", "frequency"),
    ("initiatives", "1", "due"),
    ("meta", "1", "counters"),
    ("meta", "1", "schema_version"),
]
_hand_value = st.one_of(
    json_value,
    st.sampled_from(
        [
            1e308,
            -1e308,
            1e15,
            2**64 - 1,
            -(2**63),
            "",
            "O-1",
            "O-3",
            "KR-1",
            "K-1",
            "2026-Q4",
            "0999",
            {"2026": 5},
            {"2026-11-01": 1e308, "2026-11-02": -1e308},
            {"2026-11-01": "abc"},
            [{"date": "2026-11-01", "value": 1e308}, {"date": "2026-11-02", "value": -1e308}],
            [{"date": "2026-13-01", "value": 1}],
            [{"value": 1}],
        ]
    ),
)
_edits = st.lists(st.tuples(st.sampled_from(EDITABLE), _hand_value), min_size=1, max_size=3)

HAND_COMMANDS = [
    ("status",),
    ("status", "--json"),
    ("objective", "show", "O-1"),
    ("kr", "show", "KR-1"),
    ("kpi", "list"),
    ("report",),
    ("due",),
    ("kr", "checkin", "KR-1", "5"),
    ("kpi", "record", "mrr", "5"),
    ("objective", "add", "New"),
]


@given(edits=_edits, command=st.sampled_from(HAND_COMMANDS))
# Bug (open): check-in values are only checked to be finite (CheckIn.value is FiniteFloat, while parse_number and
# Kpi.history cap values at 1e15); with check-ins 1e308 and -1e308 in the file, formatting.sparkline computes
# inf / inf = NaN and `status` / `objective show` end in "internal error: ValueError: cannot convert float NaN to
# integer".
@example(
    edits=[
        (
            ("key_results", "1", "checkins"),
            [{"date": "2026-11-01", "value": 1e308}, {"date": "2026-11-02", "value": -1e308}],
        )
    ],
    command=("status",),
)
# Bug (open): Kpi.history checks its values but not its keys, so a hand-typed day like "2026" loads and kpi_health's
# date.fromisoformat("2026") raises: `kpi list` / `status` end in "internal error: ValueError: Invalid isoformat
# string".
@example(edits=[(("kpis", "1", "history"), {"2026": 5})], command=("kpi", "list"))
# Bug (open): a record that is valid JSON but not a valid record (here a title of null) is loaded with
# Model.model_validate in store.repository.Repository.all/get, and the model's ValidationError was not turned into a
# DataFileError: every command that reads the file ends in "internal error: ValidationError: 1 validation error for
# Objective ..." instead of refusing the file with a line that names the record (issue 6, "A file corrupted by hand").
@example(edits=[(("objectives", "1", "title"), None)], command=("status",))
# Bug (open): store.migrations.schema_version does int(meta["schema_version"]) unguarded: null gives "internal error:
# TypeError: int() argument must be ...", "x" a ValueError; and a version below 0 makes migrate() look up
# MIGRATIONS[-1]: "internal error: KeyError: -1". A file with a bad schema version should be refused (exit 1, one line).
@example(edits=[(("meta", "1", "schema_version"), None)], command=("status",))
@example(edits=[(("meta", "1", "schema_version"), -1)], command=("status",))
# Bug (open): the cron paths work on raw documents and trust their shape: services.checkins.checkin does
# [*doc.get("checkins", []), entry] ("internal error: TypeError: Value after * must be an iterable, not int" when
# checkins is 5), services.measurements.record does {**doc.get("history", {}), ...} ("TypeError: 'NoneType' object is
# not a mapping" when history is null), store.repository.Repository.next_id does dict(meta.get("counters", {}))
# ("TypeError: cannot convert dictionary update sequence element #0 to a sequence" when counters is [1]).
@example(edits=[(("key_results", "1", "checkins"), 5)], command=("kr", "checkin", "KR-1", "5"))
@example(edits=[(("kpis", "1", "history"), None)], command=("kpi", "record", "mrr", "5"))
@example(edits=[(("meta", "1", "counters"), [1])], command=("objective", "add", "New"))
def test_hand_edited_file(sandbox, edits, command):
    """A file edited by hand: every command works, or refuses it with one clear line (exit 1 or 2), never a
    traceback, and a refused write leaves the file as it was."""
    run, base = sandbox.fresh()
    document = json.loads(base)
    for (table, doc_id, key), value in edits:
        document.setdefault(table, {}).setdefault(doc_id, {})[key] = value
    edited = json.dumps(document, indent=2, allow_nan=True).encode()
    run.db.write_bytes(edited)
    result = run(*command)
    event(f"exit {result.code}")
    assert_clean_outcome(result, edited, run.db)
