"""Clones of a team repository for the git merge tests: real git, the real merge driver (git runs the installed
``okrtui`` script), okrtui's own commands run in-process for speed (the driver never is)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import okrtui.cli

TODAY = "2026-11-22"
DATA = "okrs.json"
OKRTUI = Path(sys.executable).parent / "okrtui"
REFERENCES = {"parent", "carried_from", "objective", "kpi", "kr"}
TABLES = {"O": "objectives", "KR": "key_results", "I": "initiatives", "K": "kpis"}


def git_env(name: str = "tester") -> dict[str, str]:
    """No global or system git config, no editor, a fixed today and actor for the driver okrtui runs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "OKRTUI_"))}
    env.update(
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_MERGE_AUTOEDIT="no",
        GIT_TERMINAL_PROMPT="0",
        OKRTUI_TODAY=TODAY,
        OKRTUI_USER=name,
    )
    return env


@dataclass
class Ran:
    code: int
    out: str
    err: str


def git(cwd: Path, *args: str, check: bool = True, name: str = "tester") -> Ran:
    """Run git in ``cwd``; ``check``: insist on exit 0."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=git_env(name), timeout=120)
    if check:
        assert done.returncode == 0, f"git {' '.join(args)} -> {done.returncode}: {done.stdout}{done.stderr}"
    return Ran(done.returncode, done.stdout, done.stderr)


class Clone:
    """One person's clone: ``okr(...)`` runs okrtui on its data file as that person, ``git(...)`` runs git in it."""

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        self.db = path / DATA

    def okr(self, *args: str) -> Ran:
        argv = ["--db", str(self.db), "--today", TODAY, "--as", self.name, *args]
        env: dict[str, str | None] = {name: None for name in os.environ if name.startswith("OKRTUI_")}
        with CliRunner().isolation(env=env) as (out, err, _):
            try:
                okrtui.cli.main(argv)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
            else:
                pytest.fail("okrtui.cli.main returned instead of exiting")
            sys.stdout.flush()
            sys.stderr.flush()
            return Ran(code, out.getvalue().decode(), err.getvalue().decode())

    def ok(self, *args: str) -> str:
        """Run okrtui, insist on exit 0, return stdout stripped (an add prints the new id)."""
        ran = self.okr(*args)
        assert ran.code == 0, f"{self.name}: okrtui {' '.join(args)} -> {ran.code}: {ran.err}"
        return ran.out.strip()

    def git(self, *args: str, check: bool = True) -> Ran:
        return git(self.path, *args, check=check, name=self.name)

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def pull(self, other: Clone | str, check: bool = True) -> Ran:
        """Merge another clone's main (a path) or the origin's into this one."""
        source = str(other.path) if isinstance(other, Clone) else other
        return self.git("pull", "-q", "--no-rebase", "--no-edit", source, "main", check=check)

    def data(self) -> dict:
        return json.loads(self.db.read_bytes())

    def journal_entries(self) -> list[dict]:
        return [json.loads(line) for line in (self.path / f"{DATA}.journal").read_text().splitlines() if line]

    def healthy(self) -> None:
        """``okrtui doctor`` exits 0 on this clone's file."""
        ran = self.okr("doctor")
        assert ran.code == 0, ran.out + ran.err
        assert "is healthy" in ran.out, ran.out

    def healthy_script(self) -> None:
        """The same, from the installed script in a process of its own."""
        done = subprocess.run(
            [str(OKRTUI), "--db", str(self.db), "doctor"], capture_output=True, text=True, env=git_env(self.name)
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "is healthy" in done.stdout, done.stdout


def seed(clone: Clone) -> None:
    """The records every test starts from (its own, so a change of the demo data changes no test): 2026-Q4, ids in
    order O-1..O-5, KR-1..KR-8, I-1..I-4, K-1..K-3.

    O-1 company; O-2 Sales (parent O-1: KR-1 59 -> 38 days with two check-ins, KR-2 conversion >= 9 following K-2,
    KR-3 contract value >= 8000; I-1, I-2 on KR-1); O-3 personal (parent O-2: KR-4); O-4 People (parent O-1: KR-5,
    KR-6); O-5 Marketing (parent O-1: KR-7, KR-8; I-3, I-4 on O-5). KPIs mrr, conversion, churn with a few values.
    """
    clone.ok("init")
    mrr = clone.ok("kpi", "add", "Monthly recurring revenue", "--key", "mrr", "--target", "200000", "--warn", "170000")
    clone.ok("kpi", "add", "Conversion rate", "--key", "conversion", "--target", "9", "--unit", "%")
    clone.ok("kpi", "add", "Customer churn", "--key", "churn", "--target", "2", "--warn", "3", "--direction", "down")
    for day, value in (("2026-10-01", "170000"), ("2026-11-01", "180000")):
        clone.ok("kpi", "record", mrr, value, "--date", day)
    clone.ok("kpi", "record", "churn", "2.7", "--date", "2026-11-01")
    company = clone.ok("objective", "add", "Become the go-to platform", "--owner", "maria")
    sales = clone.ok("objective", "add", "Shorten the sales lifecycle", "--team", "Sales", "--parent", company)
    personal = clone.ok("objective", "add", "Close five deals myself", "--team", "Sales", "--parent", sales)
    people = clone.ok("objective", "add", "Improve well-being", "--team", "People", "--parent", company)
    marketing = clone.ok("objective", "add", "Grow demo sign-ups", "--team", "Marketing", "--parent", company)
    cycle = clone.ok("kr", "add", sales, "Average sales cycle", "--start", "59", "--target", "38", "--unit", "days")
    for day, value in (("2026-10-08", "58"), ("2026-10-22", "54")):
        clone.ok("kr", "checkin", cycle, value, "--date", day)
    clone.ok("kr", "add", sales, "Keep conversion", "--at-least", "9", "--kpi", "conversion")
    clone.ok("kr", "add", sales, "Keep contract value", "--at-least", "8000")
    clone.ok("kr", "add", personal, "Enterprise deals closed", "--start", "0", "--target", "5")
    clone.ok("kr", "add", people, "Employee NPS", "--start", "12", "--target", "30")
    clone.ok("kr", "add", people, "Sick days at most 1.5", "--at-most", "1.5")
    clone.ok("kr", "add", marketing, "Demo sign-ups per month", "--start", "120", "--target", "200")
    clone.ok("kr", "add", marketing, "Webinar attendees", "--start", "40", "--target", "120")
    clone.ok("initiative", "add", cycle, "Mutual action plans", "--owner", "alice")
    clone.ok("initiative", "add", cycle, "Security questionnaire", "--owner", "bob")
    clone.ok("initiative", "add", marketing, "Webinar series", "--owner", "chen")
    clone.ok("initiative", "add", marketing, "Pricing page", "--owner", "gwen")


def make_team(root: Path, names: list[str], prepare: Any = None) -> list[Clone]:
    """An origin and one clone per name: the first makes the seed records (and what ``prepare(clone)`` adds), sets
    up the merge driver and pushes; each other clone clones it and runs ``okrtui git setup`` too."""
    origin = root / "origin.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(origin))
    first = Clone(root / names[0], names[0])
    git(root, "init", "-q", "-b", "main", str(first.path))
    _configure(first)
    seed(first)
    if prepare is not None:
        prepare(first)
    first.ok("git", "setup")
    first.commit("seed records")
    first.git("remote", "add", "origin", str(origin))
    first.git("push", "-q", "origin", "main")
    clones = [first]
    for name in names[1:]:
        clone = Clone(root / name, name)
        git(root, "clone", "-q", "-b", "main", str(origin), str(clone.path))
        _configure(clone)
        clone.ok("git", "setup")
        clones.append(clone)
    return clones


def _configure(clone: Clone) -> None:
    clone.git("config", "user.name", clone.name)
    clone.git("config", "user.email", f"{clone.name}@example.com")


def records(data: dict) -> dict[str, dict]:
    """Every record of a data file by id."""
    return {f"{prefix}-{key}": doc for prefix, table in TABLES.items() for key, doc in data.get(table, {}).items()}


def by_title(data: dict, title: str) -> dict:
    """The one record titled (or, a KPI, named) ``title``."""
    found = [doc for doc in records(data).values() if title in (doc.get("title"), doc.get("name"))]
    assert len(found) == 1, (title, [doc["id"] for doc in found])
    return found[0]


def canonical(data: dict) -> list[str]:
    """The records as a sorted list of JSON texts that don't depend on ids: each record without its id, rev and
    author, its references given as the title of the record they name, its check-ins in a fixed order. Two files
    hold "the same records" when these are equal (every title in a test is unique)."""
    by_id = records(data)
    names = {
        record_id: f"{record_id.split('-')[0]}:{doc.get('title') or doc.get('name')}"
        for record_id, doc in by_id.items()
    }
    texts = []
    for record_id, doc in by_id.items():
        plain = {key: value for key, value in doc.items() if key not in ("id", "rev", "updated_by")}
        for key in REFERENCES & plain.keys():
            plain[key] = names.get(plain[key], f"missing {plain[key]}")
        if "checkins" in plain:
            plain["checkins"] = sorted(plain["checkins"], key=lambda item: json.dumps(item, sort_keys=True))
        texts.append(f"{record_id.split('-')[0]} {json.dumps(plain, sort_keys=True)}")
    return sorted(texts)
