"""Blueprint lint: trees, order, layout, conditions and checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wizard.core import conditions
from wizard.core.conditions import TRUE, Cond
from wizard.core.lint._common import BLUEPRINT_SCOPE, Finding, LintContext, _close
from wizard.core.lint._references import _check_cites, _check_cond, _Lookup, _Scope
from wizard.core.lint._solver import _Need, _Solver
from wizard.core.lint._space import ABSENT, _domain, _known, _thresholds
from wizard.core.lint._tree import _duplicates, _never_hint
from wizard.core.model import Blueprint, ClusterSpec, Slot, Tree

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
    yield from _traffic_checks(key, bp, slot, picked)


def _traffic_checks(key: str, bp: Blueprint, slot: Slot, picked: Tree | None) -> Iterator[Finding]:
    """Traffic settings name the slot's roles, its tree's candidates and features; copies say what they take."""
    tables = [("traffic", slot.traffic)]
    tables += [(f"traffic_by_pick.{k}", v) for k, v in slot.traffic_by_pick.items()]
    tables += [(f"traffic_by_feature.{k}", v) for k, v in slot.traffic_by_feature.items()]
    for name, table in tables:
        for role in table:
            if role not in slot.roles:
                yield Finding(
                    f"{key}.{name}.{role}", f"slot {slot.id!r} has no role {role!r}", f"roles: {', '.join(slot.roles) or '(none)'}"
                )
    if picked is not None:
        cids = [c.id for c in picked.candidates]
        for cid in slot.traffic_by_pick:
            if cid not in cids:
                yield Finding(f"{key}.traffic_by_pick.{cid}", f"{cid!r} is not one of the candidates of {slot.pick}", _close(cid, cids))
        fids = sorted({f.id for c in picked.candidates for f in c.features})
        for fid in slot.traffic_by_feature:
            if fid not in fids:
                yield Finding(
                    f"{key}.traffic_by_feature.{fid}", f"{fid!r} is not a feature of any {slot.pick} candidate", _close(fid, fids)
                )
    drawn_into = any(edge.to == slot.id for edge in bp.layout.edges)
    if len(slot.roles) > 1 and drawn_into and not (slot.traffic or slot.traffic_by_pick or slot.traffic_by_feature):
        yield Finding(
            f"{key}.traffic",
            f"edges go into slot {slot.id!r} ({', '.join(slot.roles)}) but it does not say which copies take traffic",
            "add `traffic: {standby: none}` (a standby serves nothing until failover) or `reads` for readable copies",
            "warning",
        )


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
