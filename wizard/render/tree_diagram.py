"""A decision tree drawn as a diagram: questions feed rules, rules pick or exclude candidates.

With answers, the user's path is highlighted: asked questions show the answer, rules that
applied are bold, the pick is green and excluded candidates are red with the rule that
excluded them. DOT text (rendered by Graphviz) and Mermaid text; deterministic.
"""

from __future__ import annotations

import textwrap

from wizard.core import conditions
from wizard.core.decision import Decision
from wizard.core.engine import Resolution
from wizard.core.model import Tree

WRAP = 28
PICKED, EXCLUDED, ASKED, IDLE = "#d5f5d5", "#f8d7d7", "#dceeff", "#f4f4f4"


def _wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _dot_text(text: str) -> str:
    # DOT strings: escape backslashes and quotes; newlines become centred line breaks.
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _rule_label(index: int, tree: Tree) -> str:
    rule = tree.rules[index]
    head = f"R{index + 1} {rule.kind} {', '.join(rule.targets())}"
    because = rule.because if len(rule.because) <= 90 else rule.because[:88].rsplit(" ", 1)[0] + " …"
    return _wrap(head, 34) + "\n" + _wrap(because, 34)


def _applied(tree: Tree, res: Resolution | None) -> set[int]:
    if res is None or tree.id not in res.per_tree:
        return set()
    resolve = res.resolver(tree.id)
    return {i for i, r in enumerate(tree.rules) if r.kind == "default" or conditions.holds(r.cond, resolve)}


def tree_dot(tree: Tree, res: Resolution | None = None, comment: str = "") -> str:
    """The DOT source of a tree's decision diagram."""
    decision: Decision | None = res.decisions.get(tree.id) if res else None
    answers = res.per_tree[tree.id].effective if res and tree.id in res.per_tree else {}
    asked = set(res.per_tree[tree.id].asked) if res and tree.id in res.per_tree else set()
    applied = _applied(tree, res)
    excluded = {e.candidate: e for e in decision.excluded} if decision else {}
    lines = [f"/* {comment} */" if comment else "", f'digraph "{_dot_text(tree.id)}" {{']
    lines += [
        "  graph [rankdir=LR splines=spline nodesep=0.25 ranksep=1.4 fontsize=20 labelloc=t "
        f'fontname="Sans-Serif" label="{_dot_text(tree.title)}"]',
        '  node [fontname="Sans-Serif" fontsize=11 style="rounded,filled" fillcolor="#ffffff" color="#7b8894"]',
        '  edge [color="#9aa5b1" fontname="Sans-Serif" fontsize=9 arrowsize=0.7]',
        '  subgraph cluster_questions { label="Questions" style=rounded color="#c9d3dd"',
    ]
    for q in tree.questions:
        text = q.ask
        fill = IDLE
        if q.id in answers:
            text += f"\n= {q.label_of(answers[q.id])}"
            fill = ASKED
        elif res is not None and q.id not in asked:
            text += "\n(not asked)"
        lines.append(f'    "q_{q.id}" [shape=box label="{_dot_text(_wrap(text))}" fillcolor="{fill}"]')
    lines.append("  }")
    lines.append('  subgraph cluster_rules { label="Rules (evaluated R1, R2, ...; bold = applied)" style=rounded color="#c9d3dd"')
    for i in range(len(tree.rules)):
        bold = ' penwidth=2.5 color="#2d3436"' if i in applied else ""
        lines.append(f'    "r{i + 1}" [shape=note label="{_dot_text(_rule_label(i, tree))}"{bold}]')
    lines.append("  }")
    lines.append('  subgraph cluster_candidates { label="Candidates" style=rounded color="#c9d3dd"')
    for cand in tree.candidates:
        text = cand.label
        fill = "#ffffff"
        if decision and cand.id == decision.pick:
            text += "\nPICK"
            fill = PICKED
        elif cand.id in excluded:
            first = excluded[cand.id].rules[0]
            text += f"\nexcluded by R{first.index + 1}" if first.index >= 0 else "\nretired"
            fill = EXCLUDED
        elif cand.retired:
            text += "\n(retired)"
            fill = EXCLUDED
        lines.append(f'    "c_{cand.id}" [shape=ellipse label="{_dot_text(_wrap(text, 22))}" fillcolor="{fill}"]')
    lines.append("  }")
    for i, rule in enumerate(tree.rules):
        for comp in conditions.comparisons(rule.cond):
            if "." in comp.ref or comp.ref == "pick" or tree.question(comp.ref) is None:
                continue
            value = " / ".join(map(str, comp.value)) if isinstance(comp.value, tuple) else str(comp.value)
            op = "" if comp.op in ("eq", "in") else f"{comp.op} "
            lines.append(f'  "q_{comp.ref}" -> "r{i + 1}" [style=dotted label="{_dot_text(op + value)}"]')
        style = {"exclude": 'color="#c0392b" style=dashed', "prefer": 'color="#27ae60"', "default": 'color="#7b8894"'}[rule.kind]
        width = " penwidth=2.2" if i in applied else ""
        for target in rule.targets():
            lines.append(f'  "r{i + 1}" -> "c_{target}" [{style}{width}]')
    lines.append("}")
    return "\n".join(line for line in lines if line) + "\n"


def tree_mermaid(tree: Tree, res: Resolution | None = None, comment: str = "") -> str:
    """The Mermaid source of the same diagram."""
    from wizard.render.mermaid import _text

    decision = res.decisions.get(tree.id) if res else None
    applied = _applied(tree, res)
    out = [f"%% {comment}" if comment else "", "flowchart LR"]
    out.append('    subgraph questions["Questions"]')
    out += [f'        q_{q.id}["{_text(q.ask)}"]' for q in tree.questions]
    out.append("    end")
    out.append('    subgraph rules["Rules (evaluated R1, R2, ...)"]')
    out += [f'        r{i + 1}["{_text(_rule_label(i, tree))}"]' for i in range(len(tree.rules))]
    out.append("    end")
    out.append('    subgraph candidates["Candidates"]')
    out += [f'        c_{c.id}(["{_text(c.label)}"])' for c in tree.candidates]
    out.append("    end")
    for i, rule in enumerate(tree.rules):
        for ref in conditions.references(rule.cond):
            if "." not in ref and ref != "pick" and tree.question(ref) is not None:
                out.append(f"    q_{ref} -.-> r{i + 1}")
        arrow = "-.->" if rule.kind == "exclude" else ("==>" if i in applied else "-->")
        out += [f"    r{i + 1} {arrow} c_{t}" for t in rule.targets()]
    if decision and decision.pick:
        out.append(f"    style c_{decision.pick} fill:{PICKED}")
    if decision:
        out += [f"    style c_{e.candidate} fill:{EXCLUDED}" for e in decision.excluded]
    return "\n".join(line for line in out if line) + "\n"
