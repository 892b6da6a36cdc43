"""The thresholds a file sets (``okrtui config``): read through :func:`thresholds_of`, the one place every score gets
them from, and set or unset one key at a time."""

from __future__ import annotations

from typing import Any

from okrtui.domain.thresholds import DEFAULT, SETTINGS, Thresholds, as_config, from_config, parse_value, setting
from okrtui.errors import BadInput, DataFileError
from okrtui.services.workspace import Workspace
from okrtui.store.repository import Repository


def thresholds_of(repo: Repository) -> Thresholds:
    """The thresholds the file sets, the defaults for the rest; a config damaged by hand makes the file unusable
    (exit 1), named, with the command that mends it."""
    stored = repo.config()
    problem = config_problem(stored)
    if problem is not None:
        raise DataFileError(f"{repo.path}: {problem}")
    return from_config(stored) if stored else DEFAULT


def config_problem(stored: Any) -> str | None:
    """What is wrong with a stored config (not a table, an unknown key, a bad value, a band upside down), with the
    command that mends it; None when it is sound (``okrtui doctor`` lists it too)."""
    if not stored:
        return None
    if not isinstance(stored, dict):
        return "the meta record's config is damaged (it is not a table of settings); okrtui config unset KEY mends it"
    try:
        from_config(stored)
    except BadInput as error:
        first = next(iter(stored)) if len(stored) == 1 else "KEY"
        return f"the meta record's config is damaged ({error.message}); okrtui config unset {first} mends it"
    return None


def listing(ws: Workspace) -> list[dict[str, Any]]:
    """Every setting with its value in force, its default, whether the file sets it, and what it means."""
    with ws.repo.snapshot():
        stored = ws.repo.config()
        values = as_config(thresholds_of(ws.repo))
    defaults = as_config(DEFAULT)
    return [
        {
            "key": key,
            "value": values[key],
            "default": defaults[key],
            "set": isinstance(stored, dict) and key in stored,
            "meaning": item.meaning,
        }
        for key, item in SETTINGS.items()
    ]


def set_value(ws: Workspace, key: str, text: Any) -> float:
    """Set one key (bad input for an unknown key, a value out of its range, or one that puts a band upside down)."""
    chosen = setting(key)
    value = parse_value(chosen.key, text)
    with ws.repo.transaction():
        stored = _stored(ws.repo)
        updated = {**stored, chosen.key: int(value) if value.is_integer() else value}  # 2, not 2.0, in the file
        from_config(updated)  # the bands in the right order
        ws.repo.set_config(updated)
    return value


def unset(ws: Workspace, key: str) -> bool:
    """Go back to the default of one key; False when the file didn't set it. Works on a damaged config too (it is
    how one is mended)."""
    name = str(key).strip().lower()
    with ws.repo.transaction():
        stored = ws.repo.config()
        if not isinstance(stored, dict):
            ws.repo.set_config({})
            return True
        remaining = {k: v for k, v in stored.items() if str(k).strip().lower() != name}
        if len(remaining) == len(stored):
            setting(name)  # an unknown key is bad input
            return False
        ws.repo.set_config(remaining)
    return True


def _stored(repo: Repository) -> dict[str, Any]:
    """The stored settings, checked (a damaged config is exit 1 until it is unset)."""
    thresholds_of(repo)
    stored = repo.config()
    return dict(stored) if isinstance(stored, dict) else {}
