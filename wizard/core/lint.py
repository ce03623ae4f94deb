"""Tree and blueprint lint: references, value types, reachability, shadowing, citations.

Pure: file facts (seed line counts, known icons) come in as arguments. Every problem is
collected with a key path; the io layer adds files and lines.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core import conditions
from wizard.core.conditions import UNKNOWN, Compare, Cond
from wizard.core.model import CITE_PATTERN, NOT_SURE, Blueprint, ClusterSpec, Question, Tree

BLUEPRINT_SCOPE = "_blueprint"
"""Pseudo tree id for blueprint conditions, which have no questions of their own."""

MAX_COMBINATIONS = 4096
"""Answer combinations tried per tree; above this, a seeded random sample of this size."""


@dataclass
class Finding:
    """A lint problem before the io layer locates it in a file."""

    key: str
    message: str
    hint: str | None = None
    level: str = "error"


@dataclass
class LintContext:
    """Facts from outside the pure core that lint needs."""

    trees: Mapping[str, Tree]
    seed_lines: Mapping[str, int] | None = None  # seed number -> line count, when --notes is given
    component_known: Callable[[str], bool] = lambda _c: True
    today: dt.date = field(default_factory=dt.date.today)
    max_age_days: int = 365
    order: list[str] | None = None  # trees a tree may refer to (workload and earlier ones)


# ---------------------------------------------------------------- references and values


def _check_compare(
    comp: Compare, where: str, tree: Tree, ctx: LintContext, allow_pick: bool, earlier: set[str] | None
) -> Iterator[Finding]:
    ref = comp.ref
    key = f"{where}.{comp.path.split('.', 1)[-1]}" if "." in comp.path else where
    if ref == "pick":
        if not allow_pick:
            yield Finding(
                key, "`pick` (this tree's own outcome) may be read only by notes", "use the answers that lead to the pick instead"
            )
            return
        yield from _check_value_set(comp, key, [c.id for c in tree.candidates], "candidates")
        return
    head, dot, rest = ref.partition(".")
    if not dot and tree.id == BLUEPRINT_SCOPE:
        yield Finding(
            key, f"{ref!r} names no tree; blueprint conditions read `tree.question` or `tree.pick`", f"for example workload.{ref}"
        )
        return
    if not dot:
        question = tree.question(ref)
        if question is None:
            yield Finding(key, f"unknown question {ref!r}", _close(ref, [q.id for q in tree.questions]))
            return
        if earlier is not None and ref not in earlier:
            yield Finding(key, f"question {ref!r} is asked later; a `when` may only read earlier questions", "move the question up")
        yield from _check_question_value(comp, key, question)
        return
    if head == tree.id:
        yield Finding(key, f"write {rest!r}, not {ref!r}, for this tree's own questions")
        return
    other = ctx.trees.get(head)
    if other is None:
        yield Finding(key, f"unknown tree {head!r} in {ref!r}", _close(head, list(ctx.trees)))
        return
    if ctx.order is not None and head not in ctx.order:
        yield Finding(
            key,
            f"{ref!r} reads tree {head!r}, which is not asked before this one",
            "only `workload` and trees listed earlier in the blueprint may be read",
        )
    if rest == "pick":
        if other.profile:
            yield Finding(key, f"{head!r} is a profile tree and has no pick")
            return
        yield from _check_value_set(comp, key, [c.id for c in other.candidates], f"candidates of {head}")
        return
    question = other.question(rest)
    if question is None:
        yield Finding(key, f"tree {head!r} has no question {rest!r}", _close(rest, [q.id for q in other.questions]))
        return
    yield from _check_question_value(comp, key, question)


def _close(word: str, choices: list[str]) -> str:
    from wizard.core.suggest import hint_for

    return hint_for(word, choices)


def _check_value_set(comp: Compare, key: str, valid: list[str], what: str) -> Iterator[Finding]:
    if comp.op not in ("eq", "in", "ne"):
        yield Finding(key, f"operator {comp.op} does not apply to a pick", "use a value or a list of values")
        return
    values = comp.value if isinstance(comp.value, tuple) else (comp.value,)
    for value in values:
        if value not in valid:
            yield Finding(key, f"{value!r} is not one of the {what}", _close(str(value), valid))


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


def _check_cond(
    cond: Cond, where: str, tree: Tree, ctx: LintContext, allow_pick: bool = False, earlier: set[str] | None = None
) -> Iterator[Finding]:
    for comp in conditions.comparisons(cond):
        yield from _check_compare(comp, where, tree, ctx, allow_pick, earlier)


def _check_cites(cites: list[str], key: str, ctx: LintContext, required: bool) -> Iterator[Finding]:
    if required and not cites:
        yield Finding(key, "no citation", "add `cite: <seed> Lnnn-Lnnn` pointing at the notes")
    if ctx.seed_lines is None:
        return
    for cite in cites:
        match = CITE_PATTERN.match(cite)
        if not match:
            continue
        seed, start, end = match.group(1), match.group(2), match.group(3)
        if seed not in ctx.seed_lines:
            yield Finding(key, f"citation {cite!r}: no seed file {seed}_*.txt", f"seeds: {', '.join(sorted(ctx.seed_lines))}")
            continue
        if start is None:
            continue
        lo, hi = int(start), int(end or start)
        if lo > hi:
            yield Finding(key, f"citation {cite!r}: the range runs backwards")
        elif hi > ctx.seed_lines[seed] or lo < 1:
            yield Finding(key, f"citation {cite!r}: seed {seed} has only {ctx.seed_lines[seed]} lines")


# ---------------------------------------------------------------- tree lint


def lint_tree(tree: Tree, ctx: LintContext) -> list[Finding]:
    """Every problem of one tree."""
    out: list[Finding] = []
    ids = [q.id for q in tree.questions]
    out += [Finding(f"questions[{i}].id", f"duplicate question id {q!r}") for i, q in enumerate(ids) if ids.index(q) != i]
    cids = [c.id for c in tree.candidates]
    out += [Finding(f"candidates[{i}].id", f"duplicate candidate id {c!r}") for i, c in enumerate(cids) if cids.index(c) != i]
    age = (ctx.today - tree.last_reviewed).days
    if age > ctx.max_age_days:
        out.append(
            Finding(
                "last_reviewed",
                f"last reviewed {age} days ago (limit {ctx.max_age_days})",
                "review the tree against the notes and update last_reviewed",
                "warning",
            )
        )
    if tree.last_reviewed > ctx.today:
        out.append(Finding("last_reviewed", "last_reviewed is in the future"))

    earlier: set[str] = set()
    for i, q in enumerate(tree.questions):
        out += _check_cond(q.cond, f"questions[{i}].when", tree, ctx, earlier=earlier)
        if q.default is not None:
            from wizard.core.answers import coerce

            _, error = coerce(q, q.default)
            if error:
                out.append(Finding(f"questions[{i}].default", f"default: {error}"))
        earlier.add(q.id)

    for i, cand in enumerate(tree.candidates):
        out += _check_cites(cand.cite, f"candidates[{i}].cite", ctx, required=True)
        if cand.component is not None and not ctx.component_known(cand.component):
            out.append(
                Finding(
                    f"candidates[{i}].component",
                    f"unknown diagram component {cand.component!r}",
                    "use a class path from diagrams.aws (for example aws.database.RDS) or add a fallback in wizard/render/icons.py",
                )
            )
        if cand.short and any(len(line) > 14 for line in cand.short.split("\n")):
            out.append(Finding(f"candidates[{i}].short", "a line of `short` is longer than 14 characters", "wrap it with \\n", "warning"))

    for i, rule in enumerate(tree.rules):
        key = f"rules[{i}]"
        out += _check_cond(rule.cond, f"{key}.when", tree, ctx)
        out += _check_cites(rule.cite, f"{key}.cite", ctx, required=True)
        for target in rule.targets():
            named = tree.candidate(target)
            if named is None:
                out.append(Finding(f"{key}.{rule.kind}", f"unknown candidate {target!r}", _close(target, cids)))
            elif named.retired and rule.kind != "exclude":
                out.append(
                    Finding(
                        f"{key}.{rule.kind}", f"{target!r} is retired and must never be recommended", "only exclude it, with the reason"
                    )
                )
        if rule.kind == "default" and i != len(tree.rules) - 1:
            out.append(Finding(f"{key}", "the default rule must be last"))
    for i, note in enumerate(tree.notes):
        out += _check_cond(note.cond, f"notes[{i}].when", tree, ctx, allow_pick=True)
        out += _check_cites(note.cite, f"notes[{i}].cite", ctx, required=True)
    for i, q in enumerate(tree.questions):
        out += _check_cites(q.cite, f"questions[{i}].cite", ctx, required=False)

    for i, cand in enumerate(tree.candidates):
        if cand.retired and not any(r.kind == "exclude" and cand.id in r.targets() and not r.when for r in tree.rules):
            out.append(
                Finding(
                    f"candidates[{i}]",
                    f"retired candidate {cand.id!r} needs an unconditional exclude rule giving the reason",
                    "add `- exclude: [...]` with `because: retired ...`",
                )
            )

    if not any(f.level == "error" for f in out):
        out += _reachability(tree, ctx)
    return out


# ---------------------------------------------------------------- reachability by search


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
    return ordered + extra


def _variables(tree: Tree, ctx: LintContext) -> list[tuple[str, list[Any]]]:
    refs: dict[str, None] = {}
    for q in tree.questions:
        refs.setdefault(q.id, None)
    for item in [*tree.questions, *tree.rules, *tree.notes]:
        for ref in conditions.references(item.cond):
            if ref != "pick":
                refs.setdefault(ref, None)
    out: list[tuple[str, list[Any]]] = []
    all_conds = [item.cond for item in [*tree.questions, *tree.rules, *tree.notes]]
    for ref in refs:
        head, dot, rest = ref.partition(".")
        if not dot:
            own = tree.question(ref)
            if own is None:
                continue
            limits = [t for c in all_conds for t in conditions.thresholds(c, ref)]
            out.append((ref, _domain(own, limits)))
        elif rest == "pick":
            other = ctx.trees.get(head)
            if other is not None:
                out.append((ref, [c.id for c in other.candidates]))
        else:
            other = ctx.trees.get(head)
            theirs = other.question(rest) if other else None
            if theirs is not None:
                limits = [t for c in all_conds for t in conditions.thresholds(c, ref)]
                out.append((ref, _domain(theirs, limits)))
    return out


def _assignments(variables: list[tuple[str, list[Any]]]) -> Iterator[dict[str, Any]]:
    names = [n for n, _ in variables]
    domains = [d for _, d in variables]
    total = 1
    for d in domains:
        total *= max(1, len(d))
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*domains):
            yield dict(zip(names, combo, strict=True))
        return
    rng = random.Random(f"archwiz-lint:{','.join(names)}")
    for _ in range(MAX_COMBINATIONS):
        yield {n: rng.choice(d) for n, d in variables}


def _outcome(tree: Tree, values: dict[str, Any]) -> tuple[set[str], str | None, int | None, list[bool]]:
    """Asked questions, the pick, the deciding rule and each rule's truth, for one assignment."""
    asked: dict[str, Any] = {}

    def resolve(ref: str) -> Any:
        if "." not in ref:
            value = asked.get(ref, UNKNOWN)
        else:
            value = values.get(ref, UNKNOWN)
        return UNKNOWN if value == NOT_SURE else value

    for q in tree.questions:
        if conditions.holds(q.cond, resolve):
            asked[q.id] = values.get(q.id, UNKNOWN)
    excluded: set[str] = {c.id for c in tree.candidates if c.retired}
    truth = []
    prefers = []
    for index, rule in enumerate(tree.rules):
        held = rule.kind == "default" or conditions.holds(rule.cond, resolve)
        truth.append(held)
        if not held:
            continue
        if rule.kind == "exclude":
            excluded.update(rule.targets())
        elif rule.kind == "prefer":
            prefers.append(index)
    for index in prefers:
        if tree.rules[index].prefer not in excluded:
            return set(asked), tree.rules[index].prefer, index, truth
    default = tree.rules[-1].default if tree.rules else None
    if default and default not in excluded:
        return set(asked), default, len(tree.rules) - 1, truth
    survivors = [c.id for c in tree.candidates if c.id not in excluded]
    return set(asked), (survivors[0] if survivors else None), None, truth


