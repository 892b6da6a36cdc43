"""Where okrtui keeps its data by default."""

from __future__ import annotations

from pathlib import Path


def default_data_file() -> Path:
    """``okrtui/okrtui.json`` in the user data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("okrtui", appauthor=False) / "okrtui.json"
