"""The diagram: Architecture -> DOT source (via `diagrams`) -> PNG/SVG/PDF (via Graphviz `dot`).

The only module that imports `diagrams`. The DOT text is built without rendering, then one
`dot` call lays the graph out once and writes every requested format.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from wizard.core.architecture import Architecture
from wizard.errors import RenderError
from wizard.render.icons import node_class

IMAGE_FORMATS = ("png", "svg", "pdf")
"""Formats that need Graphviz `dot`."""

DOT_TIMEOUT_S = 120
"""A layout that takes longer than this is stuck; real diagrams take well under a second."""

LABEL_WIDTH = 14
"""Node labels wider than this spill into neighbours at the default node width."""

INSTALL_HINT = (
    "install Graphviz: `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`sudo dnf install graphviz` (Fedora) or `brew install graphviz` (macOS)"
)

GRAPH_ATTR = {
    "splines": "spline",  # ortho misplaces edge labels and explodes on big graphs
    "pad": "0.5",
    "nodesep": "0.7",
    "ranksep": "1.0",
    "fontsize": "20",
    "labelloc": "t",
    "newrank": "true",
}


def find_dot() -> str | None:
    """The path of Graphviz `dot`, if installed."""
    return shutil.which("dot")


def wrap(label: str) -> str:
    """Wrap each line of a label to the node width."""
    lines: list[str] = []
    for line in label.split("\n"):
        lines.extend(textwrap.wrap(line, LABEL_WIDTH, break_long_words=False) or [""])
    return "\n".join(lines)


def _safe(text: str) -> str:
    # Graphviz reads the label as an escString: backslashes would become escapes.
    return text.replace("\\", "/").replace("\r", "")


def dot_source(arch: Architecture, comment: str) -> str:
    """The DOT text of an architecture, deterministic for the same input."""
    from diagrams import Cluster, Diagram, Edge, setdiagram

    class _SourceOnly(Diagram):  # type: ignore[misc]
        """A Diagram that builds the graph but never renders or touches files."""

        def __exit__(self, *exc: object) -> None:
            setdiagram(None)

    children: dict[str | None, list[Any]] = {}
    for cluster in arch.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    nodes_in: dict[str | None, list[Any]] = {}
    for node in arch.nodes:
        nodes_in.setdefault(node.cluster, []).append(node)

    built: dict[str, Any] = {}
    with _SourceOnly(
        name=_safe(arch.title),
        filename="architecture",
        direction=arch.direction,
        show=False,
        graph_attr=GRAPH_ATTR,
    ) as diagram:

        def place(cluster_id: str | None) -> None:
            for node in nodes_in.get(cluster_id, []):
                cls = node_class(node.component)
                built[node.id] = cls(_safe(wrap(node.label)), nodeid=node.id)
            for cluster in children.get(cluster_id, []):
                with Cluster(_safe(cluster.label)) as group:
                    # Unique names: diagrams would merge two clusters with the same label.
                    group.dot.name = f"cluster_{cluster.id}"
                    place(cluster.id)

        place(None)
        for edge in arch.edges:
            attrs: dict[str, Any] = {"forward": True}
            if edge.label:
                attrs["label"] = _safe(edge.label)
            if edge.style != "solid":
                attrs["style"] = edge.style
            if not edge.constraint:
                attrs["constraint"] = "false"
            built[edge.source].connect(built[edge.target], Edge(**attrs))
        source: str = diagram.dot.source
    return f"/* {comment} */\n{source}"


def render_images(dot_text: str, formats: list[str], stem: str = "architecture") -> dict[str, bytes]:
    """Run `dot` once for every requested image format; return the bytes of each."""
    wanted = [f for f in formats if f in IMAGE_FORMATS]
    if not wanted:
        return {}
    dot = find_dot()
    if dot is None:
        raise RenderError("Graphviz `dot` was not found on PATH", hint=INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="archwiz-") as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.dot"
        source.write_text(dot_text, encoding="utf-8")
        args = [dot]
        for fmt in wanted:
            args += [f"-T{fmt}", "-o", str(folder / f"{stem}.{fmt}")]
        args.append(str(source))
        try:
            proc = subprocess.run(args, capture_output=True, timeout=DOT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(
                f"Graphviz `dot` did not finish within {DOT_TIMEOUT_S} s", hint="the diagram may be too large; try --format svg"
            ) from exc
        except OSError as exc:
            raise RenderError(f"Graphviz `dot` could not run: {exc}", hint=INSTALL_HINT) from exc
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(
                f"Graphviz `dot` failed (exit {proc.returncode}): {detail[-1] if detail else 'no message'}",
                hint="run `dot -V` to check the installation",
            )
        out = {fmt: (folder / f"{stem}.{fmt}").read_bytes() for fmt in wanted}
    if "svg" in out:
        out["svg"] = inline_svg_images(out["svg"])
    return out


_IMAGE_REF = re.compile(rb'xlink:href="([^"]+\.png)"')


def inline_svg_images(svg: bytes) -> bytes:
    """Embed linked PNG icons as data URIs so the SVG works anywhere it is moved."""

    def embed(match: re.Match[bytes]) -> bytes:
        path = Path(match.group(1).decode())
        try:
            data = base64.b64encode(path.read_bytes())
        except OSError:
            return match.group(0)
        return b'xlink:href="data:image/png;base64,' + data + b'"'

    return _IMAGE_REF.sub(embed, svg)
