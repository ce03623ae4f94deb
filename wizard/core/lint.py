"""Tree and blueprint lint: ids, references, value types, reachability, shadowing, citations.

Pure: file facts (seed line counts, known icons) come in as arguments. Every problem is
collected with a key path; the io layer adds files and lines.

Reachability is decided over a finite answer space: each question's options (numbers: the
thresholds the conditions compare with, one either side, and the minimum), `not_sure` where it
is allowed, and "not asked". A small space (up to MAX_COMBINATIONS) is enumerated completely,
as before. A larger one gets a few seeded random samples (SAMPLE_BUDGET divided by the size of
the tree) and then targeted witnesses, one goal at a time, for every fact not shown yet:

- a rule's, question's or note's condition can be true, and can fail;
- each prefer rule decides (so its candidate is picked and it is not shadowed), the default
  decides, a candidate wins as the first survivor, every candidate is excluded ("no fit").

A backtracking solver (`_Solver`) builds answers that meet a goal, climbing the conditions that
ask the questions it uses. The answers are laid over a base set of answers (`_Space.base`,
first moved to where as few prefer rules hold as possible) and only what they can reach is
evaluated again (`_World`): the questions whose conditions read a changed answer, and the rules
that read a changed value. If a rule got in the way (an earlier prefer still wins, an exclusion
hits the candidate), the goal is extended with holding that rule off and solved again, for at
most REPAIR_ROUNDS rounds. Every solve has SOLVE_STEPS steps, and goals that share no answers
are solved apart, so the work per goal is bounded and the total grows with the tree. Nothing is
random beyond the seeded samples, and every added goal is a necessary condition of the fact, so
a fact the search misses is one whose witness needs more rounds or steps than the budget.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import heapq
import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from wizard.core import conditions
from wizard.core.conditions import TRUE, UNKNOWN, AllOf, AnyOf, Compare, Cond, NotOf
from wizard.core.model import CITE_PATTERN, NOT_SURE, Blueprint, ClusterSpec, Question, Tree

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


# ---------------------------------------------------------------- references and values


class _Lookup:
    """Question and candidate indexes of the trees one lint call reads, each built once."""

    def __init__(self) -> None:
        self._questions: dict[int, dict[str, Question]] = {}
        self._candidates: dict[int, tuple[list[str], frozenset[str]]] = {}

    def candidates(self, tree: Tree) -> tuple[list[str], frozenset[str]]:
        """The candidate ids of `tree`, in order and as a set."""
        found = self._candidates.get(id(tree))
        if found is None:
            ids = [c.id for c in tree.candidates]
            found = self._candidates[id(tree)] = (ids, frozenset(ids))
        return found

    def question(self, tree: Tree, qid: str) -> Question | None:
        """The question `qid` of `tree`, if any."""
        index = self._questions.get(id(tree))
        if index is None:
            index = {}
            for q in tree.questions:
                index.setdefault(q.id, q)
            self._questions[id(tree)] = index
        return index.get(qid)


@dataclass
class _Scope:
    """Where a condition is checked: its tree, what it may read, and the lookups."""

    tree: Tree
    ctx: LintContext
    lookup: _Lookup
    allow_pick: bool = False
    earlier: set[str] | None = None


def _check_compare(comp: Compare, where: str, scope: _Scope) -> Iterator[Finding]:
    key = f"{where}.{comp.path.split('.', 1)[-1]}" if "." in comp.path else where
    if comp.ref == "pick":
        yield from _check_own_pick(comp, key, scope)
    elif "." not in comp.ref:
        yield from _check_own_question(comp, key, scope)
    else:
        yield from _check_other_tree(comp, key, scope)


def _check_own_pick(comp: Compare, key: str, scope: _Scope) -> Iterator[Finding]:
    if not scope.allow_pick:
        yield Finding(key, "`pick` (this tree's own outcome) may be read only by notes", "use the answers that lead to the pick instead")
        return
    yield from _check_value_set(comp, key, scope.lookup.candidates(scope.tree), "candidates")


def _check_own_question(comp: Compare, key: str, scope: _Scope) -> Iterator[Finding]:
    ref = comp.ref
    if scope.tree.id == BLUEPRINT_SCOPE:
        yield Finding(
            key, f"{ref!r} names no tree; blueprint conditions read `tree.question` or `tree.pick`", f"for example workload.{ref}"
        )
        return
    question = scope.lookup.question(scope.tree, ref)
    if question is None:
        yield Finding(key, f"unknown question {ref!r}", _close(ref, [q.id for q in scope.tree.questions]))
        return
    if scope.earlier is not None and ref not in scope.earlier:
        yield Finding(key, f"question {ref!r} is asked later; a `when` may only read earlier questions", "move the question up")
    yield from _check_question_value(comp, key, question)


def _check_other_tree(comp: Compare, key: str, scope: _Scope) -> Iterator[Finding]:
    ref = comp.ref
    head, _, rest = ref.partition(".")
    if head == scope.tree.id:
        yield Finding(key, f"write {rest!r}, not {ref!r}, for this tree's own questions")
        return
    other = scope.ctx.trees.get(head)
    if other is None:
        yield Finding(key, f"unknown tree {head!r} in {ref!r}", _close(head, list(scope.ctx.trees)))
        return
    order = scope.ctx.order
    if order is not None and head not in order:
        yield Finding(
            key,
            f"{ref!r} reads tree {head!r}, which is not asked before this one",
            "only `workload` and trees listed earlier in the blueprint may be read",
        )
    if rest == "pick":
        if other.profile:
            yield Finding(key, f"{head!r} is a profile tree and has no pick")
            return
        yield from _check_value_set(comp, key, scope.lookup.candidates(other), f"candidates of {head}")
        return
    question = scope.lookup.question(other, rest)
    if question is None:
        yield Finding(key, f"tree {head!r} has no question {rest!r}", _close(rest, [q.id for q in other.questions]))
        return
    yield from _check_question_value(comp, key, question)


def _check_value_set(comp: Compare, key: str, valid: tuple[list[str], frozenset[str]], what: str) -> Iterator[Finding]:
    if comp.op not in ("eq", "in", "ne"):
        yield Finding(key, f"operator {comp.op} does not apply to a pick", "use a value or a list of values")
        return
    values = comp.value if isinstance(comp.value, tuple) else (comp.value,)
    for value in values:
        if value not in valid[1]:
            yield Finding(key, f"{value!r} is not one of the {what}", _close(str(value), valid[0]))


def _check_question_value(comp: Compare, key: str, question: Question) -> Iterator[Finding]:
    kind = question.kind
    values = comp.value if isinstance(comp.value, tuple) else (comp.value,)
    if kind == "number":
        if comp.op in conditions.MULTI_OPS or comp.op == "in":
            yield Finding(key, f"{comp.op} does not apply to number question {question.id!r}", "use gt, ge, lt, le, ne or a number")
        for value in values:
            if value != NOT_SURE and (isinstance(value, bool) or not isinstance(value, int | float)):
                yield Finding(key, f"number question {question.id!r} compared with {value!r}", "compare with a number")
        return
    if comp.op in conditions.NUMERIC_OPS:
        yield Finding(key, f"{comp.op} needs a number question; {question.id!r} is a {kind} question")
        return
    if kind == "boolean":
        for value in values:
            if not isinstance(value, bool) and value != NOT_SURE:
                yield Finding(key, f"boolean question {question.id!r} compared with {value!r}", "use true or false")
        return
    if kind == "choice" and comp.op in conditions.MULTI_OPS:
        yield Finding(key, f"{comp.op} applies to multi questions; {question.id!r} is a choice", "use a value or a list")
        return
    if kind == "multi" and comp.op in ("eq", "in", "ne"):
        yield Finding(key, f"multi question {question.id!r} needs has, has_any or has_all", "for example {q: {has: option}}")
        return
    valid = question.option_ids() + ([NOT_SURE] if question.not_sure else [])
    for value in values:
        if value not in valid:
            yield Finding(key, f"{value!r} is not an option of {question.id!r}", _close(str(value), valid))


def _check_cond(cond: Cond, where: str, scope: _Scope) -> list[Finding]:
    return [f for comp in conditions.comparisons(cond) for f in _check_compare(comp, where, scope)]


def _check_cites(cites: list[str], key: str, ctx: LintContext, required: bool) -> Iterator[Finding]:
    if required and not cites:
        yield Finding(key, "no citation", "add `cite: <seed> Lnnn-Lnnn` pointing at the notes")
    if ctx.seed_lines is None:
        return
    for cite in cites:
        match = CITE_PATTERN.match(cite)
        if match:
            yield from _check_cite_range(cite, match.group(1), match.group(2), match.group(3), key, ctx.seed_lines)


def _check_cite_range(cite: str, seed: str, start: str | None, end: str | None, key: str, seeds: Mapping[str, int]) -> Iterator[Finding]:
    if seed not in seeds:
        yield Finding(key, f"citation {cite!r}: no seed file {seed}_*.txt", f"seeds: {', '.join(sorted(seeds))}")
        return
    if start is None:
        return
    lo, hi = int(start), int(end or start)
    if lo > hi:
        yield Finding(key, f"citation {cite!r}: the range runs backwards")
    elif hi > seeds[seed] or lo < 1:
        yield Finding(key, f"citation {cite!r}: seed {seed} has only {seeds[seed]} lines")


def _check_sources(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    for i, source in enumerate(tree.sources):
        key = f"sources[{i}]"
        if not CITE_PATTERN.match(source):
            yield Finding(key, f"source {source!r} is not of the form '000 §13' or '000 L405-L430'")
    yield from _check_cites([s for s in tree.sources if CITE_PATTERN.match(s)], "sources", ctx, required=False)


# ---------------------------------------------------------------- tree lint


def lint_tree(tree: Tree, ctx: LintContext) -> list[Finding]:
    """Every problem of one tree: structure first, then (if it is sound) reachability."""
    with _collector_paused():
        lookup = _Lookup()
        structure = [*_duplicate_ids(tree), *_condition_refs(tree, ctx, lookup), *_rule_targets(tree)]
        other = [
            *_review_age(tree, ctx),
            *_question_defaults(tree),
            *_candidate_checks(tree, ctx),
            *_citations(tree, ctx),
            *_retired_checks(tree),
        ]
        out = structure + other
        if not any(f.level == "error" for f in structure):
            out += _reachability(tree, ctx, lookup, _Conds.of(tree))
        return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a tree is linted, then restore it.

    Lint makes millions of short-lived objects (freed at once by reference counting, no
    cycles among them); with a large tree in memory, each full collection would walk every
    object of the tree again (about a quarter of the time on a 10k-question tree).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _duplicates(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield i, item
        seen.add(item)


def _duplicate_ids(tree: Tree) -> Iterator[Finding]:
    for i, qid in _duplicates([q.id for q in tree.questions]):
        yield Finding(f"questions[{i}].id", f"duplicate question id {qid!r}")
    for i, cid in _duplicates([c.id for c in tree.candidates]):
        yield Finding(f"candidates[{i}].id", f"duplicate candidate id {cid!r}")
    for i, q in enumerate(tree.questions):
        if q.id in RESERVED_IDS:
            yield Finding(f"questions[{i}].id", f"{q.id!r} is reserved: `{q.id}` in a condition means this tree's outcome", "rename it")


def _review_age(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    age = (ctx.today - tree.last_reviewed).days
    if age > ctx.max_age_days:
        yield Finding(
            "last_reviewed",
            f"last reviewed {age} days ago (limit {ctx.max_age_days})",
            "review the tree against the notes and update last_reviewed",
            "warning",
        )
    if tree.last_reviewed > ctx.today:
        yield Finding("last_reviewed", "last_reviewed is in the future")


def _condition_refs(tree: Tree, ctx: LintContext, lookup: _Lookup) -> Iterator[Finding]:
    earlier: set[str] = set()
    for i, q in enumerate(tree.questions):
        yield from _check_cond(q.cond, f"questions[{i}].when", _Scope(tree, ctx, lookup, earlier=earlier))
        earlier.add(q.id)
    plain = _Scope(tree, ctx, lookup)
    for i, rule in enumerate(tree.rules):
        yield from _check_cond(rule.cond, f"rules[{i}].when", plain)
    notes = _Scope(tree, ctx, lookup, allow_pick=True)
    for i, note in enumerate(tree.notes):
        yield from _check_cond(note.cond, f"notes[{i}].when", notes)


def _question_defaults(tree: Tree) -> Iterator[Finding]:
    from wizard.core.answers import coerce

    for i, q in enumerate(tree.questions):
        if q.default is not None:
            _, error = coerce(q, q.default)
            if error:
                yield Finding(f"questions[{i}].default", f"default: {error}")


def _candidate_checks(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    for i, cand in enumerate(tree.candidates):
        if cand.component is not None and not ctx.component_known(cand.component):
            yield Finding(
                f"candidates[{i}].component",
                f"unknown diagram component {cand.component!r}",
                "use a class path from diagrams.aws (for example aws.database.RDS) or add a fallback in wizard/render/icons.py",
            )
        if cand.short and any(len(line) > 14 for line in cand.short.split("\n")):
            yield Finding(f"candidates[{i}].short", "a line of `short` is longer than 14 characters", "wrap it with \\n", "warning")


def _rule_targets(tree: Tree) -> Iterator[Finding]:
    candidates = {c.id: c for c in tree.candidates}
    cids = list(candidates)
    for i, rule in enumerate(tree.rules):
        key = f"rules[{i}]"
        for target in rule.targets():
            named = candidates.get(target)
            if named is None:
                yield Finding(f"{key}.{rule.kind}", f"unknown candidate {target!r}", _close(target, cids))
            elif named.retired and rule.kind != "exclude":
                yield Finding(
                    f"{key}.{rule.kind}", f"{target!r} is retired and must never be recommended", "only exclude it, with the reason"
                )
        if rule.kind == "default" and i != len(tree.rules) - 1:
            yield Finding(key, "the default rule must be last")


def _citations(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    for i, cand in enumerate(tree.candidates):
        yield from _check_cites(cand.cite, f"candidates[{i}].cite", ctx, required=True)
    for i, rule in enumerate(tree.rules):
        yield from _check_cites(rule.cite, f"rules[{i}].cite", ctx, required=True)
    for i, note in enumerate(tree.notes):
        yield from _check_cites(note.cite, f"notes[{i}].cite", ctx, required=True)
    for i, q in enumerate(tree.questions):
        yield from _check_cites(q.cite, f"questions[{i}].cite", ctx, required=False)
    yield from _check_sources(tree, ctx)


def _retired_checks(tree: Tree) -> Iterator[Finding]:
    unconditional = {cid for r in tree.rules if r.kind == "exclude" and not r.when for cid in r.targets()}
    for i, cand in enumerate(tree.candidates):
        if cand.retired and cand.id not in unconditional:
            yield Finding(
                f"candidates[{i}]",
                f"retired candidate {cand.id!r} needs an unconditional exclude rule giving the reason",
                "add `- exclude: [...]` with `because: retired ...`",
            )


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

    @classmethod
    def of(cls, tree: Tree) -> _Conds:
        """The conditions of a tree's questions, rules and notes."""
        q, r, n = [x.cond for x in tree.questions], [x.cond for x in tree.rules], [x.cond for x in tree.notes]
        refs = conditions.references
        return cls(q, r, n, [refs(c) for c in q], [refs(c) for c in r], [refs(c) for c in n])

    def every(self) -> Iterator[Cond]:
        """Every condition: questions, rules, then notes."""
        yield from self.questions
        yield from self.rules
        yield from self.notes

    def read(self) -> dict[str, None]:
        """Every reference read, in order."""
        out: dict[str, None] = {}
        for refs in itertools.chain(self.q_refs, self.r_refs, self.n_refs):
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


