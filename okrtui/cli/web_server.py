"""The browser view: textual-serve's server behind a token (imported only by ``okrtui serve``).

textual-serve spawns the app command once per browser session over a websocket. This wraps it without forking it: a
middleware refuses (403) every request without the token before any handler runs, so no app process starts for it;
the token comes as ``?token=`` on the first request and then as an HttpOnly cookie, so the page's assets and its
websocket carry it without showing it again.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import secrets
import signal
import socket
import sys
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import click
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from okrtui.errors import BadInput

_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
"""A Host header the page may name in its asset and websocket URLs (anything else: the address we listen on)."""

_WEB_FONT_RE = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"https://fonts\.googleapis\.com/[^\"]*\"\s*/?>")
"""The page's one resource from elsewhere: a viewer's browser would ask Google for it, or wait for it offline."""

SHUTDOWN_SECONDS = 3.0
"""How long open sessions get to end when the server stops (each app is told to quit)."""

FORBIDDEN = "403: this okrtui needs its token: open the URL `okrtui serve` printed (with ?token=...)\n"


class TokenServer(Server):
    """textual-serve's Server, with every request checked for the token and URLs that follow the browser's host."""

    def __init__(self, command: str, *, host: str, port: int, token: str) -> None:
        super().__init__(command, host=host, port=port, title="okrtui")
        self.token = token
        self.apps: set[asyncio.subprocess.Process] = set()
        """The app process of each session (the command execs the app, so it is the process itself)."""
        self.sockets: set[web.WebSocketResponse] = set()
        """The open sessions' websockets, closed when the server stops."""

    @property
    def cookie_name(self) -> str:
        """Cookies ignore ports: one name per port keeps two servers on one host apart."""
        return f"okrtui-token-{self.port}"

    @web.middleware
    async def require_token(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """403 unless the query's token (or else the cookie's) is ours; a good query token is kept as a cookie."""
        from_query = request.query.get("token")
        given = from_query if from_query is not None else request.cookies.get(self.cookie_name)
        if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
            raise web.HTTPForbidden(text=FORBIDDEN)
        origin = request.headers.get("Origin")
        if origin is not None and origin not in (f"http://{request.host}", f"https://{request.host}"):
            raise web.HTTPForbidden(text="403: a page of another site may not open this okrtui\n")
        response = await handler(request)
        if from_query is not None and not response.prepared:
            response.set_cookie(self.cookie_name, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_index(self, request: web.Request) -> web.Response:
        """textual-serve's page, with asset and websocket URLs on the host the browser used (an ``ssh -L`` port),
        and without its web font from Google: the page loads nothing from anywhere else."""
        base = f"http://{request.host}" if _HOST_RE.match(request.host) else self.public_url
        context = {
            "font_size": 16,
            "app_websocket_url": "ws:" + base.split(":", 1)[1] + "/ws",
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }
        page = aiohttp_jinja2.render_string("app_index.html", request, context)
        return web.Response(text=_WEB_FONT_RE.sub("", page), content_type="text/html")

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Note the session's app process, so that stopping the server waits for it to end."""
        self.apps = {process for process in self.apps if process.returncode is None}
        if app_service._process is not None:
            self.apps.add(app_service._process)
        self.sockets.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self.sockets.discard(websocket)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session: each one then tells its app to quit."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"okrtui serve stopped")

    async def end_apps(self) -> None:
        """Wait for the apps told to quit to end; kill those still running after SHUTDOWN_SECONDS."""
        running = [process for process in self.apps if process.returncode is None]
        if not running:
            return
        _, late = await asyncio.wait(
            [asyncio.create_task(process.wait()) for process in running], timeout=SHUTDOWN_SECONDS
        )
        for process in running:
            if process.returncode is None:
                process.kill()
        if late:
            await asyncio.wait(late, timeout=SHUTDOWN_SECONDS)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the URL is printed once the port is bound (``run``)."""

    async def run(self) -> None:
        """Listen until SIGINT or SIGTERM, then let open sessions end."""
        app = await self._make_app()
        app.middlewares.append(self.require_token)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            reason = os.strerror(error.errno).lower() if error.errno else str(error)
            raise BadInput(f"can't listen on {self.host} port {self.port}: {reason}") from None
        self.port = runner.addresses[0][1]
        self.public_url = f"http://{_url_host(self.host)}:{self.port}"
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        click.echo(
            f"okrtui is served at (Ctrl+C stops it):\n\n    {self.public_url}/?token={quote(self.token, safe='')}\n"
        )
        sys.stdout.flush()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
            await self.end_apps()


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def run_server(command: str, *, host: str, port: int, token: str | None) -> None:
    """Serve ``command`` (a shell command line, each argument quoted) to browsers holding the token.

    Without a token, a random one (32 bytes from os.urandom) is made and printed in the URL.
    """
    logging.basicConfig(level=logging.WARNING, format="okrtui serve: %(message)s", stream=sys.stderr)
    server = TokenServer(command, host=host, port=port, token=token or secrets.token_urlsafe(32))
    asyncio.run(server.run())
