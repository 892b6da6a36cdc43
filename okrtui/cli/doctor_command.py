"""``doctor``: check the data file and its backups, and put a backup back in place."""

from __future__ import annotations

import sys

import click

from okrtui.cli.output import echo, styled, table
from okrtui.cli.settings import Settings, pass_settings
from okrtui.errors import BadInput, ReadOnlyError
from okrtui.formatting import safe


@click.command()
@click.option("--restore", metavar="BACKUP", help="Put this backup (its number in the list, name or path) in place.")
@click.option("--yes", is_flag=True, help="Restore without asking.")
@click.option("--repair", is_flag=True, help="Drop the journal's damaged lines (the old journal is kept beside it).")
@pass_settings
def doctor(settings: Settings, restore: str | None, yes: bool, repair: bool) -> None:
    """Check the data file (JSON, schema, every record, references) and its journal, and list its backups; restore
    one."""
    from okrtui.services import doctor as checks

    path = settings.path
    if repair:
        if settings.read_only:
            raise ReadOnlyError(f"{path} is open read-only: nothing was changed (a repair rewrites the journal)")
        dropped, kept_as = checks.repair_journal(path)
        echo(
            f"the journal was repaired: {dropped} damaged line(s) dropped; the old journal is kept as {kept_as}"
            if kept_as
            else "the journal needs no repair"
        )
        return
    if restore:
        if settings.read_only:
            raise ReadOnlyError(f"{path} is open read-only: nothing was changed (a restore replaces the file)")
        info = checks.choose_backup(path, restore)
        if not yes:
            if not sys.stdin.isatty():
                raise BadInput(f"restoring {info.path.name} replaces {path}: pass --yes to confirm")
            click.confirm(f"Put {info.path.name} ({info.modified:%Y-%m-%d %H:%M}) in place of {path}?", abort=True)
        ws = settings.ws
        _, kept = checks.restore(path, restore, read_only=settings.read_only, by=ws.actor, day=ws.today.isoformat())
        echo(f"restored {info.path.name} to {path}" + (f"; the replaced file is kept as {kept}" if kept else ""))
        return
    found = checks.diagnose(path)
    if found.fatal:
        echo(styled(f"✖ {safe(found.fatal)}", "red"))
    elif found.healthy:
        counts = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in found.counts.items())
        echo(styled(f"● {path} is healthy", "green") + f" ({counts})")
    for problem in found.problems:
        echo(styled(f"▲ {safe(problem)}", "yellow"))
    listed = checks.backups(path)
    echo()
    if listed:
        table(
            ["#", "BACKUP", "SAVED", "SIZE"],
            [[str(b.number), safe(b.path.name), f"{b.modified:%Y-%m-%d %H:%M}", f"{b.size:,} B"] for b in listed],
        )
        echo(
            "restore one with: okrtui doctor --restore 1   (1 is the newest; it is checked first, and the current "
            "file is kept)"
        )
    else:
        echo("no backups yet (one is kept on the first write of each day)")
    if found.fatal:
        click.get_current_context().exit(1)
    if found.problems:
        click.get_current_context().exit(3)


COMMANDS = [doctor]
