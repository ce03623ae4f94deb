"""Check answers against a plan: unknown ids, wrong values, missing and unused answers.

Every problem is collected (never the first one only) and carries the key path
`answers.<tree>.<question>`; the io layer adds the file and line.
"""

from __future__ import annotations

from typing import Any

from wizard.core import conditions
from wizard.core.engine import Answers, Plan, resolve
from wizard.core.model import NOT_SURE, Question
from wizard.core.suggest import did_you_mean, hint_for
from wizard.errors import Problem


def valid_values(question: Question) -> str:
    """A short description of what a question accepts."""
    extra = [NOT_SURE] if question.not_sure else []
    if question.kind == "choice":
        return "one of: " + ", ".join([*question.option_ids(), *extra])
    if question.kind == "multi":
        return "a list of any of: " + ", ".join(question.option_ids()) + (f" (or {NOT_SURE})" if extra else "")
    if question.kind == "boolean":
        return "true or false" + (f" (or {NOT_SURE})" if extra else "")
    bounds = []
    if question.min is not None:
        bounds.append(f">= {_num(question.min)}")
    if question.max is not None:
        bounds.append(f"<= {_num(question.max)}")
    kind = "a whole number" if question.integer else "a number"
    unit = f" ({question.unit})" if question.unit else ""
    return f"{kind}{unit}" + (f" {' and '.join(bounds)}" if bounds else "") + (f" (or {NOT_SURE})" if extra else "")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def coerce(question: Question, value: Any) -> tuple[Any, str | None]:
    """Check one answer; return the normalised value and an error message (or None)."""
    if value == NOT_SURE:
        return (value, None) if question.not_sure else (value, f"{question.id!r} does not accept {NOT_SURE}")
    if question.kind == "choice":
        if isinstance(value, str) and value in question.option_ids():
            return value, None
        return value, f"{value!r} is not an option of {question.id!r}"
    if question.kind == "multi":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            return value, f"{question.id!r} takes a list of option ids"
        wrong = [v for v in items if v not in question.option_ids()]
        if wrong:
            return value, f"{', '.join(map(repr, wrong))} {'is' if len(wrong) == 1 else 'are'} not an option of {question.id!r}"
        # Normalise to file order without duplicates so equal selections compare equal.
        return [o for o in question.option_ids() if o in items], None
    if question.kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return value, f"{question.id!r} takes true or false, not {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value, f"{question.id!r} takes a number, not {value!r}"
    if question.integer and not float(value).is_integer():
        return value, f"{question.id!r} takes a whole number, not {value}"
    if question.min is not None and value < question.min:
        return value, f"{value} is below the minimum {_num(question.min)} of {question.id!r}"
    if question.max is not None and value > question.max:
        return value, f"{value} is above the maximum {_num(question.max)} of {question.id!r}"
    return (int(value) if question.integer else value), None


def check_answers(plan: Plan, given: Answers, versions: dict[str, int] | None = None) -> tuple[Answers, list[Problem]]:
    """Validate answers for a plan; return the usable answers and every problem found."""
    problems: list[Problem] = []
    clean: Answers = {}
    plan_ids = plan.tree_ids()
    for tree_id, answers in given.items():
        key = f"answers.{tree_id}"
        if tree_id not in plan_ids:
            problems.append(
                Problem(message=f"{tree_id!r} is not a decision of this plan", key=key, hint=hint_for(tree_id, plan_ids, "decisions here"))
            )
            continue
        tree = plan.trees[tree_id]
        if not isinstance(answers, dict):
            problems.append(Problem(message=f"answers for {tree_id!r} must be a mapping of question: answer", key=key))
            continue
        clean[tree_id] = {}
        for qid, value in answers.items():
            if value is None:
                continue  # `question:` left empty in a skeleton means "not answered yet"
            question = tree.question(str(qid))
            if question is None:
                problems.append(
                    Problem(
                        message=f"{tree_id!r} has no question {qid!r}",
                        key=f"{key}.{qid}",
                        hint=hint_for(str(qid), [q.id for q in tree.questions], "questions"),
                    )
                )
                continue
            normal, error = coerce(question, value)
            if error:
                hint = f"valid: {valid_values(question)}"
                wrong = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
                close = [did_you_mean(w, question.option_ids()) for w in wrong if w not in question.option_ids()]
                if question.options and any(close):
                    hint = f"did you mean {' / '.join(repr(c) for c in close if c)}? {hint}"
                problems.append(Problem(message=error, key=f"{key}.{qid}", hint=hint))
                continue
            clean[tree_id][question.id] = normal
    for tree_id, version in (versions or {}).items():
        known = plan.trees.get(tree_id)
        if known is not None and version != known.version:
            problems.append(
                Problem(
                    message=f"answers were written for {tree_id} version {version}; this archwiz has version {known.version}",
                    key=f"versions.{tree_id}",
                    hint="check the answers still mean what you intended, then save them again",
                    level="warning",
                )
            )
    res = resolve(plan, clean, counterfactuals=False)
    reported = {p.key for p in problems}
    for tree_id, qid in res.missing():
        if f"answers.{tree_id}.{qid}" in reported:
            continue  # already reported as a wrong value
        question = plan.trees[tree_id].question(qid)
        assert question is not None
        problems.append(
            Problem(
                message=f"missing answer: {question.ask}",
                key=f"answers.{tree_id}.{qid}",
                hint=f"add `{qid}:` with {valid_values(question)}",
            )
        )
    for tree_id, qid in res.set_aside:
        question = plan.trees[tree_id].question(qid)
        why = ""
        if question is not None and question.when:
            why = f" (asked only when {describe(question.when)})"
        elif tree_id not in res.active:
            why = " (this decision is not part of the architecture for these answers)"
        problems.append(
            Problem(
                message=f"answer not used: the question is not asked on this path{why}", key=f"answers.{tree_id}.{qid}", level="warning"
            )
        )
    return clean, problems


def describe(raw: Any) -> str:
    """A compact human reading of a condition, for messages."""
    cond = conditions.parse(raw)
    parts = []
    for comp in conditions.comparisons(cond):
        value = comp.value
        if isinstance(value, tuple):
            value = " or ".join(map(str, value))
        op = {
            "eq": "=",
            "in": "=",
            "ne": "!=",
            "gt": ">",
            "ge": ">=",
            "lt": "<",
            "le": "<=",
            "has": "has",
            "has_any": "has any of",
            "has_all": "has all of",
        }[comp.op]
        parts.append(f"{comp.ref} {op} {value}")
    return "; ".join(parts) if parts else "always"
