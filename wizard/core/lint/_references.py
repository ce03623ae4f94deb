"""Reference, value-type and citation checks of conditions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from wizard.core import conditions
from wizard.core.conditions import Compare, Cond
from wizard.core.lint._common import BLUEPRINT_SCOPE, Finding, LintContext, _close
from wizard.core.model import CITE_PATTERN, NOT_SURE, Question, Tree

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
