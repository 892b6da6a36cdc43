"""``?`` (or F1, which works in a text field too) lists every key of the screen it is opened on, read from that
screen's bindings and those of its focused field or table, first; then the keys that work everywhere and, for
reference, every other screen's. A key that can't be used now is marked there with the reason.

The demo data as of 2026-11-22 (see conftest.py): O-2 holds KR-1; K-1 is mrr.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from okrtui.services.cycles import close_period
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp
from okrtui.tui.modals.forms import CheckInForm
from okrtui.tui.screens.checkin_session import CheckInSession
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.due import DueScreen
from okrtui.tui.screens.help import UNAVAILABLE, HelpScreen
from okrtui.tui.screens.kpi_details import KpiDetails
from okrtui.tui.screens.main import MainScreen

READ_ONLY = "read-only session (--read-only): nothing can be changed"
CLOSED = "2026-Q4 is closed: reopen it on the dashboard (g, then O) to change it"


async def open_help(pilot, key: str = "question_mark") -> HelpScreen:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen), pilot.app.screen
    return pilot.app.screen


def first_group(help_screen: HelpScreen) -> tuple[str, dict[str, tuple[str, str]]]:
    """The name of the first group and its rows by key: (what, details)."""
    place, rows = help_screen.groups()[0]
    return place, {key: (what, details) for key, what, details in rows}


def listed_here(help_screen: HelpScreen) -> set[str]:
    """Every key listed in the groups about the screen help was opened on (before "Everywhere")."""
    here: set[str] = set()
    for place, rows in help_screen.groups():
        if place == "Everywhere":
            break
        here |= {key for keys, _, _ in rows for key in keys.split(" / ")}  # "esc / q": two keys of one action
    return here


def every_binding(app: OkrApp, screen) -> set[str]:
    """Every key (as shown) of ``screen``'s bindings, its parents' too, and of its focused widget and that widget's
    containers: what help must list as this screen's keys."""
    nodes = [screen]
    if screen.focused is not None:
        nodes += [node for node in screen.focused.ancestors_with_self if node is not screen and node is not app]
    found = set()
    for node in nodes:
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                assert isinstance(binding, Binding)
                found.add(app.get_key_display(binding))
    return found - APP_FIRST


APP_FIRST = {"^c"}
"""Keys the app answers before any screen or field (ctrl+c quits): a screen's or field's own ctrl+c never runs."""


def first_pairs(help_screen: HelpScreen) -> set[tuple[str, str]]:
    """(key, what) of every key of help's first group."""
    return {(key, what) for keys, what, _ in help_screen.groups()[0][1] for key in keys.split(" / ")}


def own_rows(app: OkrApp, screen_type: type) -> set[tuple[str, str]]:
    """(key, what) of the bindings the screen's class declares itself: rows of help's first group as they are."""
    return {(app.get_key_display(b), b.description) for b in Binding.make_bindings(screen_type.BINDINGS)}


