"""``kpi`` commands: define KPIs, record values, import and export history."""

from __future__ import annotations

import csv
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import click

from okrtui.cli.complete import kpi_dates, kpi_names
from okrtui.cli.output import TREND_POINTS, echo, echo_json, health_text, print_kpi_table, styled, table
from okrtui.cli.settings import Settings, pass_settings
from okrtui.domain.vocab import DIRECTIONS, FREQUENCIES, PERSPECTIVES
from okrtui.errors import BadInput
from okrtui.formatting import number, safe, sparkline

# Services are imported inside each command: `kpi record` and `kpi import` (cron) should not load pydantic.

SHOWN_HISTORY = 15
SHOWN_TREND = 30


@click.group()
def kpi() -> None:
    """Define KPIs, record values, import history."""


def kpi_options(command: Any) -> Any:
    """Options ``kpi add`` and ``kpi edit`` share."""
    for option in reversed(
        [
            click.option("--key", metavar="SLUG", help="Short name for scripts (default: from the name)."),
            click.option("--unit", metavar="U"),
            click.option("--direction", type=click.Choice(DIRECTIONS), help="up: higher is better (default); down."),
            click.option("--warn", metavar="N", help="Amber between warn and target; red beyond warn."),
            click.option(
                "--frequency", type=click.Choice(FREQUENCIES), help="How often it is measured (default monthly)."
            ),
            click.option("--owner", metavar="NAME"),
            click.option("--perspective", type=click.Choice(PERSPECTIVES)),
        ]
    ):
        command = option(command)
    return command


@kpi.command("add")
@click.argument("name")
@click.option("--target", metavar="N", required=True)
@kpi_options
@pass_settings
def kpi_add(settings: Settings, name: str, target: str, **options: Any) -> None:
    """Add a KPI; prints its id."""
    from okrtui.services import kpis

    click.echo(kpis.add_kpi(settings.ws, name, target=target, **options).id)


@kpi.command("edit")
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.option("--name", "new_name", metavar="NAME")
@click.option("--target", metavar="N")
@kpi_options
@pass_settings
def kpi_edit(settings: Settings, name: str, new_name: str | None, **changes: Any) -> None:
    """Change a KPI's definition."""
    from okrtui.services import kpis

    edited = kpis.edit_kpi(settings.ws, name, {"name": new_name, **changes})
    echo(f"{edited.id} updated (rev {edited.rev})")


@kpi.command("target", context_settings={"ignore_unknown_options": True})  # N may be -2
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.argument("target", metavar="[N]", required=False)
@click.option("--warn", metavar="N", help="The warn level from that day on; '' for none.")
@click.option(
    "--from", "begins", metavar="D", help="The day it takes effect (default today); a later day sets it ahead."
)
@click.option("--cancel", is_flag=True, help="Drop the target and warn level set ahead for --from D instead.")
@pass_settings
def kpi_target(
    settings: Settings, name: str, target: str | None, warn: str | None, begins: str | None, cancel: bool
) -> None:
    """Set a KPI's target N and/or warn level from a day on: health on each day uses the levels in force then."""
    from okrtui.domain.targets import in_force
    from okrtui.services import kpis

    ws = settings.ws
    if cancel:
        if target is not None or warn is not None:
            raise BadInput("--cancel takes no N or --warn: it drops the levels set ahead for --from D")
        dropped, day = kpis.cancel_target(ws, name, begins)
        echo(f"{dropped.id}: no target set ahead for {day.isoformat()} any more (rev {dropped.rev})")
        return
    saved, day = kpis.set_target(ws, name, target=target, warn=warn, begins=begins)
    levels = in_force(saved, day)
    shown = f"target {number(levels.target, saved.unit)}" + (
        f", warn {number(levels.warn, saved.unit)}" if levels.warn is not None else ", no warn level"
    )
    ahead = " (set ahead)" if day > ws.today else ""
    echo(f"{saved.id}: {shown} from {day.isoformat()}{ahead} (rev {saved.rev})")


@kpi.command("delete")
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.option("--yes", is_flag=True, help="Also unlink the key results that follow it.")
@pass_settings
def kpi_delete(settings: Settings, name: str, yes: bool) -> None:
    """Delete a KPI and its history."""
    from okrtui.services import kpis

    echo(f"deleted {kpis.delete_kpi(settings.ws, name, force=yes)}")


@kpi.command("record", context_settings={"ignore_unknown_options": True})  # VALUE may be -2
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.argument("value")
@click.option("--date", "day", metavar="D", help="YYYY-MM-DD (default: today).")
@pass_settings
def kpi_record(settings: Settings, name: str, value: str, day: str | None) -> None:
    """Record a value (the same date again replaces it)."""
    from okrtui.services import measurements

    saved, iso, numeric = measurements.record(settings.ws, name, value, day=day)
    echo(f"{saved['key']}: {number(numeric, saved.get('unit', ''))} on {iso}")


@kpi.command("unrecord")
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.argument("day", metavar="DATE", shell_complete=kpi_dates)
@pass_settings
def kpi_unrecord(settings: Settings, name: str, day: str) -> None:
    """Delete the value recorded for DATE (YYYY-MM-DD)."""
    from okrtui.services import corrections

    saved, iso, old = corrections.delete_value(settings.ws, name, day)
    echo(f"{saved['key']}: deleted {number(old, saved.get('unit', ''))} on {iso}")


