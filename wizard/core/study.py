"""Study mode: exam-style situations composed from a tree and checked against the engine.

Pure. A situation is a consistent set of answers that leads to a candidate (the lint solver's
witness for one rule, cut down to the facts that decide it), written as a short paragraph from
the questions' and options' own wording, with four options: the pick and three candidates the
tree rules out for those answers (or that lose to the pick by a `prefer` rule). Every situation
is decided by the engine itself, so the right option is the engine's pick for exactly the facts
stated, and a distractor fact (sometimes added) is kept only if the pick stays the same.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wizard.core import conditions
from wizard.core.decision import Decision, Flip, Out
from wizard.core.engine import WORKLOAD, Answers, Plan, plan_for_decisions, probe_values, resolve
from wizard.core.lint import LintContext, decision_witnesses
from wizard.core.model import NOT_SURE, Question, Tree

OPTIONS = 4
"""Options offered per situation (fewer only when a tree has fewer candidates)."""

LETTERS = "abcd"

DISTRACTOR_CHANCE = 0.5
"""How often a situation carries a fact that does not change the pick."""


class Fact(Out):
    """One stated fact of a situation: a question and its answer, in the question's wording."""

    ref: str
    question: str
    value: Any
    value_label: str
    text: str


class StudyOption(Out):
    """One of the options offered, with why it is right or why it loses."""

    candidate: str
    label: str
    correct: bool
    why: str
    cite: list[str] = field(default_factory=list)


class Situation(Out):
    """A practice situation: facts, the question, four options and the tree's explanation."""

    key: str
    tree: str
    tree_title: str
    tree_version: int
    rule: int
    text: str
    prompt: str
    facts: list[Fact]
    distractor: Fact | None = None
    answers: dict[str, dict[str, Any]]
    options: list[StudyOption]
    answer: str
    answer_label: str
    why: str
    cite: list[str] = field(default_factory=list)
    changes: list[Flip] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)

    def letter(self) -> str:
        """The letter of the right option."""
        return LETTERS[[o.candidate for o in self.options].index(self.answer)]

    def option_of(self, reply: str) -> StudyOption | None:
        """The option a reply names: a letter (a-d) or a number (1-4); None if it names none."""
        reply = reply.strip().lower().rstrip(")")
        index = LETTERS.find(reply) if len(reply) == 1 and reply.isalpha() else (int(reply) - 1 if reply.isdigit() else -1)
        return self.options[index] if 0 <= index < len(self.options) else None


@dataclass(frozen=True)
class Base:
    """The deciding facts of one rule of one tree: a situation before its options are drawn."""

    key: str
    tree: str
    rule: int
    answers: Answers


# ---------------------------------------------------------------- facts and wording


def fact_text(question: Question, value: Any) -> str:
    """A fact as the situation states it: the question's wording, then the answer (one template per kind)."""
    ask = question.ask.strip()
    if question.kind == "boolean":
        answer = "Yes" if value else "No"
    elif question.kind == "multi":
        labels = {o.id: o.label for o in question.options}
        picked = [labels.get(v, str(v)) for v in value] if isinstance(value, list | tuple) else []
        answer = "; ".join(picked) if picked else "None of these"
    elif question.kind == "number":
        answer = question.label_of(value)
    else:
        answer = question.label_of(value)
    return f"{ask} {answer.rstrip('.')}."


def _question(plan: Plan, tree_id: str, qid: str) -> Question | None:
    tree = plan.trees.get(tree_id)
    return tree.question(qid) if tree else None


def _facts(plan: Plan, given: Answers) -> list[Fact]:
    out = []
    for tree_id in plan.tree_ids():
        tree = plan.trees[tree_id]
        for question in tree.questions:
            if question.id in given.get(tree_id, {}):
                value = given[tree_id][question.id]
                out.append(
                    Fact(
                        ref=f"{tree_id}.{question.id}",
                        question=question.ask,
                        value=value,
                        value_label=question.label_of(value),
                        text=fact_text(question, value),
                    )
                )
    return out


# ---------------------------------------------------------------- deciding facts


def _decision(plan: Plan, tree_id: str, given: Answers, *, use_defaults: bool, counterfactuals: bool = False) -> tuple[Decision, Any]:
    res = resolve(plan, given, use_defaults=use_defaults, counterfactuals=counterfactuals)
    return res.decisions[tree_id], res


def _decides(tree: Tree, decision: Decision, rule: int) -> bool:
    picked = tree.candidate(decision.pick) if decision.pick else None
    return decision.status == "ok" and decision.reason is not None and decision.reason.index == rule and bool(picked and not picked.retired)


def _on_path(res: Any, given: Answers) -> Answers:
    """The answers whose question is asked (the rest would be set aside, never used)."""
    live = set(res.asked())
    out = {t: {q: v for q, v in answers.items() if (t, q) in live} for t, answers in given.items()}
    return {t: v for t, v in out.items() if v}


