"""Shell completion of record ids and KPI keys (click's ``shell_complete``), read straight from the data file.

Completion runs on every Tab, so it parses the file once with orjson and nothing more (no models, no lock, no
validation), and it never fails: whatever goes wrong (no file, a damaged one, no permission), it offers nothing and
prints nothing. Titles go along as help (zsh and fish show them) with control characters escaped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from okrtui.formatting import safe

if TYPE_CHECKING:  # click.shell_completion is loaded only when a shell asks for completions, never on the cron path
    from click.shell_completion import CompletionItem

    Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]

TABLES = {"O": "objectives", "KR": "key_results", "I": "initiatives", "K": "kpis"}
"""Id prefix -> the table of the data file that holds those records."""
HELP_WIDTH = 60
"""A title shown beside a completion is cut here."""


def record_ids(*prefixes: str) -> Completer:
    """Complete the ids of the records with these prefixes (``record_ids("KR", "O")``)."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        items: list[CompletionItem] = []
        for prefix in prefixes:
            items += [item for item in _items(ctx, TABLES[prefix], "id", "title") if _matches(item, incomplete)]
        return items

    return complete


def kpi_names(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Complete a KPI argument: its key (``mrr``) or its id (``K-1``)."""
    items = _items(ctx, "kpis", "key", "name") + _items(ctx, "kpis", "id", "name")
    return [item for item in items if _matches(item, incomplete)]


def checkin_handles(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Complete a check-in handle N of the KR-ID argument before it: 1, 2, ... with the date, value and note as help."""
    from click.shell_completion import CompletionItem

    try:
        record = _record(ctx, "key_results", str(ctx.params.get("kr_id", "")).strip().upper())
        entries = record.get("checkins") or []
        about = [" ".join(str(entry.get(key, "")) for key in ("date", "value", "note")) for entry in entries]
        items = [CompletionItem(str(handle), help=_help(text)) for handle, text in enumerate(about, start=1)]
        return [item for item in items if _matches(item, incomplete)]
    except Exception:  # as _items: never an error in the user's shell
        return []


def kpi_dates(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Complete a date of the KPI argument before it (key or id) that has a value, with the value as help."""
    from click.shell_completion import CompletionItem

    try:
        name = str(ctx.params.get("name", "")).strip()
        record = _record(ctx, "kpis", name.upper()) or _record(ctx, "kpis", name.lower(), field="key")
        history = record.get("history") or {}
        items = [CompletionItem(day, help=_help(str(value))) for day, value in history.items()]
        return [item for item in items if _matches(item, incomplete)]
    except Exception:  # as _items: never an error in the user's shell
        return []


def _record(ctx: click.Context, table: str, value: str, field: str = "id") -> dict:
    """The stored record of ``table`` whose ``field`` is ``value``, else an empty dict."""
    for record in (_read(ctx).get(table) or {}).values():
        if isinstance(record, dict) and record.get(field) == value:
            return record
    return {}


def _matches(item: CompletionItem, incomplete: str) -> bool:
    return str(item.value).lower().startswith(incomplete.lower())


def _items(ctx: click.Context, table: str, field: str, about: str) -> list[CompletionItem]:
    """One completion per record of ``table``: its ``field``, with ``about`` as help; none when anything fails."""
    from click.shell_completion import CompletionItem

    try:
        records = _read(ctx).get(table) or {}
        found = []
        for record in records.values():
            value = record.get(field) if isinstance(record, dict) else None
            if isinstance(value, str) and value and value.isprintable() and not any(c.isspace() for c in value):
                found.append(CompletionItem(value, help=_help(record.get(about))))
        return found
    except Exception:  # completion must never print an error or a traceback into the user's shell
        return []


def _help(text: Any) -> str | None:
    if not isinstance(text, str) or not text:
        return None
    flat = safe(" ".join(text.split()))
    return flat if len(flat) <= HELP_WIDTH else flat[: HELP_WIDTH - 1] + "…"


def _read(ctx: click.Context) -> dict[str, Any]:
    """The data file as stored (``{table: {doc_id: record}}``), parsed once per completion."""
    root = ctx.find_root()
    cached = root.meta.get("okrtui.completion")
    if cached is None:
        import orjson

        cached = orjson.loads(_path(root).read_bytes())
        if not isinstance(cached, dict):
            cached = {}
        root.meta["okrtui.completion"] = cached
    return cached


def _path(root: click.Context) -> Path:
    """The data file the command line names: --db > OKRTUI_DB > the user data folder."""
    db = root.params.get("db") or os.environ.get("OKRTUI_DB")
    if db:
        return Path(db).expanduser()
    from okrtui.locations import default_data_file

    return default_data_file()
