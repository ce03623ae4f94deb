"""Hostile arguments: wrong types, unknown ids, huge strings, path escapes. Never a crash, never a write outside the root."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

EXAMPLE = yaml.safe_load((ROOT / "examples" / "web_three_tier" / "answers.yaml").read_text())
HUGE = "x" * 1_000_000
DEEP: Any = "leaf"
for _ in range(60):
    DEEP = {"a": DEEP}

CORPUS: list[tuple[str, dict[str, Any]]] = [
    ("list_trees", {"unexpected": 1}),
    ("questions", {}),
    ("questions", {"tree_or_blueprint": 42}),
    ("questions", {"tree_or_blueprint": None}),
    ("questions", {"tree_or_blueprint": ["web_three_tier"]}),
    ("questions", {"tree_or_blueprint": "web_three_teir"}),
    ("questions", {"tree_or_blueprint": HUGE}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": "availability=multi_az"}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"workload": "multi_az"}}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"workload": {"availability": HUGE}}}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {HUGE: {}}}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"workload": {"rto_seconds": 10**400}}}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"workload": {"rto_seconds": float("inf")}}}),
    ("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"workload": DEEP}}),
    ("questions", {"tree_or_blueprint": "\x1b[31mred\x00", "answers": {}}),
    ("decide", {"tree": "workload"}),
    ("decide", {"tree": "web_three_tier"}),
    ("decide", {"tree": "../../etc/passwd"}),
    ("decide", {"tree": "database", "answers": {"database": {"data_model": ["relational"] * 10_000}}}),
    ("decide", {"tree": "database", "answers": {"database": {"data_model": {"$ref": "#"}}}}),
    ("decide", {"tree": "database", "answers": {"database": {"nope": 1, "read_replicas": -5}}}),
    ("decide", {"tree": "database", "answers": [1, 2, 3]}),
    ("explain", {"tree": "", "answers": None}),
    ("explain", {"tree": "database", "answers": {"workload": {"availability": True}}}),
    ("validate", {}),
    ("validate", {"answers": "archwiz: 1"}),
    ("validate", {"answers": {}}),
    ("validate", {"answers": {"archwiz": 99, "blueprint": "nope", "answers": 5}}),
    ("validate", {"answers": {"archwiz": 1, "blueprint": "web_three_tier", "decisions": ["database"], "answers": {}}}),
    ("validate", {"answers": {"archwiz": 1, "blueprint": HUGE, "answers": {}}}),
    ("validate", {"answers": {"archwiz": 1, "blueprint": "web_three_tier", "answers": DEEP}}),
    ("render", {"answers": {"archwiz": 1, "blueprint": "web_three_tier", "answers": {}}}),
    ("render", {"answers": EXAMPLE, "formats": []}),
    ("render", {"answers": EXAMPLE, "formats": ["exe"]}),
    ("render", {"answers": EXAMPLE, "formats": "png"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "../escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "a/../../escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "/tmp/escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "~/escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "C:\\\\escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "..\\\\escape"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "ok/\x00/bad"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "link"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "a/b/c/d/e"}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": HUGE}),
    ("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": 7}),
    ("no_such_tool", {}),
]


def _files(top: Path) -> set[str]:
    return {str(Path(d, f).relative_to(top)) for d, _, files in os.walk(top) for f in files}


@pytest.mark.parametrize(("tool", "arguments"), CORPUS, ids=[f"{i}-{t}" for i, (t, _) in enumerate(CORPUS)])
def test_hostile_arguments_get_a_structured_answer(session, root: Path, tmp_path: Path, tool: str, arguments: dict[str, Any]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    before = _files(tmp_path)

    async def body(client):
        return await client.call_tool(tool, arguments)

    result = session(body)
    text = " ".join(getattr(c, "text", "") for c in result.content)
    assert "Traceback" not in text and len(text) < 200_000
    if tool == "list_trees":
        assert not result.is_error
        return
    if result.is_error:
        error = result.structured_content["error"]
        assert error["title"] and error["message"]
        assert error["title"] != "internal error", error
        assert _files(tmp_path) == before, "a failed call wrote a file"
    elif tool == "render":
        folder = Path(result.structured_content["folder"]).resolve()
        assert folder.is_relative_to(root.resolve())
    assert _files(outside) == set()
    assert not (tmp_path / "escape").exists() and not Path("/tmp/escape").exists()


def test_errors_name_the_field_and_the_valid_values(session) -> None:
    async def body(client):
        unknown = await client.call_tool("questions", {"tree_or_blueprint": "web_three_teir"})
        wrong = await client.call_tool("render", {"answers": EXAMPLE, "formats": ["exe"]})
        escape = await client.call_tool("render", {"answers": EXAMPLE, "formats": ["dot"], "folder": "../x"})
        return unknown, wrong, escape

    unknown, wrong, escape = session(body)
    error = unknown.structured_content["error"]
    assert error["field"] == "tree_or_blueprint" and "web_three_tier" in error["valid_values"]
    assert "did you mean 'web_three_tier'" in error["hint"]
    error = wrong.structured_content["error"]
    assert error["field"].startswith("formats") and "png" in error["valid_values"]
    assert escape.structured_content["error"]["field"] == "folder"


def test_render_never_writes_through_a_planted_symlink(session, catalog, root: Path, tmp_path: Path) -> None:
    from wizard.io.answers_file import answers_from, answers_hash
    from wizard.io.yaml_loader import Located

    loaded = answers_from(Located(data=EXAMPLE, file="answers"), catalog)
    folder = root / answers_hash(loaded.plan, loaded.answers)
    folder.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    (folder / "RATIONALE.md").symlink_to(victim)

    async def body(client):
        return await client.call_tool("render", {"answers": EXAMPLE, "formats": ["dot"]})

    result = session(body)
    assert result.is_error and result.structured_content["error"]["title"] != "internal error"
    assert victim.read_text() == "keep me"


def test_a_blueprint_interview_reports_answers_for_trees_it_does_not_ask(session) -> None:
    async def body(client):
        return await client.call_tool("questions", {"tree_or_blueprint": "web_three_tier", "answers": {"ml_service": {"x": 1}}})

    result = session(body)
    assert not result.is_error
    assert [p["key"] for p in result.structured_content["problems"]] == ["answers.ml_service"]
