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


def test_the_server_never_imports_textual() -> None:
    import subprocess

    code = (
        "import sys, tempfile, anyio\n"
        "from pathlib import Path\n"
        "from mcp import Client\n"
        "from wizard.io.content import load_catalog\n"
        "from wizard.mcp.server import build\n"
        "from wizard.mcp.service import Service\n"
        "server = build(Service(load_catalog(), Path(tempfile.mkdtemp())))\n"
        "async def main():\n"
        "    async with Client(server) as client:\n"
        "        await client.call_tool('questions', {'tree_or_blueprint': 'web_three_tier'})\n"
        "        await client.call_tool('decide', {'tree': 'database'})\n"
        "anyio.run(main)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'wizard.tui')))\n"
        "print('LEAKED', leaked, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert "LEAKED []" in proc.stderr, proc.stderr
