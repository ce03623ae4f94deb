"""The `archwiz` command line: thin; parses arguments and calls io, core and render.

Results go to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 input problem, 2 usage,
3 partial output, 130 interrupted. Textual is imported only by the interactive commands.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer

from wizard import __version__
from wizard.errors import Problem, UsageError, WizardError

app = typer.Typer(
    name="archwiz",
    help="Architecture decision wizard for AWS: answer questions, get a cited architecture.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    suggest_commands=False,  # click already says "Did you mean"; Typer would say it twice
    context_settings={"help_option_names": ["-h", "--help"]},
)

TreesOpt = Annotated[
    list[Path] | None,
    typer.Option("--trees", help="Extra folder of trees and blueprints (repeatable); also $ARCHWIZ_TREES.", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Answer a question: q=value or tree.q=value (repeatable).", show_default=False),
]


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _catalog(trees: list[Path] | None, *, say_shadowed: bool = True) -> Any:
    from wizard.io.content import load_catalog

    catalog = load_catalog(trees)
    if say_shadowed:
        # A user file that quietly replaces a bundled tree would change every answer unseen.
        _warn(catalog.shadowed)
    return catalog


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _warn(problems: list[Problem]) -> None:
    for problem in problems:
        _err(problem.render())


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    resume: Annotated[Path | None, typer.Option("--resume", help="Resume the interview from a saved answers file.")] = None,
) -> None:
    """Architecture decision wizard for AWS.

    Run `archwiz` alone for the interactive interview, or `archwiz render ANSWERS.yaml --out DIR`
    to go from an answers file straight to a diagram and a rationale.
    """
    if version:
        typer.echo(f"archwiz {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        _interactive(None, resume, None)


def _interactive(blueprint: str | None, resume: Path | None, trees: list[Path] | None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the interactive interview needs a terminal",
            hint="use `archwiz render ANSWERS.yaml --out DIR` for a non-interactive run, or `archwiz --help`",
        )
    from wizard.tui.app import run_app

    run_app(blueprint=blueprint, resume=resume, trees=trees)


@app.command()
def interview(
    blueprint: Annotated[str | None, typer.Option("--blueprint", "-b", help="Start with this blueprint.")] = None,
    resume: Annotated[Path | None, typer.Option("--resume", help="Resume from an answers file.")] = None,
    trees: TreesOpt = None,
) -> None:
    """Open the full-screen interview.

    Example: archwiz interview --blueprint web_three_tier
    """
    _interactive(blueprint, resume, trees)


@app.command()
def render(
    answers_files: Annotated[
        list[Path], typer.Argument(help="Answers file(s) (YAML), or folders of them: several give a folder each.", show_default=False)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if missing).")] = Path("out"),
    format: Annotated[str, typer.Option("--format", "-f", help="Diagram formats, comma-separated: png,svg,pdf,dot,mmd.")] = "png",
    set_: SetOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out that archwiz did not write.")] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Parallel `dot` runs when rendering several files (default: the cores).")
    ] = None,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Render an answers file: diagram, RATIONALE.md, result.json and answers.yaml.

    Several files (or a folder of them) are rendered into one folder each, OUT/<file name>/,
    with a summary table at the end; the exit code is 1 if any of them failed.

    Example: archwiz render examples/web_three_tier/answers.yaml --out out/ --format png,svg

    Example: archwiz render designs/ --out out/ -j 2
    """
    from wizard.io.answers_file import answers_from
    from wizard.io.overrides import parse_sets
    from wizard.io.yaml_loader import load_file
    from wizard.render.pipeline import ALL_FORMATS, render_all

    formats = list(dict.fromkeys(f.strip().lower().lstrip(".") for f in format.split(",") if f.strip()))
    wrong = [f for f in formats if f not in ALL_FORMATS]
    if wrong or not formats:
        raise UsageError(f"unknown format {', '.join(wrong) or '(none)'}", hint=f"valid formats: {', '.join(ALL_FORMATS)}")
    try:
        not_a_folder = out.exists() and not out.is_dir()
    except OSError:
        from wizard.io.manifest import check_targets

        check_targets(out, [], force=False)  # says which path (a name over 255 characters...)
        raise
    if not_a_folder:
        raise UsageError(f"--out {out} exists and is not a folder", hint="give a folder path")
    catalog = _catalog(trees)
    overrides = parse_sets(set_ or [], None)

    def load(path: Path) -> Any:
        return answers_from(load_file(path, "answers file"), catalog, overrides)

    if len(answers_files) > 1 or answers_files[0].is_dir():
        _render_batch(answers_files, load, out, formats, jobs, force, as_json)
        return
    loaded = load(answers_files[0])
    _warn(loaded.warnings)
    progress = None if as_json else _progress
    try:
        run, written = render_all(loaded.plan, loaded.answers, out, formats, progress, force=force)
    except KeyboardInterrupt:
        # The new set is only swapped in complete, so an interrupted render changed nothing.
        _err(f"archwiz: stopped before the outputs were swapped in; {out} keeps what it held before")
        raise
    if written.partial is None:
        _warn_stale(out, written.paths)
    _emit_written(written.paths, run, as_json)
    if written.partial is not None:
        raise written.partial


