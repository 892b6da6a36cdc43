"""Fixtures of the unit tests that need a real data file (test_cycles_*.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cycles_support import open_ws

from okrtui.services.workspace import Workspace


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the test's data file goes (not created yet)."""
    return tmp_path / "x.json"


@pytest.fixture
def ws(path: Path) -> Workspace:
    """The data file as of 2026-12-31, the last day of 2026-Q4."""
    return open_ws(path, "2026-12-31")
