"""``init``, ``objective``, ``kr`` and ``initiative`` commands."""

from __future__ import annotations

from typing import Any

import click

from okrtui.cli.complete import checkin_handles, kpi_names, record_ids
from okrtui.cli.output import (
    echo,
    echo_json,
    grade_text,
    print_initiative_table,
    print_kr_table,
    status_text,
    styled,
    table,
)
from okrtui.cli.settings import Settings, pass_settings
from okrtui.domain.vocab import CADENCES, INITIATIVE_STATUSES, LEVELS, OBJECTIVE_STATES, PERSPECTIVES, ROLLUPS
from okrtui.formatting import NO_PROGRESS, ZONE_TEXT, kr_values, number, percent, progress_cell, safe, value_text
from okrtui.store.repository import parse_id

# Services are imported inside each command: the models behind them load pydantic, and cron's
# `kr checkin` should not pay for that.

PERSPECTIVE = click.Choice(PERSPECTIVES, case_sensitive=False)


@click.command()
@click.option("--demo", is_flag=True, help="Fill the new file with sample OKRs, initiatives and KPIs.")
@pass_settings
def init(settings: Settings, demo: bool) -> None:
    """Create the data file (and its folder)."""
    ws = settings.ws
    ws.repo.storage.accept_empty = True  # an empty file is refused everywhere else as cut short: init starts it anew
    existed = ws.repo.path.exists() and ws.repo.path.stat().st_size > 0
    if demo:
        from okrtui.services.demo import load_demo

        load_demo(ws)
        echo(f"Created {safe(ws.repo.path)} with demo data. Try: okrtui status")
        return
    with ws.repo.transaction():
        ws.repo.initialise()
    echo(f"{'Checked' if existed else 'Created'} {safe(ws.repo.path)}")


# -- objectives -------------------------------------------------------------------------------------------------------


@click.group()
def objective() -> None:
    """Add, list, show, edit and delete objectives."""


def objective_options(command: Any) -> Any:
    """The options ``objective add`` and ``objective edit`` share."""
    for option in reversed(
        [
            click.option("--period", metavar="P", help="YYYY-QN or YYYY (default: the current quarter)."),
            click.option("--owner", metavar="NAME"),
            click.option("--team", metavar="NAME"),
            click.option(
                "--parent", metavar="O-ID", help="The objective this one aligns to.", shell_complete=record_ids("O")
            ),
            click.option("--description", metavar="TEXT", help="Why this matters now."),
            click.option("--perspective", type=PERSPECTIVE, help="Balanced-scorecard perspective."),
            click.option(
                "--level", type=click.Choice(LEVELS), help="Default: from the parent (company > team > personal)."
            ),
            click.option("--cadence", type=click.Choice(CADENCES), help="How often its key results want a check-in."),
            click.option(
                "--rollup",
                type=click.Choice(["auto", *ROLLUPS]),
                help="What its progress rolls up: its key results, its aligned children or both, by weight "
                "(auto: its key results when it has any, else its children).",
            ),
            click.option(
                "--weight",
                metavar="W",
                help="Its weight in its parent's roll-up (0 to 1000, default 1; 0 counts toward the status only).",
            ),
        ]
    ):
        command = option(command)
    return command


@objective.command("add")
@click.argument("title")
@objective_options
@pass_settings
def objective_add(settings: Settings, title: str, **options: Any) -> None:
    """Add an objective; prints its id."""
    from okrtui.services import okrs

    click.echo(okrs.add_objective(settings.ws, title, **options).id)


