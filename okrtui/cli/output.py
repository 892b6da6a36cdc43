"""Printing for the CLI: JSON for scripts, aligned and coloured text for people."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import click
import orjson

STATUS_COLOURS = {"on-track": "green", "at-risk": "yellow", "off-track": "red"}
HEALTH_COLOURS = {"green": "green", "amber": "yellow", "red": "red", "stale": "magenta", "no-data": "bright_black"}


def colour_enabled() -> bool | None:
    """False when NO_COLOR is set; otherwise None lets click decide (colour only on a terminal)."""
    return False if os.environ.get("NO_COLOR") else None


def echo(text: str = "") -> None:
    """Print a line for people (colour stripped when piped or NO_COLOR)."""
    click.echo(text, color=colour_enabled())


def echo_json(document: Any) -> None:
    """Print one JSON document on stdout and nothing else."""
    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()






def styled(text: str, colour: str | None, bold: bool = False) -> str:
    """``text`` in a colour (stripped later when colour is off)."""
    return click.style(text, fg=colour, bold=bold) if colour else text


def status_text(status: str) -> str:
    """A key result status in its colour."""
    return styled(status, STATUS_COLOURS.get(status))


def health_text(health: str) -> str:
    """A KPI health in its colour."""
    return styled(health, HEALTH_COLOURS.get(health))










def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal, ignoring colour codes (wide characters count 2)."""
    plain = click.unstyle(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in plain)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print rows in aligned columns under bold headers; the last column is not padded."""
    widths = [display_width(header) for header in headers]
    for row in rows:
        widths = [max(width, display_width(cell)) for width, cell in zip(widths, row, strict=True)]
    echo(_row([click.style(header, bold=True) for header in headers], widths))
    for row in rows:
        echo(_row(row, widths))


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    last = len(cells) - 1
    padded = [cell if index == last else cell + " " * (widths[index] - display_width(cell)) for index, cell in enumerate(cells)]
    return "  ".join(padded).rstrip()
