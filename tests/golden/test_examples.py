"""Every blueprint has a committed example whose outputs match a fresh render."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from wizard.io.answers_file import load_answers
from wizard.render.json_out import result_json
from wizard.render.mermaid import mermaid
from wizard.render.pipeline import build_run
from wizard.render.rationale import rationale

EXAMPLES = ROOT / "examples"
FIX = "run `make examples` and commit the result"


def test_every_blueprint_has_an_example(catalog) -> None:  # type: ignore[no-untyped-def]
    for blueprint_id in catalog.blueprints:
        folder = EXAMPLES / blueprint_id
        for name in ("answers.yaml", "RATIONALE.md", "architecture.png"):
            assert (folder / name).is_file(), f"{folder / name} is missing: {FIX}"


def test_committed_rationale_and_json_match_a_fresh_render(catalog) -> None:  # type: ignore[no-untyped-def]
    for blueprint_id in catalog.blueprints:
        folder: Path = EXAMPLES / blueprint_id
        loaded = load_answers(folder / "answers.yaml", catalog)
        assert not loaded.warnings, [w.render() for w in loaded.warnings]
        run = build_run(loaded.plan, loaded.answers)
        mmd = mermaid(run.architecture, run.comment)
        fresh = rationale(run.report, mmd)
        assert fresh == (folder / "RATIONALE.md").read_text(encoding="utf-8"), f"{folder}/RATIONALE.md is stale: {FIX}"
        assert result_json(run.report) == (folder / "result.json").read_text(encoding="utf-8"), f"{folder}/result.json is stale: {FIX}"
