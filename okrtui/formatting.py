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

STATUS_MARKS = {"pending": "○", "on-track": "●", "at-risk": "▲", "off-track": "✖"}
STATUS_MARKS.update({"achieved": "✔", "missed": "✘", "dropped": "⊘"})  # a closed key result's outcome
"""A mark beside each key result status, so 16 colours or none still read."""
HEALTH_MARKS = {"green": "●", "amber": "▲", "red": "✖", "stale": "◌", "no-data": "·"}
STATUS_EMOJI = {"pending": "🔵", "on-track": "🟢", "at-risk": "🟡", "off-track": "🔴"}
STATUS_EMOJI.update({"achieved": "✅", "missed": "❌", "dropped": "➖"})
"""The marks in Markdown, where colour is not available."""
HEALTH_EMOJI = {"green": "🟢", "amber": "🟡", "red": "🔴", "stale": "⚪", "no-data": "⚪"}
STATUS_COLOURS = {"pending": "blue", "on-track": "green", "at-risk": "yellow", "off-track": "red"}
STATUS_COLOURS.update({"achieved": "green", "missed": "red", "dropped": "bright_black"})
HEALTH_COLOURS = {"green": "green", "amber": "yellow", "red": "red", "stale": "magenta", "no-data": "bright_black"}
INITIATIVE_COLOURS: dict[str, str | None] = {"todo": None, "doing": "cyan", "done": "green", "blocked": "red"}
MILESTONE_TEXT = {True: "done", False: "not done"}
ZONE_TEXT = {"below-commit": "below commit", "committed": "committed", "target": "target", "stretch": "stretch ★"}
"""A key result's zone in words; the stretch zone has a mark too."""


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


NO_PROGRESS = "status only"
"""Shown for the progress of an objective whose key results all weigh 0 (or whose children have none)."""


def percent(fraction: float | None) -> str:
    """``0.7143`` -> `` 71%`` (4 columns); ``   –`` for no progress."""
    if fraction is None:
        return "   –"
    return f"{round(fraction * 100):>3d}%"


def ratio_text(ratio: float | None) -> str:
    """The unclamped ratio where it tells more than progress: ``150% exceeded``, ``−29% below baseline``; else ""."""
    if ratio is None or 0 <= ratio <= 1:
        return ""
    shown = f"{round(ratio * 100)}%".replace("-", "−")
    return f"{shown} exceeded" if ratio > 1 else f"{shown} below baseline"