async def test_help_of_a_form_lists_its_save_cancel_and_field_keys(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckInForm)
        expected = every_binding(app, form)
        help_screen = await open_help(pilot, "f1")  # ? would be typed into the field
        place, rows = first_group(help_screen)
        assert "Check in" in place or "form" in place.lower(), place
        assert rows["^s"][0] == "Save" and rows["esc"][0] == "Cancel", rows
        assert expected <= listed_here(help_screen), expected - listed_here(help_screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form, "closing help goes back to the form"


async def test_help_of_the_weekly_session_lists_its_control_keys(demo_file, app_for, ui):
    from okrtui.services.reviews import Scope, due_items
    from okrtui.tui.session_log import SessionLog

    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        scope = Scope.parse("all", app.ws.actor)
        items = due_items(app.data, app.ws.today, scope, app.period)
        app.push_screen(CheckInSession(SessionLog(scope, app.period, [item.kr.id for item in items], app.data)))
        await ui.settle(pilot)
        session = app.screen
        expected = every_binding(app, session)
        help_screen = await open_help(pilot, "f1")
        _, rows = first_group(help_screen)
        assert (rows["^s"][0], rows["^n"][0], rows["^b"][0]) == ("Save", "Skip", "Back"), rows
        assert expected <= listed_here(help_screen), expected - listed_here(help_screen)


async def test_help_of_the_dashboard_and_the_due_view_lists_their_keys(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        for key, screen_type, keys in (("g", DashboardScreen, {"C", "K", "O"}), ("u", DueScreen, {"w", "esc"})):
            await pilot.press(key)
            await ui.settle(pilot)
            screen = app.screen
            assert isinstance(screen, screen_type)
            expected = every_binding(app, screen)
            help_screen = await open_help(pilot)
            rows = help_screen.groups()[0][1]
            assert keys <= {key for key, _ in first_pairs(help_screen)}, (screen_type, rows)
            assert own_rows(app, screen_type) <= first_pairs(help_screen), own_rows(app, screen_type)
            assert expected <= listed_here(help_screen), expected - listed_here(help_screen)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)


async def test_help_of_a_kpi_chart_lists_its_ranges_first(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        app.open_details("K-1")
        await ui.settle(pilot)
        assert isinstance(app.screen, KpiDetails)
        expected = every_binding(app, app.screen)
        help_screen = await open_help(pilot)
        _, rows = first_group(help_screen)
        assert rows["t"][0] == "Range" and rows["1"][0] == "30 days", rows
        assert own_rows(app, KpiDetails) <= first_pairs(help_screen)
        assert expected <= listed_here(help_screen), expected - listed_here(help_screen)


async def test_help_of_the_main_screen_still_lists_every_other_place(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        help_screen = await open_help(pilot)
        places = [place for place, _ in help_screen.groups()]
        everything = {(key, what) for _, rows in help_screen.groups() for key, what, _ in rows}
    assert places[0] == "Main screen", places
    for wanted in ("Everywhere", "Forms", "Weekly check-in", "Dashboard", "Due"):
        assert any(place.startswith(wanted) for place in places), (wanted, places)
    assert {("^s", "Save"), ("^n", "Skip"), ("C", "Close period"), ("O", "Reopen"), ("w", "Weekly")} <= everything


def read_only_app(path: Path) -> OkrApp:
    return OkrApp(Workspace.open(path, actor="viewer", today="2026-11-22", read_only=True), watch=False)


async def test_read_only_help_marks_every_write_unavailable_with_the_reason(demo_file, ui):
    app = read_only_app(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        help_screen = await open_help(pilot)
        _, rows = first_group(help_screen)
        text = "\n".join(ui.screen_text(app))
    for key in ("a", "e", "d", "c", "r", "x", "w", "^z"):
        assert rows[key][1].startswith(f"{UNAVAILABLE}{READ_ONLY}"), (key, rows[key])
    for key in ("/", "u", "g", "H", "⏎"):
        assert UNAVAILABLE not in rows[key][1], (key, rows[key])
    assert UNAVAILABLE.strip() in text, "the mark is on screen"


async def test_closed_period_help_marks_its_writes_but_not_the_kpi_ones(demo_file, app_for, ui, other_ws):
    close_period(other_ws(demo_file, "lead"), "2026-Q4")
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        help_screen = await open_help(pilot)
        _, rows = first_group(help_screen)
    assert rows["c"][1].startswith(f"{UNAVAILABLE}{CLOSED}"), rows["c"]
    assert rows["r"][1] and UNAVAILABLE not in rows["r"][1], rows["r"]


async def test_help_never_lists_a_key_the_app_takes_first(demo_file, app_for, ui):
    """ctrl+c quits (an app key that goes before any screen's or field's): the screen's or a field's own ctrl+c
    (copy) never runs, so help must not offer it; ctrl+e in a form opens the editor, not the field's 'end'."""
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        main_here = listed_under_here(await open_help(pilot))
        await pilot.press("escape")
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        await pilot.press("c")
        await pilot.pause()
        form_here = listed_under_here(await open_help(pilot, "f1"))
    assert not [row for row in main_here if row[0].startswith("^c")], main_here
    assert not [row for row in form_here if row[0].startswith("^c")], form_here
    assert [row[1] for row in form_here if row[0].split(" / ")[0] == "^e"] == ["Editor"], form_here


def listed_under_here(help_screen: HelpScreen) -> list[tuple[str, str]]:
    """(key, what) of the rows of the groups help lists before 'Everywhere' (the screen's and its focused widget's)."""
    rows: list[tuple[str, str]] = []
    for place, group in help_screen.groups():
        if place == "Everywhere":
            break
        rows += [(key, what) for key, what, _ in group]
    return rows
