"""Regenerate screenshots/*.svg from the real app on demo data (fixed today, so they are reproducible).

.venv/bin/python scripts/export_screenshots.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from okrtui.services.demo import load_demo
from okrtui.services.workspace import Workspace
from okrtui.tui.app import OkrApp

TODAY = "2026-11-22"
OUT = Path(__file__).resolve().parent.parent / "screenshots"


async def shoot(path: Path, name: str, size: tuple[int, int], keys: list[str]) -> None:
    """Open the app, press ``keys``, save ``screenshots/<name>.svg``."""
    app = OkrApp(Workspace.open(path, actor="lead", today=TODAY), watch=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.sub_title = f"{path.name}  ·  as lead"  # not the temporary folder, so the pictures are reproducible
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause(0.2)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        print(f"screenshots/{name}.svg")


async def main() -> None:
    from textual import constants

    constants.COLOR_SYSTEM = "truecolor"  # type: ignore[misc]  # the same pictures whatever this terminal's TERM
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.json"
        load_demo(Workspace.open(path, actor="lead", today=TODAY))
        await shoot(path, "main", (100, 30), ["down"])
        await shoot(path, "main-80x24", (80, 24), ["down"])
        await shoot(path, "main-120x36", (120, 36), ["down"])
        await shoot(path, "main-200x50", (200, 50), ["down"])
        await shoot(path, "kr-details", (100, 30), ["down", "2", "enter"])
        await shoot(path, "kpi-chart", (100, 30), ["4", "enter"])
        await shoot(path, "checkin", (100, 30), ["down", "2", "c"])
        await shoot(path, "help", (100, 30), ["question_mark"])
        await shoot(path, "dashboard", (120, 36), ["g"])
        await shoot(path, "due", (100, 30), ["u"])
        await shoot(path, "weekly", (100, 30), ["w", "enter"])


if __name__ == "__main__":
    asyncio.run(main())
