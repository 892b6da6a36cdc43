"""``status``: progress of every objective and key result, and KPI health."""

from __future__ import annotations

import click

from okrtui.cli import Settings
from okrtui.cli.kpi_commands import print_kpi_table
from okrtui.cli.okr_commands import print_kr_table
from okrtui.cli.output import bar, echo, echo_json, percent, safe, status_text, styled

ATTENTION_EXIT = 3


@click.command()
@click.option("--period", metavar="P", help="YYYY-QN or YYYY (default: the current quarter).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--check", is_flag=True, help="Exit 3 when a key result is off-track or a KPI is red or stale.")
@click.pass_context
def status(ctx: click.Context, period: str | None, as_json: bool, check: bool) -> None:
    """Progress of every objective and key result, and KPI health."""
    from okrtui.services.views import findings, status_view

    settings: Settings = ctx.find_object(Settings)
    ws = settings.ws
    view = status_view(ws, ws.period(period))
    found = findings(view)
    if as_json:
        if check:
            view["findings"] = found
        echo_json(view)
    elif check:
        print_findings(view, found)
    else:
        print_status(view)
    if check and found:
        ctx.exit(ATTENTION_EXIT)


def print_status(view: dict) -> None:
    """Objectives with their key results, then the KPIs."""
    echo(styled(f"Status for {view['period']} as of {view['today']}", None, bold=True))
    if not view["objectives"]:
        echo(f"No objectives in {view['period']}.")
    for objective in view["objectives"]:
        echo()
        echo(f"{objective['id']}  {bar(objective['progress'])} {percent(objective['progress'])}  "
             f"{status_text(objective['status'])}  {safe(objective['title'])}"
             + (f"  ({safe(objective['owner'])})" if objective["owner"] else ""))
        for warning in objective["warnings"]:
            echo(styled(f"    ! {warning}", "yellow"))
        if objective["key_results"]:
            print_kr_table(objective["key_results"])
    if view["kpis"]:
        echo()
        print_kpi_table(view["kpis"])


def print_findings(view: dict, found: list[dict]) -> None:
    """A short summary for cron mail: what needs attention, or that all is well."""
    if not found:
        echo(f"okrtui {view['period']}: all key results on track or at risk, no KPI red or stale.")
        return
    echo(f"okrtui {view['period']} as of {view['today']}: {len(found)} need attention")
    for item in found:
        echo(f"  {item['id']:<6} {item['problem']:<9} {safe(item['title'])}")


COMMANDS = [status]
