"""Every lint check fires on a small bad file, at the right line; the good files lint clean.

The files are in tests/data/trees/bad/ (blueprints in bad/blueprints/). Each is linted alone
with `lint_paths`, so the bundled catalogue supplies `workload` and the other trees, and with a
made-up seeds folder (000 and 001, 20 lines each) for the citation checks.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli
from wizard.core.lint import Finding, LintContext, lint_tree
from wizard.core.model import Tree
from wizard.errors import Problem
from wizard.io.content import load_catalog, load_tree_file
from wizard.io.lint_files import lint_paths

BAD = ROOT / "tests" / "data" / "trees" / "bad"
MAX_AGE = 3650
"""Lenient enough that the good files stay clean for years; old_review.yaml is older still."""

GOOD = ["clean.yaml", "blueprints/bp_clean.yaml"]

# (file, line, level, words that must all appear in the rendered problem)
CASES: list[tuple[str, int, str, tuple[str, ...]]] = [
    # the loader: the file does not fit the model
    ("bad_id.yaml", 7, "error", ("questions[0].id", "'Size-Class' is not a snake_case id")),
    ("unknown_key.yaml", 18, "error", ("rules[0].becuase", "unknown key 'becuase'", "did you mean 'because'")),
    ("default_not_last.yaml", 16, "error", ("rules[0]", "the last rule must be the `default`")),
    ("no_default.yaml", 16, "error", ("rules[0]", "the last rule must be the `default`")),
    ("bad_cite_form.yaml", 14, "error", ("candidates[1].cite", "'L12' is not of the form")),
    ("bad_condition.yaml", 17, "error", ("rules[0].when", "gt needs a number")),
    # ids
    ("duplicate_question.yaml", 12, "error", ("questions[1].id", "duplicate question id 'size'")),
    ("duplicate_candidate.yaml", 15, "error", ("candidates[2].id", "duplicate candidate id 'beta'")),
    ("reserved_id.yaml", 12, "error", ("questions[1].id", "'pick' is reserved")),
    # references and value types
    ("unknown_question.yaml", 17, "error", ("rules[0].when.sise", "unknown question 'sise'", "did you mean 'size'")),
    ("unknown_option.yaml", 17, "error", ("rules[0].when.size", "'huge' is not an option of 'size'")),
    ("number_vs_text.yaml", 21, "error", ("number question 'minutes' compared with 'long'",)),
    ("boolean_vs_text.yaml", 20, "error", ("boolean question 'bursty' compared with 'yes_please'",)),
    ("numeric_op_on_choice.yaml", 17, "error", ("rules[0].when.size.gt", "gt needs a number question")),
    ("multi_needs_has.yaml", 23, "error", ("multi question 'features' needs has, has_any or has_all",)),
    ("has_on_choice.yaml", 17, "error", ("rules[0].when.size.has", "has applies to multi questions")),
    ("unknown_tree.yaml", 17, "error", ("unknown tree 'worklaod'", "did you mean 'workload'")),
    ("unknown_tree_question.yaml", 17, "error", ("tree 'workload' has no question 'uptime'",)),
    ("own_tree_prefix.yaml", 17, "error", ("write 'size', not 'own_tree_prefix.size'",)),
    ("profile_pick.yaml", 17, "error", ("'workload' is a profile tree and has no pick",)),
    ("pick_in_rule.yaml", 17, "error", ("rules[0].when.pick", "may be read only by notes")),
    ("pick_unknown_candidate.yaml", 24, "error", ("notes[0].when.pick", "'gamma' is not one of the candidates")),
    ("later_question.yaml", 10, "error", ("questions[0].when.size", "is asked later")),
    ("unknown_candidate.yaml", 16, "error", ("rules[0].prefer", "unknown candidate 'betta'", "did you mean 'beta'")),
    ("retired_preferred.yaml", 24, "error", ("rules[2].prefer", "'old' is retired and must never be recommended")),
    ("retired_not_excluded.yaml", 15, "error", ("candidates[2]", "needs an unconditional exclude rule")),
    # values, icons, citations, review date
    ("bad_default.yaml", 12, "error", ("questions[0].default", "'medium' is not an option")),
    ("unknown_icon.yaml", 14, "error", ("candidates[1].component", "unknown diagram component 'aws.nowhere.Thing'")),
    ("short_too_long.yaml", 14, "warning", ("candidates[1].short", "longer than 14 characters")),
    ("missing_cite.yaml", 14, "error", ("candidates[1].cite", "no citation")),
    ("missing_cite.yaml", 16, "error", ("rules[0].cite", "no citation")),
    ("missing_cite.yaml", 23, "error", ("notes[0].cite", "no citation")),
    ("cite_out_of_range.yaml", 13, "error", ("'000 L999990-L999999'", "seed 000 has only 20 lines")),
    ("cite_out_of_range.yaml", 14, "error", ("'009 L1'", "no seed file 009")),
    ("cite_out_of_range.yaml", 19, "error", ("'000 L9-L3'", "the range runs backwards")),
    ("bad_source.yaml", 5, "error", ("sources[0]", "'chapter three' is not of the form")),
    ("old_review.yaml", 4, "warning", ("last_reviewed", "days ago (limit 3650)")),
    ("future_review.yaml", 4, "error", ("last_reviewed", "in the future")),
    # reachability (found by search over the answers)
    ("rule_never_true.yaml", 17, "error", ("rules[0].when", "this condition is never true")),
    ("rule_always_true.yaml", 28, "warning", ("rules[2].when", "this condition is always true")),
    ("question_never_asked.yaml", 15, "error", ("questions[1].when", "question 'bursty' is never asked")),
    ("question_always_asked.yaml", 15, "warning", ("questions[1].when", "question 'bursty' is always asked")),
    ("note_never_true.yaml", 24, "warning", ("notes[0].when", "the note is never shown")),
    ("note_always_true.yaml", 24, "warning", ("notes[0].when", "the note is always shown")),
    ("note_not_sure.yaml", 25, "warning", ("notes[0].when", "never shown", "a not_sure answer reads as unknown")),
    ("candidate_never_picked.yaml", 15, "error", ("candidates[2]", "candidate 'gamma' is never picked")),
    ("prefer_shadowed.yaml", 23, "error", ("rules[1]", "prefer 'beta' never decides")),
    ("prefer_always_excluded.yaml", 20, "error", ("rules[1]", "prefer 'beta' never decides")),
    ("no_fit.yaml", 18, "warning", ("rules", "exclude every candidate")),
    ("unread_question.yaml", 12, "warning", ("questions[1]", "question 'bursty' is read by no rule, note or question")),
    # blueprints
    ("blueprints/bp_unknown_key.yaml", 19, "error", ("layout.slots[0].inside", "unknown key 'inside'")),
    ("blueprints/bp_unknown_tree.yaml", 6, "error", ("trees[1]", "unknown tree 'databse'", "did you mean 'database'")),
    ("blueprints/bp_listed_twice.yaml", 7, "error", ("trees[2]", "tree 'database' is listed twice")),
    ("blueprints/bp_workload_not_first.yaml", 4, "error", ("`workload` must be the first tree",)),
    ("blueprints/bp_workload_not_first.yaml", 5, "error", ("trees[0]", "'workload' is not asked before it")),
    ("blueprints/bp_tree_when_later.yaml", 6, "error", ("trees[1].when.storage.pick", "not asked before this one")),
    ("blueprints/bp_unknown_slot.yaml", 23, "error", ("layout.edges[0].to", "unknown node or slot 'dbb'")),
    ("blueprints/bp_unknown_role.yaml", 23, "error", ("layout.edges[0].to", "slot 'db' has no role 'replica'")),
    ("blueprints/bp_slot_pick_not_asked.yaml", 22, "error", ("layout.slots[1].pick", "which this blueprint does not ask")),
    ("blueprints/bp_unknown_cluster.yaml", 19, "error", ("layout.slots[0].in", "unknown cluster 'dta'")),
    ("blueprints/bp_unknown_component.yaml", 9, "error", ("layout.nodes[0].component", "unknown diagram component 'aws.general.Nobody'")),
    ("blueprints/bp_duplicate_ids.yaml", 16, "error", ("layout.clusters[0].children[1].id", "duplicate cluster id 'data'")),
    ("blueprints/bp_duplicate_ids.yaml", 18, "error", ("layout.slots[0].id", "duplicate node or slot id 'users'")),
    ("blueprints/bp_annotate_unknown.yaml", 21, "error", ("layout.slots[0].annotate", "unknown tree 'storage' in annotate")),
    ("blueprints/bp_in_by_pick.yaml", 21, "error", ("in_by_pick.oracle", "'oracle' is not one of the candidates of database")),
    ("blueprints/bp_traffic.yaml", 21, "error", ("layout.slots[0].traffic.replica", "slot 'db' has no role 'replica'")),
    ("blueprints/bp_traffic.yaml", 22, "error", ("traffic_by_pick.oracle", "'oracle' is not one of the candidates of database")),
    ("blueprints/bp_traffic.yaml", 23, "error", ("traffic_by_feature.multi_az_clustr", "did you mean 'multi_az_cluster'")),
    ("blueprints/bp_traffic_unsaid.yaml", 17, "warning", ("layout.slots[0].traffic", "does not say which copies take traffic")),
    ("blueprints/bp_condition_refs.yaml", 23, "error", ("layout.edges[0].when.workload.uptime", "has no question 'uptime'")),
    ("blueprints/bp_condition_refs.yaml", 24, "error", ("layout.edges[1].when.database.pick", "'nosql' is not one of the candidates")),
    ("blueprints/bp_slot_never_true.yaml", 20, "error", ("layout.slots[0].when", "this condition is never true")),
    ("blueprints/bp_edge_always_true.yaml", 23, "warning", ("layout.edges[0].when", "this condition is always true")),
    ("blueprints/bp_repeat_never_true.yaml", 18, "error", ("repeat.when", "this condition is never true")),
    ("blueprints/bp_check_never_true.yaml", 25, "error", ("checks[0].when", "this condition is never true")),
    ("blueprints/bp_check_no_cite.yaml", 25, "error", ("checks[0].cite", "no citation")),
]


@functools.cache
def _seeds() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="archwiz-seeds-"))
    for seed in ("000", "001"):
        (folder / f"{seed}_test.txt").write_text("".join(f"line {i}\n" for i in range(1, 21)), encoding="utf-8")
    return folder


@functools.cache
def _lint(name: str, max_age: int = MAX_AGE) -> tuple[Problem, ...]:
    problems, _ = lint_paths([BAD / name], None, _seeds(), max_age)
    return tuple(problems)


def _shown(problems: tuple[Problem, ...]) -> str:
    return "\n".join(p.render() for p in problems) or "(no problems)"


@pytest.mark.parametrize(("name", "line", "level", "words"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_check_fires_at_its_line(name: str, line: int, level: str, words: tuple[str, ...]) -> None:
    problems = _lint(name)
    hits = [p for p in problems if p.line == line and p.level == level and all(w in p.render() for w in words)]
    assert hits, f"expected {level} at line {line} with {words}; got:\n{_shown(problems)}"
    assert all(p.file and p.file.endswith(name) for p in hits)


@pytest.mark.parametrize("name", GOOD)
def test_good_files_lint_clean(name: str) -> None:
    problems = _lint(name)
    assert not problems, _shown(problems)


def test_every_bad_file_proves_something() -> None:
    files = {str(p.relative_to(BAD)) for p in BAD.rglob("*.yaml")}
    assert files == {c[0] for c in CASES} | set(GOOD)


def test_review_age_limit_is_configurable() -> None:
    assert not [p for p in _lint("old_review.yaml", 100_000) if p.key == "last_reviewed"]
    assert [p for p in _lint("old_review.yaml", 365) if "limit 365" in p.message]


# ---------------------------------------------------------------- the search: targeted answers agree with enumeration


def _tree_files() -> list[Path]:
    return sorted(p for p in BAD.glob("*.yaml") if load_tree_file(p)[0] is not None)


def _findings(tree: Tree, **limits: int) -> list[tuple[str, str, str]]:
    trees = {**load_catalog().trees, tree.id: tree}
    ctx = LintContext(trees=trees, today=dt.date(2026, 12, 1), max_age_days=MAX_AGE, **limits)
    return [_key(f) for f in lint_tree(tree, ctx)]


def _key(f: Finding) -> tuple[str, str, str]:
    return f.key, f.level, f.message


@pytest.mark.parametrize("path", _tree_files(), ids=lambda p: p.name)
def test_targeted_search_finds_what_enumeration_finds(path: Path) -> None:
    """Small trees are enumerated completely; the targeted search alone must reach the same verdicts."""
    tree, _, _ = load_tree_file(path)
    assert tree is not None
    assert _findings(tree, exhaustive_limit=0, sample_budget=0) == _findings(tree)


def test_targeted_search_alone_on_bundled_trees() -> None:
    """The bundled trees are too large to enumerate; without samples the findings must not change."""
    catalog = load_catalog()
    for tree in catalog.trees.values():
        assert _findings(tree, sample_budget=0) == _findings(tree), tree.id


def _random_condition(rng: random.Random, questions: list[dict[str, Any]], depth: int = 0) -> dict[str, Any]:
    roll = rng.random()
    if depth < 2 and roll < 0.2:
        return {rng.choice(["all", "any"]): [_random_condition(rng, questions, depth + 1) for _ in range(rng.randint(1, 3))]}
    if depth < 2 and roll < 0.3:
        return {"not": _random_condition(rng, questions, depth + 1)}
    q = rng.choice(questions)
    options = [o["id"] for o in q.get("options", [])]
    if q["kind"] == "choice":
        return {q["id"]: rng.choice([rng.choice(options), rng.sample(options, 2), {"ne": rng.choice(options)}])}
    if q["kind"] == "multi":
        return {
            q["id"]: rng.choice([{"has": rng.choice(options)}, {"has_any": rng.sample(options, 2)}, {"has_all": rng.sample(options, 2)}])
        }
    if q["kind"] == "boolean":
        return {q["id"]: rng.random() < 0.5}
    return {q["id"]: {rng.choice(["gt", "lt", "ge", "le"]): rng.randint(0, 10)}}


def _random_tree(seed: int) -> Tree:
    """A small random tree: conditional questions of every kind, excludes, prefers, notes on the pick."""
    rng = random.Random(seed)
    questions: list[dict[str, Any]] = []
    for i in range(rng.randint(2, 5)):
        kind = rng.choice(["choice", "choice", "boolean", "number", "multi"])
        q: dict[str, Any] = {"id": f"q{i}", "ask": "?", "kind": kind, "not_sure": rng.random() < 0.3}
        if kind in ("choice", "multi"):
            q["options"] = [{"id": f"o{j}", "label": "o"} for j in range(rng.randint(2, 3))]
        if kind == "number":
            q.update({"min": 0, "max": 10})
        if questions and rng.random() < 0.4:
            q["when"] = _random_condition(rng, questions)
        questions.append(q)
    ids = [f"c{j}" for j in range(rng.randint(2, 4))]
    rules: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 6)):
        kind: dict[str, Any] = {"exclude": rng.sample(ids, rng.randint(1, 2))} if rng.random() < 0.4 else {"prefer": rng.choice(ids)}
        rules.append({**kind, "when": _random_condition(rng, questions), "because": "b", "cite": "000 L1"})
    rules.append({"default": rng.choice(ids), "because": "b", "cite": "000 L1"})
    notes = []
    for _ in range(rng.randint(0, 3)):
        when = _random_condition(rng, questions)
        if rng.random() < 0.6:
            when = {rng.choice(["all", "any"]): [{"pick": rng.choice([rng.choice(ids), rng.sample(ids, 2)])}, when]}
        notes.append({"when": when, "text": "n", "cite": "000 L1"})
    data = {"id": "random", "title": "t", "version": 1, "last_reviewed": "2026-12-01", "summary": "s", "questions": questions}
    data.update(candidates=[{"id": c, "label": c, "summary": "s", "cite": "000 L1"} for c in ids], rules=rules, notes=notes)
    return Tree.model_validate(data)


def test_targeted_search_agrees_with_enumeration_on_random_trees() -> None:
    """Over many small random trees, answers built by the solver reach exactly the verdicts of full enumeration."""
    for seed in range(120):
        tree = _random_tree(seed)
        every = LintContext(trees={tree.id: tree}, today=dt.date(2026, 12, 1), exhaustive_limit=10**6)
        targeted = LintContext(trees={tree.id: tree}, today=dt.date(2026, 12, 1), exhaustive_limit=0, sample_budget=0)
        assert [_key(f) for f in lint_tree(tree, targeted)] == [_key(f) for f in lint_tree(tree, every)], f"seed {seed}"


# ---------------------------------------------------------------- the command


def test_cli_reports_every_problem_with_file_and_line() -> None:
    path = BAD / "missing_cite.yaml"
    proc = run_cli("lint", str(path))
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if not line.startswith("    hint:")]
    assert lines == [
        f"{path}:14: candidates[1].cite: no citation",
        f"{path}:16: rules[0].cite: no citation",
        f"{path}:23: notes[0].cite: no citation",
    ]


def test_lint_output_does_not_depend_on_hash_seeds() -> None:
    outputs = set()
    for seed in ("1", "2"):
        proc = run_cli("lint", "--json", str(BAD), env={**os.environ, "PYTHONHASHSEED": seed})
        assert proc.returncode == 1
        outputs.add(json.dumps(json.loads(proc.stdout), sort_keys=True))
    assert len(outputs) == 1
