"""20 concurrent writers (CLI processes) × 50 check-ins each on the realistic dataset.

    python bench/bench_concurrency.py [--writers 20] [--each 50]

Reports the throughput, the p50/p95 latency of one write (one ``okrtui kr checkin`` process, lock wait included) and
confirms that nothing was lost: every check-in is in the file exactly once. Exits 1 when one is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset


def writer(script: str, env: dict[str, str], number: int, each: int) -> list[float]:
    """One writer: ``each`` check-ins, one process each, spread over the key results; returns their latencies."""
    latencies = []
    for index in range(each):
        kr = f"KR-{(number * each + index) % 250 + 1}"
        started = time.perf_counter()
        done = subprocess.run(
            [script, "kr", "checkin", kr, str(1000 + index), "--note", f"w{number}-{index}"],
            env={**env, "OKRTUI_USER": f"writer{number}"},
            capture_output=True,
            text=True,
        )
        latencies.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"writer {number}: {done.stderr.strip()}")
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--each", type=int, default=50)
    args = parser.parse_args()
    script = str(Path(sys.executable).with_name("okrtui"))
    work = Path(tempfile.mkdtemp(prefix="okrtui-bench-writers-"))
    data_file = work / "data.json"
    dataset.build(data_file)
    env = {
        **os.environ,
        "OKRTUI_DB": str(data_file),
        "OKRTUI_TODAY": dataset.TODAY.isoformat(),
        "OKRTUI_LOCK_TIMEOUT": "120",
    }
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.writers) as pool:
        results = list(pool.map(lambda n: writer(script, env, n, args.each), range(args.writers)))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for result in results for latency in result)
    notes = [c["note"] for kr in json.loads(data_file.read_text())["key_results"].values() for c in kr["checkins"]]
    expected = {f"w{n}-{i}" for n in range(args.writers) for i in range(args.each)}
    found = [note for note in notes if note in expected]
    total = args.writers * args.each
    print(
        f"{args.writers} writers × {args.each} check-ins = {total} writes in {elapsed:.1f} s "
        f"({total / elapsed:.1f} writes/s)"
    )
    print(
        f"one write (process start to exit, lock wait included): p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"check-ins found: {len(set(found))} of {total}, duplicates: {len(found) - len(set(found))}")
    shutil.rmtree(work, ignore_errors=True)
    if len(set(found)) != total or len(found) != total:
        print("LOST OR DUPLICATED WRITES")
        return 1
    print("nothing lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