# ---------------------------------------------------------------- one tree's space


@dataclass
class _Outcome:
    """Everything one complete set of answers does to a tree."""

    effective: dict[str, Any]
    asked: list[bool]
    truth: list[bool]
    pick: str | None
    deciding: int | None


class _Space:
    """A tree's variables, indexes and base answers, shared by every witness."""

    def __init__(self, tree: Tree, ctx: LintContext, lookup: _Lookup, conds: _Conds) -> None:
        self.tree = tree
        self.rules = tree.rules
        self.conds = conds
        self.variables = _variables(tree, ctx, lookup, conds)
        self.own = {q.id for q in tree.questions}
        self.external = [n for n, _ in self.variables if n not in self.own]
        self.position = {q.id: i for i, q in enumerate(tree.questions)}
        self.retired = {c.id for c in tree.candidates if c.retired}
        self.default = tree.rules[-1].default if tree.rules else None
        self._index_rules()
        self._index_readers()
        self.q_conds = conds.questions
        self.r_conds = conds.rules
        self._held: dict[int, _Goal] = {}
        domains = dict(self.variables)
        domains["pick"] = [c.id for c in tree.candidates if not c.retired] + [ABSENT]
        self.solver = _Solver(domains, dict(zip(self.position, self.q_conds, strict=True)), {})
        self.rebase(_base_values(self.variables, self.r_conds))

    def rebase(self, raw: Mapping[str, Any], changes: Mapping[str, Any] | None = None) -> None:
        """Make `raw` (complete answers), or the base with `changes`, the base every witness starts from."""
        if changes is None:
            self.base_raw = dict(raw)
            self.base = self.evaluate(self.base_raw)
        else:
            world = _World(self, changes)
            self.base = world.outcome()
            self.base_raw = {**self.base_raw, **changes}
        self._index_base()
        self.solver.prefer({**self.base_raw, "pick": ABSENT if self.base.pick is None else self.base.pick})

    def _index_rules(self) -> None:
        self.excludes_of: dict[str, list[int]] = {}
        self.prefers_of: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            if rule.exclude is not None:
                for cid in rule.exclude:
                    self.excludes_of.setdefault(cid, []).append(i)
            elif rule.prefer is not None:
                self.prefers_of.setdefault(rule.prefer, []).append(i)
        self.exclude_rules = [i for i, r in enumerate(self.rules) if r.exclude is not None]
        self.prefer_rules = [i for i, r in enumerate(self.rules) if r.prefer is not None]

    def _index_readers(self) -> None:
        self.q_readers: dict[str, list[int]] = {}
        self.r_readers: dict[str, list[int]] = {}
        for i, refs in enumerate(self.conds.q_refs):
            for ref in refs:
                self.q_readers.setdefault(ref, []).append(i)
        self.rule_refs = self.conds.r_refs
        for i, refs in enumerate(self.rule_refs):
            for ref in refs:
                self.r_readers.setdefault(ref, []).append(i)

    def _index_base(self) -> None:
        self.base_excluded: dict[str, int] = {}
        for i in self.exclude_rules:
            if self.base.truth[i]:
                for cid in self.rules[i].targets():
                    self.base_excluded[cid] = self.base_excluded.get(cid, 0) + 1
        self.base_prefers = [i for i in self.prefer_rules if self.base.truth[i]]

    def evaluate(self, raw: Mapping[str, Any]) -> _Outcome:
        """Ask, decide and record every rule's truth for one complete set of answers."""
        effective: dict[str, Any] = {ref: _known(raw.get(ref, ABSENT)) for ref in self.external}

        def resolve(ref: str) -> Any:
            return effective.get(ref, UNKNOWN)

        asked = []
        for q, cond in zip(self.tree.questions, self.q_conds, strict=True):
            shown = conditions.holds(cond, resolve)
            asked.append(shown)
            effective[q.id] = _known(raw[q.id]) if shown else UNKNOWN
        truth = [rule.default is not None or conditions.holds(cond, resolve) for rule, cond in zip(self.rules, self.r_conds, strict=True)]
        pick, deciding = self.pick_of(truth)
        return _Outcome(effective, asked, truth, pick, deciding)

    def pick_of(self, truth: list[bool]) -> tuple[str | None, int | None]:
        """The pick and the deciding rule, given every rule's truth."""
        excluded = set(self.retired)
        for i in self.exclude_rules:
            if truth[i]:
                excluded.update(self.rules[i].targets())
        for i in self.prefer_rules:
            if truth[i] and self.rules[i].prefer not in excluded:
                return self.rules[i].prefer, i
        if self.default and self.default not in excluded:
            return self.default, len(self.rules) - 1
        survivors = [c.id for c in self.tree.candidates if c.id not in excluded]
        return (survivors[0] if survivors else None), None

    def note_truth(self, cond: Cond, resolve: Callable[[str], Any], pick: str | None) -> bool:
        """Whether a note shows, given a resolver and the tree's pick."""

        def with_pick(ref: str) -> Any:
            if ref == "pick":
                return pick if pick is not None else UNKNOWN
            return resolve(ref)

        return conditions.holds(cond, with_pick)

    def hold_off(self, index: int) -> _Goal:
        """A prefer rule does not win: it is not true, or its candidate is excluded."""
        if index not in self._held:
            self._held[index] = self._hold_off(index)
        return self._held[index]

    def _hold_off(self, index: int) -> _Goal:
        target = self.rules[index].prefer or ""
        parts: list[_Goal] = [_Need(self.r_conds[index], "NT")]
        parts += [_Need(self.r_conds[e], "T") for e in self.excludes_of.get(target, [])]
        return _Either(tuple(parts))

    def exclusion(self, cid: str) -> _Goal | None:
        """Some exclude rule removes the candidate (None: no rule can)."""
        rules = self.excludes_of.get(cid, [])
        return _Either(tuple(_Need(self.r_conds[e], "T") for e in rules)) if rules else None


