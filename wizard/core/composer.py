"""Compose a blueprint's layout and the decisions into one Architecture."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core import conditions
from wizard.core.architecture import ArchCluster, ArchEdge, Architecture, ArchNode, CheckHit
from wizard.core.engine import Resolution
from wizard.core.model import ClusterSpec, EdgeSpec, Slot


@dataclass(frozen=True)
class _Copy:
    """One expanded copy of a cluster spec."""

    id: str
    spec: str
    index: int | None
    ancestors: tuple[str, ...]  # spec ids of the enclosing clusters, outermost first
    copy_ancestors: tuple[str, ...]  # expanded ids of the enclosing clusters


@dataclass(frozen=True)
class _Placed:
    node_id: str
    index: int | None
    role: str | None


def _format(label: str, index: int | None) -> str:
    if index is None:
        return label.replace(" {n}", "").replace("{n}", "").replace(" {letter}", "").replace("{letter}", "")
    return label.replace("{n}", str(index)).replace("{letter}", chr(ord("a") + index - 1))


def _expand(
    specs: list[ClusterSpec],
    res: Resolution,
    parent: _Copy | None,
    out_clusters: list[ArchCluster],
    copies: list[_Copy],
) -> None:
    for spec in specs:
        count = 1
        repeated = spec.repeat is not None
        if spec.repeat is not None and conditions.holds(spec.repeat.cond, res.value):
            count = spec.repeat.count
        for i in range(1, count + 1):
            inherited = parent.index if parent else None
            index = i if repeated else inherited
            suffix = f"_{i}" if repeated else (f"_{inherited}" if inherited is not None else "")
            copy = _Copy(
                id=f"{spec.id}{suffix}",
                spec=spec.id,
                index=index,
                ancestors=(*(parent.ancestors if parent else ()), *((parent.spec,) if parent else ())),
                copy_ancestors=(*(parent.copy_ancestors if parent else ()), *((parent.id,) if parent else ())),
            )
            copies.append(copy)
            out_clusters.append(
                ArchCluster(id=copy.id, label=_format(spec.label, index), kind=spec.kind, parent=parent.id if parent else None)
            )
            _expand(spec.children, res, copy, out_clusters, copies)


def _slot_label(slot: Slot, res: Resolution) -> tuple[str, str, str | None, str | None] | None:
    """Label, component, pick and scope of a slot, or None when the slot is not drawn."""
    if not conditions.holds(slot.cond, res.value):
        return None
    if slot.component is not None:
        label = slot.label or slot.id
        return label, slot.component, None, None
    decision = res.decisions.get(slot.pick or "")
    tree = res.plan.trees.get(slot.pick or "")
    if decision is None or tree is None or decision.pick is None:
        return None
    cand = tree.candidate(decision.pick)
    if cand is None or cand.component is None:
        return None
    return cand.diagram_label, cand.component, decision.pick, cand.scope


def compose(res: Resolution) -> Architecture:
    """Build the Architecture of a resolved blueprint plan."""
    blueprint = res.plan.blueprint
    if blueprint is None:
        return Architecture(blueprint=None, title="Decisions")
    layout = blueprint.layout
    clusters: list[ArchCluster] = []
    copies: list[_Copy] = []
    _expand(layout.clusters, res, None, clusters, copies)

    def copies_of(spec_path: str) -> list[_Copy]:
        spec = spec_path.split(".")[-1]
        return [c for c in copies if c.spec == spec]

    nodes: list[ArchNode] = []
    placed: dict[str, list[_Placed]] = {}
    for fixed in layout.nodes:
        target = copies_of(fixed.in_)[0].id if fixed.in_ and copies_of(fixed.in_) else None
        nodes.append(ArchNode(id=fixed.id, label=fixed.label, component=fixed.component, cluster=target))
        placed[fixed.id] = [_Placed(fixed.id, None, None)]

    for slot in layout.slots:
        drawn = _slot_label(slot, res)
        if drawn is None:
            continue
        label, component, pick, scope = drawn
        for tree_id in slot.annotate:
            decision = res.decisions.get(tree_id)
            tree = res.plan.trees.get(tree_id)
            if decision and decision.pick and tree:
                cand = tree.candidate(decision.pick)
                if cand:
                    label += f"\n({cand.diagram_label})"
        where = slot.in_
        if scope is not None and scope in slot.in_by_scope:
            where = slot.in_by_scope[scope]
        if pick is not None and pick in slot.in_by_pick:
            where = slot.in_by_pick[pick]
        targets = copies_of(where) if where else []
        # A regional or global service (S3, DynamoDB) is one node, not one per AZ.
        per_spec = slot.per if scope in (None, "az") else None
        if per_spec:
            instances: list[tuple[int | None, str | None]] = []
            for number, owner in enumerate(copies_of(per_spec), start=1):
                inside = [t for t in targets if owner.id in t.copy_ancestors or t.id == owner.id]
                instances.append((number, inside[0].id if inside else (targets[0].id if targets else None)))
        else:
            instances = [(None, targets[0].id if targets else None)]
        entries: list[_Placed] = []
        for n, cluster_id in instances:
            role = slot.roles[n - 1] if n is not None and n - 1 < len(slot.roles) else None
            node_id = slot.id if n is None else f"{slot.id}_{n}"
            # Services name their copies differently (Aurora: writer and reader, RDS: standby).
            shown = slot.role_labels.get(pick or "", {}).get(role or "", role) if role else None
            text = label + (f"\n({shown})" if shown and len(instances) > 1 else "")
            nodes.append(
                ArchNode(
                    id=node_id, label=text, component=component, cluster=cluster_id, slot=slot.id, tree=slot.pick, pick=pick, role=role
                )
            )
            entries.append(_Placed(node_id, n, role))
        placed[slot.id] = entries

    picks = {slot.id: res.decisions[slot.pick].pick for slot in layout.slots if slot.pick and slot.pick in res.decisions}
    edges: list[ArchEdge] = []
    for spec in layout.edges:
        edges.extend(_edges(spec, placed, res, picks.get(spec.from_.partition(".")[0])))

    checks = [
        CheckHit(level=check.level, text=check.text, cite=check.cite)
        for check in blueprint.checks
        if conditions.holds(check.cond, res.value)
    ]
    return Architecture(
        blueprint=blueprint.id,
        title=blueprint.title,
        direction=layout.direction,
        clusters=clusters,
        nodes=nodes,
        edges=edges,
        checks=checks,
    )


def _endpoints(ref: str, placed: dict[str, list[_Placed]]) -> list[_Placed]:
    slot, _, role = ref.partition(".")
    entries = placed.get(slot, [])
    if role:
        entries = [e for e in entries if e.role == role]
    return entries


def _edges(spec: EdgeSpec, placed: dict[str, list[_Placed]], res: Resolution, source_pick: str | None) -> list[ArchEdge]:
    if not conditions.holds(spec.cond, res.value):
        return []
    sources = _endpoints(spec.from_, placed)
    targets = _endpoints(spec.to, placed)
    pairs = [(s, t) for s in sources for t in targets if spec.match == "all" or s.index is None or t.index is None or s.index == t.index]
    out = []
    for n, (s, t) in enumerate(pairs):
        # A fan-out shows its label once (repeated labels clutter the picture); pairs matched by
        # index are parallel columns, one per AZ, and each keeps its label.
        paired = spec.match == "same_index" and s.index is not None and t.index is not None
        text = spec.label_by_pick.get(source_pick or "", spec.label)
        label = text if n == 0 or paired else None
        out.append(ArchEdge(source=s.node_id, target=t.node_id, label=label, style=spec.style, constraint=spec.layout))
    return out
