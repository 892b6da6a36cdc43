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
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


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


def safe(text: Any) -> str:
    """Text from the data file with control characters (terminal escapes among them) shown escaped."""
    text = "" if text is None else str(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def styled(text: str, colour: str | None, bold: bool = False) -> str:
    """``text`` in a colour (stripped later when colour is off)."""
    return click.style(text, fg=colour, bold=bold) if colour else text


def status_text(status: str) -> str:
    """A key result status in its colour."""
    return styled(status, STATUS_COLOURS.get(status))


def health_text(health: str) -> str:
    """A KPI health in its colour."""
    return styled(health, HEALTH_COLOURS.get(health))


def percent(fraction: float) -> str:
    """``0.7143`` -> `` 71%``."""
    return f"{round(fraction * 100):>3d}%"


def bar(fraction: float, width: int = 10) -> str:
    """A progress bar of block characters."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def number(value: float | int | None, unit: str = "") -> str:
    """A value with thousands separators and its unit (``$182,000``, ``9.2%``, ``44 days``)."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}" if abs(value) >= 1000 else f"{value:g}"
    if unit == "$":
        return f"${text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {safe(unit)}" if unit else text


def sparkline(values: Sequence[float], width: int = 12) -> str:
    """The last ``width`` values as block characters, low to high."""
    values = list(values)[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(SPARK_BLOCKS[min(7, int((value - low) / span * 7.999))] for value in values)


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
