"""Create, edit and delete objectives, key results and initiatives."""

from __future__ import annotations

from typing import Any

from okrtui.domain.models import (
    Initiative,
    KeyResult,
    Objective,
    ValidationError,
    build,
    describe_validation_error,
)
from okrtui.domain.periods import Period, parse_date
from okrtui.domain.targets import with_earlier_definition
from okrtui.domain.vocab import MAINTAIN_KINDS, MAX_NAME, MAX_TITLE, MAX_UNIT, OPEN_STATES
from okrtui.errors import BadInput
from okrtui.services.guards import ensure_open
from okrtui.services.windows import WINDOW_FIELDS, check_window, check_windows_fit, window_values
from okrtui.services.workspace import Workspace, clean_text, parse_number, parse_optional_number
from okrtui.store.repository import parse_id

_CHILD_LEVEL = {"company": "team", "team": "personal", "personal": "personal"}


# -- objectives -------------------------------------------------------------------------------------------------------


def add_objective(
    ws: Workspace,
    title: str,
    *,
    period: str | None = None,
    owner: str | None = None,
    team: str | None = None,
    parent: str | None = None,
    description: str | None = None,
    perspective: str | None = None,
    level: str | None = None,
    cadence: str | None = None,
    rollup: str | None = None,
    weight: Any = None,
) -> Objective:
    """A new objective; the period defaults to the current quarter and the owner to whoever acts."""
    with ws.repo.transaction():
        parent_id = _existing_parent(ws, parent) if parent else None
        if level is None:
            level = _infer_level(ws, parent_id, team)
        data = {
            "id": "O-0",
            "title": clean_text(title, "title"),
            "period": period or str(ws.default_period),
            "owner": clean_text(owner if owner is not None else ws.actor, "owner", max_length=MAX_NAME),
            "team": clean_text(team, "team", max_length=MAX_NAME),
            "parent": parent_id,
            "description": description or "",
            "perspective": perspective or None,
            "level": level,
            "cadence": cadence or "weekly",
            **rollup_fields(rollup, weight),
            "updated_by": ws.actor,
        }
        build(Objective, data)  # validate before an id is spent
        data["id"] = ws.repo.next_id(Objective)
        return ws.repo.insert(build(Objective, data))


def edit_objective(
    ws: Workspace, objective_id: str, changes: dict[str, Any], *, expected_rev: int | None = None
) -> Objective:
    """Change the given fields of an objective; a new parent may not make it its own ancestor."""
    with ws.repo.transaction():
        objective = ws.repo.get(Objective, objective_id)
        reopening = changes.get("state") in OPEN_STATES and set(changes) - {"state"} <= _unset(changes)
        if not reopening:
            ensure_open(ws, objective.id)
        updates = {key: value for key, value in changes.items() if value is not None}
        if "parent" in changes:
            updates["parent"] = _valid_new_parent(ws, objective.id, changes["parent"])
        for key in ("title", "owner", "team"):
            if key in updates:
                updates[key] = clean_text(updates[key], key, max_length=MAX_TITLE if key == "title" else MAX_NAME)
        if updates.get("perspective") == "":
            updates["perspective"] = None
        updates.update(rollup_fields(changes.get("rollup"), changes.get("weight"), keep=objective))
        if updates.get("period", objective.period) != objective.period:  # its key results' own dates must fit
            krs = [kr for kr in ws.repo.all(KeyResult) if kr.objective == objective.id]
            check_windows_fit(krs, Period.parse(updates["period"]))
        if objective.state == "closed" and updates.get("state", "closed") != "closed":
            updates["grade"] = None  # reopened: the grades wait for the next close, as with period reopen
            for kr in ws.repo.all(KeyResult):
                if kr.objective == objective.id and kr.grade is not None:
                    ws.repo.save(kr.model_copy(update={"grade": None}), author=ws.actor)
        edited = build(Objective, {**objective.model_dump(), **updates})
        return ws.repo.save(edited, expected_rev=expected_rev, author=ws.actor)  # type: ignore[arg-type]


def rollup_fields(rollup: str | None, weight: Any, *, keep: Objective | None = None) -> dict[str, Any]:
    """The stored ``rollup`` and ``weight`` of an objective from what was given: ``auto`` (or "") is the automatic
    roll-up, "" a weight of 1 again; None keeps ``keep``'s (nothing for a new objective)."""
    fields: dict[str, Any] = {}
    if rollup is not None:
        fields["rollup"] = None if rollup.strip().lower() in ("", "auto") else rollup.strip().lower()
    elif keep is not None:
        fields["rollup"] = keep.rollup
    if weight is not None:
        fields["weight"] = parse_number(weight, "weight") if str(weight).strip() else None
    elif keep is not None:
        fields["weight"] = keep.weight
    return fields


