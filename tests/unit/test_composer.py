from __future__ import annotations

from tests.helpers import blueprint, trees
from wizard.core.composer import compose
from wizard.core.engine import plan_for_blueprint, resolve


def arch(availability: str, shape: str, **mini):  # type: ignore[no-untyped-def]
    answers = {"workload": {"availability": availability, "minutes": 30}, "mini": {"shape": shape, "global": False, **mini}}
    return compose(resolve(plan_for_blueprint(blueprint(), trees()), answers))


def test_two_azs_give_a_copy_of_each_per_az_slot_wired_to_its_sibling() -> None:
    a = arch("multi_az", "tables", size_gb=10)
    assert [c.id for c in a.clusters] == ["region", "az_1", "subnet_1", "az_2", "subnet_2"]
    assert [c.label for c in a.clusters if c.kind == "az"] == ["AZ a", "AZ b"]
    nodes = {n.id: n for n in a.nodes}
    assert nodes["db_1"].role == "primary" and nodes["db_2"].role == "standby"
    assert nodes["db_1"].cluster == "subnet_1" and nodes["app_2"].cluster == "subnet_2"
    assert "(standby)" in nodes["db_2"].label
    edges = {(e.source, e.target) for e in a.edges}
    assert ("app_1", "db_1") in edges and ("app_2", "db_2") in edges and ("app_1", "db_2") not in edges
    replication = [e for e in a.edges if e.source == "db_1" and e.target == "db_2"]
    assert replication and replication[0].constraint is False and replication[0].style == "dashed"


def test_one_az_draws_one_copy_and_no_standby_edge() -> None:
    a = arch("single_az", "tables", size_gb=10)
    # ids stay those of the first AZ, so outputs of one and two AZs stay comparable
    assert [n.id for n in a.nodes] == ["users", "app_1", "db_1"]
    assert all(e.target != "db_2" for e in a.edges)
    assert a.clusters[1].label == "AZ a"
    assert "(primary)" not in a.nodes[2].label


def test_a_regional_pick_is_one_node_in_the_region() -> None:
    a = arch("multi_az", "keys")
    db = [n for n in a.nodes if n.slot == "db"]
    assert len(db) == 1 and db[0].cluster == "region" and db[0].pick == "kv"
    # both app copies reach the single regional store
    assert {(e.source, e.target) for e in a.edges if e.target == db[0].id} == {("app_1", "db"), ("app_2", "db")}
    assert [c.text for c in a.checks] == ["Keys chosen."]


def test_labels_on_a_fan_out_appear_once_and_on_each_matched_pair() -> None:
    fan_out = arch("multi_az", "keys")
    assert [e.label for e in fan_out.edges if e.target == "db"] == ["SQL", None]
    users = [e.label for e in fan_out.edges if e.source == "users"]
    assert users == ["HTTPS", None]
    pairs = arch("multi_az", "tables", size_gb=1)
    assert [e.label for e in pairs.edges if e.target in ("db_1", "db_2") and e.source.startswith("app")] == ["SQL", "SQL"]


def _with_traffic(**slot_fields):  # type: ignore[no-untyped-def]
    import copy

    from tests.helpers import BLUEPRINT
    from wizard.core.model import Blueprint

    data = copy.deepcopy(BLUEPRINT)
    data["layout"]["slots"][1].update(slot_fields)
    return Blueprint.model_validate(data)


def _arch_with(bp, shape: str = "tables"):  # type: ignore[no-untyped-def]
    answers = {"workload": {"availability": "multi_az", "minutes": 30}, "mini": {"shape": shape, "global": False, "size_gb": 10}}
    return compose(resolve(plan_for_blueprint(bp, trees()), answers))


def test_a_standby_that_takes_no_traffic_keeps_only_its_replication_edge() -> None:
    a = _arch_with(_with_traffic(traffic={"standby": "none"}))
    into_standby = [(e.source, e.label) for e in a.edges if e.target == "db_2"]
    assert into_standby == [("db_1", None)]  # the replication edge, nothing from the app tier
    to_primary = [e for e in a.edges if e.target == "db_1" and e.source.startswith("app")]
    assert [(e.source, e.constraint) for e in to_primary] == [("app_1", True), ("app_2", False)]


def test_a_readable_copy_takes_reads_and_writes_still_reach_the_primary() -> None:
    a = _arch_with(_with_traffic(traffic={"standby": "none"}, traffic_by_pick={"sql": {"standby": "reads"}}))
    reads = [e for e in a.edges if e.source == "app_2" and e.target == "db_2"]
    assert len(reads) == 1 and reads[0].label == "reads" and reads[0].style == "dotted"
    assert any(e.source == "app_2" and e.target == "db_1" for e in a.edges)


def test_a_feature_setting_wins_over_the_pick_and_the_slot() -> None:
    slot = _with_traffic(
        traffic={"standby": "none"}, traffic_by_pick={"sql": {"standby": "none"}}, traffic_by_feature={"fast": {"standby": "reads"}}
    )
    db = slot.layout.slots[1]
    assert db.traffic_of("standby", "sql", []) == "none"
    assert db.traffic_of("standby", "sql", ["fast"]) == "reads"
    assert db.traffic_of("primary", "sql", ["fast"]) == "all"
    assert db.traffic_of(None, "sql", []) == "all"