def _reachability(tree: Tree, ctx: LintContext) -> list[Finding]:
    if tree.profile:
        return _question_reachability(tree, ctx)
    picks: set[str] = set()
    deciding: set[int] = set()
    asked_any: set[str] = set()
    rule_true = [False] * len(tree.rules)
    rule_false = [False] * len(tree.rules)
    no_fit = False
    for values in _assignments(_variables(tree, ctx)):
        asked, pick, index, truth = _outcome(tree, values)
        asked_any |= asked
        if pick is None:
            no_fit = True
        else:
            picks.add(pick)
        if index is not None:
            deciding.add(index)
        for i, held in enumerate(truth):
            rule_true[i] = rule_true[i] or held
            rule_false[i] = rule_false[i] or not held
    out: list[Finding] = []
    for i, cand in enumerate(tree.candidates):
        if not cand.retired and cand.id not in picks:
            out.append(
                Finding(
                    f"candidates[{i}]",
                    f"candidate {cand.id!r} is never picked by any combination of answers tried",
                    "add a prefer rule for it, or remove the exclusions that always hit it",
                )
            )
    for i, rule in enumerate(tree.rules):
        if rule.kind == "default":
            continue
        if not rule_true[i]:
            out.append(Finding(f"rules[{i}].when", "this condition is never true", "check the values it compares against"))
        elif not rule_false[i] and rule.when is not None:
            out.append(Finding(f"rules[{i}].when", "this condition is always true", "drop the `when` or narrow it", "warning"))
        elif rule.kind == "prefer" and i not in deciding:
            out.append(
                Finding(
                    f"rules[{i}]",
                    f"prefer {rule.prefer!r} never decides: earlier rules always win or its candidate is always excluded",
                    "move it up or narrow the earlier rules",
                )
            )
    for i, q in enumerate(tree.questions):
        if q.id not in asked_any:
            out.append(Finding(f"questions[{i}]", f"question {q.id!r} is never asked", "check its `when`"))
    read = {ref for item in [*tree.rules, *tree.notes, *tree.questions] for ref in conditions.references(item.cond)}
    for i, q in enumerate(tree.questions):
        if q.id not in read:
            out.append(
                Finding(
                    f"questions[{i}]",
                    f"question {q.id!r} is read by no rule, note or question",
                    "use the answer in a rule or remove the question",
                    "warning",
                )
            )
    if no_fit:
        out.append(
            Finding(
                "rules",
                "some answer combinations exclude every candidate (the outcome is 'no fit')",
                "check that this is intended",
                "warning",
            )
        )
    return out