def _unset(changes: dict[str, Any]) -> set[str]:
    """The keys of ``changes`` that carry no new value."""
    return {key for key, value in changes.items() if value is None}


def delete_objective(ws: Workspace, objective_id: str, *, force: bool = False, children: str = "detach") -> list[str]:
    """Delete an objective; with key results only when ``force`` (they and its initiatives go too).

    ``children`` says what becomes of aligned child objectives: ``detach`` (they lose their parent) or ``reparent``
    (they align to this objective's parent). Returns the ids deleted.
    """
    with ws.repo.transaction():
        objective = ws.repo.get(Objective, objective_id)
        ensure_open(ws, objective.id)
        krs = [kr for kr in ws.repo.all(KeyResult) if kr.objective == objective.id]
        if krs and not force:
            raise BadInput(
                f"{objective.id} has {len(krs)} key result(s) ({', '.join(kr.id for kr in krs)}); "
                "delete them first or pass --yes"
            )
        deleted = [objective.id]
        for kr in krs:
            ws.repo.delete(KeyResult, kr.id)
            deleted.append(kr.id)
        for initiative in ws.repo.all(Initiative):
            if initiative.objective == objective.id:
                ws.repo.delete(Initiative, initiative.id)
                deleted.append(initiative.id)
        new_parent = objective.parent if children == "reparent" else None
        for child in ws.repo.all(Objective):
            if child.parent == objective.id:
                ws.repo.save(child.model_copy(update={"parent": new_parent}), author=ws.actor)
        ws.repo.delete(Objective, objective.id)
        return deleted


def _existing_parent(ws: Workspace, parent: str) -> str:
    return ws.repo.get(Objective, parent).id


def _infer_level(ws: Workspace, parent_id: str | None, team: str | None) -> str:
    if parent_id:
        return _CHILD_LEVEL[ws.repo.get(Objective, parent_id).level]
    return "team" if team else "company"


def _valid_new_parent(ws: Workspace, objective_id: str, parent: str | None) -> str | None:
    """The new parent's id, refusing one that would make ``objective_id`` its own ancestor."""
    if not parent:
        return None
    parent_id = _existing_parent(ws, parent)
    parents = {objective.id: objective.parent for objective in ws.repo.all(Objective)}
    cursor: str | None = parent_id
    while cursor is not None:
        if cursor == objective_id:
            raise BadInput(
                f"{parent_id} can't be the parent of {objective_id}: {objective_id} would be its own ancestor",
                field="parent",
            )
        cursor = parents.get(cursor)
    return parent_id


# -- key results ------------------------------------------------------------------------------------------------------


def kr_bounds(
    *,
    start: Any = None,
    target: Any = None,
    at_least: Any = None,
    at_most: Any = None,
    milestone: bool = False,
    between: Any = None,
) -> dict[str, Any]:
    """Kind, start and target from exactly one way of giving them (start/target, at-least, at-most, between LOW HIGH,
    milestone)."""
    at_least = parse_optional_number(at_least, "at-least")
    at_most = parse_optional_number(at_most, "at-most")
    start = parse_optional_number(start, "start")
    target = parse_optional_number(target, "target")
    ways = [start is not None or target is not None, at_least is not None, at_most is not None, milestone, between]
    if sum(map(bool, ways)) != 1:
        raise BadInput("give exactly one of: --start and --target, --at-least, --at-most, --between, --milestone")
    if between:
        return range_bounds(*between)
    if milestone:
        return {"kind": "milestone", "start": 0.0, "target": 1.0}
    if at_least is not None:
        return {"kind": "at-least", "start": None, "target": at_least}
    if at_most is not None:
        return {"kind": "at-most", "start": None, "target": at_most}
    if start is None or target is None:
        raise BadInput(
            "an increase or decrease key result needs both --start and --target",
            field="start" if start is None else "target",
        )
    if start == target:
        raise BadInput(f"start equals target ({start:g}): there is nothing to move", field="target")
    return {"kind": "increase" if target > start else "decrease", "start": start, "target": target}


def range_bounds(low: Any, high: Any) -> dict[str, Any]:
    """A range guard's bounds: in bounds from LOW to HIGH, both included (its target is HIGH)."""
    low_value, high_value = parse_number(low, "low"), parse_number(high, "high")
    if low_value > high_value:
        raise BadInput(f"range low {low_value:g} is above high {high_value:g}: give LOW first", field="high")
    return {"kind": "range", "start": None, "target": high_value, "low": low_value, "high": high_value}


