"""Fixtures for the MCP server tests: a server over a temporary output root, and a way to call it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.conftest import SEEDS


@pytest.fixture
def root(tmp_path: Path) -> Path:
    out = tmp_path / "root"
    out.mkdir()
    return out


@pytest.fixture
def server(catalog, root: Path):  # type: ignore[no-untyped-def]
    from wizard.mcp.server import build
    from wizard.mcp.service import Service

    return build(Service(catalog=catalog, root=root.resolve(), notes=SEEDS if SEEDS.is_dir() else None))


@pytest.fixture
def session(server):  # type: ignore[no-untyped-def]
    """Run `body(client)` against the server in-process (the SDK's in-memory client, no network)."""
    from mcp import Client

    def run(body: Callable[[Any], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            async with Client(server) as client:
                return await body(client)

        return anyio.run(main)

    return run
