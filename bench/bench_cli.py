"""Benchmark the installed ``okrtui`` on the realistic dataset, against a floor, and hold the budgets.

    python bench/bench_cli.py [--runs 7] [--json results.json]

Times each command as a subprocess (median of several runs) and reports peak RSS and the data file's size. The floor is
``python -c pass`` and a bare script that parses and rewrites the same file with fsync; each figure is printed with its
ratio to that floor. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset

BUDGETS = {  # seconds, bytes
    "kpi record": 0.300,
    "kr checkin": 0.300,
    "status --json": 0.600,
    "kpi import (110,000 rows)": 10.0,
    "data file size": 8_000_000,
    "peak RSS": 200 * 1024 * 1024,
}

WITHOUT_JOURNAL = """
import sys
from okrtui.store.repository import Repository
Repository._entry = lambda self: None  # the benchmark's own switch: okrtui has none
from okrtui.__main__ import main
sys.argv[0] = "okrtui"
main()
"""
"""okrtui with its journal turned off, to time what the journal costs a write: started as the console script starts
it (``okrtui.__main__``), so the two differ only by the journal."""
JOURNAL_RUNS = 3
"""Times ``--runs``: the journal's cost is a few milliseconds, so more runs, with and without taking turns."""

BARE_REWRITE = """
import json, os, sys, tempfile
path = sys.argv[1]
with open(path, 'rb') as f:
    data = json.loads(f.read())
fd, temp = tempfile.mkstemp(dir=os.path.dirname(path))
with os.fdopen(fd, 'w') as f:
    json.dump(data, f, indent=2, sort_keys=True)
    f.flush()
    os.fsync(f.fileno())
os.replace(temp, path)
"""


@functools.cache
def okrtui_command() -> list[str]:
    """The installed console script beside this interpreter, else on PATH, with its package compiled to bytecode.

    An installed package has its bytecode; an editable install under ``PYTHONDONTWRITEBYTECODE`` (as in CI) would
    otherwise compile every module on every run, and the figures would time the compiler, not okrtui.
    """
    import compileall

    import okrtui

    compileall.compile_dir(Path(okrtui.__file__).parent, quiet=1)
    beside = Path(sys.executable).with_name("okrtui")
    found = str(beside) if beside.exists() else shutil.which("okrtui")
    if not found:
        sys.exit("bench: the okrtui script is not installed (pip install -e .)")
    return [found]


def timed(command: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one run; a failing command stops the benchmark."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if stdin:
        process.stdin.write(stdin)
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(command)} exited {code}: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024


def median_of(runs: int, make_command, env, prepare=None) -> tuple[float, int]:
    """Median seconds and the highest RSS over ``runs`` runs (``prepare`` runs before each, untimed)."""
    times, peak = [], 0
    for index in range(runs):
        if prepare:
            prepare()
        seconds, rss = timed(make_command(index), env)
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), peak


def measure_journal(okrtui: list[str], env: dict[str, str], data_file: Path, runs: int) -> dict:
    """``kpi record`` and ``kr checkin`` with and without the journal, taking turns (median seconds each), and the
    journal's bytes per entry."""
    journal = data_file.with_name(data_file.name + ".journal")
    size_before, entries_before = journal.stat().st_size, len(journal.read_bytes().splitlines())
    without = [sys.executable, "-c", WITHOUT_JOURNAL]
    commands = {
        "kpi record": lambda i: ["kpi", "record", f"kpi-{i % 100:03d}", str(2000 + i)],
        "kr checkin": lambda i: ["kr", "checkin", f"KR-{(i % 250) + 1}", str(60 + i % 30), "--note", "bench"],
    }
    cost: dict = {}
    for name, args in commands.items():
        timings: dict[str, list[float]] = {"with": [], "without": []}
        for index in range(runs):
            for kind, base in (("with", okrtui), ("without", without)):
                timings[kind].append(timed([*base, *args(index)], env)[0])
        cost[name] = {kind: statistics.median(values) for kind, values in timings.items()}
    entries = len(journal.read_bytes().splitlines()) - entries_before
    cost["bytes per entry"] = (journal.stat().st_size - size_before) / entries if entries else 0
    cost["entries"] = entries
    return cost