@kpi.command("import")
@click.argument("source", metavar="FILE|-")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), help="Default: from the file name, else csv.")
@pass_settings
def kpi_import(settings: Settings, source: str, fmt: str | None) -> None:
    """Import kpi,date,value rows: all rows or none are stored."""
    from okrtui.services import measurements

    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise BadInput(f"can't read {source}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise BadInput(f"can't read {source}: not UTF-8 text") from None
    fmt = fmt or ("json" if source.lower().endswith(".json") else "csv")
    counts = measurements.import_rows(settings.ws, measurements.parse_import(text, fmt))
    echo(
        f"imported {counts['rows']} rows: {counts['added']} added, {counts['replaced']} replaced, "
        f"{counts['unchanged']} unchanged"
    )


@kpi.command("export")
@click.argument("names", metavar="[K]...", nargs=-1, shell_complete=kpi_names)
@pass_settings
def kpi_export(settings: Settings, names: tuple[str, ...]) -> None:
    """Print KPI history as CSV (kpi,date,value), ready for kpi import; no cell reads as a spreadsheet formula."""
    from okrtui.services import kpis
    from okrtui.services.reviews import spreadsheet_cell
    from okrtui.services.views import Dataset

    ws = settings.ws
    chosen = [kpis.find_kpi(ws, name) for name in names] if names else Dataset.load(ws).kpis
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["kpi", "date", "value"])
    for item in chosen:
        for day in sorted(item.history):
            writer.writerow([spreadsheet_cell(cell) for cell in (item.key, day, exact(item.history[day]))])


def exact(value: float) -> str:
    """A stored value with every digit (``12.345``, ``182000``), so an export re-imports unchanged."""
    from okrtui.services.workspace import number_out

    return repr(number_out(value))


@kpi.command("show")
@click.argument("name", metavar="K", shell_complete=kpi_names)
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def kpi_show(settings: Settings, name: str, as_json: bool) -> None:
    """Show a KPI with its health and history."""
    from okrtui.domain.models import KeyResult
    from okrtui.domain.targets import settled
    from okrtui.formatting import definition_moves, scheduled_moves
    from okrtui.services import kpis
    from okrtui.services.config import thresholds_of
    from okrtui.services.views import earlier_targets_json, kpi_view, scheduled_targets_json

    ws = settings.ws
    with ws.repo.snapshot():  # one parse; only this KPI's history is checked
        item = settled(kpis.find_kpi(ws, name), ws.today)  # a target set ahead that began: one of its moves
        drives = [kr.id for kr in ws.repo.all(KeyResult) if kr.kpi == item.id]
        thresholds = thresholds_of(ws.repo)
    if as_json:
        document = kpi_view(item, ws.today, drives, thresholds=thresholds).to_json()
        echo_json(
            {
                **document,
                "earlier_targets": earlier_targets_json(item, ws.today),
                "scheduled_targets": scheduled_targets_json(item, ws.today),
            }
        )
        return
    view = kpi_view(item, ws.today, drives, with_history=False, trend=SHOWN_TREND, thresholds=thresholds)
    count = item.count_until(ws.today.isoformat())
    echo(styled(f"{view.id}  {safe(view.name)}", None, bold=True) + f"  key {view.key}")
    warn = f", warn {number(view.warn, view.unit)}" if view.warn is not None else ""
    echo(
        f"target {number(view.target, view.unit)}{warn} ({'higher' if view.direction == 'up' else 'lower'}"
        f" is better), measured {view.frequency}, owner {safe(view.owner) or '–'}"
    )
    for line in definition_moves(item, ws.today):
        echo(line)
    for line in scheduled_moves(item, ws.today):
        echo(f"set ahead: {line}")
    latest = view.latest
    echo(
        f"health {health_text(view.health)}"
        + (f"  latest {number(latest.value, view.unit)} on {latest.date}" if latest else "")
        + (f"  drives {', '.join(view.drives)}" if view.drives else "")
    )
    if not count:
        echo(f"No values yet. Record one: okrtui kpi record {view.key} VALUE")
        return
    echo(f"trend {sparkline(view.trend or (), SHOWN_TREND)}  ({count} values)")
    echo()
    shown = list(islice(item.history.items(), max(0, count - SHOWN_HISTORY), count))
    table(["DATE", "VALUE"], [[day, number(value, view.unit)] for day, value in shown])
    if count > SHOWN_HISTORY:
        echo(f"… {count - SHOWN_HISTORY} earlier values: okrtui kpi export {view.key}")


@kpi.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def kpi_list(settings: Settings, as_json: bool) -> None:
    """List KPIs with their latest value and health."""
    from okrtui.services.views import Dataset, kpi_view

    ws = settings.ws
    data = Dataset.load(ws)
    views = [
        kpi_view(
            item,
            ws.today,
            data.krs_driven_by.get(item.id),
            with_history=as_json,
            trend=0 if as_json else TREND_POINTS,
            thresholds=data.thresholds,
        )
        for item in data.kpis
    ]
    if as_json:
        echo_json(views)
        return
    if not views:
        echo('No KPIs. Add one: okrtui kpi add "Monthly recurring revenue" --key mrr --target 200000')
        return
    print_kpi_table(views)


COMMANDS = [kpi]
