"""The focused pane can't be mistaken for a status: in 16 colours (``TERM=xterm``, ``--colors 16``) its border is
not the colour of any key result status or KPI health mark as the app draws them, and its shape differs too."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style

from okrtui.formatting import HEALTH_COLOURS, STATUS_COLOURS


def in_16_colours(app, colour_name: str) -> int:
    """The 16-colour number a status colour (``red``) reaches the terminal as: through the app's own filters (the
    theme's ANSI conversion), then Rich's downgrade."""
    segments = [Segment("✖", Style(color=colour_name))]
    for line_filter in app._filters:
        if line_filter.enabled:  # ANSIToTruecolor is off when the app uses the terminal's own colours
            segments = line_filter.apply(segments, app.styles.background)
    return segments[0].style.color.downgrade(ColorSystem.STANDARD).number


async def test_the_focused_border_is_no_status_colour_in_16_colours(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        focused = app.screen.query_one("#krs")
        assert app.focused is focused
        kind, colour = focused.styles.border_top
        other_kind, _ = app.screen.query_one("#objectives").styles.border_top
        focus_number = colour.rich_color.downgrade(ColorSystem.STANDARD).number
        status_numbers = {
            standing: in_16_colours(app, name) for standing, name in {**STATUS_COLOURS, **HEALTH_COLOURS}.items()
        }
    clashes = {standing: number for standing, number in status_numbers.items() if number == focus_number}
    assert not clashes, f"the focus border is colour {focus_number}, as {clashes}"
    assert focus_number != status_numbers["off-track"]
    assert kind != other_kind, "the focused pane's border has another shape too, not only another colour"


async def test_in_16_colours_statuses_are_the_terminal_s_own_colours(demo_file, app_for, ui, monkeypatch):
    """``--colors 16`` (or TERM=xterm): at-risk is the terminal's yellow and off-track its red, not the theme's
    orange and pink squeezed into bright red and magenta (at-risk looked off-track)."""
    from textual import constants

    monkeypatch.setattr(constants, "COLOR_SYSTEM", "standard")  # what TEXTUAL_COLOR_SYSTEM=standard sets
    app = app_for(demo_file)
    assert app.console.color_system == "standard"
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        numbers = {standing: in_16_colours(app, name) for standing, name in STATUS_COLOURS.items()}
        focus = app.screen.query_one("#objectives").styles.border_top[1]  # focused at start
        focus_number = focus.rich_color.downgrade(ColorSystem.STANDARD).number
    assert (numbers["on-track"], numbers["at-risk"], numbers["off-track"]) == (2, 3, 1), numbers
    assert focus_number not in numbers.values()


async def test_in_256_colours_statuses_keep_the_theme_s_colours(demo_file, app_for, ui, monkeypatch):
    from textual import constants

    monkeypatch.setattr(constants, "COLOR_SYSTEM", "256")
    app = app_for(demo_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        assert not app.native_ansi_color, "the theme's own colours, as before"
