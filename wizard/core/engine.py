"""The engine: which questions are asked, what each tree decides, and what would change it.

The interview is a checklist, not a flowchart: the next question is the first unanswered
question, across the plan's trees in order, whose condition holds. Answers whose question is
no longer asked are set aside (kept, unused) and come back if the path does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from wizard.core import conditions
from wizard.core.conditions import UNKNOWN
from wizard.core.decision import (
    Alternative,
    Assumption,
    Decision,
    Excluded,
    FeatureHit,
    Flip,
    NoteHit,
    RuleHit,
    Status,
    Trigger,
    configuration_text,
)
from wizard.core.model import NOT_SURE, Blueprint, Question, Tree, TreeRef

Answers = dict[str, dict[str, Any]]
"""Answers per tree id, per question id."""

External = Callable[[str], Any]
"""Resolves a dotted reference (`workload.availability`, `database.pick`) or UNKNOWN."""

WORKLOAD = "workload"
"""The shared profile tree: always first when present."""


@dataclass(frozen=True)
class Plan:
    """The ordered trees of one interview: a blueprint's, or single decisions."""

    refs: tuple[TreeRef, ...]
    trees: Mapping[str, Tree]
    blueprint: Blueprint | None = None
    ask_only: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Profile trees whose questions are asked only when a decision reads them."""

    def tree_ids(self) -> list[str]:
        """Tree ids in asking order: the listed trees, each followed by the trees its picks continue into."""
        return list(self._order)

    @cached_property
    def _order(self) -> tuple[str, ...]:
        # A plan never changes, and the order is asked for on every resolve and every redraw.
        return tuple(follow_on_order([r.tree for r in self.refs], self.trees))

    def listed(self) -> set[str]:
        """The trees the plan lists itself (the rest are follow-ons of a pick)."""
        return {r.tree for r in self.refs}

    def question(self, ref: str) -> Question | None:
        """The question a dotted reference names, if it exists in the plan's trees."""
        tree_id, _, qid = ref.partition(".")
        tree = self.trees.get(tree_id)
        return tree.question(qid) if tree else None


def follow_ons(tree: Tree) -> list[str]:
    """Every tree one of the tree's candidates may continue into, in file order."""
    return list(dict.fromkeys(ref.tree for cand in tree.candidates for ref in cand.then))


def follow_on_order(tree_ids: list[str], trees: Mapping[str, Tree]) -> list[str]:
    """The trees in order, each followed (depth first) by the follow-ons it may continue into."""
    out: list[str] = []
    listed = set(tree_ids)

    def visit(tree_id: str) -> None:
        if tree_id in out or tree_id not in trees:
            return
        out.append(tree_id)
        for child in follow_ons(trees[tree_id]):
            if child not in listed:
                visit(child)

    for tree_id in tree_ids:
        visit(tree_id)
    return out


def plan_for_blueprint(blueprint: Blueprint, trees: Mapping[str, Tree]) -> Plan:
    """The plan of a blueprint (trees must contain every tree it lists)."""
    return Plan(tuple(blueprint.trees), trees, blueprint)


def plan_for_decisions(tree_ids: list[str], trees: Mapping[str, Tree]) -> Plan:
    """A plan for single decisions.

    `workload` is put first when a tree reads it, and only the workload questions that the
    decisions (and the trees they may continue into) read are asked: an unrelated fact left
    unanswered is neutral and never steers the pick.
    """
    ids = list(dict.fromkeys(tree_ids))
    reached = follow_on_order(ids, trees)
    read = {ref for tid in reached for ref in tree_references(trees[tid])}
    profile = trees.get(WORKLOAD)
    if profile is not None and WORKLOAD not in ids and any(ref.startswith(WORKLOAD + ".") for ref in read):
        ids.insert(0, WORKLOAD)
        return Plan(_refs(ids), trees, ask_only={WORKLOAD: _profile_questions(profile, read)})
    return Plan(_refs(ids), trees)


def _refs(ids: list[str]) -> tuple[TreeRef, ...]:
    # Built without validation: the ids come from the catalogue, and validating would build
    # TreeRef's pydantic schema in every process that decides a tree (~15 ms).
    return tuple(TreeRef.model_construct(tree=t) for t in ids)


def _profile_questions(profile: Tree, read: set[str]) -> frozenset[str]:
    """The profile questions the references read, plus those their own conditions depend on."""
    wanted = {ref.partition(".")[2] for ref in read if ref.startswith(profile.id + ".")}
    for question in reversed(profile.questions):
        if question.id in wanted:
            wanted.update(r.rpartition(".")[2] for r in conditions.references(question.cond))
    return frozenset(wanted)