def kr_levels(commit: Any = None, stretch: Any = None) -> dict[str, Any]:
    """The commit and stretch levels given (``""`` clears one); the key result's own check places them."""
    levels = {}
    for name, given in (("commit", commit), ("stretch", stretch)):
        if given is not None:
            levels[name] = parse_optional_number(given, name)
    return levels


def check_levels(bounds: dict[str, Any], commit: Any = None, stretch: Any = None) -> None:
    """Refuse commit / stretch levels that don't fit the bounds (:func:`kr_bounds`), naming the field (for a form)."""
    levels = kr_levels(commit, stretch)
    try:
        KeyResult.model_validate({"id": "KR-0", "objective": "O-0", "title": "t", **bounds, **levels})
    except ValidationError as error:
        message = describe_validation_error(error)
        raise BadInput(message, field="stretch" if message.startswith("stretch") else "commit") from None


def default_weight(kind: str) -> float:
    """A new guard counts toward its objective's status only (weight 0); any other kind weighs 1."""
    return 0.0 if kind in MAINTAIN_KINDS else 1.0


def add_kr(
    ws: Workspace,
    objective_id: str,
    title: str,
    *,
    start: Any = None,
    target: Any = None,
    at_least: Any = None,
    at_most: Any = None,
    milestone: bool = False,
    unit: str | None = None,
    weight: Any = None,
    kpi: str | None = None,
    between: Any = None,
    commit: Any = None,
    stretch: Any = None,
    begins: str | None = None,
    due: str | None = None,
    plan: str | None = None,
) -> KeyResult:
    """A new key result of an objective; its kind follows from how its bounds are given. Without a weight, a guard
    weighs 0 (it counts toward the status only) and any other kind 1. ``begins``, ``due`` and ``plan`` (text as
    typed) give it its own window inside the period and a phased plan."""
    from okrtui.services.kpis import find_kpi

    with ws.repo.transaction():
        objective = ws.repo.get(Objective, objective_id)
        ensure_open(ws, objective.id)
        bounds = kr_bounds(
            start=start, target=target, at_least=at_least, at_most=at_most, milestone=milestone, between=between
        )
        data = {
            "id": "KR-0",
            "objective": objective.id,
            "title": clean_text(title, "title"),
            **bounds,
            **kr_levels(commit, stretch),
            "unit": clean_text(unit, "unit", max_length=MAX_UNIT),
            "weight": parse_number(weight, "weight") if weight is not None else default_weight(bounds["kind"]),
            "kpi": find_kpi(ws, kpi).id if kpi else None,
            "updated_by": ws.actor,
            "created": ws.today,
            **window_values({"begins": begins, "due": due, "plan": plan}),
        }
        check_window(data, Period.parse(objective.period))
        build(KeyResult, data)
        data["id"] = ws.repo.next_id(KeyResult)
        return ws.repo.insert(build(KeyResult, data))


def edit_kr(ws: Workspace, kr_id: str, changes: dict[str, Any], *, expected_rev: int | None = None) -> KeyResult:
    """Change a key result's title, unit, weight, KPI link or bounds; its check-ins stay as they are."""
    from okrtui.services.kpis import find_kpi

    with ws.repo.transaction():
        kr = ws.repo.get(KeyResult, kr_id)
        ensure_open(ws, kr.objective, of=kr.id)
        updates: dict[str, Any] = {}
        if changes.get("title") is not None:
            updates["title"] = clean_text(changes["title"], "title")
        if changes.get("unit") is not None:
            updates["unit"] = clean_text(changes["unit"], "unit", max_length=MAX_UNIT)
        if changes.get("weight") is not None:
            updates["weight"] = parse_number(changes["weight"], "weight")
        if "kpi" in changes and changes["kpi"] is not None:
            updates["kpi"] = find_kpi(ws, changes["kpi"]).id if changes["kpi"] else None
        bound_keys = ("start", "target", "at_least", "at_most", "milestone", "between")
        given = {key: changes[key] for key in bound_keys if _given(changes.get(key))}
        if given:
            updates.update(_edited_bounds(kr, given))
            if updates["kind"] not in ("increase", "decrease"):
                updates["commit"] = updates["stretch"] = None  # the levels of a direction it no longer has
        updates.update(kr_levels(changes.get("commit"), changes.get("stretch")))
        updates.update(window_values(changes))
        if given or set(updates) & set(WINDOW_FIELDS):
            period = Period.parse(ws.repo.get(Objective, kr.objective).period)
            check_window({**kr.model_dump(), **updates}, period)
        edited = with_earlier_definition(kr, build(KeyResult, {**kr.model_dump(), **updates}), ws.today, ws.actor)
        return ws.repo.save(edited, expected_rev=expected_rev, author=ws.actor)  # type: ignore[arg-type]


