"""The Architecture model: what every renderer draws (nodes, clusters, edges, checks)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Literal

from wizard.core.decision import Out


class ArchCluster(Out):
    """A drawn group, already expanded (one copy per AZ, for example)."""

    id: str
    label: str
    kind: str
    parent: str | None = None


class ArchNode(Out):
    """A drawn service with a stable id."""

    id: str
    label: str
    component: str
    cluster: str | None = None
    slot: str | None = None
    tree: str | None = None
    pick: str | None = None
    role: str | None = None


class ArchEdge(Out):
    """A drawn connection."""

    source: str
    target: str
    label: str | None = None
    style: str = "solid"
    constraint: bool = True


class CheckHit(Out):
    """A cross-decision warning or conflict that applies."""

    level: Literal["warning", "conflict"]
    text: str
    cite: list[str] = dc_field(default_factory=list)


class Architecture(Out):
    """One composed architecture."""

    blueprint: str | None
    title: str
    direction: str = "LR"
    clusters: list[ArchCluster] = dc_field(default_factory=list)
    nodes: list[ArchNode] = dc_field(default_factory=list)
    edges: list[ArchEdge] = dc_field(default_factory=list)
    checks: list[CheckHit] = dc_field(default_factory=list)

    def groups(self) -> Groups:
        """Clusters by parent and nodes by cluster (None is the top level), in drawing order."""
        out = Groups()
        for cluster in self.clusters:
            out.children.setdefault(cluster.parent, []).append(cluster)
        for node in self.nodes:
            out.nodes.setdefault(node.cluster, []).append(node)
        return out


@dataclass
class Groups:
    """The nesting of an architecture, for renderers that walk it from the top."""

    children: dict[str | None, list[ArchCluster]] = dc_field(default_factory=dict)
    nodes: dict[str | None, list[ArchNode]] = dc_field(default_factory=dict)