def tree_references(tree: Tree) -> list[str]:
    """Every reference read by a tree's questions, rules, notes, features and follow-on conditions."""
    refs: dict[str, None] = {}
    items = [*tree.questions, *tree.rules, *tree.notes]
    for cand in tree.candidates:
        items += [*cand.features, *cand.then]
    for item in items:
        for ref in conditions.references(item.cond):
            refs.setdefault(ref, None)
    return list(refs)


# ---------------------------------------------------------------- one tree's answers


@dataclass
class TreeAnswers:
    """The answers one tree uses on the current path."""

    effective: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    defaulted: list[str] = field(default_factory=list)


def _own_resolver(tree_id: str, own: Mapping[str, Any], external: External) -> External:
    def resolve(ref: str) -> Any:
        if "." not in ref:
            if ref == "pick":
                return UNKNOWN
            value = own.get(ref, UNKNOWN)
            return UNKNOWN if value == NOT_SURE else value
        head, _, rest = ref.partition(".")
        if head == tree_id:
            return resolve(rest)
        return external(ref)

    return resolve


def tree_answers(
    tree: Tree, given: Mapping[str, Any], external: External, use_defaults: bool, only: frozenset[str] | None = None
) -> TreeAnswers:
    """Which of a tree's questions are asked, and the values used for them (`only`: a subset to ask)."""
    out = TreeAnswers()
    resolve = _own_resolver(tree.id, out.effective, external)
    for question in tree.questions:
        if only is not None and question.id not in only:
            continue
        if not conditions.holds(question.cond, resolve):
            continue
        out.asked.append(question.id)
        if question.id in given:
            out.effective[question.id] = given[question.id]
        elif use_defaults and question.default is not None:
            out.effective[question.id] = question.default
            out.defaulted.append(question.id)
        else:
            out.missing.append(question.id)
    return out


# ---------------------------------------------------------------- deciding


def _trigger(ref: str, value: Any, question: Question | None) -> Trigger:
    if ref.endswith(".pick") or ref == "pick":
        return Trigger(ref=ref, question=f"pick of {ref.split('.')[0]}", value=value, value_label=str(value))
    shown = NOT_SURE if value is UNKNOWN else value
    label = question.label_of(shown) if question else str(shown)
    return Trigger(ref=ref, question=question.ask if question else ref, value=shown, value_label=label)


class _Evaluator:
    """Evaluates one tree's rules for one set of answers."""

    def __init__(self, tree: Tree, plan_question: Callable[[str], Question | None]) -> None:
        self.tree = tree
        self.plan_question = plan_question

    def qualified(self, ref: str) -> str:
        return ref if "." in ref or ref == "pick" else f"{self.tree.id}.{ref}"

    def question_of(self, ref: str) -> Question | None:
        ref = self.qualified(ref)
        tree_id, _, qid = ref.partition(".")
        if tree_id == self.tree.id:
            return self.tree.question(qid)
        return self.plan_question(ref)

    def hit(self, index: int, kind: Any, rule_because: str, cite: list[str], cond: Any, resolve: External) -> RuleHit:
        triggers = [_trigger(self.qualified(ref), resolve(ref), self.question_of(ref)) for ref in conditions.references(cond)]
        return RuleHit(index=index, kind=kind, because=rule_because, cite=cite, triggers=triggers)

    def select(self, resolve: External) -> tuple[str | None, Status, dict[str, list[int]], list[int], int | None, int | None]:
        """The pick by rule indices only: pick, status, exclusions, prefer hits, default rule, deciding rule.

        The one place the choosing logic lives; `pick` dresses its indices as rule hits, and the
        counterfactual probes use it bare (no hit objects), which keeps them cheap.
        """
        excluded: dict[str, list[int]] = {}
        prefers: list[int] = []
        default_index: int | None = None
        for index, rule in enumerate(self.tree.rules):
            if rule.kind == "default":
                default_index = index
                continue
            if not conditions.holds(rule.cond, resolve):
                continue
            if rule.kind == "exclude":
                for cid in rule.targets():
                    excluded.setdefault(cid, []).append(index)
            else:
                prefers.append(index)
        for cand in self.tree.candidates:
            if cand.retired and cand.id not in excluded:
                excluded[cand.id] = [RETIRED]
        survivors = [c.id for c in self.tree.candidates if c.id not in excluded]
        for index in prefers:
            target = self.tree.rules[index].prefer
            if target in survivors:
                return target, "ok", excluded, prefers, default_index, index
        default_id = self.tree.rules[-1].default if self.tree.rules else None
        if default_id in survivors:
            return default_id, "ok", excluded, prefers, default_index, default_index
        if survivors:
            return survivors[0], "weak_fit", excluded, prefers, default_index, WEAK_FIT
        return None, "no_fit", excluded, prefers, default_index, None

    def pick(self, resolve: External) -> tuple[str | None, Status, RuleHit | None, dict[str, list[RuleHit]], list[RuleHit], RuleHit | None]:
        """Return pick, status, reason, exclusions, prefer hits and the default hit."""
        pick, status, excluded_at, prefer_at, default_index, deciding = self.select(resolve)
        hits: dict[int, RuleHit] = {}

        def hit(index: int) -> RuleHit:
            if index not in hits:
                rule = self.tree.rules[index]
                hits[index] = self.hit(index, rule.kind, rule.because, rule.cite, rule.cond, resolve)
            return hits[index]

        retired = {c.id: c.cite for c in self.tree.candidates if c.retired}
        excluded = {
            cid: [
                RuleHit(index=-1, kind="exclude", because="Retired by AWS; never recommended.", cite=retired[cid])
                if index == RETIRED
                else hit(index)
                for index in indices
            ]
            for cid, indices in excluded_at.items()
        }
        prefers = [hit(index) for index in prefer_at]
        default_hit = hit(default_index) if default_index is not None else None
        reason: RuleHit | None
        if deciding == WEAK_FIT:
            reason = RuleHit(
                index=-1,
                kind="weak_fit",
                because="No rule prefers a surviving option; this is the first that survived every exclusion.",
            )
        else:
            reason = hit(deciding) if deciding is not None else None
        return pick, status, reason, excluded, prefers, default_hit


