"""Pydantic models of trees, blueprints and answers files (extra keys are forbidden)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from wizard.core import conditions
from wizard.core.conditions import Cond

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
"""Ids are stable snake_case: they appear in answers files, outputs and tests."""

CITE_PATTERN = re.compile(r"^(\d{3}) (?:L(\d+)(?:-L?(\d+))?|§[0-9.]+(?:-[0-9.]+)?)$")
"""`000 L405`, `000 L405-L430` or a digest section `000 §13`."""

NOT_SURE = "not_sure"
"""The answer value of "Not sure" on questions that allow it."""

Pillar = Literal["reliability", "performance", "cost", "security", "operations", "sustainability"]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _check_cite(value: str) -> str:
    if not CITE_PATTERN.match(value):
        raise ValueError(f"citation {value!r} is not of the form '000 L405', '000 L405-L430' or '000 §13'")
    return value


CiteText = Annotated[str, BeforeValidator(_check_cite, json_schema_input_type=Annotated[str, Field(pattern=CITE_PATTERN.pattern)])]
Cite = Annotated[list[CiteText], BeforeValidator(_as_list, json_schema_input_type=CiteText | list[CiteText])]
"""One citation or a list of them; always stored as a list."""


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors and instances are immutable."""

    # defer_build: a command that reads trees from the parse cache never validates them, so their
    # schemas (most of the import time) are built only when a YAML file is really parsed.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Conditional(Strict):
    """A model with an optional `when` condition, parsed once at load time."""

    when: dict[str, Any] | None = None
    _cond: Cond = PrivateAttr(default=conditions.TRUE)

    @field_validator("when")
    @classmethod
    def _check_when(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        try:
            conditions.parse(value)
        except conditions.ConditionSyntaxError as exc:
            raise ValueError(str(exc)) from exc
        return value

    def model_post_init(self, context: Any, /) -> None:  # noqa: ARG002 - pydantic hook signature
        """Parse `when` into the condition tree used by the engine."""
        self._cond = conditions.parse(self.when)

    @property
    def cond(self) -> Cond:
        """The parsed condition (always true when `when` is absent)."""
        # Read the private slot directly: pydantic's __getattr__ path is slow in the engine's loops.
        private: dict[str, Cond] = self.__pydantic_private__  # type: ignore[assignment]
        return private["_cond"]


class Option(Strict):
    """One option of a choice or multi question."""

    id: Id
    label: str = Field(min_length=1)
    help: str | None = None


class Question(Conditional):
    """One question of a tree: asked when its condition holds."""

    id: Id
    ask: str = Field(min_length=1)
    help: str | None = None
    kind: Literal["choice", "multi", "number", "boolean"] = "choice"
    options: list[Option] = Field(default_factory=list)
    not_sure: bool = False
    default: Any = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = True
    cite: Cite = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_kind(self) -> Question:
        if self.kind in ("choice", "multi"):
            if len(self.options) < 2 and not (self.kind == "multi" and self.options):
                raise ValueError(f"a {self.kind} question needs at least two options")
            ids = [o.id for o in self.options]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate option ids: {', '.join(dupes)}")
            if NOT_SURE in ids:
                raise ValueError(f"'{NOT_SURE}' is reserved; set `not_sure: true` instead")
        elif self.options:
            raise ValueError(f"a {self.kind} question has no options")
        if self.kind != "number" and (self.unit or self.min is not None or self.max is not None):
            raise ValueError("unit, min and max apply to number questions only")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self

    def option_ids(self) -> list[str]:
        """The valid option ids, in file order."""
        return [o.id for o in self.options]

    def label_of(self, value: Any) -> str:
        """A human label for an answer value."""
        if value == NOT_SURE:
            return "Not sure"
        if self.kind == "boolean":
            return "Yes" if value else "No"  # as the interview offers them
        if self.kind == "number":
            number = int(value) if isinstance(value, float) and value.is_integer() else value
            unit = self.unit[:-1] if self.unit and number == 1 and self.unit.endswith("s") else self.unit
            shown = f"{number} {unit}" if unit else str(number)
            return shown + (f" ({_duration(number)})" if self.unit == "seconds" and number >= 60 else "")
        labels = {o.id: o.label for o in self.options}
        if self.kind == "multi" and isinstance(value, list | tuple):
            return ", ".join(labels.get(v, str(v)) for v in value) or "None"
        return labels.get(value, str(value)) if isinstance(value, str) else str(value)


class Feature(Conditional):
    """A configuration of a candidate that the facts call for (Global Database, DAX, a lifecycle rule).

    Shown with the pick when the candidate is picked and `when` holds; the pick then names what
    goes on the whiteboard, not only the service family.
    """

    id: Id
    label: str = Field(min_length=1)
    short: str | None = None
    because: str = Field(min_length=1)
    cite: Cite = Field(default_factory=list)


class TreeRef(Conditional):
    """A tree a blueprint asks (or a pick continues into), maybe only when a condition holds."""

    tree: Id


def _tree_ref(value: Any) -> Any:
    return {"tree": value} if isinstance(value, str) else value


FollowOn = Annotated[TreeRef, BeforeValidator(_tree_ref, json_schema_input_type=Id | TreeRef)]
"""`tree_id` or `{tree: tree_id, when: {...}}`."""


def _duration(seconds: float) -> str:
    """A readable form of a number of seconds: 90 -> 1.5 min, 3600 -> 1 h, 172800 -> 2 d."""
    for size, name in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            value = round(seconds / size, 1)
            return f"{int(value) if float(value).is_integer() else value} {name}"
    return f"{seconds} s"  # pragma: no cover - only called from 60 s up


class Candidate(Strict):
    """A service or option the tree can recommend."""

    id: Id
    label: str = Field(min_length=1)
    short: str | None = None
    component: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.]+$")
    summary: str = Field(min_length=1)
    pros: list[str] = Field(default_factory=list)
    cons: list[str] = Field(default_factory=list)
    cost: str | None = None
    pillars: dict[Pillar, str] = Field(default_factory=dict)
    scope: Literal["global", "region", "vpc", "az"] | None = None
    today: str | None = None
    retired: bool = False
    features: list[Feature] = Field(default_factory=list)
    then: list[FollowOn] = Field(default_factory=list)
    cite: Cite = Field(default_factory=list)

    @property
    def diagram_label(self) -> str:
        """The short label used in diagrams (falls back to the full label)."""
        return self.short or self.label


