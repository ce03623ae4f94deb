"""JSON Schemas: trees and blueprints from the models; answers files from the catalogue.

The answers schema lists every tree, question and valid value, so an editor with the
yaml-language-server completes and checks answers files as they are typed. The generated
files are committed in `wizard/schemas/`; a test fails when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wizard.core.model import NOT_SURE, Blueprint, Question, Tree
from wizard.errors import UsageError
from wizard.io.content import Catalog

KINDS = ("tree", "blueprint", "answers")
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
"""Where the generated schemas live inside the package."""
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_path(kind: str) -> Path:
    """The committed schema file of a kind."""
    return SCHEMA_DIR / f"{kind}.schema.json"


def _question_schema(question: Question) -> dict[str, Any]:
    described = question.ask + "".join(f"\n- {o.id}: {o.label}" for o in question.options)
    out: dict[str, Any]
    if question.kind == "choice":
        out = {"enum": question.option_ids() + ([NOT_SURE] if question.not_sure else [])}
    elif question.kind == "multi":
        # A single option may be written without the list brackets.
        out = {"anyOf": [{"type": "array", "items": {"enum": question.option_ids()}, "uniqueItems": True}, {"enum": question.option_ids()}]}
    elif question.kind == "boolean":
        out = {"type": "boolean"}
    else:
        out = {"type": "integer" if question.integer else "number"}
        if question.min is not None:
            out["minimum"] = question.min
        if question.max is not None:
            out["maximum"] = question.max
    if question.kind != "choice" and question.not_sure:
        out = {"anyOf": [out, {"const": NOT_SURE}]}
    return {**out, "description": described}


def answers_schema(catalog: Catalog) -> dict[str, Any]:
    """A schema for answers files that knows every tree, question and valid value."""
    trees = {
        tree.id: {
            "type": ["object", "null"],
            "description": tree.title,
            "additionalProperties": False,
            "properties": {q.id: {"anyOf": [_question_schema(q), {"type": "null"}]} for q in tree.questions},
        }
        for tree in sorted(catalog.trees.values(), key=lambda t: t.id)
    }
    return {
        "$schema": DRAFT,
        "title": "archwiz answers file",
        "type": "object",
        "additionalProperties": False,
        "required": ["archwiz", "answers"],
        "properties": {
            "archwiz": {"const": 1, "description": "answers-file format version"},
            "blueprint": {"enum": sorted(catalog.blueprints), "description": "the workload shape (or use decisions)"},
            "decisions": {"type": "array", "items": {"enum": sorted(t for t, v in catalog.trees.items() if not v.profile)}},
            "versions": {"type": "object", "additionalProperties": {"type": "integer"}},
            "answers": {"type": "object", "additionalProperties": False, "properties": trees},
        },
    }


def model_schema(kind: str) -> dict[str, Any]:
    """The schema of tree or blueprint files, from the pydantic models."""
    model = Tree if kind == "tree" else Blueprint
    data = model.model_json_schema(by_alias=True)
    data["$schema"] = DRAFT
    data["title"] = f"archwiz {kind} file"
    return data


def schema_text(kind: str, catalog: Catalog | None = None) -> str:
    """The JSON Schema of one kind of file, as stable JSON text."""
    if kind not in KINDS:
        raise UsageError(f"unknown schema {kind!r}", hint=f"valid: {', '.join(KINDS)}")
    if kind == "answers":
        from wizard.io.content import load_catalog

        data = answers_schema(catalog or load_catalog())
    else:
        data = model_schema(kind)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
