"""Problems in answers as data: the CLI's fields plus the values a field accepts and a suggestion."""

from __future__ import annotations

from typing import Any

from wizard.core.answers import SHOWN_CHARS, valid_values
from wizard.core.engine import Plan
from wizard.core.model import NOT_SURE
from wizard.core.suggest import did_you_mean
from wizard.errors import Problem
from wizard.io.content import Catalog
from wizard.mcp.results import ProblemInfo


def _suggest(word: Any, choices: list[str]) -> str | None:
    if not isinstance(word, str) or word in choices:
        return None
    return did_you_mean(word[:SHOWN_CHARS], choices)


def describe(problem: Problem, catalog: Catalog, plan: Plan | None, answers: Any) -> ProblemInfo:
    """A problem with its key path split, and what the field accepts where that is known."""
    info = ProblemInfo(**{**problem.as_dict(), "file": None})
    key = problem.key or ""
    path = key.split(".") if key else []
    info.path = path
    given: dict[str, Any] = answers if isinstance(answers, dict) else {}
    if path == ["blueprint"]:
        info.valid_values = sorted(catalog.blueprints)
        info.did_you_mean = _suggest(given.get("blueprint"), info.valid_values)
    elif path[:1] == ["decisions"] or key.startswith("decisions["):
        info.valid_values = sorted(t for t, tree in catalog.trees.items() if not tree.profile)
    elif plan is not None and path[:1] == ["answers"] and len(path) >= 2:
        tree_id = path[1]
        tree_answers = (given.get("answers") or {}).get(tree_id) if isinstance(given.get("answers"), dict) else None
        if tree_id not in plan.trees or tree_id not in plan.tree_ids():
            info.valid_values = plan.tree_ids()
            info.did_you_mean = _suggest(tree_id, info.valid_values)
        elif len(path) >= 3:
            tree = plan.trees[tree_id]
            question = tree.question(path[2])
            if question is None:
                info.valid_values = [q.id for q in tree.questions]
                info.did_you_mean = _suggest(path[2], info.valid_values)
            else:
                info.accepts = valid_values(question)
                if question.options:
                    info.valid_values = question.option_ids() + ([NOT_SURE] if question.not_sure else [])
                    value = tree_answers.get(question.id) if isinstance(tree_answers, dict) else None
                    wrong = (
                        value
                        if isinstance(value, str)
                        else next((v for v in value if isinstance(v, str) and v not in info.valid_values), None)
                        if isinstance(value, list)
                        else None
                    )
                    info.did_you_mean = _suggest(wrong, info.valid_values)
    return info
