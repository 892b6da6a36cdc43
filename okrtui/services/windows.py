"""A key result's own dates and phased plan (``--from D --due D --plan DATE:VALUE,...``), parsed and checked against
its objective's period; the rules that use them live in ``okrtui.domain.scoring``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from okrtui.domain.models import KeyResult
from okrtui.domain.periods import Period, parse_date
from okrtui.domain.vocab import MAINTAIN_KINDS
from okrtui.errors import BadInput
from okrtui.formatting import exact
from okrtui.services.workspace import parse_number

WINDOW_FIELDS = ("begins", "due", "plan")
"""The key result's fields these options set (``--from`` is stored as ``begins``)."""
OPTION = {"begins": "--from", "due": "--due", "plan": "--plan"}


def parse_plan(text: str) -> list[dict[str, Any]] | None:
    """``2026-10-31:45,2026-11-30:40`` as ``[{date, value}]`` in date order; empty text: no plan (None)."""
    items = [item.strip() for item in str(text).split(",")]
    if items == [""]:
        return None
    points = []
    for item in items:
        day, colon, value = item.partition(":")
        if not colon or not day.strip() or not value.strip():
            raise BadInput(f"bad plan item {item!r}: use DATE:VALUE, like 2026-10-31:45", field="plan")
        try:
            points.append({"date": parse_date(day), "value": parse_number(value, "plan value")})
        except BadInput as error:
            raise BadInput(f"plan: {error.message}", field="plan") from None
    days = [point["date"] for point in points]
    if len(set(days)) != len(days):
        raise BadInput("plan: one value a day", field="plan")
    return sorted(points, key=lambda point: point["date"])


def window_values(changes: dict[str, Any]) -> dict[str, Any]:
    """The given ``begins``, ``due`` and ``plan`` of ``changes`` (text as typed; None: not given), parsed; ``''``
    clears one (None)."""
    parsed: dict[str, Any] = {}
    for name in WINDOW_FIELDS:
        value = changes.get(name)
        if value is None:
            continue
        if name == "plan":
            parsed[name] = parse_plan(value)
        else:
            parsed[name] = _parse_day(value, name) if str(value).strip() else None
    return parsed


def _parse_day(text: str, name: str) -> date:
    try:
        return parse_date(text)
    except BadInput as error:
        raise BadInput(f"{OPTION[name]}: {error.message}", field=name) from None


def check_window(kr: dict[str, Any] | KeyResult, period: Period) -> None:
    """Bad input unless the key result's own dates lie inside its objective's period, from before due, each planned
    day strictly inside the window, and only on a kind that takes them (the same rules as the model, said per
    option)."""
    begins, due, plan, kind = (_get(kr, name) for name in ("begins", "due", "plan", "kind"))
    if begins is None and due is None and not plan:
        return
    if kind in MAINTAIN_KINDS:
        given = " ".join(f"{OPTION[name]} ''" for name in WINDOW_FIELDS if _get(kr, name))
        raise BadInput(
            f"a guard ({kind}) keeps its bound all period: it takes no --from, --due or --plan (clear them: {given})",
            field="kind",
        )
    for name, day in (("begins", begins), ("due", due)):
        if day is not None and not period.contains(day):
            raise BadInput(
                f"{OPTION[name]} {day.isoformat()} is outside {period} ({period.start} to {period.end})", field=name
            )
    first, last = begins or period.start, due or period.end
    if first >= last:
        raise BadInput(f"--from {first.isoformat()} must come before --due {last.isoformat()}", field="due")
    if plan and kind not in ("increase", "decrease"):
        raise BadInput(
            "--plan needs a start and a target: only an increase or decrease key result takes one"
            " (clear it: --plan '')",
            field="plan",
        )
    for point in plan or ():
        day = _get(point, "date")
        if not first < day < last:
            raise BadInput(
                f"plan: {day.isoformat()} is not strictly between {first.isoformat()} and {last.isoformat()}"
                " (the window's first day is the start, its last the target)",
                field="plan",
            )


def check_windows_fit(krs: Iterable[KeyResult], period: Period) -> None:
    """Bad input when a key result's own dates or plan would fall outside ``period`` (its objective moving there)."""
    for kr in krs:
        try:
            check_window(kr, period)
        except BadInput as error:
            raise BadInput(f"{kr.id}'s {error.message}: move or clear it first", field="period") from None


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name)


def plan_text(kr: KeyResult) -> str:
    """The plan as ``--plan`` takes it: ``2026-10-31:45,2026-11-30:40``; empty without one."""
    return ",".join(f"{point.date.isoformat()}:{exact(point.value)}" for point in kr.plan or ())
