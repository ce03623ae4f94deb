"""The Report: one view of a run that the rationale, JSON and TUI all present."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from wizard.core.architecture import Architecture
from wizard.core.decision import Decision, Out
from wizard.core.engine import Resolution
from wizard.core.model import NOT_SURE


class Provenance(Out):
    """Where an output came from: tool version, trees and their versions, answers hash."""

    archwiz: str
    answers_hash: str
    trees: dict[str, int]
    blueprint: str | None = None
    blueprint_version: int | None = None
    user_trees: dict[str, str] = field(default_factory=dict)
    """Trees loaded from the user's own folders (id to folder), which may replace bundled ones."""


class AnswerRow(Out):
    """One answered question on the path, for the context section."""

    tree: str
    question: str
    ask: str
    value: Any
    value_label: str
    source: str  # "answered", "default" or "not sure"


class CandidateView(Out):
    """What the rationale says of one candidate of a decision."""

    id: str
    label: str
    summary: str
    pros: list[str] = field(default_factory=list)
    cons: list[str] = field(default_factory=list)
    cost: str | None = None
    pillars: dict[str, str] = field(default_factory=dict)
    today: str | None = None
    cite: list[str] = field(default_factory=list)


class DecisionView(Out):
    """A decision plus the details of its picked candidate."""

    decision: Decision
    summary: str
    picked: CandidateView | None = None
    follows: str | None = None
    """The tree whose pick continued into this one (a follow-on decision), if any."""


class Report(Out):
    """Everything one run concluded."""

    title: str
    summary: str
    provenance: Provenance
    answers: list[AnswerRow]
    decisions: list[DecisionView]
    architecture: Architecture
    set_aside: list[str] = field(default_factory=list)
    tree_titles: dict[str, str] = field(default_factory=dict)


def build_report(res: Resolution, arch: Architecture, version: str, answers_hash: str) -> Report:
    """Assemble the report of a resolved plan and its architecture."""
    plan = res.plan
    rows: list[AnswerRow] = []
    for tree_id, qid in res.asked():
        tree = plan.trees[tree_id]
        question = tree.question(qid)
        if question is None or qid not in res.per_tree[tree_id].effective:
            continue
        value = res.per_tree[tree_id].effective[qid]
        source = "default" if qid in res.per_tree[tree_id].defaulted else "answered"
        if value == NOT_SURE:
            source = "not sure"
        rows.append(
            AnswerRow(tree=tree_id, question=qid, ask=question.ask, value=value, value_label=question.label_of(value), source=source)
        )
    views = []
    for tree_id in res.active:
        if tree_id not in res.decisions:
            continue
        tree = plan.trees[tree_id]
        cands = {
            c.id: CandidateView(
                id=c.id,
                label=c.label,
                summary=c.summary,
                pros=c.pros,
                cons=c.cons,
                cost=c.cost,
                pillars={str(k): v for k, v in c.pillars.items()},
                today=c.today,
                cite=c.cite,
            )
            for c in tree.candidates
        }
        decision = res.decisions[tree_id]
        parent = next((t for t, d in res.decisions.items() if tree_id in d.follow_ons and t != tree_id), None)
        views.append(DecisionView(decision=decision, summary=tree.summary, picked=cands.get(decision.pick or ""), follows=parent))
    blueprint = plan.blueprint
    return Report(
        title=blueprint.title if blueprint else "Decisions: " + ", ".join(v.decision.title for v in views),
        summary=blueprint.summary if blueprint else "",
        provenance=Provenance(
            archwiz=version,
            answers_hash=answers_hash,
            trees={t: plan.trees[t].version for t in res.active},
            user_trees={t: origin for t in res.active if (origin := plan.trees[t].origin)},
            blueprint=blueprint.id if blueprint else None,
            blueprint_version=blueprint.version if blueprint else None,
        ),
        answers=rows,
        decisions=views,
        architecture=arch,
        set_aside=[f"{t}.{q}" for t, q in res.set_aside],
        tree_titles={t: plan.trees[t].title for t in res.active},
    )
