"""Configuration-level picks: features, follow-on trees, neutral unstated facts, durations."""

from __future__ import annotations

import copy
from typing import Any

from tests.helpers import MINI, WORKLOAD
from wizard.core.answers import check_answers, coerce, parse_duration
from wizard.core.composer import compose
from wizard.core.engine import plan_for_decisions, resolve
from wizard.core.lint import lint_tree
from wizard.core.lint._common import LintContext
from wizard.core.model import Question, Tree


def _trees(*, refine: bool = True) -> dict[str, Tree]:
    """`mini` whose key-value pick has a feature and continues into `kv_mode` (and `helper`)."""
    mini: dict[str, Any] = copy.deepcopy(MINI)
    kv = next(c for c in mini["candidates"] if c["id"] == "kv")
    kv["features"] = [
        {
            "id": "global_tables",
            "label": "Global tables",
            "short": "global tables",
            "when": {"global": True},
            "because": "Writes in several Regions.",
            "cite": "000 L1552",
        }
    ]
    kv["then"] = ["kv_mode", {"tree": "helper", "when": {"workload.minutes": {"gt": 10}}}]
    mini["rules"].insert(-1, {"prefer": "kv", "when": {"global": True, "shape": "keys"}, "because": "Global keys.", "cite": "000 L1552"})
    kv_mode = {
        "id": "kv_mode",
        "title": "Which capacity mode?",
        "version": 1,
        "last_reviewed": "2026-12-01",
        "summary": "Capacity mode.",
        "refines": refine,
        "questions": [{"id": "steady", "ask": "Steady load?", "kind": "boolean", "not_sure": True}],
        "candidates": [
            {"id": "on_demand", "label": "On-demand capacity", "short": "on-demand", "summary": "Pay per request.", "cite": "000 L1548"},
            {"id": "provisioned", "label": "Provisioned capacity", "short": "provisioned", "summary": "Set RCU/WCU.", "cite": "000 L1547"},
        ],
        "rules": [
            {"prefer": "provisioned", "when": {"steady": True}, "because": "Steady load.", "cite": "000 L1547"},
            {"default": "on_demand", "because": "Unknown load.", "cite": "000 L1548"},
        ],
    }
    helper = {
        "id": "helper",
        "title": "Which helper?",
        "version": 1,
        "last_reviewed": "2026-12-01",
        "summary": "A cache beside the store.",
        "questions": [{"id": "hot", "ask": "Hot keys?", "kind": "boolean", "not_sure": True}],
        "candidates": [
            {
                "id": "cache",
                "label": "Cache",
                "component": "aws.database.DynamodbDax",
                "scope": "vpc",
                "summary": "Cache.",
                "cite": "000 L1549",
            },
        ],
        "rules": [{"default": "cache", "because": "Cache.", "cite": "000 L1549"}],
    }
    return {t["id"]: Tree.model_validate(t) for t in (WORKLOAD, mini, kv_mode, helper)}


def test_feature_is_part_of_the_pick_when_its_condition_holds() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    d = resolve(plan, {"mini": {"shape": "keys", "global": True}}).decisions["mini"]
    assert d.pick == "kv" and [f.id for f in d.features] == ["global_tables"]
    assert d.configuration == "Key-value store: Global tables"
    assert [t.ref for t in d.features[0].triggers] == ["mini.global"]
    d = resolve(plan, {"mini": {"shape": "keys", "global": False}}).decisions["mini"]
    assert d.features == [] and d.configuration == "Key-value store"


def test_counterfactuals_report_a_changed_configuration() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    d = resolve(plan, {"mini": {"shape": "keys", "global": False}}).decisions["mini"]
    flip = next(f for f in d.counterfactuals if f.ref == "mini.global")
    assert (flip.pick, flip.features, flip.pick_label) == ("kv", ["global_tables"], "Key-value store: Global tables")


def test_follow_on_tree_is_asked_only_when_the_pick_continues_into_it() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    assert plan.tree_ids() == ["workload", "mini", "kv_mode", "helper"]
    res = resolve(plan, {"mini": {"shape": "tables"}})
    assert res.active == ["workload", "mini"]
    res = resolve(plan, {"workload": {"minutes": 5}, "mini": {"shape": "keys"}, "kv_mode": {"steady": True}})
    assert res.active == ["workload", "mini", "kv_mode"] and res.decisions["mini"].follow_ons == ["kv_mode"]
    assert res.decisions["kv_mode"].pick == "provisioned"
    res = resolve(plan, {"workload": {"minutes": 30}, "mini": {"shape": "keys"}})
    assert res.decisions["mini"].follow_ons == ["kv_mode", "helper"] and "helper" in res.decisions


def test_answers_of_a_follow_on_tree_are_accepted_and_set_aside_when_not_reached() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    _, problems = check_answers(plan, {"mini": {"shape": "tables"}, "kv_mode": {"steady": True}})
    assert [(p.key, p.level) for p in problems if not p.missing] == [("answers.kv_mode.steady", "warning")]
    _, problems = check_answers(plan, {"mini": {"shape": "keys"}, "kv_mode": {"steady": True}})
    assert not [p for p in problems if not p.missing]


