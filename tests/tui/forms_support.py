"""Helpers of the form tests (test_forms_*.py): open a form with a key and insist it opened, save and wait.

The forms run against a real data file and every test checks the file afterwards, not only the screen. The demo data
as of 2026-11-22: O-1 (maria) ← O-2 (alice: KR-1 "Average sales cycle" 59 → 38 days, KR-2 follows K-2, KR-3) ← O-3
(bob: KR-4, KR-5); O-1 ← O-4 (dana), O-1 ← O-5 (chen). I-1, I-2 are for KR-1, I-3 for KR-2, I-4..I-6 for O-5. KPIs K-1
mrr .. K-5.
"""

from __future__ import annotations

TODAY = "2026-11-22"
ACTOR = "tester"


async def open_form(pilot, ui, key: str, form_class):
    """Press ``key`` on the main screen and insist the form of ``form_class`` opened."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, form_class), f"{key!r} opened {pilot.app.screen!r}, not a {form_class.__name__}"
    return pilot.app.screen


async def save(pilot, ui) -> None:
    """ctrl+s, then wait for the save and the reload."""
    await pilot.press("ctrl+s")
    await ui.settle(pilot)
