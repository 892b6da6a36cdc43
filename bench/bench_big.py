"""Benchmark okrtui on a big file (1,000,000 KPI measurements) against floors measured in the same run.

    python bench/bench_big.py [--runs 3] [--json results.json]

The file: the realistic dataset's objectives and key results (some following a KPI) and 1,000 daily KPIs × 1,000 days,
written directly in the shape the app writes (sorted keys, 2-space indent), so it is built in seconds. Floors: a
subprocess that only parses the file with orjson (time and peak RSS), and one that parses, dumps, writes a temp file,
fsyncs and renames it. Each run of a command is paired with a floor run right before it, so a shared machine's
changing load hits both, and a command's ratio is the median of its runs' ratios to their floors. Budgets, each a ratio
to its floor: every read command <= 2 × the parse floor, every write <= 1.2 × the rewrite floor, peak RSS of every
command <= 1.5 × the parse floor's, and the UI shows data (the KPIs pane filled) <= 3 s after it starts.

On a shared machine one command's ratio moves by ±0.3 × from one measurement to the next, so a command whose ratio is
over its budget is measured once more, with as many fresh runs, and is over only when it is over both times (the
report says which were measured twice). Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset
from bench_cli import okrtui_command
from pty_run import time_until_shown

from okrtui.store.storage import dump_bytes

KPIS, DAYS = 1000, 1000
"""1,000,000 measurements: a large organisation's few years of daily KPIs."""
LINKED_KRS = 50
"""Key results that follow a KPI (the first key result of each objective)."""
READ_RATIO, WRITE_RATIO, RSS_RATIO, UI_SECONDS = 2.0, 1.2, 1.5, 3.0

PARSE_FLOOR = "import orjson, sys\nwith open(sys.argv[1], 'rb') as f:\n    orjson.loads(f.read())\n"
REWRITE_FLOOR = """
import orjson, os, sys, tempfile
path = sys.argv[1]
with open(path, 'rb') as f:
    data = orjson.loads(f.read())
fd, temp = tempfile.mkstemp(dir=os.path.dirname(path))
with os.fdopen(fd, 'wb') as f:
    f.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\\n")
    f.flush()
    os.fsync(f.fileno())
os.replace(temp, path)
"""

READS = {
    "status": ["status"],
    "status --json": ["status", "--json"],
    "status --check": ["status", "--check"],
    "kpi show": ["kpi", "show", "kpi-0500"],
    "kpi show --json": ["kpi", "show", "kpi-0500", "--json"],
    "kpi list": ["kpi", "list"],
    "kpi list --json": ["kpi", "list", "--json"],
    "objective list": ["objective", "list"],
    "objective show": ["objective", "show", "O-1"],
    "kr show": ["kr", "show", "KR-1"],
    "report": ["report"],
    "due": ["due"],
    "scorecard": ["scorecard"],
    "doctor": ["doctor"],
}
"""Every read command, as run by a person or a script (exit 3 of ``status --check`` is an answer, not a failure)."""


