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
from wizard.io.answers_file import answers_hash, dump_answers
from wizard.io.output_set import OutputSet
from wizard.render import diagram
from wizard.render.mermaid import mermaid

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
    """The files a render wrote, in order, and why some could not be (exit 3), if so."""

    paths: list[Path] = field(default_factory=list)
    partial: PartialOutput | None = None


def _comment(plan: Plan, answers: Answers) -> str:
    what = f"blueprint {plan.blueprint.id}" if plan.blueprint else "decisions " + ",".join(plan.tree_ids())
    return f"archwiz {__version__}; {what}; answers {answers_hash(plan, answers)}"


def build_run(plan: Plan, answers: Answers) -> Run:
    """Resolve, compose and report (pure work, no files)."""
    res = resolve(plan, answers)
    arch = compose(res)
    report = build_report(res, arch, __version__, answers_hash(plan, answers))
    return Run(plan, answers, res, arch, report, _comment(plan, answers))


def output_names(formats: list[str]) -> list[str]:
    """Every file a render with these formats may write (fallback sources included)."""
    names = ["RATIONALE.md", "result.json", "answers.yaml"]
    images = [f for f in formats if f in diagram.IMAGE_FORMATS]
    extra = ["dot", "mmd"] if images else []
    names += [f"architecture.{f}" for f in dict.fromkeys([*formats, *extra])]
    return names


def _stage(
    plan: Plan, answers: Answers, formats: list[str], outputs: OutputSet, say: Progress, stop: diagram.StopAll | None
) -> tuple[Run, RenderError | None]:
    """Stage every output; a failing `dot` leaves the text outputs and the diagram sources staged."""
    images = [f for f in formats if f in diagram.IMAGE_FORMATS]
    comment = _comment(plan, answers)
    quick = compose(resolve(plan, answers, counterfactuals=False))
    dot_text = diagram.dot_source(quick, comment)
    job: diagram.ImageJob | None = None
    failure: RenderError | None = None
    if images:
        try:
            say("drawing the diagram with Graphviz")
            job = diagram.ImageJob(dot_text, images, stop=stop)
        except RenderError as exc:
            failure = exc
    try:
        # Imported only now: Jinja2 (~30 ms) is not needed to draw, so it loads while `dot` runs.
        from wizard.render.json_out import result_json
        from wizard.render.rationale import rationale

        run = build_run(plan, answers)
        mmd = mermaid(run.architecture, comment)
        say("writing the rationale")
        outputs.add_text("RATIONALE.md", rationale(run.report, mmd if run.architecture.nodes else None))
        outputs.add_text("result.json", result_json(run.report))
        outputs.add_text("answers.yaml", dump_answers(plan, answers))
        if "dot" in formats or failure is not None:
            outputs.add_text("architecture.dot", dot_text)
        if "mmd" in formats or failure is not None:
            outputs.add_text("architecture.mmd", mmd)
        if job is not None:
            job_now, job = job, None
            try:
                blobs = job_now.finish()
            except RenderError as exc:
                # The picture failed after the texts were staged: keep its sources instead.
                failure = exc
                outputs.add_text("architecture.dot", dot_text)
                outputs.add_text("architecture.mmd", mmd)
            else:
                for fmt in job_now.formats:
                    outputs.add_bytes(f"architecture.{fmt}", blobs[fmt])
    finally:
        if job is not None:
            job.cancel()
    return run, failure


def render_all(
    plan: Plan,
    answers: Answers,
    out_dir: Path,
    formats: list[str],
    progress: Progress | None = None,
    *,
    force: bool = False,
    stop: diagram.StopAll | None = None,
) -> tuple[Run, Written]:
    """Write the rationale, JSON, answers and the requested diagram formats.

    The picture needs only the picks, so `dot` starts first and rasterises while the
    counterfactuals and text outputs are computed. Text outputs are always written; a missing
    or failing `dot` is reported in `Written.partial` (exit 3), with the run, for the caller.
    `stop` lets a batch stop this render's `dot` from another thread (it then raises
    KeyboardInterrupt and nothing is committed).
    """
    say = progress or (lambda _msg: None)
    written = Written()
    with OutputSet(out_dir, output_names(formats), force=force) as outputs:
        run, failure = _stage(plan, answers, formats, outputs, say, stop)
        written.paths = outputs.commit()
    if failure is not None:
        images = [f for f in formats if f in diagram.IMAGE_FORMATS]
        missing = ", ".join(f"architecture.{f}" for f in images)
        hint = (failure.hint or "") + "; the DOT and Mermaid sources were written instead"
        written.partial = PartialOutput(
            f"{failure.message}, so {missing} {'was' if len(images) == 1 else 'were'} not written",
            written=[str(p) for p in written.paths],
            hint=hint,
        )
    return run, written