def _given(value: Any) -> bool:
    """An edit option that was given: 0 counts (``0 in (None, False)`` would drop it)."""
    return value is not None and value is not False and value != ""


def _edited_bounds(kr: KeyResult, given: dict[str, Any]) -> dict[str, Any]:
    """New bounds: a lone --start or --target keeps the other one of an increase/decrease result."""
    if set(given) <= {"start", "target"} and kr.kind in ("increase", "decrease"):
        return kr_bounds(start=given.get("start", kr.start), target=given.get("target", kr.target))
    if set(given) == {"target"} and kr.kind == "range":
        return range_bounds(kr.low, given["target"])
    if set(given) == {"target"} and kr.is_maintain:
        return kr_bounds(**{kr.kind.replace("-", "_"): given["target"]})
    return kr_bounds(**given)


def delete_kr(ws: Workspace, kr_id: str) -> str:
    """Delete a key result; its initiatives stay, attached to its objective."""
    with ws.repo.transaction():
        kr = ws.repo.get(KeyResult, kr_id)
        ensure_open(ws, kr.objective, of=kr.id, orphan_ok=True)
        for initiative in ws.repo.all(Initiative):
            if initiative.kr == kr.id:
                ws.repo.save(initiative.model_copy(update={"kr": None}), author=ws.actor)
        ws.repo.delete(KeyResult, kr.id)
        return kr.id


# -- initiatives ------------------------------------------------------------------------------------------------------


def add_initiative(
    ws: Workspace,
    parent: str,
    title: str,
    *,
    owner: str | None = None,
    due: str | None = None,
    status: str | None = None,
) -> Initiative:
    """A new initiative under a key result (``KR-…``) or an objective (``O-…``)."""
    with ws.repo.transaction():
        objective_id, kr_id = _initiative_parent(ws, parent)
        ensure_open(ws, objective_id)
        data = {
            "id": "I-0",
            "title": clean_text(title, "title"),
            "objective": objective_id,
            "kr": kr_id,
            "owner": clean_text(owner if owner is not None else ws.actor, "owner", max_length=MAX_NAME),
            "status": status or "todo",
            "due": parse_date(due) if due else None,
            "updated_by": ws.actor,
        }
        build(Initiative, data)
        data["id"] = ws.repo.next_id(Initiative)
        return ws.repo.insert(build(Initiative, data))


def edit_initiative(
    ws: Workspace, initiative_id: str, changes: dict[str, Any], *, expected_rev: int | None = None
) -> Initiative:
    """Change an initiative's title, owner, status, due date (``""`` clears it) or parent."""
    with ws.repo.transaction():
        initiative = ws.repo.get(Initiative, initiative_id)
        ensure_open(ws, initiative.objective, of=initiative.id)
        updates = {key: value for key, value in changes.items() if value is not None and key != "parent"}
        if "title" in updates:
            updates["title"] = clean_text(updates["title"], "title")
        if "owner" in updates:
            updates["owner"] = clean_text(updates["owner"], "owner", max_length=MAX_NAME)
        if "due" in updates:
            updates["due"] = parse_date(updates["due"]) if updates["due"] else None
        if changes.get("parent"):
            updates["objective"], updates["kr"] = _initiative_parent(ws, changes["parent"])
        edited = build(Initiative, {**initiative.model_dump(), **updates})
        return ws.repo.save(edited, expected_rev=expected_rev, author=ws.actor)  # type: ignore[arg-type]


def delete_initiative(ws: Workspace, initiative_id: str) -> str:
    """Delete an initiative."""
    with ws.repo.transaction():
        initiative = ws.repo.get(Initiative, initiative_id)
        ensure_open(ws, initiative.objective, of=initiative.id, orphan_ok=True)
        ws.repo.delete(Initiative, initiative.id)
        return initiative.id


def _initiative_parent(ws: Workspace, parent: str) -> tuple[str, str | None]:
    """(objective id, key result id or None) for an initiative's parent given as ``KR-…`` or ``O-…``."""
    if str(parent).strip().upper().startswith("KR-"):
        kr = ws.repo.get(KeyResult, parse_id(parent, "KR"))
        return kr.objective, kr.id
    if str(parent).strip().upper().startswith("O-"):
        return ws.repo.get(Objective, parse_id(parent, "O")).id, None
    raise BadInput(f"bad parent {parent!r}: an initiative belongs to a key result (KR-1) or an objective (O-1)")
