"""The outcome of one tree: pick, alternatives, why-not, notes, assumptions, counterfactuals."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


class Out(BaseModel):
    """Base of result models: immutable, plain data, stable field order."""

    # defer_build: schemas are built at first use, so importing the engine stays cheap.
    model_config = ConfigDict(frozen=True, defer_build=True)


class Trigger(Out):
    """An answer a rule read, with its value at decision time."""

    ref: str
    question: str
    value: Any
    value_label: str


class RuleHit(Out):
    """A rule that applied, with why and where it comes from."""

    index: int
    kind: Literal["exclude", "prefer", "default", "weak_fit"]
    because: str
    cite: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)


class FeatureHit(Out):
    """A configuration of the pick that the answers call for."""

    id: str
    label: str
    because: str
    cite: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)


class Excluded(Out):
    """A candidate ruled out, with every rule that excluded it."""

    candidate: str
    label: str
    rules: list[RuleHit]


class Alternative(Out):
    """A surviving candidate that was not picked, ranked."""

    candidate: str
    label: str
    reason: str
    rule: RuleHit | None = None


class NoteHit(Out):
    """An advisory whose condition held."""

    text: str
    level: Literal["info", "warning"] = "info"
    cite: list[str] = Field(default_factory=list)


class Assumption(Out):
    """An answer that was not given: a default was used, or the user was not sure."""

    ref: str
    question: str
    kind: Literal["default", "not_sure", "unanswered"]
    value: Any = None
    value_label: str = ""


class Flip(Out):
    """A counterfactual: if this answer were different, the pick would be another."""

    ref: str
    question: str
    value: Any
    value_label: str
    pick: str | None
    pick_label: str
    features: list[str] = Field(default_factory=list)


class Decision(Out):
    """Everything a tree concluded for the given answers."""

    tree: str
    tree_version: int
    title: str
    status: Literal["ok", "weak_fit", "no_fit"]
    pick: str | None
    pick_label: str
    reason: RuleHit | None
    features: list[FeatureHit] = Field(default_factory=list)
    follow_ons: list[str] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    notes: list[NoteHit] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    drivers: list[Trigger] = Field(default_factory=list)
    counterfactuals: list[Flip] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def configuration(self) -> str:
        """The pick with the configuration it needs: what an architect writes down."""
        return configuration_text(self.pick_label, [f.label for f in self.features])

    @property
    def warnings(self) -> list[NoteHit]:
        """Notes that warn about a risk of the pick."""
        return [n for n in self.notes if n.level == "warning"]


def configuration_text(pick_label: str, feature_labels: list[str]) -> str:
    """How a pick and its configuration read in one line: "Label: feature; feature"."""
    if not feature_labels:
        return pick_label
    return f"{pick_label}: " + "; ".join(feature_labels)
