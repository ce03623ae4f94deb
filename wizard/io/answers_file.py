"""Read answers files (all problems at once, with lines) and write normalised ones."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wizard.core.answers import check_answers, coerce
from wizard.core.engine import Answers, Plan, plan_for_blueprint, plan_for_decisions
from wizard.core.model import ANSWERS_FORMAT, AnswersFile, Tree
from wizard.errors import AnswersError, Problem, TreeError
from wizard.io.content import Catalog, require_clean
from wizard.io.validation import problems_from
from wizard.io.yaml_loader import Located, load_file


def schema_modeline() -> str:
    """The first line of every answers file archwiz writes.

    Editors with the yaml-language-server then complete and check every question and value
    against the installed answers schema.
    """
    from wizard.io.schemas import schema_path

    return f"# yaml-language-server: $schema={schema_path('answers')}"


@dataclass
class LoadedAnswers:
    """A validated answers file: the plan it targets, the usable answers and warnings."""

    plan: Plan
    answers: Answers
    file: str
    warnings: list[Problem] = field(default_factory=list)


def _locate(problems: list[Problem], located: Located) -> list[Problem]:
    return [located.problem(p.key or "", p.message, p.hint, p.level) for p in problems]


def unsound(tree: Tree) -> list[tuple[str, str]]:
    """Mistakes the tree model lets through but the engine cannot run with: (key path, message).

    `archwiz lint` reports these too; this is the quick subset every run checks.
    """
    found: list[tuple[str, str]] = []
    candidates = {c.id for c in tree.candidates}
    for i, rule in enumerate(tree.rules):
        found += [(f"rules[{i}].{rule.kind}", f"unknown candidate {t!r}") for t in rule.targets() if t not in candidates]
    for i, question in enumerate(tree.questions):
        if question.default is not None:
            _, error = coerce(question, question.default)
            if error:
                found.append((f"questions[{i}].default", f"default: {error}"))
    return found


def require_sound(plan: Plan, catalog: Catalog) -> None:
    """Raise TreeError, with files and lines, if a tree of the plan is one the engine cannot run."""
    problems: list[Problem] = []
    for tree_id in plan.tree_ids():
        found = unsound(plan.trees[tree_id])
        # The line-tracked YAML is read only to place a problem: sound trees never need it.
        located = catalog.located("tree", tree_id) if found else None
        for key, message in found:
            problems.append(located.problem(key, message) if located else Problem(message=message, key=f"{tree_id}.{key}"))
    if problems:
        raise TreeError(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in the decision trees",
            problems=problems,
            hint="fix the tree files listed above; `archwiz lint` checks them",
        )


def plan_of(spec: AnswersFile, catalog: Catalog, located: Located | None = None) -> Plan:
    """The plan an answers file targets; unknown ids raise with a suggestion, unsound trees with their lines."""
    plan = _plan_of(spec, catalog, located)
    require_sound(plan, catalog)
    return plan


def _plan_of(spec: AnswersFile, catalog: Catalog, located: Located | None) -> Plan:
    from wizard.errors import UnknownIdError

    try:
        if spec.blueprint is not None:
            blueprint = catalog.blueprint(spec.blueprint)
            require_clean(catalog, blueprint.tree_ids())
            return plan_for_blueprint(blueprint, catalog.trees)
        ids = spec.decisions or []
        for tree_id in ids:
            catalog.tree(tree_id)
        return plan_for_decisions(ids, catalog.trees)
    except UnknownIdError as exc:
        if located is None:
            raise
        key = "blueprint" if spec.blueprint is not None else "decisions"
        raise AnswersError(
            "the answers file names something that does not exist", problems=[located.problem(key, exc.message, exc.hint)]
        ) from exc


def load_answers(path: Path, catalog: Catalog, *, partial: bool = False) -> LoadedAnswers:
    """Load and validate an answers file; raise AnswersError listing every problem."""
    located = load_file(path, "answers file")
    return answers_from(located, catalog, partial=partial)


def answers_from(located: Located, catalog: Catalog, overrides: Answers | None = None, *, partial: bool = False) -> LoadedAnswers:
    """Validate loaded answers data (plus command-line overrides) against the catalog.

    With `partial`, answers still to be given are not errors (a draft being resumed).
    """
    if not isinstance(located.data, dict):
        raise AnswersError(
            "an answers file is a YAML mapping",
            problems=[located.problem("", "expected keys archwiz, blueprint (or decisions) and answers")],
            hint="run `archwiz questions <blueprint>` for a skeleton",
        )
    try:
        spec = AnswersFile.read(located.data)
    except ValidationError as exc:
        raise AnswersError(
            "the answers file is not well-formed",
            problems=problems_from(exc, located, AnswersFile),
            hint="run `archwiz questions <blueprint>` for a skeleton",
        ) from exc
    plan = plan_of(spec, catalog, located)
    given: Answers = {k: dict(v) for k, v in spec.answers.items()}
    for tree_id, values in (overrides or {}).items():
        given.setdefault(tree_id, {}).update(values)
    clean, problems = check_answers(plan, given, spec.versions)
    if partial:
        problems = [p for p in problems if not p.missing]
    located_problems = _locate(problems, located)
    errors = [p for p in located_problems if p.level == "error"]
    if errors:
        raise AnswersError(
            f"{len(errors)} problem{'s' if len(errors) > 1 else ''} in {located.file}",
            problems=located_problems,
            hint="fix each line above; `archwiz questions` lists every question with its valid values",
        )
    return LoadedAnswers(plan=plan, answers=clean, file=located.file, warnings=located_problems)


def normalised(plan: Plan, answers: Answers) -> dict[str, Any]:
    """The answers as a replayable file: trees and questions in plan order."""
    out: dict[str, Any] = {"archwiz": ANSWERS_FORMAT}
    if plan.blueprint is not None:
        out["blueprint"] = plan.blueprint.id
    else:
        out["decisions"] = [t for t in plan.tree_ids() if t != "workload" or "workload" in answers]
    out["versions"] = {t: plan.trees[t].version for t in plan.tree_ids() if t in answers}
    out["answers"] = {
        t: {q.id: answers[t][q.id] for q in plan.trees[t].questions if q.id in answers[t]} for t in plan.tree_ids() if answers.get(t)
    }
    return out


def dump_answers(plan: Plan, answers: Answers) -> str:
    """The normalised answers file as YAML text, with the schema modeline."""
    body = yaml.safe_dump(normalised(plan, answers), sort_keys=False, allow_unicode=True, width=100)
    return f"{schema_modeline()}\n{body}"


def answers_hash(plan: Plan, answers: Answers) -> str:
    """A short stable hash of the normalised answers (for provenance)."""
    data = json.dumps(normalised(plan, answers), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()[:16]
