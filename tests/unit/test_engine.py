from __future__ import annotations

from tests.helpers import blueprint, trees
from wizard.core.engine import decide, plan_for_blueprint, plan_for_decisions, probe_values, resolve


def plan():  # type: ignore[no-untyped-def]
    return plan_for_decisions(["mini"], trees())


def test_workload_is_put_first_when_the_tree_reads_it() -> None:
    assert plan().tree_ids() == ["workload", "mini"]


def test_next_question_is_the_first_unanswered_on_the_path() -> None:
    res = resolve(plan(), {})
    # `availability` is read by no rule of `mini`: a single decision does not ask it
    assert res.next_question()[1].id == "minutes"  # type: ignore[index]
    assert ("workload", "availability") not in res.asked()
    assert resolve(plan_for_blueprint(blueprint(), trees()), {}).next_question()[1].id == "availability"  # type: ignore[index]
    res = resolve(plan(), {"workload": {"minutes": 30}, "mini": {"shape": "keys"}})
    # size_gb and features are asked only for tables: the next question is `global`
    assert res.next_question()[1].id == "global"  # type: ignore[index]
    assert ("mini", "size_gb") not in res.asked()


def test_changing_an_answer_sets_dependent_answers_aside_and_restores_them() -> None:
    given = {"workload": {"minutes": 30}, "mini": {"shape": "tables", "size_gb": 900, "global": False}}
    res = resolve(plan(), given)
    assert res.decisions["mini"].pick == "big_sql"
    given["mini"]["shape"] = "keys"
    res = resolve(plan(), given)
    assert ("mini", "size_gb") in res.set_aside
    assert res.decisions["mini"].pick == "kv"  # the set-aside size is not used
    given["mini"]["shape"] = "tables"
    res = resolve(plan(), given)
    assert res.set_aside == [] and res.decisions["mini"].pick == "big_sql"


def test_decision_has_pick_alternatives_why_not_and_notes() -> None:
    res = resolve(plan(), {"workload": {"minutes": 0}, "mini": {"shape": "keys", "global": False}})
    d = res.decisions["mini"]
    assert (d.pick, d.status) == ("kv", "ok")
    assert d.reason is not None and d.reason.cite == ["000 L1540"]
    excluded = {e.candidate: e for e in d.excluded}
    assert set(excluded) == {"old", "sql", "big_sql"}
    trigger = excluded["sql"].rules[0].triggers[0]
    assert (trigger.ref, trigger.value, trigger.value_label) == ("mini.shape", "keys", "Keys")
    assert [a.candidate for a in d.alternatives] == ["graphdb"]
    assert [n.text for n in d.notes] == ["On-demand is the default mode."]


def test_alternatives_are_ranked_by_later_prefers_then_default_then_file_order() -> None:
    res = resolve(plan(), {"workload": {"minutes": 0}, "mini": {"shape": "tables", "size_gb": 900, "global": True}})
    d = res.decisions["mini"]
    assert d.pick == "big_sql"
    assert [a.candidate for a in d.alternatives] == ["sql"]  # kv excluded for tables; sql is the default


def test_weak_fit_and_no_fit_are_outcomes_not_crashes() -> None:
    tree = trees()["mini"]
    d = decide(tree, {"shape": "not_sure", "global": False}, lambda ref: object())
    assert d.pick is not None
    # everything excluded: tables rule and not-tables rule can't both hold, so build the case directly
    everything = tree.model_copy(
        update={"rules": [tree.rules[0], tree.rules[1].model_copy(update={"exclude": ["kv", "graphdb", "sql", "big_sql"]}), tree.rules[-1]]}
    )
    d = decide(everything, {"shape": "tables", "global": False}, lambda ref: object())
    assert d.status == "no_fit" and d.pick is None and len(d.excluded) == 5


def test_not_sure_is_an_assumption_and_counterfactuals_show_each_answer() -> None:
    res = resolve(plan(), {"workload": {"minutes": 30}, "mini": {"shape": "not_sure", "global": False}})
    d = res.decisions["mini"]
    assert any(a.kind == "not_sure" and a.ref == "mini.shape" for a in d.assumptions)
    flips = {(f.ref, f.value): f.pick for f in d.counterfactuals}
    assert flips[("mini.shape", "keys")] == "kv"
    assert flips[("mini.shape", "graph")] == "graphdb"


def test_number_counterfactuals_probe_both_sides_of_each_threshold() -> None:
    res = resolve(plan(), {"workload": {"minutes": 30}, "mini": {"shape": "tables", "size_gb": 100, "global": False}})
    d = res.decisions["mini"]
    flips = {(f.ref, f.value): f.pick for f in d.counterfactuals}
    assert flips[("mini.size_gb", 501)] == "big_sql"
    assert ("mini.size_gb", 500) not in flips  # gt 500: 500 does not flip
    assert flips[("mini.global", True)] == "big_sql"
    assert ("workload.minutes", 0) not in flips  # it would prefer kv, but tables exclude kv


def test_counterfactuals_are_deterministic() -> None:
    given = {"workload": {"minutes": 30}, "mini": {"shape": "tables", "size_gb": 100, "global": False}}
    first = resolve(plan(), given).decisions["mini"].counterfactuals
    assert first == resolve(plan(), given).decisions["mini"].counterfactuals


def test_defaults_are_used_and_listed_as_assumptions() -> None:
    res = resolve(plan(), {"workload": {"minutes": 30}, "mini": {"shape": "tables", "size_gb": 1}})
    d = res.decisions["mini"]
    assert d.pick == "sql"
    assert {a.ref for a in d.assumptions if a.kind == "default"} == {"mini.features", "mini.global"}
    assert res.missing() == []


def test_probe_values_for_each_kind() -> None:
    tree = trees()["mini"]
    assert probe_values(tree.question("shape"), "tables", []) == ["keys", "graph"]  # type: ignore[arg-type]
    assert probe_values(tree.question("global"), False, []) == [True]  # type: ignore[arg-type]
    assert probe_values(tree.question("features"), ["joins"], []) == [[], ["joins", "ttl"]]  # type: ignore[arg-type]
    assert probe_values(tree.question("size_gb"), 100, [500]) == [499, 500, 501]  # type: ignore[arg-type]


def test_blueprint_plan_order() -> None:
    assert plan_for_blueprint(blueprint(), trees()).tree_ids() == ["workload", "mini"]
