"""Finding and ordering records as the UI's filter line and tables ask: the filter (``owner:alice sales``), which
records it keeps in each pane, and the orders a table can be sorted in.

Pure functions over one read of the file: no UI, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from okrtui.domain.models import Initiative, KeyResult, Kpi, Objective
    from okrtui.services.views import Dataset

ME = "me"
"""``owner:me``: the person acting."""


def same_name(stored: str, wanted: str) -> bool:
    """Whether a stored owner or team is the one asked for: names compare case-insensitively."""
    return stored.lower() == wanted.lower()


def owned_by(objective: Objective, owner: str | None = None, team: str | None = None) -> bool:
    """Whether the objective is of ``owner`` and ``team`` (either left out matches any)."""
    return (not owner or same_name(objective.owner, owner)) and (not team or same_name(objective.team, team))


@dataclass(frozen=True)
class RecordFilter:
    """Words every record must contain (in its id, title and names), and an exact owner / team."""

    words: tuple[str, ...] = ()
    owner: str | None = None
    team: str | None = None

    @classmethod
    def parse(cls, text: str, actor: str | None = None) -> RecordFilter:
        """``owner:alice team:sales cycle`` -> owner alice, team sales, the word ``cycle``; ``owner:me`` is
        ``actor`` when one is given."""
        words, owner, team = [], None, None
        for token in text.split():
            key, _, value = token.partition(":")
            if key.lower() == "owner" and value:
                owner = (actor if actor and value.lower() == ME else value).lower()
            elif key.lower() == "team" and value:
                team = value.lower()
            else:
                words.append(token.lower())
        return cls(tuple(words), owner, team)

    def __bool__(self) -> bool:
        return bool(self.words or self.owner or self.team)

    def __str__(self) -> str:
        parts = [f"owner:{self.owner}"] if self.owner else []
        parts += [f"team:{self.team}"] if self.team else []
        return " ".join([*parts, *self.words])

    def _has_words(self, *texts: str) -> bool:
        haystack = " ".join(texts).lower()
        return all(word in haystack for word in self.words)

    def matches(self, objective: Objective) -> bool:
        """Whether the objective itself passes the filter (its id, title, description, owner or team)."""
        if not owned_by(objective, self.owner, self.team):
            return False
        return self._has_words(objective.id, objective.title, objective.description, objective.owner, objective.team)

    def matches_kr(self, kr: KeyResult, objective: Objective) -> bool:
        """Whether a key result passes: its id or title has the words; its owner and team are its objective's."""
        return owned_by(objective, self.owner, self.team) and self._has_words(kr.id, kr.title)

    def matches_initiative(self, initiative: Initiative, objective: Objective) -> bool:
        """Whether an initiative passes: its id, title or owner has the words; its owner is its own (its
        objective's when it has none), its team its objective's."""
        owner = initiative.owner or objective.owner
        if (self.owner and not same_name(owner, self.owner)) or not owned_by(objective, team=self.team):
            return False
        return self._has_words(initiative.id, initiative.title, initiative.owner)

    def matches_kpi(self, kpi: Kpi, driven: Iterable[Objective] = ()) -> bool:
        """Whether a KPI passes: its id, key or name has the words, its owner is the one asked for; a team is
        that of an objective whose key result follows it (``driven``)."""
        if self.owner and not same_name(kpi.owner, self.owner):
            return False
        if self.team and not any(owned_by(objective, team=self.team) for objective in driven):
            return False
        return self._has_words(kpi.id, kpi.key, kpi.name)


@dataclass(frozen=True)
class Found:
    """What a filter keeps in each pane: the records that match (``hits``), and those shown beside them. An
    objective is shown when it or one of its key results or initiatives matches; a key result when it, its objective
    or one of its initiatives matches; an initiative when it or a record above it matches."""

    hits: frozenset[str]
    objectives: frozenset[str]
    krs: frozenset[str]
    initiatives: frozenset[str]
    kpis: frozenset[str]

    def shows(self, record_id: str) -> bool:
        """Whether the record is shown in its pane."""
        return any(record_id in shown for shown in (self.objectives, self.krs, self.initiatives, self.kpis))


