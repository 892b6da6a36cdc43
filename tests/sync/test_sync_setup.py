"""``okrtui git setup`` (what it writes, again and again) and the merge driver run by hand on bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from sync_support import OKRTUI, Clone, git, git_env, records, seed


def _repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main", "team")
    clone = Clone(tmp_path / "team", "alice")
    seed(clone)
    return clone


def test_setup_registers_both_drivers_once(tmp_path):
    clone = _repo(tmp_path)

    said = clone.ok("git", "setup")

    assert ".gitattributes: added okrs.json merge=okrtui" in said
    assert ".gitattributes: added okrs.json.journal merge=okrtui-journal" in said
    attributes = (clone.path / ".gitattributes").read_text()
    assert attributes == "okrs.json merge=okrtui\nokrs.json.journal merge=okrtui-journal\n"
    driver = clone.git("config", "--get", "merge.okrtui.driver").out.strip()
    assert driver == f"{OKRTUI} git merge-driver %O %A %B %P"
    journal_driver = clone.git("config", "--get", "merge.okrtui-journal.driver").out.strip()
    assert journal_driver == f"{OKRTUI} git merge-driver --journal %O %A %B %P"
    assert clone.git("check-attr", "merge", "okrs.json").out.strip() == "okrs.json: merge: okrtui"
    assert clone.git("status", "--porcelain", "--ignored").out.count("okrs.json.lock") == 1  # ignored, not untracked
    assert "?? okrs.json.lock" not in clone.git("status", "--porcelain").out
    config = (clone.path / ".git" / "config").read_bytes()
    exclude = (clone.path / ".git" / "info" / "exclude").read_bytes()

    again = clone.ok("git", "setup")

    assert "added" not in again
    assert "git config merge.okrtui.driver is set already" in again
    assert (clone.path / ".gitattributes").read_text() == attributes
    assert (clone.path / ".git" / "config").read_bytes() == config
    assert (clone.path / ".git" / "info" / "exclude").read_bytes() == exclude


def test_setup_outside_a_repository_is_bad_input(tmp_path):
    clone = Clone(tmp_path, "alice")
    clone.ok("init", "--demo")
    ran = clone.okr("git", "setup")
    assert ran.code == 2
    assert ran.err.startswith("okrtui: ")
    assert "not inside a git repository" in ran.err
    assert len(ran.err.splitlines()) == 1
    assert not (tmp_path / ".gitattributes").exists()


def _driver(cwd, *args):
    return subprocess.run(
        [str(OKRTUI), "git", "merge-driver", *map(str, args)], cwd=cwd, capture_output=True, text=True, env=git_env()
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: '{"objectives": {"1": <<<<<<< HEAD\n',
        lambda text: text.replace('"objectives": {\n    "1": {', '"objectives": {\n    "one": {', 1),
    ],
    ids=["conflict markers", "a record key that is no number"],
)
def test_an_unusable_version_stops_the_merge_and_leaves_ours_as_it_was(tmp_path, damage):
    clone = _repo(tmp_path)
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    for path in (base, theirs):
        shutil.copy(clone.db, path)
    ours.write_text(damage(clone.db.read_text()))
    assert ours.read_text() != clone.db.read_text()
    before = ours.read_bytes()

    done = _driver(clone.path, base, ours, theirs, "okrs.json")

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("okrtui: can't merge okrs.json: ours' version can't be used:")
    assert len(done.stderr.splitlines()) == 1
    assert ours.read_bytes() == before


def test_the_merged_file_keeps_the_mode_and_format_of_the_data_file(tmp_path):
    clone = _repo(tmp_path)
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    shutil.copy(clone.db, base)
    clone.ok("kr", "checkin", "KR-1", "45")
    shutil.copy(clone.db, ours)
    shutil.copy(base, clone.db)
    clone.ok("kr", "checkin", "KR-3", "8100")
    shutil.copy(clone.db, theirs)
    os.chmod(ours, 0o640)

    done = _driver(clone.path, base, ours, theirs, "okrs.json")

    assert done.returncode == 0, done.stderr
    assert os.stat(ours).st_mode & 0o777 == 0o640
    merged = json.loads(ours.read_bytes())
    assert ours.read_bytes() == json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"
    everything = records(merged)
    assert 45 in [c["value"] for c in everything["KR-1"]["checkins"]]
    assert 8100 in [c["value"] for c in everything["KR-3"]["checkins"]]


def test_setup_of_a_link_out_of_the_repository_is_bad_input(tmp_path):
    outside = Clone(tmp_path / "elsewhere", "alice")
    outside.ok("init", "--demo")
    git(tmp_path, "init", "-q", "-b", "main", "team")
    (tmp_path / "team" / "okrs.json").symlink_to(outside.db)
    linked = Clone(tmp_path / "team", "alice")

    ran = linked.okr("git", "setup")

    assert ran.code == 2
    assert ran.err.startswith("okrtui: ") and "is not inside the git repository" in ran.err
    assert len(ran.err.splitlines()) == 1
    assert not (tmp_path / "team" / ".gitattributes").exists()
