"""result.json: the report, machine-readable and deterministic."""

from __future__ import annotations

import json

from wizard.core.report import Report

JSON_FORMAT = 1
"""Version of the result.json layout."""


def result_json(report: Report) -> str:
    """The report as pretty, stable JSON text."""
    data = {"format": JSON_FORMAT, **report.model_dump(mode="json")}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
