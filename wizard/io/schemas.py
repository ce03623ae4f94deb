"""JSON Schemas generated from the models (trees, blueprints, answers files)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from wizard.core.model import AnswersFile, Blueprint, Tree
from wizard.errors import UsageError

MODELS: dict[str, type[BaseModel]] = {"tree": Tree, "blueprint": Blueprint, "answers": AnswersFile}


def schema_text(kind: str) -> str:
    """The JSON Schema of one kind of file, as stable JSON text."""
    model = MODELS.get(kind)
    if model is None:
        raise UsageError(f"unknown schema {kind!r}", hint=f"valid: {', '.join(MODELS)}")
    data = model.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = f"archwiz {kind} file"
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
