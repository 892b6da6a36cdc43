"""``period close | reopen | carry`` and ``scorecard``: the end of a quarter."""

from __future__ import annotations

import sys

import click

from okrtui.cli.output import echo, echo_json, styled, table
from okrtui.cli.settings import Settings, pass_settings
from okrtui.errors import BadInput
from okrtui.formatting import ZONE_TEXT, progress_cell, safe

GRADE_COLOURS = {"green": "green", "yellow": "yellow", "red": "red"}


@click.group()
def period() -> None:
    """Close and grade a period, reopen it, carry the unfinished into the next."""


@period.command("close")
@click.argument("name", metavar="P")
@click.option("--yes", is_flag=True, help="Close without asking.")
@click.option("--retro", nargs=2, multiple=True, metavar="O-ID TEXT", help="A retrospective note for an objective.")
@pass_settings
def period_close(settings: Settings, name: str, yes: bool, retro: tuple[tuple[str, str], ...]) -> None:
    """Grade every key result and objective of P and mark them closed (read-only until reopened)."""
    from okrtui.domain.periods import Period
    from okrtui.services.cycles import close_period, open_objectives, sandbagging_hints
    from okrtui.services.views import Dataset

    ws = settings.ws
    chosen = Period.parse(name)
    retros = dict(retro)
    if not yes:
        data = Dataset.load(ws)
        open_ones = open_objectives(data, chosen)
        if not sys.stdin.isatty():
            raise BadInput(f"closing {chosen} grades and locks {len(open_ones)} objective(s): pass --yes to confirm")
        click.confirm(f"Close {chosen}: grade {len(open_ones)} objective(s) and make them read-only?", abort=True)
        for objective in open_ones:
            if objective.id not in retros:
                note = click.prompt(
                    f"Retrospective note for {objective.id} {safe(objective.title)} (enter skips)",
                    default="",
                    show_default=False,
                )
                if note.strip():
                    retros[objective.id] = note
    grades = close_period(ws, name, retros)
    closed = Dataset.load(ws)  # one read after the close serves the grades table and the hints
    print_grades(closed, grades)
    for hint in sandbagging_hints(closed):
        if str(chosen) in hint["periods"]:
            echo(styled(f"hint: {safe(hint['hint'])}", "yellow"))


def print_grades(data, grades) -> None:
    """Objectives and key results with their grades, coloured ≥ 0.7 green, ≥ 0.4 yellow, else red (the file's bands)."""
    from functools import partial

    from okrtui.domain.scoring import grade_colour as colour_of

    grade_colour = partial(colour_of, thresholds=data.thresholds)

    echo(styled(f"Closed {grades.period}", None, bold=True))
    rows = []
    for objective_id, grade in grades.objective_grades.items():
        objective = data.objective_by_id[objective_id]
        rows.append([objective_id, grade_text(grade, grade_colour), safe(objective.owner), safe(objective.title)])
        for kr in data.krs_of.get(objective_id, []):
            shown = grade_text(grades.kr_grades[kr.id], grade_colour) if kr.id in grades.kr_grades else "dropped"
            rows.append([f"  {kr.id}", shown, "", safe(kr.title)])
    table(["ID", "GRADE", "OWNER", "TITLE"], rows)
    if any(grades.zones.values()):
        counts = ", ".join(f"{count} {ZONE_TEXT[zone].removesuffix(' ★')}" for zone, count in grades.zones.items())
        echo(f"zones: {counts}")


def grade_text(grade: float | None, colour_of) -> str:
    """``0.72`` in its grade colour; ``–`` for an objective with status only."""
    if grade is None:
        return "–"
    return styled(f"{grade:.2f}", GRADE_COLOURS[colour_of(grade)])


@period.command("reopen")
@click.argument("name", metavar="P")
@pass_settings
def period_reopen(settings: Settings, name: str) -> None:
    """Make a closed period's objectives active again (their grades are cleared)."""
    from okrtui.services.cycles import reopen_period

    echo(f"reopened {', '.join(reopen_period(settings.ws, name))}")


@period.command("carry")
@click.argument("name", metavar="P")
@click.option("--to", "to", metavar="Q", required=True, help="The period to carry into.")
@pass_settings
def period_carry(settings: Settings, name: str, to: str) -> None:
    """Copy P's unfinished objectives into Q, key results restarted from their current values; prints the new ids."""
    from okrtui.services.cycles import carry_period

    mapping = carry_period(settings.ws, name, to)
    for old, new in mapping.items():
        click.echo(f"{old} -> {new}")


@click.command()
@click.option("--period", metavar="P")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def scorecard(settings: Settings, period: str | None, as_json: bool) -> None:
    """Objectives and KPIs grouped by balanced-scorecard perspective."""
    from okrtui.services.views import scorecard_view

    ws = settings.ws
    view = scorecard_view(ws, ws.period(period))
    if as_json:
        echo_json(view)
        return
    for group in view["perspectives"]:
        echo(styled(f"{group['perspective'].capitalize()}", None, bold=True))
        rows = [[o["id"], progress_cell(o["progress"]), o["status"], safe(o["title"])] for o in group["objectives"]]
        rows += [[k["id"], k["health"], k["key"], safe(k["name"])] for k in group["kpis"]]
        if rows:
            table(["ID", "STANDING", "", "TITLE"], rows)
        else:
            echo("  nothing yet")
        echo()


COMMANDS = [period, scorecard]
