"""Benchmark the terminal UI on the realistic dataset and hold its budgets.

    python bench/bench_tui.py [--runs 5]

- start to first paint: the installed ``okrtui`` in a pseudo-terminal (100×30) until the objectives pane is drawn;
- key to frame while moving through objectives, key results and KPIs at 100×30 (p90), in-process with Pilot;
- both again at 80×24 and 200×50, reported (the budgets are held at 100×30, the realistic size);
- opening the chart of a KPI with 1,100 measurements;
- peak RSS of the real app process.
A figure over its budget is measured once more (with everything else) and is over only when it is over both times:
the machine's noise moves the chart's time by tens of milliseconds. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset
from pty_run import time_until_shown

BUDGETS = {"start to first paint": 1.5, "key to frame p90": 0.033, "open KPI chart": 0.150, "peak RSS": 250 * 2**20}
FIRST_PAINT_MARK = b"Objectives"


REALISTIC = (100, 30)
OTHER_SIZES = ((80, 24), (200, 50))
"""Sizes the first paint and key-to-frame figures are reported at too."""


def first_paint(data_file: Path, size: tuple[int, int] = REALISTIC) -> tuple[float, int]:
    """Seconds from spawning ``okrtui`` in a pty of ``size`` until the objectives pane is drawn, and the peak RSS."""
    painted, rss = time_until_shown(data_file, (FIRST_PAINT_MARK, b"KPIs"), timeout=20, settle=0.3, size=size)
    if painted is None:
        sys.exit("bench: okrtui never painted its objectives pane")
    return painted, rss


async def in_process(data_file: Path, size: tuple[int, int] = REALISTIC, chart: bool = True) -> dict[str, float]:
    """Key-to-frame times while moving through the panes at ``size``, and (``chart``) the time to open a KPI chart."""
    from textual.screen import Screen

    from okrtui.services.workspace import Workspace
    from okrtui.tui.app import OkrApp
    from okrtui.tui.screens.kpi_details import KpiDetails

    frames: list[float] = []
    """When each compositor refresh (a frame written to the terminal) finished."""
    chart_frames: list[float] = []
    """When each frame of a KPI details screen finished."""
    original_refresh = Screen._compositor_refresh

    def recording_refresh(screen: Screen) -> None:
        original_refresh(screen)
        frames.append(time.perf_counter())
        if isinstance(screen, KpiDetails) and screen is screen.app.screen:
            chart_frames.append(time.perf_counter())

    Screen._compositor_refresh = recording_refresh  # type: ignore[method-assign]
    app = OkrApp(Workspace.open(data_file, actor="bench", today=dataset.TODAY), watch=False)
    timings: list[float] = []
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        settled: list[float] = []

        async def timed_press(key: str) -> float:
            """From the key to the first frame painted after it (Pilot's own waiting is not counted); the time to
            the last frame its handling produced (a scrollbar appearing, say) is kept as ``settled``."""
            frames.clear()
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            ended = time.perf_counter()
            settled.append((frames[-1] if frames else ended) - started)
            return (frames[0] if frames else ended) - started

        for pane, presses in (("1", 40), ("2", 20), ("4", 40)):
            await pilot.press(pane)
            for index in range(presses):
                timings.append(await timed_press("down" if index % 10 < 7 else "up"))
        await pilot.press("4")
        chart_times = []
        for _ in range(5 if chart else 0):
            chart_frames.clear()
            started = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, KpiDetails) and chart_frames, app.screen
            chart_times.append(chart_frames[0] - started)  # the first frame that shows the chart screen
            await pilot.press("escape")
            await pilot.pause()
    timings.sort()
    settled.sort()
    figures = {
        "key to frame p50": timings[len(timings) // 2],
        "key to frame p90": timings[int(len(timings) * 0.9)],
        "key to settled p90": settled[int(len(settled) * 0.9)],
    }
    if chart:
        figures["open KPI chart"] = statistics.median(chart_times)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="okrtui-bench-tui-"))
    data_file = work / "data.json"
    dataset.build(data_file)
    figures = measure(data_file, args.runs)
    missed = over_budget(figures)
    twice: dict[str, float] = {}
    if missed:  # a shared machine's noise: measured once more, over only when over both times (as bench_big)
        again = measure(data_file, args.runs)
        twice = {name: again[name] for name in missed}
        missed = [name for name in missed if name in over_budget(again)]
    print(f"{'figure':<28}{'value':>10}{'budget':>10}  verdict")
    for name, value in figures.items():
        if name == "peak RSS":
            continue
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else ("OVER BUDGET" if name in missed else "ok")
        if name in twice:
            verdict += f" (measured again: {twice[name] * 1000:.1f}ms)"
        shown_budget = f"{budget * 1000:.0f}ms" if budget else ""
        print(f"{name:<28}{value * 1000:>8.1f}ms{shown_budget:>10}  {verdict}")
    peak = figures["peak RSS"]
    verdict = "OVER BUDGET" if "peak RSS" in missed else "ok"
    if "peak RSS" in twice:
        verdict += f" (measured again: {twice['peak RSS'] / 2**20:.1f}MiB)"
    print(f"{'peak RSS':<28}{peak / 2**20:>7.1f}MiB{BUDGETS['peak RSS'] / 2**20:>7.0f}MiB  {verdict}")
    if missed:
        print(f"\nbudgets missed: {', '.join(missed)}")
        return 1
    print("\nall budgets held")
    return 0


def measure(data_file: Path, runs: int) -> dict[str, float]:
    """Every figure once: the held ones at 100×30, the others reported at 80×24 and 200×50, and the peak RSS."""
    paints, peaks = zip(*(first_paint(data_file) for _ in range(runs)), strict=True)
    in_process_runs = [asyncio.run(in_process(data_file)) for _ in range(3)]  # the median of three runs
    figures = {
        "start to first paint": statistics.median(paints),
        **{name: statistics.median(run[name] for run in in_process_runs) for name in in_process_runs[0]},
    }
    for columns, rows in OTHER_SIZES:  # reported, not held: the budgets are for the realistic size
        label = f"{columns}x{rows}"
        figures[f"first paint {label}"] = statistics.median(
            first_paint(data_file, (columns, rows))[0] for _ in range(3)
        )
        figures[f"key to frame p90 {label}"] = asyncio.run(in_process(data_file, (columns, rows), chart=False))[
            "key to frame p90"
        ]
    figures["peak RSS"] = max(peaks)
    return figures


def over_budget(figures: dict[str, float]) -> list[str]:
    """The held figures over their budgets."""
    return [name for name, budget in BUDGETS.items() if figures[name] > budget]


if __name__ == "__main__":
    sys.exit(main())
