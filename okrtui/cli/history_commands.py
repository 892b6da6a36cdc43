"""``log`` and ``undo``: who changed what, and taking a change back."""

from __future__ import annotations

import click

from okrtui.cli.output import echo, echo_json, styled
from okrtui.cli.settings import Settings, pass_settings
from okrtui.formatting import change_summary, change_text, safe


@click.command()
@click.argument("record", metavar="[ID]", required=False)
@click.option("--since", metavar="D", help="Only changes made on or after this day (UTC).")
@click.option("--by", "by", metavar="NAME", help="Only changes made by this person.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N changes (the newest).")
@click.option("--json", "as_json", is_flag=True, help="The changes as JSON, with every field's before and after.")
@pass_settings
def log(settings: Settings, record: str | None, since: str | None, by: str | None, limit: int | None, as_json: bool):
    """Every change to the file, newest first: when, who, what. ID: a record's (its history) or a change's (C-12)."""
    from okrtui.domain.periods import parse_date
    from okrtui.services import history

    ws = settings.ws
    if record and history.is_change_id(record):
        entries, problems = [history.get_change(ws, record)], []
    else:
        found = history.read_log(ws, record=record, since=parse_date(since) if since else None, by=by, limit=limit)
        entries, problems = found.entries, found.problems
    for problem in problems[:3]:
        click.echo(f"okrtui: warning: {safe(problem)}", err=True)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        echo("no changes" + (" match" if record or since or by else " yet"))
        return
    whole = record is not None and history.is_change_id(record)
    for entry in entries:
        echo(entry_line(entry))
        if whole:
            for change in entry["changes"]:
                echo(f"    {change_text(change)}")


def entry_line(entry: dict) -> str:
    """``C-12  2026-11-20 09:14  lead  KR-3 target 8,000 → 8,500`` (the effective day when it was back-dated)."""
    when = entry["at"][:16].replace("T", " ")
    dated = f" (as of {safe(entry['day'])})" if entry["day"] != entry["at"][:10] else ""
    return (
        f"{styled(safe(entry['id']), 'bright_black')}  {when}  {styled(safe(entry['by']), 'cyan')}  "
        f"{change_summary(entry)}{dated}"
    )


@click.command()
@click.argument("change", metavar="[CHANGE-ID]", required=False)
@click.option("--force", is_flag=True, help="Undo even when later changes touched the same records or fields.")
@pass_settings
def undo(settings: Settings, change: str | None, force: bool) -> None:
    """Undo your latest change (or CHANGE-ID, like C-12). An undo is a change too: undo twice to redo."""
    from okrtui.services import history

    undone, made = history.undo(settings.ws, change, force=force)
    echo(f"undid {safe(undone['id'])} ({change_summary(undone)}) as {safe(made['id'])}")


COMMANDS = [log, undo]
