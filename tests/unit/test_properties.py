"""Property tests: whatever the answers or the tree, archwiz reports a problem or works.

(a) Any mapping given as the answers of `web_three_tier` either renders (resolve, compose,
    report, then DOT, Mermaid, Markdown and JSON text) or raises AnswersError; nothing else.
(b) Any small tree the pydantic model accepts lints without raising, and `decide` / `resolve`
    on it never raise.
(c) Rendering the same answers twice, even given in another key order, gives the same text.

Example counts are kept modest so the file runs in a few seconds; `--hypothesis-show-statistics`
shows how many examples each property ran and the events it saw.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.core.answers import check_answers
from wizard.core.composer import compose
from wizard.core.engine import Answers, Plan, decide, plan_for_blueprint, plan_for_decisions, resolve
from wizard.core.lint import Finding, LintContext, lint_tree
from wizard.core.model import NOT_SURE, Question, Tree
from wizard.errors import AnswersError
from wizard.io.answers_file import answers_from, unsound
from wizard.io.content import Catalog, load_catalog
from wizard.io.yaml_loader import Located
from wizard.render import diagram
from wizard.render.json_out import result_json
from wizard.render.mermaid import mermaid
from wizard.render.pipeline import build_run
from wizard.render.rationale import rationale

BLUEPRINT = "web_three_tier"
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
"""No explain phase: it re-runs a failing example a hundred times to annotate it."""

ANSWERS_EXAMPLES = 100
TREE_EXAMPLES = 200
DETERMINISM_EXAMPLES = 15


@cache
def catalog() -> Catalog:
    return load_catalog(bundled=True)


@cache
def plan() -> Plan:
    cat = catalog()
    return plan_for_blueprint(cat.blueprints[BLUEPRINT], cat.trees)


def render_texts(plan: Plan, answers: Answers) -> dict[str, str]:
    """Every text output of a run, as `render` builds them (the DOT from the quick resolve)."""
    run = build_run(plan, answers)
    mmd = mermaid(run.architecture, run.comment)
    quick = compose(resolve(plan, answers, counterfactuals=False))
    return {
        "dot": diagram.dot_source(quick, run.comment),
        "mmd": mmd,
        "md": rationale(run.report, mmd if run.architecture.nodes else None),
        "json": result_json(run.report),
    }


# ---------------------------------------------------------------- strategies: values

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.just(NOT_SURE)
    | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1))
)
JUNK = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6
)
"""Anything a YAML file could hold."""


def valid_value(question: Question) -> st.SearchStrategy[Any]:
    """A value `coerce` accepts for the question."""
    extra = [NOT_SURE] if question.not_sure else []
    if question.kind == "choice":
        return st.sampled_from(question.option_ids() + extra)
    if question.kind == "multi":
        chosen = st.lists(st.sampled_from(question.option_ids()), max_size=len(question.options), unique=True)
        return chosen | st.sampled_from(extra) if extra else chosen
    if question.kind == "boolean":
        return st.booleans() | st.sampled_from(extra) if extra else st.booleans()
    low = int(question.min) if question.min is not None else -1000
    high = int(question.max) if question.max is not None else 10**6
    numbers: st.SearchStrategy[Any] = st.integers(min_value=low, max_value=high)
    if not question.integer:
        numbers = numbers | st.floats(min_value=low, max_value=high, allow_nan=False)
    return numbers | st.sampled_from(extra) if extra else numbers


def some_value(question: Question, junk_percent: int) -> st.SearchStrategy[Any]:
    """Mostly a valid value; junk with the given chance."""
    return st.integers(0, 99).flatmap(lambda roll: JUNK if roll < junk_percent else valid_value(question))


@st.composite
def tree_answers(draw: st.DrawFn, tree: Tree, junk_percent: int, skip_percent: int) -> dict[Any, Any]:
    """Answers for one tree: most questions answered, some skipped, some junk, some stray keys."""
    out: dict[Any, Any] = {}
    for question in tree.questions:
        if draw(st.integers(0, 99)) < skip_percent:
            continue
        out[question.id] = draw(some_value(question, junk_percent))
    if junk_percent:
        stray = st.text(max_size=10) | st.sampled_from([q.id for t in catalog().trees.values() for q in t.questions])
        out.update(draw(st.dictionaries(stray, JUNK, max_size=2)))
    return out


@st.composite
def answers_data(draw: st.DrawFn) -> Any:
    """A loaded answers file for the blueprint: often valid, often subtly or wildly wrong."""
    junk_percent = draw(st.sampled_from([0, 0, 0, 0, 3, 10, 40]))
    skip_percent = draw(st.sampled_from([0, 0, 0, 5, 30]))
    answers: dict[Any, Any] = {}
    for tree_id in plan().tree_ids():
        if draw(st.integers(0, 99)) < junk_percent:
            answers[tree_id] = draw(JUNK)
        elif draw(st.integers(0, 99)) >= skip_percent:
            answers[tree_id] = draw(tree_answers(catalog().trees[tree_id], junk_percent, skip_percent))
    if junk_percent:
        answers.update(
            draw(st.dictionaries(st.text(max_size=10) | st.integers() | st.sampled_from(sorted(catalog().trees)), JUNK, max_size=2))
        )
    data: dict[Any, Any] = {"archwiz": 1, "blueprint": BLUEPRINT, "answers": answers}
    if draw(st.integers(0, 99)) < 20:
        data["versions"] = draw(st.dictionaries(st.sampled_from([*sorted(catalog().trees), "nosuch"]), st.integers(0, 3), max_size=3))
    if draw(st.integers(0, 99)) < junk_percent:
        data = (
            draw(st.sampled_from([data["answers"], [data], None, "text"]))
            if draw(st.booleans())
            else {**data, **draw(st.dictionaries(st.text(max_size=8), JUNK, max_size=2))}
        )
    return data


# ---------------------------------------------------------------- (a) answers render or raise AnswersError


@settings(max_examples=ANSWERS_EXAMPLES, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(data=answers_data())
def test_any_answers_render_or_raise_answers_error(data: Any) -> None:
    located = Located(data=data, file="generated.yaml")
    try:
        loaded = answers_from(located, catalog())
    except AnswersError as exc:
        event("AnswersError")
        assert exc.problems or exc.message
        return
    event("rendered")
    texts = render_texts(loaded.plan, loaded.answers)
    assert texts["dot"].startswith("/*") and texts["mmd"].startswith("%%") and texts["md"].startswith("# ")
    json.loads(texts["json"])


# ---------------------------------------------------------------- (b) trees lint, decide and resolve


OPTION_LABELS = st.text(min_size=1, max_size=8)
CONDITION_SCALARS = (
    st.booleans() | st.integers(-5, 120) | st.floats(allow_nan=False) | st.text(max_size=6) | st.sampled_from(["multi_az", "c0", "o1"])
)
EXTERNAL_REFS = ["workload.availability", "workload.rto_seconds", "workload.global_users", "database.pick", "nosuch.q", "zz"]


def _comparison(draw: st.DrawFn, questions: list[dict[str, Any]], allow_pick: bool) -> dict[str, Any]:
    """One comparison: mostly well-typed against a generated question, sometimes not."""
    refs = [q["id"] for q in questions]
    target = draw(st.sampled_from(refs + EXTERNAL_REFS + (["pick"] if allow_pick else [])))
    question = next((q for q in questions if q["id"] == target), None)
    if question is None or draw(st.integers(0, 9)) == 0:
        value = draw(CONDITION_SCALARS)
        return {target: value}
    kind = question.get("kind", "choice")
    if kind == "number":
        op = draw(st.sampled_from(["gt", "ge", "lt", "le", "ne"]))
        return {target: {op: draw(st.integers(-5, 120))}}
    if kind == "boolean":
        return {target: draw(st.booleans() | st.builds(lambda b: {"ne": b}, st.booleans()))}
    options = [o["id"] for o in question["options"]] + ["not_sure", "o9"]
    if kind == "multi":
        op = draw(st.sampled_from(["has", "has_any", "has_all"]))
        return {
            target: {op: draw(st.sampled_from(options))}
            if op == "has"
            else {op: draw(st.lists(st.sampled_from(options), min_size=1, max_size=2))}
        }
    form = draw(st.integers(0, 2))
    if form == 0:
        return {target: draw(st.sampled_from(options))}
    if form == 1:
        return {target: draw(st.lists(st.sampled_from(options), min_size=1, max_size=3))}
    return {target: {"ne": draw(st.sampled_from(options))}}


@st.composite
def conditions(draw: st.DrawFn, questions: list[dict[str, Any]], allow_pick: bool = False, depth: int = 0) -> dict[str, Any]:
    """A `when` built from comparisons with all / any / not."""
    shape = draw(st.integers(0, 5)) if depth < 2 else 0
    if shape <= 2:
        return _comparison(draw, questions, allow_pick)
    parts = draw(st.lists(conditions(questions, allow_pick, depth + 1), min_size=1, max_size=2))
    if shape == 3:
        return {"all": parts}
    if shape == 4:
        return {"any": parts}
    return {"not": parts[0]}


def _default_for(kind: str) -> st.SearchStrategy[Any]:
    """Mostly a default of the right type; now and then one of the wrong type (lint catches it)."""
    right = {
        "choice": st.sampled_from(["o0", "o1"]),
        "multi": st.sampled_from([[], ["o0"]]),
        "boolean": st.booleans(),
        "number": st.integers(10, 50),
    }
    wrong = st.sampled_from(["o9", ["o0"], "o0", True, 75, None])
    return st.integers(0, 9).flatmap(lambda roll: wrong if roll == 0 else right[kind])


def _target(ids: list[str]) -> st.SearchStrategy[str]:
    """A candidate id; now and then one that does not exist."""
    return st.integers(0, 11).flatmap(lambda roll: st.just("c9") if roll == 0 else st.sampled_from(ids))


@st.composite
def question_data(draw: st.DrawFn, index: int, earlier: list[dict[str, Any]]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["choice", "choice", "boolean", "number", "multi"]))
    question: dict[str, Any] = {"id": f"q{index}", "ask": f"Question {index}?", "kind": kind, "not_sure": draw(st.booleans())}
    if kind in ("choice", "multi"):
        count = draw(st.integers(2, 3))
        question["options"] = [{"id": f"o{j}", "label": draw(OPTION_LABELS)} for j in range(count)]
    if kind == "number":
        low = draw(st.none() | st.integers(0, 10))
        high = draw(st.none() | st.integers(50, 100))
        question.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
        question["integer"] = draw(st.booleans())
    if draw(st.booleans()):
        question["default"] = draw(_default_for(kind))
    if earlier and draw(st.booleans()):
        question["when"] = draw(conditions(earlier))
    return question


@st.composite
def tree_data(draw: st.DrawFn) -> dict[str, Any]:
    """A small tree: a few questions, candidates, rules over them and the default last."""
    questions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 3))):
        questions.append(draw(question_data(i, list(questions))))
    base: dict[str, Any] = {
        "id": "gen",
        "title": "Generated tree",
        "version": 1,
        "last_reviewed": "2026-01-01",
        "summary": "Generated.",
        "questions": questions,
    }
    if draw(st.integers(0, 9)) == 0:
        return {**base, "profile": True}
    count = draw(st.integers(1, 4))
    cands = [
        {"id": f"c{j}", "label": f"Candidate {j}", "summary": "S.", "cite": "000 L1", "retired": draw(st.integers(0, 5)) == 0}
        for j in range(count)
    ]
    ids = [c["id"] for c in cands]
    rules: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 4))):
        rule: dict[str, Any] = {"because": "Because.", "cite": "000 L2"}
        if draw(st.booleans()):
            rule["exclude"] = draw(st.lists(_target(ids), min_size=1, max_size=2, unique=True))
        else:
            rule["prefer"] = draw(_target(ids))
        if draw(st.integers(0, 4)):
            rule["when"] = draw(conditions(questions))
        rules.append(rule)
    rules.append({"default": draw(st.sampled_from(ids)), "because": "Default.", "cite": "000 L3"})
    notes = [
        {"text": "Note.", "cite": "000 L4", "when": draw(conditions(questions, allow_pick=True))} for _ in range(draw(st.integers(0, 2)))
    ]
    return {**base, "candidates": cands, "rules": rules, "notes": notes}


@st.composite
def tree_and_answers(draw: st.DrawFn) -> tuple[Tree, dict[str, Any], dict[str, Any]]:
    raw = draw(tree_data())
    try:
        tree = Tree.model_validate(raw)
    except ValidationError:
        event("rejected by the model")
        assume(False)
        raise
    own = draw(tree_answers(tree, junk_percent=draw(st.sampled_from([0, 0, 20])), skip_percent=draw(st.sampled_from([0, 30]))))
    workload = catalog().trees["workload"]
    return tree, own, draw(tree_answers(workload, junk_percent=0, skip_percent=50))


@settings(max_examples=TREE_EXAMPLES, deadline=None, phases=PHASES, suppress_health_check=[*SLOW, HealthCheck.filter_too_much])
@given(case=tree_and_answers())
def test_any_accepted_tree_lints_decides_and_resolves(case: tuple[Tree, dict[str, Any], dict[str, Any]]) -> None:
    tree, own, workload_answers = case
    trees = {"workload": catalog().trees["workload"], "database": catalog().trees["database"], tree.id: tree}
    findings = lint_tree(tree, LintContext(trees=trees, today=dt.date(2026, 6, 1)))
    assert all(isinstance(f, Finding) and f.level in ("error", "warning") for f in findings)
    event("lint: problems" if any(f.level == "error" for f in findings) else "lint: clean")
    if unsound(tree):
        # Every run refuses these trees first (answers_file.require_sound); the engine is not
        # fed them; the tests below show the engine survives them anyway.
        assert any(f.level == "error" for f in findings), "lint must report what require_sound refuses"
        event("refused as unsound")
        return

    tree_plan = plan_for_decisions([tree.id], trees)
    given_answers: Answers = {tree.id: own, "workload": workload_answers} if "workload" in tree_plan.tree_ids() else {tree.id: own}
    clean, problems = check_answers(tree_plan, given_answers)
    assert all(p.level in ("error", "warning") for p in problems)
    res = resolve(tree_plan, clean)
    if tree.profile:
        assert tree.id not in res.decisions
        return
    decision = decide(tree, clean.get(tree.id, {}), res.value, tree_plan.question)
    assert decision.status in ("ok", "weak_fit", "no_fit")
    assert (decision.pick is None) == (decision.status == "no_fit")
    assert res.decisions[tree.id].pick == decision.pick
    event(f"decision: {decision.status}")


def _tiny_tree(**changes: Any) -> Tree:
    raw: dict[str, Any] = {
        "id": "tiny",
        "title": "Tiny",
        "version": 1,
        "last_reviewed": "2026-01-01",
        "summary": "Tiny.",
        "questions": [{"id": "shape", "ask": "Shape?", "options": [{"id": "tables", "label": "Tables"}, {"id": "keys", "label": "Keys"}]}],
        "candidates": [
            {"id": "sql", "label": "SQL", "summary": "S.", "cite": "000 L1"},
            {"id": "kv", "label": "KV", "summary": "K.", "cite": "000 L2"},
        ],
        "rules": [
            {"prefer": "kv", "when": {"shape": "keys"}, "because": "Keys.", "cite": "000 L3"},
            {"default": "sql", "because": "D.", "cite": "000 L4"},
        ],
    }
    raw.update(changes)
    return Tree.model_validate(raw)


def test_engine_survives_a_rule_naming_no_candidate() -> None:
    # Every run refuses such trees first (require_sound); the engine still must not crash on them.
    tree = _tiny_tree(
        rules=[
            {"prefer": "sqll", "when": {"shape": "keys"}, "because": "Typo.", "cite": "000 L3"},
            {"default": "kv", "because": "D.", "cite": "000 L4"},
        ]
    )
    decide(tree, {"shape": "tables"}, lambda _ref: None)


def test_engine_survives_a_default_of_the_wrong_type() -> None:
    question = {
        "id": "shape",
        "ask": "Shape?",
        "options": [{"id": "tables", "label": "T"}, {"id": "keys", "label": "K"}],
        "default": ["tables"],
    }
    decide(_tiny_tree(questions=[question]), {}, lambda _ref: None)


# ---------------------------------------------------------------- (c) the same answers render the same text


@st.composite
def valid_answers(draw: st.DrawFn) -> dict[str, Any]:
    """A complete, valid answers file for the blueprint."""
    answers = {t: draw(tree_answers(catalog().trees[t], junk_percent=0, skip_percent=0)) for t in plan().tree_ids()}
    return {"archwiz": 1, "blueprint": BLUEPRINT, "answers": answers}


def reordered(data: dict[str, Any]) -> dict[str, Any]:
    """The same answers with trees and questions in reverse order."""
    answers = {t: dict(reversed(list(v.items()))) for t, v in reversed(list(data["answers"].items()))}
    return {**data, "answers": answers}


@settings(max_examples=DETERMINISM_EXAMPLES, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(data=valid_answers())
def test_the_same_answers_render_the_same_text(data: dict[str, Any]) -> None:
    first = answers_from(Located(data=data, file="a.yaml"), catalog())
    again = answers_from(Located(data=reordered(data), file="a.yaml"), catalog())
    texts = render_texts(first.plan, first.answers)
    assert render_texts(first.plan, first.answers) == texts
    assert render_texts(again.plan, again.answers) == texts
