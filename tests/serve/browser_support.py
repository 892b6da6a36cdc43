"""A headless Chromium driven over the Chrome DevTools Protocol (a websocket), for the browser test of ``okrtui serve``.

textual-serve's page draws the terminal with xterm.js on a canvas, so the text is not in the DOM. The page keeps its
xterm ``Terminal`` in a closure; a script that runs before the page's own (``Page.addScriptToEvaluateOnNewDocument``)
notes every object assigned to a ``terminal`` property, and the test reads that terminal's buffer: the cells xterm.js
paints on the canvas.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

CATCH_TERMINAL = """
window.__okrTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.write === "function" && value.buffer) window.__okrTerminals.push(value);
  },
});
"""
"""Runs before the page's scripts: keeps a reference to each xterm Terminal the page makes."""

READ_SCREEN = """
(() => {
  const terminal = window.__okrTerminals && window.__okrTerminals[0];
  if (!terminal || !document.body.classList.contains("-first-byte")) return null;
  const buffer = terminal.buffer.active, lines = [];
  for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row).translateToString(true));
  const canvases = [...document.querySelectorAll(".xterm-screen canvas")].filter(c => c.width > 0 && c.height > 0);
  return {text: lines.join("\\n"), cols: terminal.cols, rows: terminal.rows, canvases: canvases.length};
})()
"""
"""What the terminal shows (null until the first bytes arrived) and how many painted canvases it has."""


def find_chromium() -> str | None:
    """The first Chromium (or Chrome) on PATH."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """A headless Chromium with a DevTools port, in a profile of its own; ``with Chromium(path) as browser``."""

    def __init__(self, executable: str, width: int = 1400, height: int = 900) -> None:
        self.executable = executable
        self.size = (width, height)
        self.profile = Path(tempfile.mkdtemp(prefix="okrtui-chromium-"))
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def __enter__(self) -> Chromium:
        argv = [
            self.executable,
            "--headless",
            "--no-sandbox",  # we are root in CI
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-dev-shm-usage",
            f"--window-size={self.size[0]},{self.size[1]}",
            f"--user-data-dir={self.profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def page_websocket(self, deadline: float) -> str:
        """The DevTools websocket URL of the first page, once Chromium is up (it writes its port to the profile)."""
        active = self.profile / "DevToolsActivePort"
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited {self.proc.returncode}")
            lines = active.read_text().splitlines() if active.exists() else []
            if lines and lines[0].isdigit():
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{lines[0]}/json/list", timeout=5) as response:
                        targets = json.load(response)
                except OSError:
                    targets = []
                pages = [target for target in targets if target.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.05)
        raise TimeoutError("chromium did not open its DevTools port")


class DevTools:
    """One DevTools session on a page: ``await tools.call(method, **params)`` returns the result."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.requested: list[str] = []
        """The URL of every request the page made (with Network.enable)."""

    async def call(self, method: str, **params: Any) -> dict:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("method") == "Network.requestWillBeSent":
                self.requested.append(message["params"]["request"]["url"])
            elif message.get("method") == "Network.webSocketCreated":
                self.requested.append(message["params"]["url"])
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    async def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def press(self, key: str, ctrl: bool = False) -> None:
        """One key (a letter, or Enter) as the keyboard would send it to the focused terminal."""
        code = "Enter" if key == "Enter" else f"Key{key.upper()}"
        key_code = 13 if key == "Enter" else ord(key.upper())
        text = "\r" if key == "Enter" else ("" if ctrl else key)
        modifiers = 2 if ctrl else 0
        common = {"key": key, "code": code, "windowsVirtualKeyCode": key_code, "modifiers": modifiers}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def type(self, text: str) -> None:
        """Letters and spaces, typed one by one."""
        for char in text:
            await self.call("Input.dispatchKeyEvent", type="char", text=char)

    async def navigate(self, url: str, deadline: float) -> None:
        """Go to ``url`` and wait until the document has loaded."""
        await self.call("Page.navigate", url=url)
        while time.monotonic() < deadline:
            if await self.evaluate(f"location.href === {json.dumps(url)} && document.readyState === 'complete'"):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the page {url} did not load")