RETIRED = -1
"""The rule index that stands for "retired by AWS" in an exclusion list."""
WEAK_FIT = -2
"""The deciding rule index when no rule picked and the first survivor was taken."""


def _pick_resolver(tree: Tree, pick: str | None, resolve: External) -> External:
    """A resolver that also knows the tree's own pick (notes, features and follow-ons read it)."""

    def resolve_with_pick(ref: str) -> Any:
        if ref in ("pick", f"{tree.id}.pick"):
            return pick if pick is not None else UNKNOWN
        return resolve(ref)

    return resolve_with_pick


def _outcome(
    tree: Tree, given: Mapping[str, Any], external: External, ev: _Evaluator, use_defaults: bool
) -> tuple[str | None, tuple[str, ...]]:
    """Only the pick and its configuration for some answers: what a counterfactual compares."""
    answers = tree_answers(tree, given, external, use_defaults)
    resolve = _own_resolver(tree.id, answers.effective, external)
    pick = ev.select(resolve)[0]
    picked = tree.candidate(pick) if pick else None
    with_pick = _pick_resolver(tree, pick, resolve)
    return pick, tuple(f.id for f in (picked.features if picked else []) if conditions.holds(f.cond, with_pick))


def decide(
    tree: Tree,
    given: Mapping[str, Any],
    external: External,
    plan_question: Callable[[str], Question | None] = lambda _ref: None,
    *,
    use_defaults: bool = True,
    counterfactuals: bool = True,
) -> Decision:
    """Decide one tree for the given answers (its own, plus `external` for other trees)."""
    answers = tree_answers(tree, given, external, use_defaults)
    resolve = _own_resolver(tree.id, answers.effective, external)
    ev = _Evaluator(tree, plan_question)
    pick, status, reason, excluded, prefers, default_hit = ev.pick(resolve)
    labels = {c.id: c.label for c in tree.candidates}

    alternatives: list[Alternative] = []
    ranked: list[str] = []
    for hit in prefers:
        target = tree.rules[hit.index].prefer or ""
        if target != pick and target not in excluded and target not in ranked:
            ranked.append(target)
            alternatives.append(Alternative(candidate=target, label=labels.get(target, target), reason=hit.because, rule=hit))
    default_id = tree.rules[-1].default if tree.rules else None
    if default_id and default_id != pick and default_id not in excluded and default_id not in ranked:
        ranked.append(default_id)
        alternatives.append(
            Alternative(
                candidate=default_id,
                label=labels.get(default_id, default_id),
                reason=default_hit.because if default_hit else "",
                rule=default_hit,
            )
        )
    for cand in tree.candidates:
        if cand.id != pick and cand.id not in excluded and cand.id not in ranked:
            alternatives.append(
                Alternative(
                    candidate=cand.id, label=cand.label, reason="Survived every exclusion, but no rule prefers it for these answers."
                )
            )

    why_not = [Excluded(candidate=c.id, label=c.label, rules=excluded[c.id]) for c in tree.candidates if c.id in excluded]

    resolve_with_pick = _pick_resolver(tree, pick, resolve)
    notes = [NoteHit(text=n.text, level=n.level, cite=n.cite) for n in tree.notes if conditions.holds(n.cond, resolve_with_pick)]
    picked = tree.candidate(pick) if pick else None
    features = [
        FeatureHit(
            id=f.id,
            label=f.label,
            because=f.because,
            cite=f.cite,
            triggers=[_trigger(ev.qualified(r), resolve(r), ev.question_of(r)) for r in conditions.references(f.cond)],
        )
        for f in (picked.features if picked else [])
        if conditions.holds(f.cond, resolve_with_pick)
    ]
    continues = [ref.tree for ref in (picked.then if picked else []) if conditions.holds(ref.cond, resolve_with_pick)]

    assumptions: list[Assumption] = []
    for qid in answers.asked:
        question = tree.question(qid)
        assert question is not None
        ref = f"{tree.id}.{qid}"
        if qid in answers.defaulted:
            value = answers.effective[qid]
            assumptions.append(
                Assumption(ref=ref, question=question.ask, kind="default", value=value, value_label=question.label_of(value))
            )
        elif answers.effective.get(qid) == NOT_SURE:
            assumptions.append(Assumption(ref=ref, question=question.ask, kind="not_sure", value=NOT_SURE, value_label="Not sure"))
        elif qid in answers.missing:
            assumptions.append(Assumption(ref=ref, question=question.ask, kind="unanswered"))

    rule_refs: dict[str, None] = {}
    for item in [*tree.rules, *(f for c in tree.candidates for f in c.features)]:
        for ref in conditions.references(item.cond):
            rule_refs.setdefault(ref, None)
    drivers = [
        _trigger(ev.qualified(ref), resolve(ref), ev.question_of(ref))
        for ref in rule_refs
        if not ref.endswith("pick") and resolve(ref) is not UNKNOWN
    ]
    # Shared facts (workload, earlier trees) the rules read but nobody stated are assumptions too.
    for ref in rule_refs:
        if "." not in ref or ref.startswith(tree.id + ".") or ref.endswith(".pick") or resolve(ref) is not UNKNOWN:
            continue
        question = ev.question_of(ref)
        if question is not None:
            assumptions.append(Assumption(ref=ref, question=question.ask, kind="unanswered"))

    flips: list[Flip] = []
    if counterfactuals:
        outcome = (pick, tuple(f.id for f in features))
        flips = _counterfactuals(tree, given, answers, external, ev, outcome, list(rule_refs), use_defaults)

    return Decision(
        tree=tree.id,
        tree_version=tree.version,
        title=tree.title,
        status=status,
        pick=pick,
        pick_label=labels.get(pick, "no fit") if pick else "no fit",
        reason=reason,
        features=features,
        follow_ons=continues,
        alternatives=alternatives,
        excluded=why_not,
        notes=notes,
        assumptions=assumptions,
        drivers=drivers,
        counterfactuals=flips,
    )


