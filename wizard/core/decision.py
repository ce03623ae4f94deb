"""The outcome of one tree: pick, alternatives, why-not, notes, assumptions, counterfactuals."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal, dataclass_transform


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
class Out:
    """Base of result models: immutable plain data with a stable field order.

    Every subclass becomes a frozen, keyword-only dataclass. The engine makes hundreds of these
    per run and they hold only what it computed, so validating them (and building pydantic
    schemas for them in every new process) bought nothing but start-up time.
    """

    computed: ClassVar[tuple[str, ...]] = ()
    """Properties that `as_dict` includes after the fields (derived values the outputs show)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)

    def as_dict(self) -> dict[str, Any]:
        """Fields (then `computed` properties) as plain dicts and lists, recursively, in order."""
        out = {f.name: plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]
        for name in self.computed:
            out[name] = plain(getattr(self, name))
        return out


def plain(value: Any) -> Any:
    """A value with every result model inside it turned into dicts (tuples into lists)."""
    if isinstance(value, Out):
        return value.as_dict()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


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
    cite: list[str] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)


class FeatureHit(Out):
    """A configuration of the pick that the answers call for."""

    id: str
    label: str
    because: str
    cite: list[str] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)


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
    cite: list[str] = field(default_factory=list)


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
    features: list[str] = field(default_factory=list)


Status = Literal["ok", "weak_fit", "no_fit"]
"""How well the pick fits: a rule chose it, only a weak fit survived, or nothing did."""


class Decision(Out):
    """Everything a tree concluded for the given answers."""

    tree: str
    tree_version: int
    title: str
    status: Status
    pick: str | None
    pick_label: str
    reason: RuleHit | None
    features: list[FeatureHit] = field(default_factory=list)
    follow_ons: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    notes: list[NoteHit] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    drivers: list[Trigger] = field(default_factory=list)
    counterfactuals: list[Flip] = field(default_factory=list)

    computed = ("configuration",)

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