def _render_batch(inputs: list[Path], load: Any, out: Path, formats: list[str], jobs: int | None, force: bool, as_json: bool) -> None:
    """Several answers files: a folder each under --out, a summary at the end, exit 1 if any failed."""
    import time

    from wizard.render.batch import answers_files, plan_items, render_batch
    from wizard.render.batch_view import BatchProgress, print_summary, summary_data, wants_progress

    items = plan_items(answers_files(inputs), out)  # a stem clash is refused before anything renders
    start = time.perf_counter()
    with BatchProgress(len(items), live=wants_progress() and not as_json) as progress:
        try:
            render_batch(items, load, formats, jobs=jobs or os.cpu_count() or 1, force=force, on_done=progress.done)
        except KeyboardInterrupt:
            progress.note(f"archwiz: stopped; every folder under {out} keeps what it held before or is complete")
            raise
    if as_json:
        _print_json(summary_data(items))
    else:
        print_summary(items, out, time.perf_counter() - start)
    if not all(item.ok for item in items):
        raise typer.Exit(1)


def _progress(message: str) -> None:
    """A progress line on stderr; a full or closed stderr must not stop the render itself."""
    with contextlib.suppress(OSError):
        _err(f"archwiz: {message}")


def _warn_stale(out: Path, paths: list[Path]) -> None:
    from wizard.io.manifest import stale_warning

    warning = stale_warning(out, paths)
    if warning:
        _err(warning)


def _emit_written(paths: list[Path], run: Any, as_json: bool) -> None:
    if as_json:
        _print_json({"written": [str(p) for p in paths], "picks": {d.tree: d.pick for d in run.resolution.decisions.values()}})
        return
    for path in paths:
        typer.echo(str(path))
    from wizard.render.text import terminal_safe

    for check in run.architecture.checks:
        _err(terminal_safe(f"{check.level}: {check.text}"))


