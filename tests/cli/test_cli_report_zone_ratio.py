"""The report shows a key result's unclamped ratio and its zone (issue 12, item 12): JSON ``ratio`` and ``zone``, CSV
columns ``ratio`` and ``zone``, and in Markdown beside the progress where they say more than it does."""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture
def krs(run) -> dict[str, str]:
    """Sales 0 → 100 (commit 60, stretch 130) at 150: ratio 150 / 100 = 1.5, past the stretch's 1.3: stretch.
    Lead time 59 → 38 at 65: ratio (65 − 59) / (38 − 59) = 6 / −21 = −0.2857: below baseline, no zone.
    Demos 0 → 10 at 5: ratio 0.5, no zone."""
    objective = run.add("objective", "add", "Grow")
    ids = {
        "sales": run.add(
            "kr", "add", objective, "Sales", "--start", "0", "--target", "100", "--commit", "60", "--stretch", "130"
        ),
        "lead": run.add("kr", "add", objective, "Lead time", "--start", "59", "--target", "38"),
        "demos": run.add("kr", "add", objective, "Demos", "--start", "0", "--target", "10"),
    }
    for name, value in (("sales", "150"), ("lead", "65"), ("demos", "5")):
        run.ok("kr", "checkin", ids[name], value, "--date", "2026-11-20")
    return ids


def test_json(run, krs):
    report = run.ok("report", "--format", "json").json
    rows = {kr["id"]: (kr["ratio"], kr["zone"]) for kr in report["objectives"][0]["key_results"]}
    assert rows == {krs["sales"]: (1.5, "stretch"), krs["lead"]: (-0.2857, None), krs["demos"]: (0.5, None)}


def test_csv(run, krs):
    rows = list(csv.DictReader(io.StringIO(run.ok("report", "--format", "csv").out)))
    assert [(row["kr"], row["ratio"], row["zone"]) for row in rows] == [
        (krs["sales"], "1.5", "stretch"),
        (krs["lead"], "-0.2857", ""),
        (krs["demos"], "0.5", ""),
    ]


def test_markdown(run, krs):
    lines = run.ok("report").out.splitlines()

    def progress_cell(kr_id: str) -> str:
        return next(line for line in lines if line.startswith(f"| {kr_id} ")).split(" | ")[3]

    assert progress_cell(krs["sales"]) == "100% (150%, exceeded) · stretch ★"
    assert progress_cell(krs["lead"]) == "0% (−29%, below baseline)"
    assert progress_cell(krs["demos"]) == "50%"