def print_journal_cost(cost: dict) -> None:
    """What the journal costs a write (reported; the budgets above hold the writes' whole time)."""
    print("journal cost (median of with/without taking turns):")
    for name in ("kpi record", "kr checkin"):
        with_it, without_it = cost[name]["with"], cost[name]["without"]
        print(
            f"  {name:<12} with {with_it * 1000:.0f} ms, without {without_it * 1000:.0f} ms: "
            f"{with_it / without_it:.3f}× ({(with_it - without_it) * 1000:+.1f} ms)"
        )
    print(f"  {cost['bytes per entry']:.0f} bytes per entry ({cost['entries']} entries of these writes)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    okrtui = okrtui_command()
    work = Path(tempfile.mkdtemp(prefix="okrtui-bench-"))
    data_file = work / "data.json"
    print(f"building the realistic dataset in {work} …", flush=True)
    started = time.perf_counter()
    dataset.build(data_file)
    print(f"  built in {time.perf_counter() - started:.1f} s")
    empty_file = work / "kpis-only.json"
    dataset.build(empty_file, with_history=False)
    rows_file = work / "rows.csv"
    with rows_file.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kpi", "date", "value"])
        import random

        writer.writerows(row[1:] for row in dataset.kpi_rows(random.Random(11)))

    env = {
        **os.environ,
        "OKRTUI_DB": str(data_file),
        "OKRTUI_TODAY": dataset.TODAY.isoformat(),
        "OKRTUI_USER": "bench",
        "NO_COLOR": "1",
    }
    figures: dict[str, float] = {}
    rss: dict[str, int] = {}

    floor_pass, _ = median_of(args.runs, lambda i: [sys.executable, "-c", "pass"], env)
    floor_rewrite, rss["bare rewrite"] = median_of(
        args.runs, lambda i: [sys.executable, "-c", BARE_REWRITE, str(data_file)], env
    )
    figures["kpi record"], rss["kpi record"] = median_of(
        args.runs, lambda i: [*okrtui, "kpi", "record", f"kpi-{i % 100:03d}", str(1000 + i)], env
    )
    figures["kr checkin"], rss["kr checkin"] = median_of(
        args.runs, lambda i: [*okrtui, "kr", "checkin", f"KR-{i + 1}", str(40 + i), "--note", "bench"], env
    )
    figures["status --json"], rss["status --json"] = median_of(args.runs, lambda i: [*okrtui, "status", "--json"], env)
    journal_cost = measure_journal(okrtui, env, data_file, args.runs * JOURNAL_RUNS)
    import_file = work / "import.json"
    import_env = {**env, "OKRTUI_DB": str(import_file)}
    figures["kpi import (110,000 rows)"], rss["kpi import"] = median_of(
        max(3, args.runs // 2),
        lambda i: [*okrtui, "kpi", "import", str(rows_file)],
        import_env,
        prepare=lambda: shutil.copyfile(empty_file, import_file),
    )
    size = data_file.stat().st_size
    peak = max(rss[name] for name in rss if name != "bare rewrite")

    print(
        f"\nfloor: python -c pass {floor_pass * 1000:.0f} ms; "
        f"bare parse + rewrite + fsync {floor_rewrite * 1000:.0f} ms"
    )
    print(f"{'figure':<28}{'median':>10}{'budget':>10}{'× pass':>9}{'× rewrite':>11}  verdict")
    missed = []
    for name, seconds in figures.items():
        budget = BUDGETS[name]
        verdict = "ok" if seconds <= budget else "OVER BUDGET"
        if seconds > budget:
            missed.append(name)
        print(
            f"{name:<28}{seconds * 1000:>8.0f}ms{budget * 1000:>8.0f}ms{seconds / floor_pass:>9.1f}"
            f"{seconds / floor_rewrite:>11.2f}  {verdict}"
        )
    for name, value, budget, unit in [
        ("data file size", size, BUDGETS["data file size"], 1_000_000),
        ("peak RSS", peak, BUDGETS["peak RSS"], 1024 * 1024),
    ]:
        verdict = "ok" if value <= budget else "OVER BUDGET"
        if value > budget:
            missed.append(name)
        label = "MB" if unit == 1_000_000 else "MiB"
        print(f"{name:<28}{value / unit:>8.1f}{label:>2}{budget / unit:>8.0f}{label:>2}{'':>20}  {verdict}")
    print("peak RSS by command: " + ", ".join(f"{name} {value / 1048576:.0f} MiB" for name, value in rss.items()))
    print_journal_cost(journal_cost)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "floor_pass": floor_pass,
                    "floor_rewrite": floor_rewrite,
                    **figures,
                    "data_file_bytes": size,
                    "peak_rss_bytes": peak,
                    "journal": journal_cost,
                },
                indent=2,
            )
        )
    shutil.rmtree(work, ignore_errors=True)
    if missed:
        print(f"\nbudgets missed: {', '.join(missed)}")
        return 1
    print("\nall budgets held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