def _question_reachability(tree: Tree, ctx: LintContext) -> list[Finding]:
    asked_any: set[str] = set()
    for values in _assignments(_variables(tree, ctx)):
        asked, _, _, _ = _outcome(tree, values)
        asked_any |= asked
    return [
        Finding(f"questions[{i}]", f"question {q.id!r} is never asked", "check its `when`")
        for i, q in enumerate(tree.questions)
        if q.id not in asked_any
    ]


# ---------------------------------------------------------------- blueprint lint


def _cluster_ids(specs: list[ClusterSpec]) -> list[str]:
    out = []
    for spec in specs:
        out.append(spec.id)
        out.extend(_cluster_ids(spec.children))
    return out


def lint_blueprint(bp: Blueprint, ctx: LintContext) -> list[Finding]:
    """Every problem of one blueprint: trees, order, slots, clusters, edges, checks."""
    out: list[Finding] = []
    ids = bp.tree_ids()
    for i, tid in enumerate(ids):
        if tid not in ctx.trees:
            out.append(Finding(f"trees[{i}]", f"unknown tree {tid!r}", _close(tid, list(ctx.trees))))
        elif ids.index(tid) != i:
            out.append(Finding(f"trees[{i}]", f"tree {tid!r} is listed twice"))
    if "workload" in ids and ids[0] != "workload":
        out.append(Finding("trees", "`workload` must be the first tree"))
    if any(t not in ctx.trees for t in ids):
        return out
    anchor = Tree.model_construct(
        id=BLUEPRINT_SCOPE, title="", version=1, last_reviewed=ctx.today, summary="", questions=[], candidates=[], rules=[], notes=[]
    )
    for i, ref in enumerate(bp.trees):
        sub = LintContext(ctx.trees, order=ids[:i], component_known=ctx.component_known, seed_lines=ctx.seed_lines)
        out += _check_cond(ref.cond, f"trees[{i}].when", anchor, sub)
        tree = ctx.trees[ref.tree]
        for ref_name in {r for item in [*tree.questions, *tree.rules, *tree.notes] for r in conditions.references(item.cond)}:
            head, dot, _ = ref_name.partition(".")
            if dot and head != tree.id and head not in ids[:i]:
                out.append(
                    Finding(
                        f"trees[{i}]",
                        f"tree {tree.id!r} reads {ref_name!r}, but {head!r} is not asked before it here",
                        f"list {head!r} before {tree.id!r}",
                    )
                )
    full = LintContext(ctx.trees, order=ids, component_known=ctx.component_known, seed_lines=ctx.seed_lines)
    clusters = _cluster_ids(bp.layout.clusters)
    out += [Finding("layout.clusters", f"duplicate cluster id {c!r}") for i, c in enumerate(clusters) if clusters.index(c) != i]
    endpoints: dict[str, list[str]] = {n.id: [] for n in bp.layout.nodes}
    for i, node in enumerate(bp.layout.nodes):
        if not ctx.component_known(node.component):
            out.append(Finding(f"layout.nodes[{i}].component", f"unknown diagram component {node.component!r}"))
        if node.in_ and node.in_.split(".")[-1] not in clusters:
            out.append(Finding(f"layout.nodes[{i}].in", f"unknown cluster {node.in_!r}", _close(node.in_, clusters)))
    for i, slot in enumerate(bp.layout.slots):
        key = f"layout.slots[{i}]"
        if slot.id in endpoints:
            out.append(Finding(f"{key}.id", f"duplicate node or slot id {slot.id!r}"))
        endpoints[slot.id] = slot.roles
        out += _check_cond(slot.cond, f"{key}.when", anchor, full)
        if slot.pick is not None and slot.pick not in ids:
            out.append(Finding(f"{key}.pick", f"slot picks from {slot.pick!r}, which this blueprint does not ask", _close(slot.pick, ids)))
        if slot.component is not None and not ctx.component_known(slot.component):
            out.append(Finding(f"{key}.component", f"unknown diagram component {slot.component!r}"))
        for name, where in [
            ("in", slot.in_),
            ("per", slot.per),
            *[(f"in_by_scope.{k}", v) for k, v in slot.in_by_scope.items()],
            *[(f"in_by_pick.{k}", v) for k, v in slot.in_by_pick.items()],
        ]:
            if where and where.split(".")[-1] not in clusters:
                out.append(Finding(f"{key}.{name}", f"unknown cluster {where!r}", _close(where, clusters)))
        for tid in slot.annotate:
            if tid not in ids:
                out.append(Finding(f"{key}.annotate", f"unknown tree {tid!r} in annotate"))
    for i, edge in enumerate(bp.layout.edges):
        key = f"layout.edges[{i}]"
        out += _check_cond(edge.cond, f"{key}.when", anchor, full)
        for name, end in (("from", edge.from_), ("to", edge.to)):
            end_id, _, role = end.partition(".")
            if end_id not in endpoints:
                out.append(Finding(f"{key}.{name}", f"unknown node or slot {end_id!r}", _close(end_id, list(endpoints))))
            elif role and role not in endpoints[end_id]:
                roles = ", ".join(endpoints[end_id]) or "(none)"
                out.append(Finding(f"{key}.{name}", f"slot {end_id!r} has no role {role!r}", f"roles: {roles}"))
    for i, check in enumerate(bp.checks):
        out += _check_cond(check.cond, f"checks[{i}].when", anchor, full)
        out += _check_cites(check.cite, f"checks[{i}].cite", ctx, required=True)
    return out
