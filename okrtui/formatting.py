"""Plain-text formatting both faces use: numbers with units, bars, sparklines, escaped user text. No I/O, no UI."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"


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


def kr_values(kr: dict) -> str:
    """A key result's values from its view: ``59 → 44 → 38 days``, ``≥ 9% (now 9.3%)`` or ``done``."""
    unit = kr["unit"]
    if kr["kind"] == "milestone":
        return "done" if kr["current"] == 1 else "not done"
    if kr["kind"] in ("at-least", "at-most"):
        sign = "≥" if kr["kind"] == "at-least" else "≤"
        return f"{sign} {number(kr['target'], unit)} (now {number(kr['current'], unit)})"
    text = f"{number(kr['start'])} → {number(kr['current'])} → {number(kr['target'], unit)}"
    if kr["exceeded"]:
        text += " exceeded"
    elif kr["below_baseline"]:
        text += " below baseline"
    return text
