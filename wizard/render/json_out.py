"""Machine-readable views: result.json, and the `--json` shapes shared by the CLI and the MCP server."""

from __future__ import annotations

import json
from typing import Any

from wizard.core.conditions import UNKNOWN
from wizard.core.engine import Resolution
from wizard.core.explain import rule_outcomes
from wizard.core.model import Blueprint, Tree
from wizard.core.report import Report

JSON_FORMAT = 1
"""Version of the result.json layout."""


def result_json(report: Report) -> str:
    """The report as pretty, stable JSON text."""
    data = {"format": JSON_FORMAT, **report.as_dict()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def catalog_data(trees: list[Tree], blueprints: list[Blueprint]) -> dict[str, Any]:
    """`archwiz trees --json`: every tree and blueprint with title and summary, sorted by id."""
    return {
        "trees": [
            {
                "id": t.id,
                "title": t.title,
                "version": t.version,
                "summary": t.summary,
                "questions": len(t.questions),
                "candidates": len(t.candidates),
                "profile": t.profile,
            }
            for t in sorted(trees, key=lambda t: t.id)
        ],
        "blueprints": [
            {"id": b.id, "title": b.title, "summary": b.summary, "trees": b.tree_ids()} for b in sorted(blueprints, key=lambda b: b.id)
        ],
    }


def decision_data(res: Resolution, tree_id: str) -> dict[str, Any]:
    """`archwiz decide --json`: the decision, plus the decisions its pick continued into (follow-on trees)."""
    chained = {t: res.decisions[t].as_dict() for t in res.active if t in res.decisions and t != tree_id}
    return {**res.decisions[tree_id].as_dict(), "follow_on_decisions": chained}


def explanation_data(tree: Tree, res: Resolution) -> dict[str, Any]:
    """`archwiz explain --json`: every rule in order with its outcome, and the decision (as `decide --json`)."""
    rules = [
        {
            "index": r.index,
            "kind": r.kind,
            "targets": r.targets,
            "state": r.state,
            "reads": {ref: (None if value is UNKNOWN else value) for ref, value in r.reads},
            "because": r.because,
            "cite": r.cite,
        }
        for r in rule_outcomes(tree, res)
    ]
    return {"tree": tree.id, "version": tree.version, "rules": rules, "decision": decision_data(res, tree.id)}