@objective.command("list")
@click.option("--period", metavar="P")
@click.option("--owner", metavar="NAME")
@click.option("--team", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def objective_list(settings: Settings, period: str | None, owner: str | None, team: str | None, as_json: bool) -> None:
    """List the period's objectives as an alignment tree."""
    from okrtui.services.views import Dataset, Scorer, objective_view, objectives_in, tree_order

    ws = settings.ws
    chosen_period = ws.period(period)
    data = Dataset.load(ws)
    scorer = Scorer(data, ws.today)
    chosen = objectives_in(data, chosen_period, owner=owner, team=team)
    if as_json:
        echo_json([objective_view(scorer, objective) for objective in chosen])
        return
    if not chosen:
        echo(f'No objectives in {chosen_period}. Add one: okrtui objective add "TITLE"')
        return
    rows = []
    for depth, item in tree_order(chosen):
        score = scorer.objective(item)
        rows.append(
            [
                item.id,
                progress_cell(score.progress),
                status_text(score.status),
                safe(item.owner),
                safe(item.team),
                "  " * depth + safe(item.title),
            ]
        )
    table(["ID", "PROGRESS", "STATUS", "OWNER", "TEAM", f"OBJECTIVE ({chosen_period})"], rows)


@objective.command("show")
@click.argument("objective_id", metavar="O-ID", shell_complete=record_ids("O"))
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def objective_show(settings: Settings, objective_id: str, as_json: bool) -> None:
    """Show an objective with its key results and initiatives."""
    from okrtui.errors import NotFound
    from okrtui.services.views import Dataset, Scorer, objective_view

    ws = settings.ws
    data = Dataset.load(ws)
    item = data.objective_by_id.get(parse_id(objective_id, "O"))
    if item is None:
        raise NotFound(f"no objective {parse_id(objective_id, 'O')}")
    view = objective_view(Scorer(data, ws.today), item)
    if as_json:
        echo_json(view)
        return
    echo(styled(f"{view.id}  {safe(view.title)}", None, bold=True))
    facts = [
        ("period", view.period),
        ("owner", view.owner),
        ("team", view.team),
        ("level", view.level),
        ("parent", view.parent),
        ("perspective", view.perspective),
        ("state", view.state),
    ]
    echo("  ".join(f"{name}: {safe(value)}" for name, value in facts if value))
    if view.description:
        echo(safe(view.description))
    progress = (
        f"progress {progress_cell(view.progress)} (expected {percent(view.expected).strip()})"
        if view.progress is not None
        else f"progress: {NO_PROGRESS} (its key results all weigh 0)"
    )
    grade = f"  grade {grade_text(view.grade, data.thresholds)}" if view.grade is not None else ""
    echo(f"{progress}  status {status_text(view.status)}{grade}")
    echo(rollup_text(view))
    for warning in view.warnings:
        echo(styled(f"! {warning} (1 to 5 is healthy)", "yellow"))
    if view.key_results:
        echo()
        print_kr_table(view.key_results)
    if view.initiatives:
        echo()
        print_initiative_table(view.initiatives)
    if view.kpis:
        echo(f"\nKPIs its key results follow: {', '.join(view.kpis)}")
    if view.children:
        echo(f"\naligned children: {', '.join(view.children)}")


def rollup_text(view: Any) -> str:
    """``rolls up: its key results (auto)  weight in its parent 1`` for ``objective show``."""
    sources = {"krs": "its key results", "children": "its aligned children", "both": "its key results and children"}
    if view.rollup:
        shown = sources[view.rollup]
    else:
        shown = f"{sources['children' if not view.key_results else 'krs']} (auto)"
    return f"rolls up: {shown}  weight in its parent {number(view.weight)}"


@objective.command("edit")
@click.argument("objective_id", metavar="O-ID", shell_complete=record_ids("O"))
@click.option("--title")
@objective_options
@click.option("--state", type=click.Choice(OBJECTIVE_STATES))
@pass_settings
def objective_edit(settings: Settings, objective_id: str, **changes: Any) -> None:
    """Change an objective's fields (--parent '' removes the parent)."""
    from okrtui.services import okrs

    if changes.get("parent") is None:
        changes.pop("parent")
    edited = okrs.edit_objective(settings.ws, objective_id, changes)
    echo(f"{edited.id} updated (rev {edited.rev})")


@objective.command("delete")
@click.argument("objective_id", metavar="O-ID", shell_complete=record_ids("O"))
@click.option("--yes", is_flag=True, help="Also delete its key results and initiatives.")
@click.option(
    "--children",
    type=click.Choice(["detach", "reparent"]),
    default="detach",
    show_default=True,
    help="Aligned children lose their parent (detach) or align to this one's parent (reparent).",
)
@pass_settings
def objective_delete(settings: Settings, objective_id: str, yes: bool, children: str) -> None:
    """Delete an objective; refuses while it has key results, unless --yes."""
    from okrtui.services import okrs

    deleted = okrs.delete_objective(settings.ws, objective_id, force=yes, children=children)
    echo(f"deleted {', '.join(deleted)}")


# -- key results ------------------------------------------------------------------------------------------------------


@click.group()
def kr() -> None:
    """Add key results, check in, show their history."""


@kr.command("add")
@click.argument("objective_id", metavar="O-ID", shell_complete=record_ids("O"))
@click.argument("title")
@click.option("--start", metavar="N", help="Start value (with --target: increase or decrease).")
@click.option("--target", metavar="N", help="Target value.")
@click.option("--at-least", metavar="N", help="Maintain: keep the value at or above N.")
@click.option("--at-most", metavar="N", help="Maintain: keep the value at or below N.")
@click.option("--between", nargs=2, metavar="LOW HIGH", help="Maintain: keep the value from LOW to HIGH (both in).")
@click.option("--milestone", is_flag=True, help="Done or not done.")
@click.option("--commit", metavar="N", help="Committed level, between start and target.")
@click.option("--stretch", metavar="N", help="Stretch level, beyond the target (progress still counts to the target).")
@click.option("--from", "begins", metavar="D", help="Its own first day, inside the period (default: the period's).")
@click.option("--due", metavar="D", help="Its own due date, inside the period; past it and not done is off-track.")
@click.option(
    "--plan", metavar="D:N,...", help="Phased values on dates, like 2026-10-31:45,2026-11-30:40 (increase/decrease)."
)
@click.option("--unit", metavar="U")
@click.option(
    "--weight",
    metavar="W",
    help="Weight in the objective's progress, 0 to 1000 (default 1; 0 for a guard: it counts toward status only).",
)
@click.option(
    "--kpi",
    metavar="K",
    help="A KPI (id or key) whose latest measurement is the current value.",
    shell_complete=kpi_names,
)
@pass_settings
def kr_add(settings: Settings, objective_id: str, title: str, **options: Any) -> None:
    """Add a key result; prints its id."""
    from okrtui.services import okrs

    click.echo(okrs.add_kr(settings.ws, objective_id, title, **options).id)


@kr.command("checkin", context_settings={"ignore_unknown_options": True})  # VALUE may be -2
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.argument("value")
@click.option("--confidence", metavar="C", help="on-track, at-risk, off-track or 0..10.")
@click.option("--note", metavar="TEXT")
@click.option("--date", "day", metavar="D", help="YYYY-MM-DD (default: today).")
@pass_settings
def kr_checkin(settings: Settings, kr_id: str, value: str, confidence: str | None, note: str | None, day: str | None):
    """Check in a new value (done / not-done for a milestone)."""
    from okrtui.services import checkins

    saved, entry = checkins.checkin(settings.ws, kr_id, value, confidence=confidence, note=note, day=day)
    shown = number(entry["value"], saved.get("unit", ""))
    echo(f"{saved['id']}: {shown} on {entry['date']} by {safe(entry['author'])}")


@kr.command("checkins")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.option("--json", "as_json", is_flag=True, help="A list of {handle, date, value, confidence, note, author}.")
@pass_settings
def kr_checkins(settings: Settings, kr_id: str, as_json: bool) -> None:
    """List a key result's check-ins, each with the handle (#) that checkin-edit and checkin-delete take."""
    from okrtui.services import corrections

    ws = settings.ws
    with ws.repo.snapshot():
        kr = ws.repo.raw_get("KR", kr_id)
        listed = corrections.list_checkins(ws, kr["id"])
    if as_json:
        echo_json([checkin_json(handle, entry) for handle, entry in listed])
        return
    if not listed:
        echo(f"No check-ins yet. Add one: okrtui kr checkin {kr['id']} VALUE")
        return
    rows = [
        [
            str(handle),
            str(entry.get("date")),
            number(entry.get("value"), kr.get("unit", "")),
            "" if entry.get("confidence") is None else str(entry["confidence"]),
            safe(entry.get("author", "")),
            safe(entry.get("note", "")),
        ]
        for handle, entry in listed
    ]
    table(["#", "DATE", "VALUE", "CONF", "AUTHOR", "NOTE"], rows)


def checkin_json(handle: int, entry: dict) -> dict:
    """One stored check-in as ``kr checkins --json`` prints it."""
    fields = {"date": None, "value": None, "confidence": None, "note": "", "author": ""}
    return {"handle": handle, **{name: entry.get(name, default) for name, default in fields.items()}}


def checkin_text(kr: dict, entry: dict) -> str:
    """A check-in as the confirmations print it: ``44 days on 2026-11-20 by alice``."""
    return f"{number(entry['value'], kr.get('unit', ''))} on {entry['date']} by {safe(entry.get('author', ''))}"


@kr.command("checkin-edit")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.argument("handle", metavar="N", shell_complete=checkin_handles)
@click.option("--value", metavar="V", help="A number; for a milestone done or not-done.")
@click.option("--confidence", metavar="C", help="on-track, at-risk, off-track or 0..10; '' clears it.")
@click.option("--note", metavar="TEXT", help="The new note; '' clears it.")
@click.option("--date", "day", metavar="D", help="YYYY-MM-DD, not after today; the check-in moves to its date's place.")
@pass_settings
def kr_checkin_edit(settings: Settings, kr_id: str, handle: str, **changes: Any) -> None:
    """Correct check-in N (its # in kr checkins): its value, confidence, note or date. Its author stays."""
    from okrtui.services import corrections

    saved, new_handle, entry = corrections.edit_checkin(settings.ws, kr_id, handle, **changes)
    moved = f" (was {handle.strip()})" if str(new_handle) != handle.strip() else ""
    echo(f"{saved['id']} check-in {new_handle}: {checkin_text(saved, entry)}{moved}")


@kr.command("checkin-delete")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.argument("handle", metavar="N", shell_complete=checkin_handles)
@pass_settings
def kr_checkin_delete(settings: Settings, kr_id: str, handle: str) -> None:
    """Delete check-in N (its # in kr checkins)."""
    from okrtui.services import corrections

    saved, removed = corrections.delete_checkin(settings.ws, kr_id, handle)
    echo(f"{saved['id']}: deleted check-in {handle.strip()} ({checkin_text(saved, removed)})")


@kr.command("show")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def kr_show(settings: Settings, kr_id: str, as_json: bool) -> None:
    """Show a key result with its whole check-in history."""
    from okrtui.errors import NotFound
    from okrtui.formatting import definition_moves, kr_window_lines
    from okrtui.services.views import Dataset, Scorer, earlier_targets_json, kr_view

    ws = settings.ws
    data = Dataset.load(ws)
    kr_id = parse_id(kr_id, "KR")
    if kr_id not in data.kr_by_id:
        raise NotFound(f"no key result {kr_id}")
    record = data.kr_by_id[kr_id]
    view = kr_view(Scorer(data, ws.today), record)
    if as_json:
        echo_json({**view.to_json(), "earlier_targets": earlier_targets_json(record, ws.today)})
        return
    echo(styled(f"{view.id}  {safe(view.title)}", None, bold=True) + f"  (objective {view.objective})")
    echo(
        f"{view.kind}: {kr_values(view)}  weight {number(view.weight)}"
        + (f"  follows KPI {view.kpi_key}" if view.kpi_key else "")
        + (f"  added {view.created}" if view.created else "")
    )
    if view.zone is not None:
        levels = {"commit": view.commit, "stretch": view.stretch}
        shown = [f"{name} {number(value, view.unit)}" for name, value in levels.items() if value is not None]
        echo("  ".join([*shown, f"zone {ZONE_TEXT[view.zone]}"]))
    for line in definition_moves(record, ws.today):
        echo(line)
    for line in kr_window_lines(view, ws.today.isoformat()):
        echo(line)
    echo(
        f"progress {progress_cell(view.progress)} (expected {percent(view.expected).strip()})"
        f"  status {status_text(view.status)}"
        + (f"  grade {grade_text(view.grade, data.thresholds)}" if view.grade is not None else "")
    )
    if view.closed:
        echo(closed_text(view))
    if not view.checkins:
        echo(f"No check-ins yet. Add one: okrtui kr checkin {view.id} VALUE")
        return
    echo()
    rows = [
        [
            c.date,
            number(c.value, view.unit),
            "" if c.confidence is None else str(c.confidence),
            safe(c.author),
            safe(c.note),
        ]
        for c in view.checkins
    ]
    table(["DATE", "VALUE", "CONF", "AUTHOR", "NOTE"], rows)


def closed_text(view: Any) -> str:
    """``closed achieved on 2026-11-20 by alice, value frozen at 44 days: note`` for ``kr show``."""
    closed = view.closed
    by = f" by {safe(closed['by'])}" if closed["by"] else ""
    frozen = value_text(closed["value"], view.kind, view.unit)
    note = f": {safe(closed['note'])}" if closed["note"] else ""
    return f"closed {closed['outcome']} on {closed['on']}{by}, value frozen at {frozen}{note}"


@kr.command("close")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.option("--achieved", is_flag=True, help="It reached what it set out to.")
@click.option("--missed", is_flag=True, help="It fell short and is over.")
@click.option("--dropped", is_flag=True, help="It no longer counts: it leaves its objective's progress and grade.")
@click.option("--note", metavar="TEXT", help="Why, in a sentence.")
@pass_settings
def kr_close(settings: Settings, kr_id: str, achieved: bool, missed: bool, dropped: bool, note: str | None) -> None:
    """Close a key result as achieved, missed or dropped: its value is frozen and it is no longer due."""
    from okrtui.errors import BadInput
    from okrtui.services.closures import close_kr

    chosen = [name for name, given in (("achieved", achieved), ("missed", missed), ("dropped", dropped)) if given]
    if len(chosen) != 1:
        raise BadInput("give exactly one of --achieved, --missed or --dropped")
    closed = close_kr(settings.ws, kr_id, chosen[0], note=note)
    value = closed.closed.value if closed.closed else None
    frozen = "no value" if value is None else value_text(value, closed.kind, closed.unit)
    echo(f"{closed.id} closed: {chosen[0]} on {settings.ws.today.isoformat()} (value frozen at {frozen})")


@kr.command("reopen")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@pass_settings
def kr_reopen(settings: Settings, kr_id: str) -> None:
    """Reopen a closed key result: it scores, is due and takes check-ins again."""
    from okrtui.services.closures import reopen_kr

    echo(f"{reopen_kr(settings.ws, kr_id).id} reopened")


@kr.command("edit")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@click.option("--title")
@click.option("--start", metavar="N")
@click.option("--target", metavar="N")
@click.option("--at-least", metavar="N")
@click.option("--at-most", metavar="N")
@click.option("--between", nargs=2, metavar="LOW HIGH", help="Make it a range guard: in bounds from LOW to HIGH.")
@click.option("--milestone", is_flag=True)
@click.option("--commit", metavar="N", help="Committed level, between start and target; '' clears it.")
@click.option("--stretch", metavar="N", help="Stretch level, beyond the target; '' clears it.")
@click.option("--from", "begins", metavar="D", help="Its own first day, inside the period; '' clears it.")
@click.option("--due", metavar="D", help="Its own due date, inside the period; '' clears it.")
@click.option("--plan", metavar="D:N,...", help="Phased values on dates (2026-10-31:45,...); '' clears it.")
@click.option("--unit", metavar="U")
@click.option("--weight", metavar="W", help="Weight in the objective's progress, 0 to 1000 (0: status only).")
@click.option("--kpi", metavar="K", help="Link a KPI (id or key); '' unlinks.", shell_complete=kpi_names)
@pass_settings
def kr_edit(settings: Settings, kr_id: str, **changes: Any) -> None:
    """Change a key result; its check-ins stay."""
    from okrtui.services import okrs

    edited = okrs.edit_kr(settings.ws, kr_id, changes)
    echo(f"{edited.id} updated (rev {edited.rev})")


@kr.command("delete")
@click.argument("kr_id", metavar="KR-ID", shell_complete=record_ids("KR"))
@pass_settings
def kr_delete(settings: Settings, kr_id: str) -> None:
    """Delete a key result (its initiatives move to the objective)."""
    from okrtui.services import okrs

    echo(f"deleted {okrs.delete_kr(settings.ws, kr_id)}")


# -- initiatives ------------------------------------------------------------------------------------------------------


@click.group()
def initiative() -> None:
    """Add, update and list initiatives."""


@initiative.command("add")
@click.argument("parent", metavar="KR-ID|O-ID", shell_complete=record_ids("KR", "O"))
@click.argument("title")
@click.option("--owner", metavar="NAME")
@click.option("--due", metavar="D", help="YYYY-MM-DD")
@click.option("--status", type=click.Choice(INITIATIVE_STATUSES))
@pass_settings
def initiative_add(settings: Settings, parent: str, title: str, **options: Any) -> None:
    """Add an initiative to a key result or an objective; prints its id."""
    from okrtui.services import okrs

    click.echo(okrs.add_initiative(settings.ws, parent, title, **options).id)


@initiative.command("set")
@click.argument("initiative_id", metavar="I-ID", shell_complete=record_ids("I"))
@click.option("--status", type=click.Choice(INITIATIVE_STATUSES))
@click.option("--title")
@click.option("--owner", metavar="NAME")
@click.option("--due", metavar="D", help="YYYY-MM-DD ('' clears it)")
@click.option("--parent", metavar="KR-ID|O-ID", shell_complete=record_ids("KR", "O"))
@pass_settings
def initiative_set(settings: Settings, initiative_id: str, **changes: Any) -> None:
    """Change an initiative's status (or title, owner, due date, parent)."""
    from okrtui.services import okrs

    if all(value is None for value in changes.values()):
        raise click.UsageError("nothing to change: give --status, --title, --owner, --due or --parent")
    edited = okrs.edit_initiative(settings.ws, initiative_id, changes)
    echo(f"{edited.id} {edited.status} (rev {edited.rev})")


@initiative.command("list")
@click.option("--period", metavar="P", help="Only initiatives of this period's objectives.")
@click.option("--owner", metavar="NAME")
@click.option("--status", type=click.Choice(INITIATIVE_STATUSES))
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def initiative_list(settings: Settings, period: str | None, owner: str | None, status: str | None, as_json: bool):
    """List initiatives."""
    from okrtui.services.filters import same_name
    from okrtui.services.views import Dataset, initiative_view, objectives_in

    ws = settings.ws
    data = Dataset.load(ws)
    chosen = data.initiatives
    if period:
        ids = {o.id for o in objectives_in(data, ws.period(period))}
        chosen = [i for i in chosen if i.objective in ids]
    if owner:
        chosen = [i for i in chosen if same_name(i.owner, owner)]
    if status:
        chosen = [i for i in chosen if i.status == status]
    views = [initiative_view(i) for i in chosen]
    if as_json:
        echo_json(views)
        return
    if not views:
        echo('No initiatives. Add one: okrtui initiative add KR-1 "TITLE"')
        return
    print_initiative_table(views)


@initiative.command("delete")
@click.argument("initiative_id", metavar="I-ID", shell_complete=record_ids("I"))
@pass_settings
def initiative_delete(settings: Settings, initiative_id: str) -> None:
    """Delete an initiative."""
    from okrtui.services import okrs

    echo(f"deleted {okrs.delete_initiative(settings.ws, initiative_id)}")


COMMANDS = [init, objective, kr, initiative]
