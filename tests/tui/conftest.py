"""Fixtures for the Pilot tests of the terminal UI: a real data file in tmp_path and the app on it.

Every test drives ``OkrApp`` through ``app.run_test()`` against a real JSON data file (no mocks) and checks the file
itself afterwards. ``ui`` bundles the small helpers the tests share: waiting for the app's thread workers, polling the
screen for a change with a bounded loop, typing into a form field, reading the data file back.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp

TODAY = "2026-11-22"
"""The day every test takes as today: the demo data's current quarter is 2026-Q4."""

ACTOR = "tester"
"""Who acts in the app (the author of its check-ins and changes)."""

OKRTUI_ENV = ("OKRTUI_DB", "OKRTUI_USER", "OKRTUI_TODAY", "OKRTUI_READ_ONLY", "OKRTUI_DEBUG", "OKRTUI_LOCK_TIMEOUT")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No OKRTUI_* variable of the developer's shell changes what the app does, nor its TERM: the app draws in full
    colour unless a test asks for 16 (the app takes the terminal's own 16 colours when it has no more, so TERM=xterm
    would otherwise change every test's colours and snapshots)."""
    from textual import constants

    for name in OKRTUI_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "truecolor")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The folder of the data file (created)."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def demo_file(data_dir: Path) -> Path:
    """A data file filled with the demo data as of TODAY (objectives O-1..O-7, O-7 of the year 2026; key results
    KR-1..KR-16; I-1..I-6; K-1..K-5)."""
    path = data_dir / "okrtui.json"
    load_demo(Workspace.open(path, actor=ACTOR, today=TODAY))
    return path


@pytest.fixture
def empty_file(data_dir: Path) -> Path:
    """A data file that exists and holds no records (what ``okrtui init`` writes)."""
    path = data_dir / "okrtui.json"
    ws = Workspace.open(path, actor=ACTOR, today=TODAY)
    with ws.repo.transaction():
        ws.repo.initialise()
    assert path.exists()
    return path


@pytest.fixture
def other_ws() -> Callable[..., Workspace]:
    """``other_ws(path, actor="bob")``: a second session on the same file, as another person would open it."""

    def opener(path: Path, actor: str = "bob") -> Workspace:
        return Workspace.open(path, actor=actor, today=TODAY)

    return opener


@pytest.fixture
def app_for() -> Callable[..., OkrApp]:
    """``app_for(path, watch=False)``: the app on ``path`` acting as ``tester`` on TODAY.

    The Workspace is created when this is called, so a test can set OKRTUI_LOCK_TIMEOUT before.
    """

    def make(path: Path, watch: bool = False) -> OkrApp:
        return OkrApp(Workspace.open(path, actor=ACTOR, today=TODAY), watch=watch)

    return make


@pytest.fixture
def cli_command() -> Callable[..., list[str]]:
    """``cli_command(path, *args)``: the argv of the installed ``okrtui`` console script on ``path``."""
    script = Path(sys.executable).parent / "okrtui"
    if not script.exists():
        pytest.skip(f"the okrtui console script is not installed beside {sys.executable}")

    def argv(path: Path, *args: str) -> list[str]:
        return [str(script), "--db", str(path), "--today", TODAY, *args]

    return argv


@pytest.fixture
def cli_env() -> dict[str, str]:
    """The environment for a CLI subprocess: the test's, without OKRTUI_* settings."""
    return {name: value for name, value in os.environ.items() if name not in OKRTUI_ENV}


