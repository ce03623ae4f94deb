"""Committed JSON Schemas match the models and the catalogue, and they actually validate."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT
from wizard.io.schemas import KINDS, schema_path, schema_text

FIX = "regenerate with: for k in tree blueprint answers; do .venv/bin/archwiz schema $k --write >/dev/null; done"


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_up_to_date(kind: str, catalog) -> None:  # type: ignore[no-untyped-def]
    assert schema_path(kind).read_text(encoding="utf-8") == schema_text(kind, catalog), f"{schema_path(kind)} drifted: {FIX}"


def test_answers_schema_accepts_the_example_and_rejects_a_wrong_option() -> None:
    schema = json.loads(schema_path("answers").read_text())
    example = yaml.safe_load((ROOT / "examples" / "web_three_tier" / "answers.yaml").read_text())
    jsonschema.validate(example, schema)
    example["answers"]["database"]["data_model"] = "relationl"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


def test_tree_schema_accepts_every_bundled_tree() -> None:
    schema = json.loads(schema_path("tree").read_text())
    for path in (ROOT / "decision_trees").rglob("*.yaml"):
        if "blueprints" in path.parts:
            continue
        data = yaml.safe_load(path.read_text())
        data["last_reviewed"] = str(data["last_reviewed"])
        jsonschema.validate(data, schema)
