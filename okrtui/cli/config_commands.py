"""``config``: the thresholds a file sets for its scores (pace, grade colours, KPI staleness)."""

from __future__ import annotations

import click

from okrtui.cli.output import echo, echo_json, styled, table
from okrtui.cli.settings import Settings, pass_settings


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="The settings as JSON: key, value, default, set, meaning.")
@click.pass_context
def config(ctx: click.Context, as_json: bool) -> None:
    """The file's thresholds: with no command, lists every setting with its value (and default)."""
    if ctx.invoked_subcommand is not None:
        return
    from okrtui.services.config import listing

    settings: Settings = ctx.obj  # the group's Settings (okrtui.cli sets it)
    rows = listing(settings.ws)
    if as_json:
        echo_json(rows)
        return
    table(
        ["KEY", "VALUE", "DEFAULT", "MEANING"],
        [
            [
                row["key"],
                styled(str(row["value"]), "cyan", bold=True) if row["set"] else str(row["value"]),
                str(row["default"]),
                row["meaning"],
            ]
            for row in rows
        ],
    )


@config.command("set", context_settings={"ignore_unknown_options": True})  # VALUE -0.1 is a value (refused by range)
@click.argument("key", metavar="KEY")
@click.argument("value", metavar="VALUE")
@pass_settings
def config_set(settings: Settings, key: str, value: str) -> None:
    """Set KEY (see okrtui config) to VALUE for everyone using this file."""
    from okrtui.services.config import set_value

    name = key.strip().lower()
    stored = set_value(settings.ws, name, value)
    echo(f"{name} = {int(stored) if stored.is_integer() else stored}")


@config.command("unset")
@click.argument("key", metavar="KEY")
@pass_settings
def config_unset(settings: Settings, key: str) -> None:
    """Go back to the default of KEY."""
    from okrtui.services.config import unset

    name = key.strip().lower()
    if unset(settings.ws, name):
        echo(f"{name} unset (the default applies)")
    else:
        echo(f"{name} was not set (the default applies)")


COMMANDS = [config]
