"""Compose a blueprint's layout and the decisions into one Architecture."""

from __future__ import annotations

from dataclasses import dataclass, replace

from wizard.core import conditions
from wizard.core.architecture import ArchCluster, ArchEdge, Architecture, ArchNode, CheckHit
from wizard.core.engine import Resolution
from wizard.core.model import Blueprint, ClusterSpec, EdgeSpec, Layout, Repeat, Slot, TreeRef


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
    traffic: str = "all"


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
    # Copies named by role (writer / reader) already say how they differ; feature lines would clutter them.
    drawn = drawn_pick(res, slot.pick or "", features=not slot.roles)
    if drawn is None:
        return None
    label, component, scope = drawn
    return label, component, res.decisions[slot.pick or ""].pick, scope


def drawn_pick(res: Resolution, tree_id: str, *, features: bool = True) -> tuple[str, str, str | None] | None:
    """Label, component and scope of a tree's pick, refined by the follow-on trees that configure it.

    A refining follow-on with a component of its own replaces the node (a shared file system
    becomes FSx for Lustre); one without annotates it (S3 with its storage class). Features
    with a short label are added as lines, so the node names what goes on the whiteboard.
    """
    drawn = _chain(res, tree_id, features)
    if drawn is None or drawn[1] is None:
        return None
    return drawn[0], drawn[1], drawn[2]


def _chain(res: Resolution, tree_id: str, features: bool = True) -> tuple[str, str | None, str | None] | None:
    """`drawn_pick` before the check that something has a component (a storage class has none)."""
    decision = res.decisions.get(tree_id)
    tree = res.plan.trees.get(tree_id)
    if decision is None or tree is None or decision.pick is None:
        return None
    cand = tree.candidate(decision.pick)
    if cand is None:
        return None
    label: str = cand.diagram_label
    component: str | None = cand.component
    scope: str | None = cand.scope
    extras = [f.short for f in cand.features if features and f.short and f.id in {h.id for h in decision.features}]
    for child_id in decision.follow_ons:
        child_tree = res.plan.trees.get(child_id)
        child = _chain(res, child_id) if child_tree is not None and child_tree.refines else None
        if child is None:
            continue
        child_label, child_component, child_scope = child
        if child_component and child_component != component:
            label, component, scope = child_label, child_component, child_scope or scope
        else:
            # One bracket per refinement: "(target tracking, warm-up)", not nested brackets.
            head, *rest = child_label.split("\n(")
            extras.append(", ".join([head.replace("\n", " "), *(part.removesuffix(")").replace("\n", " ") for part in rest)]))
    return label + "".join(f"\n({e})" for e in extras), component, scope


def compose(res: Resolution) -> Architecture:
    """Build the Architecture of a resolved blueprint plan."""
    blueprint = res.plan.blueprint
    if blueprint is None:
        titles = ", ".join(res.plan.trees[t].title for t in res.decisions)
        return _prune(_compose(res, decisions_blueprint(res)), blueprint=None, title=f"Decisions: {titles}")
    return _compose(res, blueprint)


def decisions_blueprint(res: Resolution) -> Blueprint:
    """A layout for single decisions: each pick drawn in the group its scope names.

    Global services sit in the AWS Cloud, regional ones in the Region, the rest in the VPC or a
    private subnet of each Availability Zone (two when the workload spans AZs). A follow-on that
    adds a service of its own (a cache in front of the database) is joined to its parent.
    """
    drawn = [t for t in res.decisions if not res.plan.trees[t].refines or not _has_parent(res, t)]
    private = ClusterSpec(id="private", label="Private subnet {letter}", kind="private")
    az = ClusterSpec(
        id="az",
        label="Availability Zone {letter}",
        kind="az",
        repeat=Repeat(count=2, when={"workload.availability": ["multi_az", "multi_region"]}),
        children=[private],
    )
    vpc = ClusterSpec(id="vpc", label="VPC", kind="vpc", children=[az])
    region = ClusterSpec(id="region", label="Region", kind="region", children=[vpc])
    cloud = ClusterSpec(id="cloud", label="AWS Cloud", kind="cloud", children=[region])
    slots = [
        Slot(id=t, pick=t, in_="region", in_by_scope={"global": "cloud", "region": "region", "vpc": "vpc", "az": "private"}, per="az")
        for t in drawn
    ]
    edges = [EdgeSpec(from_=t, to=child) for t in drawn for child in res.decisions[t].follow_ons if child in drawn]
    return Blueprint(
        id="decisions",
        title="Decisions",
        summary="Single decisions",
        trees=[TreeRef(tree=t) for t in res.decisions],
        layout=Layout(direction="LR", clusters=[cloud], slots=slots, edges=edges),
    )


def _has_parent(res: Resolution, tree_id: str) -> bool:
    return any(tree_id in d.follow_ons for d in res.decisions.values())


def _prune(arch: Architecture, blueprint: str | None, title: str) -> Architecture:
    """Drop the groups that hold no node (a regional pick needs no VPC drawn around nothing)."""
    parents = {c.id: c.parent for c in arch.clusters}
    used: set[str] = set()
    for node in arch.nodes:
        cluster = node.cluster
        while cluster is not None and cluster not in used:
            used.add(cluster)
            cluster = parents.get(cluster)
    clusters = [c for c in arch.clusters if c.id in used]
    return replace(arch, clusters=clusters, blueprint=blueprint, title=title)


def _compose(res: Resolution, blueprint: Blueprint) -> Architecture:
    """Build the Architecture of a plan drawn with this blueprint's layout."""
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
        decision = res.decisions.get(slot.pick or "")
        features = [f.id for f in decision.features] if decision else []
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
            entries.append(_Placed(node_id, n, role, slot.traffic_of(role, pick, features)))
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
    # An edge named to a role (`db.standby`) is drawn as written; an edge to the slot goes only to
    # the copies that take traffic, and only reads reach a read-only copy.
    by_role = "." in spec.to
    takers = [t for t in targets if t.traffic == "all"]
    pairs: list[tuple[_Placed, _Placed, bool]] = []
    for s in sources:
        for t in targets:
            if not (spec.match == "all" or s.index is None or t.index is None or s.index == t.index):
                continue
            if by_role or t.traffic == "all":
                pairs.append((s, t, False))
                continue
            if t.traffic == "reads":
                pairs.append((s, t, False))
            # Writes (and all traffic, for a copy that takes none) go to the copies that take it
            # all (the primary's endpoint follows it on failover), drawn without pulling the
            # columns out of line.
            pairs += [(s, taker, True) for taker in takers if not any(p[0] == s and p[1] == taker for p in pairs)]
    out = []
    for n, (s, t, rerouted) in enumerate(pairs):
        # A fan-out shows its label once (repeated labels clutter the picture); pairs matched by
        # index are parallel columns, one per AZ, and each keeps its label.
        paired = spec.match == "same_index" and s.index is not None and t.index is not None and not rerouted
        text = spec.label_by_pick.get(source_pick or "", spec.label)
        if t.traffic == "reads" and not by_role:
            text = "reads"
        label = text if n == 0 or paired else None
        style = "dotted" if t.traffic == "reads" and not by_role else spec.style
        out.append(ArchEdge(source=s.node_id, target=t.node_id, label=label, style=style, constraint=spec.layout and not rerouted))
    return out