def find(data: Dataset, record_filter: RecordFilter) -> Found:
    """The records of ``data`` that ``record_filter`` keeps, pane by pane (see :class:`Found`)."""
    hits: set[str] = set()
    objectives, krs, initiatives = set(), set(), set()
    for objective in data.objectives:
        own = record_filter.matches(objective)
        kr_hits = {kr.id for kr in data.krs_of.get(objective.id, []) if record_filter.matches_kr(kr, objective)}
        mine = [i for i in data.initiatives if i.objective == objective.id]
        initiative_hits = {i.id for i in mine if record_filter.matches_initiative(i, objective)}
        hits |= kr_hits | initiative_hits | ({objective.id} if own else set())
        if not (own or kr_hits or initiative_hits):
            continue
        objectives.add(objective.id)
        paths = {i.kr for i in mine if i.id in initiative_hits and i.kr}
        krs |= {kr.id for kr in data.krs_of.get(objective.id, []) if own or kr.id in kr_hits or kr.id in paths}
        initiatives |= {i.id for i in mine if own or i.id in initiative_hits or i.kr in kr_hits}
    kpis = {kpi.id for kpi in data.kpis if record_filter.matches_kpi(kpi, _driven(data, kpi.id))}
    return Found(frozenset(hits | kpis), frozenset(objectives), frozenset(krs), frozenset(initiatives), frozenset(kpis))


def _driven(data: Dataset, kpi_id: str) -> list[Objective]:
    """The objectives with a key result following the KPI."""
    krs = [data.kr_by_id[kr_id] for kr_id in data.krs_driven_by.get(kpi_id, [])]
    return [data.objective_by_id[kr.objective] for kr in krs if kr.objective in data.objective_by_id]


# -- sorting ----------------------------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "krs": ("status", "progress", "owner"),
    "initiatives": ("status", "owner", "due"),
    "kpis": ("health", "key"),
}
"""The columns each table can be sorted by, in the order a key cycles through them (then back to unsorted)."""
KR_STATUS_ORDER = ("off-track", "at-risk", "pending", "on-track", "missed", "achieved", "dropped")
"""Key results by status: the open ones that need attention first, the closed ones last."""
INITIATIVE_STATUS_ORDER = ("blocked", "doing", "todo", "done")
"""Initiatives by status: blocked first (they need help), done last."""
HEALTH_ORDER = ("red", "amber", "stale", "no-data", "green")
"""KPIs by health: the worst first."""

T = TypeVar("T")


def next_sort(pane: str, current: str | None) -> str | None:
    """The sort after ``current`` for a table (``krs``, ``initiatives``, ``kpis``): the next column, then None (the
    stored order), then the first again."""
    columns = SORTS[pane]
    if current not in columns:
        return columns[0]
    index = columns.index(current) + 1
    return columns[index] if index < len(columns) else None


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def _name_key(name: str | None) -> tuple[bool, str]:
    """Names alphabetically, case-insensitively; a blank one last."""
    return (not name, (name or "").casefold())


def _sorted(records: Sequence[T], key: Callable[[T], Any] | None) -> list[T]:
    return sorted(records, key=key) if key is not None else list(records)


def sort_krs(krs: Sequence[T], by: str | None, owner_of: Callable[[T], str] = lambda kr: "") -> list[T]:
    """Key results (``KrView``) by ``status`` (off-track first), ``progress`` (lowest first) or ``owner`` (their
    objective's, by ``owner_of``); None keeps their order. Ties keep their order."""
    keys: dict[str | None, Callable[[Any], Any]] = {
        "status": lambda kr: _rank(KR_STATUS_ORDER, kr.status),
        "progress": lambda kr: kr.progress,
        "owner": lambda kr: _name_key(owner_of(kr)),
    }
    return _sorted(krs, keys.get(by))


def sort_initiatives(initiatives: Sequence[T], by: str | None) -> list[T]:
    """Initiatives (records or views) by ``status`` (blocked first), ``owner`` (alphabetically, none last) or ``due``
    (soonest first, none last); None keeps their order. Ties keep their order."""
    keys: dict[str | None, Callable[[Any], Any]] = {
        "status": lambda item: _rank(INITIATIVE_STATUS_ORDER, item.status),
        "owner": lambda item: _name_key(item.owner),
        "due": lambda item: (item.due is None, str(item.due or "")),
    }
    return _sorted(initiatives, keys.get(by))


def sort_kpis(kpis: Sequence[T], by: str | None, health_of: Callable[[T], str] = lambda kpi: "") -> list[T]:
    """KPIs by ``health`` (red first, by ``health_of``) or ``key`` (alphabetically); None keeps their order."""
    keys: dict[str | None, Callable[[Any], Any]] = {
        "health": lambda kpi: _rank(HEALTH_ORDER, health_of(kpi)),
        "key": lambda kpi: kpi.key.casefold(),
    }
    return _sorted(kpis, keys.get(by))
