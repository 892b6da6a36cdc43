"""Details of one record (objective, key result, initiative, KPI), each on its own screen over the main one.

Every screen is built from a record id and redraws from the app's latest ``Dataset`` whenever the data file changes,
so a lead looking at a key result sees a colleague's check-in arrive. A record deleted elsewhere leaves a clear note
instead of a crash. Scores come from the shared views only; nothing here computes progress or status itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from okrtui.domain.scoring import confidence_status
from okrtui.formatting import (
    ZONE_TEXT,
    colour,
    definition_moves,
    kr_values,
    kr_window_lines,
    number,
    percent,
    ratio_text,
    safe,
    value_text,
)
from okrtui.services.view_models import CheckInView, InitiativeView, KrView, ObjectiveView
from okrtui.services.views import Dataset, Scorer, initiative_view, kr_view, objective_view
from okrtui.tui.details_screen import CHECK_IN, DELETE, EDIT, DetailsScreen
from okrtui.tui.widgets.details import Column, Section
from okrtui.tui.widgets.lines import (
    SEPARATOR,
    cut,
    fields_line,
    join_lines,
    kr_standing,
    progress_line,
)
from okrtui.tui.widgets.panes import (
    KPI_LINK_MARK,
    WARNING_MARK,
    due_text,
    initiative_status_text,
    progress_text,
    status_text,
)

# -- objective --------------------------------------------------------------------------------------------------------


KR_COLUMNS: tuple[Column, ...] = (
    ("KR", None),
    ("Key result · kind · start → now → target", None),
    ("Progress", None),
    ("Status", None),
)
INITIATIVE_COLUMNS: tuple[Column, ...] = (
    ("ID", None),
    ("Status", None),
    ("Owner", None),
    ("Due", None),
    ("For", None),
    ("Title", None),
)
CHILD_COLUMNS: tuple[Column, ...] = (
    ("Objective", None),
    ("Progress", None),
    ("Status", None),
    ("Owner", None),
    ("Title", None),
)


class ObjectiveDetails(DetailsScreen):
    """An objective: its fields and score, key results, initiatives, parent and aligned children."""

    KIND = "Objective"
    BINDINGS: ClassVar[list[BindingType]] = [EDIT, CHECK_IN, DELETE]

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Key results", KR_COLUMNS, "none yet", stretch=1, id="objective-krs")
        yield Section("Initiatives", INITIATIVE_COLUMNS, "none", stretch=5, id="objective-initiatives")
        yield Section(
            "Aligned objectives", CHILD_COLUMNS, "none aligned to this one", stretch=4, id="objective-children"
        )

    def find(self, data: Dataset) -> Any:
        return data.objective_by_id.get(self.record_id)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = objective_view(scorer, record)
        parent = scorer.data.objective_by_id.get(view.parent or "")
        parent_view = objective_view(scorer, parent) if parent else None
        self.query_one("#summary", Static).update(objective_summary(view, parent_view))
        today = self.app.ws.today.isoformat()
        self.query_one("#objective-krs", Section).show([(kr.id, kr_cells(kr)) for kr in view.key_results])
        self.query_one("#objective-initiatives", Section).show(
            [(item.id, initiative_cells(item, today)) for item in view.initiatives]
        )
        children = [objective_view(scorer, child) for child in scorer.data.children_of.get(record.id, [])]
        self.query_one("#objective-children", Section).show([(child.id, child_cells(child)) for child in children])


def objective_summary(view: ObjectiveView, parent: ObjectiveView | None) -> Text:
    """Title, fields, score, warnings, alignment and description of an objective view."""
    lines = [
        Text(safe(view.title), style="bold"),
        # Short lines, so a wrap never parts a label from its value at 80 columns.
        fields_line([("Id", view.id), ("Period", view.period), ("State", view.state), ("Level", view.level)]),
        fields_line([("Owner", view.owner), ("Team", view.team), ("Perspective", view.perspective)]),
        progress_line(view),
    ]
    if view.grade is not None:
        lines.append(fields_line([("Grade", f"{view.grade:.2f}")]))
    lines.append(rollup_line(view))
    for warning in view.warnings:
        lines.append(Text(f"{WARNING_MARK} {warning}: 1 to 5 key results is healthy", style="yellow"))
    if parent is not None:
        aligned = Text("Aligned to ", style="dim")
        aligned.append(f"{parent.id} ")
        aligned.append(f"{percent(parent.progress).strip()} ", style=colour(parent.status))
        lines.append(aligned + Text(safe(parent.title)))
    elif view.parent:
        lines.append(Text(f"Aligned to {safe(view.parent)}, which no longer exists", style="dim"))
    if view.kpis:
        follows = Text("KPIs its key results follow ", style="dim")
        follows.append("  ".join(f"{KPI_LINK_MARK}{key}" for key in view.kpis), style="cyan")
        lines.append(follows)
    if view.description:
        lines.append(Text("\n") + Text(safe(view.description)))
    return join_lines(lines)


ROLLUP_TEXT = {"krs": "its key results", "children": "its aligned children", "both": "key results and children"}


def rollup_line(view: ObjectiveView) -> Text:
    """``Rolls up its key results (auto)  ·  Weight in its parent 1``."""
    if view.rollup:
        shown = ROLLUP_TEXT[view.rollup]
    else:
        shown = ROLLUP_TEXT["krs" if view.key_results else "children"] + " (auto)"
    return fields_line([("Rolls up", shown), ("Weight in its parent", number(view.weight))])


def kr_cells(view: KrView) -> list[Any]:
    """Cells of a key result row: its title above its kind and values, so six facts fit 80 columns (the table cuts
    each line to the column's width)."""
    about = Text(safe(view.title))
    if view.kpi_key:
        about.append(f" {KPI_LINK_MARK}", style="cyan")
    about.append(f"\n{view.kind} · {safe(kr_values(view))}", style="dim")
    return [
        view.id,
        about,
        progress_text(view),
        status_text(view.status),
    ]


def initiative_cells(view: InitiativeView, today_iso: str, *, with_for: bool = True) -> list[Any]:
    """Cells of an initiative row (with the key result it is for, unless ``with_for`` is False); an overdue due date
    shows red."""
    return [
        view.id,
        initiative_status_text(view.status),
        cut(view.owner, 10),
        due_text(view, today_iso),
        *([view.kr or ""] if with_for else []),
        safe(view.title),
    ]


def child_cells(view: ObjectiveView) -> list[Any]:
    """Cells of an aligned child objective."""
    return [
        view.id,
        progress_text(view),
        status_text(view.status),
        cut(view.owner, 10),
        safe(view.title),
    ]


# -- key result -------------------------------------------------------------------------------------------------------


CHECKIN_COLUMNS: tuple[Column, ...] = (("Date", None), ("Value", None), ("Conf.", None), ("Author", None), ("Note", 26))
"""The note takes the width the other columns leave (26 at least), and a long note wraps onto more lines instead of
running off the screen."""


KR_INITIATIVE_COLUMNS: tuple[Column, ...] = (
    ("ID", None),
    ("Status", None),
    ("Owner", None),
    ("Due", None),
    ("Title", None),
)


class KeyResultDetails(DetailsScreen):
    """A key result: its values, pace and status, its initiatives, and every check-in, newest first; e and d on a
    check-in correct it, on an initiative edit or delete that, elsewhere the key result itself."""

    KIND = "Key result"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "edit",
            "Edit",
            id="details.edit",
            tooltip="Edit this key result, or correct the selected check-in, or edit the selected initiative",
        ),
        CHECK_IN,
        Binding(
            "d",
            "delete",
            "Delete",
            id="details.delete",
            tooltip="Delete this key result, the selected check-in (ctrl+z brings it back) or initiative; asks first",
        ),
        Binding(
            "x",
            "close_kr",
            "Close / reopen",
            id="kr.close",
            tooltip="Close this key result as achieved, missed or dropped, or reopen it when it is closed",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Initiatives", KR_INITIATIVE_COLUMNS, "none", stretch=4, id="kr-initiatives")
        yield Section(
            "Check-ins, newest first",
            CHECKIN_COLUMNS,
            "none yet (press c to check in)",
            stretch=4,
            cut=False,
            id="checkins",
        )

    def find(self, data: Dataset) -> Any:
        return data.kr_by_id.get(self.record_id)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = kr_view(scorer, record)
        objective = scorer.data.objective_by_id.get(record.objective)
        moves = definition_moves(record, scorer.today)
        window = kr_window_lines(view, scorer.today.isoformat())
        title = objective.title if objective else None
        self.query_one("#summary", Static).update(kr_summary(view, title, moves, window))
        keys = checkin_keys(record, scorer.checkins(record))
        rows = [(key, checkin_cells(checkin, view.unit)) for key, checkin in zip(keys, view.checkins, strict=True)]
        rows.reverse()
        self.query_one("#checkins", Section).show(rows)
        today = scorer.today.isoformat()
        initiatives = [initiative_view(item) for item in scorer.data.initiatives_of(record.id)]
        self.query_one("#kr-initiatives", Section).show(
            [(item.id, initiative_cells(item, today, with_for=False)) for item in initiatives]
        )

    def selected_checkin(self) -> tuple[Any, int] | None:
        """(the key result, the handle of the check-in under the cursor), or None with a note saying why not."""
        key = self.selected_row("checkins")
        record = self.app.data.kr_by_id.get(self.record_id) if self.app.data else None
        if record is None or key is None:
            self.notify("Select a check-in first: tab to the check-ins, then e or d", severity="warning")
            return None
        if not key.startswith("_checkin-"):
            self.notify(
                f"That value is {record.kpi}'s measurement: correct it in the KPI's details", severity="warning"
            )
            return None
        return record, int(key.removeprefix("_checkin-"))

    def action_close_kr(self) -> None:
        """Close this key result, or reopen it when it is closed."""
        from okrtui.tui.modals.closing import close_or_reopen

        if self.app.data is not None and self.record_id in self.app.data.kr_by_id:
            close_or_reopen(self.app, self.record_id)

    def on_checkins(self) -> bool:
        """Whether the check-ins table has the focus (e and d then correct a check-in)."""
        return self.focused is self.query_one("#checkins DataTable")

    def action_edit(self) -> None:
        """Correct the selected check-in, or edit the selected initiative or the key result."""
        if self.on_checkins():
            self.edit_checkin()
        else:
            super().action_edit()

    def action_delete(self) -> None:
        """Delete the selected check-in, or the selected initiative or the key result (asks first)."""
        if self.on_checkins():
            self.delete_checkin()
        else:
            super().action_delete()

    def edit_checkin(self) -> None:
        """Correct the selected check-in in a form."""
        from okrtui.tui.modals.corrections import CheckInEditForm

        selected = self.selected_checkin()
        if selected is not None:
            self.app.push_screen(CheckInEditForm(self.record_id, selected[1]))

    def delete_checkin(self) -> None:
        """Delete the selected check-in after confirmation."""
        from okrtui.tui.modals.corrections import confirm_checkin_delete

        selected = self.selected_checkin()
        if selected is not None:
            confirm_checkin_delete(self.app, *selected)


def checkin_keys(record: Any, points: Sequence[Any]) -> list[str]:
    """Row keys of a key result's effective check-ins: ``_checkin-N`` for its own (N: the handle, its place in the
    stored list), ``_kpi-N`` for its KPI's measurements."""
    handles = {id(checkin): number for number, checkin in enumerate(record.checkins, start=1)}
    return [
        f"_checkin-{handles[id(point)]}" if id(point) in handles else f"_kpi-{index}"
        for index, point in enumerate(points)
    ]


def kr_summary(
    view: KrView, objective_title: str | None, moves: Sequence[str] = (), window: Sequence[str] = ()
) -> Text:
    """Title, kind, values, moves of its target (``definition_moves``), its own dates and plan (``kr_window_lines``),
    pace, status and KPI link of a key result view."""
    of = Text(f"{view.id} of {view.objective} ", style="dim")
    of.append(safe(objective_title) if objective_title is not None else "(objective gone)")
    lines = [
        Text(safe(view.title), style="bold"),
        of,
        fields_line(
            [("Kind", view.kind), ("Unit", view.unit), ("Weight", number(view.weight)), ("Added", view.created)]
        ),
        kr_values_line(view),
        *levels_lines(view),
        *(Text(move, style="dim") for move in moves),
        *(Text(line, style="bold red" if line.endswith("(past due)") else "") for line in window),
        *kr_standing(view),
        *closed_lines(view),
    ]
    if view.grade is not None:
        lines.append(fields_line([("Grade", f"{view.grade:.2f}")]))
    if view.kpi_key:
        lines.append(
            Text(
                f"{KPI_LINK_MARK} Follows KPI {view.kpi_key} ({view.kpi}): "
                "its measurements in the period count as check-ins",
                style="cyan",
            )
        )
    elif view.kpi:
        lines.append(Text(f"Linked to KPI {view.kpi}, which no longer exists", style="dim"))
    return join_lines(lines)


def closed_lines(view: KrView) -> list[Text]:
    """``✔ achieved on 2026-11-22 by lead  ·  value frozen at 40`` and its note, for a closed key result."""
    closed = view.closed
    if not closed:
        return []
    line = status_text(closed["outcome"])
    line.append(f" on {closed['on']}" + (f" by {safe(closed['by'])}" if closed["by"] else ""))
    frozen = "no value" if closed["value"] is None else value_text(closed["value"], view.kind, view.unit)
    line.append(f"{SEPARATOR}value frozen at {frozen}; x reopens it", style="dim")
    return [line, *([Text(safe(closed["note"]), style="italic")] if closed["note"] else [])]


def kr_values_line(view: KrView) -> Text:
    """``Start 59 → now 44 → target 38 days``, ``At least 9% (now 9.3%)`` or ``Milestone: done``."""
    unit = view.unit
    if view.kind == "milestone":
        return fields_line([("Milestone", value_text(view.current, "milestone"))])
    if view.is_maintain:
        now = number(view.current, unit) if view.current is not None else "no check-in yet"
        if view.kind == "range":
            return fields_line([("Between", f"{number(view.low, unit)} and {number(view.high, unit)}"), ("now", now)])
        bound = "At least" if view.kind == "at-least" else "At most"
        return fields_line([(bound, number(view.target, unit)), ("now", now)])
    line = fields_line(
        [
            ("Start", number(view.start, unit)),
            ("now", number(view.current, unit)),
            ("target", number(view.target, unit)),
        ]
    )
    if view.exceeded:
        line.append(f"  {ratio_text(view.ratio) or 'exceeded'} the target", style="bold green")
    elif view.below_baseline:
        line.append(f"  {ratio_text(view.ratio) or 'below baseline'}", style="bold red")
    return line


def levels_lines(view: KrView) -> list[Text]:
    """``Commit 60  ·  Stretch 150  ·  Zone stretch ★`` for a key result with a commit or stretch level."""
    if view.zone is None:
        return []
    unit = view.unit
    levels = [("Commit", view.commit), ("Stretch", view.stretch)]
    shown: list[tuple[str, Any]] = [(name, number(value, unit)) for name, value in levels if value is not None]
    return [fields_line([*shown, ("Zone", ZONE_TEXT[view.zone])])]


def checkin_cells(checkin: CheckInView, unit: str) -> list[Any]:
    """Cells of one check-in: date, value with unit, confidence, author, note."""
    confidence = checkin.confidence
    shown = (
        Text(f"{confidence}/10", style=colour(confidence_status(confidence)))
        if confidence is not None
        else Text("–", style="dim")
    )
    return [checkin.date, number(checkin.value, unit), shown, cut(checkin.author, 14), safe(checkin.note)]


# -- initiative -------------------------------------------------------------------------------------------------------


RELATED_COLUMNS: tuple[Column, ...] = (("For", None), ("Progress", None), ("Status", None), ("Title", None))


class InitiativeDetails(DetailsScreen):
    """An initiative: its fields, and the key result and objective it drives (enter opens them)."""

    KIND = "Initiative"
    BINDINGS: ClassVar[list[BindingType]] = [EDIT, DELETE]

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Drives", RELATED_COLUMNS, "its objective no longer exists", stretch=3, id="initiative-related")

    def find(self, data: Dataset) -> Any:
        return next((item for item in data.initiatives if item.id == self.record_id), None)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = initiative_view(record)
        data = scorer.data
        self.query_one("#summary", Static).update(initiative_summary(view, record, self.app.ws.today.isoformat()))
        kr = data.kr_by_id.get(view.kr or "")
        objective = data.objective_by_id.get(view.objective)
        related: list[KrView | ObjectiveView] = [kr_view(scorer, kr)] if kr else []
        related += [objective_view(scorer, objective)] if objective else []
        self.query_one("#initiative-related", Section).show([(item.id, related_cells(item)) for item in related])


def initiative_summary(view: InitiativeView, record: Any, today_iso: str) -> Text:
    """Title, status, owner and due date of an initiative view (an overdue date shows red)."""
    due = due_text(view, today_iso, " (overdue)") if view.due else None
    lines = [
        Text(safe(view.title), style="bold"),
        fields_line(
            [
                ("Id", view.id),
                ("Status", initiative_status_text(view.status)),
                ("Owner", view.owner),
                ("Due", due),
            ]
        ),
        fields_line([("Last changed by", record.updated_by), ("revision", record.rev)]),
        Text("Initiatives don't count towards progress.", style="dim italic"),
    ]
    return join_lines(lines)


def related_cells(view: ObjectiveView | KrView) -> list[Any]:
    """Cells of the key result or objective an initiative drives."""
    return [
        view.id,
        progress_text(view),
        status_text(view.status),
        safe(view.title),
    ]
