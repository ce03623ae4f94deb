"""Plain-text views for the terminal: a decision, its full reasoning, the tree catalogue."""

from __future__ import annotations

from wizard.core import conditions
from wizard.core.decision import Decision, RuleHit
from wizard.core.engine import Resolution
from wizard.core.explain import rule_outcomes
from wizard.core.model import Tree
from wizard.sanitize import plain


def terminal_safe(text: str) -> str:
    """Drop control characters (escape sequences, bells) so tree text cannot drive the terminal."""
    return plain(text)


def _cites(cites: list[str]) -> str:
    return f" [{'; '.join(cites)}]" if cites else ""


def _because(hit: RuleHit) -> str:
    triggers = ", ".join(f"{t.ref} = {t.value_label}" for t in hit.triggers)
    return hit.because + (f" (because {triggers})" if triggers else "") + _cites(hit.cite)


def decision_text(decision: Decision) -> str:
    """A decision as readable text: pick, why, alternatives, why-not, notes, what-if."""
    lines = [f"{decision.title}", f"  pick: {decision.configuration}" + ("  (weak fit)" if decision.status == "weak_fit" else "")]
    if decision.status == "no_fit":
        lines[-1] = "  pick: no candidate fits these answers"
    if decision.reason:
        lines.append(f"  why:  {_because(decision.reason)}")
    lines.extend(f"  WARNING: {w.text}{_cites(w.cite)}" for w in decision.warnings)
    if decision.features:
        lines.append("  configuration:")
        for f in decision.features:
            triggers = ", ".join(f"{t.ref} = {t.value_label}" for t in f.triggers)
            lines.append(f"    - {f.label}: {f.because}" + (f" (because {triggers})" if triggers else "") + _cites(f.cite))
    if decision.follow_ons:
        lines.append("  continues in: " + ", ".join(decision.follow_ons))
    if decision.alternatives:
        lines.append("  alternatives:")
        lines.extend(f"    - {a.label}: {a.reason}" for a in decision.alternatives)
    if decision.excluded:
        lines.append("  ruled out:")
        for ex in decision.excluded:
            lines.append(f"    - {ex.label}: " + " ".join(_because(r) for r in ex.rules))
    notes = [n for n in decision.notes if n.level != "warning"]
    if notes:
        lines.append("  notes:")
        lines.extend(f"    - {n.text}{_cites(n.cite)}" for n in notes)
    unstated = {a.ref for a in decision.assumptions if a.kind == "unanswered"}
    stated = [f for f in decision.counterfactuals if f.ref not in unstated]
    if stated:
        lines.append("  what would change it:")
        lines.extend(f"    - if {f.ref} were {f.value_label}: {f.pick_label}" for f in stated)
    if decision.assumptions:
        lines.append("  assumptions (not stated facts steer nothing):")
        for a in decision.assumptions:
            what = {"default": f"default {a.value_label}", "not_sure": "not sure", "unanswered": "not stated"}[a.kind]
            flips = [f"{f.value_label} -> {f.pick_label}" for f in decision.counterfactuals if f.ref == a.ref and a.kind != "default"]
            lines.append(f"    - {a.ref}: {what}" + (f"; would change it: {'; '.join(flips)}" if flips and a.kind == "unanswered" else ""))
    return terminal_safe("\n".join(lines))


def chain_text(res: Resolution, tree_id: str) -> str:
    """A decision followed by the decisions its pick continued into, in asking order."""
    order = [t for t in res.active if t == tree_id or _descends(res, t, tree_id)]
    return "\n\n".join(decision_text(res.decisions[t]) for t in order if t in res.decisions)


def _descends(res: Resolution, tree_id: str, root: str) -> bool:
    parents = [t for t, d in res.decisions.items() if tree_id in d.follow_ons]
    return any(p == root or _descends(res, p, root) for p in parents)


def explain_text(tree: Tree, res: Resolution) -> str:
    """Every rule of a tree evaluated in order, with the answers it read and its outcome."""
    states = {
        "applies": "applies",
        "does_not_apply": "does not apply",
        "unknown": "unknown (it reads a question not asked on this path, or answered Not sure)",
    }
    lines = [f"{tree.title} ({tree.id} v{tree.version})", "", "rules, in order:"]
    for rule in rule_outcomes(tree, res):
        target = ", ".join(rule.targets)
        read = ", ".join(f"{r}={_show(v)}" for r, v in rule.reads)
        lines.append(f"  {rule.index:>2}. {rule.kind} {target}: {states[rule.state]}" + (f"  [reads {read}]" if read else ""))
        lines.append(f"      {rule.because}{_cites(rule.cite)}")
    lines += ["", chain_text(res, tree.id)]
    return terminal_safe("\n".join(lines))


def _show(value: object) -> str:
    return "?" if value is conditions.UNKNOWN else str(value)
