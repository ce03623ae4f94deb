"""Links between trees: follow-on trees a pick continues into, and trees named in text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wizard.core.lint._common import Finding, LintContext, _close
from wizard.core.model import Tree

MENTION_BY_ID = re.compile(r"`([a-z][a-z0-9_]*)` tree\b|\btree `([a-z][a-z0-9_]*)`|archwiz decide ([a-z][a-z0-9_]*)")
"""A tree named by its id: "the `block_storage` tree", "tree `caching`", "archwiz decide caching"."""

MENTION_BY_NAME = re.compile(r"\b[Tt]he ((?:[\w-]+ ){0,3}[\w-]+) tree\b")
"""A tree named by a description ("the S3 storage-class tree"): lint cannot check it exists."""

NOT_A_TREE = {"directory", "this", "same", "decision", "folder", "file", "whole", "one", "dependency"}
"""Words before "tree" that mean something other than an archwiz tree."""


def lint_links(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    """Follow-on trees exist and do not loop; every tree the text names exists."""
    yield from _follow_ons(tree, ctx)
    yield from _mentions(tree, ctx)


def _follow_ons(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    for i, cand in enumerate(tree.candidates):
        for j, ref in enumerate(cand.then):
            key = f"candidates[{i}].then[{j}]"
            target = ctx.trees.get(ref.tree)
            if target is None:
                yield Finding(key, f"follow-on tree {ref.tree!r} does not exist", _close(ref.tree, sorted(ctx.trees)))
            elif target.profile:
                yield Finding(key, f"{ref.tree!r} is a profile tree; a pick can only continue into a decision tree")
            elif ref.tree == tree.id or tree.id in _reachable(ref.tree, ctx):
                yield Finding(key, f"following {ref.tree!r} leads back to {tree.id!r}", "follow-ons must not form a loop")
            if cand.retired:
                yield Finding(key, f"retired candidate {cand.id!r} is never picked, so it never continues", level="warning")


def _reachable(tree_id: str, ctx: LintContext) -> set[str]:
    seen: set[str] = set()
    todo = [tree_id]
    while todo:
        current = ctx.trees.get(todo.pop())
        if current is None:
            continue
        for cand in current.candidates:
            for ref in cand.then:
                if ref.tree not in seen:
                    seen.add(ref.tree)
                    todo.append(ref.tree)
    return seen


def _texts(tree: Tree) -> Iterator[tuple[str, str]]:
    yield "summary", tree.summary
    for i, q in enumerate(tree.questions):
        yield f"questions[{i}].ask", q.ask
        if q.help:
            yield f"questions[{i}].help", q.help
        for j, o in enumerate(q.options):
            if o.help:
                yield f"questions[{i}].options[{j}].help", o.help
    for i, c in enumerate(tree.candidates):
        for field in ("summary", "cost", "today"):
            value = getattr(c, field)
            if value:
                yield f"candidates[{i}].{field}", value
        for j, text in enumerate([*c.pros, *c.cons]):
            yield f"candidates[{i}].pros_cons[{j}]", text
        for pillar, text in c.pillars.items():
            yield f"candidates[{i}].pillars.{pillar}", text
        for j, f in enumerate(c.features):
            yield f"candidates[{i}].features[{j}].because", f.because
    for i, r in enumerate(tree.rules):
        yield f"rules[{i}].because", r.because
    for i, n in enumerate(tree.notes):
        yield f"notes[{i}].text", n.text


def _mentions(tree: Tree, ctx: LintContext) -> Iterator[Finding]:
    for key, text in _texts(tree):
        for match in MENTION_BY_ID.finditer(text):
            named = next(g for g in match.groups() if g)
            if named not in ctx.trees:
                yield Finding(key, f"the text names tree {named!r}, which does not exist", _close(named, sorted(ctx.trees)))
        for match in MENTION_BY_NAME.finditer(text):
            words = match.group(1).split()
            if words[-1].lower() in NOT_A_TREE or "`" in match.group(0):
                continue
            yield Finding(
                key,
                f"the text points to {match.group(0)!r}: name the tree by its id in backticks so lint can check it exists",
                "write for example: the `s3_storage_class` tree",
            )
