"""The dashboard and the end of a quarter from the UI: close with retrospective notes, carry over, reopen."""

from __future__ import annotations

from textual.widgets import Input, Static

from okrtui.tui.modals.confirm import ChoiceScreen
from okrtui.tui.modals.period_forms import ClosePeriodForm
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.scorecard import ScorecardScreen


async def open_dashboard(app, pilot, ui) -> DashboardScreen:
    await ui.settle(pilot)
    app.push_screen(DashboardScreen())
    await ui.settle(pilot)  # the scores come from the dashboard's worker
    return app.screen


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_dashboard_shows_overall_and_team_progress_and_counts(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_dashboard(app, pilot, ui)
        summary = static_text(screen, "#summary")
        # The demo has five objectives in 2026-Q4: Sales owns two, Marketing and People one each, O-1 has no team.
        assert "Sales" in summary and "2 objective(s)" in summary
        assert "Marketing" in summary and "People" in summary and "(no team)" in summary
        # Ten key results in the quarter: every one is counted in exactly one status.
        counts = [
            int(word)
            for word, status in zip(summary.split(), summary.split()[1:], strict=False)
            if status in ("on-track", "at-risk", "off-track")
        ]
        assert sum(counts) == 10
        attention = static_text(screen, "#attention")
        assert "KR-10" in attention and "off-track" in attention  # webinar attendees, far behind pace
        assert "overdue" in attention and "dana" in attention  # KR-8 was never checked in


async def test_closing_from_the_dashboard_grades_and_locks_the_period(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dashboard(app, pilot, ui)
        await pilot.press("C")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClosePeriodForm)
        form.query_one("#field-retro-O-2", Input).value = "Legal reviews were the bottleneck"
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        data = ui.read(demo_file)
        objectives = data["objectives"]
        assert {o["state"] for o in objectives.values()} == {"closed"}
        assert all("grade" in o for o in objectives.values())
        assert objectives["2"]["retro"] == "Legal reviews were the bottleneck"
        assert all("grade" in kr for kr in data["key_results"].values())


async def test_escape_on_the_close_form_changes_nothing(demo_file, app_for, ui):
    app = app_for(demo_file)
    before = demo_file.read_bytes()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dashboard(app, pilot, ui)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("escape")
        await ui.settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert demo_file.read_bytes() == before


async def test_carry_over_from_the_dashboard_copies_unfinished_objectives(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dashboard(app, pilot, ui)
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-carry")
        await ui.settle(pilot)
        copies = [o for o in ui.read(demo_file)["objectives"].values() if o["period"] == "2027-Q1"]
        # Every demo objective is below full progress on 2026-11-22, so all five are carried.
        assert sorted(o["carried_from"] for o in copies) == ["O-1", "O-2", "O-3", "O-4", "O-5"]


async def test_reopen_from_the_dashboard(demo_file, app_for, ui, other_ws):
    from okrtui.services.cycles import close_period

    close_period(other_ws(demo_file), "2026-Q4")
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dashboard(app, pilot, ui)
        await pilot.press("O")
        await pilot.pause()
        await pilot.click("#choice-reopen")
        await ui.settle(pilot)
        objectives = ui.read(demo_file)["objectives"].values()
        assert {o["state"] for o in objectives} == {"active"}
        assert not any("grade" in o for o in objectives)


async def test_scorecard_groups_objectives_and_kpis_by_perspective(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await ui.settle(pilot)
        app.push_screen(ScorecardScreen())
        await pilot.pause()
        text = static_text(app.screen, "#scorecard")
        financial = text[text.index("Financial") : text.index("Customer")]
        # Demo: O-2 (sales lifecycle) and the mrr KPI are financial; churn is a customer KPI.
        assert "Shorten the sales lifecycle" in financial and "mrr" in financial
        assert "churn" not in financial
        learning = text[text.index("Learning") :]
        assert "Improve employee well-being" in learning
