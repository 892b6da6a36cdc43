"""``okrtui doctor``: check a data file from bytes to references, list its backups, restore a chosen one.

A restore never loses what it replaces: the current file is kept beside it as ``<file>.replaced-<time>`` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from okrtui.domain.models import (
    Initiative,
    KeyResult,
    Kpi,
    Objective,
    Record,
    ValidationError,
    describe_validation_error,
)
from okrtui.errors import BadInput, DataFileError, ReadOnlyError
from okrtui.services.config import config_problem
from okrtui.services.kpis import ID_LIKE_RE
from okrtui.store import journal, migrations
from okrtui.store.files import read_regular
from okrtui.store.repository import counter_problems, record_problem
from okrtui.store.storage import SafeStorage, backup_problem, list_backups

MODELS: dict[str, type[Record]] = {"O": Objective, "KR": KeyResult, "I": Initiative, "K": Kpi}


@dataclass
class Diagnosis:
    """What ``doctor`` found: ``fatal`` when the file can't be used at all, else a list of problems."""

    path: Path
    fatal: str | None = None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        """No fatal error and no problem."""
        return self.fatal is None and not self.problems


def diagnose(path: Path) -> Diagnosis:
    """Parse the file the way every command does, then check its shape, every record, every reference and duplicate.

    ``fatal`` when the commands can't use the file: it doesn't parse, or records are damaged (each one is listed in
    ``problems``). Broken references and duplicates the commands tolerate are problems only.
    """
    found = Diagnosis(path)
    if not path.exists():
        found.fatal = f"{path} does not exist (it is created on the first write)"
        return found
    try:
        data = SafeStorage(path, read_only=True).read()
    except DataFileError as error:
        found.fatal = error.message
        return found
    damaged: list[str] = []
    records: dict[str, dict[str, dict]] = {}
    for prefix, table in migrations.RECORD_TABLES.items():
        records[prefix] = {}
        for doc_id, doc in data.get(table, {}).items():
            _check_record(damaged, prefix, doc_id, doc, records)
        found.counts[table] = len(data.get(table, {}))
    meta = data.get(migrations.META_TABLE, {}).get("1")
    damaged += counter_problems(meta)
    damaged += [problem] if isinstance(meta, dict) and (problem := config_problem(meta.get("config"))) else []
    if damaged:
        found.fatal = (
            f"{path} can't be used: {len(damaged)} damaged record(s), listed below; fix them by hand or "
            "restore a backup"
        )
    found.problems += damaged
    _check_counters(found, data, records)
    _check_references(found, records)
    _check_duplicates(found, records)
    _check_journal(found, data)
    return found


def _check_journal(found: Diagnosis, data: dict) -> None:
    """Damaged lines in the journal, and committed changes missing from it."""
    read = journal.read_journal(found.path, data)
    found.problems += read.problems
    last, _ = journal.meta_state(data)
    present = {journal.change_number(entry["id"]) for entry in read.entries}
    missing = [number for number in range(1, last + 1) if number not in present]
    if missing and not any("is missing" in problem for problem in read.problems):
        found.problems.append(
            f"the journal lacks {len(missing)} committed change(s) (C-{missing[0]}"
            f"{f' to C-{missing[-1]}' if len(missing) > 1 else ''}): removed or cut short by hand; the data is whole"
        )


def _check_record(damaged: list[str], prefix: str, doc_id: str, doc: dict, records: dict) -> None:
    """One record's shape, then the record read as its model; what the commands would refuse is listed as damage."""
    expected = f"{prefix}-{doc_id}"
    shape = record_problem(prefix, migrations.RECORD_TABLES[prefix], doc_id, doc)
    if shape:
        damaged.append(shape)
        return
    try:
        MODELS[prefix].model_validate(doc)
    except ValidationError as error:
        damaged.append(f"{expected}: {describe_validation_error(error)}")
        return
    records[prefix][expected] = doc


def _check_counters(found: Diagnosis, data: dict, records: dict) -> None:
    meta = data.get(migrations.META_TABLE, {}).get("1")
    counters = meta.get("counters", {}) if isinstance(meta, dict) else {}
    if not isinstance(counters, dict):
        return  # damaged: counter_problems lists it
    for prefix, by_id in records.items():
        highest = max((int(record_id.split("-")[1]) for record_id in by_id), default=0)
        counter = counters.get(prefix, 0)
        if type(counter) is int and counter < highest:
            found.problems.append(
                f"the {prefix} counter ({counter}) is behind {prefix}-{highest} "
                "(new ids skip taken ones, so this is harmless)"
            )