def probe_values(question: Question, current: Any, thresholds: list[float]) -> list[Any]:
    """The other values worth trying for a question, in a deterministic order."""
    if question.kind == "choice":
        return [o for o in question.option_ids() if o != current]
    if question.kind == "boolean":
        return [not current] if isinstance(current, bool) else [True, False]
    if question.kind == "multi":
        have = list(current) if isinstance(current, list | tuple) else []
        out = []
        for option in question.option_ids():
            toggled = [o for o in have if o != option] if option in have else [*have, option]
            out.append([o for o in question.option_ids() if o in toggled])
        return out
    step = 1 if question.integer else 0.1
    values: set[float] = set()
    for t in thresholds:
        values.update((t - step, t, t + step))
    picked = []
    for v in sorted(values):
        if question.min is not None and v < question.min:
            continue
        if question.max is not None and v > question.max:
            continue
        v = int(v) if question.integer and float(v).is_integer() else round(v, 6)
        if v != current:
            picked.append(v)
    return picked


def _counterfactuals(
    tree: Tree,
    given: Mapping[str, Any],
    answers: TreeAnswers,
    external: External,
    ev: _Evaluator,
    outcome: tuple[str | None, tuple[str, ...]],
    rule_refs: list[str],
    use_defaults: bool,
) -> list[Flip]:
    """Each other answer to a question the rules or features read that changes the pick or its configuration.

    Unanswered questions are probed too: their flips are what each answer would change.
    """
    flips: list[Flip] = []
    conds = [r.cond for r in tree.rules] + [f.cond for c in tree.candidates for f in c.features]
    for ref in rule_refs:
        if ref.endswith("pick") or ref == "pick":
            continue
        question = ev.question_of(ref)
        if question is None:
            continue
        own = "." not in ref or ref.startswith(tree.id + ".")
        qid = ref.rsplit(".", 1)[-1]
        if own:
            if qid not in answers.asked:
                continue
            current = answers.effective.get(qid, NOT_SURE)
        else:
            current = external(ref)
            if current is UNKNOWN:
                current = NOT_SURE
        limits = [t for cond in conds for t in conditions.thresholds(cond, ref)]
        for value in probe_values(question, current, limits):
            if own:
                new_given = {**given, qid: value}
                new_ext = external
            else:
                new_given = dict(given)
                new_ext = _override(external, ev.qualified(ref), value)
            pick, feature_ids = _outcome(tree, new_given, new_ext, ev, use_defaults)
            if (pick, feature_ids) != outcome:
                picked = tree.candidate(pick) if pick else None
                labels = {f.id: f.label for f in picked.features} if picked else {}
                flips.append(
                    Flip(
                        ref=ev.qualified(ref),
                        question=question.ask,
                        value=value,
                        value_label=question.label_of(value),
                        pick=pick,
                        pick_label=configuration_text(picked.label, [labels[f] for f in feature_ids]) if picked else "no fit",
                        features=list(feature_ids),
                    )
                )
    return flips


