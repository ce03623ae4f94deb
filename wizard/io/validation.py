"""Turn pydantic validation errors into located Problems with hints."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from wizard.core.answers import shown
from wizard.core.model import ID_PATTERN
from wizard.core.suggest import hint_for
from wizard.errors import Problem
from wizard.io.yaml_loader import Located, join

_VALIDATOR_STEP = re.compile(r"\[key\]|[a-z][a-z-]*\[.*\]|function-.*", re.DOTALL)
"""Location parts pydantic adds for dict keys and wrapped or tagged fields (`function-after[...]`)."""


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        # Skip pydantic's own steps, but keep a user's key even when it holds a `[`.
        if isinstance(part, str) and _VALIDATOR_STEP.fullmatch(part):
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


_EXPECTED = {
    "dict_type": "a mapping (indented `key: value` lines)",
    "list_type": "a list (`[a, b]` or `- item` lines)",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}
"""What each pydantic type error expected, in the words of a YAML file."""


def yaml_kind(value: object) -> str:
    """What a loaded YAML value is, as a person editing the file would say it."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)


def _snake_case(word: str) -> str | None:
    """The snake_case id a mistyped id probably meant (`Multi-AZ` -> `multi_az`), if any."""
    if not re.fullmatch(r"[A-Za-z0-9 _.-]+", word):
        return None  # punctuation or symbols: no id is close enough to suggest
    guess = re.sub(r"[^a-z0-9]+", "_", word.lower()).strip("_")
    return guess if guess != word and re.fullmatch(ID_PATTERN, guess) else None


def _type_problem(kind: str, err: Any) -> tuple[str, str | None]:
    """Message and hint for a value of the wrong type."""
    message = f"expected {_EXPECTED[kind]}, got {yaml_kind(err.get('input'))}"
    hint = "quote the value if it is text" if kind == "string_type" and not isinstance(err.get("input"), list | dict) else None
    return message, hint


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
            message = f"{shown(err.get('input'))} is not valid here"
            hint = f"valid values: {expected}"
            if loc == ("archwiz",):
                message = f"answers-file format {shown(err.get('input'))} is not one this archwiz reads"
                hint = "write `archwiz: 1` (the only format so far)"
        elif kind == "string_pattern_mismatch" and "a-z" in str(err.get("ctx", {}).get("pattern", "")):
            word = str(err.get("input"))
            message = f"{shown(word)} is not a snake_case id"
            hint = "ids are lower case letters, digits and underscores, starting with a letter"
            guess = _snake_case(word)
            hint = f"did you mean {guess!r}? {hint}" if guess else hint
        elif kind in _EXPECTED:
            message, hint = _type_problem(kind, err)
        elif kind == "value_error":
            message = message.removeprefix("Value error, ")
        problems.append(located.problem(path, message, hint))
    return problems
