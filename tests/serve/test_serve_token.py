"""``okrtui serve``: nothing without the token (no page, no asset, no app process), read-only unless --write."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from serve_support import OKRTUI, TODAY, clean_env, descendants, process_table, wait_for

WEBSOCKET_HEADERS = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version": "13",
}


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of a GET, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


async def _session(served, steps: list[tuple[str, bytes]]) -> tuple[bytes, list[list[str]]]:
    """Open a session with the token; for each step type its keys (as the page would) and read the app's output until
    its text shows; list the app processes running meanwhile; then close it."""
    received = b""
    async with aiohttp.ClientSession() as client, client.ws_connect(ws_url(served, served.token)) as ws:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 40
        for keys, shows in steps:
            if keys:
                await ws.send_json(["stdin", keys])
            while shows not in received:
                try:
                    message = await asyncio.wait_for(ws.receive(), max(0.1, deadline - loop.time()))
                except TimeoutError:
                    pytest.fail(f"after typing {keys!r} the app never showed {shows!r}")
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), (message, received[-2000:])
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
        apps = served.app_processes()
    return received, apps


FIRST_SCREEN = [("", b"Shorten the sales lifecycle"), ("", b"O-1")]
"""The objectives shown, and the first one selected."""


def session(served, steps: list[tuple[str, bytes]] = FIRST_SCREEN) -> tuple[bytes, list[list[str]]]:
    """(the app's output, the argv of every app process while the session was open)."""
    return asyncio.run(_session(served, steps))


def ws_url(served, token: str | None = None) -> str:
    query = f"&token={token}" if token else ""
    return f"ws://127.0.0.1:{served.port}/ws?width=120&height=40{query}"


def test_without_the_token_every_request_gets_403_and_no_app_process_starts(serve, demo_db: Path) -> None:
    served = serve(demo_db)
    wrong = served.token[:-1] + ("A" if served.token[-1] != "A" else "B")
    cookie = {"Cookie": f"okrtui-token-{served.port}={wrong}"}
    attempts = {
        "page": get(f"{served.base}/"),
        "page, wrong token": get(f"{served.base}/?token={wrong}"),
        "page, token cut short": get(f"{served.base}/?token={served.token[:20]}"),
        "page, empty token": get(f"{served.base}/?token="),
        "page, wrong cookie": get(f"{served.base}/", cookie),
        "script": get(f"{served.base}/static/js/textual.js"),
        "websocket": get(f"{served.base}/ws?width=80&height=24", WEBSOCKET_HEADERS),
        "websocket, wrong cookie": get(f"{served.base}/ws", {**WEBSOCKET_HEADERS, **cookie}),
        "websocket, wrong token": get(f"{served.base}/ws?token={wrong}", WEBSOCKET_HEADERS),
    }
    assert {name: status for name, (status, _, _) in attempts.items()} == dict.fromkeys(attempts, 403)
    assert "needs its token" in attempts["websocket"][2]
    assert all("Set-Cookie" not in headers for _, headers, _ in attempts.values())
    assert descendants(served.proc.pid) == []  # no app, not even a shell


def test_with_the_token_the_page_loads_and_its_cookie_lets_assets_through(serve, demo_db: Path) -> None:
    served = serve(demo_db)
    status, headers, page = get(served.url)
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert f'src="http://127.0.0.1:{served.port}/static/js/textual.js"' in page
    assert "https://" not in page  # no web font (nor anything else) from elsewhere
    assert headers["Set-Cookie"].startswith(f"okrtui-token-{served.port}={served.token};")
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    cookie = {"Cookie": f"okrtui-token-{served.port}={served.token}"}
    assert get(f"{served.base}/static/js/textual.js", cookie)[0] == 200
    assert get(f"{served.base}/", cookie)[0] == 200
    assert get(f"{served.base}/static/js/textual.js")[0] == 403
    assert served.app_processes() == []  # a page is not a session: only its websocket starts the app


def test_a_session_runs_the_app_read_only_with_the_data_file_as_one_argument(serve, demo_db: Path) -> None:
    before = demo_db.read_bytes()
    served = serve(demo_db)
    add_objective = [("a", b"nothing can be changed")]  # refused at the key, before any form opens
    output, apps = session(served, FIRST_SCREEN + add_objective)
    assert b"read-only" in output  # the header says so, and so does the refusal
    assert b"New objective" not in output
    assert demo_db.read_bytes() == before
    (argv,) = apps
    assert argv[argv.index("--db") + 1] == str(demo_db)
    assert argv[argv.index("--today") + 1] == TODAY
    assert "--read-only" in argv
    assert not list(demo_db.parent.parent.rglob("PWNED*")), "a shell ran part of the path"
    wait_for(lambda: served.app_processes() == [], "the app to quit when its websocket closed")


def test_write_runs_the_app_writable_and_its_writes_are_made_as_the_name_given(serve, demo_db: Path) -> None:
    served = serve(demo_db, "--write", "--as", "Mary Ann $(id)", global_args=("--colors", "256", "--no-mouse"))
    add_objective = [("a", b"New objective"), ("Typed over a websocket", b"Typed over a websocket"), ("\x13", b"Saved")]
    output, apps = session(served, FIRST_SCREEN + add_objective)
    assert b"as Mary Ann $(id)" in output
    (argv,) = apps
    assert argv[argv.index("--as") + 1] == "Mary Ann $(id)"
    assert argv[argv.index("--db") + 1] == str(demo_db)
    assert "--read-only" not in argv
    assert argv[argv.index("--colors") + 1] == "256" and "--no-mouse" in argv
    done = subprocess.run(
        [OKRTUI, "--db", str(demo_db), "log", "--limit", "1", "--json"],
        capture_output=True, text=True, env=clean_env(), timeout=60, check=True,
    )  # fmt: skip
    (entry,) = json.loads(done.stdout)
    assert (entry["by"], entry["command"]) == ("Mary Ann $(id)", "ui")
    assert [change["after"]["title"] for change in entry["changes"]] == ["Typed over a websocket"]


def test_a_websocket_opened_by_another_sites_page_gets_403(serve, demo_db: Path) -> None:
    served = serve(demo_db)
    headers = {**WEBSOCKET_HEADERS, "Origin": "http://127.0.0.1:9"}
    assert get(f"{served.base}/ws?token={served.token}", headers)[0] == 403
    assert served.app_processes() == []


def test_a_token_file_others_can_read_is_refused_and_nothing_listens(tmp_path: Path, demo_db: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("a-long-enough-secret-token-1234\n")
    for mode in (0o644, 0o640, 0o604, 0o620):
        token_file.chmod(mode)
        done = subprocess.run(
            [OKRTUI, "--db", str(demo_db), "serve", "--port", "0", "--token-file", str(token_file)],
            capture_output=True, text=True, env=clean_env(), timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stdout) == (2, ""), (oct(mode), done)
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("okrtui: the token file "), done.stderr
        assert "chmod 600" in done.stderr


def test_a_token_file_only_its_owner_can_read_gives_the_token(serve, tmp_path: Path, demo_db: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("a-long-enough-secret-token-1234\n")
    token_file.chmod(0o600)
    served = serve(demo_db, "--token-file", str(token_file))
    assert served.token == "a-long-enough-secret-token-1234"
    assert get(served.url)[0] == 200
    assert get(f"{served.base}/?token=a-long-enough-secret-token-123")[0] == 403


def test_the_random_tokens_differ_and_are_long(serve, demo_db: Path) -> None:
    first, second = serve(demo_db), serve(demo_db)
    assert first.token != second.token
    assert len(first.token) >= 40 and len(second.token) >= 40  # 32 random bytes, URL-safe base64


def test_a_port_in_use_is_one_line_and_exit_2(demo_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [OKRTUI, "--db", str(demo_db), "serve", "--port", str(port)],
            capture_output=True, text=True, env=clean_env(), timeout=60, check=False,
        )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [f"okrtui: can't listen on 127.0.0.1 port {port}: address already in use"]


def test_the_cli_imports_textual_serve_only_when_serve_runs() -> None:
    code = "import sys, okrtui.cli; print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_stopping_the_server_ends_the_apps_of_open_sessions(serve, demo_db: Path) -> None:
    served = serve(demo_db)
    apps: list[list[str]] = []

    async def stop_during_a_session() -> None:
        async with aiohttp.ClientSession() as client, client.ws_connect(ws_url(served, served.token)):
            apps.extend(await asyncio.to_thread(wait_for, served.app_processes, "the session's app"))
            app_pids = [pid for pid, (_, argv) in process_table().items() if argv in apps]
            await asyncio.to_thread(served.stop)
            apps.append([str(pid) for pid in app_pids if Path(f"/proc/{pid}").exists()])

    asyncio.run(stop_during_a_session())
    assert served.proc.returncode == 0, served.errors()
    assert len(apps) == 2 and apps[-1] == [], apps  # one app ran; none is left once the server is gone


def _serve_exits(db: Path, *args: str, global_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run ``okrtui serve`` expecting it to refuse at once (it would otherwise serve until stopped)."""
    argv = [OKRTUI, "--db", str(db), *global_args, "serve", "--port", "0", *args]
    try:
        return subprocess.run(argv, capture_output=True, text=True, env=clean_env(), timeout=30, check=False)
    except subprocess.TimeoutExpired as running:
        pytest.fail(f"okrtui serve served instead of refusing: {running.stdout!r}")


def test_a_damaged_data_file_is_refused_before_serving(tmp_path: Path) -> None:
    db = tmp_path / "okrs.json"
    db.write_text('{"objectives": {"1": ')
    before = db.read_bytes()
    done = _serve_exits(db)
    assert (done.returncode, done.stdout) == (1, ""), done
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("okrtui: "), done.stderr
    assert db.read_bytes() == before


def test_a_bad_name_or_day_is_refused_before_serving(demo_db: Path) -> None:
    for global_args, args in ((("--today", "2026-13-01"), ()), ((), ("--as", " "))):
        done = _serve_exits(demo_db, *args, global_args=global_args)
        assert (done.returncode, done.stdout) == (2, ""), done
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("okrtui: "), done.stderr


def test_a_token_file_of_another_user_a_link_or_a_short_token_is_refused(tmp_path: Path, demo_db: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user takes root (CI runs as root)")
    theirs = tmp_path / "theirs"
    theirs.write_text("a-long-enough-secret-token-1234\n")
    theirs.chmod(0o600)
    os.chown(theirs, 4242, 4242)  # we are root: a file of another user, only they can read it
    link = tmp_path / "link"
    link.symlink_to(theirs)
    short = tmp_path / "short"
    short.write_text("guessable\n")
    short.chmod(0o600)
    expected = {theirs: "belongs to another user", link: "can't read the token file", short: "at least 16"}
    for path, reason in expected.items():
        done = _serve_exits(demo_db, "--token-file", str(path))
        assert (done.returncode, done.stdout) == (2, ""), (path, done)
        assert len(done.stderr.splitlines()) == 1 and reason in done.stderr, done.stderr


def listening_addresses(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp and tcp6 give them) of the sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_it_listens_on_the_loopback_address_only(serve, demo_db: Path) -> None:
    served = serve(demo_db)
    assert listening_addresses(served.port) == ["0100007F"]  # 127.0.0.1, little-endian hex; not 0.0.0.0 nor ::
