"""Scenario files: exam-style situations (answers in) with the expected pick out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wizard.core.answers import check_answers
from wizard.core.engine import plan_for_decisions, resolve

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
MIN_PER_TREE = 12


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["scenarios"]:
            cases.append((data["tree"], case))
    return cases


CASES = _load()


@pytest.mark.parametrize(("tree_id", "case"), CASES, ids=[f"{t}:{c['name']}" for t, c in CASES])
def test_scenario(catalog, tree_id: str, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert case.get("cite"), "every scenario names where in the notes it comes from"
    plan = plan_for_decisions([tree_id], catalog.trees)
    clean, problems = check_answers(plan, case["answers"])
    wrong = [p.render() for p in problems if p.level == "error" and not p.missing]
    assert not wrong, f"the scenario's answers are invalid: {wrong}"
    decision = resolve(plan, clean).decisions[tree_id]
    assert decision.pick == case["expect"], (
        f"expected {case['expect']}, got {decision.pick} because: {decision.reason.because if decision.reason else '-'}"
    )
    alternatives = {a.candidate for a in decision.alternatives}
    for accepted in case.get("accept", []):
        assert accepted in alternatives, f"{accepted} should remain an alternative; alternatives: {sorted(alternatives)}"
    excluded = {e.candidate for e in decision.excluded}
    for ruled_out in case.get("excluded", []):
        assert ruled_out in excluded, f"{ruled_out} contradicts a stated fact and must be ruled out; excluded: {sorted(excluded)}"
    if "features" in case:
        assert sorted(f.id for f in decision.features) == sorted(case["features"]), f"configuration: {decision.configuration}"
    res = resolve(plan, clean)
    for follow_tree, follow_pick in case.get("follow", {}).items():
        assert follow_tree in decision.follow_ons or follow_tree in res.decisions, f"{tree_id} does not continue into {follow_tree}"
        got = res.decisions[follow_tree]
        assert got.pick == follow_pick, f"{follow_tree}: expected {follow_pick}, got {got.pick} ({got.configuration})"
    for unstated in case.get("neutral", []):
        assert unstated not in {t.ref for t in decision.drivers}, f"{unstated} was not stated but steered the decision"


def test_every_decision_tree_has_enough_scenarios(catalog) -> None:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for tree_id, _ in CASES:
        counts[tree_id] = counts.get(tree_id, 0) + 1
    thin = {t: counts.get(t, 0) for t, tree in catalog.trees.items() if not tree.profile and counts.get(t, 0) < MIN_PER_TREE}
    assert not thin, f"trees with fewer than {MIN_PER_TREE} scenarios: {thin}"


def test_scenarios_cover_every_candidate_that_can_be_picked(catalog) -> None:  # type: ignore[no-untyped-def]
    expected: dict[str, set[str]] = {}
    for tree_id, case in CASES:
        expected.setdefault(tree_id, set()).add(case["expect"])
    missing = {
        t: sorted(c.id for c in tree.candidates if not c.retired and c.id not in expected.get(t, set()))
        for t, tree in catalog.trees.items()
        if not tree.profile
    }
    missing = {t: m for t, m in missing.items() if m}
    assert not missing, f"candidates no scenario expects: {missing}"
