"""The main screen: objectives, key results, initiatives and KPIs, each in its own pane."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import DataTable, Header, Input, Tree

from okrtui.domain.periods import Period
from okrtui.services.filters import RecordFilter
from okrtui.services.views import (
    Dataset,
    Scorer,
    initiative_view,
    kr_view,
    mean_progress,
    objective_view,
    period_groups,
    tree_order,
)
from okrtui.tui import search
from okrtui.tui.base import KPIS, LiveScreen
from okrtui.tui.widgets.footer import KeyFooter
from okrtui.tui.widgets.panes import (
    GroupRow,
    InitiativesPane,
    KeyResultsPane,
    KpisPane,
    ObjectivesPane,
    RecordTable,
    initiative_row,
    kpi_row,
    kr_row,
)
from okrtui.tui.widgets.preview import Preview, preview_text
from okrtui.tui.widgets.text import set_border_title

PANES = ("objectives", "krs", "initiatives", "kpis")
WIDE = 160
"""From this many columns the objectives tree runs down the left and the other panes stack beside it."""
TALL = 30
"""From this many rows the selected record is shown in full under the panes."""


class MainScreen(LiveScreen[None]):
    """Four keyboard-driven panes over the live data file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "focus_pane('objectives')",
            "Objectives",
            show=False,
            id="pane.objectives",
            tooltip="Focus the objectives pane",
        ),
        Binding("2", "focus_pane('krs')", "Key results", show=False, id="pane.krs", tooltip="Focus the key results"),
        Binding(
            "3",
            "focus_pane('initiatives')",
            "Initiatives",
            show=False,
            id="pane.initiatives",
            tooltip="Focus the initiatives",
        ),
        Binding("4", "focus_pane('kpis')", "KPIs", show=False, id="pane.kpis", tooltip="Focus the KPIs"),
        Binding("a", "add", "Add", id="add", tooltip="Add a record to the focused pane"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected record"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the selected record (asks first)"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo my latest change (a toast says which)"),
        Binding("c", "checkin", "Check in", id="checkin", tooltip="Check in on the selected key result"),
        Binding(
            "x",
            "close_kr",
            "Close KR",
            show=False,
            id="kr.close",
            tooltip="Close the selected key result as achieved, missed or dropped, or reopen a closed one",
        ),
        Binding("r", "record", "Record", id="record", tooltip="Record a value for the selected KPI"),
        Binding(
            "w",
            "checkin_session",
            "Weekly",
            id="checkin.session",
            tooltip="Check in on each due key result in turn, for me, a person, a team or everything",
        ),
        Binding("u", "due", "Due", id="due", tooltip="The key results with no check-in within their cadence, by owner"),
        Binding(
            "g",
            "dashboard",
            "Dashboard",
            id="dashboard",
            tooltip="The period at a glance; close, carry over or reopen it there",
        ),
        Binding(
            "p",
            "scorecard",
            "Scorecard",
            id="scorecard",
            tooltip="Objectives and KPIs by balanced-scorecard perspective",
        ),
        Binding("enter", "details", "Details", show=False, id="details", tooltip="Open the selected record"),
        Binding(
            "left_square_bracket",
            "period(-1)",
            "Prev",
            key_display="[",
            id="period.previous",
            tooltip="Show the previous quarter (or year)",
        ),
        Binding(
            "right_square_bracket",
            "period(1)",
            "Next",
            key_display="]",
            id="period.next",
            tooltip="Show the next quarter (or year)",
        ),
        Binding("y", "year", "Year", id="period.year", tooltip="Switch between the quarter and its year"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="filter",
            tooltip="Find as you type in every pane: text, owner:NAME, owner:me, team:NAME",
        ),
        Binding("n", "next_match", "Next match", show=False, id="filter.next", tooltip="Go to the next match"),
        Binding("N", "previous_match", "Previous match", show=False, id="filter.previous", tooltip="Go back a match"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort the focused table by its next column"),
        Binding(
            "full_stop",
            "current_period",
            "Today",
            key_display=".",
            id="period.current",
            tooltip="Back to the period holding today",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="filter.clear", tooltip="Show everything"),
        Binding("z", "zoom", "Zoom", id="zoom", tooltip="Maximise the focused pane (z or escape again)"),
        Binding("H", "history", "History", id="history", tooltip="Every change to the file: who changed what, when"),
        Binding("D", "demo", "Demo data", show=False, id="demo", tooltip="Load the demo data into an empty file"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = RecordFilter.parse("")
        self.finder = search.Finder()
        self.kr_scope = False
        """Initiatives follow the selected key result (True) or the whole objective (False)."""
        self._scorer: Scorer | None = None
        self._drawn_for: str | None = None
        """The objective whose key results and initiatives are on screen."""
        self._year_progress: float | None = None
        """A year's progress: the mean of the objectives shown (its own and its quarters'); None for a quarter."""

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with Grid(id="panes"):
            yield ObjectivesPane(id="objectives")
            yield KeyResultsPane(id="krs")
            yield InitiativesPane(id="initiatives")
            yield KpisPane(id="kpis")
        yield Preview(id="preview")
        yield Input(placeholder="find: text, owner:NAME, owner:me, team:NAME — enter keeps, escape clears", id="filter")
        yield KeyFooter()

    def on_resize(self) -> None:
        """Wide: the tree down the left, the other panes stacked beside it; tall: the preview under the panes."""
        self.query_one("#panes").set_class(self.size.width >= WIDE, "-wide")
        self.query_one("#preview").set_class(self.size.height >= TALL, "-shown")
        self.show_preview()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one(ObjectivesPane).follow = self._objective_moved
        self.query_one(KeyResultsPane).follow = self._kr_moved
        self.query_one(InitiativesPane).follow = self.show_preview
        self.query_one(KpisPane).follow = self.show_preview
        self._titles()
        self.call_after_refresh(self._cover_until_read)  # the panes and their titles are drawn first

    def _cover_until_read(self) -> None:
        """A loading indicator over the panes until the first read of the file is in."""
        self.query_one("#panes").loading = self.app.data is None

    # -- drawing ------------------------------------------------------------------------------------------------------

    @property
    def data(self) -> Dataset | None:
        return self.app.data

    def redraw(self) -> None:
        """Every pane from a fresh read of the file, keeping the cursors."""
        data = self.app.data
        if data is None:
            return
        self.query_one("#panes").loading = False
        self._scorer = data.scorer(self.app.ws.today)  # warmed by the loading thread
        self.draw_objectives()
        self.draw_kpis()

    def period_changed(self) -> None:
        """Only the objectives (and the panes following them) depend on the period."""
        self.draw_objectives()

    def _titles(self) -> None:
        app = self.app
        filtered = f" · filter {self.filter}" if self.filter else ""
        objective_id = self.query_one(ObjectivesPane).selected_id
        kr_id = self.query_one(KeyResultsPane).selected_id if self.kr_scope else None
        year = f" · {round(self._year_progress * 100)}%" if self._year_progress is not None else ""
        closed = " · closed" if self.shown_period_closed() else ""  # its objectives show their grades
        titles = {
            "objectives": f"1 Objectives · {app.period}{year}{closed}{filtered}",
            "krs": f"2 Key results · {objective_id or '—'}",
            "initiatives": f"3 Initiatives · {kr_id or objective_id or '—'}",
            "kpis": "4 KPIs",
        }
        search.add_to_titles(self, titles)
        for pane, title in titles.items():
            set_border_title(self.query_one(f"#{pane}"), title)  # plain text: the filter is typed by the user

    def draw_objectives(self) -> None:
        """Redraw the tree for the period and filter; the other panes follow its cursor."""
        if self._scorer is None:
            return
        data = self._scorer.data
        period = str(self.app.period)
        rows = self._objective_rows()
        if data.objectives or data.kpis:
            hint = f"No objectives in {period}{' match the filter' if self.filter else ''}."
            hint += self.invite("add", None, "\nPress a to add one.")
        else:
            invitation = "\nPress a to add an objective,\nor D to load the demo data."  # a line each: never cut
            hint = "No data yet." + self.invite("demo", None, invitation)
        self.query_one(ObjectivesPane).show(rows, hint, then=self.draw_children, thresholds=data.thresholds)

    def _objective_rows(self) -> list[tuple[int, Any]]:
        """(depth, view) rows of the period's objectives that match the filter; a year's grouped under a heading per
        period (its own, then each quarter), its progress the mean of those shown."""
        assert self._scorer is not None
        scorer, period = self._scorer, self.app.period
        groups = [
            (part, [o for o in chosen if search.objective_shown(self, o)])
            for part, chosen in period_groups(scorer.data, period)
        ]
        groups = [(part, chosen) for part, chosen in groups if chosen]
        if period.quarter:
            self._year_progress = None
            chosen = groups[0][1] if groups else []
            return [(depth, objective_view(scorer, o)) for depth, o in tree_order(chosen)]
        self._year_progress = mean_progress(scorer, [o for _, chosen in groups for o in chosen])
        rows: list[tuple[int, Any]] = []
        for part, chosen in groups:
            title = f"{part} (the year's own)" if part == period else str(part)
            rows.append((0, GroupRow(title, mean_progress(scorer, chosen))))
            rows += [(depth + 1, objective_view(scorer, o)) for depth, o in tree_order(chosen)]
        return rows

    def draw_children(self) -> None:
        """Redraw key results and initiatives of the selected objective."""
        if self._scorer is None:
            return
        objective_id = self.query_one(ObjectivesPane).selected_id
        self._drawn_for = objective_id
        krs = self._scorer.data.krs_of.get(objective_id or "", [])
        views = search.krs_shown(self, [kr_view(self._scorer, kr) for kr in krs])
        hint = "No key results" + self.invite("add", objective_id, ": press a to add one") if objective_id else ""
        self.query_one(KeyResultsPane).show([(view.id, kr_row(view)) for view in views], hint)
        search.table_drawn(self, "krs")
        self.draw_initiatives()

    def draw_initiatives(self) -> None:
        """Redraw the initiatives of the selected key result, or of the whole objective."""
        if self._scorer is None:
            return
        objective_id = self.query_one(ObjectivesPane).selected_id
        kr_id = self.query_one(KeyResultsPane).selected_id if self.kr_scope else None
        data = self._scorer.data
        if kr_id:
            chosen = data.initiatives_of(kr_id)
        else:
            chosen = [i for i in data.initiatives if i.objective == objective_id]
        chosen = search.initiatives_shown(self, chosen)
        today = self.app.ws.today.isoformat()
        rows = [(i.id, initiative_row(initiative_view(i), today)) for i in chosen]
        hint = "No initiatives" + self.invite("add", kr_id or objective_id, ": press a to add one")
        self.query_one(InitiativesPane).show(rows, hint if objective_id else "")
        search.table_drawn(self, "initiatives")
        self._titles()
        self.show_preview()

    def draw_kpis(self) -> None:
        """Redraw the KPI table."""
        if self._scorer is None:
            return
        data, today = self._scorer.data, self.app.ws.today
        rows = []
        for kpi in search.kpis_shown(self, data.kpis):
            view = self._scorer.kpi(kpi)
            trend = kpi.values_until(today.isoformat(), 12)  # the newest few, not a sort of the whole history
            rows.append((kpi.id, kpi_row(view, trend)))
        self.query_one(KpisPane).show(rows, "No KPIs" + self.invite("add", KPIS, ": press a to add one"))
        search.table_drawn(self, "kpis")

    # -- following the cursor -----------------------------------------------------------------------------------------

    def _objective_moved(self) -> None:
        """The objectives cursor moved: the key results and initiatives follow, in the same frame."""
        if self.query_one(ObjectivesPane).selected_id != self._drawn_for:
            self.kr_scope = False
            self.draw_children()  # and the preview, once the initiatives are drawn
        else:
            self.show_preview()

    def _kr_moved(self) -> None:
        """The key results cursor moved: with that pane in focus, the initiatives follow it."""
        if self.focused is self.query_one(KeyResultsPane):
            self.kr_scope = True
            self.draw_initiatives()  # and the preview
        else:
            self.show_preview()

    def on_descendant_focus(self) -> None:
        self.show_preview()

    def show_preview(self) -> None:
        """The record under the focused pane's cursor, in full, under the panes (when there is room for it)."""
        preview = self.query_one(Preview)
        if self._scorer is None or not preview.has_class("-shown"):
            return
        pane = self.focused_pane()
        preview.show(preview_text(self._scorer, pane, self.selected(pane)))

    @on(Tree.NodeSelected, "#objectives")
    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_details()

    # -- actions ------------------------------------------------------------------------------------------------------

    def focused_pane(self) -> str:
        """Which pane has focus (objectives when none)."""
        focused = self.focused
        return focused.id if focused is not None and focused.id in PANES else "objectives"

    def selected(self, pane: str) -> str | None:
        """The id under the cursor of a pane."""
        widget = self.query_one(f"#{pane}")
        return widget.selected_id if isinstance(widget, ObjectivesPane | RecordTable) else None

    def write_subject(self, name: str) -> str | None:
        """The record a write changes (see ``Blocking``): the selected key result for c and x, the KPI for r, the
        focused pane's selection for e and d, and for a the record the new one goes under (none: the period)."""
        pane = self.focused_pane()
        if name in ("checkin", "close_kr"):
            return self.selected("krs")
        if name == "record" or pane == "kpis":
            return KPIS
        if name == "add":
            kr_id = self.selected("krs") if self.kr_scope else None
            return {"krs": self.selected("objectives"), "initiatives": kr_id or self.selected("objectives")}.get(pane)
        return self.selected(pane) if name in ("edit", "delete") else None

    def action_focus_pane(self, pane: str) -> None:
        """Focus one of the four panes."""
        self.query_one(f"#{pane}").focus()

    def action_period(self, steps: int) -> None:
        """Previous or next period."""
        self.app.shift_period(steps)
        self._titles()

    def action_year(self) -> None:
        """Quarter or whole year."""
        self.app.toggle_year()
        self._titles()

    def action_filter(self) -> None:
        """Show the filter line: every pane is filtered as you type."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = str(self.filter)
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        search.apply_filter(self, event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Enter leaves the line keeping the filter, on its first match."""
        search.apply_filter(self, event.value)
        event.input.display = False
        self.call_after_refresh(search.first_hit, self)  # once the tree has placed its cursor

    def action_next_match(self) -> None:
        """Go to the filter's next match, in whichever pane it is."""
        search.step(self, forward=True)

    def action_previous_match(self) -> None:
        """Go to the filter's previous match."""
        search.step(self, forward=False)

    def action_sort(self) -> None:
        """Sort the focused table by its next column."""
        search.cycle_sort(self)

    def action_current_period(self) -> None:
        """Show the quarter holding today."""
        self.app.period = Period.containing(self.app.ws.today)
        self._titles()

    def action_clear_filter(self) -> None:
        """Drop the filter (or leave the zoom)."""
        if self.maximized is not None:
            self.minimize()
            return
        box = self.query_one("#filter", Input)
        box.display = False
        if self.filter:
            search.apply_filter(self, "")
        self.query_one(ObjectivesPane).focus()

    def action_zoom(self) -> None:
        """Maximise the focused pane, or restore the four."""
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.query_one(f"#{self.focused_pane()}"))

    def action_details(self) -> None:
        """Open the selected record's details."""
        record_id = self.selected(self.focused_pane())
        if record_id is not None:
            self.app.open_details(record_id)

    def action_add(self) -> None:
        """Add a record of the focused pane's kind."""
        from okrtui.tui.modals import forms

        pane = self.focused_pane()
        objective_id = self.selected("objectives")
        if pane == "objectives":
            self.app.push_screen(forms.ObjectiveForm(None, parent=objective_id))
        elif pane == "krs":
            if objective_id is None:
                self.notify("Select an objective first", severity="warning")
                return
            self.app.push_screen(forms.KeyResultForm(None, objective_id=objective_id))
        elif pane == "initiatives":
            parent = (self.selected("krs") if self.kr_scope else None) or objective_id
            if parent is None:
                self.notify("Select an objective or key result first", severity="warning")
                return
            self.app.push_screen(forms.InitiativeForm(None, parent=parent))
        else:
            self.app.push_screen(forms.KpiForm(None))

    def action_edit(self) -> None:
        """Edit the selected record."""
        from okrtui.tui.modals import forms

        pane = self.focused_pane()
        record_id = self.selected(pane)
        if record_id is None:
            self.notify("Nothing selected to edit", severity="warning")
            return
        form = {
            "objectives": forms.ObjectiveForm,
            "krs": forms.KeyResultForm,
            "initiatives": forms.InitiativeForm,
            "kpis": forms.KpiForm,
        }[pane]
        self.app.push_screen(form(record_id))

    def action_delete(self) -> None:
        """Delete the selected record after confirmation."""
        from okrtui.tui.modals.confirm import confirm_delete

        pane = self.focused_pane()
        record_id = self.selected(pane)
        if record_id is None:
            self.notify("Nothing selected to delete", severity="warning")
            return
        confirm_delete(self.app, record_id)

    def action_checkin(self) -> None:
        """Check in on the selected key result."""
        from okrtui.tui.modals.forms import CheckInForm

        kr_id = self.selected("krs")
        if kr_id is None:
            self.notify("Select a key result to check in on (press 2)", severity="warning")
            return
        self.app.push_screen(CheckInForm(kr_id))

    def action_close_kr(self) -> None:
        """Close the selected key result (achieved, missed, dropped), or reopen it when it is closed."""
        from okrtui.tui.modals.closing import close_or_reopen

        kr_id = self.selected("krs")
        if kr_id is None:
            self.notify("Select a key result to close or reopen (press 2)", severity="warning")
            return
        close_or_reopen(self.app, kr_id)

    def action_record(self) -> None:
        """Record a value for the selected KPI."""
        from okrtui.tui.modals.forms import RecordForm

        kpi_id = self.selected("kpis")
        if kpi_id is None:
            self.notify("Select a KPI to record a value for (press 4)", severity="warning")
            return
        self.app.push_screen(RecordForm(kpi_id))

    def action_checkin_session(self) -> None:
        """Start a weekly check-in session (asks the scope first)."""
        self.app.start_checkin_session()

    def action_due(self) -> None:
        """Open the Due view: who hasn't checked in."""
        self.app.open_due()

    def action_dashboard(self) -> None:
        """Open the dashboard of the period."""
        self.app.open_dashboard()

    def action_scorecard(self) -> None:
        """Open the balanced scorecard of the period."""
        self.app.open_scorecard()

    def action_history(self) -> None:
        """Open the History: every change to the file."""
        self.app.open_history()

    def action_undo(self) -> None:
        """Undo my latest change."""
        self.app.undo_last()

    def action_demo(self) -> None:
        """Load the demo data into an empty file."""
        from okrtui.services.demo import load_demo

        if self.data is not None and (self.data.objectives or self.data.kpis):
            self.notify("The demo data goes into an empty file only", severity="warning")
            return
        self.app.save(load_demo, success="Demo data loaded")
