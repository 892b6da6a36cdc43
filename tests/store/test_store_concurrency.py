"""Many processes on one file: concurrent writers, writers killed mid-write, stale readers and held locks.

These reproduce what goes wrong with stock TinyDB (lost updates between processes, a file truncated by a crash,
cached reads that never see another process's write) and check that SafeStorage survives each.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from store_support import TODAY, leftover_temp_files, python_env, run_cli

from okrtui.domain.models import KeyResult, Kpi, Objective
from okrtui.services import kpis, measurements, okrs
from okrtui.store.storage import list_backups

WRITERS = 4
WRITES_EACH = 200
BASE_DAY = date(2010, 1, 1)

pytestmark = pytest.mark.slow  # every test here runs several processes on one file


def day(n: int) -> str:
    return (BASE_DAY + timedelta(days=n)).isoformat()


# -- 1. concurrent writers --------------------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from okrtui.services import checkins, kpis, measurements, okrs
    from okrtui.services.workspace import Workspace

    path, worker, count, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ws = Workspace.open(path, actor=f"w{worker}", today="%s")
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        n = worker * count + i
        if kind == "objective":
            okrs.add_objective(ws, f"w{worker}-{i}", period="2026-Q4")
        elif kind == "kpi":
            measurements.record(ws, "shared", n, day=(date(2010, 1, 1) + timedelta(days=n)).isoformat())
        elif kind == "checkin":
            checkins.checkin(ws, "KR-1", n, note=f"w{worker}-{i}")
    print("done", flush=True)
    """
    % TODAY
)


def run_writers(db: Path, kind: str, writers: int = WRITERS, each: int = WRITES_EACH) -> None:
    """``writers`` processes doing ``each`` service calls each on ``db``, all released at the same moment."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(worker), str(each), kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=python_env(),
        )
        for worker in range(writers)
    ]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=300) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "done"


def load(db: Path) -> dict:
    """The data file parsed by the standard json module (so it must be valid JSON)."""
    return json.loads(db.read_text(encoding="utf-8"))


def test_concurrent_objective_adds_are_all_kept_with_unique_ids(db, open_ws):
    run_writers(db, "objective")

    data = load(db)
    stored = list(data["objectives"].values())
    assert len(stored) == WRITERS * WRITES_EACH
    assert sorted(doc["id"] for doc in stored) == sorted(f"O-{n}" for n in range(1, WRITERS * WRITES_EACH + 1))
    assert sorted(doc["title"] for doc in stored) == sorted(
        f"w{worker}-{i}" for worker in range(WRITERS) for i in range(WRITES_EACH)
    )
    assert data["meta"]["1"]["counters"]["O"] == WRITERS * WRITES_EACH
    # each TinyDB key matches the id it stores
    assert all(doc["id"] == f"O-{key}" for key, doc in data["objectives"].items())
    # one writer's objectives got increasing ids, in the order it added them
    by_number = sorted(stored, key=lambda doc: int(doc["id"][2:]))
    for worker in range(WRITERS):
        order = [int(doc["title"].split("-")[1]) for doc in by_number if doc["title"].startswith(f"w{worker}-")]
        assert order == list(range(WRITES_EACH))
    # and the next one continues after them
    assert okrs.add_objective(open_ws(), "after").id == f"O-{WRITERS * WRITES_EACH + 1}"


def test_concurrent_records_to_one_kpi_lose_nothing(db, open_ws):
    kpis.add_kpi(open_ws(), "Shared", key="shared", target=10)

    run_writers(db, "kpi")

    data = load(db)
    (doc,) = data["kpis"].values()
    expected = {day(n): float(n) for n in range(WRITERS * WRITES_EACH)}
    assert doc["history"] == expected
    assert doc["rev"] == 1 + WRITERS * WRITES_EACH
    assert open_ws().repo.get(Kpi, "K-1").history == expected


def test_concurrent_checkins_to_one_key_result_lose_nothing(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "Shared objective", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "Shared KR", start=0, target=10_000)

    run_writers(db, "checkin")

    data = load(db)
    (doc,) = data["key_results"].values()
    entries = doc["checkins"]
    assert len(entries) == WRITERS * WRITES_EACH
    assert sorted(entry["value"] for entry in entries) == [float(n) for n in range(WRITERS * WRITES_EACH)]
    assert doc["rev"] == 1 + WRITERS * WRITES_EACH
    for worker in range(WRITERS):
        mine = [entry for entry in entries if entry["author"] == f"w{worker}"]
        assert [entry["note"] for entry in mine] == [f"w{worker}-{i}" for i in range(WRITES_EACH)]
    assert len(open_ws().repo.get(KeyResult, "KR-1").checkins) == WRITERS * WRITES_EACH


def test_twenty_concurrent_writers_each_get_every_journal_entry(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "Shared objective", period="2026-Q4")
    okrs.add_kr(ws, "O-1", "Shared KR", start=0, target=10_000)

    run_writers(db, "checkin", writers=20, each=50)

    data = load(db)
    assert data["meta"]["1"]["journal"]["last"] == 2 + 1000
    lines = (db.parent / (db.name + ".journal")).read_bytes().splitlines()
    assert len(lines) == 1002, "one line per change, nothing uncommitted left"
    entries = [json.loads(line) for line in lines]
    assert [entry["id"] for entry in entries] == [f"C-{n}" for n in range(1, 1003)]
    checkin_entries = entries[2:]
    for worker in range(20):
        mine = [entry for entry in checkin_entries if entry["by"] == f"w{worker}"]
        assert [entry["changes"][0]["after"]["note"] for entry in mine] == [f"w{worker}-{i}" for i in range(50)]
    # each entry names the position its check-in took, and that is where the check-in is
    stored = data["key_results"]["1"]["checkins"]
    for entry in checkin_entries:
        (change,) = entry["changes"]
        assert change["before"] is None and change["record"] == "KR-1"
        assert stored[int(change["field"].removeprefix("checkins.")) - 1] == change["after"]


# -- 2. a writer killed at random moments -----------------------------------------------------------------------------

KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from okrtui.services import kpis, measurements
    from okrtui.services.workspace import Workspace

    ws = Workspace.open(sys.argv[1], actor="victim", today="%s")
    start = len(kpis.find_kpi(ws, "counter").history)
    print("ready", start, flush=True)
    for i in range(start + 1, start + 100_000):
        measurements.record(ws, "counter", i, day=(date(2010, 1, 1) + timedelta(days=i)).isoformat())
        print(i, flush=True)  # acknowledged: this value was committed
    """
    % TODAY
)
KILLS = 40


