"""Running the hooks of one committed change (imported only when the hooks folder exists, see
:mod:`okrtui.services.hooks`): which events the change sets off, the checks that keep one user from running code as
another, the JSON each hook reads, and the time limit.

A hook runs only from a folder that only the acting user (or root) can write: the folder, each hook, and every folder
above up to the user's home must belong to the acting user or root and be writable by neither group nor others (a
folder above with the sticky bit, like /tmp, may be), as ssh's StrictModes asks of ``~/.ssh``. Otherwise the hook is
refused with one warning and not run.

Each hook gets its JSON on stdin from an unlinked temporary file (a hook that never reads it can't block), writes its
output to another (shown in the warning when it fails), and runs in a process group of its own, killed whole at the
time limit (``OKRTUI_HOOK_TIMEOUT`` seconds, 10 by default, for each hook).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from okrtui.errors import OkrError
from okrtui.formatting import change_summary

if TYPE_CHECKING:
    from okrtui.services.views import Dataset

EVENTS = ("change", "checkin", "value", "close", "alert")
"""The events, in the order their hooks run after one change."""
Warn = Callable[[str], None]
"""How a face shows one line about a hook (see :data:`okrtui.services.hooks.Warn`)."""
DEFAULT_TIMEOUT = 10.0
"""Seconds a hook may run before it is killed."""
MAX_TIMEOUT = 3600.0
_OUTPUT_SHOWN = 200
"""Characters of a failed hook's last output line shown in its warning."""
_SKIPPED_SUFFIXES = ("~", ".sample", ".swp", ".bak", ".orig")
"""Names of editor backups and samples, never run."""


def run(folder: Path, entry: dict, data_path: Path, *, actor: str, today: date, warn: Warn) -> None:
    """Run the hooks of ``folder`` that ``entry`` sets off; never raises (a failure is a ``warn`` line)."""
    try:
        _run(folder, entry, data_path, actor=actor, today=today, warn=warn)
    except OkrError as error:  # the data file can't be read back (changed or damaged since): the change stands
        warn(f"hooks not run: {error.message}")
    except Exception as error:  # a last line of defence: a hook never turns a committed change into a failure
        warn(f"hooks not run: {type(error).__name__}: {error}")


def _run(folder: Path, entry: dict, data_path: Path, *, actor: str, today: date, warn: Warn) -> None:
    problem = folder_problem(folder)
    if problem:
        warn(f"hooks in {folder} refused: {problem}")
        return
    hooks = found_hooks(folder, [*events_of(entry), "alert"], warn)
    if not hooks:
        return
    timeout = hook_timeout(warn)
    payloads = Payloads(entry, data_path.absolute(), actor, today)
    for event in EVENTS:
        if event not in hooks:
            continue
        document = payloads.document(event)
        if document is None:  # an alert with nothing that turned
            continue
        for hook in hooks[event]:
            run_one(hook, document, timeout, warn)


# -- which events ---------------------------------------------------------------------------------------------------


def events_of(entry: dict) -> list[str]:
    """The events a change sets off besides ``alert`` (which needs the scores): ``change`` always; ``checkin`` when a
    key result's check-in was made or corrected; ``value`` when a KPI value was recorded or corrected (an import is
    one); ``close`` when an objective was closed (a period close)."""
    events = ["change"]
    changes = entry.get("changes") or []
    if any(_changed(change, "KR-", "checkins.") for change in changes):
        events.append("checkin")
    if any(_changed(change, "K-", "history.") for change in changes):
        events.append("value")
    if any(_closed(change) for change in changes):
        events.append("close")
    return events


def _changed(change: dict, prefix: str, field_prefix: str) -> bool:
    field = change.get("field")
    return (
        str(change.get("record", "")).startswith(prefix)
        and isinstance(field, str)
        and field.startswith(field_prefix)
        and change.get("after") is not None
    )


def _closed(change: dict) -> bool:
    return (
        str(change.get("record", "")).startswith("O-")
        and change.get("field") == "state"
        and change.get("after") == "closed"
        and change.get("before") != "closed"
    )


# -- which hooks, and whether they may run --------------------------------------------------------------------------


def found_hooks(folder: Path, events: Iterable[str], warn: Warn) -> dict[str, list[Path]]:
    """The hooks of ``events`` in ``folder`` that may run, by event, in name order; a refused one is a warning."""
    wanted = set(events)
    found: dict[str, list[Path]] = {}
    for name in sorted(os.listdir(folder)):
        event = _event_of(name)
        if event not in wanted or name.endswith(_SKIPPED_SUFFIXES):
            continue
        path = folder / name
        problem = hook_problem(path)
        if problem == "":
            continue  # not executable (a note, a disabled hook): skipped quietly, as git does
        if problem:
            warn(f"hook {name} refused: {problem}")
            continue
        found.setdefault(event, []).append(path)
    return found


