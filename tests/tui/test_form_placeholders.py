"""Placeholders read as examples, not as filled-in values (issue 13): "e.g. 59", dim and italic, in the forms and the
weekly session (the demo data is described in forms_support.py)."""

from __future__ import annotations

from forms_support import open_form
from textual.widgets import Input

from okrtui.tui.modals.forms import KeyResultForm, KpiForm, ObjectiveForm


def placeholder(form, name: str) -> str:
    """The placeholder of the field ``#field-NAME``."""
    return str(form.query_one(f"#field-{name}", Input).placeholder)


def looks_like_an_example(field: Input) -> bool:
    """The placeholder is drawn in italics, and dimmer than typed text."""
    style = field.get_component_rich_style("input--placeholder")
    typed = field.rich_style
    return bool(style.italic) and style.color != typed.color


async def test_the_examples_say_e_g_and_are_italic(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        form = await open_form(pilot, ui, "a", ObjectiveForm)
        assert placeholder(form, "title") == "e.g. Shorten the sales lifecycle"
        assert looks_like_an_example(form.query_one("#field-title", Input))
        await pilot.press("escape")
        await ui.goto(pilot, "objectives", "O-2")
        await ui.goto(pilot, "krs", "KR-1")
        form = await open_form(pilot, ui, "a", KeyResultForm)
        assert (placeholder(form, "title"), placeholder(form, "start"), placeholder(form, "target")) == (
            "e.g. Average sales cycle",
            "e.g. 59",
            "e.g. 38",
        )
        assert placeholder(form, "unit") == "e.g. days, %, $"
        assert looks_like_an_example(form.query_one("#field-start", Input))
        await pilot.press("escape")
        await pilot.press("4")
        form = await open_form(pilot, ui, "a", KpiForm)
        assert (placeholder(form, "name"), placeholder(form, "key")) == ("e.g. Monthly recurring revenue", "e.g. mrr")


async def test_the_session_placeholders_are_italic(demo_file, app_for, ui):
    from test_checkin_session import start_session

    app = app_for(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        await start_session(pilot, ui, "owner:chen")
        assert looks_like_an_example(app.screen.query_one("#field-value", Input))
