"""Two people over real SSH on one data file: a check-in typed in one session shows in the other and in the file.

An sshd on a loopback port serves one account whose keys each carry ``restrict,pty,command="okrtui --as NAME"``
(the one-account set-up in the README). Each session is ``ssh -tt`` inside tmux, driven with send-keys and read with
capture-pane. The tests skip, saying why, only where sshd, ssh or tmux can't be had; CI installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace

TODAY = "2026-11-22"
SSHD = "/usr/sbin/sshd"
TMUX_SOCKET = f"okrtui-test-{os.getpid()}"

missing = [tool for tool in ("ssh", "ssh-keygen", "tmux") if shutil.which(tool) is None]
pytestmark = [
    pytest.mark.ssh,
    pytest.mark.skipif(
        not Path(SSHD).exists() or bool(missing),
        reason=f"needs OpenSSH's server and client and tmux (missing: {', '.join(missing) or SSHD}); "
        ".ci/run installs them",
    ),
    pytest.mark.skipif(
        hasattr(os, "geteuid") and os.geteuid() != 0,
        reason="the test sshd logs into the account it runs as, which needs root here",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Poll ``condition`` every 0.1 s for at most ``timeout`` seconds; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "okrs.json"
    load_demo(Workspace.open(path, actor="lead", today=TODAY))
    return path


@pytest.fixture
def sshd(tmp_path: Path, data_file: Path) -> Iterator[dict]:
    """An sshd on a free loopback port; keys for alice and bob, each forced to run okrtui as its owner."""
    keys = tmp_path / "keys"
    keys.mkdir()
    for name in ("host", "alice", "bob"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    okrtui = Path(sys.executable).with_name("okrtui")
    lines = []
    for name in ("alice", "bob"):
        command = f"env OKRTUI_TODAY={TODAY} {okrtui} --db {data_file} --as {name}"
        lines.append(f'restrict,pty,command="{command}" {(keys / f"{name}.pub").read_text().strip()}')
    authorized = keys / "authorized_keys"
    authorized.write_text("\n".join(lines) + "\n")
    authorized.chmod(0o600)
    port = free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\nAuthorizedKeysFile {authorized}\n"
        f"PidFile {keys / 'sshd.pid'}\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nLogLevel ERROR\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
    server = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(keys / "sshd.log")])
    wait_for(lambda: _listening(port), "sshd to listen")
    yield {"port": port, "keys": keys}
    server.terminate()
    server.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Session:
    """One ``ssh -tt`` session inside tmux."""

    def __init__(self, name: str, sshd: dict) -> None:
        self.name = name
        ssh = (
            f"ssh -tt -i {sshd['keys'] / name} -p {sshd['port']} -o StrictHostKeyChecking=no "
            "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1"
        )
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", ssh)

    @staticmethod
    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], check=True, capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for_text(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {text!r} in {self.name}'s session, which shows:\n{self.screen()}")


@pytest.fixture
def sessions(sshd: dict) -> Iterator[Callable[[str], Session]]:
    opened: list[Session] = []

    def open_session(name: str) -> Session:
        opened.append(Session(name, sshd))
        opened[-1].wait_for_text("Key results · O-1")  # drawn once the data has loaded, not just the first paint
        return opened[-1]

    yield open_session
    subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], capture_output=True)


def checkins_of(data_file: Path, kr_number: str) -> list[dict]:
    return json.loads(data_file.read_text())["key_results"][kr_number]["checkins"]


def test_a_check_in_over_ssh_appears_in_the_other_session_and_in_the_file(sessions, data_file):
    alice, bob = sessions("alice"), sessions("bob")
    assert "as alice" in alice.screen() and "as bob" in bob.screen()  # the forced command set who acts
    bob.keys("Down", "2")  # bob watches KR-1 of O-2 (59 -> 48 -> 38 days in the demo), shown in full under the panes
    bob.wait_for_text("59 → 48")

    alice.keys("Down", "2", "c")
    alice.wait_for_text("Check in on KR-1")
    alice.keys("4", "4", "C-s")

    wait_for(
        lambda: any(c["value"] == 44 and c["author"] == "alice" for c in checkins_of(data_file, "1")),
        "alice's check-in in the data file",
    )
    bob.wait_for_text("59 → 44")  # bob's screen reloaded on its own


def test_a_read_only_viewer_over_ssh_cannot_write(sshd, sessions, data_file):
    authorized = sshd["keys"] / "authorized_keys"
    authorized.write_text(authorized.read_text().replace("--as bob", "--as bob --read-only"))
    bob = sessions("bob")
    assert "read-only" in bob.screen()
    before = data_file.read_bytes()
    bob.keys("Down", "2", "c")
    bob.wait_for_text("read-only session (--read-only): nothing can")  # said at the key: no form opens
    assert "Check in on KR-1" not in bob.screen()
    assert data_file.read_bytes() == before


def test_a_cli_writer_beside_two_sessions_reaches_both(sessions, data_file):
    alice, bob = sessions("alice"), sessions("bob")
    okrtui = Path(sys.executable).with_name("okrtui")
    subprocess.run(
        [str(okrtui), "--db", str(data_file), "--today", TODAY, "kpi", "record", "mrr", "205000"],
        check=True,
        capture_output=True,
    )
    alice.wait_for_text("$205,000")
    bob.wait_for_text("$205,000")


def test_the_same_objective_edited_in_two_sessions_ends_in_the_conflict_dialog(sessions, data_file):
    alice, bob = sessions("alice"), sessions("bob")
    for person in (alice, bob):
        person.keys("Down", "e")
        person.wait_for_text("Edit O-2")
    bob.keys(" (bob)", "C-s")
    wait_for(
        lambda: json.loads(data_file.read_text())["objectives"]["2"]["title"].endswith("(bob)"),
        "bob's title in the file",
    )
    alice.keys(" (alice)", "C-s")
    alice.wait_for_text("Changed by someone else")
    assert json.loads(data_file.read_text())["objectives"]["2"]["title"].endswith("(bob)"), "nothing overwritten"