_Win: TypeAlias = "tuple[str, int | None, str | None]"
"""How a world decides: (`prefer` | `default` | `weak` | `none`, rule index, candidate)."""


class _World:
    """The base answers with a few changed; only what the change can reach is evaluated again."""

    def __init__(self, space: _Space, raw: Mapping[str, Any]) -> None:
        self.space = space
        self.raw = raw
        self.changed: dict[str, Any] = {}
        self.shown: dict[int, bool] = {}
        self._truth: dict[int, bool] = {}
        self._delta: dict[str, int] | None = None
        self._propagate()

    def value(self, ref: str) -> Any:
        """The value a condition reads for `ref` in this world."""
        if ref in self.changed:
            return self.changed[ref]
        return self.space.base.effective.get(ref, UNKNOWN)

    def _note(self, ref: str, value: Any) -> list[int]:
        if _same_value(value, self.space.base.effective.get(ref, UNKNOWN)):
            return []
        self.changed[ref] = value
        return self.space.q_readers.get(ref, [])

    def _propagate(self) -> None:
        space = self.space
        heap: list[int] = []
        for ref, raw in self.raw.items():
            if ref in space.own:
                # A question keeps its base value unless it has a new one or its condition changes.
                if not _same_value(raw, space.base_raw[ref]):
                    heap.append(space.position[ref])
            elif ref in space.base.effective:
                heap += self._note(ref, _known(raw))
        heapq.heapify(heap)
        done: set[int] = set()
        while heap:
            i = heapq.heappop(heap)
            if i in done:
                continue
            done.add(i)
            q = space.tree.questions[i]
            shown = conditions.holds(space.q_conds[i], self.value)
            self.shown[i] = shown
            value = _known(self.raw.get(q.id, space.base_raw[q.id])) if shown else UNKNOWN
            for reader in self._note(q.id, value):
                heapq.heappush(heap, reader)

    def outcome(self) -> _Outcome:
        """The complete outcome of these answers, as `_Space.evaluate` would find it."""
        base = self.space.base
        asked = list(base.asked)
        for i, shown in self.shown.items():
            asked[i] = shown
        truth = list(base.truth)
        for i in self._affected():
            truth[i] = self.rule_true(i)
        pick, deciding = self.space.pick_of(truth)
        return _Outcome({**base.effective, **self.changed}, asked, truth, pick, deciding)

    def holds(self, cond: Cond) -> bool:
        """Whether a condition holds in this world."""
        return conditions.holds(cond, self.value)

    def rule_true(self, index: int) -> bool:
        """Whether rule `index` holds in this world."""
        if index not in self._truth:
            rule = self.space.rules[index]
            if rule.default is not None:
                held = True
            elif not self.changed.keys().isdisjoint(self.space.rule_refs[index]):
                held = conditions.holds(self.space.r_conds[index], self.value)
            else:
                held = self.space.base.truth[index]
            self._truth[index] = held
        return self._truth[index]

    def _affected(self) -> list[int]:
        readers = self.space.r_readers
        return sorted({i for ref in self.changed for i in readers.get(ref, [])})

    def excluded(self, cid: str) -> bool:
        """Whether a candidate is retired or removed by a true exclude rule."""
        if cid in self.space.retired:
            return True
        if self._delta is None:
            self._delta = {}
            for i in self._affected():
                rule = self.space.rules[i]
                if rule.exclude is not None and self.rule_true(i) != self.space.base.truth[i]:
                    step = 1 if self._truth[i] else -1
                    for target in rule.exclude:
                        self._delta[target] = self._delta.get(target, 0) + step
        return self.space.base_excluded.get(cid, 0) + self._delta.get(cid, 0) > 0

    def true_excludes(self, cid: str) -> list[int]:
        """The exclude rules that hold here and remove `cid`."""
        return [e for e in self.space.excludes_of.get(cid, []) if self.rule_true(e)]

    def _true_prefers(self) -> Iterator[int]:
        """The prefer rules that hold here, in order."""
        space = self.space
        affected = [i for i in self._affected() if space.rules[i].prefer is not None]
        moved = set(affected)
        still = (i for i in space.base_prefers if i not in moved)
        return heapq.merge(still, (i for i in affected if self.rule_true(i)))

    def contenders(self, limit: int) -> list[int]:
        """The prefer rules before `limit` that hold here and whose candidate survives."""
        out = []
        for i in self._true_prefers():
            if i >= limit:
                break
            if not self.excluded(self.space.rules[i].prefer or ""):
                out.append(i)
        return out

    def winner(self) -> _Win:
        """Which rule decides here, as the engine would see it."""
        space = self.space
        for i in self._true_prefers():
            target = space.rules[i].prefer or ""
            if not self.excluded(target):
                return "prefer", i, target
        if space.default and not self.excluded(space.default):
            return "default", len(space.rules) - 1, space.default
        for cand in space.tree.candidates:
            if not self.excluded(cand.id):
                return "weak", None, cand.id
        return "none", None, None


