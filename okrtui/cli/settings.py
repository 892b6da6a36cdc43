"""The global options every command reaches through ``pass_settings`` (and the workspace they open)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from okrtui.services.workspace import Workspace


@dataclass
class Settings:
    """The global options, and the workspace they open (on first use, so --help needs no data file)."""

    db: str | None
    actor: str | None
    today: str | None
    read_only: bool = False
    mouse: bool = True
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        """The data file: --db > OKRTUI_DB > the user data folder."""
        if self.db:
            return Path(self.db).expanduser()
        from okrtui.locations import default_data_file

        return default_data_file()

    @property
    def ws(self) -> Workspace:
        """The workspace on the data file, opened once."""
        if self._workspace is None:
            self._workspace = Workspace.open(self.path, actor=self.actor, today=self.today, read_only=self.read_only)
            context = click.get_current_context(silent=True)
            if context is not None:  # the journal names the command that made a change
                self._workspace.repo.command = context.command_path.removeprefix("okrtui").strip() or "ui"
                if self._workspace.repo.command != "ui":  # the UI runs them itself, in a worker
                    run_hooks_after(context, self._workspace)
        return self._workspace


def run_hooks_after(context: click.Context, ws: Workspace) -> None:
    """Run the hooks of each change the command commits once it is done (its output printed); a hook that fails is
    one warning line on stderr and leaves the command's exit code alone."""
    committed: list[dict] = []
    ws.repo.after_commit.append(committed.append)

    def run() -> None:
        if not committed:
            return  # a read, or a write that changed nothing: not even the hooks module is loaded
        from okrtui.services import hooks

        for entry in committed:
            hooks.run_hooks(entry, ws.repo.path, actor=ws.actor, today=ws.today, warn=_warn)

    context.call_on_close(run)


def _warn(message: str) -> None:
    from okrtui.formatting import safe

    click.echo(f"okrtui: warning: {safe(message)}", err=True)


pass_settings = click.make_pass_decorator(Settings)
"""The one way a command reaches the settings: ``@pass_settings`` gives them as the first argument."""
