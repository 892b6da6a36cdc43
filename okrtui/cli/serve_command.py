"""``serve``: the same app in a browser, through textual-serve (imported only when this command runs)."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

import click

from okrtui.cli.settings import Settings
from okrtui.errors import BadInput

MIN_TOKEN_LENGTH = 16
"""The shortest token a --token-file may hold: anything shorter could be guessed."""


@click.command()
@click.option("--host", metavar="ADDRESS", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free one.")
@click.option("--write", is_flag=True, help="Let the browser's sessions write (read-only without it).")
@click.option("--as", "actor", metavar="NAME", help="Who the browser's sessions act as (default: the global --as).")
@click.option("--token-file", type=click.Path(dir_okay=False), help="Read the token from this file (mode 600).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, write: bool, actor: str | None, token_file: str | None) -> None:
    """Serve the app in a browser: one app per browser session, behind a token, read-only unless --write."""
    settings = ctx.find_object(Settings)
    assert settings is not None and ctx.parent is not None
    token = read_token_file(Path(token_file)) if token_file else None
    check_data_file(settings, actor)
    command = app_command(settings, ctx.parent.params, write=write, actor=actor)
    from okrtui.cli.web_server import run_server

    run_server(command, host=host, port=port, token=token)


def check_data_file(settings: Settings, actor: str | None) -> None:
    """Refuse here, once, what each browser tab's app would refuse: a damaged data file, a bad --as or --today."""
    from okrtui.services.workspace import Workspace

    ws = Workspace.open(settings.path, actor=actor or settings.actor, today=settings.today, read_only=True)
    ws.repo.raw_all("O")


def app_command(settings: Settings, global_params: dict, *, write: bool, actor: str | None) -> str:
    """The shell command line textual-serve runs for each session: every argument quoted, never interpreted, and the
    shell replaced by the app (``exec``), so the server's child is the app itself and can wait for it."""
    argv = [sys.executable, "-m", "okrtui", "--db", str(settings.path.absolute())]
    who = actor or settings.actor
    if who:
        argv += ["--as", who]
    if settings.today:
        argv += ["--today", settings.today]
    if settings.read_only or not write:
        argv.append("--read-only")
    if not settings.mouse:
        argv.append("--no-mouse")
    argv += ["--colors", global_params.get("colors") or "auto"]
    return "exec " + shlex.join(argv)


def read_token_file(path: Path) -> str:
    """The token in ``path``, refused (bad input) unless only its owner can read or write it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise BadInput(f"can't read the token file {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"the token file {path} is not a regular file")
        if info.st_mode & 0o077:
            raise BadInput(
                f"the token file {path} is open to group or others (mode {info.st_mode & 0o777:o}): chmod 600"
            )
        if info.st_uid != os.geteuid():
            raise BadInput(f"the token file {path} belongs to another user")
        text = handle.read(4096).decode("utf-8", "replace").strip()
    if len(text) < MIN_TOKEN_LENGTH or any(c.isspace() or not c.isprintable() for c in text):
        raise BadInput(f"the token in {path} must be at least {MIN_TOKEN_LENGTH} printable characters on one line")
    return text


COMMANDS = (serve,)
