"""The benchmark scripts are tools people run by hand too: asking one for help prints its usage and changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


SCRIPTS = ["dataset.py", "bench_cli.py", "bench_tui.py", "bench_big.py", "bench_concurrency.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_usage_and_writes_nothing(tmp_path: Path, script: str):
    completed = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("usage:"), completed.stdout
    assert list(tmp_path.iterdir()) == []


def test_dataset_builds_the_named_file(tmp_path: Path):
    target = tmp_path / "data.json"
    completed = subprocess.run(
        [sys.executable, str(BENCH / "dataset.py"), str(target)], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(target)
    assert target.stat().st_size > 3_000_000