def test_single_decision_asks_only_the_workload_facts_it_reads() -> None:
    trees = _trees()
    plan = plan_for_decisions(["kv_mode"], trees)
    assert plan.tree_ids() == ["kv_mode"]  # reads no workload fact at all
    plan = plan_for_decisions(["mini"], trees)
    asked = resolve(plan, {}).asked()
    assert ("workload", "minutes") in asked and ("workload", "availability") not in asked


def test_unstated_facts_are_warnings_in_single_decisions_and_steer_nothing() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    clean, problems = check_answers(plan, {"mini": {"shape": "keys", "global": False}})
    missing = [p for p in problems if p.missing]
    assert missing and all(p.level == "warning" and "not stated" in p.message for p in missing)
    d = resolve(plan, clean).decisions["mini"]
    assert "workload.minutes" not in {t.ref for t in d.drivers}
    assert any(a.ref == "workload.minutes" and a.kind == "unanswered" for a in d.assumptions)


def test_an_unstated_external_fact_is_probed_for_what_it_would_change() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    d = resolve(plan, {"mini": {"shape": "not_sure", "global": False}}).decisions["mini"]
    assert d.pick == "sql"  # the unstated run time does not steer
    flips = [(f.value, f.pick) for f in d.counterfactuals if f.ref == "workload.minutes"]
    assert flips == [(0, "kv")]


def test_refining_follow_on_annotates_the_parent_node_and_a_companion_is_drawn_beside_it() -> None:
    plan = plan_for_decisions(["mini"], _trees())
    res = resolve(plan, {"workload": {"minutes": 30}, "mini": {"shape": "keys", "global": True}})
    arch = compose(res)
    labels = {n.slot: n.label for n in arch.nodes}
    assert labels["mini"] == "Key-value store\n(global tables)\n(on-demand)"
    assert "kv_mode" not in labels and labels["helper"] == "Cache"
    assert [(e.source, e.target) for e in arch.edges] == [("mini", "helper")]
    kinds = {c.kind for c in arch.clusters}
    assert "az" not in kinds and {"cloud", "region", "vpc"} <= kinds  # empty groups are not drawn
    assert arch.title == "Decisions: Which store?, Which capacity mode?, Which helper?"


def test_non_refining_follow_on_is_its_own_node() -> None:
    plan = plan_for_decisions(["mini"], _trees(refine=False))
    res = resolve(plan, {"workload": {"minutes": 5}, "mini": {"shape": "keys"}})
    # kv_mode has no component: it adds no node, and the parent's label is unchanged.
    assert [n.label for n in compose(res).nodes] == ["Key-value store"]


def test_lint_checks_follow_ons_and_tree_mentions() -> None:
    trees = _trees()
    bad = trees["mini"].model_copy(deep=True)
    kv = bad.candidate("kv")
    assert kv is not None
    raw = bad.model_dump(by_alias=True, exclude_none=True)
    raw_kv = next(c for c in raw["candidates"] if c["id"] == "kv")
    raw_kv["then"] = [{"tree": "nosuch"}, {"tree": "workload"}]
    raw["notes"].append({"text": "See the EBS volume-type tree and the `ghost` tree.", "cite": "000 L1"})
    tree = Tree.model_validate(raw)
    findings = lint_tree(tree, LintContext(trees={**trees, "mini": tree}))
    messages = [f.message for f in findings if f.level == "error"]
    assert any("follow-on tree 'nosuch' does not exist" in m for m in messages)
    assert any("'workload' is a profile tree" in m for m in messages)
    assert any("'the EBS volume-type tree'" in m for m in messages)
    assert any("names tree 'ghost'" in m for m in messages)


def test_lint_reports_a_follow_on_loop() -> None:
    trees = _trees()
    raw = trees["kv_mode"].model_dump(by_alias=True, exclude_none=True)
    raw["candidates"][0]["then"] = ["mini"]
    loop = Tree.model_validate(raw)
    findings = lint_tree(loop, LintContext(trees={**trees, "kv_mode": loop}))
    assert any("leads back" in f.message for f in findings)


def test_durations_are_accepted_for_questions_in_seconds() -> None:
    q = Question(id="rto_seconds", ask="RTO?", kind="number", unit="seconds", min=0)
    assert [coerce(q, v)[0] for v in ("90s", "15m", "4h", "1d", "1.5h", 30)] == [90, 900, 14400, 86400, 5400, 30]
    assert coerce(q, "soon")[1] == "'rto_seconds' takes a number, not 'soon'"
    minutes = Question(id="m", ask="M?", kind="number", unit="minutes")
    assert coerce(minutes, "15m")[1] is not None  # only questions asked in seconds take durations
    assert parse_duration(12) == 12
