"""Study mode: every generated situation is consistent with the engine, and sessions repeat by seed."""

from __future__ import annotations

import random
from typing import Any

import pytest

from wizard.core import study
from wizard.core.engine import plan_for_decisions, resolve
from wizard.core.model import Tree

SEEDS = (1, 2)


def _decision(trees: dict[str, Tree], tree_id: str, answers: dict[str, dict[str, Any]], use_defaults: bool = True) -> Any:
    plan = plan_for_decisions([tree_id], trees)
    return resolve(plan, answers, use_defaults=use_defaults, counterfactuals=False).decisions[tree_id]


def _assert_unambiguous(trees: dict[str, Tree], situation: study.Situation) -> None:
    tree = trees[situation.tree]
    for use_defaults in (True, False):
        decision = _decision(trees, tree.id, situation.answers, use_defaults)
        assert decision.pick == situation.answer, situation.key
        assert decision.status == "ok"
        excluded = {e.candidate for e in decision.excluded}
        beaten = {a.candidate for a in decision.alternatives} if decision.reason and decision.reason.kind == "prefer" else set()
        for option in situation.options:
            if not option.correct:
                # Every distractor is ruled out, or loses to the pick by the deciding prefer rule.
                assert option.candidate in excluded | beaten, (situation.key, option.candidate)
    picked = tree.candidate(situation.answer)
    assert picked is not None and not picked.retired
    ids = [o.candidate for o in situation.options]
    assert len(set(ids)) == len(ids) == min(study.OPTIONS, len(tree.candidates))
    assert [o.correct for o in situation.options].count(True) == 1
    assert situation.options[study.LETTERS.index(situation.letter())].candidate == situation.answer
    if situation.distractor is not None:
        tree_id, _, qid = situation.distractor.ref.partition(".")
        without = {t: {q: v for q, v in a.items() if (t, q) != (tree_id, qid)} for t, a in situation.answers.items()}
        assert _decision(trees, tree.id, without).pick == situation.answer  # the distractor fact changes nothing
        assert situation.distractor.text in situation.text


def test_every_situation_of_every_bundled_tree_is_unambiguous(catalog) -> None:  # type: ignore[no-untyped-def]
    trees = catalog.trees
    made = 0
    distractors = 0
    for tree in trees.values():
        if tree.profile:
            continue
        bases = study.bases(tree, trees)
        assert bases, f"{tree.id}: no situation at all"
        usable = 0
        for base in bases:
            for seed in SEEDS:
                situation = study.build(base, trees, random.Random(f"{seed}:{base.key}"))
                if situation is None:
                    continue
                usable += 1
                distractors += situation.distractor is not None
                _assert_unambiguous(trees, situation)
        assert usable, f"{tree.id}: no situation with enough losing options"
        made += usable
    assert made > 300 and distractors > 50


def test_a_session_repeats_for_a_seed_and_differs_for_another(catalog) -> None:  # type: ignore[no-untyped-def]
    one = study.session(["database", "compute"], catalog.trees, 6, 11)
    assert len(one) == 6 and {s.tree for s in one} == {"database", "compute"}
    assert study.session(["database", "compute"], catalog.trees, 6, 11) == one
    other = study.session(["database", "compute"], catalog.trees, 6, 12)
    assert [(s.key, [o.candidate for o in s.options]) for s in other] != [(s.key, [o.candidate for o in s.options]) for s in one]


def test_keys_given_first_come_first(catalog) -> None:  # type: ignore[no-untyped-def]
    keys = [b.key for b in study.bases(catalog.trees["load_balancer"], catalog.trees)]
    missed = keys[-1]
    plain = study.session(["load_balancer", "database"], catalog.trees, 3, 5)
    again = study.session(["load_balancer", "database"], catalog.trees, 3, 5, first=[missed])
    assert again[0].key == missed
    assert [s.key for s in again].count(missed) == 1
    assert plain != again or plain[0].key == missed


def test_the_paragraph_is_built_from_question_and_option_wording(catalog) -> None:  # type: ignore[no-untyped-def]
    tree = catalog.trees["database"]
    question = tree.question("data_model")
    assert question is not None
    assert study.fact_text(question, "relational") == f"{question.ask} {question.options[0].label}."
    boolean = next(q for q in tree.questions if q.kind == "boolean")
    assert study.fact_text(boolean, True).endswith(" Yes.")
    number = next(q for q in tree.questions if q.kind == "number")
    assert study.fact_text(number, 2).endswith(f" {number.label_of(2)}.")
    multi = next(q for q in tree.questions if q.kind == "multi")
    assert study.fact_text(multi, []).endswith(" None of these.")
    notes = {n.text for n in tree.notes} | {r.because for r in tree.rules}
    for situation in study.session(["database"], catalog.trees, 5, 3):
        assert not any(text in situation.text for text in notes)  # no copied note text


def test_replies_name_options_by_letter_or_number(catalog) -> None:  # type: ignore[no-untyped-def]
    situation = study.session(["database"], catalog.trees, 1, 4)[0]
    assert situation.option_of("b") == situation.options[1] == situation.option_of(" 2\n") == situation.option_of("B)")
    assert situation.option_of("e") is None and situation.option_of("5") is None and situation.option_of("") is None


def test_summary_scores_per_tree_and_lists_topics(catalog) -> None:  # type: ignore[no-untyped-def]
    situations = study.session(["database", "compute"], catalog.trees, 4, 9)
    results = [(s, s.answer if i % 2 == 0 else next(o.candidate for o in s.options if not o.correct)) for i, s in enumerate(situations)]
    summary = study.summarise(results)
    assert (summary.right, summary.total) == (2, 4)
    assert sum(t.total for t in summary.trees) == 4
    assert len(summary.revisit) == 2


@pytest.mark.parametrize("tree_id", ["storage"])
def test_a_tree_with_three_candidates_offers_three(catalog, tree_id: str) -> None:  # type: ignore[no-untyped-def]
    for situation in study.session([tree_id], catalog.trees, 4, 1):
        assert len(situation.options) == len(catalog.trees[tree_id].candidates) == 3
