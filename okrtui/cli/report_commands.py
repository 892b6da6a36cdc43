"""``status``: progress of every objective and key result, and KPI health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from okrtui.cli.output import (
    TREND_POINTS,
    echo,
    echo_json,
    grade_text,
    print_kpi_table,
    print_kr_table,
    status_text,
    styled,
    table,
)
from okrtui.cli.settings import Settings, pass_settings
from okrtui.domain.thresholds import from_config
from okrtui.formatting import progress_cell, safe

if TYPE_CHECKING:
    from datetime import date

    from okrtui.domain.periods import Period
    from okrtui.domain.thresholds import Thresholds
    from okrtui.services.view_models import StatusView
    from okrtui.services.views import Dataset

ATTENTION_EXIT = 3


@click.command()
@click.option(
    "--period",
    metavar="P",
    help="YYYY-QN or YYYY (default: the current quarter); a year shows its own objectives and its quarters'.",
)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--check",
    is_flag=True,
    help="Exit 3 when a key result is off-track, a KPI is red or stale, or a check-in is overdue.",
)
@pass_settings
def status(settings: Settings, period: str | None, as_json: bool, check: bool) -> None:
    """Progress of every objective and key result, and KPI health."""
    from okrtui.services.views import Dataset, status_view

    ws = settings.ws
    chosen = ws.period(period)
    data = Dataset.load(ws)
    view = status_view(ws, chosen, data, trend=0 if as_json else TREND_POINTS)
    found = check_findings(view, data, ws.today, chosen) if check else []
    if as_json:
        echo_json(view._replace(findings=found) if check else view)
    elif check:
        print_findings(view, found)
    else:
        print_status(view)
    if check and found:
        click.get_current_context().exit(ATTENTION_EXIT)


def check_findings(view: StatusView, data: Dataset, today: date, period: Period) -> list[dict[str, Any]]:
    """What ``--check`` reports: off-track key results, red or stale KPIs, overdue check-ins (only then loaded)."""
    from okrtui.services.reviews import overdue_findings
    from okrtui.services.views import findings

    return findings(view) + overdue_findings(data, today, period)


def print_status(view: StatusView) -> None:
    """Objectives with their key results, then the KPIs."""
    echo(styled(f"Status for {view.period} as of {view.today}", None, bold=True))
    if not view.objectives:
        echo(f"No objectives in {view.period}.")
    year, group = "-Q" not in view.period, None
    bands = from_config(view.config) if view.config else None
    if year and view.progress is not None:
        echo(f"{progress_cell(view.progress)}  the year: the mean of its {len(view.objectives)} objectives")
    for objective in view.objectives:
        if year and objective.period != group:
            group = objective.period
            echo()
            echo(styled(f"── {group}" + (" (the year's own)" if group == view.period else ""), None, bold=True))
        echo()
        echo(
            f"{objective.id}  {progress_cell(objective.progress)}  "
            f"{status_text(objective.status)}{graded(objective.grade, bands)}  {safe(objective.title)}"
            + (f"  ({safe(objective.owner)})" if objective.owner else "")
        )
        for warning in objective.warnings:
            echo(styled(f"    ! {warning}", "yellow"))
        if objective.key_results:
            print_kr_table(objective.key_results)
    if view.kpis:
        echo()
        print_kpi_table(view.kpis)


def graded(grade: float | None, bands: Thresholds | None) -> str:
    """``  graded 0.31`` in its grade colour once the period is closed, else nothing."""
    return f"  graded {grade_text(grade, bands)}" if grade is not None else ""


def print_findings(view: StatusView, found: list[dict[str, Any]]) -> None:
    """A short summary for cron mail: what needs attention, or that all is well."""
    if not found:
        echo(
            f"okrtui {view.period} as of {view.today}: all is well (no key result off track, "
            "no KPI red or stale, no check-in overdue)."
        )
        return
    echo(f"okrtui {view.period} as of {view.today}: {len(found)} need attention")
    for item in found:
        who = f"  ({safe(item['owner'])})" if item.get("owner") else ""
        echo(f"  {item['id']:<6} {item['problem']:<9} {safe(item['title'])}{who}")


@click.command()
@click.option(
    "--period",
    metavar="P",
    help="YYYY-QN or YYYY (default: the current quarter); a year shows its own objectives and its quarters'.",
)
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True)
@pass_settings
def report(settings: Settings, period: str | None, fmt: str) -> None:
    """The check-in report a lead pastes into a chat or an email (as of --today)."""
    from okrtui.services.reviews import build_report, to_csv, to_markdown

    ws = settings.ws
    built = build_report(ws, ws.period(period))
    if fmt == "json":
        echo_json(built)
    else:
        click.echo(to_markdown(built) if fmt == "md" else to_csv(built), nl=False)


@click.command()
@click.option("--scope", metavar="S", default="all", show_default=True, help="all, me, owner:NAME or team:NAME.")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def due(settings: Settings, scope: str, as_json: bool) -> None:
    """Key results whose check-in is overdue (no check-in within their objective's cadence), with their owners."""
    from okrtui.services.reviews import Scope, due_items, due_view
    from okrtui.services.views import Dataset

    ws = settings.ws
    items = [due_view(item, ws.today) for item in due_items(Dataset.load(ws), ws.today, Scope.parse(scope, ws.actor))]
    if as_json:
        echo_json(items)
        return
    if not items:
        echo("Nothing is due: every key result in scope has a check-in within its cadence.")
        return
    rows = [
        [
            item.id,
            safe(item.owner),
            item.last_checkin or "never",
            "" if item.days_since is None else f"{item.days_since}d",
            item.cadence,
            safe(item.title),
        ]
        for item in items
    ]
    table(["KR", "OWNER", "LAST", "AGO", "CADENCE", "KEY RESULT"], rows)


COMMANDS = [status, report, due]
