"""The presentation vocabulary both faces use, as plain text: status and health marks and colour names, numbers (one
exact format for what a user edits or exports, one display format for reading), progress cells, a key result's
values, overdue initiatives, sparklines, escaped user text. No I/O, no UI library: colours are names that click and
Rich both take."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrtui.services.view_models import KrView

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"

STATUS_MARKS = {"on-track": "●", "at-risk": "▲", "off-track": "✖"}
"""A mark beside each key result status, so 16 colours or none still read."""
HEALTH_MARKS = {"green": "●", "amber": "▲", "red": "✖", "stale": "◌", "no-data": "·"}
STATUS_EMOJI = {"on-track": "🟢", "at-risk": "🟡", "off-track": "🔴"}
"""The marks in Markdown, where colour is not available."""
HEALTH_EMOJI = {"green": "🟢", "amber": "🟡", "red": "🔴", "stale": "⚪", "no-data": "⚪"}
STATUS_COLOURS = {"on-track": "green", "at-risk": "yellow", "off-track": "red"}
HEALTH_COLOURS = {"green": "green", "amber": "yellow", "red": "red", "stale": "magenta", "no-data": "bright_black"}
INITIATIVE_COLOURS: dict[str, str | None] = {"todo": None, "doing": "cyan", "done": "green", "blocked": "red"}
MILESTONE_TEXT = {True: "done", False: "not done"}


def colour(standing: str) -> str:
    """The colour name of a key result status or a KPI health ("" for anything else)."""
    return STATUS_COLOURS.get(standing) or HEALTH_COLOURS.get(standing) or ""


def mark(standing: str) -> str:
    """The mark of a key result status or a KPI health ("" for anything else)."""
    return STATUS_MARKS.get(standing) or HEALTH_MARKS.get(standing) or ""


def safe(text: Any) -> str:
    """Text from the data file with control characters (terminal escapes among them) shown escaped."""
    text = "" if text is None else str(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def percent(fraction: float) -> str:
    """``0.7143`` -> `` 71%`` (4 columns)."""
    return f"{round(fraction * 100):>3d}%"


def bar(fraction: float, width: int = 10) -> str:
    """A progress bar of block characters."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def progress_cell(fraction: float, width: int = 10) -> str:
    """A progress bar and its percent with a space between: ``██████░░  71%``, ``████████ 100%``."""
    return f"{bar(fraction, width)} {percent(fraction)}"


def number(value: float | int | None, unit: str = "") -> str:
    """A value with thousands separators and its unit (``$182,000``, ``9.2%``, ``44 days``)."""
    if value is None:
        return "–"
    if float(value).is_integer():
        text = f"{value:,.0f}"
    elif abs(value) >= 1000:
        text = f"{value:,.1f}"
    else:
        text = f"{value:.4g}"
    if unit == "$":
        return f"-${text[1:]}" if text.startswith("-") else f"${text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {safe(unit)}" if unit else text


def exact(value: float | int | None) -> str:
    """A stored number as it can be typed back unchanged: the shortest digits that read back as the same float
    (``99999.99``, ``12.34567``, ``0.0000001``), no ``.0`` on whole numbers, "" for none. For edit fields."""
    if value is None:
        return ""
    text = repr(float(value))
    if "e" in text:  # repr's scientific notation: positional when that stays short (0.0000001, not 1e-07)
        positional = format(Decimal(text), "f")
        text = positional if len(positional) <= 24 else text
    return text.removesuffix(".0")


def sparkline(values: Sequence[float], width: int = 12) -> str:
    """The last ``width`` values as block characters, low to high."""
    values = list(values)[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(SPARK_BLOCKS[min(7, int((value - low) / span * 7.999))] for value in values)


def value_text(value: float | None, kind: str, unit: str = "") -> str:
    """One value of a key result as shown: with its unit, or for a milestone done / not done."""
    if kind == "milestone" and value is not None:
        return MILESTONE_TEXT[value == 1]
    return number(value, unit)


def is_overdue(due: str | None, status: str, today_iso: str) -> bool:
    """Whether an initiative is past its due date (ISO) and not done."""
    return bool(due and due < today_iso) and status != "done"


def kr_values(kr: KrView) -> str:
    """A key result's values from its view: ``59 → 44 → 38 days``, ``≥ 9% (now 9.3%)`` or ``done``."""
    unit = kr.unit
    if kr.is_milestone:
        return value_text(kr.current, "milestone")
    if kr.is_maintain:
        sign = "≥" if kr.kind == "at-least" else "≤"
        return f"{sign} {number(kr.target, unit)} (now {number(kr.current, unit)})"
    text = f"{number(kr.start)} → {number(kr.current)} → {number(kr.target, unit)}"
    if kr.exceeded:
        text += " exceeded"
    elif kr.below_baseline:
        text += " below baseline"
    return text