def _raw(solution: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in solution.items() if v is not ABSENT and k != "pick"}


# ---------------------------------------------------------------- evidence and the search


@dataclass
class _Evidence:
    """What some answer combination has shown to be possible."""

    picked: set[str] = field(default_factory=set)
    deciding: set[int] = field(default_factory=set)
    rule_true: list[bool] = field(default_factory=list)
    rule_false: list[bool] = field(default_factory=list)
    asked: list[bool] = field(default_factory=list)
    skipped: list[bool] = field(default_factory=list)
    note_true: list[bool] = field(default_factory=list)
    note_false: list[bool] = field(default_factory=list)
    no_fit: bool = False

    @classmethod
    def empty(cls, tree: Tree) -> _Evidence:
        """No evidence yet for a tree's rules, questions and notes."""
        r, q, n = len(tree.rules), len(tree.questions), len(tree.notes)
        return cls(
            rule_true=[False] * r,
            rule_false=[False] * r,
            asked=[False] * q,
            skipped=[False] * q,
            note_true=[False] * n,
            note_false=[False] * n,
        )

    def record(self, space: _Space, outcome: _Outcome) -> None:
        """Add what one complete evaluation showed."""
        if outcome.pick is None:
            self.no_fit = True
        else:
            self.picked.add(outcome.pick)
        if outcome.deciding is not None:
            self.deciding.add(outcome.deciding)
        for i, held in enumerate(outcome.truth):
            self.rule_true[i] = self.rule_true[i] or held
            self.rule_false[i] = self.rule_false[i] or not held
        for i, shown in enumerate(outcome.asked):
            self.asked[i] = self.asked[i] or shown
            self.skipped[i] = self.skipped[i] or not shown
        resolve = outcome.effective.get
        for i, cond in enumerate(space.conds.notes):
            held = space.note_truth(cond, lambda ref: resolve(ref, UNKNOWN), outcome.pick)
            self.note_true[i] = self.note_true[i] or held
            self.note_false[i] = self.note_false[i] or not held

    def record_win(self, win: _Win) -> None:
        """Add how one world decided."""
        kind, index, pick = win
        if kind == "none":
            self.no_fit = True
        if pick is not None:
            self.picked.add(pick)
        if index is not None:
            self.deciding.add(index)
            self.rule_true[index] = True


