"""The example hooks of examples/hooks, installed as a user would (copied into the hooks folder) and run by the real
CLI: the git commit after every change in a real git repository, the chat alert posted to a real local web server
through curl, the mail handed to a sendmail on PATH (a script that keeps what it is given)."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "hooks"
TRICKY = 'Grow "fast" $(touch pwned) `id` <!channel> & @here \\ end'
"""A title full of what a shell, a chat or a mail header would take for something other than text."""


def install(hooks, name: str, as_name: str | None = None) -> None:
    target = hooks.folder / (as_name or name)
    shutil.copyfile(EXAMPLES / name, target)
    target.chmod(0o755)


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(db: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = db.parent
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Team")
    git(folder, "config", "user.email", "team@example.com")
    return folder


def test_the_git_commit_hook_commits_the_file_and_its_journal_after_every_change(okrtui, hooks, repo, db, tmp_path):
    install(hooks, "on-change.git-commit")
    (repo / "notes.txt").write_text("someone's work in progress\n")
    git(repo, "add", "notes.txt")
    for args in (("objective", "add", TRICKY), ("kr", "add", "O-1", "Customers", "--start", "0", "--target", "10")):
        done = okrtui(*args)
        assert (done.code, done.err) == (0, "")
    done = okrtui("kr", "checkin", "KR-1", "4")
    assert (done.code, done.err) == (0, "")

    subjects = git(repo, "log", "--format=%s").splitlines()
    assert subjects[0] == "okrtui C-3: KR-1 check-in 4 on 2026-11-22"
    assert len(subjects) == 3
    assert subjects[2].startswith("okrtui C-1: O-1 created: ")
    assert TRICKY in git(repo, "log", "--format=%B", "-1", "HEAD~2")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["okrtui.json", "okrtui.json.journal"]
    assert git(repo, "status", "--porcelain", "--", "okrtui.json", "okrtui.json.journal") == ""
    assert git(repo, "show", "HEAD:okrtui.json") == db.read_text()
    assert git(repo, "diff", "--cached", "--name-only").split() == ["notes.txt"]  # left staged, not swept in
    assert not list(tmp_path.rglob("pwned"))


def test_the_git_commit_hook_leaves_a_merge_under_way_to_its_own_commit(okrtui, hooks, repo):
    install(hooks, "on-change.git-commit")
    assert okrtui("objective", "add", "Grow").code == 0
    head = git(repo, "rev-parse", "HEAD").strip()
    (repo / ".git" / "MERGE_HEAD").write_text(head + "\n")  # what git leaves while a merge waits for its commit
    done = okrtui("objective", "add", "Keep")
    assert (done.code, done.err) == (0, "")
    assert git(repo, "rev-parse", "HEAD").strip() == head
    assert git(repo, "status", "--porcelain", "--", "okrtui.json") == " M okrtui.json\n"


def test_the_git_commit_hook_does_nothing_outside_a_git_work_tree(okrtui, hooks, db):
    install(hooks, "on-change.git-commit")
    done = okrtui("objective", "add", "Grow")
    assert (done.code, done.err) == (0, "")
    assert not (db.parent / ".git").exists()


class Webhook(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Webhook.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook():
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed (.ci/run installs it)")
    Webhook.received = []
    server = HTTPServer(("127.0.0.1", 0), Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/okr"
    server.shutdown()
    server.server_close()


def test_the_chat_hook_posts_each_alert_with_titles_as_text(okrtui, hooks, webhook):
    install(hooks, "on-alert.chat")
    assert okrtui("kpi", "add", TRICKY, "--key", "signups", "--target", "200", "--warn", "150").code == 0
    assert okrtui("kpi", "record", "signups", "150").code == 0
    assert Webhook.received == []  # amber: no alert
    done = okrtui("kpi", "record", "signups", "20", OKRTUI_CHAT_WEBHOOK=webhook)
    assert (done.code, done.err) == (0, "")
    [(headers, body)] = Webhook.received
    assert headers["Content-Type"] == "application/json"
    text = json.loads(body)["text"]
    escaped = 'Grow "fast" $(touch pwned) `id` &lt;!channel&gt; &amp; @\u2060here \\ end'
    assert text.splitlines() == [
        f"K-1 “{escaped}” is now red (was amber)",
        "after C-3 by tester (kpi record): K-1 value on 2026-11-22 150 → 20",
    ]


def test_the_chat_hook_without_a_webhook_is_a_warning(okrtui, hooks):
    install(hooks, "on-alert.chat")
    assert okrtui("kpi", "add", "Sign-ups", "--key", "signups", "--target", "200", "--warn", "150").code == 0
    assert okrtui("kpi", "record", "signups", "150").code == 0
    done = okrtui("kpi", "record", "signups", "20")
    assert done.code == 0
    assert done.err_lines == [
        "okrtui: warning: hook on-alert.chat exited 2: set OKRTUI_CHAT_WEBHOOK to the chat's incoming-webhook URL "
        "(https://...)"
    ]


def test_the_mail_hook_mails_the_lead_and_a_title_adds_no_header(okrtui, hooks, tmp_path):
    install(hooks, "on-change.mail")
    bin_folder, kept = tmp_path / "bin", tmp_path / "mail.eml"
    bin_folder.mkdir()
    (bin_folder / "sendmail").write_text(f"#!/bin/sh\n[ \"$*\" = '-t -oi' ] || exit 9\ncat > '{kept}'\n")
    (bin_folder / "sendmail").chmod(0o755)
    path = f"{bin_folder}:/usr/bin:/bin"
    title = "Grow\nBcc: evil@example.com"
    done = okrtui("objective", "add", title, PATH=path, OKRTUI_MAIL_TO="lead@example.com")
    assert (done.code, done.err) == (0, "")
    message = message_from_bytes(kept.read_bytes(), policy=default)
    assert message["To"] == "lead@example.com"
    assert message["Subject"] == "okrtui C-1 by tester: O-1 created: Grow\\x0aBcc: evil@example.com"
    assert message["Bcc"] is None
    assert sorted(message.keys()) == ["Content-Transfer-Encoding", "Content-Type", "MIME-Version", "Subject", "To"]
    assert "tester changed O-1 (objective add" in message.get_content()
