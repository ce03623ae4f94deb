"""Turn pydantic validation errors into located Problems with hints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from wizard.core.suggest import hint_for
from wizard.errors import Problem
from wizard.io.yaml_loader import Located, join


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        # pydantic adds the validator name of tagged or function-wrapped fields; skip those.
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        path = join(path, part)
    return path


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of a location (for listing valid keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = current.model_fields
        name = next((n for n, f in fields.items() if n == part or f.alias == part), None)
        if name is None:
            return None
        annotation = fields[name].annotation
        current = _inner_model(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", ())
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args:
        found = _inner_model(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        return meta
    return None


def keys_of(model: type[BaseModel]) -> list[str]:
    """The YAML keys a model accepts."""
    return [f.alias or n for n, f in model.model_fields.items()]


def problems_from(exc: ValidationError, located: Located, model: type[BaseModel], prefix: str = "") -> list[Problem]:
    """One Problem per pydantic error, with the file line and a hint."""
    problems: list[Problem] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        path = join(prefix, _path(loc)) if prefix else _path(loc)
        kind = err["type"]
        message = err["msg"]
        hint = None
        if kind == "extra_forbidden":
            owner = _model_at(model, loc)
            message = f"unknown key {loc[-1]!r}"
            if owner is not None:
                hint = hint_for(str(loc[-1]), keys_of(owner), "valid keys")
        elif kind == "missing":
            message = f"required key {loc[-1]!r} is missing"
            hint = f"add `{loc[-1]}:`"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"{err.get('input')!r} is not valid here"
            hint = f"valid values: {expected}"
        elif kind == "string_pattern_mismatch" and "a-z" in str(err.get("ctx", {}).get("pattern", "")):
            message = f"{err.get('input')!r} is not a snake_case id"
            hint = "ids are lower case letters, digits and underscores, starting with a letter"
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
        problems.append(located.problem(path, message, hint))
    return problems
