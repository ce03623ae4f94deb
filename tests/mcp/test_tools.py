"""The MCP tools in-process: listing, a full blueprint interview, decide, explain, validate, resources."""

from __future__ import annotations

from typing import Any

import yaml

from tests.conftest import ROOT, SEEDS

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
TOOLS = {"list_trees", "questions", "decide", "explain", "validate", "render"}


def _example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text())


def test_lists_the_tools_with_input_and_output_schemas(session) -> None:
    async def body(client):
        return (await client.list_tools()).tools

    tools = {t.name: t for t in session(body)}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema is not None
    assert tools["render"].input_schema["properties"]["formats"]["items"]["enum"] == ["png", "svg", "pdf", "dot", "mmd"]
    assert tools["questions"].input_schema["required"] == ["tree_or_blueprint"]


def test_list_trees_matches_the_cli_json(session, cli) -> None:
    import json

    async def body(client):
        return (await client.call_tool("list_trees", {})).structured_content

    assert session(body) == json.loads(cli("trees", "--json").stdout)


def _answer(question: dict[str, Any], example: dict[str, Any]) -> Any:
    known = example["answers"].get(question["tree"], {})
    if question["id"] in known:
        return known[question["id"]]
    if question["default"] is not None:
        return question["default"]
    if question["kind"] == "choice":
        return question["options"][0]["id"]
    if question["kind"] == "multi":
        return []
    if question["kind"] == "boolean":
        return False
    return question["min"] if question["min"] is not None else 1


def test_a_full_blueprint_interview_through_questions_and_decide(session, catalog) -> None:
    from wizard.core.engine import plan_for_blueprint, resolve

    example = _example()

    async def body(client):
        answers: dict[str, dict[str, Any]] = {}
        asked = []
        for _ in range(300):
            result = await client.call_tool("questions", {"tree_or_blueprint": "web_three_tier", "answers": answers})
            assert not result.is_error, result.content
            data = result.structured_content
            assert data["problems"] == []
            if not data["questions"]:
                break
            first = data["questions"][0]
            assert first["why"] and first["accepts"]
            asked.append(first["ref"])
            answers.setdefault(first["tree"], {})[first["id"]] = _answer(first, example)
        assert data["done"] and data["kind"] == "blueprint"
        decisions = {}
        for tree in data["answers_file"]["answers"]:
            if tree == "workload":
                continue
            got = await client.call_tool("decide", {"tree": tree, "answers": answers})
            assert not got.is_error, got.content
            decisions[tree] = got.structured_content
        checked = await client.call_tool("validate", {"answers": data["answers_file"]})
        assert checked.structured_content["valid"] is True, checked.structured_content
        return answers, asked, decisions, data["answers_file"]

    answers, asked, decisions, document = session(body)
    assert len(asked) == len(set(asked)) > 20
    assert document["blueprint"] == "web_three_tier" and set(document["answers"]) == set(answers)
    res = resolve(plan_for_blueprint(catalog.blueprints["web_three_tier"], catalog.trees), answers)
    assert decisions["database"]["pick"] == res.decisions["database"].pick
    assert decisions["load_balancer"]["pick"] == res.decisions["load_balancer"].pick
    for data in decisions.values():
        assert {"pick", "alternatives", "excluded", "counterfactuals", "assumptions", "notes", "follow_on_decisions"} <= set(data)


def test_decide_matches_the_cli_json(session, cli) -> None:
    import json

    example = _example()

    async def body(client):
        return (await client.call_tool("decide", {"tree": "database", "answers": example["answers"]})).structured_content

    expected = json.loads(cli("decide", "database", "--answers", str(EXAMPLE), "--json").stdout)
    assert session(body) == expected


def test_explain_gives_every_rule_in_order(session, catalog) -> None:
    example = _example()

    async def body(client):
        return (await client.call_tool("explain", {"tree": "load_balancer", "answers": example["answers"]})).structured_content

    data = session(body)
    rules = catalog.trees["load_balancer"].rules
    assert [r["index"] for r in data["rules"]] == list(range(1, len(rules) + 1))
    assert {r["state"] for r in data["rules"]} <= {"applies", "does_not_apply", "unknown"}
    assert data["rules"][-1]["kind"] == "default"
    assert data["decision"]["tree"] == "load_balancer"


def test_validate_reports_every_problem_with_valid_values_and_a_suggestion(session) -> None:
    document = _example()
    document["answers"]["database"]["data_model"] = "relatinal"
    document["answers"]["workload"]["availabilty"] = "multi_az"
    document["answers"]["databse"] = {}

    async def body(client):
        good = (await client.call_tool("validate", {"answers": _example()})).structured_content
        bad = (await client.call_tool("validate", {"answers": document})).structured_content
        return good, bad

    good, bad = session(body)
    assert good["valid"] is True
    assert bad["valid"] is False
    by_key = {p["key"]: p for p in bad["problems"]}
    assert by_key["answers.database.data_model"]["did_you_mean"] == "relational"
    assert "relational" in by_key["answers.database.data_model"]["valid_values"]
    assert by_key["answers.workload.availabilty"]["did_you_mean"] == "availability"
    assert by_key["answers.databse"]["did_you_mean"] == "database"
    assert by_key["answers.database.data_model"]["path"] == ["answers", "database", "data_model"]


def test_questions_for_a_single_tree_asks_only_what_it_reads(session, catalog) -> None:
    from wizard.core.engine import plan_for_decisions

    async def body(client):
        return (await client.call_tool("questions", {"tree_or_blueprint": "database"})).structured_content

    data = session(body)
    plan = plan_for_decisions(["database"], catalog.trees)
    assert data["kind"] == "tree" and data["questions"]
    assert {q["tree"] for q in data["questions"]} <= set(plan.tree_ids())
    workload = [q["id"] for q in data["questions"] if q["tree"] == "workload"]
    assert set(workload) <= set(plan.ask_only["workload"])
    assert data["answers_file"]["decisions"][0] == "database"


def test_resources_serve_trees_blueprints_schema_and_cited_lines(session) -> None:
    async def body(client):
        listed = {str(r.uri) for r in (await client.list_resources()).resources}
        tree = (await client.read_resource("archwiz://trees/database")).contents[0].text
        blueprint = (await client.read_resource("archwiz://blueprints/web_three_tier")).contents[0].text
        schema = (await client.read_resource("archwiz://schema/answers")).contents[0].text
        cited = (await client.read_resource("archwiz://notes/000/L405-L407")).contents[0].text if SEEDS.is_dir() else ""
        return listed, tree, blueprint, schema, cited

    listed, tree, blueprint, schema, cited = session(body)
    assert {"archwiz://trees/database", "archwiz://blueprints/web_three_tier", "archwiz://schema/answers"} <= listed
    assert yaml.safe_load(tree)["id"] == "database"
    assert yaml.safe_load(blueprint)["id"] == "web_three_tier"
    assert '"title": "archwiz answers file"' in schema
    if SEEDS.is_dir():
        assert cited.startswith("000 L405-L407") and "   405  " in cited


def test_explain_matches_the_cli_json(session, cli) -> None:
    import json

    example = _example()

    async def body(client):
        return (await client.call_tool("explain", {"tree": "ec2_purchasing", "answers": example["answers"]})).structured_content

    proc = cli("explain", "ec2_purchasing", "--answers", str(EXAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    assert session(body) == json.loads(proc.stdout)
