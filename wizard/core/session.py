"""An interview session: the engine's checklist driven one question at a time.

Pure state for the TUI (and any other front end): the current question, answering, going
back, jumping to an earlier answer to edit it, progress, and what each answer changed. All
branching is the engine's (`resolve`); nothing here decides which question comes next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core import conditions
from wizard.core.answers import coerce
from wizard.core.decision import Decision
from wizard.core.engine import Answers, Plan, Resolution, resolve
from wizard.core.influence import Influence, InfluenceIndex, influence_index
from wizard.core.model import NOT_SURE, Question


@dataclass(frozen=True)
class Step:
    """One decision of the plan, as the stepper shows it."""

    tree: str
    title: str
    state: str  # "done", "current", "pending" or "skipped"
    answered: int
    asked: int


@dataclass(frozen=True)
class Reason:
    """An earlier answer that made the current question appear."""

    ref: str
    question: str
    value_label: str


@dataclass(frozen=True)
class Change:
    """What the last answer changed in a decision's pick."""

    tree: str
    before: str | None
    after: str | None


@dataclass
class Session:
    """The state of one interview."""

    plan: Plan
    given: Answers = field(default_factory=dict)
    history: list[tuple[str, str]] = field(default_factory=list)
    editing: tuple[str, str] | None = None
    last_edit: tuple[str, str] | None = None  # the review's cursor returns here
    last_change: list[Change] = field(default_factory=list)
    _res: Resolution | None = None
    _influence: InfluenceIndex | None = None
    """What each question decides: it depends on the plan alone, so it is worked out once."""

    def resolution(self) -> Resolution:
        """The engine's view of the current answers (cached until the next change)."""
        if self._res is None:
            self._res = resolve(self.plan, self.given, counterfactuals=False)
        return self._res

    def _invalidate(self) -> None:
        self._res = None

    # ------------------------------------------------------------ where we are

    def current(self) -> tuple[str, Question] | None:
        """The question to show: the one being edited, else the first unanswered on the path."""
        if self.editing is not None:
            tree_id, qid = self.editing
            if (tree_id, qid) in self.resolution().asked():
                question = self.plan.trees[tree_id].question(qid)
                if question is not None:
                    return tree_id, question
            self.editing = None
        return self.resolution().next_question()

    def is_complete(self) -> bool:
        """True when every question on the path has an answer."""
        return self.current() is None

    def value(self, tree_id: str, qid: str) -> Any:
        """The given answer, else the question's default, else None."""
        if qid in self.given.get(tree_id, {}):
            return self.given[tree_id][qid]
        question = self.plan.trees[tree_id].question(qid)
        return question.default if question else None

    def remaining(self) -> int:
        """Questions left on the current path (it may grow or shrink with answers)."""
        return len(self.resolution().unanswered())

    def position(self) -> tuple[int, int]:
        """Where the current question sits on the current path: (its number, the path's length).

        Both are recomputed from the answers, so going back or editing from the review shows the
        question's own place, and the length follows the path as answers open or close questions.
        """
        asked = self.resolution().asked()
        here = self.current()
        total = len(asked)
        if here is None:
            return total, total
        key = (here[0], here[1].id)
        return (asked.index(key) + 1 if key in asked else total, total)

    def answered_count(self) -> int:
        """Answers given on the current path."""
        res = self.resolution()
        return sum(1 for t, q in res.asked() if q in self.given.get(t, {}))

    def steps(self) -> list[Step]:
        """The plan's decisions with their state, for the stepper."""
        res = self.resolution()
        here = self.current()
        out = []
        listed = self.plan.listed()
        for tree_id in self.plan.tree_ids():
            tree = self.plan.trees[tree_id]
            if tree.id not in res.active:
                # A follow-on tree that no pick continues into is not part of this interview at all.
                if tree.id in listed:
                    out.append(Step(tree.id, tree.title, "skipped", 0, 0))
                continue
            asked = res.per_tree[tree.id].asked
            answered = sum(1 for q in asked if q in self.given.get(tree.id, {}))
            if here is not None and here[0] == tree.id:
                state = "current"
            elif answered == len(asked):
                state = "done"
            else:
                state = "pending"
            out.append(Step(tree.id, tree.title, state, answered, len(asked)))
        return out

    def why_asked(self, tree_id: str, question: Question) -> list[Reason]:
        """The earlier answers the question's condition (and its tree's) reads."""
        refs = list(conditions.references(question.cond))
        for entry in self.plan.refs:
            if entry.tree == tree_id:
                refs += [r for r in conditions.references(entry.cond) if r not in refs]
        res = self.resolution()
        out = []
        for ref in refs:
            full = conditions.qualified(ref, tree_id)
            other = self.plan.question(full)
            value = res.value(full)
            shown = "not sure" if value is conditions.UNKNOWN else (other.label_of(value) if other else str(value))
            out.append(Reason(full, other.ask if other else full, shown))
        return out

    def decides(self, tree_id: str, question: Question) -> str:
        """What the answer to the question can change, in a sentence or two."""
        return self.influence_of(tree_id, question.id).sentence()

    def influence_of(self, tree_id: str, question_id: str) -> Influence:
        """What the answer to a question can change (worked out once per question)."""
        if self._influence is None:
            self._influence = influence_index(self.plan)  # the plan never changes; answers do not matter
        return self._influence[f"{tree_id}.{question_id}"]

    def decision(self, tree_id: str) -> Decision | None:
        """The current (provisional) decision of a tree, defaults filling the gaps."""
        return self.resolution().decisions.get(tree_id)

    # ------------------------------------------------------------ changing answers

    def check(self, tree_id: str, qid: str, value: Any) -> str | None:
        """An error message if the value is not a valid answer, else None."""
        question = self.plan.trees[tree_id].question(qid)
        if question is None:
            return f"unknown question {qid}"
        return coerce(question, value)[1]

    def answer(self, tree_id: str, qid: str, value: Any) -> None:
        """Record an answer (validated), remember it for Back, note what it changed."""
        question = self.plan.trees[tree_id].question(qid)
        if question is None:
            raise KeyError(qid)
        normal, error = coerce(question, value)
        if error:
            raise ValueError(error)
        before = {t: d.pick for t, d in self.resolution().decisions.items()}
        self.given.setdefault(tree_id, {})[qid] = normal
        self._invalidate()
        after = {t: d.pick for t, d in self.resolution().decisions.items()}
        self.last_change = [Change(t, before.get(t), after.get(t)) for t in after if before.get(t) != after.get(t)]
        if (tree_id, qid) in self.history:
            self.history.remove((tree_id, qid))
        self.history.append((tree_id, qid))
        if self.editing == (tree_id, qid):
            self.editing = None

    def back(self) -> bool:
        """Return to the previous answer to change it; False when at the start."""
        here = self.current()
        showing = (here[0], here[1].id) if here is not None else None
        while self.history:
            tree_id, qid = self.history.pop()
            if (tree_id, qid) in self.resolution().asked() and (tree_id, qid) != showing:
                self.editing = (tree_id, qid)
                return True
        return False

    def edit(self, tree_id: str, qid: str) -> None:
        """Jump to an answered question to change it (from the review)."""
        self.editing = (tree_id, qid)
        self.last_edit = (tree_id, qid)

    def load(self, answers: Answers, *, adopt_defaults: bool = False) -> None:
        """Replace the answers (resume a draft or open a file).

        With `adopt_defaults`, a file that `archwiz render` would accept as complete keeps its
        meaning here: the defaults it relies on count as answers.
        """
        self.given = {t: dict(v) for t, v in answers.items()}
        self._invalidate()
        if adopt_defaults and not self.resolution().missing():
            for tree_id, tree_answers in self.resolution().per_tree.items():
                for qid in tree_answers.defaulted:
                    self.given.setdefault(tree_id, {})[qid] = tree_answers.effective[qid]
        self.history = [(t, q) for t, q in self.resolution().asked() if q in self.given.get(t, {})]
        self.editing = None
        self._invalidate()


__all__ = ["NOT_SURE", "Change", "Reason", "Session", "Step"]
