"""`make bench`: speed measurements reported as ratios taken in one run (never asserted).

1. `archwiz render --format png` on the example, end to end in a new process, against
   `dot -Tpng` on the DOT source it wrote: the ratio says how much archwiz adds to Graphviz.
2. `decide` with counterfactuals, for every tree, in process: median milliseconds per call.
3. `render --format png,svg,pdf` against `render --format png` (one layout, several outputs), and
   a batch of 20 answers files in one process against 20 bare `dot -Tpng` runs one after another.
4. MCP tool calls once the server runs (in-process client, no network), against the same work
   called directly on the service and against the smallest tool (`list_trees`): the ratios say what MCP adds.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
RUNS = 9


# A user's Python keeps compiled bytecode; a shell with PYTHONDONTWRITEBYTECODE=1 would make every
# run recompile archwiz from source and measure the compiler instead.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def decide_process() -> dict[str, float]:
    """`archwiz decide` as a new process against `python -c "import yaml, pydantic"`, same run."""
    decide = [sys.executable, "-m", "wizard", "decide", "database", "--set", "data_model=relational"]
    baseline = [sys.executable, "-c", "import yaml, pydantic"]
    version = [sys.executable, "-m", "wizard", "--version"]
    floor = [sys.executable, "-c", CLI_STACK]
    timed(decide)  # warm: bytecode and the parse cache are written by the first run
    rows = [(timed(decide), timed(baseline), timed(version), timed(floor)) for _ in range(RUNS)]
    decide_s = statistics.median(r[0] for r in rows)
    base_s = statistics.median(r[1] for r in rows)
    version_s = statistics.median(r[2] for r in rows)
    floor_s = statistics.median(r[3] for r in rows)
    return {
        "decide_s": decide_s,
        "import_yaml_pydantic_s": base_s,
        "version_s": version_s,
        "ratio": decide_s / base_s,
        "stack_floor_s": floor_s,
        "stack_floor_ratio": floor_s / base_s,
    }


CLI_STACK = "import typer, yaml\nfrom pydantic import BaseModel, Field\nclass M(BaseModel):\n    x: int = Field(0)"
"""What any CLI on the stack DESIGN.md names pays before it reads a tree: Typer, PyYAML and one
pydantic model (`import pydantic` alone is lazy; the first model with a field loads the rest)."""

RENDER_STACK = CLI_STACK + "\nimport diagrams"
"""The same, plus the library that writes the DOT: paid before `dot` can start."""


def render_vs_dot() -> dict[str, float]:
    dot = shutil.which("dot")
    if dot is None:
        print("skipping render benchmark: Graphviz `dot` is not installed", file=sys.stderr)
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render = [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", str(out), "--format", "png,dot"]
        subprocess.run(render, check=True, capture_output=True, env=ENV)
        dot_cmd = [dot, "-Tpng", "-o", str(out / "again.png"), str(out / "architecture.dot")]
        imports = [sys.executable, "-c", RENDER_STACK]
        rows = [(timed(render), timed(dot_cmd), timed(imports)) for _ in range(RUNS)]
    archwiz_s = statistics.median(r[0] for r in rows)
    dot_s = statistics.median(r[1] for r in rows)
    # The least a render on this stack can take: its imports, then `dot` (which needs the DOT).
    floor_s = statistics.median(r[2] for r in rows) + dot_s
    return {
        "render_png_s": archwiz_s,
        "dot_png_s": dot_s,
        "ratio": archwiz_s / dot_s,
        "stack_floor_s": floor_s,
        "stack_floor_ratio": floor_s / dot_s,
    }


def formats_ratio() -> dict[str, float]:
    """End to end, in new processes: three formats from one `dot` run against PNG alone."""
    if shutil.which("dot") is None:
        return {}
    with tempfile.TemporaryDirectory() as tmp:

        def cmd(formats: str, n: int) -> list[str]:
            return [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", f"{tmp}/{formats}-{n}", "--format", formats]

        pairs = [(timed(cmd("png,svg,pdf", n)), timed(cmd("png", n))) for n in range(RUNS)]
    three = statistics.median(p[0] for p in pairs)
    png = statistics.median(p[1] for p in pairs)
    return {"three_formats_s": three, "png_s": png, "ratio": three / png}


BATCH_SIZE = 20


def batch_vs_dot() -> dict[str, float]:
    """20 answers files (the examples' answers, copied round to 20) in one process vs 20 bare dots."""
    dot = shutil.which("dot")
    if dot is None:
        return {}
    sources = sorted((ROOT / "examples").glob("*/answers.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n in range(BATCH_SIZE):
            source = sources[n % len(sources)]
            shutil.copyfile(source, folder / f"{n:02d}_{source.parent.name}.yaml")
        # Once for the DOT sources the bare `dot` runs will lay out.
        subprocess.run(
            [sys.executable, "-m", "wizard", "render", str(folder), "--out", f"{tmp}/dots", "--format", "dot"],
            check=True,
            capture_output=True,
            env=ENV,
        )
        dots = sorted(Path(tmp, "dots").glob("*/architecture.dot"))

        def bare() -> float:
            start = time.perf_counter()
            for source in dots:
                subprocess.run([dot, "-Tpng", "-o", str(source.with_suffix(".again.png")), str(source)], check=True, capture_output=True)
            return time.perf_counter() - start

        runs = 3  # each side is 20 renders already
        pairs = [
            (timed([sys.executable, "-m", "wizard", "render", str(folder), "--out", f"{tmp}/batch{n}", "--format", "png"]), bare())
            for n in range(runs)
        ]
    batch = statistics.median(p[0] for p in pairs)
    dots_s = statistics.median(p[1] for p in pairs)
    return {"batch_s": batch, "dots_s": dots_s, "ratio": batch / dots_s, "runs": runs}


def decide_all() -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from wizard.core.engine import plan_for_decisions, resolve
    from wizard.io.answers_file import load_answers
    from wizard.io.content import load_catalog

    catalog = load_catalog()
    answers = load_answers(EXAMPLE, catalog).answers
    out: dict[str, float] = {}
    for tree_id, tree in sorted(catalog.trees.items()):
        if tree.profile:
            continue
        plan = plan_for_decisions([tree_id], catalog.trees)
        given = {t: answers.get(t, {}) for t in plan.tree_ids()}
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            resolve(plan, given)
            samples.append(time.perf_counter() - start)
        out[tree_id] = statistics.median(samples) * 1000
    return out


def mcp_calls() -> dict[str, float]:
    """Median ms per tool call through the SDK's client session, and the same work called directly."""
    import anyio
    import yaml

    sys.path.insert(0, str(ROOT))
    from mcp import Client

    from wizard.io.content import load_catalog
    from wizard.mcp.server import build
    from wizard.mcp.service import Service

    answers = yaml.safe_load(EXAMPLE.read_text())["answers"]
    service = Service(load_catalog(), Path(tempfile.mkdtemp(prefix="archwiz-bench-")))
    calls = {
        "questions": ("questions", {"tree_or_blueprint": "web_three_tier", "answers": answers}),
        "decide": ("decide", {"tree": "database", "answers": answers}),
    }
    direct = {"questions": lambda: service.questions("web_three_tier", answers), "decide": lambda: service.decide("database", answers)}
    out: dict[str, float] = {}

    async def main() -> None:
        async with Client(build(service)) as client:
            await client.call_tool("list_trees", {})  # warm: the first call builds validators
            samples = []
            for _ in range(RUNS):
                start = time.perf_counter()
                await client.call_tool("list_trees", {})
                samples.append(time.perf_counter() - start)
            out["list_trees_call_ms"] = statistics.median(samples) * 1000
            for name, (tool, args) in calls.items():
                samples = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    result = await client.call_tool(tool, args)
                    samples.append(time.perf_counter() - start)
                    assert not result.is_error
                out[f"{name}_call_ms"] = statistics.median(samples) * 1000

    anyio.run(main)
    for name, work in direct.items():
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
        out[f"{name}_direct_ms"] = statistics.median(samples) * 1000
        out[f"{name}_ratio"] = out[f"{name}_call_ms"] / out[f"{name}_direct_ms"]
    return out


def tui() -> dict[str, Any]:
    """Start-up to first question and key-to-paint, against a trivial Textual app, same run."""
    probe = ROOT / "bench" / "tui_probe.py"

    def run(*extra: str) -> dict[str, float]:
        proc = subprocess.run([sys.executable, str(probe), *extra], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV)
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

    largest = largest_blueprint()
    rows = [(run(), run("--baseline"), run("--floor"), run("--blueprint", largest)) for _ in range(5)]
    ours, base, floor, big = ([r[i] for r in rows] for i in range(4))
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    return {
        "first_question_s": med(ours, "first_screen_s"),
        "trivial_first_screen_s": med(base, "first_screen_s"),
        "floor_first_screen_s": med(floor, "first_screen_s"),
        "step_s": med(ours, "step_median_s"),
        "trivial_step_s": med(base, "step_median_s"),
        "largest_blueprint": largest,
        "largest_step_s": med(big, "step_median_s"),
    }


def largest_blueprint() -> str:
    """The bundled blueprint whose interview holds the most questions (ties: the first id)."""
    sys.path.insert(0, str(ROOT))
    from wizard.core.engine import plan_for_blueprint
    from wizard.io.content import load_catalog

    catalog = load_catalog()

    def size(blueprint_id: str) -> int:
        plan = plan_for_blueprint(catalog.blueprints[blueprint_id], catalog.trees)
        return sum(len(catalog.trees[t].questions) for t in plan.tree_ids())

    return max(sorted(catalog.blueprints), key=size)


def main() -> None:
    render = render_vs_dot()
    process = decide_process()
    formats = formats_ratio()
    batch = batch_vs_dot()
    decide = decide_all()
    tui_numbers = tui()
    mcp = mcp_calls()
    report = {
        "render": render,
        "decide_process": process,
        "formats": formats,
        "batch": batch,
        "decide_ms_with_counterfactuals": decide,
        "tui": tui_numbers,
        "mcp": mcp,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    for tree_id, ms in decide.items():
        print(f"decide {tree_id:<22} {ms:7.1f} ms in process (with counterfactuals, median of {RUNS})")
    print()
    table = summary_rows(render, process, formats, batch, tui_numbers, mcp)
    header = ("measure", "times", "target", "measured")
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(4)]
    for row in [header, *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"(medians of {RUNS} runs, the batch of 3, all in this one run: read the ratios, not absolute times)")


def summary_rows(
    render: dict[str, float],
    process: dict[str, float],
    formats: dict[str, float],
    batch: dict[str, float],
    t: dict[str, Any],
    mcp: dict[str, float],
) -> list[tuple[str, str, str, str]]:
    """One row per target of issue #17 (and the MCP call budget of #19): measure, times, target, result."""

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f}"

    rows: list[tuple[str, str, str, str]] = []
    if render:
        times = f"{ms(render['render_png_s'])} / {ms(render['dot_png_s'])} ms"
        rows.append(("render --format png / bare dot -Tpng", times, "<= 1.5 (never 2.0)", f"{render['ratio']:.2f}"))
        times = f"{ms(render['stack_floor_s'])} / {ms(render['dot_png_s'])} ms"
        rows.append(("  floor: its imports, then dot / same", times, "-", f"{render['stack_floor_ratio']:.2f}"))
    if formats:
        times = f"{ms(formats['three_formats_s'])} / {ms(formats['png_s'])} ms"
        rows.append(("render png,svg,pdf / render png", times, "<= 1.2", f"{formats['ratio']:.2f}"))
    times = f"{ms(process['decide_s'])} / {ms(process['import_yaml_pydantic_s'])} ms"
    rows.append(("decide as a process / import yaml, pydantic", times, "<= 2.0", f"{process['ratio']:.2f}"))
    times = f"{ms(process['stack_floor_s'])} / {ms(process['import_yaml_pydantic_s'])} ms"
    rows.append(("  floor: typer, yaml, one pydantic model / same", times, "-", f"{process['stack_floor_ratio']:.2f}"))
    if batch:
        times = f"{ms(batch['batch_s'])} / {ms(batch['dots_s'])} ms"
        rows.append(
            (f"render {BATCH_SIZE} files in one process / {BATCH_SIZE} bare dots", times, "<= 1.1 (never 1.3)", f"{batch['ratio']:.2f}")
        )
    times = f"{ms(t['first_question_s'])} / {ms(t['trivial_first_screen_s'])} ms"
    rows.append(("TUI first question / trivial Textual app", times, "<= 1.3", f"{t['first_question_s'] / t['trivial_first_screen_s']:.2f}"))
    times = f"{ms(t['floor_first_screen_s'])} / {ms(t['trivial_first_screen_s'])} ms"
    floor = t["floor_first_screen_s"] / t["trivial_first_screen_s"]
    rows.append(("  floor: trivial app after yaml, one model / same", times, "-", f"{floor:.2f}"))
    share = max(0.0, t["step_s"] - t["trivial_step_s"])
    times = f"{ms(t['step_s'])} - {ms(t['trivial_step_s'])} ms"
    rows.append(("TUI key to next question, archwiz's share", times, "<= 30 ms", f"{ms(share)} ms"))
    if "largest_step_s" in t:
        share = max(0.0, t["largest_step_s"] - t["trivial_step_s"])
        times = f"{ms(t['largest_step_s'])} - {ms(t['trivial_step_s'])} ms"
        rows.append((f"  the same on {t['largest_blueprint']} (largest)", times, "<= 30 ms", f"{ms(share)} ms"))
    for name in ("questions", "decide"):
        times = f"{mcp[f'{name}_call_ms']:.0f} ms (direct {mcp[f'{name}_direct_ms']:.0f} ms)"
        rows.append((f"MCP {name} tool call", times, "well under 100 ms", f"{mcp[f'{name}_call_ms']:.0f} ms"))
    rows.append(("archwiz --version as a process", f"{ms(process['version_s'])} ms", "-", "-"))
    return rows


if __name__ == "__main__":
    main()
