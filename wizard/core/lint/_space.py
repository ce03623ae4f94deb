"""The answer space of a tree: variables, domains, samples and scoring."""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from wizard.core import conditions
from wizard.core.conditions import UNKNOWN, Compare, Cond, NotOf
from wizard.core.lint._common import BASE_SCORING_LIMIT, LintContext
from wizard.core.lint._references import _Lookup
from wizard.core.model import NOT_SURE, Question, Tree

# ---------------------------------------------------------------- the answer space

ABSENT: Any = object()
"""The solver's value of a question that is not asked (its condition does not hold)."""


def _known(value: Any) -> Any:
    """A raw value as conditions read it: `not_sure` and "not asked" are unknown."""
    if value is ABSENT or (isinstance(value, str) and value == NOT_SURE):
        return UNKNOWN
    return value


def _value_key(value: Any) -> Any:
    """A hashable key under which equal answers meet (`true` never meets `1`); None for lists."""
    if value is ABSENT:
        return ("absent",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, str):
        return ("text", value)
    return None


def _same_value(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b)


def _domain(question: Question, thresholds: list[float]) -> list[Any]:
    extra = [NOT_SURE] if question.not_sure else []
    if question.kind == "choice":
        return question.option_ids() + extra
    if question.kind == "boolean":
        return [True, False, *extra]
    if question.kind == "multi":
        ids = question.option_ids()
        pairs = [list(p) for p in itertools.combinations(ids, 2)] if len(ids) <= 8 else []
        return [[], *([o] for o in ids), *pairs, ids, *extra]
    values: set[float] = set()
    for t in thresholds:
        values.update((t - 1, t, t + 1))
    if question.min is not None:
        values.add(question.min)
    if not values:
        values.add(question.min if question.min is not None else 0)
    ordered = sorted(v for v in values if (question.min is None or v >= question.min) and (question.max is None or v <= question.max))
    if not ordered:
        ordered = [question.max if question.max is not None else question.min or 0]
    return ordered + extra


def _is_threshold(comp: Compare) -> bool:
    if comp.op in conditions.NUMERIC_OPS:
        return True
    return comp.op in ("eq", "ne") and isinstance(comp.value, int | float) and not isinstance(comp.value, bool)


def _thresholds(conds: Iterable[Cond]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for cond in conds:
        for comp in conditions.comparisons(cond):
            if _is_threshold(comp):
                out.setdefault(comp.ref, []).append(comp.value)
    return out


@dataclass
class _Conds:
    """A tree's parsed conditions and what each reads, gathered once."""

    questions: list[Cond]
    rules: list[Cond]
    notes: list[Cond]
    q_refs: list[list[str]]
    r_refs: list[list[str]]
    n_refs: list[list[str]]
    configs: list[Cond]
    """Conditions of the candidates' features and follow-ons: they read answers but decide nothing."""

    @classmethod
    def of(cls, tree: Tree) -> _Conds:
        """The conditions of a tree's questions, rules, notes, features and follow-ons."""
        q, r, n = [x.cond for x in tree.questions], [x.cond for x in tree.rules], [x.cond for x in tree.notes]
        f = [x.cond for c in tree.candidates for x in [*c.features, *c.then]]
        refs = conditions.references
        return cls(q, r, n, [refs(c) for c in q], [refs(c) for c in r], [refs(c) for c in n], f)

    def every(self) -> Iterator[Cond]:
        """Every condition: questions, rules, notes, then features and follow-ons."""
        yield from self.questions
        yield from self.rules
        yield from self.notes
        yield from self.configs

    def read(self) -> dict[str, None]:
        """Every reference read, in order."""
        out: dict[str, None] = {}
        config_refs = [conditions.references(c) for c in self.configs]
        for refs in itertools.chain(self.q_refs, self.r_refs, self.n_refs, config_refs):
            out.update(dict.fromkeys(refs))
        return out


def _variables(tree: Tree, ctx: LintContext, lookup: _Lookup, conds: _Conds) -> list[tuple[str, list[Any]]]:
    """Every reference the tree reads (its own questions first) with the values worth trying."""
    refs: dict[str, None] = dict.fromkeys(q.id for q in tree.questions)
    refs.update(conds.read())
    refs.pop("pick", None)
    limits = _thresholds(conds.every())
    out: list[tuple[str, list[Any]]] = []
    for ref in refs:
        domain = _ref_domain(ref, tree, ctx, lookup, limits.get(ref, []))
        if domain is not None:
            out.append((ref, domain))
    return out


def _ref_domain(ref: str, tree: Tree, ctx: LintContext, lookup: _Lookup, limits: list[float]) -> list[Any] | None:
    head, dot, rest = ref.partition(".")
    if not dot:
        own = lookup.question(tree, ref)
        return None if own is None else _domain(own, limits)
    other = ctx.trees.get(head)
    if other is None:
        return None
    if rest == "pick":
        return [c.id for c in other.candidates]
    theirs = lookup.question(other, rest)
    return None if theirs is None else _domain(theirs, limits)


def _assignments(variables: list[tuple[str, list[Any]]], exhaustive: bool, samples: int) -> Iterator[dict[str, Any]]:
    if exhaustive:
        names = [n for n, _ in variables]
        for combo in itertools.product(*(d for _, d in variables)):
            yield dict(zip(names, combo, strict=True))
        return
    rng = random.Random(f"archwiz-lint:{','.join(n for n, _ in variables)}")
    for _ in range(samples):
        yield {n: rng.choice(d) for n, d in variables}


def _polarized(cond: Cond, negated: bool = False) -> Iterator[tuple[Compare, bool]]:
    """Every comparison with whether an odd number of `not` encloses it."""
    if isinstance(cond, Compare):
        yield cond, negated
    elif isinstance(cond, NotOf):
        yield from _polarized(cond.part, not negated)
    else:
        for part in cond.parts:
            yield from _polarized(part, negated)


def _truth(comp: Compare, value: Any) -> bool | None:
    """How a comparison reads one value of its reference (None: unknown)."""
    known = _known(value)
    return conditions.evaluate3(comp, lambda _ref: known)


def _base_values(variables: list[tuple[str, list[Any]]], conds: Iterable[Cond]) -> dict[str, Any]:
    """A quiet starting point: each variable's value that makes the fewest rule comparisons count."""
    by_ref: dict[str, list[tuple[Compare, bool]]] = {}
    for cond in conds:
        for comp, negated in _polarized(cond):
            by_ref.setdefault(comp.ref, []).append((comp, negated))
    base: dict[str, Any] = {}
    for name, domain in variables:
        comps = by_ref.get(name, [])
        if not comps or len(comps) * len(domain) > BASE_SCORING_LIMIT:
            base[name] = domain[0]
            continue
        base[name] = min(domain, key=functools.partial(_score, comps))
    return base


def _score(comps: list[tuple[Compare, bool]], value: Any) -> int:
    """How many comparisons a value pushes towards making their condition true."""
    return sum(1 for comp, negated in comps if _truth(comp, value) is (not negated))
