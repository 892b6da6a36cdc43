"""``okrtui serve`` in a real browser: headless Chromium is refused without the token, and with it shows the
objectives and a session that can't write."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from browser_support import CATCH_TERMINAL, READ_SCREEN, Chromium, DevTools, find_chromium
from serve_support import DEMO_TITLES

BROWSER_SECONDS = 50.0
"""The whole browser test's deadline: Chromium's start, two page loads, the app's first screen and a refused key."""

REFUSAL = "read-only session (--read-only)"
"""The start of what a write key says in a read-only session, at the key, before any form opens."""


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip("no Chromium binary on PATH (Debian: apt-get install chromium; .ci/run installs it)")
    return found


def test_chromium_is_refused_without_the_token_and_shows_the_objectives_with_it(chromium, serve, demo_db: Path) -> None:
    before = demo_db.read_bytes()
    served = serve(demo_db)
    deadline = time.monotonic() + BROWSER_SECONDS
    with Chromium(chromium) as browser:
        page_ws = browser.page_websocket(deadline)
        refused, screens = asyncio.run(_visit(page_ws, served, deadline))
    assert "needs its token" in refused
    first = screens["first"]
    assert first["canvases"] >= 1 and first["cols"] >= 100, first
    for title in DEMO_TITLES:
        assert title in first["text"], first["text"]
    assert "read-only" in first["text"].splitlines()[0]  # the header
    assert "New objective" not in screens["refused"]["text"]  # refused at the key: no form opened
    requested = screens["requested"]["urls"]
    ours = (f"{served.base}/", f"ws://127.0.0.1:{served.port}/ws?")
    assert f"ws://127.0.0.1:{served.port}/ws" in " ".join(requested), requested
    assert [url for url in requested if not url.startswith((*ours, "data:"))] == []  # nothing from elsewhere
    assert demo_db.read_bytes() == before
    assert not list(demo_db.parent.parent.rglob("PWNED*")), "a shell ran part of the data file's path"


async def _visit(page_ws: str, served, deadline: float) -> tuple[str, dict[str, dict]]:
    """(the page's text without the token, the terminal's screens with it: first, and after a save was tried)."""
    async with aiohttp.ClientSession() as client, client.ws_connect(page_ws, max_msg_size=0) as ws:
        tools = DevTools(ws)
        await tools.call("Page.enable")
        await tools.call("Network.enable")
        await tools.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await tools.navigate(f"{served.base}/", deadline)
        refused = await tools.evaluate("document.body.innerText")
        assert served.app_processes() == []
        await tools.navigate(served.url, deadline)
        screens = {"first": await _screen(tools, deadline, "the objectives", lambda text: "Key results · O-1" in text)}
        await tools.evaluate("window.__okrTerminals[0].focus()")
        await tools.press("a")
        screens["refused"] = await _screen(tools, deadline, "the read-only refusal", lambda text: REFUSAL in text)
        screens["requested"] = {"urls": tools.requested}
        return refused, screens


async def _screen(tools: DevTools, deadline: float, what: str, shows: Callable[[str], bool]) -> dict:
    """The terminal's screen once ``shows(text)`` holds; fails at the deadline with the last screen."""
    screen = None
    while time.monotonic() < deadline:
        screen = await tools.evaluate(READ_SCREEN)
        if screen and shows(screen["text"]):
            return screen
        await asyncio.sleep(0.1)
    pytest.fail(f"the browser never showed {what}; its screen:\n{screen and screen['text']}")
