"""The diagram: Architecture -> DOT source (via `diagrams`) -> PNG/SVG/PDF (via Graphviz `dot`).

The only module that imports `diagrams`. The DOT text is built without rendering, then one
`dot` call lays the graph out once and writes every requested format.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

from wizard.core.architecture import Architecture
from wizard.errors import RenderError
from wizard.render.icons import node_class
from wizard.sanitize import plain

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


def dot_timeout() -> float:
    """Seconds to wait for `dot`: $ARCHWIZ_DOT_TIMEOUT, else DOT_TIMEOUT_S."""
    try:
        return max(0.1, float(os.environ.get("ARCHWIZ_DOT_TIMEOUT", DOT_TIMEOUT_S)))
    except ValueError:
        return DOT_TIMEOUT_S


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
    """A label Graphviz shows as written.

    Graphviz reads a label as an escString, so backslashes would become escapes; control
    characters are dropped (they are not valid in SVG); and `nohtml` stops a label such as
    `<b>x</b>` from being passed through unquoted as an HTML-like label.
    """
    from graphviz import nohtml  # type: ignore[import-untyped]

    kept = plain(text.replace("\\", "/")).replace("\t", " ")
    label: str = nohtml(kept)
    return label


def dot_source(arch: Architecture, comment: str) -> str:
    """The DOT text of an architecture, deterministic for the same input."""
    from diagrams import Cluster, Diagram, Edge, setdiagram

    class _SourceOnly(Diagram):  # type: ignore[misc]
        """A Diagram that builds the graph but never renders or touches files."""

        def __exit__(self, *exc: object) -> None:
            setdiagram(None)

    groups = arch.groups()
    built: dict[str, Any] = {}
    with _SourceOnly(
        name=_safe(arch.title),
        filename="architecture",
        direction=arch.direction,
        show=False,
        graph_attr=GRAPH_ATTR,
    ) as diagram:

        def place(cluster_id: str | None) -> None:
            for node in groups.nodes.get(cluster_id, []):
                cls = node_class(node.component)
                built[node.id] = cls(_safe(wrap(node.label)), nodeid=node.id)
            for cluster in groups.children.get(cluster_id, []):
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


LEFTOVER_AGE_S = 3600
"""A temporary folder this old was left by a killed run (a live `dot` is stopped long before)."""


def sweep_leftovers(now: float | None = None) -> list[Path]:
    """Remove `$TMPDIR/archwiz-*` folders that killed runs left behind; return what went."""
    now = time.time() if now is None else now
    gone = []
    for folder in Path(tempfile.gettempdir()).glob("archwiz-*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        # Only our own folders: not a symlink, owned by this user, old enough to be abandoned.
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and now - info.st_mtime > LEFTOVER_AGE_S:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


class StopAll:
    """Shared by the `dot` jobs of one batch, so one Ctrl+C stops every one of them at once.

    Signals reach only the main thread while worker threads wait on their `dot`; the main
    thread calls `stop()`, which kills every live job's process group. A job that then sees
    its `dot` die (or is started afterwards) raises KeyboardInterrupt, so its output set is
    never committed and its folder keeps what it held.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: set[ImageJob] = set()
        self.stopped = False

    def add(self, job: ImageJob) -> None:
        """Track a started job (killed at once if the batch is already stopping)."""
        with self._lock:
            self._jobs.add(job)
            stopped = self.stopped
        if stopped:
            job._killpg()  # started while the batch was being stopped

    def discard(self, job: ImageJob) -> None:
        """Forget a job whose `dot` has been reaped."""
        with self._lock:
            self._jobs.discard(job)

    def stop(self) -> None:
        """Kill every live `dot` (only signals: each job's own thread reaps its process)."""
        with self._lock:
            self.stopped = True
            jobs = list(self._jobs)
        for job in jobs:
            job._killpg()


class ImageJob:
    """One `dot` process laying the graph out once and writing every requested format.

    Started before the text outputs are written, so Graphviz rasterises while Python works;
    `finish()` collects the files, `cancel()` stops it. Its temporary folder never outlives it.
    """

    def __init__(self, dot_text: str, formats: list[str], stem: str = "architecture", stop: StopAll | None = None) -> None:
        if stop is not None and stop.stopped:
            raise KeyboardInterrupt
        self._stop = stop
        self.formats = [f for f in formats if f in IMAGE_FORMATS]
        self.stem = stem
        dot = find_dot()
        if dot is None:
            raise RenderError("Graphviz `dot` was not found on PATH", hint=INSTALL_HINT)
        sweep_leftovers()
        self._tmp = tempfile.TemporaryDirectory(prefix="archwiz-")
        self.folder = Path(self._tmp.name)
        source = self.folder / f"{stem}.dot"
        source.write_text(dot_text, encoding="utf-8")
        args = [dot]
        for fmt in self.formats:
            args += [f"-T{fmt}", "-o", str(self.folder / f"{stem}.{fmt}")]
        args.append(str(source))
        try:
            # Its own process group: stopping it also stops anything it started.
            self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            self._tmp.cleanup()
            raise RenderError(f"Graphviz `dot` could not run: {exc}", hint=INSTALL_HINT) from exc
        if stop is not None:
            stop.add(self)

    def finish(self, timeout_s: float | None = None) -> dict[str, bytes]:
        """Wait for `dot` and return the bytes of each format (SVG icons inlined)."""
        timeout_s = timeout_s if timeout_s is not None else dot_timeout()
        try:
            try:
                _, err = self._proc.communicate(timeout=timeout_s)
            except BaseException as exc:
                # A timeout, Ctrl+C, SIGTERM or SIGHUP: stop `dot` and whatever it started.
                self._kill()
                if not isinstance(exc, subprocess.TimeoutExpired):
                    raise
                if self._stop is not None and self._stop.stopped:
                    raise KeyboardInterrupt from exc
                raise RenderError(
                    f"Graphviz `dot` did not finish within {timeout_s:.0f} s", hint="the diagram may be too large; try --format svg"
                ) from exc
            if self._stop is not None and self._stop.stopped:
                raise KeyboardInterrupt  # killed by the batch's Ctrl+C, not a Graphviz failure
            if self._proc.returncode != 0:
                detail = err.decode("utf-8", "replace").strip().splitlines()
                raise RenderError(
                    f"Graphviz `dot` failed (exit {self._proc.returncode}): {detail[-1] if detail else 'no message'}",
                    hint="run `dot -V` to check the installation",
                )
            try:
                out = {fmt: (self.folder / f"{self.stem}.{fmt}").read_bytes() for fmt in self.formats}
            except OSError as exc:
                raise RenderError(
                    f"Graphviz `dot` exited without writing {Path(exc.filename or '?').name}", hint="run `dot -V` to check the installation"
                ) from exc
        finally:
            self._release()
        if "svg" in out:
            out["svg"] = inline_svg_images(out["svg"])
        return out

    def _killpg(self) -> None:
        if self._proc.returncode is not None:
            return  # already reaped: its pid may belong to another process by now
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGKILL)

    def _kill(self) -> None:
        self._killpg()
        self._proc.kill()
        self._proc.communicate()

    def _release(self) -> None:
        if self._stop is not None:
            self._stop.discard(self)
        self._tmp.cleanup()

    def cancel(self) -> None:
        """Stop `dot` (if still running) and remove the temporary folder."""
        if self._proc.poll() is None:
            self._kill()
        self._release()


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
