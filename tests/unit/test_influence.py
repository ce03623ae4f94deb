"""What an answer decides: read from the rules, features, notes and conditions of the plan."""

from __future__ import annotations

from tests.helpers import MINI, WORKLOAD
from wizard.core.engine import plan_for_decisions
from wizard.core.influence import Influence, influence
from wizard.core.model import Tree


def _plan():  # type: ignore[no-untyped-def]
    trees = {t["id"]: Tree.model_validate(t) for t in (WORKLOAD, MINI)}
    return plan_for_decisions(["mini"], trees)


def test_a_question_that_rules_out_names_the_candidates_it_can_exclude_and_favour() -> None:
    found = influence(_plan(), "mini", "shape")
    assert "Key-value store" in found.excludes and "SQL" in found.excludes  # short names where set
    assert "Graph store" in found.prefers
    assert found.opens == ["mini.size_gb", "mini.features"]
    sentence = found.sentence()
    assert sentence.startswith("It can rule out ")
    assert "opens 2 later questions" in sentence


def test_a_number_question_that_only_prefers_says_so() -> None:
    found = influence(_plan(), "mini", "size_gb")
    assert found.excludes == [] and found.prefers == ["Big SQL store"]
    assert found.sentence() == "It can favour Big SQL store."


def test_an_answer_nothing_reads_says_it_steers_nothing() -> None:
    found = influence(_plan(), "workload", "availability")
    assert found.empty()
    assert "no rule in these decisions reads it" in found.sentence()


def test_long_lists_are_counted_not_spelled_out() -> None:
    found = Influence(excludes=["A", "B", "C", "D", "E"], configures=["x"], notes=2, checks=1)
    assert found.sentence() == (
        "It can rule out A, B, C and 2 more. It also shapes the configuration (x), adds advice (2 notes) and feeds 1 design check."
    )
