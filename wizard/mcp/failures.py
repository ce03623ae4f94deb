"""Turn anything a tool call can fail with into a structured error, never a traceback."""

from __future__ import annotations

import json
import logging

from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from wizard.errors import WizardError
from wizard.mcp.results import Failure, ProblemInfo

log = logging.getLogger("archwiz.mcp")

SHOWN = 200
"""Longest piece of a caller's value quoted back."""


class ToolFailure(WizardError):
    """A tool argument is wrong: names the field and what it accepts."""

    default_title = "invalid argument"

    def __init__(self, message: str, *, field: str, valid_values: list[str] | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field
        self.valid_values = valid_values


class Rejected(WizardError):
    """An archwiz error whose problems are already described for the caller (valid values, suggestions)."""

    def __init__(self, exc: WizardError, infos: list[ProblemInfo]) -> None:
        super().__init__(exc.message, title=exc.title, hint=exc.hint, problems=exc.problems)
        self.infos = infos


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def from_wizard(exc: WizardError, problems: list[ProblemInfo] | None = None) -> Failure:
    """The structured form of an archwiz error (the same title, message and hint the CLI prints)."""
    field = getattr(exc, "field", None)
    valid = getattr(exc, "valid_values", None)
    found = problems if problems is not None else getattr(exc, "infos", None)
    if found is None:
        found = [ProblemInfo(**p.as_dict()) for p in exc.problems]
    if field is None and len(found) == 1:
        field, valid = found[0].key, found[0].valid_values
    return Failure(title=exc.title, message=_short(exc.message), field=field, valid_values=valid, hint=exc.hint, problems=found)


def from_validation(exc: ValidationError) -> Failure:
    """Arguments that do not match a tool's input schema: each wrong field, with the accepted values."""
    problems = []
    valid: list[str] | None = None
    for err in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(p) for p in err["loc"])
        expected = (err.get("ctx") or {}).get("expected")
        values = [v.strip().strip("'") for v in str(expected).replace(" or ", ",").split(",") if v.strip()] if expected else None
        valid = valid or values
        problems.append(
            ProblemInfo(level="error", key=where, message=_short(err["msg"]), path=[str(p) for p in err["loc"]], valid_values=values)
        )
    first = problems[0] if problems else None
    return Failure(
        title="invalid arguments",
        message=f"{len(problems)} argument problem(s)" + (f": {first.key}: {first.message}" if first else ""),
        field=first.key if first else None,
        valid_values=valid,
        hint="the tool's input schema (tools/list) gives every argument's type and values",
        problems=problems,
    )


def internal(tool: str) -> Failure:
    """A bug in archwiz: said plainly, the details logged on the server's stderr only."""
    return Failure(
        title="internal error",
        message=f"archwiz could not complete {tool!r}; this is a bug, not a problem with the arguments",
        hint="the server's log (stderr) has the details; please report it",
    )


def result(failure: Failure) -> CallToolResult:
    """An `is_error` tool result carrying the failure as text and as structured content."""
    data = {"error": failure.model_dump(mode="json", exclude_none=True)}
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))], structured_content=data, is_error=True
    )