@app.command()
def decide(
    tree: Annotated[str, typer.Argument(help="Tree id (see `archwiz trees`).", show_default=False)],
    answers: Annotated[Path | None, typer.Option("--answers", "-a", help="Answers file to read.")] = None,
    set_: SetOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every rule evaluated in order.")] = False,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Decide one tree and print the pick, why-nots and what would change it.

    Example: archwiz decide database --set data_model=relational --set workload.availability=multi_region
    """
    from wizard.render.text import chain_text, explain_text

    target, res = _resolve_one(tree, answers, set_, trees)
    if as_json:
        from wizard.render.json_out import decision_data

        _print_json(decision_data(res, tree))
    elif explain:
        typer.echo(explain_text(target, res))
    else:
        typer.echo(chain_text(res, tree))


@app.command()
def explain(
    tree: Annotated[str, typer.Argument(help="Tree id (see `archwiz trees`).", show_default=False)],
    answers: Annotated[Path | None, typer.Option("--answers", "-a", help="Answers file to read.")] = None,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Show the full reasoning of one decision: every rule in order, why-not, what would change it.

    Example: archwiz explain load_balancer --answers examples/web_three_tier/answers.yaml
    """
    if not as_json:
        decide(tree, answers, set_, True, False, trees)
        return
    from wizard.render.json_out import explanation_data

    _print_json(explanation_data(*_resolve_one(tree, answers, set_, trees)))


def _resolve_one(tree: str, answers: Path | None, set_: list[str] | None, trees: list[Path] | None) -> tuple[Any, Any]:
    """The tree and its resolution for `decide` and `explain` (a profile tree is not a decision)."""
    from wizard.core.engine import plan_for_decisions, resolve
    from wizard.io.answers_file import require_sound

    catalog = _catalog(trees)
    target = catalog.tree(tree)
    if target.profile:
        raise UsageError(f"{tree!r} is a profile of shared facts, not a decision", hint="pick a decision tree from `archwiz trees`")
    plan = plan_for_decisions([tree], catalog.trees)
    require_sound(plan, catalog)
    return target, resolve(plan, _given_for(plan, tree, answers, set_))


@app.command()
def show(
    tree: Annotated[str, typer.Argument(help="Tree id (see `archwiz trees`).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file: .svg, .png, .pdf, .dot or .mmd.")] = Path("tree.svg"),
    answers: Annotated[Path | None, typer.Option("--answers", "-a", help="Answers file: highlight the path and the pick.")] = None,
    set_: SetOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file even if archwiz did not write it.")] = False,
    trees: TreesOpt = None,
) -> None:
    """Draw a tree as a decision diagram; with answers, the path, the pick and the exclusions.

    Example: archwiz show database --answers my.yaml -o database.svg
    """
    from wizard import __version__
    from wizard.core.engine import plan_for_decisions, resolve
    from wizard.render import diagram
    from wizard.render.tree_diagram import tree_dot, tree_mermaid

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf", "dot", "mmd"):
        raise UsageError(f"cannot tell the format of {output}", hint="end the name with .svg, .png, .pdf, .dot or .mmd")
    catalog = _catalog(trees)
    target = catalog.tree(tree)
    res = None
    if answers is not None or set_:
        plan = plan_for_decisions([tree], catalog.trees)
        res = resolve(plan, _given_for(plan, tree, answers, set_), counterfactuals=False)
    comment = f"archwiz {__version__}; tree {tree} v{target.version}"
    from wizard.io.output_set import OutputSet

    with OutputSet(output.parent, [output.name], force=force) as outputs:
        if fmt == "mmd":
            outputs.add_text(output.name, tree_mermaid(target, res, comment))
        elif fmt == "dot":
            outputs.add_text(output.name, tree_dot(target, res, comment))
        else:
            blobs = diagram.ImageJob(tree_dot(target, res, comment), [fmt]).finish()
            outputs.add_bytes(output.name, blobs[fmt])
        outputs.commit()
    typer.echo(str(output))


def _given_for(plan: Any, tree: str, answers: Path | None, set_: list[str] | None) -> dict[str, dict[str, Any]]:
    """Answers for single-tree commands: a file's answers for the plan's trees, then --set."""
    from wizard.core.answers import check_answers
    from wizard.errors import AnswersError
    from wizard.io.overrides import parse_sets
    from wizard.io.yaml_loader import load_file

    given: dict[str, dict[str, Any]] = {}
    located = None
    if answers is not None:
        located = load_file(answers, "answers file")
        data = located.data
        if isinstance(data, dict) and isinstance(data.get("answers"), dict):
            given = {k: dict(v) for k, v in data["answers"].items() if k in plan.tree_ids() and isinstance(v, dict)}
    overrides = parse_sets(set_ or [], tree)
    for tree_id, values in overrides.items():
        given.setdefault(tree_id, {}).update(values)
    clean, problems = check_answers(plan, given)
    errors = [p for p in problems if p.level == "error" and not p.missing]
    if located is not None:
        # Problems in the file get its name and line; those from --set say so.
        def place(p: Problem) -> Problem:
            tree_id, _, qid = (p.key or "").removeprefix("answers.").partition(".")
            if qid and qid in overrides.get(tree_id, {}):
                return Problem(message=p.message, key=f"--set {tree_id}.{qid}", hint=p.hint, level=p.level)
            return located.problem(p.key or "", p.message, p.hint, p.level)

        errors = [place(p) for p in errors]
    if errors:
        raise AnswersError(
            f"{len(errors)} problem(s) in the answers",
            problems=errors,
            hint=f"`archwiz questions {tree}` lists every question and its valid values",
        )
    return clean


@app.command()
def study(
    tree_ids: Annotated[
        list[str] | None, typer.Argument(metavar="[TREE]...", help="Trees to practise (default: every decision).", show_default=False)
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=500, help="Situations in the session.")] = 10,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed: the same seed gives the same session.", show_default=False)] = None,
    notes: Annotated[Path | None, typer.Option("--notes", help="Seeds folder: show the cited lines themselves.")] = None,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Practise decisions: pick the right service for a situation, then read why.

    Answers are read from standard input (a, b, c, d or 1-4, one per line). Missed situations
    come back sooner in later sessions. --json prints the situations and answers for a sheet.

    Example: archwiz study database compute --count 5 --seed 7
    """
    import random

    from wizard.core import study as core_study
    from wizard.io import study_record

    catalog = _catalog(trees)
    chosen = list(dict.fromkeys(tree_ids or [t for t in sorted(catalog.trees) if not catalog.trees[t].profile]))
    for tid in chosen:
        if catalog.tree(tid).profile:
            raise UsageError(f"{tid!r} is a profile of shared facts, not a decision", hint="pick decision trees from `archwiz trees`")
    if notes is not None and not notes.is_dir():
        raise UsageError(f"--notes {notes} is not a folder", hint="give the folder of the seed files (NNN_*.txt)")
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    if as_json:
        situations = core_study.session(chosen, catalog.trees, count, seed)
        data = []
        for s in situations:
            item = {**s.as_dict(), "letter": s.letter()}
            if notes is not None:
                item["quotes"] = {c: study_record.cited_lines(notes, c) for c in s.citations}
            data.append(item)
        _print_json({"seed": seed, "count": len(situations), "situations": data})
        return
    reader = _answer_reader()
    record = study_record.load()
    situations = core_study.session(chosen, catalog.trees, count, seed, record.due())
    if not situations:
        raise UsageError("no situation could be made from these trees", hint="a tree needs at least two candidates that can lose")
    results: list[tuple[Any, str | None]] = []
    from wizard.render.text import terminal_safe

    for number, situation in enumerate(situations, 1):
        typer.echo(terminal_safe(_situation_text(situation, number, len(situations))))
        chosen_option = None
        while chosen_option is None:
            reply = reader(f"Your answer (a-{core_study.LETTERS[len(situation.options) - 1]}): ")
            if reply is None:
                if results:
                    record.finish()
                    study_record.save(record)
                raise UsageError(
                    f"standard input ended after {len(results)} of {len(situations)} answers",
                    hint=f"give one answer per situation (a-d or 1-4), or `--json` for a sheet; --seed {seed} repeats this session",
                )
            chosen_option = situation.option_of(reply)
            if chosen_option is None:
                _err(f"{reply.strip()!r} is not one of the options: type a letter a-d or a number 1-4")
        results.append((situation, chosen_option.candidate))
        record.answered(situation.key, chosen_option.correct)
        study_record.save(record)
        typer.echo(terminal_safe(_feedback_text(situation, chosen_option.candidate, notes)))
    record.finish()
    study_record.save(record)
    typer.echo(terminal_safe(_summary_text(core_study.summarise(results), seed)))


def _answer_reader() -> Any:
    """A function that reads one answer line (None at the end of input); refuse an empty, silent stdin."""
    stream = sys.stdin
    hint = "run it in a terminal, pipe answers (a-d or 1-4, one per line), or use --json for a sheet"
    pending: list[str] = []  # the first line, read early to tell piped answers from none
    if stream is None:
        raise UsageError("archwiz study needs answers on standard input, and it is closed", hint=hint)
    if not stream.isatty():
        import select

        try:
            ready, _, _ = select.select([stream], [], [], 2.0)
        except (OSError, ValueError, io_unsupported()):
            ready = [stream]  # not a real file (a test's buffer): read it as it is
        first = stream.readline() if ready else ""
        if not first:
            raise UsageError("no terminal and no answers on standard input", hint=hint)
        pending.append(first)

    def read(prompt: str) -> str | None:
        typer.echo(prompt, nl=False)
        line = pending.pop() if pending else stream.readline()
        if not line:
            typer.echo("")
            return None
        if not stream.isatty():
            typer.echo(line.rstrip("\n"))
        return line

    return read


def io_unsupported() -> type[Exception]:
    """The error a stream without a file descriptor raises."""
    import io

    return io.UnsupportedOperation


def _situation_text(situation: Any, number: int, total: int) -> str:
    import textwrap

    from wizard.core.study import LETTERS

    lines = [f"\nSituation {number} of {total} ({situation.tree})", textwrap.fill(situation.text, 96), "", situation.prompt]
    lines += [f"  {LETTERS[i]}) {o.label}" for i, o in enumerate(situation.options)]
    return "\n".join(lines)


def _feedback_text(situation: Any, chosen: str, notes: Path | None) -> str:
    import textwrap

    from wizard.core.study import LETTERS
    from wizard.io.study_record import cited_lines

    right = chosen == situation.answer
    head = f"Right: {situation.answer_label}." if right else f"Wrong: the answer is {situation.letter()}) {situation.answer_label}."
    lines = [head, textwrap.fill(f"Why it fits: {situation.why} [{', '.join(situation.cite)}]", 96, subsequent_indent="  ")]
    lines.append("Why the others lose:")
    for i, option in enumerate(situation.options):
        if not option.correct:
            mark = " (your answer)" if option.candidate == chosen else ""
            text = f"  {LETTERS[i]}) {option.label}{mark}: {option.why} [{', '.join(option.cite)}]"
            lines.append(textwrap.fill(text, 96, subsequent_indent="     "))
    if situation.changes:
        flip = situation.changes[0]
        change = f"What would change it: if the answer to {flip.question!r} were {flip.value_label}: {flip.pick_label}"
        lines.append(textwrap.fill(change, 96))
    lines.append(f"Citations: {', '.join(situation.citations)}")
    if notes is not None:
        for cite in situation.citations:
            quoted = cited_lines(notes, cite)
            if quoted:
                lines.append(f"  {cite}:")
                lines += [f"    | {line}" for line in quoted]
    return "\n".join(lines)


def _summary_text(summary: Any, seed: int) -> str:
    lines = [f"\nScore: {summary.right} of {summary.total}"]
    lines += [f"  {t.tree:<24} {t.right}/{t.total}  {t.title}" for t in summary.trees]
    if summary.revisit:
        lines.append("Topics to revisit:")
        lines += [f"  - {topic}" for topic in summary.revisit]
    lines.append(f"(--seed {seed} repeats this session; missed situations come back first next time)")
    return "\n".join(lines)


@app.command()
def coverage(
    digests: Annotated[Path | None, typer.Option("--digests", help="Folder of NNN-digest.md files (default: ../shared/notes).")] = None,
    uncovered: Annotated[bool, typer.Option("--uncovered", help="List only the topics no tree cites.")] = False,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Show which trees cite each digest topic and each seed, and the share of topics covered.

    Example: archwiz coverage --uncovered
    """
    from wizard.io.coverage import coverage as compute
    from wizard.io.resources import trees_dir

    folder = digests or trees_dir().parent.parent / "shared" / "notes"
    if not folder.is_dir():
        raise UsageError(f"no digest folder at {folder}", hint="pass --digests DIR (the folder with NNN-digest.md files)")
    result = compute(_catalog(trees).trees, folder)
    if as_json:
        _print_json(
            {
                "share": result.share(),
                "topics": [{"seed": t.seed, "topic": t.number, "title": t.title, "trees": sorted(t.trees)} for t in result.topics],
                "seeds": result.seeds,
            }
        )
        return
    typer.echo(f"{'seed §topic':<9} {'digest topic':<70}  trees citing it")
    for topic in result.topics:
        if uncovered and topic.trees:
            continue
        cited = ", ".join(sorted(topic.trees)) or "-"
        typer.echo(f"{topic.seed} §{topic.number:<3} {topic.title[:70]:<70}  {cited}")
    typer.echo("")
    for seed, counts in sorted(result.seeds.items()):
        typer.echo(f"seed {seed}: " + ", ".join(f"{t} ({n})" for t, n in sorted(counts.items())))
    covered = sum(1 for t in result.topics if t.trees)
    typer.echo(f"\n{covered} of {len(result.topics)} digest topics cited by at least one tree ({result.share():.0%})")


@app.command()
def questions(
    item: Annotated[str, typer.Argument(help="Blueprint or tree id.", show_default=False)],
    trees: TreesOpt = None,
) -> None:
    """Print a commented answers skeleton listing every question, its options and help.

    Example: archwiz questions web_three_tier > my-answers.yaml
    """
    from wizard.core.engine import plan_for_blueprint, plan_for_decisions
    from wizard.io.skeleton import skeleton

    catalog = _catalog(trees)
    if item in catalog.blueprints:
        plan = plan_for_blueprint(catalog.blueprints[item], catalog.trees)
    elif item in catalog.trees:
        plan = plan_for_decisions([item], catalog.trees)
    else:
        from wizard.core.suggest import hint_for
        from wizard.errors import UnknownIdError

        raise UnknownIdError(
            f"there is no blueprint or tree {item!r}",
            hint=hint_for(item, sorted([*catalog.blueprints, *catalog.trees]), "blueprints and trees") + " (see `archwiz trees`)",
        )
    typer.echo(skeleton(plan), nl=False)


@app.command()
def validate(
    answers: Annotated[Path, typer.Argument(help="Answers file to check.", show_default=False)],
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Check an answers file and report every problem at once (exit 1 if any).

    Example: archwiz validate my-answers.yaml
    """
    from wizard.io.answers_file import load_answers

    catalog = _catalog(trees)
    try:
        loaded = load_answers(answers, catalog)
    except WizardError as exc:
        if as_json:
            _print_json(
                {
                    "valid": False,
                    "problems": [p.as_dict() for p in exc.problems] or [{"level": "error", "message": exc.message, "hint": exc.hint}],
                }
            )
            raise typer.Exit(exc.exit_code) from exc
        raise
    if as_json:
        _print_json({"valid": True, "problems": [p.as_dict() for p in loaded.warnings]})
        return
    _warn(loaded.warnings)
    count = sum(len(v) for v in loaded.answers.values())
    typer.echo(f"{answers}: valid ({count} answers, {len(loaded.warnings)} warning(s))")


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Tree or blueprint files or folders (default: all bundled content).", show_default=False)
    ] = None,
    notes: Annotated[
        Path | None, typer.Option("--notes", help="Seeds folder: check every citation names a real file and line range.")
    ] = None,
    max_age_days: Annotated[int, typer.Option("--max-age-days", help="Warn when last_reviewed is older than this.")] = 365,
    as_json: JsonOpt = False,
    trees: TreesOpt = None,
) -> None:
    """Check trees and blueprints: references, values, reachability, citations (exit 1 on errors).

    Example: archwiz lint --notes ../shared/seeds
    """
    from wizard.io.lint_files import lint_paths

    problems, counts = lint_paths(paths or [], trees, notes, max_age_days)
    errors = [p for p in problems if p.level == "error"]
    if as_json:
        _print_json({"ok": not errors, "checked": counts, "problems": [p.as_dict() for p in problems]})
    else:
        for problem in problems:
            typer.echo(problem.render())
        warnings = len(problems) - len(errors)
        _err(f"{counts['trees']} tree(s), {counts['blueprints']} blueprint(s): {len(errors)} error(s), {warnings} warning(s)")
    if errors:
        raise typer.Exit(1)


@app.command(name="trees")
def trees_cmd(as_json: JsonOpt = False, trees: TreesOpt = None) -> None:
    """List every decision tree and blueprint with its title and summary.

    Example: archwiz trees --json
    """
    catalog = _catalog(trees, say_shadowed=False)  # its problems include the same warnings
    _warn(catalog.problems)
    if as_json:
        from wizard.render.json_out import catalog_data

        _print_json(catalog_data(list(catalog.trees.values()), list(catalog.blueprints.values())))
        return
    typer.echo("Blueprints")
    for bp in sorted(catalog.blueprints.values(), key=lambda b: b.id):
        decides = ", ".join(t for t in bp.tree_ids() if t != "workload")
        typer.echo(f"  {bp.id:<24} {bp.title}\n  {'':<24} {bp.summary}\n  {'':<24} decides: {decides}")
    typer.echo("\nDecision trees")
    for tree in sorted(catalog.trees.values(), key=lambda t: t.id):
        size = "profile" if tree.profile else f"{len(tree.candidates)} options"
        typer.echo(f"  {tree.id:<24} {tree.title} (v{tree.version}, {len(tree.questions)} questions, {size})\n  {'':<24} {tree.summary}")


@app.command()
def mcp(
    out_root: Annotated[
        Path | None, typer.Option("--out-root", help="The one folder `render` may write in (default: in the user data folder).")
    ] = None,
    notes: Annotated[Path | None, typer.Option("--notes", help="Seeds folder: serve the text of each citation's lines.")] = None,
    trees: TreesOpt = None,
) -> None:
    """Serve archwiz to AI assistants over the Model Context Protocol (stdio).

    Example: archwiz mcp --out-root ~/archwiz-renders --notes ../shared/seeds
    """
    if notes is not None and not notes.is_dir():
        raise UsageError(f"--notes {notes} is not a folder", hint="pass the folder that holds the seed .txt files")
    if out_root is not None and out_root.exists() and not out_root.is_dir():
        raise UsageError(f"--out-root {out_root} exists and is not a folder", hint="give a folder path")
    from wizard.mcp.server import serve

    serve(out_root, notes, trees)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="tree, blueprint or answers.", show_default=False)],
    write: Annotated[bool, typer.Option("--write", help="Also update the committed copy in wizard/schemas/.")] = False,
    trees: TreesOpt = None,
) -> None:
    """Print the JSON Schema of trees, blueprints or answers files (answers: every question and value).

    Example: archwiz schema answers > answers.schema.json
    """
    from wizard.io import atomic
    from wizard.io.schemas import schema_path, schema_text

    text = schema_text(kind, _catalog(trees) if kind == "answers" else None)
    if write:
        atomic.write_text(schema_path(kind), text)
        _err(f"wrote {schema_path(kind)}")
    typer.echo(text, nl=False)


def _stream_failed(exc: OSError) -> NoReturn:
    """Say once, on stderr if it still works, that the output could not be written; exit 1."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"archwiz: could not write the output: {exc.strerror or exc}\n")
        sys.stderr.flush()
    os._exit(1)  # no further flushing of streams that are known to be broken


def _terminate(_signum: int, _frame: object) -> None:
    # SIGTERM and SIGHUP unwind like Ctrl+C, so temporary files and the `dot` child are cleaned up.
    raise KeyboardInterrupt


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run, when the first argument names one.

    Typer turns every registered command's signature into click parameters on each call
    (about 2.5 ms a command); a run needs only its own. Anything else (no command, an option
    first, a mistyped name) gets the whole app, so root help and "no such command" see all.
    """
    name = args[0] if args else None
    chosen = [c for c in app.registered_commands if _command_name(c) == name]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _command_name(info: typer.models.CommandInfo) -> str | None:
    if info.name:
        return info.name
    return info.callback.__name__.replace("_", "-") if info.callback else None


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the command, print errors without tracebacks, exit with the right code."""
    command = typer.main.get_command(_app_for(sys.argv[1:] if argv is None else argv))
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _terminate)  # a closed terminal stops `dot` and cleans up too
    if sys.stdout is None:  # started with stdout closed (`>&-`): results would vanish silently
        _stream_failed(OSError(9, "standard output is closed"))
    try:
        code = command.main(args=argv, prog_name="archwiz", standalone_mode=False)
        if code == 130:
            _err("interrupted")  # Typer returns 130 for Ctrl+C without saying so
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk or closed pipe shows here, not at interpreter exit
        sys.exit(code if isinstance(code, int) else 0)
    except OSError as exc:
        # Files are handled (and reported with their names) inside the commands; what reaches
        # here is a standard stream that cannot be written: a full device, a closed pipe, EIO.
        _stream_failed(exc)
    except WizardError as exc:
        _err(exc.render())
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _err("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        # Click's usage errors (bad flag, missing argument) carry exit code 2 and a context.
        _err(f"error: {exc.format_message()}")
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            _err(f"  hint: run `{ctx.command_path} --help` for usage")
        sys.exit(exc.exit_code)
