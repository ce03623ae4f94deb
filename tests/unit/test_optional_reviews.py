"""Blueprints ask the security and resilience decisions only when the user ticks those reviews."""

from __future__ import annotations

from tests.conftest import ROOT
from wizard.core.composer import compose
from wizard.core.engine import resolve
from wizard.io.answers_file import load_answers
from wizard.io.content import load_catalog

REVIEWS = ROOT / "tests" / "data" / "answers" / "web_three_tier_reviews.yaml"
EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
OPTIONAL = {"network_protection", "secrets_and_keys", "threat_detection", "backup", "disaster_recovery"}


def test_ticked_reviews_add_their_decisions_and_draw_their_picks() -> None:
    loaded = load_answers(REVIEWS, load_catalog())
    assert not [w for w in loaded.warnings if w.level == "error"]
    res = resolve(loaded.plan, loaded.answers, counterfactuals=False)
    assert OPTIONAL <= set(res.active)
    assert res.decisions["network_protection"].pick == "waf"
    assert res.decisions["secrets_and_keys"].pick == "secrets_manager"
    slots = {n.slot for n in compose(res).nodes}
    assert {"protection", "secrets", "detection", "backups"} <= slots


def test_without_reviews_the_design_has_none_of_them() -> None:
    loaded = load_answers(EXAMPLE, load_catalog())
    res = resolve(loaded.plan, loaded.answers, counterfactuals=False)
    assert not OPTIONAL & set(res.active)
    assert not {"protection", "secrets", "detection", "backups"} & {n.slot for n in compose(res).nodes}


def test_a_web_acl_ticked_as_a_load_balancer_need_is_drawn_on_the_entry_point() -> None:
    loaded = load_answers(EXAMPLE, load_catalog())
    answers = {t: dict(v) for t, v in loaded.answers.items()}
    answers["load_balancer"]["http_needs"] = [*answers["load_balancer"].get("http_needs", []), "waf"]
    arch = compose(resolve(loaded.plan, answers, counterfactuals=False))
    assert "lb_waf" in {n.id for n in arch.nodes}
    assert ("lb_waf", "lb") in {(e.source, e.target) for e in arch.edges}
    # With the security review, the network_protection pick is drawn instead of a second WAF.
    reviewed = load_answers(REVIEWS, load_catalog())
    both = {t: dict(v) for t, v in reviewed.answers.items()}
    both["load_balancer"]["http_needs"] = [*both["load_balancer"].get("http_needs", []), "waf"]
    assert "lb_waf" not in {n.id for n in compose(resolve(reviewed.plan, both, counterfactuals=False)).nodes}
