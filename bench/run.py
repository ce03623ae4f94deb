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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
RUNS = 9


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def render_vs_dot() -> dict[str, float]:
    dot = shutil.which("dot")
    if dot is None:
        print("skipping render benchmark: Graphviz `dot` is not installed", file=sys.stderr)
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render = [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", str(out), "--format", "png,dot"]
        subprocess.run(render, check=True, capture_output=True)
        dot_cmd = [dot, "-Tpng", "-o", str(out / "again.png"), str(out / "architecture.dot")]
        pairs = [(timed(render), timed(dot_cmd)) for _ in range(RUNS)]
    archwiz_s = statistics.median(p[0] for p in pairs)
    dot_s = statistics.median(p[1] for p in pairs)
    return {"render_png_s": archwiz_s, "dot_png_s": dot_s, "ratio": archwiz_s / dot_s}


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


def tui() -> dict[str, float]:
    """Start-up to first question and key-to-paint, against a trivial Textual app, same run."""
    probe = ROOT / "bench" / "tui_probe.py"

    def run(*extra: str) -> dict[str, float]:
        proc = subprocess.run([sys.executable, str(probe), *extra], capture_output=True, text=True, check=True, cwd=ROOT)
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

    ours = [run() for _ in range(5)]
    base = [run("--baseline") for _ in range(5)]
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    return {
        "first_question_s": med(ours, "first_screen_s"),
        "trivial_first_screen_s": med(base, "first_screen_s"),
        "step_s": med(ours, "step_median_s"),
        "trivial_step_s": med(base, "step_median_s"),
    }


def main() -> None:
    render = render_vs_dot()
    formats = formats_ratio()
    batch = batch_vs_dot()
    decide = decide_all()
    tui_numbers = tui()
    mcp = mcp_calls()
    report = {
        "render": render,
        "formats": formats,
        "batch": batch,
        "decide_ms_with_counterfactuals": decide,
        "tui": tui_numbers,
        "mcp": mcp,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    if render:
        print(
            f"render --format png: {render['render_png_s'] * 1000:.0f} ms end to end; "
            f"dot -Tpng alone: {render['dot_png_s'] * 1000:.0f} ms; ratio {render['ratio']:.2f} (median of {RUNS})"
        )
    if formats:
        print(
            f"render --format png,svg,pdf: {formats['three_formats_s'] * 1000:.0f} ms; --format png: {formats['png_s'] * 1000:.0f} ms; "
            f"ratio {formats['ratio']:.2f} (target <= 1.2, median of {RUNS})"
        )
    if batch:
        print(
            f"render {BATCH_SIZE} answers files in one process: {batch['batch_s'] * 1000:.0f} ms; "
            f"{BATCH_SIZE} bare dot -Tpng one after another: {batch['dots_s'] * 1000:.0f} ms; "
            f"ratio {batch['ratio']:.2f} (target <= 1.1, never above 1.3; median of {batch['runs']:.0f})"
        )
    t = tui_numbers
    print(
        f"tui: first question {t['first_question_s'] * 1000:.0f} ms after process start "
        f"(trivial Textual app: {t['trivial_first_screen_s'] * 1000:.0f} ms); "
        f"key to next question painted {t['step_s'] * 1000:.0f} ms "
        f"(trivial app, same pilot steps: {t['trivial_step_s'] * 1000:.0f} ms; "
        f"archwiz's own share {max(0.0, t['step_s'] - t['trivial_step_s']) * 1000:.0f} ms)"
    )
    for name in ("questions", "decide"):
        print(
            f"mcp {name}: {mcp[f'{name}_call_ms']:.1f} ms per tool call, {mcp[f'{name}_direct_ms']:.1f} ms direct; "
            f"ratio {mcp[f'{name}_ratio']:.2f} (list_trees {mcp['list_trees_call_ms']:.1f} ms, median of {RUNS})"
        )
    for tree_id, ms in decide.items():
        print(f"decide {tree_id:<16} {ms:7.1f} ms (with counterfactuals, median of {RUNS})")


if __name__ == "__main__":
    main()
