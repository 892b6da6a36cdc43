"""The dashboard and the end of a quarter from the UI: close with retrospective notes, carry over, reopen."""

from __future__ import annotations

from textual.widgets import Static, TextArea

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
        summary = static_text(screen, "#summary") + "\n" + static_text(screen, "#teams")
        # The demo has six objectives in 2026-Q4 (O-7 is the year 2026's): Sales owns two, Marketing, People and
        # Platform (O-6) one each, O-1 has no team.
        assert "Sales" in summary and "2 objective(s)" in summary
        assert "Marketing" in summary and "People" in summary and "(no team)" in summary
        assert any("Platform" in line and "1 objective(s)" in line for line in summary.splitlines())
        # Fifteen key results in the quarter (KR-1..KR-10, O-6's KR-11..KR-15; KR-16 is O-7's): every one is counted
        # in exactly one status. KR-15 was added today (pending, its first check-in not due), KR-14 was dropped.
        counts = {
            status: int(word)
            for word, status in zip(summary.split(), summary.split()[1:], strict=False)
            if status in ("pending", "on-track", "at-risk", "off-track", "dropped")
        }
        assert sum(counts.values()) == 15
        assert (counts["pending"], counts["dropped"]) == (1, 1)
        table = screen.query_one("#attention-table")
        attention = "\n".join(" ".join(str(cell) for cell in table.get_row(key)) for key in table.rows)
        assert "KR-10" in attention and "off-track" in attention  # webinar attendees, far behind pace
        assert "KR-13" in attention  # O-6's milestone, not done past its own due date: off-track
        assert "overdue" in attention and "dana" in attention  # KR-8 was never checked in


async def test_closing_from_the_dashboard_grades_and_locks_the_period(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dashboard(app, pilot, ui)
        await pilot.press("C")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClosePeriodForm)
        form.query_one("#field-retro-O-2", TextArea).text = "Legal reviews were the bottleneck"  # a multi-line field
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        data = ui.read(demo_file)
        objectives = data["objectives"]
        # 2026-Q4 holds O-1..O-6; the year objective O-7 (period 2026) is not closed with the quarter.
        quarter = {key: o for key, o in objectives.items() if o["period"] == "2026-Q4"}
        assert sorted(quarter) == ["1", "2", "3", "4", "5", "6"]
        assert {o["state"] for o in quarter.values()} == {"closed"}
        assert all("grade" in o for o in quarter.values())
        assert objectives["7"]["state"] == "active" and "grade" not in objectives["7"]
        assert objectives["2"]["retro"] == "Legal reviews were the bottleneck"
        # Every key result of the quarter is graded but the dropped KR-14 (no grade of its own); O-7's KR-16 is not.
        graded = sorted(int(key) for key, kr in data["key_results"].items() if "grade" in kr)
        assert graded == [n for n in range(1, 17) if n not in (14, 16)]


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
        # Every demo objective of 2026-Q4 is below full progress on 2026-11-22 (O-6's milestone KR-13 is not done),
        # so all six are carried; O-7 belongs to the year 2026, not to the quarter.
        assert sorted(o["carried_from"] for o in copies) == ["O-1", "O-2", "O-3", "O-4", "O-5", "O-6"]


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
        table = app.screen.query_one("#scorecard")
        text = "\n".join(" ".join(str(cell) for cell in table.get_row(key)) for key in table.rows)
        financial = text[text.index("Financial") : text.index("Customer")]
        # Demo: O-2 (sales lifecycle) and the mrr KPI are financial; churn is a customer KPI.
        assert "Shorten the sales lifecycle" in financial and "mrr" in financial
        assert "churn" not in financial
        learning = text[text.index("Learning") :]
        assert "Improve employee well-being" in learning
