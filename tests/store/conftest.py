"""Fixtures for the storage tests: a data file path in tmp_path and fresh workspaces on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import TODAY

from okrtui.services.workspace import Workspace


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the data file goes (not created yet)."""
    return tmp_path / "data" / "okrtui.json"


@pytest.fixture
def open_ws(db: Path):
    """Open a fresh Workspace on ``db`` (every call a new object, as a new session would)."""

    def opener(actor: str = "tester", **options) -> Workspace:
        return Workspace.open(db, actor=actor, today=TODAY, **options)

    return opener