def _check_references(found: Diagnosis, records: dict) -> None:
    """Every id a record names exists and is of the right kind; an initiative's key result is of its objective."""
    objectives, krs, kpis = records["O"], records["KR"], records["K"]
    for objective_id, objective in objectives.items():
        parent = objective.get("parent")
        if parent and parent not in objectives:
            found.problems.append(f"{objective_id} is aligned to {parent}, which does not exist")
    _check_cycles(found, objectives)
    for kr_id, kr in krs.items():
        if kr["objective"] not in objectives:
            found.problems.append(f"{kr_id} belongs to {kr['objective']}, which does not exist")
        if kr.get("kpi") and kr["kpi"] not in kpis:
            found.problems.append(f"{kr_id} follows {kr['kpi']}, which does not exist")
    for initiative_id, initiative in records["I"].items():
        owner, kr_id = initiative["objective"], initiative.get("kr")
        if owner not in objectives:
            found.problems.append(f"{initiative_id} belongs to {owner}, which does not exist")
        if kr_id and kr_id not in krs:
            found.problems.append(f"{initiative_id} belongs to {kr_id}, which does not exist")
        elif kr_id and krs[kr_id]["objective"] != owner:
            found.problems.append(
                f"{initiative_id} belongs to {owner} but to {kr_id}, a key result of {krs[kr_id]['objective']}"
            )


def _check_cycles(found: Diagnosis, objectives: dict) -> None:
    for objective_id, objective in objectives.items():
        seen, cursor = {objective_id}, objective.get("parent")
        while cursor in objectives:
            if cursor in seen:
                found.problems.append(f"{objective_id} is part of an alignment cycle")
                break
            seen.add(cursor)
            cursor = objectives[cursor].get("parent")


def _check_duplicates(found: Diagnosis, records: dict) -> None:
    """Two KPIs with one key, a key that reads as an id, an objective carried on twice."""
    for key, ids in _grouped(records["K"], "key").items():
        if len(ids) > 1:
            found.problems.append(f"{_listed(ids)} have the same key {key}")
    for kpi_id, kpi in records["K"].items():
        if ID_LIKE_RE.match(kpi["key"]):
            found.problems.append(
                f"{kpi_id} has the key {kpi['key']}, which reads as the id {kpi['key'].upper()}: give it another key"
            )
    for original, ids in _grouped(records["O"], "carried_from").items():
        if len(ids) > 1:
            found.problems.append(
                f"{_listed(ids)} are both carried from {original}"
                if len(ids) == 2
                else f"{_listed(ids)} are all carried from {original}"
            )


def _grouped(by_id: dict[str, dict], field_name: str) -> dict[str, list[str]]:
    """Record ids by the value of one of their fields (records without it left out)."""
    groups: dict[str, list[str]] = {}
    for record_id, doc in by_id.items():
        if doc.get(field_name):
            groups.setdefault(doc[field_name], []).append(record_id)
    return groups


def _listed(ids: list[str]) -> str:
    """``K-1 and K-3``, ``K-1, K-3 and K-4``, in id order."""
    ordered = sorted(ids, key=lambda record_id: int(record_id.rsplit("-", 1)[1]))
    return ", ".join(ordered[:-1]) + f" and {ordered[-1]}"


@dataclass(frozen=True)
class BackupInfo:
    """One backup of the data file, newest first: listed from its name and size alone (a big file's backups are not
    parsed to list them); whether it can be used is checked when it is chosen."""

    number: int
    path: Path
    modified: datetime
    size: int


def backups(path: Path) -> list[BackupInfo]:
    """The file's backups, newest first by the date in their name (number 1 is the newest)."""
    listed = []
    for number, backup in enumerate(reversed(list_backups(path)), start=1):
        try:
            status = backup.lstat()
        except OSError:
            continue  # removed since it was listed
        listed.append(BackupInfo(number, backup, datetime.fromtimestamp(status.st_mtime), status.st_size))
    return listed


def choose_backup(path: Path, choice: str) -> BackupInfo:
    """A backup by its number in the list (1 = newest), its file name, or its path."""
    listed = backups(path)
    for info in listed:
        if choice.strip() in (str(info.number), info.path.name, str(info.path)):
            return info
    names = ", ".join(f"{info.number} ({info.path.name})" for info in listed) or "none"
    raise BadInput(f"no backup {choice!r} of {path}; backups: {names}")


def restore(
    path: Path, choice: str, *, read_only: bool = False, by: str = "unknown", day: str | None = None
) -> tuple[BackupInfo, Path | None]:
    """Put a usable backup in place of the data file, under the lock; the replaced file is kept beside it. The
    restore is journaled (by ``by``, taking effect on ``day``) as one change of every record it changes.

    Returns the backup and where the replaced file was kept (None when there was no file).
    """
    storage = SafeStorage(path, read_only=read_only)
    if read_only:
        raise ReadOnlyError(f"{storage.path} is open read-only: nothing was changed (a restore replaces the file)")
    info = choose_backup(storage.path, choice)
    problem = backup_problem(info.path)
    if problem is not None:
        raise BadInput(f"backup {info.path.name} can't be used either: {problem}")
    try:
        payload = read_regular(info.path)
    except OSError as error:
        raise DataFileError(f"can't read the backup {info.path}: {error.strerror}") from None
    entry = journal.new_entry(
        [], by=by, command="doctor --restore", day=day or date.today().isoformat(), restored=info.path.name
    )
    return info, storage.replace_whole(payload, entry=entry)


def repair_journal(path: Path) -> tuple[int, Path | None]:
    """Drop the journal's damaged and uncommitted lines (the old journal is kept beside it): (lines dropped, where the
    old journal was kept, None when nothing needed repair)."""
    return SafeStorage(path).repair_journal()
