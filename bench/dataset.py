"""Build the realistic dataset the benchmarks use, through the public services.

50 objectives, 250 key results with 12 check-ins each, and 100 KPIs × 1,100 daily values (110,000 measurements).
Built in one transaction so building takes seconds; every record passes the same validation as user input.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from okrtui.services import checkins, kpis, measurements, okrs
from okrtui.services.workspace import Workspace

TODAY = date(2026, 11, 22)
OBJECTIVES = 50
KRS_PER_OBJECTIVE = 5
CHECKINS_PER_KR = 12
KPIS = 100
DAYS = 1100


def kpi_rows(rng: random.Random, today: date = TODAY) -> list[tuple[int, str, str, float]]:
    """(row, kpi key, date, value) for every KPI and day: the import the benchmark times."""
    rows = []
    for index in range(KPIS):
        level = rng.uniform(100, 100_000)
        for offset in range(DAYS):
            day = today - timedelta(days=DAYS - 1 - offset)
            level *= 1 + rng.gauss(0.0005, 0.01)
            rows.append((len(rows) + 1, f"kpi-{index:03d}", day.isoformat(), round(level, 2)))
    return rows


def build(path: Path, *, with_history: bool = True) -> Workspace:
    """Write the dataset to ``path`` (which must not exist yet)."""
    rng = random.Random(7)
    ws = Workspace.open(path, actor="bench", today=TODAY)
    with ws.repo.transaction():
        for index in range(KPIS):
            kpis.add_kpi(
                ws,
                f"KPI {index:03d}",
                key=f"kpi-{index:03d}",
                target=50_000,
                warn=30_000,
                frequency="daily",
                unit="$" if index % 3 == 0 else "",
            )
        parents: list[str] = []
        for index in range(OBJECTIVES):
            parent = rng.choice(parents) if parents and index % 3 else None
            objective = okrs.add_objective(
                ws,
                f"Objective {index:02d} for the realistic dataset",
                team=f"team-{index % 7}",
                owner=f"owner-{index % 11}",
                parent=parent,
            )
            parents.append(objective.id)
            for kr_index in range(KRS_PER_OBJECTIVE):
                kr = okrs.add_kr(
                    ws,
                    objective.id,
                    f"Key result {kr_index} of {objective.id}",
                    start=0,
                    target=100 + kr_index,
                    unit="pts",
                    weight=1 + kr_index % 2,
                )
                for step in range(CHECKINS_PER_KR):
                    day = date(2026, 10, 1) + timedelta(days=4 * step)
                    checkins.checkin(
                        ws,
                        kr.id,
                        round(step * rng.uniform(3, 9), 1),
                        confidence=rng.randint(3, 10),
                        note=f"check-in {step}",
                        day=day.isoformat(),
                    )
        if with_history:
            measurements.import_rows(ws, kpi_rows(rng))
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the data file to write (replaced if it exists)")
    path = parser.parse_args().path
    build(path)
    print(path)


if __name__ == "__main__":
    main()
