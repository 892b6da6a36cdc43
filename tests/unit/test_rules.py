"""Rules decided once and called everywhere: what needs attention, what fails ``status --check``, which objectives
are open, whose objective it is, the vocabulary tuples."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain import vocab
from okrtui.domain.models import Objective
from okrtui.domain.scoring import is_alarm, needs_attention
from okrtui.services.filters import owned_by, same_name


@pytest.mark.parametrize(
    ("standing", "attention", "alarm"),
    [
        ("pending", False, False),
        ("on-track", False, False),
        ("at-risk", True, False),
        ("off-track", True, True),
        ("green", False, False),
        ("amber", False, False),
        ("red", True, True),
        ("stale", True, True),
        ("no-data", False, False),
    ],
)
def test_attention_and_alarm_for_every_status_and_health(standing, attention, alarm):
    assert needs_attention(standing) is attention
    assert is_alarm(standing) is alarm


def test_vocabulary_tuples_are_the_literals_in_order():
    assert vocab.LEVELS == ("company", "team", "personal")
    assert vocab.OBJECTIVE_STATES == ("draft", "active", "closed", "cancelled")
    assert vocab.KR_KINDS == ("increase", "decrease", "at-least", "at-most", "range", "milestone")
    assert vocab.STATUSES == ("pending", "on-track", "at-risk", "off-track")
    assert vocab.HEALTHS == ("green", "amber", "red", "stale", "no-data")
    assert vocab.CADENCES == ("weekly", "biweekly", "monthly")


def objective(owner: str, team: str) -> Objective:
    return Objective(id="O-1", title="Grow", period="2026-Q4", owner=owner, team=team, created=date(2026, 10, 1))


@pytest.mark.parametrize(
    ("owner", "team", "expected"),
    [
        ("alice", None, True),
        ("ALICE", None, True),
        ("alic", None, False),
        (None, "sales", True),
        (None, "Sales", True),
        ("alice", "marketing", False),
        (None, None, True),
    ],
)
def test_owned_by_compares_owner_and_team_case_insensitively(owner, team, expected):
    assert owned_by(objective("Alice", "SALES"), owner, team) is expected


def test_same_name_ignores_case_only():
    assert same_name("Ana", "ana")
    assert not same_name("Ana", "Ana ")
