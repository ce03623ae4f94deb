"""Every rule of a tree evaluated in order, with the answers it read and its outcome.

`archwiz explain` prints this as text and the MCP `explain` tool returns it as data; both
read it from here, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from wizard.core import conditions
from wizard.core.engine import Resolution
from wizard.core.model import Tree

State = Literal["applies", "does_not_apply", "unknown"]


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's outcome for the answers on the current path."""

    index: int
    """Position of the rule in the tree, from 1."""
    kind: str
    targets: list[str]
    state: State
    reads: list[tuple[str, Any]]
    """Each reference the condition reads, with its value (conditions.UNKNOWN when not known)."""
    because: str
    cite: list[str]


def rule_outcomes(tree: Tree, res: Resolution) -> list[RuleOutcome]:
    """The tree's rules in file order with their three-valued outcome (a `default` always applies)."""
    resolve = res.resolver(tree.id)
    out = []
    for index, rule in enumerate(tree.rules, start=1):
        result = conditions.evaluate3(rule.cond, resolve) if rule.when else True
        state: State = "applies" if result is True else "does_not_apply" if result is False else "unknown"
        reads = [(ref, resolve(ref)) for ref in conditions.references(rule.cond)]
        out.append(RuleOutcome(index, rule.kind, list(rule.targets()), state, reads, rule.because, list(rule.cite)))
    return out
