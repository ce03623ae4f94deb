"""render over MCP writes what `archwiz render` writes, under the output root only, and returns the PNG."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


@pytest.mark.needs_dot
def test_render_equals_the_cli_render(session, root: Path, tmp_path: Path, cli) -> None:
    document = yaml.safe_load(EXAMPLE.read_text())

    async def body(client):
        return await client.call_tool("render", {"answers": document, "formats": ["png", "dot"]})

    result = session(body)
    assert not result.is_error, result.content
    data = result.structured_content
    folder = Path(data["folder"])
    assert folder.parent == root.resolve() and folder.name == data["answers_hash"]
    assert all(Path(p).parent == folder for p in data["written"])
    images = [c for c in result.content if c.type == "image"]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    assert base64.b64decode(images[0].data)[:8] == b"\x89PNG\r\n\x1a\n"

    out = tmp_path / "cli-out"
    done = cli("render", str(EXAMPLE), "--out", str(out), "--format", "png,dot")
    assert done.returncode == 0, done.stderr
    assert data["rationale"] == (out / "RATIONALE.md").read_text()
    assert (folder / "RATIONALE.md").read_text() == (out / "RATIONALE.md").read_text()
    assert (folder / "architecture.dot").read_text() == (out / "architecture.dot").read_text()
    assert data["picks"]["database"]


def test_render_into_a_named_folder_and_again_in_place(session, root: Path) -> None:
    document = yaml.safe_load(EXAMPLE.read_text())

    async def body(client):
        first = await client.call_tool("render", {"answers": document, "formats": ["dot", "mmd"], "folder": "shop/v1"})
        again = await client.call_tool("render", {"answers": document, "formats": ["dot", "mmd"], "folder": "shop/v1"})
        return first, again

    first, again = session(body)
    assert not first.is_error and not again.is_error, first.content
    folder = Path(first.structured_content["folder"])
    assert folder.parent == root.resolve() / "shop" / "v1"
    assert first.structured_content["written"] == again.structured_content["written"]
    assert not [c for c in first.content if c.type == "image"]


def test_render_without_graphviz_reports_partial_output_and_keeps_the_sources(session, root: Path, tmp_path: Path, monkeypatch) -> None:
    document = yaml.safe_load(EXAMPLE.read_text())
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))

    async def body(client):
        return await client.call_tool("render", {"answers": document, "formats": ["png"]})

    result = session(body)
    assert not result.is_error, result.content
    data = result.structured_content
    assert data["partial"] and "Graphviz" in data["partial"]
    names = sorted(Path(p).name for p in data["written"])
    assert names == ["RATIONALE.md", "answers.yaml", "architecture.dot", "architecture.mmd", "result.json"]
    assert not [c for c in result.content if c.type == "image"]