def bar(fraction: float, width: int = 10) -> str:
    """A progress bar of block characters."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def progress_cell(fraction: float | None, width: int = 10) -> str:
    """A progress bar and its percent with a space between: ``██████░░  71%``, ``████████ 100%``; ``status only``
    (as wide) for no progress."""
    if fraction is None:
        return NO_PROGRESS.ljust(width + 5)
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
    return f"{text} {safe(singular(unit) if abs(value) == 1 else unit)}" if unit else text


SINGULARS = {
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "weeks": "week",
    "months": "month",
    "years": "year",
    "people": "person",
    "points": "point",
}
"""Plural units people write, and their singular for a value of one; any other unit is shown as typed."""


def singular(unit: str) -> str:
    """``days`` -> ``day`` (``Days`` -> ``Day``) for the words of ``SINGULARS``; any other unit as it is."""
    word = SINGULARS.get(unit.lower())
    if word is None:
        return unit
    return word.capitalize() if unit[:1].isupper() else word


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
    if kr.kind == "range":
        return f"{number(kr.low, unit)} … {number(kr.high, unit)} (now {number(kr.current, unit)})"
    if kr.is_maintain:
        sign = "≥" if kr.kind == "at-least" else "≤"
        return f"{sign} {number(kr.target, unit)} (now {number(kr.current, unit)})"
    text = f"{number(kr.start)} → {number(kr.current)} → {number(kr.target, unit)}"
    ratio = ratio_text(kr.ratio)
    if ratio:
        text += f" {ratio}"
    elif kr.exceeded:  # a view made without its ratio
        text += " exceeded"
    elif kr.below_baseline:
        text += " below baseline"
    return text


def definition_moves(record: Any, day: Any) -> list[str]:
    """Each move of a key result's kind, start or target, or a KPI's target or warn, that took effect by ``day``,
    oldest first: ``target 8,000 → 8,500 on 2026-11-03 by lead``."""
    from okrtui.domain.targets import moves

    unit = record.unit
    lines = []
    for move in moves(record, day):
        changed = [name for name in move.before if move.before[name] != move.after[name]]
        text = ", ".join(
            f"{name} {_definition_value(move.before[name], unit)} → {_definition_value(move.after[name], unit)}"
            for name in changed
        )
        lines.append(f"{text} on {move.on.isoformat()}" + (f" by {safe(move.by)}" if move.by else ""))
    return lines


def scheduled_moves(record: Any, day: Any) -> list[str]:
    """Each move of a KPI's target or warn set ahead to take effect after ``day``, soonest first:
    ``target 200,000 → 250,000 from 2027-01-01 (set by cfo)``."""
    from okrtui.domain.targets import upcoming

    lines = []
    for move in upcoming(record, day):
        changed = [name for name in move.after if move.before[name] != move.after[name]] or ["target"]
        text = ", ".join(
            f"{name} {_definition_value(move.before[name], record.unit)} → "
            f"{_definition_value(move.after[name], record.unit)}"
            for name in changed
        )
        lines.append(f"{text} from {move.on.isoformat()}" + (f" (set by {safe(move.by)})" if move.by else ""))
    return lines


def kr_window_lines(kr: KrView, today_iso: str) -> list[str]:
    """A key result's own dates and plan, when it has them: ``from 2026-11-01  due 2026-11-30 (past due)``,
    ``plan 2026-10-31 45 days, 2026-11-30 40 days``."""
    lines = []
    if kr.begins or kr.due:
        dates = [f"{name} {day}" for name, day in (("from", kr.begins), ("due", kr.due)) if day]
        past = kr.due is not None and today_iso > kr.due and kr.progress < 1
        lines.append("  ".join(dates) + (" (past due)" if past else ""))
    if kr.plan:
        lines.append("plan " + ", ".join(f"{day} {number(value, kr.unit)}" for day, value in kr.plan))
    return lines


def _definition_value(value: Any, unit: str) -> str:
    """A kind as it is, a bound as a number with its unit."""
    return value if isinstance(value, str) else number(value, unit)


# -- the journal's changes --------------------------------------------------------------------------------------------

CHANGES_SHOWN = 3
"""A change line names its first few field changes, then how many more."""


def change_summary(entry: dict) -> str:
    """What a journal entry did, in one line: ``KR-3 target 8,000 → 8,500``, ``K-1 value 42 on 2026-11-20``,
    ``import of 3 rows: K-1, K-2``, ``undo C-5: KR-3 check-in 40 on 2026-11-20 removed``. User text is escaped."""
    changes = entry.get("changes", [])
    if entry.get("demo"):
        text = f"demo data loaded: {len(entry.get('records', [])):,} records"
    elif "rows" in entry:
        records = entry.get("records", [])
        named = ", ".join(safe(record) for record in records[:CHANGES_SHOWN])
        more = f" and {len(records) - CHANGES_SHOWN} more" if len(records) > CHANGES_SHOWN else ""
        text = f"import of {entry['rows']:,} rows ({len(changes):,} values changed): {named}{more}"
    else:
        shown = [change_text(change) for change in _worth_showing(changes)]
        text = "; ".join(shown[:CHANGES_SHOWN])
        if len(shown) > CHANGES_SHOWN:
            text += f" (+{len(shown) - CHANGES_SHOWN} more)"
    if entry.get("undoes"):
        text = f"undo {safe(entry['undoes'])}: {text}"
    if entry.get("restored"):
        text = f"restore of {safe(entry['restored'])}: {text or 'the replaced file could not be read'}"
    if isinstance(entry.get("renamed"), dict) or isinstance(entry.get("keys"), dict):  # okrtui git merge-driver's
        text = f"git merge renumbered {_renumbered(entry)}"
    return text


def _renumbered(entry: dict) -> str:
    """``O-6 → O-7, K-6 key nps → nps-2``: the ids and KPI keys a git merge changed."""
    moved = [f"{safe(old)} → {safe(new)}" for old, new in (entry.get("renamed") or {}).items()]
    for kpi, key in (entry.get("keys") or {}).items():
        if isinstance(key, dict):
            moved.append(f"{safe(kpi)} key {safe(key.get('from'))} → {safe(key.get('to'))}")
    return ", ".join(moved)


def _worth_showing(changes: list[dict]) -> list[dict]:
    """The changes a line names: not the earlier targets kept beside a target change (the target change says it), and
    a key result's changed check-ins as what really changed: the list is diffed by position, so one check-in whose
    date moved it shows as several positions changing."""
    shown = [change for change in changes if change.get("field") != "earlier_targets"] or changes
    result: list[dict] = []
    seen: set[str] = set()
    for change in shown:
        name, record = change.get("field") or "", str(change.get("record"))
        if not name.startswith("checkins."):
            result.append(change)
        elif record not in seen:
            seen.add(record)
            stretch = [
                c for c in shown if str(c.get("record")) == record and (c.get("field") or "").startswith("checkins.")
            ]
            result += _checkins_net(stretch)
    return result


def _checkins_net(stretch: list[dict]) -> list[dict]:
    """The check-ins a stretch of position changes took away and added, those present on both sides left out."""
    gone = [change["before"] for change in stretch if change.get("before") is not None]
    came = [change["after"] for change in stretch if change.get("after") is not None]
    for entry in list(gone):
        if entry in came:
            gone.remove(entry)
            came.remove(entry)
    template = stretch[0]
    pairs = [(old, new) for old, new in zip(gone, came, strict=False)]
    pairs += [(old, None) for old in gone[len(came) :]] + [(None, new) for new in came[len(gone) :]]
    return [{**template, "before": old, "after": new} for old, new in pairs]


def change_text(change: dict) -> str:
    """One field change in words: ``O-2 created: Grow revenue``, ``KR-3 check-in 44 on 2026-11-20``,
    ``KR-3 target 8,000 → 8,500``, ``I-4 deleted: Launch``."""
    record, name = safe(change.get("record")), change.get("field")
    before, after = change.get("before"), change.get("after")
    if name is None:
        doc = after if after is not None else before
        title = safe((doc or {}).get("title") or (doc or {}).get("name") or "")
        return f"{record} {'created' if before is None else 'deleted'}: {_short(title)}"
    if name.startswith("checkins."):
        return f"{record} check-in {_checkin_change(before, after)}"
    if name == "closed":
        return f"{record} {_closure_change(before, after)}"
    if name.startswith("history."):
        day = safe(name.removeprefix("history."))
        if before is None:
            return f"{record} value {_value(after)} on {day}"
        if after is None:
            return f"{record} value {_value(before)} on {day} deleted"
        return f"{record} value on {day} {_value(before)} → {_value(after)}"
    return f"{record} {safe(name)} {_value(before)} → {_value(after)}"


def _closure_change(before: Any, after: Any) -> str:
    """``closed: achieved`` or ``reopened (was dropped)``: a key result's closure in words."""
    if isinstance(after, dict):
        return f"closed: {safe(after.get('outcome'))}"
    return f"reopened (was {safe(before.get('outcome')) if isinstance(before, dict) else '–'})"


def _checkin_change(before: Any, after: Any) -> str:
    def one(entry: Any) -> str:
        if not isinstance(entry, dict):
            return "–"
        return f"{_value(entry.get('value'))} on {safe(entry.get('date'))}"

    if before is None:
        return one(after)
    if after is None:
        return f"{one(before)} deleted"
    return f"{one(before)} → {one(after)}"


def _value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, str):
        return _short(safe(value)) if value else '""'
    if isinstance(value, list):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    return "…"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
