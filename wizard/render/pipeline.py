"""Render every output of a run into a folder: the one path the CLI and the TUI both use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wizard import __version__
from wizard.core.architecture import Architecture
from wizard.core.composer import compose
from wizard.core.engine import Answers, Plan, Resolution, resolve
from wizard.core.report import Report, build_report
from wizard.errors import PartialOutput, RenderError
from wizard.io import atomic
from wizard.io.answers_file import answers_hash, dump_answers
from wizard.render import diagram
from wizard.render.json_out import result_json
from wizard.render.mermaid import mermaid
from wizard.render.rationale import rationale

ALL_FORMATS = ("png", "svg", "pdf", "dot", "mmd")
"""Diagram formats `--format` accepts; the rationale, JSON and answers are always written."""

DEFAULT_FORMATS = ("png",)

Progress = Callable[[str], None]


@dataclass
class Run:
    """A resolved run: what it decided and how it is drawn."""

    plan: Plan
    answers: Answers
    resolution: Resolution
    architecture: Architecture
    report: Report
    comment: str


@dataclass
class Written:
    """The files a render wrote, in order."""

    paths: list[Path] = field(default_factory=list)


def build_run(plan: Plan, answers: Answers) -> Run:
    """Resolve, compose and report (pure work, no files)."""
    res = resolve(plan, answers)
    arch = compose(res)
    digest = answers_hash(plan, answers)
    report = build_report(res, arch, __version__, digest)
    what = f"blueprint {plan.blueprint.id}" if plan.blueprint else "decisions " + ",".join(plan.tree_ids())
    comment = f"archwiz {__version__}; {what}; answers {digest}"
    return Run(plan, answers, res, arch, report, comment)


def render_all(run: Run, out_dir: Path, formats: list[str], progress: Progress | None = None) -> Written:
    """Write the rationale, JSON, answers and the requested diagram formats.

    Text outputs are written first, so a missing or failing `dot` still leaves them. Raises
    PartialOutput (exit 3) when the images could not be made.
    """
    say = progress or (lambda _msg: None)
    written = Written()

    def write(name: str, text: str) -> None:
        path = out_dir / name
        atomic.write_text(path, text)
        written.paths.append(path)

    dot_text = diagram.dot_source(run.architecture, run.comment)
    mmd = mermaid(run.architecture, run.comment)
    say("writing the rationale")
    write("RATIONALE.md", rationale(run.report, mmd if run.architecture.nodes else None))
    write("result.json", result_json(run.report))
    write("answers.yaml", dump_answers(run.plan, run.answers))
    images = [f for f in formats if f in diagram.IMAGE_FORMATS]
    dot_missing = bool(images) and diagram.find_dot() is None
    if "dot" in formats or dot_missing:
        write("architecture.dot", dot_text)
    if "mmd" in formats or dot_missing:
        write("architecture.mmd", mmd)
    if not images:
        return written
    if dot_missing:
        raise PartialOutput(
            "Graphviz `dot` was not found, so " + ", ".join(f"architecture.{f}" for f in images) + " were not written",
            written=[str(p) for p in written.paths],
            hint=diagram.INSTALL_HINT + "; the DOT and Mermaid sources were written instead",
        )
    say("drawing the diagram with Graphviz")
    try:
        blobs = diagram.render_images(dot_text, images)
    except RenderError as exc:
        raise PartialOutput(exc.message, written=[str(p) for p in written.paths], hint=exc.hint) from exc
    for fmt in images:
        path = out_dir / f"architecture.{fmt}"
        atomic.write_bytes(path, blobs[fmt])
        written.paths.append(path)
    return written
