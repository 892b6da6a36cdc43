"""The panes and details screens draw progress, status and due dates with the shared vocabulary: a space before the
percent (``██████ 100%``, not ``██████100%``), the mark beside the status, an overdue due date in red."""

from __future__ import annotations

from okrtui.services.view_models import InitiativeView, KrView, ObjectiveView
from okrtui.tui.screens.details import child_cells, initiative_summary, related_cells
from okrtui.tui.widgets.panes import initiative_row, kr_row, objective_label

KR_VIEW = KrView(
    id="KR-1",
    objective="O-1",
    title="Ship it",
    kind="milestone",
    start=0,
    target=1,
    current=1,
    unit="",
    weight=1,
    progress=1.0,
    expected=0.5,
    status="on-track",
    exceeded=False,
    below_baseline=False,
    kpi=None,
    kpi_key=None,
    checkins=(),
)
OBJECTIVE_VIEW = ObjectiveView(
    id="O-1",
    title="Grow",
    description="",
    period="2026-Q4",
    owner="ana",
    team="",
    level="company",
    parent=None,
    perspective=None,
    state="active",
    progress=1.0,
    expected=0.5,
    status="at-risk",
    warnings=(),
    children=(),
    kpis=(),
    key_results=(KR_VIEW,),
    initiatives=(),
)
INITIATIVE_VIEW = InitiativeView(
    id="I-1", title="Plan", objective="O-1", kr="KR-1", owner="bob", status="doing", due="2026-11-01"
)


def test_key_result_row_progress_cell_has_a_space_before_100():
    cells = kr_row(KR_VIEW)
    assert str(cells["progress"]) == "██████ 100%"
    assert str(cells["percent"]) == "100%"
    assert str(cells["status"]) == "● on-track"
    assert str(cells["values"]) == "done"


def test_objective_label_and_detail_cells_have_a_space_before_100():
    assert str(objective_label(OBJECTIVE_VIEW)) == "██████ 100% ▲ Grow"
    assert str(child_cells(OBJECTIVE_VIEW)[1]) == "██████ 100%"
    assert str(related_cells(KR_VIEW)[1]) == "██████ 100%"


def test_an_overdue_initiative_due_date_is_red_and_a_done_one_is_not():
    due = initiative_row(INITIATIVE_VIEW, "2026-11-22")["due"]
    assert (str(due), str(due.style)) == ("2026-11-01", "red")
    done = initiative_row(INITIATIVE_VIEW._replace(status="done"), "2026-11-22")["due"]
    assert (str(done), str(done.style)) == ("2026-11-01", "")


def test_initiative_summary_says_overdue():
    class Record:
        updated_by, rev = "bob", 3

    text = str(initiative_summary(INITIATIVE_VIEW, Record(), "2026-11-22"))
    assert "Due 2026-11-01 (overdue)" in text
