"""Details of one record (objective, key result, initiative, KPI), each on its own screen over the main one.

Every screen is built from a record id and redraws from the app's latest ``Dataset`` whenever the data file changes,
so a lead looking at a key result sees a colleague's check-in arrive. A record deleted elsewhere leaves a clear note
instead of a crash. Scores come from the shared views only; nothing here computes progress or status itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from okrtui.domain.scoring import confidence_status
from okrtui.formatting import bar, kr_values, number, percent, safe
from okrtui.services.views import Dataset, Scorer, initiative_view, kr_view, objective_view
from okrtui.tui.base import LiveScreen
from okrtui.tui.widgets.panes import (
    INITIATIVE_STYLE,
    KPI_LINK_MARK,
    STATUS_STYLE,
    VI_KEYS,
    WARNING_MARK,
    status_text,
)
from okrtui.tui.widgets.text import cells

SEPARATOR = "  ·  "


# -- shared text helpers ----------------------------------------------------------------------------------------------


def fields_line(pairs: Iterable[tuple[str, Any]]) -> Text:
    """``Owner alice  ·  Team Sales``: dim labels, plain values; empty values are left out."""
    line = Text()
    for label, value in pairs:
        if value in (None, ""):
            continue
        if line:
            line.append(SEPARATOR, style="dim")
        line.append(f"{label} ", style="dim")
        line.append(value if isinstance(value, Text) else safe(value))
    return line


def progress_line(view: dict) -> Text:
    """``████████░░░░ 61%  ·  expected 57% by today  ·  ● on-track`` from a scored view."""
    style = STATUS_STYLE.get(view["status"], "")
    line = Text(f"{bar(view['progress'], 20)}{percent(view['progress'])}", style=style)
    line.append(f"{SEPARATOR}expected {percent(view['expected']).strip()} by today", style="dim")
    line.append(SEPARATOR, style="dim")
    return line + status_text(view["status"])


def join_lines(lines: Iterable[Text | str]) -> Text:
    """Lines of text as one block, skipping empty ones."""
    return Text("\n").join(line if isinstance(line, Text) else Text(line) for line in lines if line)


# -- the shared screen ------------------------------------------------------------------------------------------------


Column = tuple[str, int | None]
"""A table column's label and fixed width (None: as wide as its content)."""


