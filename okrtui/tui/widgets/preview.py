"""Two lines under the main screen's panes: the record under the focused pane's cursor, its title in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from okrtui.formatting import kr_values, number, percent, safe
from okrtui.services.views import Scorer, initiative_view, kr_view
from okrtui.tui.widgets.panes import health_text, initiative_status_text, status_text


class Preview(Widget):
    """Two lines of text of a fixed height: a new text repaints them without laying out the screen again (a
    ``Static.update`` does, which cost each cursor move most of its frame)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = Text()

    def show(self, text: Text) -> None:
        """Show ``text`` (repainted only when it differs)."""
        if text.plain != self.text.plain or text.spans != self.text.spans:
            self.text = text
            self.refresh()

    def render(self) -> Text:
        return self.text


def preview_text(scorer: Scorer, pane: str, record_id: str | None) -> Text:
    """``O-2  Shorten the sales lifecycle`` over ``owner maria · team sales · 56% ▲ at-risk · 3 key results``, for
    the record ``record_id`` of ``pane``; empty when there is none."""
    data = scorer.data
    if record_id is None:
        return Text()
    if pane == "objectives" and record_id in data.objective_by_id:
        objective = data.objective_by_id[record_id]
        score = scorer.objective(objective)  # its score alone: the preview follows every cursor move
        initiatives = sum(1 for initiative in data.initiatives if initiative.objective == record_id)
        facts = [
            f"owner {safe(objective.owner)}",
            f"team {safe(objective.team)}" if objective.team else "",
            objective.period,
            Text.assemble(percent(score.progress).strip(), " ", status_text(score.status)),
            f"{len(data.krs_of.get(record_id, []))} key results, {initiatives} initiatives",
        ]
        return _lines(objective.id, objective.title, facts)
    if pane == "krs" and record_id in data.kr_by_id:
        kr = kr_view(scorer, data.kr_by_id[record_id])
        facts = [
            Text.assemble(percent(kr.progress).strip(), " ", status_text(kr.status)),
            kr_values(kr),
            f"{len(kr.checkins)} check-ins" + (f", latest {kr.checkins[-1].date}" if kr.checkins else ""),
            f"follows KPI {kr.kpi_key}" if kr.kpi_key else "",
        ]
        return _lines(kr.id, kr.title, facts)
    found = next((i for i in data.initiatives if i.id == record_id), None) if pane == "initiatives" else None
    if found is not None:
        initiative = initiative_view(found)
        facts = [
            initiative_status_text(initiative.status),
            f"owner {safe(initiative.owner)}",
            f"due {initiative.due}" if initiative.due else "no due date",
            f"for {initiative.kr or initiative.objective}",
        ]
        return _lines(initiative.id, initiative.title, facts)
    if pane == "kpis" and record_id in data.kpi_by_id:
        kpi = scorer.kpi(data.kpi_by_id[record_id])
        latest = kpi.latest
        facts = [
            f"latest {number(latest.value, kpi.unit)} on {latest.date}" if latest else "no values yet",
            f"target {number(kpi.target, kpi.unit)}",
            health_text(kpi.health),
            f"drives {', '.join(kpi.drives)}" if kpi.drives else "",
        ]
        return _lines(f"{kpi.key} ({kpi.id})", kpi.name, facts)
    return Text()


def _lines(record_id: str, title: str, facts: Sequence[object]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{record_id}  ", style="bold")
    text.append(safe(title), style="bold")
    text.append("\n")
    shown = [fact for fact in facts if fact]
    for index, fact in enumerate(shown):
        if index:
            text.append(" · ", style="dim")
        text.append(fact if isinstance(fact, Text) else Text(str(fact)))
    return text
