"""`python -m wizard mcp` as a subprocess, spoken to over stdio by the SDK's client."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio

from tests.conftest import ROOT


def test_the_server_answers_over_stdio(tmp_path: Path) -> None:
    from mcp import Client, StdioServerParameters

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "wizard", "mcp", "--out-root", str(tmp_path / "renders")], env=env, cwd=ROOT
    )

    async def main():
        async with Client(params, read_timeout_seconds=60) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            listed = await client.call_tool("list_trees", {})
            decided = await client.call_tool("decide", {"tree": "database", "answers": {"database": {"data_model": "graph"}}})
            bad = await client.call_tool("decide", {"tree": "databse"})
            return tools, listed, decided, bad

    tools, listed, decided, bad = anyio.run(main)
    assert "render" in tools
    assert any(b["id"] == "web_three_tier" for b in listed.structured_content["blueprints"])
    assert decided.structured_content["pick"] == "neptune"
    assert bad.is_error and bad.structured_content["error"]["field"] == "tree"
    assert (tmp_path / "renders").is_dir()
