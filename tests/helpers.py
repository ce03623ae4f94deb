"""Small trees and blueprints built in code, so unit tests do not depend on real content."""

from __future__ import annotations

from typing import Any

from wizard.core.model import Blueprint, Tree

WORKLOAD: dict[str, Any] = {
    "id": "workload",
    "title": "Workload",
    "version": 1,
    "last_reviewed": "2026-12-01",
    "summary": "Shared facts.",
    "profile": True,
    "questions": [
        {
            "id": "availability",
            "ask": "Availability?",
            "options": [{"id": "single_az", "label": "One AZ"}, {"id": "multi_az", "label": "Two AZs"}],
            "default": "multi_az",
        },
        {"id": "minutes", "ask": "Run minutes?", "kind": "number", "unit": "minutes", "min": 0, "max": 1000, "not_sure": True},
    ],
}

MINI: dict[str, Any] = {
    "id": "mini",
    "title": "Which store?",
    "version": 2,
    "last_reviewed": "2026-12-01",
    "summary": "Pick a store.",
    "questions": [
        {
            "id": "shape",
            "ask": "Shape?",
            "options": [{"id": "tables", "label": "Tables"}, {"id": "keys", "label": "Keys"}, {"id": "graph", "label": "Graph"}],
            "not_sure": True,
        },
        {"id": "size_gb", "ask": "Size?", "kind": "number", "unit": "GB", "min": 0, "max": 100000, "when": {"shape": "tables"}},
        {
            "id": "features",
            "ask": "Features?",
            "kind": "multi",
            "options": [{"id": "joins", "label": "Joins"}, {"id": "ttl", "label": "TTL"}],
            "when": {"shape": "tables"},
            "default": [],
        },
        {"id": "global", "ask": "Global?", "kind": "boolean", "default": False},
    ],
    "candidates": [
        {
            "id": "sql",
            "label": "SQL store",
            "short": "SQL",
            "component": "aws.database.RDS",
            "summary": "Relational.",
            "scope": "az",
            "cite": "000 L405",
        },
        {
            "id": "big_sql",
            "label": "Big SQL store",
            "component": "aws.database.Aurora",
            "summary": "Bigger relational.",
            "scope": "az",
            "cite": "000 L430",
        },
        {
            "id": "kv",
            "label": "Key-value store",
            "component": "aws.database.Dynamodb",
            "summary": "Keys.",
            "scope": "region",
            "cite": "000 L1540",
        },
        {"id": "graphdb", "label": "Graph store", "component": "aws.database.Neptune", "summary": "Graphs.", "cite": "000 L1760"},
        {"id": "old", "label": "Retired store", "summary": "Gone.", "retired": True, "cite": "000 L1770"},
    ],
    "rules": [
        {"exclude": ["old"], "because": "Retired.", "cite": "000 L1770"},
        {"exclude": ["kv", "graphdb"], "when": {"shape": "tables"}, "because": "Tables need SQL.", "cite": "000 L1738"},
        {"exclude": ["sql", "big_sql"], "when": {"shape": ["keys", "graph"]}, "because": "Not tables.", "cite": "000 L1739"},
        {"prefer": "big_sql", "when": {"size_gb": {"gt": 500}}, "because": "Large data.", "cite": "000 L431"},
        {"prefer": "graphdb", "when": {"shape": "graph"}, "because": "Graph queries.", "cite": "000 L1760"},
        {
            "prefer": "kv",
            "when": {"any": [{"shape": "keys"}, {"workload.minutes": {"lt": 1}}]},
            "because": "Keys or tiny jobs.",
            "cite": "000 L1540",
        },
        {"prefer": "big_sql", "when": {"global": True}, "because": "Global.", "cite": "000 L461"},
        {"default": "sql", "because": "Relational default.", "cite": "000 L405"},
    ],
    "notes": [
        {"when": {"pick": "kv"}, "text": "On-demand is the default mode.", "cite": "000 L1548"},
        {"when": {"features": {"has": "ttl"}}, "text": "TTL note.", "cite": "000 L1549"},
    ],
}

BLUEPRINT: dict[str, Any] = {
    "id": "mini_bp",
    "title": "Mini blueprint",
    "summary": "Users and a store.",
    "trees": ["workload", "mini"],
    "layout": {
        "direction": "TB",
        "nodes": [{"id": "users", "component": "aws.general.Users", "label": "Users"}],
        "clusters": [
            {
                "id": "region",
                "label": "Region",
                "kind": "region",
                "children": [
                    {
                        "id": "az",
                        "label": "AZ {letter}",
                        "kind": "az",
                        "repeat": {"count": 2, "when": {"workload.availability": "multi_az"}},
                        "children": [{"id": "subnet", "label": "Subnet {letter}", "kind": "private"}],
                    }
                ],
            }
        ],
        "slots": [
            {"id": "app", "component": "aws.compute.EC2", "label": "App", "in": "subnet", "per": "az"},
            {"id": "db", "pick": "mini", "in": "subnet", "in_by_scope": {"region": "region"}, "per": "az", "roles": ["primary", "standby"]},
        ],
        "edges": [
            {"from": "users", "to": "app", "label": "HTTPS"},
            {"from": "app", "to": "db", "match": "same_index", "label": "SQL"},
            {"from": "db.primary", "to": "db.standby", "style": "dashed", "layout": False},
        ],
    },
    "checks": [{"when": {"mini.pick": "kv"}, "level": "warning", "text": "Keys chosen.", "cite": "000 L1540"}],
}


def trees() -> dict[str, Tree]:
    """The two unit-test trees by id."""
    return {"workload": Tree.model_validate(WORKLOAD), "mini": Tree.model_validate(MINI)}


def blueprint() -> Blueprint:
    """The unit-test blueprint."""
    return Blueprint.model_validate(BLUEPRINT)


# A tiny user tree as a file would hold it (user tree folders, the parse cache).
QUEUE_TREE = """\
id: queue_choice
title: Which queue?
version: 1
last_reviewed: 2026-12-01
summary: A tiny user tree.
questions:
  - id: ordering
    ask: Must messages keep their order?
    kind: boolean
candidates:
  - {id: standard, label: SQS standard, component: aws.integration.SQS, summary: Best effort order., cite: 000 L1204}
  - {id: fifo, label: SQS FIFO, component: aws.integration.SQS, summary: Strict order., cite: 000 L1204}
rules:
  - {prefer: fifo, when: {ordering: true}, because: Order matters., cite: 000 L1204}
  - {default: standard, because: Simplest., cite: 000 L1204}
"""
