"""Check answers against a plan: unknown ids, wrong values, missing and unused answers.

Every problem is collected (never the first one only) and carries the key path
`answers.<tree>.<question>`; the io layer adds the file and line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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


SHOWN_CHARS = 60
# A message names this many wrong items and counts the rest, so a huge list stays one short line.
SHOWN_ITEMS = 10
"""Longest value quoted in a message; a megabyte answer must not flood the terminal."""


def shown(value: Any) -> str:
    """A value as a message quotes it: repr, dates as written, long values cut short."""
    if isinstance(value, dt.date):
        kind = "time" if isinstance(value, dt.datetime) else "date"
        return f"{value.isoformat(sep=' ') if isinstance(value, dt.datetime) else value.isoformat()} (read as a {kind})"
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 3] + "..."


def _number_error(question: Question, value: Any) -> str | None:
    """Why a value does not fit a number question, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        quoted = isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit()
        return f"{question.id!r} takes a number, not {shown(value)}" + (" (remove the quotes)" if quoted else "")
    if isinstance(value, float) and not math.isfinite(value):
        # A number too long for a float (5,000 digits) arrives as infinity: say it is too large.
        if value > 0 and question.max is not None:
            return f"the number is too large (max {_num(question.max)}) for {question.id!r}"
        if value < 0 and question.min is not None:
            return f"the number is too small (min {_num(question.min)}) for {question.id!r}"
        return f"{question.id!r} takes a finite number, not {value}"
    # An int is whole already; float(int) would overflow for very long integers.
    if question.integer and isinstance(value, float) and not value.is_integer():
        return f"{question.id!r} takes a whole number, not {value}"
    if question.min is not None and value < question.min:
        return f"{shown(value)} is below the minimum {_num(question.min)} of {question.id!r}"
    if question.max is not None and value > question.max:
        return f"{shown(value)} is above the maximum {_num(question.max)} of {question.id!r}"
    return None


DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\s*$", re.IGNORECASE)
"""A duration typed for a question asked in seconds: `90s`, `15m`, `4h`, `1d`."""

SECONDS_PER = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> Any:
    """Seconds for a duration string such as `15m` or `4h`; anything else is returned unchanged."""
    if not isinstance(value, str):
        return value
    match = DURATION.match(value)
    if match is None:
        return value
    seconds = float(match.group(1)) * SECONDS_PER[match.group(2)[0].lower()]
    return int(seconds) if seconds.is_integer() else seconds


def coerce(question: Question, value: Any) -> tuple[Any, str | None]:
    """Check one answer; return the normalised value and an error message (or None)."""
    if value == NOT_SURE:
        return (value, None) if question.not_sure else (value, f"{question.id!r} does not accept {NOT_SURE}")
    if question.kind == "choice":
        if isinstance(value, str) and value in question.option_ids():
            return value, None
        return value, f"{shown(value)} is not an option of {question.id!r}"
    if question.kind == "multi":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            return value, f"{question.id!r} takes a list of option ids, not {shown(value)}"
        wrong = [v for v in items if v not in question.option_ids()]
        if wrong:
            more = len(wrong) - SHOWN_ITEMS
            listed = ", ".join(map(shown, wrong[:SHOWN_ITEMS])) + (f" and {more} more" if more > 0 else "")
            return value, f"{listed} {'is' if len(wrong) == 1 else 'are'} not an option of {question.id!r}"
        # Normalise to file order without duplicates so equal selections compare equal.
        return [o for o in question.option_ids() if o in items], None
    if question.kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return value, f"{question.id!r} takes true or false, not {shown(value)}"
    if question.unit == "seconds":
        value = parse_duration(value)
    error = _number_error(question, value)
    if error:
        return value, error
    return (int(value) if question.integer else value), None


def _key(*parts: object) -> str:
    """A key path; a part with control characters is quoted so printing it stays on one line."""
    return ".".join(str(p) if str(p).isprintable() else repr(str(p)) for p in parts)


def _value_problem(question: Question, value: Any, error: str, key: str) -> Problem:
    """A wrong answer, with the valid values and the closest option when one is near."""
    hint = f"valid: {valid_values(question)}"
    wrong = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    # Only the start of a long word matters for a suggestion; keep fuzzy matching cheap.
    close = [did_you_mean(w[:SHOWN_CHARS], question.option_ids()) for w in wrong[:SHOWN_ITEMS] if w not in question.option_ids()]
    if question.options and any(close):
        hint = f"did you mean {' / '.join(repr(c) for c in close if c)}? {hint}"
    return Problem(message=error, key=key, hint=hint)


