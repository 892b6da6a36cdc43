"""The presentation vocabulary both faces share (okrtui.formatting): marks and colours, the progress cell, a key
result's value text, overdue initiatives."""

from __future__ import annotations

import pytest

from okrtui.formatting import colour, is_overdue, kr_values, mark, progress_cell, value_text
from okrtui.services.view_models import KrView


@pytest.mark.parametrize(
    ("fraction", "width", "text"),
    [
        (1.0, 6, "██████ 100%"),
        (0.71, 6, "████░░  71%"),
        (0.0, 4, "░░░░   0%"),
        (1.3, 4, "████ 130%"),
    ],
)
def test_progress_cell_has_a_space_before_the_number(fraction, width, text):
    assert progress_cell(fraction, width) == text


@pytest.mark.parametrize(
    ("standing", "expected_mark", "expected_colour"),
    [
        ("on-track", "●", "green"),
        ("at-risk", "▲", "yellow"),
        ("off-track", "✖", "red"),
        ("green", "●", "green"),
        ("amber", "▲", "yellow"),
        ("red", "✖", "red"),
        ("stale", "◌", "magenta"),
        ("no-data", "·", "bright_black"),
        ("something else", "", ""),
    ],
)
def test_every_status_and_health_has_one_mark_and_one_colour(standing, expected_mark, expected_colour):
    assert mark(standing) == expected_mark
    assert colour(standing) == expected_colour


@pytest.mark.parametrize(
    ("value", "kind", "unit", "text"),
    [
        (1.0, "milestone", "", "done"),
        (0.0, "milestone", "", "not done"),
        (None, "milestone", "", "–"),
        (44.0, "decrease", "days", "44 days"),
        (9.25, "at-least", "%", "9.25%"),
        (182000, "increase", "$", "$182,000"),
    ],
)
def test_value_text_with_the_milestone_branch(value, kind, unit, text):
    assert value_text(value, kind, unit) == text


def milestone(current: float) -> KrView:
    return KrView(
        "KR-1", "O-1", "Ship", "milestone", 0, 1, current, "", 1, current, 0.5, "on-track", False, False, None, None, ()
    )


def test_kr_values_of_a_milestone_view_uses_the_same_words():
    assert kr_values(milestone(1)) == "done"
    assert kr_values(milestone(0)) == "not done"


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        ("2026-11-21", "doing", True),
        ("2026-11-21", "todo", True),
        ("2026-11-21", "done", False),
        ("2026-11-22", "doing", False),
        ("2026-12-01", "blocked", False),
        (None, "doing", False),
    ],
)
def test_an_initiative_is_overdue_past_its_due_date_unless_done(due, status, overdue):
    assert is_overdue(due, status, "2026-11-22") is overdue
