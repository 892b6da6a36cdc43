"""Every key binding of the UI has an id and a description, so users can rebind keys and the footer explains itself."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import okrtui.tui


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