def _check_tree(tree_id: str, answers: Any, plan: Plan, clean: Answers, problems: list[Problem]) -> None:
    """Check the answers given for one tree, adding the usable ones to `clean`."""
    key = _key("answers", tree_id)
    plan_ids = plan.tree_ids()
    if tree_id not in plan_ids:
        problems.append(
            Problem(
                message=f"{tree_id!r} is not one of the decisions asked here", key=key, hint=hint_for(tree_id, plan_ids, "decisions here")
            )
        )
        return
    tree = plan.trees[tree_id]
    if not isinstance(answers, dict):
        problems.append(Problem(message=f"answers for {tree_id!r} must be a mapping of question: answer", key=key))
        return
    clean[tree_id] = {}
    for qid, value in answers.items():
        if value is None:
            continue  # `question:` left empty in a skeleton means "not answered yet"
        question = tree.question(str(qid))
        if question is None:
            problems.append(
                Problem(
                    message=f"{tree_id!r} has no question {qid!r}",
                    key=_key(key, qid),
                    hint=hint_for(str(qid)[:SHOWN_CHARS], [q.id for q in tree.questions], "questions"),
                )
            )
            continue
        normal, error = coerce(question, value)
        if error:
            problems.append(_value_problem(question, value, error, _key(key, qid)))
            continue
        clean[tree_id][question.id] = normal


def _in_plan_order(plan: Plan, clean: Answers) -> Answers:
    """The answers with trees and questions in plan order: the key order of a file never shows in an output."""
    return {t: {q.id: clean[t][q.id] for q in plan.trees[t].questions if q.id in clean[t]} for t in plan.tree_ids() if t in clean}


def _check_versions(plan: Plan, versions: dict[str, int]) -> list[Problem]:
    """Warnings for answers written against other tree versions, or naming trees not in the plan."""
    problems: list[Problem] = []
    plan_ids = plan.tree_ids()
    for tree_id, version in versions.items():
        key = _key("versions", tree_id)
        if tree_id not in plan_ids:
            problems.append(
                Problem(
                    message=f"versions names {tree_id!r}, which is not one of the decisions asked here",
                    key=key,
                    hint=hint_for(tree_id, plan_ids, "decisions here"),
                    level="warning",
                )
            )
            continue
        known = plan.trees[tree_id]
        if version != known.version:
            problems.append(
                Problem(
                    message=f"answers were written for {tree_id} version {version}; this archwiz has version {known.version}",
                    key=key,
                    hint="check the answers still mean what you intended, then save them again",
                    level="warning",
                )
            )
    return problems


def check_answers(plan: Plan, given: Answers, versions: dict[str, int] | None = None) -> tuple[Answers, list[Problem]]:
    """Validate answers for a plan; return the usable answers and every problem found."""
    problems: list[Problem] = []
    clean: Answers = {}
    for tree_id, answers in given.items():
        _check_tree(tree_id, answers, plan, clean, problems)
    clean = _in_plan_order(plan, clean)
    problems += _check_versions(plan, versions or {})
    res = resolve(plan, clean, counterfactuals=False)
    reported = {p.key for p in problems}
    for tree_id, qid in res.missing():
        if f"answers.{tree_id}.{qid}" in reported:
            continue  # already reported as a wrong value
        question = plan.trees[tree_id].question(qid)
        assert question is not None
        if plan.blueprint is None:
            # Single decisions: an unstated fact is neutral (unknown), listed as an assumption.
            problems.append(
                Problem(
                    message=f"not stated, so it steers nothing: {question.ask}",
                    key=f"answers.{tree_id}.{qid}",
                    hint=f"answer `{qid}:` with {valid_values(question)} if you know it",
                    level="warning",
                    missing=True,
                )
            )
            continue
        problems.append(
            Problem(
                message=f"missing answer: {question.ask}",
                key=f"answers.{tree_id}.{qid}",
                hint=f"fill in `{qid}:` with {valid_values(question)}",
                missing=True,
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
