"""Golden files for DOT, Mermaid, Markdown and JSON, from a small stable blueprint.

Regenerate after an intended change with: ARCHWIZ_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import blueprint, trees
from wizard.core.engine import plan_for_blueprint
from wizard.render import diagram
from wizard.render.json_out import result_json
from wizard.render.mermaid import mermaid
from wizard.render.pipeline import build_run
from wizard.render.rationale import rationale

FILES = Path(__file__).parent / "files"
UPDATE = os.environ.get("ARCHWIZ_UPDATE_GOLDEN") == "1"
ANSWERS = {
    "workload": {"availability": "multi_az", "minutes": 30},
    "mini": {"shape": "tables", "size_gb": 900, "features": ["ttl"], "global": False},
}


def icons_dir() -> str:
    import diagrams

    return str(Path(diagrams.__file__).resolve().parent.parent / "resources")


def outputs() -> dict[str, str]:
    run = build_run(plan_for_blueprint(blueprint(), trees()), ANSWERS)
    mmd = mermaid(run.architecture, run.comment)
    dot = diagram.dot_source(run.architecture, run.comment).replace(icons_dir(), "<icons>")
    return {
        "architecture.dot": dot,
        "architecture.mmd": mmd,
        "RATIONALE.md": rationale(run.report, mmd),
        "result.json": result_json(run.report),
    }


@pytest.mark.parametrize("name", ["architecture.dot", "architecture.mmd", "RATIONALE.md", "result.json"])
def test_golden(name: str) -> None:
    text = outputs()[name]
    path = FILES / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing golden file {path}; check it and commit it")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file; if intended, rerun with ARCHWIZ_UPDATE_GOLDEN=1"


def test_same_answers_give_byte_identical_text_outputs() -> None:
    assert outputs() == outputs()


def test_dot_has_unique_cluster_names_and_fixed_node_ids() -> None:
    dot = outputs()["architecture.dot"]
    assert "subgraph cluster_az_1" in dot and "subgraph cluster_az_2" in dot
    assert "db_1" in dot and "db_2" in dot
    assert "splines=spline" in dot