_Route: TypeAlias = "tuple[str, int]"
"""One way to a pick: (`prefer`, rule), (`default`, rule), (`weak`, candidate position) or (`none`, -1)."""

_Check: TypeAlias = "Callable[[_World], bool | list[_Goal]]"


class _Search:
    """Targeted witnesses for every fact the samples did not show."""

    def __init__(self, space: _Space, evidence: _Evidence) -> None:
        self.space = space
        self.ev = evidence
        self.routes: dict[_Route, list[_Goal] | None] = {}
        self.route_worlds: dict[_Route, _World] = {}
        candidates = space.tree.candidates
        self.position = {c.id: i for i, c in enumerate(candidates)}
        excludable = [c.retired or c.id in space.excludes_of for c in candidates]
        self.excludable_before: list[bool] = list(itertools.accumulate([True, *excludable], lambda a, b: a and b))

    def run(self) -> None:
        """Look for a witness of every fact that has none yet."""
        ev, space = self.ev, self.space
        self._settle()
        for i in space.prefer_rules:
            if i not in ev.deciding:
                self.route(("prefer", i))
        if space.default and space.default not in ev.picked:
            self.route(("default", len(space.rules) - 1))
        for pos, cand in enumerate(space.tree.candidates):
            if not cand.retired and cand.id not in ev.picked:
                self.route(("weak", pos))
        self._rules()
        self._questions()
        self._notes()
        if not ev.no_fit:
            self.route(("none", -1))

    def _settle(self) -> None:
        """Move the base to answers on which as few prefer rules as possible hold.

        Every witness starts from the base, so with a quiet base a witness changes few answers
        and few rules need evaluating again. The prefer rules that hold on the base are held
        off one by one, each only if the others stay held off, for a few passes.
        """
        space = self.space
        for _ in range(2):
            goals: list[_Goal] = []
            memo: dict[tuple[int, ...], dict[str, Any] | None] = {}
            for j in space.base_prefers:
                trial = [*goals, space.hold_off(j)]
                if space.solver.solve(trial, memo=memo) is not None:
                    goals = trial
            solution = space.solver.solve(goals, memo=memo) if goals else None
            if solution is None:
                break
            space.rebase(space.base_raw, _raw(solution))
        self.ev.record(space, space.base)

    def _rules(self) -> None:
        ev = self.ev
        for i, rule in enumerate(self.space.rules):
            if rule.default is not None:
                continue
            if not ev.rule_true[i]:
                ev.rule_true[i] = self.witness(rule.cond, "T")
            if rule.when is not None and not ev.rule_false[i]:
                ev.rule_false[i] = self.witness(rule.cond, "NT")

    def _questions(self) -> None:
        ev = self.ev
        for i, q in enumerate(self.space.tree.questions):
            if q.cond == TRUE:
                ev.asked[i] = True
                continue
            if not ev.asked[i]:
                ev.asked[i] = self.witness(q.cond, "T")
            if not ev.skipped[i]:
                ev.skipped[i] = self.witness(q.cond, "NT")

    def _notes(self) -> None:
        ev = self.ev
        for i, note in enumerate(self.space.tree.notes):
            if not ev.note_true[i]:
                ev.note_true[i] = self.note_witness(note.cond, "T")
            if note.when is not None and not ev.note_false[i]:
                ev.note_false[i] = self.note_witness(note.cond, "NT")

    # -------------------------------------------------------- witnesses

    def witness(self, cond: Cond, want: str) -> bool:
        """Whether some answers make a condition (that does not read `pick`) true or not true."""
        solution = self.space.solver.solve([_Need(cond, want)])
        if solution is None:
            return False
        # The solver fixed every value the condition depends on (and the conditions that ask
        # those questions), so reading its values is enough to confirm the witness.
        base = self.space.base.effective
        return conditions.holds(cond, lambda ref: _known(solution[ref]) if ref in solution else base.get(ref, UNKNOWN)) == (want == "T")

    def note_witness(self, cond: Cond, want: str) -> bool:
        """Whether some answers, and the pick they lead to, make a note's condition hold or fail."""
        if "pick" not in conditions.references(cond):
            return self.witness(cond, want)
        tried: set[Any] = set()
        for _ in range(PICK_TRIES):
            pick = self._note_pick(cond, want, tried)
            if pick is None:
                return False
            tried.add(_value_key(pick))
            if any(self._note_route(route, cond, want) for route in self._routes_to(pick)):
                return True
        return False

    def _note_pick(self, cond: Cond, want: str, tried: set[Any]) -> Any:
        """A pick not tried yet with which the note's condition can meet `want` (None: there is none)."""
        solution = self.space.solver.solve([_Need(cond, want)], avoid={"pick": tried})
        if solution is None:
            return None
        if "pick" in solution:
            return solution["pick"]
        # The condition holds whatever the pick: take the first pick not tried yet.
        return next((p for p in self.space.solver.domains["pick"] if _value_key(p) not in tried), None)

    def _routes_to(self, pick: Any) -> list[_Route]:
        space = self.space
        if pick is ABSENT:
            return [("none", -1)]
        routes: list[_Route] = [("prefer", i) for i in space.prefers_of.get(pick, [])]
        if pick == space.default:
            routes.append(("default", len(space.rules) - 1))
        routes.append(("weak", self.position[pick]))
        return routes

    def _note_route(self, route: _Route, cond: Cond, want: str) -> bool:
        learned = self.route(route)
        if learned is None:
            return False
        pick = self._route_pick(route)
        if self.space.note_truth(cond, self.route_worlds[route].value, pick) == (want == "T"):
            return True

        def check(world: _World) -> bool | list[_Goal]:
            verdict = self.blockers(route, world)
            if verdict is not True:
                return verdict
            return self.space.note_truth(cond, world.value, pick) == (want == "T")

        fixed = {"pick": ABSENT if pick is None else pick}
        return self.repair([*learned, _Need(cond, want)], fixed, check) is not None

    def _route_pick(self, route: _Route) -> str | None:
        kind, index = route
        if kind == "weak":
            return self.space.tree.candidates[index].id
        if kind == "none":
            return None
        rule = self.space.rules[index]
        return rule.prefer or rule.default

    # -------------------------------------------------------- routes to a pick

    def route(self, route: _Route) -> list[_Goal] | None:
        """The goals that lead to this route's pick (learned once), or None if none were found."""
        if route not in self.routes:
            start = self._start(route)
            found = None if start is None else self.repair(start, None, lambda w: self.blockers(route, w))
            self.routes[route] = None if found is None else found[0]
            if found is not None:
                self.route_worlds[route] = found[1]
        return self.routes[route]

    def _start(self, route: _Route) -> list[_Goal] | None:
        kind, index = route
        space = self.space
        # The prefer rules that win on the base answers would get in the way first: hold them off now.
        held = [space.hold_off(j) for j in space.base_prefers if kind != "prefer" or j < index]
        if kind == "prefer":
            return [_Need(space.r_conds[index], "T"), *held]
        if kind == "default":
            return held
        if kind == "weak":
            if not self.excludable_before[index] or space.default in (None, space.tree.candidates[index].id):
                return None
            first = space.exclusion(space.default)
            return None if first is None else [first, *held]
        return held if self.excludable_before[-1] else None

    def repair(self, goals: list[_Goal], fixed: Mapping[str, Any] | None, check: _Check) -> tuple[list[_Goal], _World] | None:
        """Solve, check the answers, add what got in the way, and again; the goals and world that worked."""
        goals = list(goals)
        memo: dict[tuple[int, ...], dict[str, Any] | None] = {}
        for _ in range(REPAIR_ROUNDS):
            solution = self.space.solver.solve(goals, fixed, memo=memo)
            if solution is None:
                return None
            world = _World(self.space, _raw(solution))
            verdict = check(world)
            if verdict is True:
                return goals, world
            if verdict is False or not verdict:
                return None
            goals += verdict
        return None

    def blockers(self, route: _Route, world: _World) -> bool | list[_Goal]:
        """True if the world decides by this route; else the goals that would hold off what got in the way."""
        win = world.winner()
        self.ev.record_win(win)
        kind, index = route
        if win[0] == kind and (kind in ("default", "none") or win[1] == index or (kind == "weak" and self._route_pick(route) == win[2])):
            return True
        space = self.space
        out: list[_Goal] = []
        if win[0] == "prefer" and win[1] is not None and (kind != "prefer" or win[1] < index):
            out += [space.hold_off(j) for j in world.contenders(index if kind == "prefer" else len(space.rules))]
        pick = self._route_pick(route)
        if pick is not None:
            out += [_Need(space.r_conds[e], "NT") for e in world.true_excludes(pick)]
        if kind in ("weak", "none"):
            more = self._exclusions(route, world)
            if more is None:
                return False
            out += more
        return out or False

    def _exclusions(self, route: _Route, world: _World) -> list[_Goal] | None:
        """For a weak fit or no fit: the candidates that must be excluded and are not."""
        space = self.space
        kind, index = route
        last = len(space.tree.candidates) if kind == "none" else index
        must = [c.id for c in space.tree.candidates[:last] if not world.excluded(c.id)]
        if kind == "weak" and space.default and not world.excluded(space.default) and space.default not in must:
            must.append(space.default)
        goals = [space.exclusion(cid) for cid in must]
        if any(g is None for g in goals):
            return None
        return [g for g in goals if g is not None]