class Rule(Conditional):
    """One rule: `exclude` candidates, `prefer` one, or name the `default`."""

    exclude: list[Id] | None = None
    prefer: Id | None = None
    default: Id | None = None
    because: str = Field(min_length=1)
    cite: Cite = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        kinds = [k for k in ("exclude", "prefer", "default") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a rule has exactly one of exclude, prefer or default")
        if self.default is not None and self.when is not None:
            raise ValueError("the default rule has no `when`: it applies when nothing else does")
        if self.exclude is not None and not self.exclude:
            raise ValueError("exclude needs at least one candidate id")
        return self

    @property
    def kind(self) -> Literal["exclude", "prefer", "default"]:
        """Which of the three rule kinds this is."""
        if self.exclude is not None:
            return "exclude"
        return "prefer" if self.prefer is not None else "default"

    def targets(self) -> list[str]:
        """The candidate ids the rule names."""
        if self.exclude is not None:
            return list(self.exclude)
        return [self.prefer or self.default or ""]


class Note(Conditional):
    """An advisory shown with the outcome when its condition holds.

    A `warning` is a risk of the pick itself; the TUI shows it beside the recommendation.
    """

    text: str = Field(min_length=1)
    level: Literal["info", "warning"] = "info"
    cite: Cite = Field(default_factory=list)


class Tree(Strict):
    """One decision: questions, candidates, rules and notes."""

    id: Id
    title: str = Field(min_length=1)
    version: int = Field(ge=1)
    last_reviewed: dt.date
    summary: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    profile: bool = False
    refines: bool = False
    """A follow-on that configures the service its parent picked (S3 -> a storage class):
    its pick is drawn on the parent's node instead of as a node of its own."""
    questions: list[Question] = Field(min_length=1)
    candidates: list[Candidate] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    # The user folder a tree was loaded from when it is not a bundled one (shown in provenance).
    _origin: str | None = PrivateAttr(default=None)

    @property
    def origin(self) -> str | None:
        """The folder of a tree that came from `--trees` or $ARCHWIZ_TREES; None when bundled."""
        return self._origin

    def set_origin(self, folder: str | None) -> None:
        """Record where the tree was loaded from (the loader calls this)."""
        self._origin = folder

    @model_validator(mode="after")
    def _check_shape(self) -> Tree:
        if self.profile:
            if self.candidates or self.rules:
                raise ValueError("a profile tree holds questions only (no candidates or rules)")
            return self
        if not self.candidates:
            raise ValueError("a decision tree needs candidates")
        if not self.rules or self.rules[-1].default is None:
            raise ValueError("the last rule must be the `default`")
        if sum(1 for r in self.rules if r.default is not None) != 1:
            raise ValueError("exactly one `default` rule is allowed, and it comes last")
        return self

    def question(self, qid: str) -> Question | None:
        """The question with this id, if any."""
        return next((q for q in self.questions if q.id == qid), None)

    def candidate(self, cid: str) -> Candidate | None:
        """The candidate with this id, if any."""
        return next((c for c in self.candidates if c.id == cid), None)


# ---------------------------------------------------------------- blueprints


class Repeat(Conditional):
    """How many copies of a cluster to draw (for example one AZ or two)."""

    count: int = Field(ge=1, le=6)


class ClusterSpec(Strict):
    """A group in the diagram (AWS Cloud, Region, VPC, AZ, subnet, on-premises)."""

    id: Id
    label: str
    kind: Literal["cloud", "region", "vpc", "az", "public", "private", "onprem", "group"] = "group"
    repeat: Repeat | None = None
    children: list[ClusterSpec] = Field(default_factory=list)


class FixedNode(Strict):
    """A node that no tree picks (users, the internet, a data centre)."""

    id: Id
    component: str
    label: str
    in_: str | None = Field(default=None, alias="in")


Traffic = Literal["all", "reads", "none"]
"""What a slot copy accepts from edges drawn into the slot: everything, only reads, or nothing."""


class Slot(Conditional):
    """Where a node is drawn: filled by a tree's pick or by a fixed component."""

    id: Id
    pick: Id | None = None
    component: str | None = None
    label: str | None = None
    in_: str | None = Field(default=None, alias="in")
    in_by_pick: dict[str, str] = Field(default_factory=dict)
    in_by_scope: dict[Literal["global", "region", "vpc", "az"], str] = Field(default_factory=dict)
    per: Id | None = None
    roles: list[str] = Field(default_factory=list)
    role_labels: dict[str, dict[str, str]] = Field(default_factory=dict)
    # Which copies take the traffic of edges drawn into the slot: a Multi-AZ standby takes none
    # (clients follow the primary's endpoint), readable standbys and readers take reads.
    traffic: dict[str, Traffic] = Field(default_factory=dict)
    traffic_by_pick: dict[str, dict[str, Traffic]] = Field(default_factory=dict)
    traffic_by_feature: dict[str, dict[str, Traffic]] = Field(default_factory=dict)
    annotate: list[Id] = Field(default_factory=list)
    cite: Cite = Field(default_factory=list)

    def traffic_of(self, role: str | None, pick: str | None, features: list[str]) -> Traffic:
        """What the copy with this role accepts: a feature's setting wins over the pick's and the slot's."""
        if role is None:
            return "all"
        for feature in features:
            if role in self.traffic_by_feature.get(feature, {}):
                return self.traffic_by_feature[feature][role]
        by_pick = self.traffic_by_pick.get(pick or "", {})
        return by_pick.get(role, self.traffic.get(role, "all"))

    @model_validator(mode="after")
    def _pick_or_component(self) -> Slot:
        if (self.pick is None) == (self.component is None):
            raise ValueError("a slot has either `pick` (a tree id) or `component`, not both")
        if self.component is not None and not self.label:
            raise ValueError("a slot with a fixed component needs a label")
        return self


class EdgeSpec(Conditional):
    """A labelled connection between nodes or slots."""

    from_: str = Field(alias="from")
    to: str
    label: str | None = None
    label_by_pick: dict[str, str] = Field(default_factory=dict)
    style: Literal["solid", "dashed", "dotted", "bold"] = "solid"
    match: Literal["same_index", "all"] = "all"
    layout: bool = True


class Layout(Strict):
    """The picture of a blueprint: direction, fixed nodes, clusters, slots and edges."""

    direction: Literal["LR", "TB"] = "LR"
    nodes: list[FixedNode] = Field(default_factory=list)
    clusters: list[ClusterSpec] = Field(default_factory=list)
    slots: list[Slot] = Field(default_factory=list)
    edges: list[EdgeSpec] = Field(default_factory=list)


class Check(Conditional):
    """A cross-decision warning or conflict."""

    level: Literal["warning", "conflict"] = "warning"
    text: str = Field(min_length=1)
    cite: Cite = Field(default_factory=list)


class Blueprint(Strict):
    """A workload shape: the trees it needs, their order and the architecture drawing."""

    id: Id
    title: str = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    summary: str = Field(min_length=1)
    trees: list[FollowOn] = Field(min_length=1)
    layout: Layout = Field(default_factory=Layout)
    checks: list[Check] = Field(default_factory=list)

    def tree_ids(self) -> list[str]:
        """The tree ids in asking order."""
        return [t.tree for t in self.trees]


# ---------------------------------------------------------------- answers files

ANSWERS_FORMAT = 1
"""The answers-file format version written by this archwiz."""


class AnswersFile(Strict):
    """An answers file: the blueprint (or decisions) and the answers per tree."""

    archwiz: Literal[1] = 1
    blueprint: Id | None = None
    decisions: list[Id] | None = None
    versions: dict[Id, int] = Field(default_factory=dict)
    answers: dict[Id, dict[Id, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_target(self) -> AnswersFile:
        if (self.blueprint is None) == (self.decisions is None):
            raise ValueError("give either `blueprint: <id>` or `decisions: [<tree id>, ...]`")
        return self

    @field_validator("answers", mode="before")
    @classmethod
    def _empty_trees(cls, value: Any) -> Any:
        # `database:` with nothing under it is an empty mapping, not an error.
        if isinstance(value, dict):
            return {k: ({} if v is None else v) for k, v in value.items()}
        return value

    @classmethod
    def read(cls, data: Any) -> AnswersFile:
        """The model of an answers file's data; raises pydantic's ValidationError if it is wrong.

        A file whose every value already has its exact type (the files archwiz writes, and
        nearly every hand-written one) is built directly, without pydantic's validator: building
        that validator costs every new process ~30 ms. Anything else, coercible or wrong, goes
        through `model_validate`, so what is accepted and every message stay pydantic's.
        """
        if _plain_answers_file(data):
            answers = {k: ({} if v is None else dict(v)) for k, v in data.get("answers", {}).items()}
            return cls.model_construct(
                archwiz=1,
                blueprint=data.get("blueprint"),
                decisions=None if data.get("decisions") is None else list(data["decisions"]),
                versions=dict(data.get("versions", {})),
                answers=answers,
            )
        return cls.model_validate(data)


_ANSWERS_KEYS = frozenset({"archwiz", "blueprint", "decisions", "versions", "answers"})
_PLAIN_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _is_id(value: Any) -> bool:
    return type(value) is str and _PLAIN_ID.fullmatch(value) is not None


def _plain_answers_file(data: Any) -> bool:
    """True if `AnswersFile.model_validate(data)` would accept `data` as it is, with no coercion.

    Deliberately narrower than the model: a False only means pydantic decides.
    """
    if type(data) is not dict or not data.keys() <= _ANSWERS_KEYS:
        return False
    if type(data.get("archwiz", 1)) is not int or data.get("archwiz", 1) != 1:
        return False
    blueprint, decisions = data.get("blueprint"), data.get("decisions")
    if (blueprint is None) == (decisions is None):
        return False
    if blueprint is not None and not _is_id(blueprint):
        return False
    if decisions is not None and not (type(decisions) is list and all(_is_id(d) for d in decisions)):
        return False
    versions = data.get("versions", {})
    if type(versions) is not dict or not all(_is_id(k) and type(v) is int for k, v in versions.items()):
        return False
    answers = data.get("answers", {})
    if type(answers) is not dict:
        return False
    return all(_is_id(k) and (v is None or (type(v) is dict and all(_is_id(q) for q in v))) for k, v in answers.items())