def _holds(plan: Plan, tree: Tree, given: Answers, rule: int, *, defaults: bool = True) -> Answers | None:
    """The answers on the path if the rule decides without defaults (and, with `defaults`, with them); else None."""
    decision, res = _decision(plan, tree.id, given, use_defaults=False)
    if not _decides(tree, decision, rule):
        return None
    if not defaults:
        return _on_path(res, given)
    with_defaults, _ = _decision(plan, tree.id, given, use_defaults=True)
    if not _decides(tree, with_defaults, rule) or with_defaults.pick != decision.pick:
        return None
    return _on_path(res, given)


def _given(tree: Tree, values: Mapping[str, Any], trees: Mapping[str, Tree]) -> Answers:
    given: Answers = {}
    for ref, value in values.items():
        if value == NOT_SURE:
            continue
        head, dot, rest = ref.partition(".")
        if not dot:
            given.setdefault(tree.id, {})[ref] = value
        elif head == WORKLOAD and WORKLOAD in trees and rest != "pick":
            given.setdefault(WORKLOAD, {})[rest] = value
    return given


def bases(tree: Tree, trees: Mapping[str, Tree]) -> list[Base]:
    """For each rule that can decide the tree: the fewest stated facts (greedily) on which it does."""
    if tree.profile:
        return []
    plan = plan_for_decisions([tree.id], trees)
    out = []
    for rule, values in decision_witnesses(tree, LintContext(trees=trees)):
        given = _holds(plan, tree, _given(tree, values, trees), rule)
        if given is None:
            continue
        full = given
        for tree_id, qid in reversed([(t, q) for t in given for q in given[t]]):
            if qid not in given.get(tree_id, {}):
                continue
            trial = {t: {q: v for q, v in a.items() if (t, q) != (tree_id, qid)} for t, a in given.items()}
            kept = _holds(plan, tree, trial, rule, defaults=False)
            if kept is not None:
                given = kept
        if _holds(plan, tree, given, rule) is None:
            given = full  # a default would fill a dropped fact differently: state them all
        if given:
            out.append(Base(key=f"{tree.id}@v{tree.version}:r{rule}", tree=tree.id, rule=rule, answers=given))
    return out


# ---------------------------------------------------------------- one situation


def _sample_value(question: Question, thresholds: list[float], rng: random.Random) -> Any:
    if question.kind == "choice":
        return rng.choice(question.option_ids())
    if question.kind == "boolean":
        return rng.random() < 0.5
    if question.kind == "multi":
        ids = question.option_ids()
        ticked = set(rng.sample(ids, rng.randint(1, min(2, len(ids)))))
        return [o for o in ids if o in ticked]
    values = probe_values(question, None, thresholds) or [int(question.min or 1)]
    return rng.choice(values)


def _with_distractor(plan: Plan, tree: Tree, base: Base, rng: random.Random) -> tuple[Answers, str | None]:
    """The base answers plus one fact that leaves the pick and its deciding rule as they were."""
    stated = {(t, q) for t, a in base.answers.items() for q in a}
    decision, res = _decision(plan, tree.id, base.answers, use_defaults=False)
    asked = [(t, q) for t, q in res.asked() if (t, q) not in stated]
    rng.shuffle(asked)
    conds = [r.cond for r in tree.rules]
    for tree_id, qid in asked[:6]:
        question = _question(plan, tree_id, qid)
        if question is None:
            continue
        ref = qid if tree_id == tree.id else f"{tree_id}.{qid}"
        limits = [t for cond in conds for t in conditions.thresholds(cond, ref)]
        trial = {t: dict(a) for t, a in base.answers.items()}
        trial.setdefault(tree_id, {})[qid] = _sample_value(question, limits, rng)
        kept = _holds(plan, tree, trial, base.rule)
        if kept is not None and qid in kept.get(tree_id, {}):
            after, _ = _decision(plan, tree.id, kept, use_defaults=False)
            if after.pick == decision.pick:
                return kept, f"{tree_id}.{qid}"
    return base.answers, None


def _losers(tree: Tree, decision: Decision) -> tuple[list[StudyOption], list[StudyOption], list[StudyOption]]:
    """Candidates that lose for these answers: (excluded, beaten by the deciding prefer rule, retired)."""
    live: list[StudyOption] = []
    beaten: list[StudyOption] = []
    retired: list[StudyOption] = []
    for excluded in decision.excluded:
        rule = excluded.rules[0]
        option = StudyOption(
            candidate=excluded.candidate,
            label=excluded.label,
            correct=False,
            why=f"Ruled out: {rule.because}",
            cite=list(dict.fromkeys(c for r in excluded.rules for c in r.cite)),
        )
        cand = tree.candidate(excluded.candidate)
        (retired if cand is not None and cand.retired else live).append(option)
    reason = decision.reason
    if reason is not None and reason.kind == "prefer":
        for alt in decision.alternatives:
            beaten.append(
                StudyOption(
                    candidate=alt.candidate,
                    label=alt.label,
                    correct=False,
                    why=f"Not ruled out, but {decision.pick_label} is preferred for these facts: {reason.because}",
                    cite=list(reason.cite),
                )
            )
    return live, beaten, retired


