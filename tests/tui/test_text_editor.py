"""The "write the text to a file, run $EDITOR on it, read it back" part of ctrl+e (okrtui/tui/modals/editor.py), with
real scripts as the editor: the private file and folder, the text taken back, a failing or missing editor."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from okrtui.tui.modals.editor import EditorFailed, edit_text, editor_command


def script(folder: Path, name: str, body: str) -> Path:
    """An executable shell script ``folder/name``."""
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.fixture
def spy(tmp_path: Path) -> tuple[Path, Path]:
    """(an editor that logs the path, the modes of the file and its folder, and the text, then saves two lines; log)."""
    log = tmp_path / "log"
    body = f"""
{{ echo "$1"; stat -c %a "$1"; stat -c %a "$(dirname "$1")"; cat "$1"; }} > '{log}'
printf 'A new description\\nwith a second line\\n' > "$1"
"""
    return script(tmp_path, "editor", body), log


def test_the_editor_gets_a_private_file_with_the_text_and_what_it_saves_comes_back(spy):
    editor, log = spy
    edited = edit_text("The old text; $(rm -rf /) stays text", {"EDITOR": str(editor)})
    assert edited == "A new description\nwith a second line", "the editor's final line break is dropped"
    path, file_mode, folder_mode, *text = log.read_text().splitlines()
    assert (file_mode, folder_mode) == ("600", "700")
    assert text == ["The old text; $(rm -rf /) stays text"]
    assert not Path(path).exists() and not Path(path).parent.exists(), "file and folder removed afterwards"


def test_the_file_is_private_whatever_the_umask(spy):
    editor, log = spy
    old = os.umask(0)
    try:
        edit_text("x", {"EDITOR": str(editor)})
    finally:
        os.umask(old)
    assert log.read_text().splitlines()[1:3] == ["600", "700"]


def test_editor_options_are_kept_and_visual_is_the_fallback(tmp_path):
    editor = script(tmp_path, "ed2", 'printf "%s" "$1" > "$2"\n')  # saves its first argument as the text
    assert edit_text("x", {"EDITOR": f"{editor} --wait"}) == "--wait"
    assert edit_text("x", {"EDITOR": "  ", "VISUAL": f"{editor} -v"}) == "-v"


def test_which_editor_runs():
    assert editor_command({"EDITOR": "nano -w", "VISUAL": "code"}) == ["nano", "-w"]
    assert editor_command({"VISUAL": "code --wait"}) == ["code", "--wait"]
    assert editor_command({}) == ["vi"]
    with pytest.raises(EditorFailed, match="EDITOR can't be read"):
        editor_command({"EDITOR": "'unclosed"})


def test_a_failing_editor_raises_and_leaves_nothing_behind(tmp_path):
    editor = script(tmp_path, "fails", 'echo "$1" > "$(dirname "$0")/seen"; echo junk > "$1"; exit 3\n')
    with pytest.raises(EditorFailed) as failed:
        edit_text("kept", {"EDITOR": str(editor)})
    assert str(failed.value) == f"the editor {str(editor)!r} exited with status 3"
    seen = Path((tmp_path / "seen").read_text().strip())
    assert not seen.parent.exists()


def test_a_missing_editor_raises(tmp_path):
    with pytest.raises(EditorFailed, match=r"the editor '/nowhere/ed' was not found \(set \$EDITOR\)"):
        edit_text("kept", {"EDITOR": "/nowhere/ed"})


def test_an_editor_that_is_not_executable_raises(tmp_path):
    editor = tmp_path / "plain"
    editor.write_text("not a program")
    editor.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with pytest.raises(EditorFailed, match="could not run"):
        edit_text("kept", {"EDITOR": str(editor)})
