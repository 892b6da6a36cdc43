"""Printing for the CLI: JSON for scripts, aligned and coloured text for people."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click
import orjson

from okrtui.formatting import INITIATIVE_COLOURS, colour, kr_values, number, progress_cell, safe, sparkline

if TYPE_CHECKING:  # the cron path prints no views: their classes are not made there
    from okrtui.domain.thresholds import Thresholds
    from okrtui.services.view_models import InitiativeView, KpiView, KrView


def colour_enabled() -> bool | None:
    """False when NO_COLOR is set; otherwise None lets click decide (colour only on a terminal)."""
    return False if os.environ.get("NO_COLOR") else None


def echo(text: str = "") -> None:
    """Print a line for people (colour stripped when piped or NO_COLOR)."""
    click.echo(text, color=colour_enabled())


def echo_json(document: Any) -> None:
    """Print one JSON document on stdout and nothing else.

    KPI histories (``HistoryRows``, a million rows in a big file) are written one at a time, each straight from its
    stored map, never as a million dicts: the bytes are exactly those of the rows as a list of ``{date, value}``.
    """
    out = sys.stdout.buffer
    token = f"\x00okrtui-rows-{os.urandom(8).hex()}-"
    rows: list[Any] = []

    def placeholder(value: Any) -> Any:
        if hasattr(value, "to_json"):  # a typed view (services.view_models, a named tuple): its CLI.md shape
            return value.to_json()
        if not hasattr(value, "measurements"):
            raise TypeError(f"can't print {type(value).__name__} as JSON")
        rows.append(value)
        return f"{token}{len(rows) - 1}\x00"

    skeleton = orjson.dumps(document, default=placeholder, option=orjson.OPT_INDENT_2)
    marker = re.compile(rb'"' + re.escape(orjson.dumps(token)[1:-1]) + rb'(\d+)\\u0000"')
    written = 0
    for found in marker.finditer(skeleton):
        line = skeleton[skeleton.rfind(b"\n", 0, found.start()) + 1 : found.start()]
        indent = len(line) - len(line.lstrip(b" "))
        out.write(skeleton[written : found.start()])
        for part in rows_json(rows[int(found.group(1))].measurements(), indent):
            out.write(part)
        written = found.end()
    out.write(skeleton[written:] + b"\n")
    out.flush()


def rows_json(measurements: dict[str, float], indent: int) -> tuple[bytes, ...]:
    """The parts of ``[{"date": D, "value": V}, ...]`` as ``orjson.dumps(..., OPT_INDENT_2)`` writes it on a line
    indented by ``indent`` spaces, made from the compact dump of the date -> value map (``"D1":V1,"D2":V2``): a date
    or a number holds no ``:``, ``,`` or NUL, so each ``:`` separates a date from its value and each ``,`` two rows.
    Each pass looks for a single byte (memchr speed; the two-byte ``":`` and ``,"`` took three times as long). In
    parts, so the big middle is not copied once more."""
    if not measurements:
        return (b"[]",)
    pad = b" " * indent
    body = orjson.dumps(measurements)[1:-1].replace(b":", b"\x00")  # out of the way of the rows' own colons
    body = body.replace(b",", b"\n" + pad + b"  },\n" + pad + b"  {\n" + pad + b'    "date": ')
    body = body.replace(b"\x00", b",\n" + pad + b'    "value": ')
    return b"[\n" + pad + b"  {\n" + pad + b'    "date": ', body, b"\n" + pad + b"  }\n" + pad + b"]"


def styled(text: str, colour: str | None, bold: bool = False) -> str:
    """``text`` in a colour (stripped later when colour is off)."""
    return click.style(text, fg=colour, bold=bold) if colour else text


def status_text(status: str) -> str:
    """A key result status in its colour."""
    return styled(status, colour(status) or None)


def grade_text(grade: float | None, thresholds: Thresholds | None = None) -> str:
    """``0.72`` in its grade colour (≥ 0.7 green, ≥ 0.4 yellow, else red: the bands of the file's ``thresholds``, as
    in the UI); ``–`` for none."""
    from okrtui.domain.scoring import grade_colour
    from okrtui.domain.thresholds import DEFAULT

    if grade is None:
        return "–"
    return styled(f"{grade:.2f}", grade_colour(grade, thresholds or DEFAULT))


def health_text(health: str) -> str:
    """A KPI health in its colour."""
    return styled(health, colour(health) or None)


def display_width(text: str) -> int:
    """Cells ``text`` takes on a terminal, ignoring colour codes (wide characters count 2, combining marks 0)."""
    plain = click.unstyle(text) if "\x1b" in text else text
    if plain.isascii():
        return len(plain)
    from rich.cells import cell_len  # the UI's own measure (combining marks 0, wide 2); only for non-ASCII text

    return cell_len(plain)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print rows in aligned columns under bold headers; the last column is not padded.

    Each cell is measured once and the table is printed in one go (a big file's KPI table has a thousand rows)."""
    measured = [[display_width(cell) for cell in row] for row in rows]
    header_widths = [display_width(header) for header in headers]
    widths = header_widths
    for row_widths in measured:
        widths = list(map(max, widths, row_widths))
    lines = [_row([click.style(header, bold=True) for header in headers], header_widths, widths)]
    lines += [_row(row, row_widths, widths) for row, row_widths in zip(rows, measured, strict=True)]
    echo("\n".join(lines))


def _row(cells: Sequence[str], cell_widths: Sequence[int], widths: Sequence[int]) -> str:
    """The cells of a row, each padded to its column's width (``cell_widths``: the cells' own) but the last."""
    last = len(cells) - 1
    padded = [
        cell if index == last else cell + " " * (widths[index] - cell_widths[index]) for index, cell in enumerate(cells)
    ]
    return "  ".join(padded).rstrip()


# -- the tables more than one command prints -------------------------------------------------------------------------


TREND_POINTS = 12
"""Values in a KPI table's sparkline."""


def print_kr_table(krs: Sequence[KrView]) -> None:
    """Key results as rows: kind, start -> current -> target, progress, status, trend."""
    rows = []
    for kr in krs:
        rows.append(
            [
                kr.id,
                kr.kind,
                kr_values(kr),
                progress_cell(kr.progress, 8),
                status_text(kr.status),
                sparkline([c.value for c in kr.checkins]),
                safe(kr.title) + (f" [{kr.kpi_key}]" if kr.kpi_key else ""),
            ]
        )
    table(["KR", "KIND", "VALUES", "PROGRESS", "STATUS", "TREND", "KEY RESULT"], rows)


def print_initiative_table(views: Sequence[InitiativeView]) -> None:
    """Initiatives as rows."""
    rows = [
        [
            v.id,
            styled(v.status, INITIATIVE_COLOURS.get(v.status)),
            v.kr or v.objective,
            safe(v.owner),
            v.due or "",
            safe(v.title),
        ]
        for v in views
    ]
    table(["ID", "STATUS", "FOR", "OWNER", "DUE", "INITIATIVE"], rows)


def print_kpi_table(views: Sequence[KpiView]) -> None:
    """KPIs as rows: latest, target, health, trend (views made with ``trend=TREND_POINTS``)."""
    rows = []
    for view in views:
        latest = view.latest
        rows.append(
            [
                view.id,
                view.key,
                number(latest.value, view.unit) if latest else "–",
                number(view.target, view.unit),
                health_text(view.health),
                sparkline(view.trend or (), TREND_POINTS),
                safe(view.name),
            ]
        )
    table(["ID", "KEY", "LATEST", "TARGET", "HEALTH", "TREND", "KPI"], rows)