class Ui:
    """Helpers for driving the app with a Pilot."""

    @staticmethod
    async def settle(pilot: Pilot) -> None:
        """Wait until no thread worker (load, save) is left running and the messages they posted are handled."""
        app = pilot.app
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not any(not worker.is_finished for worker in app.workers if worker.group in ("load", "save")):
                break
        await pilot.pause()  # the panes that follow the cursor redraw in the same frame (MainScreen._objective_moved)

    @staticmethod
    async def wait_until(pilot: Pilot, condition: Callable[[], Any], timeout: float = 5.0) -> bool:
        """Poll ``condition`` every 0.1 s, at most ``timeout`` seconds; whether it came true."""
        for _ in range(int(timeout / 0.1)):
            if condition():
                return True
            await pilot.pause(0.1)
        return bool(condition())

    @staticmethod
    async def type_into(pilot: Pilot, name: str, text: str) -> None:
        """Focus the form field ``#field-NAME``, empty it and type ``text`` key by key."""
        field: Any = pilot.app.screen.query_one(f"#field-{name}")  # an Input or a TextField (.value)
        field.focus()
        await pilot.pause()
        field.value = ""
        if text:
            await pilot.press(*text)
        await pilot.pause()
        assert field.value == text, (name, field.value, text)

    @staticmethod
    async def fill(pilot: Pilot, name: str, text: str) -> None:
        """Put ``text`` into the form field ``#field-NAME`` by assigning its value (quicker than typing long text)."""
        field: Any = pilot.app.screen.query_one(f"#field-{name}")  # an Input or a TextField (.value)
        field.value = text
        await pilot.pause()

    @staticmethod
    async def choose(pilot: Pilot, name: str, value: str) -> None:
        """Pick ``value`` in the Select ``#field-NAME``."""
        select = pilot.app.screen.query_one(f"#field-{name}", Select)
        select.value = value
        await pilot.pause()

    @staticmethod
    def field(pilot: Pilot, name: str) -> str:
        """What is in the form field ``#field-NAME`` now."""
        widget = pilot.app.screen.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return widget.value

    @staticmethod
    def error(pilot: Pilot, name: str) -> str | None:
        """The text of the error beside field NAME (``form`` for the form's own error), None while it is hidden."""
        widget = pilot.app.screen.query_one("#form-error" if name == "form" else f"#error-{name}")
        return str(widget.render()) if widget.display else None

    @staticmethod
    def read(path: Path) -> dict:
        """The data file parsed as JSON."""
        return json.loads(path.read_bytes())

    @staticmethod
    def record(path: Path, record_id: str) -> dict | None:
        """One stored record by id (``O-2``, ``KR-1``, ``I-3``, ``K-1``), None when it is not in the file."""
        table = {"O": "objectives", "KR": "key_results", "I": "initiatives", "K": "kpis"}[record_id.split("-")[0]]
        return Ui.read(path).get(table, {}).get(record_id.split("-")[1])

    @staticmethod
    def ids(path: Path, table: str) -> list[str]:
        """The ids stored in one table (``objectives``, ``key_results``, ``initiatives``, ``kpis``), sorted."""
        return sorted(doc["id"] for doc in Ui.read(path).get(table, {}).values())

    @staticmethod
    def tree_ids(app: OkrApp) -> list[str]:
        """The objective ids shown in the objectives tree, depth first."""
        found: list[str] = []

        def walk(node: Any) -> None:
            for child in node.children:
                if child.data is not None:
                    found.append(child.data)
                walk(child)

        walk(app.screen.query_one("#objectives").root)
        return found

    @staticmethod
    def tree_labels(app: OkrApp) -> list[str]:
        """The plain text of every row of the objectives tree, depth first."""
        found: list[str] = []

        def walk(node: Any) -> None:
            for child in node.children:
                found.append(str(child.label))
                walk(child)

        walk(app.screen.query_one("#objectives").root)
        return found

    @staticmethod
    def row_ids(app: OkrApp, pane: str) -> list[str]:
        """The record ids (row keys) of a table pane, in order."""
        table = app.screen.query_one(f"#{pane}")
        return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]

    @staticmethod
    def row_text(app: OkrApp, pane: str, record_id: str) -> str:
        """The cells of one row of a table pane joined as plain text: every column's, those a narrow pane leaves
        out too (what is on screen: ``screen_text``)."""
        table = app.screen.query_one(f"#{pane}")
        if hasattr(table, "record_cells"):
            return " | ".join(str(cell) for cell in table.record_cells(record_id).values())
        return " | ".join(str(cell) for cell in table.get_row(record_id))

    @staticmethod
    async def goto(pilot: Pilot, pane: str, record_id: str) -> None:
        """Focus a pane with its number key and move the cursor with j until ``record_id`` is under it."""
        number = {"objectives": "1", "krs": "2", "initiatives": "3", "kpis": "4"}[pane]
        await pilot.press(number)
        await pilot.pause()
        widget = pilot.app.screen.query_one(f"#{pane}")
        assert pilot.app.focused is widget, f"key {number} did not focus #{pane}"
        for _ in range(30):
            if widget.selected_id == record_id:
                break
            await pilot.press("j")
            await pilot.pause()
        assert widget.selected_id == record_id, f"{record_id} not reachable with j in #{pane}"

    @staticmethod
    def screen_text(app: OkrApp) -> list[str]:
        """The screen as lines of plain text (read back from the app's SVG screenshot)."""
        lines: dict[float, list[str]] = {}
        for y, text in re.findall(r'<text [^>]*?y="([0-9.]+)"[^>]*>([^<]*)</text>', app.export_screenshot()):
            lines.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
        return ["".join(parts) for _, parts in sorted(lines.items())]

    @staticmethod
    def notifications(app: OkrApp) -> list[Any]:
        """The notifications the app has shown (still on screen)."""
        return list(app._notifications)


@pytest.fixture
def ui() -> type[Ui]:
    """The Pilot helpers (see :class:`Ui`)."""
    return Ui
