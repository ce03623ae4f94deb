"""What an answer decides, for the "why am I asked this?" panel and the answers skeleton.

The candidates it can rule out or favour, the configuration it sets and the questions it opens,
read from the plan's own rules, features and conditions, so it can never drift from what the
engine does with the answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wizard.core import conditions
from wizard.core.engine import Plan
from wizard.core.model import Tree

# Past this many names a list reads as noise; the rest are counted.
_NAMES_SHOWN = 3


@dataclass
class Influence:
    """The effects one question's answer can have within a plan."""

    excludes: list[str] = field(default_factory=list)
    prefers: list[str] = field(default_factory=list)
    configures: list[str] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)
    trees: list[str] = field(default_factory=list)
    notes: int = 0
    checks: int = 0

    def empty(self) -> bool:
        """True when nothing in the plan reads the answer."""
        return not (self.excludes or self.prefers or self.configures or self.opens or self.trees or self.notes or self.checks)

    def sentence(self) -> str:
        """One or two plain sentences saying what the answer decides."""
        if self.empty():
            return "It is recorded with the design; no rule in these decisions reads it."
        picks = []
        if self.excludes:
            picks.append(f"rule out {_names(self.excludes)}")
        if self.prefers:
            picks.append(f"favour {_names(self.prefers)}")
        parts = []
        if picks:
            parts.append("It can " + " and ".join(picks) + ".")
        more = []
        if self.configures:
            more.append(f"shapes the configuration ({_names(self.configures)})")
        if self.opens:
            count = len(self.opens)
            more.append(f"opens {count} later question{'s' if count > 1 else ''}")
        if self.trees:
            more.append(f"decides whether {_names(self.trees)} {'is' if len(self.trees) == 1 else 'are'} asked")
        if self.notes:
            more.append("adds advice" if self.notes == 1 else f"adds advice ({self.notes} notes)")
        if self.checks:
            more.append(f"feeds {self.checks} design check{'s' if self.checks > 1 else ''}")
        if more:
            lead = "It also " if parts else "It "
            parts.append(lead + _join(more) + ".")
        return " ".join(parts)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _names(items: list[str]) -> str:
    shown = items[:_NAMES_SHOWN]
    rest = len(items) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    return _join(shown)


def _short(short: str | None, label: str) -> str:
    """The compact name a diagram uses, on one line; the label where there is none."""
    return " ".join(short.split()) if short else label


def _read_by(tree_id: str, cond: conditions.Cond) -> set[str]:
    """The fully qualified answers a condition written in `tree_id` reads."""
    return {conditions.qualified(ref, tree_id) for ref in conditions.references(cond)}


def _add(bucket: list[str], item: str) -> None:
    if item not in bucket:
        bucket.append(item)


def influence(plan: Plan, tree_id: str, question_id: str) -> Influence:
    """What the answer to `tree_id.question_id` can change anywhere in the plan."""
    return influence_index(plan)[f"{tree_id}.{question_id}"]


class InfluenceIndex(dict[str, Influence]):
    """Influence by `tree.question`; an answer nothing reads has an empty one."""

    def __missing__(self, key: str) -> Influence:
        return Influence()


def influence_index(plan: Plan) -> InfluenceIndex:
    """What every answer can change, keyed by `tree.question`, from one pass over the plan.

    Asking this per question instead would read every condition of the plan once per question;
    callers that need several answers' influence keep this index.
    """
    index: defaultdict[str, Influence] = defaultdict(Influence)
    for tid in plan.tree_ids():
        _tree_effects(plan.trees[tid], index)
    for ref in plan.refs:
        if ref.tree in plan.trees:
            for target in _read_by("", ref.cond):
                _add(index[target].trees, f"the `{ref.tree}` decision")
    if plan.blueprint is not None:
        for check in plan.blueprint.checks:
            for target in _read_by("", check.cond):
                index[target].checks += 1
    return InfluenceIndex(index)


def _tree_effects(tree: Tree, index: defaultdict[str, Influence]) -> None:
    labels = {c.id: _short(c.short, c.label) for c in tree.candidates}
    for rule in tree.rules:
        for target in _read_by(tree.id, rule.cond):
            for cid in rule.exclude or []:
                _add(index[target].excludes, labels.get(cid, cid))
            if rule.prefer:
                _add(index[target].prefers, labels.get(rule.prefer, rule.prefer))
    for note in tree.notes:
        for target in _read_by(tree.id, note.cond):
            index[target].notes += 1
    for question in tree.questions:
        for target in _read_by(tree.id, question.cond):
            _add(index[target].opens, f"{tree.id}.{question.id}")
    for candidate in tree.candidates:
        for feature in candidate.features:
            for target in _read_by(tree.id, feature.cond):
                _add(index[target].configures, _short(feature.short, feature.label))
        for follow in candidate.then:
            for target in _read_by(tree.id, follow.cond):
                _add(index[target].trees, f"the `{follow.tree}` decision")
