"""Teams that sync the data file through git: the merge driver git runs, ``okrtui git setup`` that registers it, and
the conflicts a merge leaves (``okrtui git conflicts``). The merging itself is :mod:`okrtui.services.sync`.

git merges the data file and its journal one at a time, each with its own driver run, in an order of its choosing. Each
run needs the other file too (the journal's commit point lives in the data file; the journal's entries follow the
data's renumbered ids), so each finds the other file's three versions in the commits that hold its own three (by blob
id) and computes the same merge of both: the two runs agree whichever comes first.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from okrtui.errors import BadInput, DataFileError, NotFound
from okrtui.services import sync
from okrtui.services.workspace import Workspace, resolve_actor, resolve_today
from okrtui.store import files, journal, migrations
from okrtui.store.repository import document_problems
from okrtui.store.storage import SafeStorage, dump_bytes

DRIVER = "okrtui"
JOURNAL_DRIVER = "okrtui-journal"
CONFLICTS_SUFFIX = ".conflicts"
SEARCHED_COMMITS = 5000
"""How many commits that changed the file are searched for the versions a merge is given."""
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/+@,=-]+")


def _git(*args: str, cwd: Path | None = None, input: bytes | None = None, check: bool = True) -> bytes:
    """Run git; its failure is a BadInput naming the command (never a traceback)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise BadInput("git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise BadInput(f"git {args[0]} failed: {reason[-1] if reason else f'exit {done.returncode}'}")
    return done.stdout


# -- setup ------------------------------------------------------------------------------------------------------------


def driver_command() -> str:
    """How git should run this okrtui: the console script beside this Python (a full path, so git finds it without
    the virtual environment on PATH), else this Python with ``-m okrtui``."""
    script = Path(sys.executable).parent / "okrtui"
    if script.is_file() and os.access(script, os.X_OK):
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m okrtui"


def setup(data_path: Path) -> list[str]:
    """Register the merge drivers for ``data_path`` in the git repository holding it: the ``.gitattributes`` lines at
    its top, the local git config, and the files beside the data file that are never committed (info/exclude). Does
    only what is missing; returns a line for each thing done or found done."""
    data_path = data_path.expanduser().absolute()
    folder = data_path.parent
    if not folder.is_dir():
        raise BadInput(f"the folder of {data_path} does not exist")
    top = _git("rev-parse", "--show-toplevel", cwd=folder, check=False).decode().strip()
    if not top:
        raise BadInput(f"{folder} is not inside a git repository: run git init (or clone) first")
    try:
        rel = Path(os.path.realpath(data_path)).relative_to(os.path.realpath(top)).as_posix()
    except ValueError:  # a symbolic link out of the repository
        raise BadInput(f"{data_path} is not inside the git repository at {top} (it is a link out of it)") from None
    if not _PLAIN_PATH.fullmatch(rel):
        raise BadInput(f"the data file's path in the repository ({rel!r}) has spaces or wildcards: rename it")
    done = _add_lines(Path(top) / ".gitattributes", [f"{rel} merge={DRIVER}", f"{rel}.journal merge={JOURNAL_DRIVER}"])
    command = driver_command()
    settings = {
        f"merge.{DRIVER}.name": "okrtui data file, merged record by record",
        f"merge.{DRIVER}.driver": f"{command} git merge-driver %O %A %B %P",
        f"merge.{JOURNAL_DRIVER}.name": "okrtui journal, merged entry by entry",
        f"merge.{JOURNAL_DRIVER}.driver": f"{command} git merge-driver --journal %O %A %B %P",
    }
    for key, value in settings.items():
        current = _git("config", "--local", "--get", key, cwd=Path(top), check=False).decode().rstrip("\n")
        if current == value:
            done.append(f"git config {key} is set already")
        else:
            _git("config", "--local", key, value, cwd=Path(top))
            done.append(f"git config {key} {shlex.quote(value)}")
    exclude = _git("rev-parse", "--git-path", "info/exclude", cwd=Path(top)).decode().strip()
    exclude_path = Path(exclude) if os.path.isabs(exclude) else Path(top) / exclude
    ignored = [f"/{rel}{suffix}" for suffix in (".lock", ".backups/", ".replaced-*", CONFLICTS_SUFFIX)]
    done += _add_lines(exclude_path, ignored)
    return done


def _add_lines(path: Path, lines: list[str]) -> list[str]:
    """Append the ``lines`` missing from the text file ``path`` (made when missing)."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"can't read {path}: {error}") from None
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    done = [f"{path.name}: {line} (there already)" for line in lines if line in present]
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if text and not text.endswith("\n") else "") + "".join(line + "\n" for line in missing))
        done += [f"{path.name}: added {line}" for line in missing]
    return done


# -- finding the other file's versions --------------------------------------------------------------------------------


def sibling_versions(path: str, sibling: str, files: tuple[Path, Path, Path]) -> tuple[bytes, bytes, bytes] | None:
    """The base, ours and theirs versions of ``sibling`` that were committed with the given versions of ``path``: the
    commits holding them are found by blob id. A base that was not committed (the file was new on both sides, a
    virtual merge base) is taken from the merge base of ours' and theirs' commits. None when ours' or theirs' commit
    can't be found (an unreachable commit). A file not there in a commit is empty."""
    blobs = _git("hash-object", "--no-filters", "--", *map(str, files), check=False).decode().split()
    if len(blobs) != 3:
        return None
    heads = _merge_heads()
    searched = ("log", "--all", "--reflog", *heads, f"-n{SEARCHED_COMMITS}", "--format=%H", "--", path)
    commits = ["HEAD", *heads, *_git(*searched, check=False).decode().split()]
    checked = _git("cat-file", "--batch-check", input="".join(f"{c}:{path}\n" for c in commits).encode(), check=False)
    found: dict[str, str] = {}
    for commit, line in zip(commits, checked.decode().splitlines(), strict=False):
        found.setdefault(line.split(" ", 1)[0], commit)
    base, ours, theirs = (found.get(blob) for blob in blobs)
    if ours is None or theirs is None:
        return None
    if base is None:
        base = _git("merge-base", ours, theirs, check=False).decode().strip() or None
    return _at(base, sibling), _at(ours, sibling), _at(theirs, sibling)


def _at(commit: str | None, path: str) -> bytes:
    """A file's bytes in a commit (empty when it is not there, or there is no commit)."""
    return _git("cat-file", "-p", f"{commit}:{path}", check=False) if commit else b""


_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def _merge_heads() -> list[str]:
    """The commits a merge under way takes in that no ref may name yet: what ``git pull URL`` fetched (FETCH_HEAD),
    the heads git names in the environment of a merge (GITHEAD_<id>), and those a stopped merge, cherry-pick or rebase
    keeps."""
    heads = [name.removeprefix("GITHEAD_") for name in os.environ if name.startswith("GITHEAD_")]
    for name in ("FETCH_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD", "ORIG_HEAD"):
        where = _git("rev-parse", "--git-path", name, check=False).decode().strip()
        with contextlib.suppress(OSError, UnicodeDecodeError):
            heads += [line.split()[0] for line in Path(where).read_text().splitlines() if line.strip()]
    return list(dict.fromkeys(head for head in heads if _SHA.fullmatch(head)))


# -- the driver -------------------------------------------------------------------------------------------------------


@dataclass
class Merged:
    """Both files merged: the data's bytes, the journal's (None when its versions weren't found) and what happened."""

    data: bytes
    journal: bytes | None
    merge: sync.DataMerge
    problems: list[str] = field(default_factory=list)


def _parse(path: str, raw: bytes, side: str) -> dict:
    storage = SafeStorage(Path(path), read_only=True)
    storage.accept_empty = side == "base"
    try:
        data = storage.decode(raw)[0]
    except DataFileError as error:
        raise DataFileError(f"can't merge {path}: {side}' version can't be used: {error.message}") from None
    problems = document_problems(data)
    if problems:
        raise DataFileError(f"can't merge {path}: {side}' version can't be used: {problems[0]}")
    return data


def merge_both(path: str, data: tuple[bytes, bytes, bytes], journals: tuple[bytes, bytes, bytes] | None) -> Merged:
    """Merge the data file's three versions and, when given, its journal's (base, ours, theirs)."""
    base, ours, theirs = (_parse(path, raw, side) for raw, side in zip(data, ("base", "ours", "theirs"), strict=True))
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    merge = sync.merge_data(base, ours, theirs, at=at)
    if journals is None:
        ours_last, ours_size = journal.meta_state(ours)
        gained = max(0, journal.meta_state(theirs)[0] - journal.meta_state(base)[0])
        entries = 1 if sync.merge_entry(merge, at=at, by="", day="") else 0
        sync.set_commit_point(merge.data, ours_last + gained + entries, ours_size)
        problems = [f"the versions of {path}.journal merged with it were not found: its commit point is a guess"]
        return Merged(dump_bytes(merge.data), None, merge, problems)
    entry = sync.merge_entry(merge, at=at, by=_who(), day=resolve_today(None).isoformat())
    merged_journal = sync.merge_journals(
        journals[1],
        journals[2],
        ours_last=_committed(ours),
        theirs_last=_committed(theirs),
        ours_map=merge.adopted_ours,
        theirs_map=merge.theirs_map,
        merge_entry=entry,
    )
    if journal.meta_state(ours)[1] is None and journal.meta_state(theirs)[1] is None:
        sync.set_commit_point(merge.data, 0, None)  # files older than the journal stay so
    else:
        sync.set_commit_point(merge.data, merged_journal.last, merged_journal.size)
    return Merged(dump_bytes(merge.data), merged_journal.content, merge)


def _committed(data: dict) -> int | None:
    last, size = journal.meta_state(data)
    return last if size is not None else None


def _who() -> str:
    try:
        return resolve_actor(None)
    except BadInput:
        return "unknown"


def drive(base: Path, ours: Path, theirs: Path, path: str, *, journal_file: bool) -> tuple[int, list[str]]:
    """What git runs for one file: merge it (with its sibling's versions found in the commits), write the result over
    ``ours``, and for the data file keep the conflicts beside it. Returns the exit code (1: conflicts) and the lines
    to print."""
    files = (base, ours, theirs)
    if journal_file:
        data_path = path.removesuffix(".journal")
        data = sibling_versions(path, data_path, files)
        journals = _read(files)
        if data is None:
            plain = sync.merge_journals(
                journals[1], journals[2], ours_last=None, theirs_last=None, ours_map={}, theirs_map={}, merge_entry=None
            )
            _write(ours, plain.content)
            return 0, [f"warning: the versions of {data_path} merged with {path} were not found: ids left as they were"]
        merged = merge_both(data_path, data, journals)
        _write(ours, merged.journal or b"")
        return 0, []
    merged = merge_both(path, _read(files), sibling_versions(path, f"{path}.journal", files))
    _write(ours, merged.data)
    lines = [f"warning: {problem}" for problem in merged.problems] + report_lines(merged.merge)
    _keep_conflicts(Path(path), merged.merge.conflicts)
    return (1 if merged.merge.conflicts else 0), lines


def _read(files: tuple[Path, Path, Path]) -> tuple[bytes, bytes, bytes]:
    try:
        base, ours, theirs = (file.read_bytes() for file in files)
    except OSError as error:
        raise DataFileError(f"can't read {error.filename}: {error.strerror}") from None
    return base, ours, theirs


def _write(path: Path, content: bytes) -> None:
    """Over git's temp file in place: it keeps its mode."""
    with path.open("r+b") as handle:
        handle.write(content)
        handle.truncate()


def report_lines(merge: sync.DataMerge) -> list[str]:
    """What a merge says: each renumbered id and renamed KPI key, each conflict."""
    lines = [f"git merge: theirs' {old} is now {new} (both sides made {old})" for old, new in merge.renamed.items()]
    lines += [
        f"git merge: our {old} is now {new} (an earlier merge renumbered it on theirs' side)"
        for old, new in merge.adopted_ours.items()
    ]
    lines += [f"git merge: theirs' KPI key {old} is now {new} ({kpi})" for kpi, (old, new) in merge.keys.items()]
    lines += [f"conflict: {conflict_text(conflict.as_json())}" for conflict in merge.conflicts]
    if merge.conflicts:
        lines.append(f"{len(merge.conflicts)} conflict(s), ours kept for now: okrtui git conflicts lists them")
    return lines


def conflict_text(conflict: dict) -> str:
    """``KR-3 title: ours 'A', theirs 'B' (changed on both sides)``."""
    what = f"{conflict['record']} {conflict['field']}" if conflict.get("field") else str(conflict["record"])
    if conflict.get("field") in (None, "carried_from"):
        return f"{what}: {conflict['reason']}"
    return f"{what}: ours {_shown(conflict['ours'])}, theirs {_shown(conflict['theirs'])} ({conflict['reason']})"


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    return orjson.dumps(value).decode() if not isinstance(value, str) else repr(value)


# -- the conflicts file -----------------------------------------------------------------------------------------------


def conflicts_path(data_path: Path) -> Path:
    """Where a merge keeps its conflicts: ``<data file>.conflicts`` beside it."""
    return data_path.with_name(data_path.name + CONFLICTS_SUFFIX)


def _keep_conflicts(data_path: Path, conflicts: list[sync.Conflict]) -> None:
    _store(data_path, [conflict.as_json() for conflict in conflicts])


def _store(data_path: Path, conflicts: list[dict]) -> None:
    """Keep ``conflicts`` beside the data file (atomically, never more readable than it: they hold its values), or
    remove the file when there are none."""
    path = conflicts_path(data_path)
    if not conflicts:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    payload = orjson.dumps({"conflicts": conflicts}, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    try:
        like = data_path.stat()
    except FileNotFoundError:
        like = None
    try:
        with files.open_folder(path.parent) as folder_fd:
            files.write_new(folder_fd, path.name, payload, mode=files.shared_mode(data_path), like=like)
    except OSError as error:
        raise DataFileError(f"can't write {path}: {error.strerror}") from None


def read_conflicts(data_path: Path) -> list[dict]:
    """The conflicts the last merge of ``data_path`` left (none when there is no conflicts file)."""
    path = conflicts_path(data_path)
    try:
        stored = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, orjson.JSONDecodeError) as error:
        raise DataFileError(f"can't read {path}: {error}") from None
    conflicts = stored.get("conflicts") if isinstance(stored, dict) else None
    if not isinstance(conflicts, list) or not all(_is_conflict(conflict) for conflict in conflicts):
        raise DataFileError(f"{path} is damaged: not a list of conflicts; delete it and merge again")
    return conflicts


def _is_conflict(conflict: Any) -> bool:
    return (
        isinstance(conflict, dict)
        and isinstance(conflict.get("record"), str)
        and sync.ID_RE.fullmatch(conflict["record"]) is not None
        and (conflict.get("field") is None or isinstance(conflict.get("field"), str))
        and isinstance(conflict.get("reason", ""), str)
    )


def pending_conflicts(data_path: Path) -> tuple[list[dict], str | None]:
    """The conflicts of the merge under way, and why there are none when a conflicts file was left by a merge that is
    no longer under way (finished with ``git add`` or aborted: taking them would change the file behind git's back);
    such a file is removed."""
    conflicts = read_conflicts(data_path)
    if not conflicts or _unmerged(data_path) is not False:
        return conflicts, None
    with contextlib.suppress(FileNotFoundError):
        conflicts_path(data_path).unlink()
    return [], (
        f"no merge of {data_path.name} is under way (git has it merged or the merge was aborted): "
        f"the conflicts kept in {conflicts_path(data_path).name} were stale and are removed"
    )


def _unmerged(data_path: Path) -> bool | None:
    """Whether git holds ``data_path`` as unmerged (None: it isn't in a git work tree, or git can't say)."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "--unmerged", "--", data_path.name],
            cwd=data_path.parent,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    return bool(done.stdout.strip()) if done.returncode == 0 else None


def matches(conflict: dict, record: str | None, name: str | None) -> bool:
    if record is not None and conflict["record"].upper() != record.upper():
        return False
    return name is None or (conflict.get("field") or "") == name


def take(ws: Workspace, side: str, record: str | None = None, name: str | None = None) -> tuple[list[dict], int]:
    """Resolve the conflicts (all, a record's, or one field's) by taking ``side`` (ours or theirs): one journaled
    change for all of them. Returns the conflicts taken and how many are left."""
    path = ws.repo.path
    conflicts, stale = pending_conflicts(path)
    if stale:
        raise BadInput(stale)
    chosen = [conflict for conflict in conflicts if matches(conflict, record, name)]
    if not chosen:
        what = f" of {record}{' ' + name if name else ''}" if record else ""
        raise NotFound(f"no conflict{what} in {conflicts_path(path)}" if conflicts else "no conflicts to resolve")
    deleted: list[str] = []
    with ws.repo.transaction():
        for conflict in chosen:
            _apply(ws, conflict, side, deleted)
        _check_names(ws.repo.storage.read(), deleted)
        _check_records(ws.repo.storage.read(), {conflict["record"] for conflict in chosen}, side)
    left = [conflict for conflict in conflicts if conflict not in chosen]
    _store(path, left)
    return chosen, len(left)


def _apply(ws: Workspace, conflict: dict, side: str, deleted: list[str]) -> None:
    record, name, value = conflict["record"], conflict.get("field"), conflict.get(side)
    prefix = record.rsplit("-", 1)[0]
    data = ws.repo.storage.read()
    table = data.get(migrations.RECORD_TABLES.get(prefix, ""), {})
    present = record.rsplit("-", 1)[1] in table
    if name == "carried_from":
        loser = conflict["theirs"] if side == "ours" else conflict["ours"]
        _delete_objective(ws, loser, deleted)
    elif name is None:
        if value is None and present:
            ws.repo.raw_delete(prefix, record)
            deleted.append(record)
    elif present and side == "theirs":
        ws.repo.raw_update(prefix, record, lambda doc: _set(doc, name, value), author=ws.actor)


def _set(doc: dict, name: str, value: Any) -> None:
    if name.startswith("history."):
        history = doc.setdefault("history", {})
        day = name.removeprefix("history.")
        if value is None:
            history.pop(day, None)
        else:
            history[day] = value
            doc["history"] = dict(sorted(history.items()))
    elif value is None:
        doc.pop(name, None)
    else:
        doc[name] = value


def _delete_objective(ws: Workspace, objective_id: str, deleted: list[str]) -> None:
    """An objective carried on twice: the copy not taken goes, with its key results and initiatives."""
    data = ws.repo.storage.read()
    number = objective_id.rsplit("-", 1)[1]
    if number not in data.get("objectives", {}):
        return
    for prefix in ("I", "KR"):
        for key, doc in list(data.get(migrations.RECORD_TABLES[prefix], {}).items()):
            if doc.get("objective") == objective_id:
                ws.repo.raw_delete(prefix, f"{prefix}-{key}")
                deleted.append(f"{prefix}-{key}")
    ws.repo.raw_delete("O", objective_id)
    deleted.append(objective_id)


def _check_records(data: dict, record_ids: set[str], side: str) -> None:
    """Every record a side was taken for is still one its model takes."""
    records = sync.records_of(data)
    for record_id in sorted(record_ids):
        doc = records.get(record_id.rsplit("-", 1)[0], {}).get(record_id)
        problem = sync.record_problem(record_id, doc) if doc is not None else None
        if problem:
            raise BadInput(
                f"taking {side} makes {record_id} invalid ({problem}): take it for all of {record_id}'s conflicts at "
                "once, or keep ours; nothing was changed"
            )


def _check_names(data: dict, deleted: list[str]) -> None:
    """Nothing left may name a record taken away, and no objective may become its own ancestor."""
    gone = set(deleted)
    records = sync.records_of(data)
    for prefix, by_id in records.items():
        for record_id, doc in by_id.items():
            for name in sync.REFERENCES[prefix]:
                if doc.get(name) in gone:
                    raise BadInput(
                        f"{record_id} still names {doc[name]} ({name}): keep {doc[name]} (take the side that kept "
                        f"it), or take {record_id} away first (its conflict, or okrtui's delete); nothing was changed"
                    )
    objectives = records["O"]
    for objective_id in objectives:
        seen, cursor = {objective_id}, objectives[objective_id].get("parent")
        while cursor in objectives:
            if cursor in seen:
                raise BadInput(f"that would make {objective_id} its own ancestor: take ours; nothing was changed")
            seen.add(cursor)
            cursor = objectives[cursor].get("parent")