def committed_count(db: Path, by_cli: int = 0) -> int:
    """How many values the file holds, checking they are exactly the values 1..k on their days (no gap, no tear)."""
    data = load(db)  # must parse
    (doc,) = data["kpis"].values()
    history = doc["history"]
    k = len(history)
    assert history == {day(i): float(i) for i in range(1, k + 1)}, "not a committed state"
    assert doc["rev"] == 1 + k, "rev does not match the number of committed writes"
    assert data["meta"]["1"]["counters"]["K"] == 1
    assert journal_matches(db, data, k, by_cli)
    return k


def journal_matches(db: Path, data: dict, k: int, by_cli: int) -> bool:
    """The journal holds one committed entry per committed value (C-1 made the KPI), in order, none missing and none
    for a value that isn't there (the last ``by_cli`` written by the CLI); past the commit point at most the one entry
    (or part of it) of the killed write."""
    assert data["meta"]["1"]["journal"]["last"] == k + 1, "the commit point names the last committed change"
    size = data["meta"]["1"]["journal"]["size"]
    raw = (db.parent / (db.name + ".journal")).read_bytes()
    committed = [json.loads(line) for line in raw[:size].splitlines()]
    assert [entry["id"] for entry in committed] == [f"C-{n}" for n in range(1, k + 2)]
    assert committed[0]["changes"][0]["field"] is None  # the KPI made
    for number, entry in enumerate(committed[1:], start=1):
        expected = [{"record": "K-1", "field": f"history.{day(number)}", "before": None, "after": number}]
        assert entry["changes"] == expected, entry
        by_the_cli = number > k - by_cli
        assert entry["by"] == ("tester" if by_the_cli else "victim")
        assert entry["command"] == ("kpi record" if by_the_cli else "ui")
    tail = raw[size:].splitlines()
    assert len(tail) <= 1, "at most the entry of the write in flight"
    return True


def test_writer_killed_at_random_moments_leaves_a_committed_state(db, open_ws):
    kpis.add_kpi(open_ws(), "Counter", key="counter", target=1, frequency="daily")
    rng = random.Random(20261110)
    committed = 0
    for kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=python_env(),
        )
        try:
            ready = proc.stdout.readline().split()
            assert ready[:1] == ["ready"], proc.stderr.read()
            assert int(ready[1]) == committed
            # the randomness under test: where in its write loop the writer is when it dies
            assert proc.stdout.readline().strip() == str(committed + 1)  # the loop is running
            time.sleep(rng.uniform(0.0, 0.05))
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"kill {kill}: the writer ended on its own: {err}"
        acknowledged = max([committed + 1, *(int(line) for line in out.split())])
        now = committed_count(db)
        # everything acknowledged is there, and at most the one write in flight besides
        assert acknowledged <= now <= acknowledged + 1, (kill, acknowledged, now)
        # a fresh reader through okrtui reads it too (leftover temp files don't get in the way)
        assert len(open_ws().repo.get(Kpi, "K-1").history) == now
        committed = now

    # after all the kills: the lock left by a killed holder doesn't block, and writing goes on from the last state
    result = run_cli(
        db, "kpi", "record", "counter", str(committed + 1), "--date", day(committed + 1), OKRTUI_LOCK_TIMEOUT="5"
    )
    assert result.code == 0, result.stderr
    assert committed_count(db, by_cli=1) == committed + 1
    # temp files of writes killed before their replace may stay behind, but are never taken for the data or a backup
    assert not [backup for backup in list_backups(db) if backup.name.endswith(".tmp")]
    temps = set(leftover_temp_files(db.parent))
    others = {entry.name for entry in db.parent.iterdir() if entry not in temps}
    assert others == {db.name, db.name + ".lock", db.name + ".backups", db.name + ".journal"}
    # the entry of the last killed write, if any, was cut off by the next writer: the journal ends at the commit point
    assert (db.parent / (db.name + ".journal")).stat().st_size == load(db)["meta"]["1"]["journal"]["size"]


