"""The questions still to ask, in order, with options, defaults, bounds and why each is asked."""

from __future__ import annotations

from wizard.core.answers import describe, valid_values
from wizard.core.engine import Plan, Resolution
from wizard.core.influence import influence_index
from wizard.mcp.results import OptionInfo, QuestionInfo


def remaining(plan: Plan, res: Resolution) -> list[QuestionInfo]:
    """Every question on the current path without an explicit answer, in asking order.

    The order is the engine's checklist: answering one may open or close later ones, so an
    assistant asks the first, sends the answers back, and asks again.
    """
    conds = {ref.tree: ref.when for ref in plan.refs}
    effects = influence_index(plan)
    out = []
    for tree_id, qid in res.unanswered():
        question = plan.trees[tree_id].question(qid)
        assert question is not None
        because = []
        if conds.get(tree_id):
            because.append(f"the {tree_id} decision applies because {describe(conds[tree_id])}")
        elif tree_id not in conds:
            parents = [t for t, d in res.decisions.items() if tree_id in d.follow_ons]
            because.extend(f"the {p} pick continues into {tree_id}" for p in parents)
        if question.when:
            because.append(describe(question.when))
        number = question.kind == "number"
        out.append(
            QuestionInfo(
                tree=tree_id,
                id=qid,
                ref=f"{tree_id}.{qid}",
                ask=question.ask,
                help=question.help,
                kind=question.kind,
                options=[OptionInfo(id=o.id, label=o.label, help=o.help) for o in question.options],
                not_sure=question.not_sure,
                default=question.default,
                unit=question.unit,
                min=question.min,
                max=question.max,
                integer=question.integer if number else None,
                accepts=valid_values(question),
                why=effects[f"{tree_id}.{qid}"].sentence(),
                asked_because="; ".join(because) or None,
            )
        )
    return out