class DetailTable(DataTable):
    """A table of related records or check-ins; rows grow to fit wrapped text, enter opens the record under it."""

    BINDINGS = VI_KEYS

    def __init__(self, columns: Sequence[Column], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.column_specs = tuple(columns)

    def add_columns_once(self) -> None:
        """The columns, added on first use (the screen may draw before this table's own mount handler ran)."""
        if not self.columns:
            for label, width in self.column_specs:
                self.add_column(label, width=width)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw (key, cells) rows, keeping the cursor on the same row number."""
        self.add_columns_once()
        cursor = self.cursor_row
        self.clear()
        for key, row in rows:
            # height None: a cell with two lines (or a long note in a fixed-width column) gets the rows it needs.
            self.add_row(*cells(row), key=key, height=None)  # plain text: user text is never markup
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)


class Section(Vertical):
    """A heading with a count and a table; with no rows the heading says so and the table hides."""

    def __init__(self, title: str, columns: Sequence[Column], empty: str, **kwargs: Any) -> None:
        super().__init__(classes="section part", **kwargs)
        self.title_text, self.table_columns, self.empty_text = title, columns, empty

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), classes="details-heading")
        yield DetailTable(self.table_columns)

    def show(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Redraw the rows and the count in the heading."""
        title = f"{self.title_text} ({len(rows)})" if rows else f"{self.title_text}: {self.empty_text}"
        self.query_one(Static).update(Text(title, style="bold"))
        table = self.query_one(DetailTable)
        table.set_class(not rows, "-empty")
        table.show(rows)


class DetailsScreen(LiveScreen[None]):
    """A scrollable page about one record that follows the live data and closes with escape or q."""

    KIND: ClassVar[str] = "Record"
    """How the record is named in titles and in the note shown when it is gone."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="details.close", tooltip="Close the details and go back"),
        Binding("q", "close", "Back", show=False, id="details.close_q", tooltip="Close the details and go back"),
    ]

    def __init__(self, record_id: str) -> None:
        super().__init__(classes="details-screen")
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(classes="details"):
            yield Static(id="details-missing")
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The widgets that show the record (each with the class ``part``, hidden when it is gone)."""
        yield from ()

    def on_mount(self) -> None:
        self.title = f"{self.KIND} {self.record_id}"

    def waiting(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Redraw from a fresh read, or say why there is nothing to show."""
        data = self.app.data
        record = self.find(data) if data is not None else None
        self.set_class(record is None, "-missing")
        if data is None:
            self._say("Reading the data file…")
        elif record is None:
            self._say(
                f"{self.KIND} {safe(self.record_id)} no longer exists: it was deleted, perhaps in another "
                "session.\nPress escape to go back."
            )
        else:
            self.draw(Scorer(data, self.app.ws.today), record)

    def _say(self, note: str) -> None:
        self.query_one("#details-missing", Static).update(Text(note))

    def find(self, data: Dataset) -> Any:
        """The record this screen shows, or None when it no longer exists."""
        raise NotImplementedError

    def draw(self, scorer: Scorer, record: Any) -> None:
        """Fill the widgets from the record and its scores."""
        raise NotImplementedError

    def action_close(self) -> None:
        """Back to the screen below."""
        self.app.pop_screen()

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        record_id = event.row_key.value
        if record_id and not record_id.startswith("_"):
            open_details(self.app, record_id)


def open_details(app: Any, record_id: str) -> None:
    """Push the details screen of any record id (``O-1``, ``KR-3``, ``I-2``, ``K-1``)."""
    from okrtui.tui.screens.kpi_details import KpiDetails

    prefix = record_id.split("-", 1)[0]
    screen = {"O": ObjectiveDetails, "KR": KeyResultDetails, "I": InitiativeDetails, "K": KpiDetails}.get(prefix)
    if screen is not None:
        app.push_screen(screen(record_id))


# -- objective --------------------------------------------------------------------------------------------------------


KR_COLUMNS: tuple[Column, ...] = (("KR", None), ("Key result · kind · start → now → target", None),
                                   ("Progress", None), ("Status", None))
INITIATIVE_COLUMNS: tuple[Column, ...] = (("ID", None), ("Status", None), ("Owner", None), ("Due", None),
                                          ("For", None), ("Title", None))
CHILD_COLUMNS: tuple[Column, ...] = (("Objective", None), ("Progress", None), ("Status", None), ("Owner", None),
                                     ("Title", None))
TITLE_WIDTH = 40
"""Text in tables is cut here so every column fits 80 columns; enter opens the full record."""


class ObjectiveDetails(DetailsScreen):
    """An objective: its fields and score, key results, initiatives, parent and aligned children."""

    KIND = "Objective"

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Key results", KR_COLUMNS, "none yet", id="objective-krs")
        yield Section("Initiatives", INITIATIVE_COLUMNS, "none", id="objective-initiatives")
        yield Section("Aligned objectives", CHILD_COLUMNS, "none aligned to this one", id="objective-children")

    def find(self, data: Dataset) -> Any:
        return data.objective_by_id.get(self.record_id)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = objective_view(scorer, record)
        parent = scorer.data.objective_by_id.get(view["parent"] or "")
        parent_view = objective_view(scorer, parent) if parent else None
        self.query_one("#summary", Static).update(objective_summary(view, parent_view))
        today = self.app.ws.today.isoformat()
        self.query_one("#objective-krs", Section).show([(kr["id"], kr_cells(kr)) for kr in view["key_results"]])
        self.query_one("#objective-initiatives", Section).show(
            [(item["id"], initiative_cells(item, today)) for item in view["initiatives"]]
        )
        children = [objective_view(scorer, child) for child in scorer.data.children_of.get(record.id, [])]
        self.query_one("#objective-children", Section).show([(child["id"], child_cells(child)) for child in children])


def objective_summary(view: dict, parent: dict | None) -> Text:
    """Title, fields, score, warnings, alignment and description of an objective view."""
    lines = [
        Text(safe(view["title"]), style="bold"),
        # Short lines, so a wrap never parts a label from its value at 80 columns.
        fields_line([("Id", view["id"]), ("Period", view["period"]), ("State", view["state"]),
                     ("Level", view["level"])]),
        fields_line([("Owner", view["owner"]), ("Team", view["team"]), ("Perspective", view["perspective"])]),
        progress_line(view),
    ]
    if "grade" in view:
        lines.append(fields_line([("Grade", f"{view['grade']:.2f}")]))
    for warning in view["warnings"]:
        lines.append(Text(f"{WARNING_MARK} {warning}: 1 to 5 key results is healthy", style="yellow"))
    if parent is not None:
        aligned = Text("Aligned to ", style="dim")
        aligned.append(f"{parent['id']} ")
        aligned.append(f"{percent(parent['progress']).strip()} ", style=STATUS_STYLE.get(parent["status"], ""))
        lines.append(aligned + Text(safe(parent["title"])))
    elif view["parent"]:
        lines.append(Text(f"Aligned to {safe(view['parent'])}, which no longer exists", style="dim"))
    if view["kpis"]:
        follows = Text("KPIs its key results follow ", style="dim")
        follows.append("  ".join(f"{KPI_LINK_MARK}{key}" for key in view["kpis"]), style="cyan")
        lines.append(follows)
    if view["description"]:
        lines.append(Text("\n") + Text(safe(view["description"])))
    return join_lines(lines)


def cut(text: str, width: int = TITLE_WIDTH) -> str:
    """User text made safe and cut to ``width`` with an ellipsis."""
    text = safe(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def kr_cells(view: dict) -> list[Any]:
    """Cells of a key result row: its title above its kind and values, so six facts fit 80 columns."""
    about = Text(cut(view["title"]))
    if view["kpi_key"]:
        about.append(f" {KPI_LINK_MARK}", style="cyan")
    about.append(f"\n{view['kind']} · {cut(kr_values(view), TITLE_WIDTH - len(view['kind']) - 3)}", style="dim")
    style = STATUS_STYLE.get(view["status"], "")
    return [view["id"], about, Text(f"{bar(view['progress'], 6)}{percent(view['progress'])}", style=style),
            status_text(view["status"])]


def initiative_cells(view: dict, today_iso: str) -> list[Any]:
    """Cells of an initiative row; an overdue due date shows red."""
    overdue = bool(view["due"]) and view["due"] < today_iso and view["status"] != "done"
    return [view["id"], Text(view["status"], style=INITIATIVE_STYLE[view["status"]]), cut(view["owner"], 10),
            Text(view["due"] or "", style="red" if overdue else ""), view["kr"] or "", cut(view["title"], 30)]


def child_cells(view: dict) -> list[Any]:
    """Cells of an aligned child objective."""
    style = STATUS_STYLE.get(view["status"], "")
    return [view["id"], Text(f"{bar(view['progress'], 6)}{percent(view['progress'])}", style=style),
            status_text(view["status"]), cut(view["owner"], 10), cut(view["title"], 30)]


# -- key result -------------------------------------------------------------------------------------------------------


CHECKIN_COLUMNS: tuple[Column, ...] = (("Date", None), ("Value", None), ("Conf.", None), ("Author", None),
                                       ("Note", 26))
"""The note has a fixed width, so a long note wraps onto more lines instead of running off the screen."""


class KeyResultDetails(DetailsScreen):
    """A key result: its values, pace and status, and every check-in, newest first."""

    KIND = "Key result"

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Check-ins, newest first", CHECKIN_COLUMNS, "none yet (press c on the main screen)",
                      id="checkins")

    def find(self, data: Dataset) -> Any:
        return data.kr_by_id.get(self.record_id)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = kr_view(scorer, record)
        objective = scorer.data.objective_by_id.get(record.objective)
        self.query_one("#summary", Static).update(kr_summary(view, objective.title if objective else None))
        rows = [(f"_checkin-{index}", checkin_cells(checkin, view["unit"]))
                for index, checkin in enumerate(view["checkins"])]
        rows.reverse()
        self.query_one("#checkins", Section).show(rows)


def kr_summary(view: dict, objective_title: str | None) -> Text:
    """Title, kind, values, pace, status and KPI link of a key result view."""
    of = Text(f"{view['id']} of {view['objective']} ", style="dim")
    of.append(safe(objective_title) if objective_title is not None else "(objective gone)")
    lines = [
        Text(safe(view["title"]), style="bold"),
        of,
        fields_line([("Kind", view["kind"]), ("Unit", view["unit"]), ("Weight", number(view["weight"]))]),
        kr_values_line(view),
        *kr_standing(view),
    ]
    if "grade" in view:
        lines.append(fields_line([("Grade", f"{view['grade']:.2f}")]))
    if view["kpi_key"]:
        lines.append(Text(f"{KPI_LINK_MARK} Follows KPI {view['kpi_key']} ({view['kpi']}): "
                          "its measurements in the period count as check-ins", style="cyan"))
    elif view["kpi"]:
        lines.append(Text(f"Linked to KPI {view['kpi']}, which no longer exists", style="dim"))
    return join_lines(lines)


def kr_values_line(view: dict) -> Text:
    """``Start 59 → now 44 → target 38 days``, ``At least 9% (now 9.3%)`` or ``Milestone: done``."""
    unit = view["unit"]
    if view["kind"] == "milestone":
        return fields_line([("Milestone", "done" if view["current"] == 1 else "not done")])
    if view["kind"] in ("at-least", "at-most"):
        now = number(view["current"], unit) if view["current"] is not None else "no check-in yet"
        bound = "At least" if view["kind"] == "at-least" else "At most"
        return fields_line([(bound, number(view["target"], unit)), ("now", now)])
    line = fields_line([("Start", number(view["start"], unit)), ("now", number(view["current"], unit)),
                        ("target", number(view["target"], unit))])
    if view["exceeded"]:
        line.append("  exceeded the target", style="bold green")
    elif view["below_baseline"]:
        line.append("  below baseline", style="bold red")
    return line


def kr_standing(view: dict) -> list[Text]:
    """Progress against the expected pace, or for a maintain result whether it keeps its bound; and the status."""
    if view["kind"] in ("at-least", "at-most"):
        # A guard has no pace: it is either within its bound or not, so a progress bar would only mislead.
        kept = view["progress"] >= 1
        bound = "in bounds" if kept else ("no check-in yet" if view["current"] is None else "out of bounds")
        line = Text(f"Now {bound}", style="green" if kept else "red")
        return [line + Text(SEPARATOR, style="dim") + status_text(view["status"])]
    points = round((view["progress"] - view["expected"]) * 100)
    if points == 0:
        pace = "On the expected pace"
    else:
        pace = f"{abs(points)} points {'ahead of' if points > 0 else 'behind'} the expected pace"
    return [progress_line(view), Text(pace, style="dim")]


def checkin_cells(checkin: dict, unit: str) -> list[Any]:
    """Cells of one check-in: date, value with unit, confidence, author, note."""
    confidence = checkin["confidence"]
    shown = (Text(f"{confidence}/10", style=STATUS_STYLE[confidence_status(confidence)])
             if confidence is not None else Text("–", style="dim"))
    return [checkin["date"], number(checkin["value"], unit), shown, cut(checkin["author"], 14), safe(checkin["note"])]


# -- initiative -------------------------------------------------------------------------------------------------------


RELATED_COLUMNS: tuple[Column, ...] = (("For", None), ("Progress", None), ("Status", None), ("Title", None))


class InitiativeDetails(DetailsScreen):
    """An initiative: its fields, and the key result and objective it drives (enter opens them)."""

    KIND = "Initiative"

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary", classes="part")
        yield Section("Drives", RELATED_COLUMNS, "its objective no longer exists", id="initiative-related")

    def find(self, data: Dataset) -> Any:
        return next((item for item in data.initiatives if item.id == self.record_id), None)

    def draw(self, scorer: Scorer, record: Any) -> None:
        view = initiative_view(record)
        data = scorer.data
        self.query_one("#summary", Static).update(initiative_summary(view, record, self.app.ws.today.isoformat()))
        kr = data.kr_by_id.get(view["kr"] or "")
        objective = data.objective_by_id.get(view["objective"])
        related = [kr_view(scorer, kr)] if kr else []
        related += [objective_view(scorer, objective)] if objective else []
        self.query_one("#initiative-related", Section).show([(item["id"], related_cells(item)) for item in related])


def initiative_summary(view: dict, record: Any, today_iso: str) -> Text:
    """Title, status, owner and due date of an initiative view (an overdue date shows red)."""
    overdue = bool(view["due"]) and view["due"] < today_iso and view["status"] != "done"
    due = None
    if view["due"]:
        due = Text(f"{view['due']} (overdue)", style="red") if overdue else Text(view["due"])
    lines = [
        Text(safe(view["title"]), style="bold"),
        fields_line([("Id", view["id"]), ("Status", Text(view["status"], style=INITIATIVE_STYLE[view["status"]])),
                     ("Owner", view["owner"]), ("Due", due)]),
        fields_line([("Last changed by", record.updated_by), ("revision", record.rev)]),
        Text("Initiatives don't count towards progress.", style="dim italic"),
    ]
    return join_lines(lines)


def related_cells(view: dict) -> list[Any]:
    """Cells of the key result or objective an initiative drives."""
    style = STATUS_STYLE.get(view["status"], "")
    return [view["id"], Text(f"{bar(view['progress'], 6)}{percent(view['progress'])}", style=style),
            status_text(view["status"]), cut(view["title"])]