def _override(external: External, ref: str, value: Any) -> External:
    def resolve(r: str) -> Any:
        return value if r == ref else external(r)

    return resolve


# ---------------------------------------------------------------- a whole plan


@dataclass
class Resolution:
    """The state of a plan for some answers: path, missing answers, decisions."""

    plan: Plan
    given: Answers
    active: list[str] = field(default_factory=list)
    per_tree: dict[str, TreeAnswers] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    set_aside: list[tuple[str, str]] = field(default_factory=list)

    def asked(self) -> list[tuple[str, str]]:
        """Every question on the current path, in order."""
        return [(t, q) for t in self.active for q in self.per_tree[t].asked]

    def missing(self) -> list[tuple[str, str]]:
        """Questions on the path with neither an answer nor a default."""
        return [(t, q) for t in self.active for q in self.per_tree[t].missing]

    def unanswered(self) -> list[tuple[str, str]]:
        """Questions on the path the user has not answered (defaults do not count)."""
        return [(t, q) for t, q in self.asked() if q not in self.given.get(t, {})]

    def next_question(self) -> tuple[str, Question] | None:
        """The first question on the path without an explicit answer."""
        for tree_id, qid in self.unanswered():
            question = self.plan.trees[tree_id].question(qid)
            assert question is not None
            return tree_id, question
        return None

    def resolver(self, tree_id: str) -> External:
        """A resolver for conditions written inside a tree: bare names are its own questions."""
        own = self.per_tree[tree_id].effective if tree_id in self.per_tree else {}
        return _own_resolver(tree_id, own, self.value)

    def value(self, ref: str) -> Any:
        """The value a dotted reference has on the current path, or UNKNOWN."""
        tree_id, _, rest = ref.partition(".")
        if rest == "pick":
            decision = self.decisions.get(tree_id)
            return decision.pick if decision and decision.pick else UNKNOWN
        tree = self.per_tree.get(tree_id)
        if tree is None or rest not in tree.effective:
            return UNKNOWN
        value = tree.effective[rest]
        return UNKNOWN if value == NOT_SURE else value


def resolve(plan: Plan, given: Answers, *, use_defaults: bool = True, counterfactuals: bool = True) -> Resolution:
    """Walk the plan in order: which trees and questions apply, and what each tree decides."""
    res = Resolution(plan=plan, given={k: dict(v) for k, v in given.items()})
    conds = {ref.tree: ref.cond for ref in plan.refs}
    for tree_id in plan.tree_ids():
        tree = plan.trees[tree_id]
        if tree_id in conds:
            if not conditions.holds(conds[tree_id], res.value):
                continue
        elif not any(tree_id in d.follow_ons for d in res.decisions.values()):
            continue  # a follow-on tree is asked only when an earlier pick continues into it
        res.active.append(tree.id)
        own = res.given.get(tree.id, {})
        res.per_tree[tree.id] = tree_answers(tree, own, res.value, use_defaults, plan.ask_only.get(tree.id))
        if not tree.profile:
            res.decisions[tree.id] = decide(tree, own, res.value, plan.question, use_defaults=use_defaults, counterfactuals=counterfactuals)
    for tree_id, answers in res.given.items():
        asked = set(res.per_tree[tree_id].asked) if tree_id in res.per_tree else set()
        res.set_aside.extend((tree_id, q) for q in answers if q not in asked)
    return res
