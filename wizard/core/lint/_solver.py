"""A small backtracking solver that builds answers meeting a goal."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from wizard.core import conditions
from wizard.core.conditions import TRUE, AllOf, AnyOf, Compare, Cond, NotOf
from wizard.core.lint._common import SOLVE_STEPS
from wizard.core.lint._space import ABSENT, _same_value, _truth, _value_key

# ---------------------------------------------------------------- the solver


@dataclass(frozen=True)
class _Need:
    """A condition that must end up true (T), false (F), not true (NT) or not false (NF)."""

    cond: Cond
    want: str

    @functools.cached_property
    def refs(self) -> list[str]:
        """The references the goal reads."""
        return conditions.references(self.cond)


@dataclass(frozen=True)
class _Either:
    """At least one of these goals."""

    parts: tuple[_Goal, ...]

    @functools.cached_property
    def refs(self) -> list[str]:
        """The references the goal reads."""
        return list(dict.fromkeys(ref for part in self.parts for ref in part.refs))


_Goal: TypeAlias = "_Need | _Either"
_Agenda: TypeAlias = "tuple[_Goal, _Agenda] | None"
_Alt: TypeAlias = "tuple[tuple[str, Any] | None, tuple[_Goal, ...]]"

_FLIP = {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}


def _accepts(want: str, truth: bool | None) -> bool:
    if want == "T":
        return truth is True
    if want == "F":
        return truth is False
    return truth is not (want == "NT")


def _push(goals: Sequence[_Goal], agenda: _Agenda) -> _Agenda:
    for goal in reversed(goals):
        agenda = (goal, agenda)
    return agenda


class _Links:
    """Union-find: which references (or goals) end up in one group."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, item: Any) -> Any:
        """The representative of the item's group."""
        parent = self.parent
        root = parent.setdefault(item, item)
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def join(self, a: Any, b: Any) -> None:
        """Put two items in one group."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class _Solver:
    """Backtracking search for values that meet goals; own questions must be asked to count.

    A question's value needs its own condition to hold (or, for "not asked", to fail), so the
    search climbs the chain of conditions as far as needed. It is iterative (no recursion
    limit), deterministic (base values first, then the domain in order) and stops after a
    number of steps.
    """

    def __init__(self, domains: Mapping[str, list[Any]], gates: Mapping[str, Cond], base: Mapping[str, Any]) -> None:
        self.domains = domains
        self.gates = gates
        self.base: Mapping[str, Any] = base
        self._ordered: dict[str, list[Any]] = {}  # each domain, base value first
        self._indexes: dict[int, tuple[list[Any], dict[Any, Any]]] = {}  # value key -> value, per ordered domain
        self._avoid: Mapping[str, set[Any]] = {}
        self._truths: dict[tuple[int, Any], bool | None] = {}
        self._made: dict[tuple[int, str], tuple[_Goal, ...]] = {}
        self._gated: dict[str, tuple[tuple[_Goal, ...], tuple[_Goal, ...]]] = {}
        self._links = _Links()  # a question is linked to what its condition reads
        for qid, gate in gates.items():
            for ref in conditions.references(gate):
                self._links.join(qid, ref)

    def prefer(self, base: Mapping[str, Any]) -> None:
        """Try these values first from now on."""
        self.base = base
        self._ordered = {}
        self._indexes = {}

    def solve(
        self,
        goals: Sequence[_Goal],
        fixed: Mapping[str, Any] | None = None,
        steps: int = SOLVE_STEPS,
        avoid: Mapping[str, set[Any]] | None = None,
        memo: dict[tuple[int, ...], dict[str, Any] | None] | None = None,
    ) -> dict[str, Any] | None:
        """Values (ABSENT for "not asked") that meet every goal, or None if none were found.

        `fixed` values are given; `avoid` holds, per reference, keys (`_value_key`) of values not
        to try. Goals that share no variable (through the questions' conditions either) are
        solved apart, each with `steps`, so one that cannot be met does not make the search try
        every way of meeting the others. A group's answer depends only on its goals and `fixed`,
        so a caller that solves again with the same `fixed` can pass a `memo` to reuse them.
        """
        self._avoid = avoid or {}
        values: dict[str, Any] = dict(fixed or {})
        for group in self._split(goals, values) if len(goals) > 1 else [list(goals)]:
            key = tuple(map(id, group))
            if memo is not None and key in memo:
                assigned = memo[key]
            else:
                assigned = self._search(group, values, steps)
                if memo is not None:
                    memo[key] = assigned
            if assigned is None:
                return None
            values.update(assigned)
        return values

    def _split(self, goals: Sequence[_Goal], fixed: Mapping[str, Any]) -> list[list[_Goal]]:
        """The goals in groups that share variables, in order."""
        groups = _Links()
        owner: dict[str, int] = {}
        for i, goal in enumerate(goals):
            groups.join(i, i)
            for ref in goal.refs:
                if ref in fixed:
                    continue
                root = self._links.find(ref)
                if root in owner:
                    groups.join(owner[root], i)
                else:
                    owner[root] = i
        split: dict[Any, list[_Goal]] = {}
        for i, goal in enumerate(goals):
            split.setdefault(groups.find(i), []).append(goal)
        return list(split.values())

    def _search(self, goals: Sequence[_Goal], values: dict[str, Any], steps: int) -> dict[str, Any] | None:
        """The values to add so that every goal is met, or None (`values` is left as it was)."""
        trail: list[str] = []
        stack: list[tuple[Iterator[_Alt], _Agenda, int]] = []
        agenda = _push(goals, None)
        budget = [steps]
        while agenda is not None:
            goal, rest = agenda
            forced = self._forced(goal, values)
            if forced is None:
                stack.append((self._expand(goal), rest, len(trail)))
            elif forced is not False:
                agenda = _push(forced, rest)
                continue
            found, agenda = self._advance(stack, values, trail, budget)
            if not found:
                return None
        return {ref: values.pop(ref) for ref in trail}

    def _forced(self, goal: _Goal, values: Mapping[str, Any]) -> tuple[_Goal, ...] | Literal[False] | None:
        """A goal with one way to go: the goals it becomes, or False if it cannot be met; None: a choice."""
        if isinstance(goal, _Either):
            return goal.parts if len(goal.parts) == 1 else (None if goal.parts else False)
        cond, want = goal.cond, goal.want
        if isinstance(cond, Compare):
            if cond.ref in values:
                return () if _accepts(want, self._reads(cond, values[cond.ref])) else False
            if cond.ref not in self.domains:
                return () if _accepts(want, None) else False
            return None
        if isinstance(cond, NotOf):
            return self._parts(cond, _FLIP[want])
        if (want in ("T", "NF")) == isinstance(cond, AllOf) or len(cond.parts) == 1:
            return self._parts(cond, want)
        return None if cond.parts else False

    def _parts(self, cond: AllOf | AnyOf | NotOf, want: str) -> tuple[_Goal, ...]:
        """The goals on the parts of a combined condition, made once."""
        key = (id(cond), want)
        parts = self._made.get(key)
        if parts is None:
            parts = tuple(_Need(p, want) for p in (cond.parts if not isinstance(cond, NotOf) else (cond.part,)))
            self._made[key] = parts
        return parts

    def _advance(
        self, stack: list[tuple[Iterator[_Alt], _Agenda, int]], values: dict[str, Any], trail: list[str], budget: list[int]
    ) -> tuple[bool, _Agenda]:
        """Take the next alternative of the newest choice that has one (undoing what came after it)."""
        while stack:
            alts, rest, mark = stack[-1]
            while len(trail) > mark:
                del values[trail.pop()]
            alt = next(alts, None)
            if alt is None:
                stack.pop()
                continue
            budget[0] -= 1
            if budget[0] < 0:
                return False, None
            assign, pushed = alt
            if assign is not None:
                values[assign[0]] = assign[1]
                trail.append(assign[0])
            return True, _push(pushed, rest)
        return False, None

    def _expand(self, goal: _Goal) -> Iterator[_Alt]:
        """The alternatives of a choice, in a fixed order."""
        if isinstance(goal, _Either):
            for option in goal.parts:
                yield None, (option,)
        elif isinstance(goal.cond, Compare):
            yield from self._compare(goal.cond, goal.want)
        elif not isinstance(goal.cond, NotOf):
            for part in self._parts(goal.cond, goal.want):
                yield None, (part,)

    def _compare(self, comp: Compare, want: str) -> Iterator[_Alt]:
        ref = comp.ref
        domain = self.domains[ref]
        gate = self.gates.get(ref, TRUE)
        asked, skipped = self._gate_goals(ref, gate)
        avoid = self._avoid.get(ref)
        for value in self._candidates(comp, want, self._order(ref, domain)):
            if (avoid is None or _value_key(value) not in avoid) and _accepts(want, self._reads(comp, value)):
                yield (ref, value), asked
        if skipped and _accepts(want, None):
            yield (ref, ABSENT), skipped

    def _gate_goals(self, ref: str, gate: Cond) -> tuple[tuple[_Goal, ...], tuple[_Goal, ...]]:
        """What asking `ref` needs, and what not asking it needs (nothing when it is always asked)."""
        made = self._gated.get(ref)
        if made is None:
            made = ((), ()) if gate == TRUE else ((_Need(gate, "T"),), (_Need(gate, "NT"),))
            self._gated[ref] = made
        return made

    def _reads(self, comp: Compare, value: Any) -> bool | None:
        """`_truth`, remembered per comparison and value (the comparisons live as long as the tree)."""
        key = _value_key(value)
        if key is None:
            return _truth(comp, value)
        memo = (id(comp), key)
        if memo not in self._truths:
            self._truths[memo] = _truth(comp, value)
        return self._truths[memo]

    def _candidates(self, comp: Compare, want: str, ordered: list[Any]) -> list[Any]:
        """The values worth testing, base value first: for a true equality, only those it names."""
        if want != "T" or comp.op not in ("eq", "in") or not ordered:
            return ordered
        named = comp.value if isinstance(comp.value, tuple) else (comp.value,)
        keys = [_value_key(v) for v in named]
        if any(k is None for k in keys):
            return ordered
        index = self._index(ordered)
        wanted = dict.fromkeys(k for k in keys if k in index)
        first = _value_key(ordered[0])
        return ([index[first]] if first in wanted else []) + [index[k] for k in wanted if k != first]

    def _index(self, ordered: list[Any]) -> dict[Any, Any]:
        index = self._indexes.get(id(ordered))
        if index is None or index[0] is not ordered:
            index = (ordered, {k: v for v in ordered if (k := _value_key(v)) is not None})
            self._indexes[id(ordered)] = index
        return index[1]

    def _order(self, ref: str, domain: list[Any]) -> list[Any]:
        """The domain with the base value first."""
        ordered = self._ordered.get(ref)
        if ordered is None:
            first = [v for v in domain if ref in self.base and _same_value(v, self.base[ref])][:1]
            ordered = first + [v for v in domain if not (first and _same_value(v, first[0]))]
            self._ordered[ref] = ordered
        return ordered
