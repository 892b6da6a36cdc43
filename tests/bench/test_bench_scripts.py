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


def test_the_big_dataset_is_a_healthy_file(tmp_path: Path):
    """bench_big writes the file directly (a million measurements): `okrtui doctor` must find it healthy (exit 0), or
    the benchmark's doctor figure stops the run. It once carried the commit point of a journal it didn't bring along."""
    target = tmp_path / "data.json"
    build = (
        f"import sys, pathlib; sys.path.insert(0, {str(BENCH)!r}); import bench_big; "
        f"bench_big.build(pathlib.Path({str(target)!r}))"
    )
    built = subprocess.run([sys.executable, "-c", build], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    okrtui = Path(sys.executable).with_name("okrtui")
    doctor = subprocess.run(
        [str(okrtui), "--db", str(target), "--today", "2026-11-22", "doctor"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "is healthy" in doctor.stdout
