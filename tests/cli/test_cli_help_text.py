"""``--help`` is plain text for people: no reStructuredText markup from the docstrings (double backticks, roles)
leaks into the help of any command or subcommand; and docs/cli.md, the contract, names every command and option."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

import okrtui.cli

RST_MARKUP = re.compile(r"``|:(?:func|class|meth|mod|attr|data|ref):`")
"""Inline literals and Sphinx roles: markup a terminal shows as stray backticks."""


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under ``command``: ``()`` for okrtui itself, ``("kr", "add")`` ..."""
    paths = [path]
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            paths += command_paths(command.get_command(context, name), (*path, name))
    return paths


EVERY_COMMAND = command_paths(okrtui.cli.cli)


def test_every_command_is_walked():
    walked = {" ".join(path) for path in EVERY_COMMAND}
    some_known = {"", "objective edit", "kpi export", "kpi import", "kr checkin", "period close", "doctor", "status"}
    assert some_known <= walked


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=lambda path: " ".join(path) or "okrtui")
def test_help_shows_no_rst_markup(run, path):
    result = run(*path, "--help")
    assert result.code == 0, result.err
    assert "Usage: okrtui" in result.out
    assert RST_MARKUP.findall(result.out) == [], result.out


def test_the_help_of_objective_edit_says_how_to_remove_the_parent(run):
    result = run("objective", "edit", "--help")
    assert "--parent '' removes the parent" in " ".join(result.out.split())


CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.mark.parametrize("path", [path for path in EVERY_COMMAND if path], ids=" ".join)
def test_the_contract_names_every_command_and_its_options(path):
    """docs/cli.md is kept in step with the code: each command and each of its options is on the page."""
    page = CONTRACT.read_text(encoding="utf-8")
    assert f"okrtui {' '.join(path)}" in page
    command = okrtui.cli.cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    options = [flag for param in command.params for flag in param.opts if flag.startswith("--") and flag != "--help"]
    assert [flag for flag in options if flag not in page] == []


def test_every_command_module_is_reached_by_name():
    """The top level imports a command's module only when it is asked for (COMMAND_MODULES): every command that a
    module under okrtui/cli defines is named there, under its own name."""
    import importlib

    folder = Path(okrtui.cli.__file__).parent
    defined = {}
    for source in sorted(folder.glob("*.py")):
        module = importlib.import_module(f"okrtui.cli.{source.stem}")
        for command in getattr(module, "COMMANDS", ()):
            defined[command.name] = source.stem
    assert defined == okrtui.cli.COMMAND_MODULES
    assert len(defined) >= 16
