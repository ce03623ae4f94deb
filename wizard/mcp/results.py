"""The typed results of the MCP tools; their JSON Schemas are the tools' output schemas.

The shapes follow the CLI's `--json` output (`trees`, `decide`, `validate`, `render`), with
fields added where an assistant needs more than a script (valid values, why a question is asked).
"""

from __future__ import annotations

import dataclasses
from typing import Any, get_type_hints

from pydantic import BaseModel, Field, create_model

from wizard.core import decision
from wizard.core.decision import Decision


class TreeInfo(BaseModel):
    """One decision tree of the catalogue."""

    id: str
    title: str
    version: int
    summary: str
    questions: int
    candidates: int
    profile: bool


class BlueprintInfo(BaseModel):
    """One blueprint (a workload shape) and the trees it asks, in order."""

    id: str
    title: str
    summary: str
    trees: list[str]


class Catalogue(BaseModel):
    """`list_trees`: the shape of `archwiz trees --json`."""

    trees: list[TreeInfo]
    blueprints: list[BlueprintInfo]


class ProblemInfo(BaseModel):
    """One problem in answers: `archwiz validate --json` fields plus valid values and a suggestion."""

    level: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    message: str
    hint: str | None = None
    path: list[str] = Field(default_factory=list, description="The key path split into parts (answers, tree, question).")
    accepts: str | None = Field(None, description="What the field accepts, in words.")
    valid_values: list[str] | None = Field(None, description="The ids the field accepts, when it takes ids.")
    did_you_mean: str | None = None


class OptionInfo(BaseModel):
    """One option of a choice or multi-select question."""

    id: str
    label: str
    help: str | None = None


class QuestionInfo(BaseModel):
    """A question still to ask, with everything needed to ask it well."""

    tree: str
    id: str
    ref: str = Field(description="tree.question: where the answer goes in `answers`.")
    ask: str
    help: str | None = None
    kind: str = Field(description="choice, multi, number or boolean")
    options: list[OptionInfo] = Field(default_factory=list)
    not_sure: bool = Field(description="Whether `not_sure` is an accepted answer.")
    default: Any = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool | None = None
    accepts: str
    why: str = Field(description="What the answer decides.")
    asked_because: str | None = Field(None, description="The earlier answers that make this question appear, if any.")


class Interview(BaseModel):
    """`questions`: what is still to ask for a blueprint or a tree, given the answers so far."""

    target: str
    kind: str = Field(description="blueprint or tree")
    questions: list[QuestionInfo]
    answered: int
    done: bool = Field(description="True when every question on the path has an answer or a default.")
    problems: list[ProblemInfo] = Field(default_factory=list, description="Answers that were not used, and why.")
    answers_file: dict[str, Any] = Field(description="The usable answers as an answers document, ready for validate and render.")


def _model_of(result: type[decision.Out]) -> type[BaseModel]:
    """A pydantic model with the fields of a result dataclass plus its computed properties.

    The engine's results are plain dataclasses (cheap to make in every process); the MCP tools
    need pydantic models for their output schemas, so this builds one from the dataclass itself
    rather than declaring the same fields twice.
    """
    hints = get_type_hints(result, vars(decision))
    defined: dict[str, Any] = {}
    for f in dataclasses.fields(result):  # type: ignore[arg-type]
        if f.default is not dataclasses.MISSING:
            defined[f.name] = (hints[f.name], f.default)
        elif f.default_factory is not dataclasses.MISSING:
            defined[f.name] = (hints[f.name], Field(default_factory=f.default_factory))
        else:
            defined[f.name] = (hints[f.name], ...)
    for name in result.computed:
        defined[name] = (get_type_hints(getattr(result, name).fget)["return"], ...)
    return create_model(result.__name__, __doc__=result.__doc__, **defined)


DecisionInfo = _model_of(Decision)


class DecideResult(DecisionInfo):  # type: ignore[valid-type,misc]
    """`decide`: the shape of `archwiz decide --json`."""

    follow_on_decisions: dict[str, DecisionInfo] = Field(default_factory=dict)  # type: ignore[valid-type]


class RuleInfo(BaseModel):
    """One rule of a tree and its outcome for these answers."""

    index: int
    kind: str
    targets: list[str]
    state: str = Field(description="applies, does_not_apply or unknown")
    reads: dict[str, Any] = Field(description="Each reference the rule reads and its value (null when not known).")
    because: str
    cite: list[str]


class Explanation(BaseModel):
    """`explain`: every rule in order with its outcome, and the decision they lead to."""

    tree: str
    version: int
    rules: list[RuleInfo]
    decision: DecideResult


class Validation(BaseModel):
    """`validate`: the shape of `archwiz validate --json`."""

    valid: bool
    problems: list[ProblemInfo]


class Rendered(BaseModel):
    """`render`: what was written, where, and the rationale."""

    folder: str = Field(description="The folder written, inside the server's output root.")
    written: list[str]
    picks: dict[str, str | None]
    answers_hash: str
    rationale: str = Field(description="RATIONALE.md as written.")
    checks: list[str] = Field(default_factory=list, description="Cross-decision warnings and conflicts.")
    partial: str | None = Field(None, description="Why some diagram formats were not written (for example no Graphviz).")
    warnings: list[ProblemInfo] = Field(default_factory=list, description="Answers that were not used, and why.")


class Failure(BaseModel):
    """A tool's structured error: what was wrong, where, and what would be accepted."""

    title: str
    message: str
    field: str | None = None
    valid_values: list[str] | None = None
    hint: str | None = None
    problems: list[ProblemInfo] = Field(default_factory=list)
