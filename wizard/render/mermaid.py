"""Mermaid flowchart of an architecture (editable, renders on GitHub)."""

from __future__ import annotations

from wizard.core.architecture import Architecture
from wizard.sanitize import plain

_ARROWS = {"solid": "-->", "bold": "==>", "dashed": "-.->", "dotted": "-.->"}


_ENTITIES = {"#": "#35;", "&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "\\": "/", "\n": "<br/>", "\t": " "}
"""Characters a Mermaid label cannot hold as written, and what each becomes."""


def _text(label: str) -> str:
    """A label for Mermaid's quoted strings: shown as written, never read as markup.

    `#` is encoded too, so a label that happens to contain `#quot;` stays literal text;
    backticks would start a Markdown string; control characters are dropped.
    """
    return "".join(_ENTITIES.get(ch, ch) for ch in plain(label))


def _edge_text(label: str) -> str:
    return _text(label).replace("|", "#124;")


def mermaid(arch: Architecture, comment: str) -> str:
    """The Mermaid source; deterministic for the same architecture."""
    lines = [f"%% {comment}", f"flowchart {arch.direction}"]
    groups = arch.groups()

    def emit(cluster_id: str | None, depth: int) -> None:
        pad = "    " * depth
        for node in groups.nodes.get(cluster_id, []):
            lines.append(f'{pad}{node.id}["{_text(node.label)}"]')
        for child in groups.children.get(cluster_id, []):
            lines.append(f'{pad}subgraph {child.id}["{_text(child.label)}"]')
            emit(child.id, depth + 1)
            lines.append(f"{pad}end")

    emit(None, 1)
    for edge in arch.edges:
        arrow = _ARROWS.get(edge.style, "-->")
        label = f"|{_edge_text(edge.label)}|" if edge.label else ""
        lines.append(f"    {edge.source} {arrow}{label} {edge.target}")
    return "\n".join(lines) + "\n"
