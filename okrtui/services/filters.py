"""Filtering objectives by text, owner and team, as typed in the UI's filter line (``owner:alice sales``)."""

from __future__ import annotations

from dataclasses import dataclass

from okrtui.domain.models import Objective


def same_name(stored: str, wanted: str) -> bool:
    """Whether a stored owner or team is the one asked for: names compare case-insensitively."""
    return stored.lower() == wanted.lower()


def owned_by(objective: Objective, owner: str | None = None, team: str | None = None) -> bool:
    """Whether the objective is of ``owner`` and ``team`` (either left out matches any)."""
    return (not owner or same_name(objective.owner, owner)) and (not team or same_name(objective.team, team))


@dataclass(frozen=True)
class RecordFilter:
    """Words every objective must contain (in title, description, owner or team), and an exact owner / team."""

    words: tuple[str, ...] = ()
    owner: str | None = None
    team: str | None = None

    @classmethod
    def parse(cls, text: str) -> RecordFilter:
        """``owner:alice team:sales cycle`` -> owner alice, team sales, the word ``cycle``."""
        words, owner, team = [], None, None
        for token in text.split():
            key, _, value = token.partition(":")
            if key.lower() == "owner" and value:
                owner = value.lower()
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

    def matches(self, objective: Objective) -> bool:
        """Whether the objective passes the filter."""
        if not owned_by(objective, self.owner, self.team):
            return False
        haystack = " ".join([objective.title, objective.description, objective.owner, objective.team]).lower()
        return all(word in haystack for word in self.words)