# ---------------------------------------------------------------- reachability findings


def _reachability(tree: Tree, ctx: LintContext, lookup: _Lookup, conds: _Conds) -> list[Finding]:
    space = _Space(tree, ctx, lookup, conds)
    evidence = _Evidence.empty(tree)
    evidence.record(space, space.base)
    total = 1
    for _, domain in space.variables:
        total *= len(domain)
        if total > ctx.exhaustive_limit:
            break
    exhaustive = total <= ctx.exhaustive_limit
    size = max(1, len(tree.questions) + len(tree.rules) + len(tree.notes))
    samples = min(MAX_COMBINATIONS, max(MIN_SAMPLES, ctx.sample_budget // size)) if ctx.sample_budget else 0
    for values in _assignments(space.variables, exhaustive, samples):
        evidence.record(space, space.evaluate(values))
    if not exhaustive:
        _Search(space, evidence).run()
    out = list(_question_findings(tree, evidence))
    if not tree.profile:
        out += [*_candidate_findings(tree, evidence), *_rule_findings(tree, evidence), *_note_findings(tree, evidence)]
        out += _unread_questions(tree, conds)
        if evidence.no_fit:
            out.append(
                Finding(
                    "rules",
                    "some answer combinations exclude every candidate (the outcome is 'no fit')",
                    "check that this is intended",
                    "warning",
                )
            )
    return out


def _never_hint(cond: Cond) -> str:
    """How to fix a condition that is never true; comparing with `not_sure` is a common cause."""
    for comp in conditions.comparisons(cond):
        values = comp.value if isinstance(comp.value, tuple) else (comp.value,)
        if comp.op in ("eq", "in") and NOT_SURE in values:
            return f"a {NOT_SURE} answer reads as unknown, so {{{comp.ref}: {NOT_SURE}}} never matches"
    return "check the values it compares against"


def _question_findings(tree: Tree, ev: _Evidence) -> Iterator[Finding]:
    for i, q in enumerate(tree.questions):
        if not ev.asked[i]:
            yield Finding(f"questions[{i}].when", f"question {q.id!r} is never asked: its condition is never true", _never_hint(q.cond))
        elif q.when is not None and not ev.skipped[i]:
            yield Finding(
                f"questions[{i}].when",
                f"question {q.id!r} is always asked: its condition is always true",
                "drop the `when` or narrow it",
                "warning",
            )


def _candidate_findings(tree: Tree, ev: _Evidence) -> Iterator[Finding]:
    for i, cand in enumerate(tree.candidates):
        if not cand.retired and cand.id not in ev.picked:
            yield Finding(
                f"candidates[{i}]",
                f"candidate {cand.id!r} is never picked by any combination of answers tried",
                "add a prefer rule for it, or remove the exclusions that always hit it",
            )


def _rule_findings(tree: Tree, ev: _Evidence) -> Iterator[Finding]:
    for i, rule in enumerate(tree.rules):
        if rule.kind == "default":
            continue
        if not ev.rule_true[i]:
            yield Finding(f"rules[{i}].when", "this condition is never true", _never_hint(rule.cond))
        elif not ev.rule_false[i] and rule.when is not None:
            yield Finding(f"rules[{i}].when", "this condition is always true", "drop the `when` or narrow it", "warning")
        elif rule.kind == "prefer" and i not in ev.deciding:
            yield Finding(
                f"rules[{i}]",
                f"prefer {rule.prefer!r} never decides: earlier rules always win or its candidate is always excluded",
                "move it up or narrow the earlier rules",
            )


def _note_findings(tree: Tree, ev: _Evidence) -> Iterator[Finding]:
    for i, note in enumerate(tree.notes):
        if not ev.note_true[i]:
            yield Finding(
                f"notes[{i}].when",
                "this condition is never true: the note is never shown",
                _never_hint(note.cond),
                "warning",
            )
        elif note.when is not None and not ev.note_false[i]:
            yield Finding(
                f"notes[{i}].when", "this condition is always true: the note is always shown", "drop the `when` or narrow it", "warning"
            )


def _unread_questions(tree: Tree, conds: _Conds) -> Iterator[Finding]:
    read = conds.read()
    for i, q in enumerate(tree.questions):
        if q.id not in read:
            yield Finding(
                f"questions[{i}]",
                f"question {q.id!r} is read by no rule, note or question",
                "use the answer in a rule or remove the question",
                "warning",
            )


# ---------------------------------------------------------------- blueprint lint


def _cluster_keys(specs: list[ClusterSpec], key: str = "layout.clusters") -> Iterator[tuple[str, str]]:
    """Every cluster, nested ones too, with its key path."""
    for i, spec in enumerate(specs):
        yield f"{key}[{i}]", spec.id
        yield from _cluster_keys(spec.children, f"{key}[{i}].children")


def _cluster_conditions(specs: list[ClusterSpec], key: str) -> Iterator[tuple[str, Cond]]:
    for i, spec in enumerate(specs):
        here = f"{key}[{i}]"
        if spec.repeat is not None:
            yield f"{here}.repeat.when", spec.repeat.cond
        yield from _cluster_conditions(spec.children, f"{here}.children")


def lint_blueprint(bp: Blueprint, ctx: LintContext) -> list[Finding]:
    """Every problem of one blueprint: trees, order, conditions, slots, clusters, edges, checks."""
    lookup = _Lookup()
    out = _blueprint_trees(bp, ctx)
    conds, refs_ok = _blueprint_conditions(bp, ctx, lookup)
    out += refs_ok
    out += _blueprint_layout(bp, ctx)
    for i, check in enumerate(bp.checks):
        out += _check_cites(check.cite, f"checks[{i}].cite", ctx, required=True)
    for i, slot in enumerate(bp.layout.slots):
        out += _check_cites(slot.cite, f"layout.slots[{i}].cite", ctx, required=False)
    out += _blueprint_feasibility(bp, ctx, lookup, conds)
    return out


def _blueprint_trees(bp: Blueprint, ctx: LintContext) -> list[Finding]:
    out: list[Finding] = []
    ids = bp.tree_ids()
    seen: set[str] = set()
    for i, tid in enumerate(ids):
        if tid not in ctx.trees:
            out.append(Finding(f"trees[{i}]", f"unknown tree {tid!r}", _close(tid, list(ctx.trees))))
        elif tid in seen:
            out.append(Finding(f"trees[{i}]", f"tree {tid!r} is listed twice"))
        seen.add(tid)
    if "workload" in ids and ids[0] != "workload":
        out.append(Finding("trees", "`workload` must be the first tree"))
    for i, tid in enumerate(ids):
        tree = ctx.trees.get(tid)
        if tree is None:
            continue
        reads = {r for item in [*tree.questions, *tree.rules, *tree.notes] for r in conditions.references(item.cond)}
        for ref_name in sorted(reads):
            head, dot, _ = ref_name.partition(".")
            if dot and head != tree.id and head not in ids[:i]:
                out.append(
                    Finding(
                        f"trees[{i}]",
                        f"tree {tree.id!r} reads {ref_name!r}, but {head!r} is not asked before it here",
                        f"list {head!r} before {tree.id!r}",
                    )
                )
    return out


def _anchor(ctx: LintContext) -> Tree:
    return Tree.model_construct(
        id=BLUEPRINT_SCOPE, title="", version=1, last_reviewed=ctx.today, summary="", questions=[], candidates=[], rules=[], notes=[]
    )


def _blueprint_conditions(bp: Blueprint, ctx: LintContext, lookup: _Lookup) -> tuple[list[tuple[str, Cond]], list[Finding]]:
    """Every blueprint condition with references checked; the sound ones are returned for the search."""
    ids = bp.tree_ids()
    anchor = _anchor(ctx)
    full = _Scope(anchor, LintContext(ctx.trees, order=ids), lookup)
    items: list[tuple[str, Cond, _Scope]] = [
        (f"trees[{i}].when", ref.cond, _Scope(anchor, LintContext(ctx.trees, order=ids[:i]), lookup)) for i, ref in enumerate(bp.trees)
    ]
    items += [(key, cond, full) for key, cond in _cluster_conditions(bp.layout.clusters, "layout.clusters")]
    items += [(f"layout.slots[{i}].when", s.cond, full) for i, s in enumerate(bp.layout.slots)]
    items += [(f"layout.edges[{i}].when", e.cond, full) for i, e in enumerate(bp.layout.edges)]
    items += [(f"checks[{i}].when", c.cond, full) for i, c in enumerate(bp.checks)]
    sound: list[tuple[str, Cond]] = []
    findings: list[Finding] = []
    for key, cond, scope in items:
        found = _check_cond(cond, key, scope)
        findings += found
        if not found and cond != TRUE:
            sound.append((key, cond))
    return sound, findings


def _blueprint_layout(bp: Blueprint, ctx: LintContext) -> list[Finding]:
    out: list[Finding] = []
    keyed = list(_cluster_keys(bp.layout.clusters))
    clusters = [c for _, c in keyed]
    out += [Finding(f"{keyed[i][0]}.id", f"duplicate cluster id {c!r}") for i, c in _duplicates(clusters)]
    endpoints: dict[str, list[str]] = {n.id: [] for n in bp.layout.nodes}
    for i, node in enumerate(bp.layout.nodes):
        if not ctx.component_known(node.component):
            out.append(Finding(f"layout.nodes[{i}].component", f"unknown diagram component {node.component!r}"))
        if node.in_ and node.in_.split(".")[-1] not in clusters:
            out.append(Finding(f"layout.nodes[{i}].in", f"unknown cluster {node.in_!r}", _close(node.in_, clusters)))
    for i, slot in enumerate(bp.layout.slots):
        if slot.id in endpoints:
            out.append(Finding(f"layout.slots[{i}].id", f"duplicate node or slot id {slot.id!r}"))
        endpoints[slot.id] = slot.roles
        out += _slot_checks(i, bp, ctx, clusters)
    for i, edge in enumerate(bp.layout.edges):
        for name, end in (("from", edge.from_), ("to", edge.to)):
            end_id, _, role = end.partition(".")
            key = f"layout.edges[{i}].{name}"
            if end_id not in endpoints:
                out.append(Finding(key, f"unknown node or slot {end_id!r}", _close(end_id, list(endpoints))))
            elif role and role not in endpoints[end_id]:
                out.append(Finding(key, f"slot {end_id!r} has no role {role!r}", f"roles: {', '.join(endpoints[end_id]) or '(none)'}"))
    return out


def _slot_checks(i: int, bp: Blueprint, ctx: LintContext, clusters: list[str]) -> Iterator[Finding]:
    slot = bp.layout.slots[i]
    key = f"layout.slots[{i}]"
    ids = bp.tree_ids()
    if slot.pick is not None and slot.pick not in ids:
        yield Finding(f"{key}.pick", f"slot picks from {slot.pick!r}, which this blueprint does not ask", _close(slot.pick, ids))
    if slot.component is not None and not ctx.component_known(slot.component):
        yield Finding(f"{key}.component", f"unknown diagram component {slot.component!r}")
    places = [
        ("in", slot.in_),
        ("per", slot.per),
        *[(f"in_by_scope.{k}", v) for k, v in slot.in_by_scope.items()],
        *[(f"in_by_pick.{k}", v) for k, v in slot.in_by_pick.items()],
    ]
    for name, where in places:
        if where and where.split(".")[-1] not in clusters:
            yield Finding(f"{key}.{name}", f"unknown cluster {where!r}", _close(where, clusters))
    picked = ctx.trees.get(slot.pick) if slot.pick in ids else None
    if picked is not None:
        cids = [c.id for c in picked.candidates]
        for cid in slot.in_by_pick:
            if cid not in cids:
                yield Finding(f"{key}.in_by_pick.{cid}", f"{cid!r} is not one of the candidates of {slot.pick}", _close(cid, cids))
    for tid in slot.annotate:
        if tid not in ids:
            yield Finding(f"{key}.annotate", f"unknown tree {tid!r} in annotate", _close(tid, ids))


def _blueprint_feasibility(bp: Blueprint, ctx: LintContext, lookup: _Lookup, conds: list[tuple[str, Cond]]) -> list[Finding]:
    """Every blueprint condition can be true and can be false (answers of different trees taken as independent)."""
    limits = _thresholds(cond for _, cond in conds)
    domains: dict[str, list[Any]] = {}
    for _, cond in conds:
        for ref in conditions.references(cond):
            if ref not in domains:
                domains[ref] = _blueprint_domain(ref, bp, ctx, lookup, limits.get(ref, []))
    solver = _Solver(domains, {}, {})
    out: list[Finding] = []
    for key, cond in conds:
        if not _flat_witness(solver, cond, "T"):
            out.append(Finding(key, "this condition is never true", _never_hint(cond)))
        elif not _flat_witness(solver, cond, "NT"):
            out.append(Finding(key, "this condition is always true", "drop the `when` or narrow it", "warning"))
    return out


def _blueprint_domain(ref: str, bp: Blueprint, ctx: LintContext, lookup: _Lookup, limits: list[float]) -> list[Any]:
    """The values a reference can have in an interview; ABSENT when it can be unknown."""
    head, _, rest = ref.partition(".")
    tree = ctx.trees[head]
    skippable = any(t.tree == head and t.when is not None for t in bp.trees)
    if rest == "pick":
        return [c.id for c in tree.candidates if not c.retired] + ([ABSENT] if skippable else [])
    question = lookup.question(tree, rest)
    assert question is not None  # the reference check passed
    return _domain(question, limits) + ([ABSENT] if skippable or question.when is not None else [])


def _flat_witness(solver: _Solver, cond: Cond, want: str) -> bool:
    solution = solver.solve([_Need(cond, want)])
    if solution is None:
        return False
    return conditions.holds(cond, lambda ref: _known(solution.get(ref, ABSENT))) == (want == "T")
