"""The ``okrtui`` command line (CLI.md). Textual is imported only when the UI starts, so cron commands start fast."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys

import click

from okrtui import __version__
from okrtui.cli.settings import Settings
from okrtui.errors import OkrError

COMMAND_MODULES = {
    "init": "okr_commands",
    "objective": "okr_commands",
    "kr": "okr_commands",
    "initiative": "okr_commands",
    "kpi": "kpi_commands",
    "status": "report_commands",
    "report": "report_commands",
    "due": "report_commands",
    "period": "period_commands",
    "scorecard": "period_commands",
    "log": "history_commands",
    "undo": "history_commands",
    "doctor": "doctor_command",
    "git": "git_commands",
    "config": "config_commands",
    "serve": "serve_command",
}
"""Each command and the module that defines it: a run imports only its own command's module."""


class CommandsByName(click.Group):
    """The commands of ``COMMAND_MODULES``, each module imported when one of its commands is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is None:
            return None
        commands = importlib.import_module(f"okrtui.cli.{module}").COMMANDS
        return next(command for command in commands if command.name == cmd_name)


RUN_FOR_HOURS = (None, "serve")
"""The UI (no command) and ``serve``: they run with the cycle collector and end the usual way (see script)."""

COLOR_SYSTEMS = {"auto": "auto", "16": "standard", "256": "256", "truecolor": "truecolor"}
"""``--colors`` choices and Textual's names for them."""


@click.group(
    cls=CommandsByName,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--db", envvar="OKRTUI_DB", metavar="PATH", help="The data file (env OKRTUI_DB).")
@click.option("--as", "actor", envvar="OKRTUI_USER", metavar="NAME", help="Who is acting (env OKRTUI_USER).")
@click.option("--today", envvar="OKRTUI_TODAY", metavar="YYYY-MM-DD", help="The day taken as today (env OKRTUI_TODAY).")
@click.option("--read-only", is_flag=True, envvar="OKRTUI_READ_ONLY", help="Refuse every write (env OKRTUI_READ_ONLY).")
@click.option("--no-mouse", is_flag=True, help="Open the UI with the mouse off.")
@click.option(
    "--colors",
    type=click.Choice(list(COLOR_SYSTEMS)),
    envvar="OKRTUI_COLORS",
    default="auto",
    help="The UI's colours when the terminal's can't be detected (over SSH): 16, 256 or truecolor.",
)
@click.version_option(__version__, "--version", prog_name="okrtui", message="%(prog)s %(version)s")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    today: str | None,
    read_only: bool,
    no_mouse: bool,
    colors: str,
):
    """OKRs, initiatives and KPIs in one git-diffable file. With no command, opens the terminal UI."""
    ctx.obj = Settings(db, actor, today, read_only=read_only, mouse=not no_mouse)
    if colors != "auto":  # read by Textual when it is imported, which is only when the UI starts
        os.environ["TEXTUAL_COLOR_SYSTEM"] = COLOR_SYSTEMS[colors]
    if ctx.invoked_subcommand in RUN_FOR_HOURS:
        gc.enable()  # a command runs without the cycle collector (see main); the UI and a server run for hours
    else:  # a command that ends when it is done: see script
        _finished_command[:] = [ctx.obj]
    if ctx.invoked_subcommand is None:
        from okrtui.tui.launch import run_app

        run_app(ctx.obj)


_finished_command: list[Settings] = []
"""The settings (and so the workspace and the file's data they hold) of the command this process ran; none for the UI
and ``serve``. Held, so ``script`` can end the process without freeing them."""


def script() -> None:
    """The command line of the ``okrtui`` process (``okrtui.__main__``): ``main``, then, after a command, the process
    ends at once (``os._exit``) with its output flushed.

    A read of a big file holds a million measurements when it is done. Freeing them one by one, then the interpreter's
    teardown, took 35–50 ms of a half-second read, for memory the OS takes back whole. Nothing is skipped that matters:
    the command's hooks have run (when its context closed), its files are written and closed, the CLI registers
    nothing to run at exit, and its one thread only reads (``okrtui.store.prefetch``). The UI and ``serve`` exit the
    usual way: they run Textual's threads.
    """
    code = 0
    try:
        main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if not _finished_command:
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left before the end: as when a write fails (main's BrokenPipeError)
        code = code or 1
    except ValueError:  # closed by main after a broken pipe
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: every failure is one line on stderr and the exit code CLI.md gives it.

    A command runs for a second or so and frees what it made by reference counts: the cycle collector is off while
    it runs (on a big file it ran 70 times, 25 ms, over data that holds no cycles); the UI and ``serve``, which run
    for hours, turn it back on (``gc.enable()``), and it is on again when ``main`` returns.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None) -> None:
    try:
        result = cli.main(args=argv, prog_name="okrtui", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError" and error.ctx:  # a group without its subcommand
            _fail(f"{error.ctx.command_path} needs a command (see: {error.ctx.command_path} --help)", 2)
        hint = f" (see: {error.ctx.command_path} --help)" if error.ctx else ""
        _fail(f"{error.format_message()}{hint}", 2)
    except click.Abort:
        _fail("aborted", 1)
    except click.ClickException as error:
        _fail(error.format_message(), error.exit_code)
    except OkrError as error:
        _fail(error.message, error.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as error:  # a last line of defence: never a traceback for the user
        if os.environ.get("OKRTUI_DEBUG"):
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (set OKRTUI_DEBUG=1 for details)", 1)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    from okrtui.formatting import safe

    first_line = safe(" ".join(message.split()))
    click.echo(f"okrtui: {first_line}", err=True)
    sys.exit(code)
