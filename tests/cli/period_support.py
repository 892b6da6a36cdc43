"""Helpers of the period tests (test_cli_period_*.py): the closing day, stored records, JSON of one record."""

from __future__ import annotations

import json

CLOSE_DAY = "2027-01-05"


def records(db, table: str) -> dict[str, dict]:
    """The stored documents of one table (objectives, key_results, initiatives), by id, read from the JSON file."""
    data = json.loads(db.read_text("utf-8"))
    return {doc["id"]: doc for doc in data.get(table, {}).values()}


def objective_json(cli, objective_id: str) -> dict:
    """One objective as ``objective show --json`` gives it."""
    return cli.ok("objective", "show", objective_id, "--json").json


def kr_json(cli, kr_id: str) -> dict:
    """One key result as ``kr show --json`` gives it."""
    return cli.ok("kr", "show", kr_id, "--json").json


def after_the_quarter(run):
    """Like ``run`` (same data file), with ``--today 2027-01-05``: 2026-Q4 is over, 2027-Q1 is the current quarter."""
    return type(run)(run.db, today=CLOSE_DAY)
