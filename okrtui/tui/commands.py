"""Command-palette commands (ctrl+p): every main-screen action, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = [
    ("Add to the focused pane", "add", "Objective, key result, initiative or KPI, by the pane in focus"),
    ("Edit the selected record", "edit", "Open the form of the record under the cursor"),
    ("Delete the selected record", "delete", "Asks first"),
    ("Check in on the selected key result", "checkin", "New value, confidence and note"),
    ("Record a KPI value", "record", "For the selected KPI, today by default"),
    ("Weekly check-in", "checkin_session", "Each due key result in turn, for me, a person, a team or everything"),
    ("Due: who hasn't checked in", "due", "Key results with no check-in within their cadence, by owner"),
    ("Dashboard", "dashboard", "Progress per team and overall, against pace; close, carry over, reopen"),
    ("Balanced scorecard", "scorecard", "Objectives and KPIs by perspective"),
    ("Open details", "details", "History, chart or alignment of the selected record"),
    ("Previous period", "period(-1)", "The quarter (or year) before"),
    ("Next period", "period(1)", "The quarter (or year) after"),
    ("Quarter or whole year", "year", "Switch the period between a quarter and its year"),
    ("Filter objectives", "filter", "By text, owner:NAME or team:NAME"),
    ("Clear the filter", "clear_filter", "Show every objective of the period"),
    ("Zoom the focused pane", "zoom", "Maximise it; again to restore"),
    ("Load the demo data", "demo", "Into an empty file only"),
    ("Focus objectives", "focus_pane('objectives')", "Pane 1"),
    ("Focus key results", "focus_pane('krs')", "Pane 2"),
    ("Focus initiatives", "focus_pane('initiatives')", "Pane 3"),
    ("Focus KPIs", "focus_pane('kpis')", "Pane 4"),
    ("Help: every key", "app.help", "The key reference"),
    ("Reload the data file", "app.reload", "Read it again now"),
]


class OkrCommands(Provider):
    """The main screen's actions, runnable by name."""

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)

    async def _run(self, action: str) -> None:
        from okrtui.tui.screens.main import MainScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)
        if action.startswith("app."):
            await self.app.run_action(action.removeprefix("app."))
        elif screen is not None:
            await screen.run_action(action)