def _event_of(name: str) -> str | None:
    for event in EVENTS:
        if name.startswith(f"on-{event}"):
            return event
    return None


def folder_problem(folder: Path) -> str | None:
    """Why hooks may not run from ``folder`` (another user could write them), or None when only the acting user or
    root can: the folder and the folders above it up to the home folder, where they lead and where the path says."""
    uid = os.geteuid()
    try:
        status = os.stat(folder)
    except OSError as error:
        return f"can't read it ({error.strerror})"
    if not stat.S_ISDIR(status.st_mode):
        return "it is not a folder"
    logical = Path(os.path.abspath(folder))
    for path in dict.fromkeys([logical, logical.resolve()]):
        problem = _chain_problem(path, uid)
        if problem:
            return problem
    return None


def _chain_problem(folder: Path, uid: int) -> str | None:
    """The first folder from ``folder`` up (to the home folder when it lies inside, else to /) that another user
    could change."""
    home = Path(os.path.expanduser("~")).absolute()
    for index, path in enumerate([folder, *folder.parents]):
        status = os.stat(path)
        problem = _ownership_problem(path, status, uid, sticky_ok=index > 0)
        if problem:
            return problem
        if path == home:
            break
    return None


def hook_problem(path: Path) -> str | None:
    """Why the hook ``path`` may not run (a line), "" when it is no executable file (skipped quietly), None when it
    may run."""
    try:
        status = os.stat(path)
    except OSError as error:
        return f"can't read it ({error.strerror})"
    if not stat.S_ISREG(status.st_mode) or not os.access(path, os.X_OK):
        return ""
    problem = _ownership_problem(path, status, os.geteuid(), sticky_ok=False)
    if problem or not path.is_symlink():
        return problem
    return _chain_problem(path.resolve().parent, os.geteuid())  # a link: where it leads must be as safe


def _ownership_problem(path: Path, status: os.stat_result, uid: int, *, sticky_ok: bool) -> str | None:
    if status.st_uid not in (uid, 0):
        return f"{path} belongs to another user (uid {status.st_uid}); hooks run only from your own files"
    writable = status.st_mode & 0o022
    if writable and not (sticky_ok and status.st_mode & stat.S_ISVTX):
        who = "its group" if writable & 0o020 else "others"
        return f"{path} is writable by {who} (mode {status.st_mode & 0o7777:04o}): chmod go-w it"
    return None