def timed(command: list[str], env: dict[str, str], ok_codes: tuple[int, ...]) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one run; an unexpected exit code stops the benchmark."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        sys.exit(f"bench: {' '.join(command)} exited {code}: {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss * 1024


def median_of(runs: int, make_command, env: dict[str, str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Median seconds and the highest peak RSS over ``runs`` runs."""
    results = [timed(make_command(index), env, ok_codes) for index in range(runs)]
    return statistics.median(seconds for seconds, _ in results), max(rss for _, rss in results)


def build(path: Path) -> None:
    """The realistic dataset's OKRs through the services, then 1,000 KPIs × 1,000 daily values written directly."""
    small = path.with_name("okrs-only.json")
    dataset.build(small, with_history=False)
    data = json.loads(small.read_bytes())
    small.unlink()
    small.with_name(small.name + ".journal").unlink()  # the big file is written directly: it starts without a history
    del data["meta"]["1"]["journal"]
    template = data["kpis"]["1"]
    rng = random.Random(13)
    days = [(dataset.TODAY - timedelta(days=DAYS - 1 - offset)).isoformat() for offset in range(DAYS)]
    kpis = {}
    for number in range(1, KPIS + 1):
        level, history = rng.uniform(100, 100_000), {}
        for day in days:
            level *= 1 + rng.gauss(0.0005, 0.01)
            history[day] = round(level, 2)
        kpis[str(number)] = {
            **template,
            "id": f"K-{number}",
            "key": f"kpi-{number:04d}",
            "name": f"KPI {number:04d}",
            "history": history,
        }
    data["kpis"] = kpis
    data["meta"]["1"]["counters"]["K"] = KPIS
    for index, kr in enumerate(sorted(data["key_results"].values(), key=lambda kr: int(kr["id"][3:]))):
        if index % dataset.KRS_PER_OBJECTIVE == 0 and index // dataset.KRS_PER_OBJECTIVE < LINKED_KRS:
            kr["kpi"] = f"K-{index + 1}"
    path.write_bytes(dump_bytes(data))


def ui_shows_data(data_file: Path) -> tuple[float, int]:
    """Seconds from spawning ``okrtui`` in a 100×30 pty until the KPIs pane shows the first KPI, and its peak RSS.

    It then runs 1.5 s more: the file watcher runs a few times and must not start loads that eat memory."""
    shown, rss = time_until_shown(data_file, (b"kpi-0001", b"Objective 00"), timeout=30, settle=1.5)
    return (shown if shown is not None else float("inf")), rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--report-only", action="store_true", help="report every figure and verdict but exit 0")
    args = parser.parse_args()
    okrtui = okrtui_command()
    work = Path(tempfile.mkdtemp(prefix="okrtui-bench-big-"))
    data_file = work / "data.json"
    started = time.perf_counter()
    build(data_file)
    print(
        f"built {KPIS * DAYS:,} measurements ({data_file.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.1f} s in {work}",
        flush=True,
    )
    env = {
        **os.environ,
        "OKRTUI_DB": str(data_file),
        "OKRTUI_TODAY": dataset.TODAY.isoformat(),
        "OKRTUI_USER": "bench",
        "NO_COLOR": "1",
    }
    runs = args.runs
    parse_floor = [sys.executable, "-c", PARSE_FLOOR, str(data_file)]
    rewrite_floor = [sys.executable, "-c", REWRITE_FLOOR, str(data_file)]
    parse, parse_rss = median_of(runs, lambda i: parse_floor, env)
    rewrite, rewrite_rss = median_of(runs, lambda i: rewrite_floor, env)
    rows: list[Row] = []
    for name, command in READS.items():
        rows.append(measured(name, runs, lambda i, c=command: [*okrtui, *c], parse_floor, env, READ_RATIO, (0, 3)))
    writes = {
        "kpi record": lambda i: [*okrtui, "kpi", "record", f"kpi-{i % KPIS + 1:04d}", str(1000 + i)],
        "kr checkin": lambda i: [*okrtui, "kr", "checkin", f"KR-{i % 200 + 2}", str(40 + i), "--note", "bench"],
    }
    shutil.rmtree(data_file.with_name(data_file.name + ".backups"), ignore_errors=True)
    for name, command in writes.items():
        rows.append(measured(name, runs, command, rewrite_floor, env, WRITE_RATIO))
    doctor = [*okrtui, "doctor"]  # the writes kept a backup
    rows.append(measured("doctor, 1 backup", runs, lambda i: doctor, parse_floor, env, READ_RATIO))
    shown, ui_rss = zip(*(ui_shows_data(data_file) for _ in range(runs)), strict=True)
    ui = statistics.median(shown)
    rows.append(Row("UI on screen (≤3 s)", ui, parse, ui / parse, UI_SECONDS / parse, max(ui_rss)))
    missed = report(rows, (parse, parse_rss, rewrite, rewrite_rss), args.json, work)
    if missed and args.report_only:
        print("(--report-only: the missed budgets are reported, not enforced)")
        return 0
    return 1 if missed else 0


class Row(NamedTuple):
    """One figure: its median seconds and its floor's, the median of the runs' ratios to their floors, the budget as
    a ratio, the peak RSS, and whether it was measured twice (over its budget the first time)."""

    name: str
    seconds: float
    floor: float
    ratio: float
    budget: float
    rss: int
    twice: bool = False


def measured(
    name: str,
    runs: int,
    make_command,
    floor: list[str],
    env: dict[str, str],
    budget: float,
    ok_codes: tuple[int, ...] = (0,),
) -> Row:
    """A command's row; over its budget, it is measured once more and the lower of the two ratios is kept."""

    def measure(twice: bool) -> Row:
        seconds, floor_seconds, ratio, rss = paired(runs, make_command, floor, env, ok_codes)
        return Row(name, seconds, floor_seconds, ratio, budget, rss, twice)

    row = measure(twice=False)
    if row.ratio <= budget:
        return row
    return min(row._replace(twice=True), measure(twice=True), key=lambda measurement: measurement.ratio)


def paired(
    runs: int, make_command, floor: list[str], env: dict[str, str], ok_codes: tuple[int, ...] = (0,)
) -> tuple[float, float, float, int]:
    """(median seconds of a command, median seconds of its floor run right before each of its runs, median of the
    runs' ratios to their floors, the command's peak RSS): both see the same load on a shared machine."""
    floors, times, peak = [], [], 0
    for index in range(runs):
        floors.append(timed(floor, env, (0,))[0])
        seconds, rss = timed(make_command(index), env, ok_codes)
        times.append(seconds)
        peak = max(peak, rss)
    ratios = [seconds / floor for seconds, floor in zip(times, floors, strict=True)]
    return statistics.median(times), statistics.median(floors), statistics.median(ratios), peak


def report(rows: list[Row], floors: tuple[float, int, float, int], json_path: Path | None, work: Path) -> list[str]:
    """Print every figure with its floor, ratio and verdict; the missed budgets (each figure, with what was over)."""
    parse, parse_rss, rewrite, rewrite_rss = floors
    mib = 2**20
    rss_budget = RSS_RATIO * parse_rss
    print(
        f"\nfloors: parse {parse * 1000:.0f} ms, {parse_rss / mib:.0f} MiB; "
        f"parse + rewrite + fsync {rewrite * 1000:.0f} ms, {rewrite_rss / mib:.0f} MiB "
        f"(reads are held to the parse, writes to the rewrite, each run right before the command)"
    )
    print(f"{'figure':<20}{'median':>9}{'floor':>9}{'ratio':>8}{'budget':>8}{'peak RSS':>10}{'× parse':>9}  verdict")
    missed = []
    for row in rows:
        over = [what for what, bad in (("time", row.ratio > row.budget), ("RSS", row.rss > rss_budget)) if bad]
        missed += [f"{row.name} ({', '.join(over)})"] if over else []
        verdict = "OVER BUDGET: " + ", ".join(over) if over else "ok"
        verdict += " (measured twice: over the first time)" if row.twice else ""
        print(
            f"{row.name:<20}{row.seconds * 1000:>7.0f}ms{row.floor * 1000:>7.0f}ms{row.ratio:>8.2f}{row.budget:>8.2f}"
            f"{row.rss / mib:>7.0f}MiB{row.rss / parse_rss:>9.2f}  {verdict}"
        )
    print(f"peak RSS budget: {rss_budget / mib:.0f} MiB ({RSS_RATIO} × the parse floor's)")
    if json_path:
        figures = {
            row.name: {
                "seconds": row.seconds,
                "floor": row.floor,
                "ratio": row.ratio,
                "peak_rss": row.rss,
                "twice": row.twice,
            }
            for row in rows
        }
        json_path.write_text(
            json.dumps(
                {"floor_parse": parse, "floor_parse_rss": parse_rss, "floor_rewrite": rewrite, **figures}, indent=2
            )
        )
    shutil.rmtree(work, ignore_errors=True)
    if missed:
        print(f"\nbudgets missed: {'; '.join(missed)}")
    else:
        print("\nall budgets held")
    return missed


if __name__ == "__main__":
    sys.exit(main())
