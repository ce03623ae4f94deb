"""How `lint_tree` scales: generated trees of 1k, 10k and 100k questions, timed in process.

Run by hand (not a test): `.venv/bin/python bench/lint_scale.py [--sizes 1000,10000,100000]`.

Each tree has n questions (choices, booleans and numbers; about a third asked only when a random
earlier question has some answer), n/10 candidates, n/10 rules (prefer and exclude rules on one
or two random questions and one question of their own, then the default) and n/10 notes (half of
them read the pick). A quarter of the candidates has no prefer rule (so lint reports it). The
tree is built in memory, validated once, and `lint_tree` is timed (best of a few runs). The
target: the 10k-question tree lints in under 1 s, and time grows about linearly, so the ratios
10k/1k and 100k/10k are near 10.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wizard.core import conditions  # noqa: E402
from wizard.core.lint import LintContext, lint_tree  # noqa: E402
from wizard.core.model import Tree  # noqa: E402

CITE = "000 L1"
OPTIONS = ["low", "mid", "high"]


def _question(i: int, rng: random.Random, kinds: list[str]) -> dict[str, Any]:
    kind = rng.choices(["choice", "boolean", "number"], weights=[6, 3, 1])[0]
    kinds.append(kind)
    q: dict[str, Any] = {"id": f"q{i}", "ask": f"Question {i}?", "kind": kind}
    if kind == "choice":
        q["options"] = [{"id": o, "label": o.title()} for o in OPTIONS]
    elif kind == "number":
        q.update({"min": 0, "max": 1000})
    if i > 0 and rng.random() < 0.3:
        q["when"] = _comparison(rng.randrange(i), rng, kinds)
    return q


def _comparison(j: int, rng: random.Random, kinds: list[str]) -> dict[str, Any]:
    kind = kinds[j]
    if kind == "choice":
        value: Any = rng.choice(OPTIONS) if rng.random() < 0.7 else rng.sample(OPTIONS, 2)
    elif kind == "boolean":
        value = rng.random() < 0.5
    else:
        value = {rng.choice(["gt", "lt", "ge", "le"]): rng.randrange(1, 1000)}
    return {f"q{j}": value}


def _condition(n: int, rng: random.Random, kinds: list[str], private: int | None = None) -> dict[str, Any]:
    """One or two comparisons on random questions, and one on a question no other rule reads."""
    parts = [_comparison(rng.randrange(n), rng, kinds) for _ in range(rng.choice([1, 1, 2]))]
    if private is not None:
        parts.append(_comparison(private, rng, kinds))
    return parts[0] if len(parts) == 1 else {"all": parts}


def _rules(n: int, m: int, rng: random.Random, kinds: list[str]) -> list[dict[str, Any]]:
    """m rules: prefers for three quarters of the candidates, excludes, then the default.

    Each rule also reads a question of its own, so no rule is forced true by the others: the
    tree is mostly sound, like real content, and the timing measures the usual path.
    """
    private = rng.sample(range(n), m)
    rules: list[dict[str, Any]] = []
    for k in range(m - 1):
        when = _condition(n, rng, kinds, private[k])
        if k % 4 != 3:
            rules.append({"prefer": f"c{1 + k}", "when": when, "because": "Fits.", "cite": CITE})
        else:
            targets = sorted({f"c{1 + rng.randrange(m - 1)}" for _ in range(rng.choice([1, 2]))})
            rules.append({"exclude": targets, "when": when, "because": "Does not fit.", "cite": CITE})
    rules.append({"default": "c0", "because": "The safe choice.", "cite": CITE})
    return rules


def _notes(n: int, m: int, rng: random.Random, kinds: list[str]) -> list[dict[str, Any]]:
    notes = []
    for k in range(m):
        when = _condition(n, rng, kinds)
        if k % 2 == 0:
            when = {"all": [{"pick": f"c{rng.randrange(m)}"}, when]}
        notes.append({"when": when, "text": f"Note {k}.", "cite": CITE})
    return notes


def generate(n: int, seed: int = 7) -> Tree:
    """A tree of n questions, n/10 candidates, n/10 rules and n/10 notes."""
    rng = random.Random(f"lint-scale:{n}:{seed}")
    kinds: list[str] = []
    questions = [_question(i, rng, kinds) for i in range(n)]
    m = max(2, n // 10)
    data = {
        "id": "scale",
        "title": "Scale",
        "version": 1,
        "last_reviewed": "2026-12-01",
        "summary": "Generated.",
        "questions": questions,
        "candidates": [{"id": f"c{k}", "label": f"Candidate {k}", "summary": "Generated.", "cite": CITE} for k in range(m)],
        "rules": _rules(n, m, rng, kinds),
        "notes": _notes(n, m, rng, kinds),
    }
    return Tree.model_validate(data)


def time_lint(tree: Tree, runs: int) -> tuple[float, Counter[str]]:
    """Best wall time of `lint_tree` over some runs, and the findings by level."""
    ctx = LintContext(trees={tree.id: tree}, today=dt.date(2026, 12, 1))
    best = float("inf")
    findings = []
    for _ in range(runs):
        start = time.perf_counter()
        findings = lint_tree(tree, ctx)
        best = min(best, time.perf_counter() - start)
    return best, Counter(f.level for f in findings)


def time_baseline(tree: Tree, runs: int) -> float:
    """Best time of one plain pass that reads every condition of the tree once (a linear yardstick).

    Its ratios show how this machine's memory alone slows a Python pass as the tree grows.
    """
    answers: dict[str, Any] = {q.id: (q.options[0].id if q.options else 1) for q in tree.questions}
    items = [*tree.questions, *tree.rules, *tree.notes]
    best = float("inf")
    for _ in range(runs):
        gc.disable()
        start = time.perf_counter()
        for item in items:
            conditions.holds(item.cond, lambda ref: answers.get(ref, conditions.UNKNOWN))
        best = min(best, time.perf_counter() - start)
        gc.enable()
    return best


def main() -> None:
    """Generate, lint and time each size; print the times and their ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="question counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per size (the best is kept)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    times: dict[int, float] = {}
    plain: dict[int, float] = {}
    for n in sizes:
        tree = generate(n)
        seconds, levels = time_lint(tree, args.runs if n < 100_000 else 1)
        times[n] = seconds
        plain[n] = time_baseline(tree, 5)
        print(
            f"{n:>7} questions {len(tree.candidates):>6} candidates {len(tree.rules):>6} rules: "
            f"lint {seconds:.3f} s ({levels['error']} errors, {levels['warning']} warnings)"
        )
    for small, big in itertools.pairwise(sizes):
        print(
            f"ratio {big // 1000}k/{small // 1000}k: lint {times[big] / times[small]:.1f} "
            f"(one plain pass over every condition: {plain[big] / plain[small]:.1f}; size: {big / small:.0f})"
        )
    if 10_000 in times:
        verdict = "ok" if times[10_000] < 1.0 else "TOO SLOW"
        print(f"10k-question tree: {times[10_000]:.3f} s (target < 1 s): {verdict}")


if __name__ == "__main__":
    main()
