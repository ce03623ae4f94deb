"""Shared lint types and constants: findings, the lint context, limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from wizard.core.model import Tree

BLUEPRINT_SCOPE = "_blueprint"
"""Pseudo tree id for blueprint conditions, which have no questions of their own."""

MAX_COMBINATIONS = 4096
"""Answer spaces up to this many combinations are enumerated completely."""

SAMPLE_BUDGET = 20_000
"""Condition evaluations spent on seeded random samples of a larger space (divided by tree size).

Samples are cheap evidence for many facts at once; the targeted search proves the rest."""

MIN_SAMPLES = 2
"""Samples taken however large the tree (each costs one evaluation of the whole tree)."""

SOLVE_STEPS = 2_000
"""Choices one targeted solve may try before it gives up."""

REPAIR_ROUNDS = 12
"""Times a witness is rebuilt around a rule that got in the way."""

PICK_TRIES = 16
"""Candidate picks tried for a note that reads `pick`."""

BASE_SCORING_LIMIT = 20_000
"""Above this many value-comparison pairs, a variable's base value is its first value."""

RESERVED_IDS = ("pick",)
"""Question ids that would collide with a reference word of the condition language."""


@dataclass
class Finding:
    """A lint problem before the io layer locates it in a file."""

    key: str
    message: str
    hint: str | None = None
    level: str = "error"


@dataclass
class LintContext:
    """Facts from outside the pure core that lint needs, and the limits of the search."""

    trees: Mapping[str, Tree]
    seed_lines: Mapping[str, int] | None = None  # seed number -> line count, when --notes is given
    component_known: Callable[[str], bool] = lambda _c: True
    today: dt.date = field(default_factory=dt.date.today)
    max_age_days: int = 365
    order: list[str] | None = None  # trees a tree may refer to (workload and earlier ones)
    exhaustive_limit: int = MAX_COMBINATIONS  # 0: never enumerate (tests of the targeted search)
    sample_budget: int = SAMPLE_BUDGET  # 0: no random samples


def _close(word: str, choices: list[str]) -> str:
    from wizard.core.suggest import hint_for

    return hint_for(word, choices)
