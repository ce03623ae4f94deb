"""Plain-text views for the terminal: a decision, its full reasoning, the tree catalogue."""

from __future__ import annotations

import unicodedata

from wizard.core import conditions
from wizard.core.decision import Decision, RuleHit
from wizard.core.engine import Resolution
from wizard.core.model import Tree


def terminal_safe(text: str) -> str:
    """Drop control characters (escape sequences, bells) so tree text cannot drive the terminal."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _cites(cites: list[str]) -> str:
    return f" [{'; '.join(cites)}]" if cites else ""


def _because(hit: RuleHit) -> str:
    triggers = ", ".join(f"{t.ref} = {t.value_label}" for t in hit.triggers)
    return hit.because + (f" (because {triggers})" if triggers else "") + _cites(hit.cite)


def decision_text(decision: Decision) -> str:
    """A decision as readable text: pick, why, alternatives, why-not, notes, what-if."""
    lines = [f"{decision.title}", f"  pick: {decision.pick_label}" + ("  (weak fit)" if decision.status == "weak_fit" else "")]
    if decision.status == "no_fit":
        lines[-1] = "  pick: no candidate fits these answers"
    if decision.reason:
        lines.append(f"  why:  {_because(decision.reason)}")
    if decision.alternatives:
        lines.append("  alternatives:")
        lines.extend(f"    - {a.label}: {a.reason}" for a in decision.alternatives)
    if decision.excluded:
        lines.append("  ruled out:")
        for ex in decision.excluded:
            lines.append(f"    - {ex.label}: " + " ".join(_because(r) for r in ex.rules))
    if decision.notes:
        lines.append("  notes:")
        lines.extend(f"    - {n.text}{_cites(n.cite)}" for n in decision.notes)
    if decision.counterfactuals:
        lines.append("  what would change it:")
        lines.extend(f"    - if {f.ref} were {f.value_label}: {f.pick_label}" for f in decision.counterfactuals)
    if decision.assumptions:
        lines.append("  assumptions:")
        for a in decision.assumptions:
            what = {"default": f"default {a.value_label}", "not_sure": "not sure", "unanswered": "not answered"}[a.kind]
            lines.append(f"    - {a.ref}: {what}")
    return terminal_safe("\n".join(lines))


def explain_text(tree: Tree, res: Resolution) -> str:
    """Every rule of a tree evaluated in order, with the answers it read and its outcome."""
    decision = res.decisions[tree.id]
    resolve = res.resolver(tree.id)

    lines = [f"{tree.title} ({tree.id} v{tree.version})", "", "rules, in order:"]
    for index, rule in enumerate(tree.rules, start=1):
        result = conditions.evaluate3(rule.cond, resolve) if rule.when else True
        state = {
            True: "applies",
            False: "does not apply",
            None: "unknown (it reads a question not asked on this path, or answered Not sure)",
        }[result]
        target = ", ".join(rule.targets())
        read = ", ".join(f"{r}={_show(resolve(r))}" for r in conditions.references(rule.cond))
        lines.append(f"  {index:>2}. {rule.kind} {target}: {state}" + (f"  [reads {read}]" if read else ""))
        lines.append(f"      {rule.because}{_cites(rule.cite)}")
    lines += ["", decision_text(decision)]
    return terminal_safe("\n".join(lines))


def _show(value: object) -> str:
    return "?" if value is conditions.UNKNOWN else str(value)
