"""Every key binding of the UI has an id, a description and a tooltip, so users can rebind keys and the footer
explains itself (its label is the description; hovering a key shows the tooltip)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import okrtui.tui
from okrtui.tui.widgets.footer import KeyFooter


def okrtui_classes_with_bindings() -> list[type[DOMNode]]:
    """Every widget, screen and app class defined in okrtui.tui that declares BINDINGS."""
    found = []
    for module_info in pkgutil.walk_packages(okrtui.tui.__path__, "okrtui.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
                found.append(cls)
    return found


def test_the_ui_declares_bindings_in_several_classes():
    names = {cls.__name__ for cls in okrtui_classes_with_bindings()}
    assert {"OkrApp", "MainScreen", "Form", "KpiDetails"} <= names


def test_every_binding_has_an_id_and_a_description():
    missing = []
    for cls in okrtui_classes_with_bindings():
        for binding in vars(cls)["BINDINGS"]:
            if not isinstance(binding, Binding) or not binding.id or not binding.description:
                missing.append(f"{cls.__name__}: {binding}")
    assert not missing, "bindings without an id or description:\n" + "\n".join(missing)


def test_binding_ids_are_unique_within_a_class():
    for cls in okrtui_classes_with_bindings():
        ids = [binding.id for binding in vars(cls)["BINDINGS"] if isinstance(binding, Binding)]
        assert len(ids) == len(set(ids)), f"{cls.__name__} repeats a binding id"


def test_every_binding_with_a_description_has_its_own_tooltip():
    missing = []
    for cls in okrtui_classes_with_bindings():
        for binding in vars(cls)["BINDINGS"]:
            described = isinstance(binding, Binding) and binding.description
            if described and binding.tooltip.strip() in ("", binding.description.strip()):
                missing.append(f"{cls.__name__}: {binding.key} {binding.description!r} tooltip {binding.tooltip!r}")
    assert not missing, "bindings whose tooltip is empty or repeats the description:\n" + "\n".join(missing)


# What the main screen's footer shows for some keys: the label (description) and the tooltip on hover.
FOOTER = {
    "a": ("Add", "Add a record to the focused pane"),
    "c": ("Check in", "Check in on the selected key result"),
    "slash": ("Filter", "Find as you type in every pane: text, owner:NAME, owner:me, team:NAME"),
    "question_mark": ("Help", "List every key"),
    "q": ("Quit", "Leave okrtui (everything is saved as you go)"),
}


async def test_the_footer_shows_each_key_with_its_tooltip(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 36)) as pilot:
        await ui.settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        shown = {key.key: (key.description, key.tooltip) for key in footer.shown_keys()}
        drawn = str(footer.render())
    assert {key: shown.get(key) for key in FOOTER} == FOOTER
    assert " a Add " in drawn and " / Filter " in drawn and drawn.rstrip().endswith("? Help")
    untipped = {key: label for key, (label, tooltip) in shown.items() if not tooltip or tooltip == label}
    assert not untipped, f"footer keys without a tooltip of their own: {untipped}"
