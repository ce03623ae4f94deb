"""The commented answers skeleton printed by `archwiz questions`."""

from __future__ import annotations

import textwrap

import yaml

from wizard.core.answers import describe, valid_values
from wizard.core.engine import Plan, follow_ons, resolve
from wizard.core.influence import influence_index
from wizard.core.model import NOT_SURE, Question
from wizard.io.answers_file import schema_modeline


def _value(question: Question) -> str:
    if question.default is not None:
        return yaml.safe_dump(question.default, default_flow_style=True).strip().removesuffix("...").strip()
    return ""


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 92 - len(indent))]


def skeleton(plan: Plan) -> str:
    """A YAML answers file listing every question with its options and help as comments.

    Questions with a default are filled in with it; the others are left empty so that
    `archwiz validate` names them. Conditional questions are commented out with the
    condition that asks them.
    """
    lines = [schema_modeline(), "archwiz: 1"]
    if plan.blueprint is not None:
        lines.append(f"blueprint: {plan.blueprint.id}   # {plan.blueprint.title}")
    else:
        lines.append(f"decisions: [{', '.join(r.tree for r in plan.refs if r.tree != 'workload')}]")
    lines.append("answers:")
    # Questions the pre-filled defaults already lead to are written out, not commented.
    asked_by_defaults = set(resolve(plan, {}, counterfactuals=False).asked())
    conds = {ref.tree: ref.when for ref in plan.refs}
    parents = {child: tid for tid in plan.tree_ids() for child in follow_ons(plan.trees[tid])}
    effects = influence_index(plan)
    for tree_id in plan.tree_ids():
        tree = plan.trees[tree_id]
        lines.append("")
        header = f"  # ── {tree.title} ({tree.id} v{tree.version})"
        if conds.get(tree_id):
            header += f"; asked only when {describe(conds[tree_id])}"
        elif tree_id not in conds:
            header += f"; asked only when the {parents.get(tree_id, '?')} pick continues into it"
        lines.append(header)
        lines.append(f"  {tree.id}:")
        only = plan.ask_only.get(tree_id)
        for question in tree.questions:
            if only is not None and question.id not in only:
                continue
            pad = "    "
            lines.append("")
            lines.extend(_comment(question.ask, pad))
            if question.help:
                lines.extend(_comment(question.help, pad + "  "))
            lines.extend(_comment("What it decides: " + effects[f"{tree_id}.{question.id}"].sentence(), pad + "  "))
            for option in question.options:
                lines.extend(_comment(f"{option.id}: {option.label}", pad + "  "))
            if question.not_sure:
                lines.append(f"{pad}#   {NOT_SURE}: Not sure")
            lines.append(f"{pad}#   valid: {valid_values(question)}")
            entry = f"{question.id}: {_value(question)}".rstrip()
            if question.when and (tree.id, question.id) not in asked_by_defaults:
                lines.append(f"{pad}# asked only when {describe(question.when)}:")
                lines.append(f"{pad}# {entry}")
            elif question.when:
                lines.append(f"{pad}# asked because {describe(question.when)} (change that and this goes away)")
                lines.append(f"{pad}{entry}")
            else:
                lines.append(f"{pad}{entry}")
    return "\n".join(lines) + "\n"
