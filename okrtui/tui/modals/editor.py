"""A text opened in the user's editor (``$EDITOR``, else ``$VISUAL``, else ``vi``) and taken back when it is saved.

The text goes to a file created new and exclusive, mode 0600, in a private (0700) temporary folder that is removed
afterwards, whatever happened. The editor is run directly (no shell): the file's path is one argument. Textual is not
imported here: the caller hands the terminal over (``App.suspend``) around :func:`edit_text`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping


class EditorFailed(Exception):
    """The editor could not run, or failed: the message says why in one line, and the text is left as it was."""


def editor_command(env: Mapping[str, str]) -> list[str]:
    """The editor to run, as argv: ``$EDITOR`` (it may hold options: ``code -w``), else ``$VISUAL``, else ``vi``."""
    for name in ("EDITOR", "VISUAL"):
        setting = env.get(name, "").strip()
        if setting:
            try:
                command = shlex.split(setting)
            except ValueError as error:
                raise EditorFailed(f"${name} can't be read ({error}): {setting!r}") from None
            if command:
                return command
    return ["vi"]


def edit_text(text: str, env: Mapping[str, str] | None = None) -> str:
    """``text`` as the user saved it in the editor (one final line break the editor adds is dropped).

    Raises EditorFailed when the editor is not found, can't run or exits with a failure status.
    """
    command = editor_command(os.environ if env is None else env)
    folder = tempfile.mkdtemp(prefix="okrtui-edit-")  # 0700: only this user can even see the file's name
    try:
        path = os.path.join(folder, "text.md")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(descriptor, 0o600)  # whatever the umask
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        run_editor(command, path)
        return read_back(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_editor(command: list[str], path: str) -> None:
    """Run the editor on ``path`` and wait for it; EditorFailed when it can't run or fails."""
    name = command[0]
    try:
        done = subprocess.run([*command, path], check=False)
    except FileNotFoundError:
        raise EditorFailed(f"the editor {name!r} was not found (set $EDITOR)") from None
    except OSError as error:
        raise EditorFailed(f"the editor {name!r} could not run: {error.strerror or error}") from None
    if done.returncode != 0:
        raise EditorFailed(f"the editor {name!r} exited with status {done.returncode}")


def read_back(path: str) -> str:
    """What the editor saved, without the one line break editors add at the end."""
    try:
        with open(path, encoding="utf-8") as handle:
            saved = handle.read()
    except FileNotFoundError:
        raise EditorFailed("the editor removed the file instead of saving it") from None
    except (OSError, UnicodeDecodeError) as error:
        raise EditorFailed(f"what the editor saved can't be read: {error}") from None
    return saved.removesuffix("\n")
