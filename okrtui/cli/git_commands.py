"""``okrtui git``: teams that sync the data file through git (setup, the merge driver git runs, the conflicts)."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.output import echo, echo_json
from okrtui.cli.settings import Settings, pass_settings
from okrtui.formatting import safe


@click.group("git")
def git_group() -> None:
    """Keep the data file in git: merge clones record by record (setup once per clone)."""


@git_group.command("setup")
@click.option("--db", "db_path", metavar="PATH", help="The data file (default: the global --db / OKRTUI_DB).")
@pass_settings
def setup(settings: Settings, db_path: str | None) -> None:
    """Register okrtui's merge drivers for the data file and its journal in the git repository holding it:
    .gitattributes lines, local git config, info/exclude. Safe to run again."""
    from okrtui.services import gitsync

    for line in gitsync.setup(Path(db_path) if db_path else settings.path):
        echo(safe(line))


@git_group.command("merge-driver")
@click.option("--journal", "journal_file", is_flag=True, help="The file is the data file's journal.")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path")
def merge_driver(base: Path, ours: Path, theirs: Path, path: str, journal_file: bool) -> None:
    """What git runs to merge the data file (%O %A %B %P): the result is written over OURS; exit 1 when the same
    field changed differently on both sides (the conflicts are kept in <file>.conflicts)."""
    from okrtui.services import gitsync

    code, lines = gitsync.drive(base, ours, theirs, path, journal_file=journal_file)
    for line in lines:
        click.echo(f"okrtui: {safe(line)}", err=True)
    raise click.exceptions.Exit(code)


@git_group.command("conflicts")
@click.argument("record", metavar="[RECORD", required=False)
@click.argument("field", metavar="[FIELD]]", required=False)
@click.option("--take", type=click.Choice(["ours", "theirs"]), help="Resolve them by taking one side's value.")
@click.option("--json", "as_json", is_flag=True, help="The conflicts as JSON.")
@pass_settings
def conflicts(settings: Settings, record: str | None, field: str | None, take: str | None, as_json: bool) -> None:
    """The conflicts the last merge left (all, a RECORD's, one FIELD's); --take ours|theirs resolves them, then
    git add the data file and its journal to finish the merge."""
    from okrtui.services import gitsync

    path = settings.path
    if take:
        taken, left = gitsync.take(settings.ws, take, record, field)
        for conflict in taken:
            echo(f"took {take}: {safe(gitsync.conflict_text(conflict))}")
        name = safe(str(path.name))
        echo(f"{left} conflict(s) left" if left else f"no conflicts left: git add {name} {name}.journal, then commit")
        return
    pending, stale = gitsync.pending_conflicts(path)
    if stale:
        click.echo(f"okrtui: warning: {safe(stale)}", err=True)
    found = [conflict for conflict in pending if gitsync.matches(conflict, record, field)]
    if as_json:
        echo_json(found)
        return
    if not found:
        echo("no conflicts")
        return
    for conflict in found:
        echo(safe(gitsync.conflict_text(conflict)))


COMMANDS = [git_group]