def hook_timeout(warn: Warn) -> float:
    """Seconds each hook may run: ``OKRTUI_HOOK_TIMEOUT``, else 10; a bad value is a warning and the default."""
    text = os.environ.get("OKRTUI_HOOK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= MAX_TIMEOUT:
        warn(
            f"OKRTUI_HOOK_TIMEOUT must be seconds above 0 and at most {MAX_TIMEOUT:g}, not {text[:20]!r}: "
            f"hooks get {DEFAULT_TIMEOUT:g} s"
        )
        return DEFAULT_TIMEOUT
    return seconds


# -- running one ------------------------------------------------------------------------------------------------------


def run_one(hook: Path, document: bytes, timeout: float, warn: Warn) -> None:
    """Run ``hook`` with ``document`` on stdin in a process group of its own, killed whole after ``timeout``; a
    failure (an exit code, a signal, the limit, a file that won't start) is one ``warn`` line."""
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as output:
        stdin.write(document)
        stdin.seek(0)
        try:
            process = subprocess.Popen(  # the user's own checked executable, no shell
                [str(hook)], stdin=stdin, stdout=output, stderr=output, start_new_session=True, close_fds=True
            )
        except OSError as error:
            warn(f"hook {hook.name} can't start: {error.strerror}")
            return
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            warn(f"hook {hook.name} ran longer than {timeout:g} s and was killed")
            return
        except BaseException:  # interrupted (ctrl+c): the hook, in a group of its own, must not outlive okrtui
            _kill_group(process)
            raise
        if code != 0:
            how = f"exited {code}" if code > 0 else f"was killed by {_signal_name(-code)}"
            warn(f"hook {hook.name} {how}{_last_line(output)}")


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _last_line(output: Any) -> str:
    """``: <the last line the hook printed>`` (cut short), or "" when it printed nothing."""
    output.seek(0, os.SEEK_END)
    size = output.tell()
    output.seek(max(0, size - 4096))
    lines = [line.strip() for line in output.read().decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    return f": {line[: _OUTPUT_SHOWN - 1] + '…' if len(line) > _OUTPUT_SHOWN else line}"


# -- what they read -------------------------------------------------------------------------------------------------


class Payloads:
    """The JSON documents of one change's events, built from one read of the data file as it was committed (or
    later: a hook reads what is there when it runs)."""

    def __init__(self, entry: dict, data_path: Path, actor: str, today: date) -> None:
        self.entry, self.path, self.actor, self.today = entry, data_path, actor, today
        self._read: tuple[Dataset, dict[str, dict | None]] | None = None
        self._records: list[dict] | None = None

    def document(self, event: str) -> bytes | None:
        """The JSON a hook of ``event`` reads: ``{event, change, records, file, summary}`` (``summary``: the change in
        one line, as ``okrtui log`` shows it), an alert's also ``alerts``; None for an alert when nothing turned."""
        records = self.records()
        extra: dict[str, Any] = {}
        if event == "alert":
            turned = self.alerts()
            if not turned:
                return None
            shown, data = {record["id"] for record in records}, self.data()[0]
            records = records + [
                _record_json(data, item["record"], self.today) for item in turned if item["record"] not in shown
            ]
            extra["alerts"] = turned
        document = {
            "event": event,
            "change": self.entry,
            "records": records,
            "file": str(self.path),
            "summary": change_summary(self.entry),
            **extra,
        }
        return orjson.dumps(document, default=_rows, option=orjson.OPT_APPEND_NEWLINE)

    def data(self) -> tuple[Dataset, dict[str, dict | None]]:
        """The file's records (one read), and the stored documents of the change's records (None: gone)."""
        if self._read is None:
            from okrtui.services.views import Dataset
            from okrtui.services.workspace import Workspace
            from okrtui.store.repository import Repository

            ws = Workspace(Repository(self.path, read_only=True), self.actor, self.today)
            with ws.repo.snapshot() as stored:
                dataset = Dataset.load(ws)
                self._read = dataset, {record: _stored(stored, record) for record in self.entry.get("records", [])}
        return self._read

    def records(self) -> list[dict]:
        """The change's records in their ``--json`` shape (``kr show --json``, ``kpi show --json``, …)."""
        if self._records is None:
            data = self.data()[0]
            self._records = [_record_json(data, record, self.today) for record in self.entry.get("records", [])]
        return self._records

    def alerts(self) -> list[dict]:
        """What the change turned into an alarm: ``{record, was, now}`` for each key result now off-track and each KPI
        now red or stale that was there and wasn't so before the change."""
        from okrtui.services import hook_alerts

        data, stored = self.data()
        return hook_alerts.turned(self.entry, data, stored, self.today)


def _stored(data: dict, record_id: str) -> dict | None:
    from okrtui.store.migrations import RECORD_TABLES

    prefix, _, number = record_id.partition("-")
    doc = data.get(RECORD_TABLES.get(prefix, ""), {}).get(number)
    return dict(doc) if isinstance(doc, dict) else None


def _record_json(data: Dataset, record_id: str, today: date) -> dict:
    """One record as its ``show --json`` prints it; ``{id, deleted: true}`` when it is gone."""
    from okrtui.domain.targets import settled
    from okrtui.services import views

    scorer = data.scorer(today)
    if record_id in data.objective_by_id:
        return views.objective_view(scorer, data.objective_by_id[record_id]).to_json()
    if record_id in data.kr_by_id:
        kr = data.kr_by_id[record_id]
        return {**views.kr_view(scorer, kr).to_json(), "earlier_targets": views.earlier_targets_json(kr, today)}
    if record_id in data.kpi_by_id:
        kpi = settled(data.kpi_by_id[record_id], today)
        view = views.kpi_view(kpi, today, data.krs_driven_by.get(record_id, []), thresholds=data.thresholds)
        return {
            **view.to_json(),
            "earlier_targets": views.earlier_targets_json(kpi, today),
            "scheduled_targets": views.scheduled_targets_json(kpi, today),
        }
    for initiative in data.initiatives:
        if initiative.id == record_id:
            return views.initiative_view(initiative).to_json()
    return {"id": record_id, "deleted": True}


def _rows(value: Any) -> Any:
    """A KPI's history rows (``HistoryRows``) as the list ``kpi show --json`` prints."""
    if hasattr(value, "measurements"):
        return list(value)
    raise TypeError(f"can't write {type(value).__name__} as JSON")
