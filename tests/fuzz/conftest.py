"""Fixtures of the fuzz tests: a deterministic Hypothesis profile and a fresh copy of a known data file per example.

Profiles (pick one with ``HYPOTHESIS_PROFILE``):

- ``okrtui-fuzz`` (default): derandomized, no example database, a few dozen examples per test: the same inputs on
  every run, so CI is reproducible and the folder runs in well under a minute;
- ``okrtui-fuzz-long``: random and ten times the examples, for a deeper local hunt
  (``HYPOTHESIS_PROFILE=okrtui-fuzz-long pytest tests/fuzz``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import Cli
from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
    "print_blob": True,
}
settings.register_profile("okrtui-fuzz", max_examples=50, derandomize=True, **_COMMON)
settings.register_profile("okrtui-fuzz-long", max_examples=400, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "okrtui-fuzz"))


def _seed(run: Cli) -> None:
    """The known data file every example starts from (2026-Q4, today 2026-11-22)."""
    assert (
        run.ok(
            "objective", "add", "Grow revenue", "--owner", "alice", "--team", "sales", "--description", "Why it matters"
        ).out.strip()
        == "O-1"
    )
    assert (
        run.ok("kr", "add", "O-1", "Sign-ups", "--start", "0", "--target", "100", "--unit", "%").out.strip() == "KR-1"
    )
    run.ok("kr", "checkin", "KR-1", "40", "--date", "2026-11-01", "--note", "first", "--confidence", "on-track")
    assert run.ok("kr", "add", "O-1", "Launch", "--milestone").out.strip() == "KR-2"
    assert run.ok("kr", "add", "O-1", "Uptime", "--at-least", "99.5", "--unit", "%").out.strip() == "KR-3"
    assert run.ok("initiative", "add", "KR-1", "Webinars", "--due", "2026-12-01").out.strip() == "I-1"
    assert run.ok("objective", "add", "Ship faster", "--owner", "bob", "--team", "eng").out.strip() == "O-2"
    assert run.ok("objective", "add", "Faster sales cycle", "--parent", "O-1").out.strip() == "O-3"
    assert (
        run.ok(
            "kpi",
            "add",
            "Monthly recurring revenue",
            "--key",
            "mrr",
            "--target",
            "200000",
            "--warn",
            "150000",
            "--unit",
            "$",
        ).out.strip()
        == "K-1"
    )
    run.ok("kpi", "record", "mrr", "150000", "--date", "2026-11-01")
    assert (
        run.ok("kpi", "add", "Churn", "--target", "2", "--warn", "3", "--direction", "down", "--unit", "%").out.strip()
        == "K-2"
    )


@pytest.fixture(scope="session")
def base_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of the known data file, made once per session through the CLI itself."""
    db = tmp_path_factory.mktemp("fuzz-base") / "okrtui.json"
    _seed(Cli(db))
    return db.read_bytes()


class Sandbox:
    """Hands out a fresh data file per Hypothesis example (a new folder, the base bytes copied in)."""

    def __init__(self, root: Path, base: bytes) -> None:
        self.root = root
        self.base = base
        self._numbers = itertools.count(1)

    def fresh(self, *, today: str | None = "2026-11-22", missing: bool = False) -> tuple[Cli, bytes | None]:
        """A CLI on a new copy of the base file (no file at all when ``missing``), and the file's bytes before."""
        folder = self.root / f"ex{next(self._numbers)}"
        folder.mkdir()
        db = folder / "okrtui.json"
        if missing:
            return Cli(db, today=today), None
        db.write_bytes(self.base)
        return Cli(db, today=today), self.base


@pytest.fixture
def sandbox(tmp_path: Path, base_bytes: bytes) -> Iterator[Sandbox]:
    """``sandbox.fresh() -> (cli, bytes_before)``: call it inside the test body, once per example."""
    yield Sandbox(tmp_path, base_bytes)
