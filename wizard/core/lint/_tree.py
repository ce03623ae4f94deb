"""Tree lint: every check of one tree, and the reachability findings."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from wizard.core import conditions
from wizard.core.conditions import Cond
from wizard.core.lint._common import MAX_COMBINATIONS, MIN_SAMPLES, RESERVED_IDS, Finding, LintContext, _close
from wizard.core.lint._links import lint_links
from wizard.core.lint._references import _check_cites, _check_cond, _check_sources, _Lookup, _Scope
from wizard.core.lint._search import _Evidence, _Search, _Space
from wizard.core.lint._space import _assignments, _Conds
from wizard.core.model import NOT_SURE, Tree

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
            *lint_links(tree, ctx),
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
    for i, cand in enumerate(tree.candidates):
        for j, feature in enumerate(cand.features):
            yield from _check_cond(feature.cond, f"candidates[{i}].features[{j}].when", plain)
        for j, ref in enumerate(cand.then):
            yield from _check_cond(ref.cond, f"candidates[{i}].then[{j}].when", plain)


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
    for i, cand in enumerate(tree.candidates):
        for j, feature in enumerate(cand.features):
            yield from _check_cites(feature.cite, f"candidates[{i}].features[{j}].cite", ctx, required=True)
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
