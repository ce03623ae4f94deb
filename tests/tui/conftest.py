"""TUI fixtures: a private data folder for drafts, and a runner for pilot scripts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from wizard.tui.app import ArchwizApp


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ARCHWIZ_DATA_DIR", str(folder))
    return folder


def drive(app: ArchwizApp, script: Callable[[Any], Awaitable[None]], size: tuple[int, int] = (100, 30)) -> None:
    """Run a pilot script against the app (plain sync test, no pytest-asyncio)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


async def export(app: ArchwizApp, pilot: Any) -> Any:
    """Open the export screen (Ctrl+E), render (Ctrl+O), wait for the worker; return the screen opened."""
    await pilot.press("ctrl+e")
    await pilot.pause()
    opened = app.screen
    await pilot.press("ctrl+o")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return opened