def build(base: Base, trees: Mapping[str, Tree], rng: random.Random) -> Situation | None:
    """The situation of a base with options (and maybe a distractor fact) drawn by `rng`; None if too few options lose."""
    tree = trees[base.tree]
    plan = plan_for_decisions([tree.id], trees)
    answers, extra = _with_distractor(plan, tree, base, rng) if rng.random() < DISTRACTOR_CHANCE else (base.answers, None)
    decision, _ = _decision(plan, tree.id, answers, use_defaults=True, counterfactuals=True)
    if not _decides(tree, decision, base.rule) or decision.reason is None or decision.pick is None:
        return None
    wanted = min(OPTIONS, len(tree.candidates)) - 1
    ruled_out, beaten, retired = _losers(tree, decision)
    wrong: list[StudyOption] = []
    for group in (ruled_out, beaten, retired):  # what the facts rule out first; retired services last
        wrong += rng.sample(group, min(wanted - len(wrong), len(group)))
    if len(wrong) < wanted or wanted < 1:
        return None
    right = StudyOption(
        candidate=decision.pick, label=decision.pick_label, correct=True, why=decision.reason.because, cite=list(decision.reason.cite)
    )
    options = [right, *wrong]
    rng.shuffle(options)
    facts = _facts(plan, answers)
    distractor = next((f for f in facts if f.ref == extra), None)
    stated = {f.ref for f in facts}
    flips = [f for f in decision.counterfactuals if f.pick != decision.pick]
    flips.sort(key=lambda f: f.ref not in stated)  # stable: stated facts first
    text = "A team describes its workload. " + " ".join(f.text for f in facts)
    citations = list(dict.fromkeys(c for o in options for c in o.cite))
    return Situation(
        key=base.key,
        tree=tree.id,
        tree_title=tree.title,
        tree_version=tree.version,
        rule=base.rule,
        text=text,
        prompt=tree.title,
        facts=[f for f in facts if f.ref != extra],
        distractor=distractor,
        answers=answers,
        options=options,
        answer=decision.pick,
        answer_label=decision.pick_label,
        why=decision.reason.because,
        cite=list(decision.reason.cite),
        changes=flips[:3],
        citations=citations,
    )


# ---------------------------------------------------------------- a session


def session(tree_ids: Sequence[str], trees: Mapping[str, Tree], count: int, seed: int, first: Sequence[str] = ()) -> list[Situation]:
    """`count` situations over the trees, the same for the same seed; keys in `first` (missed before) come first."""
    rng = random.Random(f"archwiz-study:{seed}")
    chosen = [tid for tid in dict.fromkeys(tree_ids) if tid in trees and not trees[tid].profile]
    pools: dict[str, list[Base]] = {}

    def pool(tid: str) -> list[Base]:
        # Worked out only for the trees a session reaches (each takes a fraction of a second).
        if tid not in pools:
            pools[tid] = bases(trees[tid], trees)
        return pools[tid]

    out: list[Situation] = []

    def take(base: Base, round_: int) -> None:
        made = build(base, trees, random.Random(f"archwiz-study:{seed}:{round_}:{len(out)}:{base.key}"))
        if made is not None:
            out.append(made)

    early = [k for k in dict.fromkeys(first) if k.partition("@")[0] in chosen]
    for key in early:
        base = next((b for b in pool(key.partition("@")[0]) if b.key == key), None)
        if base is not None and len(out) < count:
            take(base, 0)
    tree_order = rng.sample(chosen, len(chosen))
    for round_ in range(3):  # a short pool is gone through again, with other options drawn
        queues: dict[str, list[Base]] = {}
        before = len(out)
        while len(out) < count:
            progressed = False
            for tid in tree_order:
                if len(out) >= count:
                    break
                if tid not in queues:
                    queues[tid] = rng.sample(pool(tid), len(pool(tid)))
                queue = [b for b in queues[tid] if round_ or b.key not in early]
                queues[tid] = queue
                if queue:
                    take(queue.pop(), round_)
                    progressed = True
            if not progressed:
                break
        if len(out) >= count or len(out) == before:
            break
    return out


class TreeScore(Out):
    """Right answers out of situations for one tree."""

    tree: str
    title: str
    right: int
    total: int


class Summary(Out):
    """The end of a session: score per tree and the topics to revisit."""

    right: int
    total: int
    trees: list[TreeScore]
    revisit: list[str]


def summarise(results: Sequence[tuple[Situation, str | None]]) -> Summary:
    """Score a session from (situation, chosen candidate) pairs; a missed one names its topic and citation."""
    scores: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    revisit: list[str] = []
    for situation, chosen in results:
        score = scores.setdefault(situation.tree, [0, 0])
        titles[situation.tree] = situation.tree_title
        score[1] += 1
        if chosen == situation.answer:
            score[0] += 1
        else:
            cites = ", ".join(situation.cite)
            topic = f"{situation.tree_title} ({situation.tree}): when {situation.answer_label} fits"
            revisit.append(topic + (f" [{cites}]" if cites else ""))
    per_tree = [TreeScore(tree=t, title=titles[t], right=s[0], total=s[1]) for t, s in scores.items()]
    return Summary(
        right=sum(s.right for s in per_tree), total=sum(s.total for s in per_tree), trees=per_tree, revisit=list(dict.fromkeys(revisit))
    )
