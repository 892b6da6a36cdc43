"""The terminal UI opened read-only (``okrtui --read-only``, for viewers): the header says so, every form's save is
refused with a clear message, and the data file is never written: not its bytes, not its mtime, not its folder.
The keys that would open a form refuse at once (test_unavailable.py); a form opened anyway (pushed here directly)
still refuses its save.

The demo data as of 2026-11-22: O-2 holds KR-1 "Average sales cycle"; K-3 is churn; see forms_support.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp
from okrtui.tui.modals.forms import CheckInForm, KpiForm, ObjectiveForm, RecordForm

TODAY = "2026-11-22"
ACTOR = "viewer"


def read_only_app(path: Path) -> OkrApp:
    return OkrApp(Workspace.open(path, actor=ACTOR, today=TODAY, read_only=True), watch=False)


def untouched(path: Path) -> tuple[bytes, int, int, list[tuple[str, int, int]]]:
    """The file's bytes, mtime and inode, and every entry of its folder with its mtime and size."""
    status = path.stat()
    entries = [
        (str(entry.relative_to(path.parent)), entry.stat().st_mtime_ns, entry.stat().st_size)
        for entry in sorted(path.parent.rglob("*"))
    ]
    return path.read_bytes(), status.st_mtime_ns, status.st_ino, entries


REFUSAL = "This session is read-only (--read-only): nothing can be saved here."


def assert_refused(pilot, ui, form_class, typed: dict[str, str], path: Path) -> None:
    """The form is still open with what was typed, says why under it, and a Read-only toast names the file."""
    app = pilot.app
    assert isinstance(app.screen, form_class), f"the form stays open, not {app.screen!r}"
    assert ui.error(pilot, "form") == REFUSAL
    assert {name: ui.field(pilot, name) for name in typed} == typed, "what was typed is kept"
    toasts = [(n.title, n.message) for n in ui.notifications(app)]
    assert ("Read-only", f"{path} is open read-only: nothing was changed") in toasts, toasts
    assert not [message for _, message in toasts if message.startswith("Saved")]


async def test_the_header_says_read_only(demo_file, ui):
    app = read_only_app(demo_file)
    async with app.run_test(size=(80, 24)) as pilot:  # an SSH terminal's default size: still said
        await ui.settle(pilot)
        header = ui.screen_text(app)[0]
        assert "read-only" in header, header
        assert "O-2" in ui.tree_ids(app), "the data is shown"


async def test_the_header_of_a_normal_session_does_not_say_read_only(demo_file, app_for, ui):
    app = app_for(demo_file)
    async with app.run_test(size=(160, 36)) as pilot:
        await ui.settle(pilot)
        assert "read-only" not in ui.screen_text(app)[0]


async def test_a_check_in_through_the_form_is_refused_and_the_file_never_written(demo_file, ui):
    before = untouched(demo_file)
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        app.push_screen(CheckInForm("KR-1"))
        await pilot.pause()
        assert isinstance(app.screen, CheckInForm)
        await ui.type_into(pilot, "value", "44")
        await ui.fill(pilot, "note", "typed by a viewer")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert_refused(pilot, ui, CheckInForm, {"value": "44", "note": "typed by a viewer"}, demo_file)
    assert untouched(demo_file) == before


FORMS = [
    pytest.param(lambda: RecordForm("K-3"), RecordForm, {"value": "2.4"}, id="record a KPI value"),
    pytest.param(lambda: ObjectiveForm(None), ObjectiveForm, {"title": "Viewers can't add it"}, id="add an objective"),
    pytest.param(lambda: KpiForm("K-1"), KpiForm, {"target": "250000"}, id="edit a KPI"),
]


@pytest.mark.parametrize(("make_form", "form_class", "values"), FORMS)
async def test_other_forms_are_refused_too(demo_file, ui, make_form, form_class, values):
    before = untouched(demo_file)
    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        app.push_screen(make_form())
        await pilot.pause()
        assert isinstance(app.screen, form_class)
        for name, text in values.items():
            await ui.fill(pilot, name, text)
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert_refused(pilot, ui, form_class, values, demo_file)
    assert untouched(demo_file) == before


async def test_a_read_only_session_still_shows_what_others_write(demo_file, ui, other_ws):
    from okrtui.services import checkins

    app = read_only_app(demo_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await ui.settle(pilot)
        await ui.goto(pilot, "objectives", "O-2")
        checkins.checkin(other_ws(demo_file), "KR-1", "41", note="from a writer")
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert await ui.wait_until(pilot, lambda: "→ 41 →" in ui.row_text(app, "krs", "KR-1")), ui.row_text(
            app, "krs", "KR-1"
        )