# -- 3. a long-lived store object sees other processes' writes --------------------------------------------------------


def test_long_lived_objects_read_other_processes_writes(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "Mine", period="2026-Q4")
    kpis.add_kpi(ws, "MRR", key="mrr", target=100)
    assert [objective.title for objective in ws.repo.all(Objective)] == ["Mine"]
    assert ws.repo.get(Kpi, "K-1").history == {}
    before = ws.repo.get(Objective, "O-1").rev

    assert run_cli(db, "objective", "add", "Theirs", "--period", "2026-Q4").stdout.strip() == "O-2"
    assert run_cli(db, "kpi", "record", "mrr", "42", "--date", "2026-11-01").code == 0
    assert run_cli(db, "objective", "edit", "O-1", "--title", "Renamed").code == 0

    # the same objects, created before the other process wrote, read its writes
    assert [objective.title for objective in ws.repo.all(Objective)] == ["Renamed", "Theirs"]
    assert ws.repo.exists(Objective, "O-2")
    assert ws.repo.get(Objective, "O-1").rev == before + 1
    assert ws.repo.get(Kpi, "K-1").history == {"2026-11-01": 42.0}

    # and writing through them keeps the other process's changes
    assert okrs.add_objective(ws, "Mine again", period="2026-Q4").id == "O-3"
    measurements.record(ws, "mrr", 43, day="2026-11-02")
    titles = {doc["title"] for doc in load(db)["objectives"].values()}
    assert titles == {"Renamed", "Theirs", "Mine again"}
    assert load(db)["kpis"]["1"]["history"] == {"2026-11-01": 42.0, "2026-11-02": 43.0}


def test_long_lived_repository_sees_file_replaced_between_reads(db, open_ws):
    ws = open_ws()
    okrs.add_objective(ws, "One", period="2026-Q4")
    repo = ws.repo
    assert len(repo.all(Objective)) == 1
    for n in range(2, 5):
        assert run_cli(db, "objective", "add", f"Obj {n}", "--period", "2026-Q4").code == 0
        assert [objective.id for objective in repo.all(Objective)] == [f"O-{i}" for i in range(1, n + 1)]


# -- 11. the lock --------------------------------------------------------------------------------------------------

LOCK_HOLDER = textwrap.dedent(
    """
    import sys
    import filelock
    lock = filelock.FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


def hold_lock(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db) + ".lock"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=python_env(),
    )
    assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
    return proc


def test_a_held_lock_makes_writes_fail_busy_and_a_killed_holder_does_not_block(db):
    assert run_cli(db, "objective", "add", "First", "--period", "2026-Q4").code == 0
    before = db.read_bytes()
    holder = hold_lock(db)
    try:
        for args in (
            ["objective", "add", "Blocked", "--period", "2026-Q4"],
            ["kpi", "add", "MRR", "--target", "5"],
            ["init"],
        ):
            result = run_cli(db, *args, OKRTUI_LOCK_TIMEOUT="0.5")
            assert result.code == 1, (args, result)
            assert len(result.stderr_lines) == 1, result.stderr
            assert "busy" in result.stderr
            assert str(db) in result.stderr
            assert db.read_bytes() == before
        # reads need no lock
        shown = run_cli(db, "objective", "show", "O-1", "--json", OKRTUI_LOCK_TIMEOUT="0.5")
        assert shown.code == 0, shown.stderr
        assert json.loads(shown.stdout)["title"] == "First"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert holder.returncode == -signal.SIGKILL
    assert Path(str(db) + ".lock").exists()  # the lock file stays behind...

    result = run_cli(db, "objective", "add", "After", "--period", "2026-Q4", OKRTUI_LOCK_TIMEOUT="0.5")
    assert result.code == 0, result.stderr  # ...and doesn't block
    assert result.stdout.strip() == "O-2"


def test_a_leftover_lock_file_from_a_killed_writer_does_not_block(db, open_ws):
    okrs.add_objective(open_ws(), "First", period="2026-Q4")
    holder = hold_lock(db)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert Path(str(db) + ".lock").exists()
    ws = open_ws(lock_timeout=0.5)
    assert okrs.add_objective(ws, "Second", period="2026-Q4").id == "O-2"
    assert os.path.exists(db)
