"""What each MCP tool does, free of the SDK: catalogue, engine and renderers, called as the CLI calls them.

Every method takes plain data (as a model sends it), checks it, and returns a result model or
raises a WizardError (ToolFailure for a wrong argument); the server turns errors into
structured tool errors.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.core.answers import check_answers
from wizard.core.engine import Answers, Plan, plan_for_blueprint, plan_for_decisions, resolve
from wizard.core.model import AnswersFile
from wizard.core.suggest import did_you_mean
from wizard.errors import AnswersError, Problem, WizardError
from wizard.io.answers_file import answers_from, answers_hash, normalised, plan_of, require_sound
from wizard.io.content import Catalog, require_clean
from wizard.io.safe_read import require_regular
from wizard.io.yaml_loader import Located
from wizard.mcp import interview, paths
from wizard.mcp.failures import Rejected, ToolFailure
from wizard.mcp.limits import bounded
from wizard.mcp.problems import describe
from wizard.mcp.results import Catalogue, DecideResult, Explanation, Interview, ProblemInfo, Rendered, Validation
from wizard.render.json_out import catalog_data, decision_data, explanation_data

FORMATS = ("png", "svg", "pdf", "dot", "mmd")
MAX_CITED_LINES = 400
"""Longest citation a notes resource returns; the notes' ranges are a few dozen lines."""
_LINES = re.compile(r"^L?(\d{1,7})(?:-L?(\d{1,7}))?$")
_SEED = re.compile(r"^\d{3}$")
_SOURCE = "answers"
"""The name problems carry instead of a file (the answers arrive in the call)."""


@dataclass
class Service:
    """The state a server shares between calls: the catalogue, the output root, the notes folder."""

    catalog: Catalog
    root: Path
    notes: Path | None = None

    # ------------------------------------------------------------------ catalogue and plans

    def list_trees(self) -> Catalogue:
        """Every decision tree and blueprint, as `archwiz trees --json`."""
        return Catalogue.model_validate(catalog_data(list(self.catalog.trees.values()), list(self.catalog.blueprints.values())))

    def _plan(self, target: str, field: str, *, decisions_only: bool = False) -> Plan:
        bounded(field, target)
        if target in self.catalog.blueprints and not decisions_only:
            blueprint = self.catalog.blueprints[target]
            require_clean(self.catalog, blueprint.tree_ids())
            plan = plan_for_blueprint(blueprint, self.catalog.trees)
        elif target in self.catalog.trees and not (decisions_only and self.catalog.trees[target].profile):
            plan = plan_for_decisions([target], self.catalog.trees)
        else:
            trees = sorted(t for t, tree in self.catalog.trees.items() if not (decisions_only and tree.profile))
            valid = trees if decisions_only else sorted([*self.catalog.blueprints, *trees])
            what = "decision tree" if decisions_only else "blueprint or tree"
            profile = target in self.catalog.trees
            raise ToolFailure(
                f"{target[:60]!r} is a profile of shared facts, not a decision" if profile else f"there is no {what} {target[:60]!r}",
                field=field,
                valid_values=valid,
                hint=(f"did you mean {close!r}? " if (close := did_you_mean(target[:60], valid)) else "") + "list_trees names every id",
            )
        require_sound(plan, self.catalog)
        return plan

    def _given(self, plan: Plan, answers: dict[str, Any] | None) -> Answers:
        """Answers for the plan's trees.

        For single decisions, answers to other known trees are left out, as `archwiz decide --answers`
        does with a file (an assistant may send the whole interview); a blueprint reports them.
        """
        bounded("answers", answers)
        given = answers or {}
        if plan.blueprint is not None:
            return dict(given)
        return {k: v for k, v in given.items() if k in plan.tree_ids() or k not in self.catalog.trees}

    def _described(self, problems: list[Problem], plan: Plan | None, document: Any) -> list[ProblemInfo]:
        return [describe(p, self.catalog, plan, document) for p in problems]

    # ------------------------------------------------------------------ tools

    def questions(self, target: str, answers: dict[str, Any] | None) -> Interview:
        """The questions still to ask for a blueprint or a tree, given the answers so far."""
        plan = self._plan(target, "tree_or_blueprint")
        given = self._given(plan, answers)
        clean, problems = check_answers(plan, given)
        res = resolve(plan, clean, counterfactuals=False)
        listed = [p for p in problems if not p.missing]
        document = {"answers": given}
        return Interview(
            target=target,
            kind="blueprint" if plan.blueprint is not None else "tree",
            questions=interview.remaining(plan, res),
            answered=sum(len(v) for v in clean.values()),
            done=not res.missing(),
            problems=self._described(listed, plan, document),
            answers_file=normalised(plan, clean),
        )

    def _decided(self, tree: str, answers: dict[str, Any] | None) -> tuple[Plan, Any]:
        plan = self._plan(tree, "tree", decisions_only=True)
        given = self._given(plan, answers)
        clean, problems = check_answers(plan, given)
        errors = [p for p in problems if p.level == "error" and not p.missing]
        if errors:
            exc = AnswersError(
                f"{len(errors)} problem(s) in the answers",
                problems=errors,
                hint="questions(tree) lists every question and its valid values",
            )
            raise Rejected(exc, self._described(errors, plan, {"answers": given}))
        return plan, resolve(plan, clean)

    def decide(self, tree: str, answers: dict[str, Any] | None) -> DecideResult:
        """One tree's decision, as `archwiz decide --json`."""
        _, res = self._decided(tree, answers)
        result: DecideResult = DecideResult.model_validate(decision_data(res, tree))
        return result

    def explain(self, tree: str, answers: dict[str, Any] | None) -> Explanation:
        """Every rule of the tree in order with its outcome, and the decision."""
        plan, res = self._decided(tree, answers)
        return Explanation.model_validate(explanation_data(plan.trees[tree], res))

    def _plan_of_document(self, document: Any) -> Plan | None:
        try:
            return plan_of(AnswersFile.read(document), self.catalog)
        except (ValidationError, WizardError, TypeError):
            return None

    def _load(self, document: dict[str, Any]) -> Any:
        bounded("answers", document)
        located = Located(data=document, file=_SOURCE)
        try:
            return answers_from(located, self.catalog)
        except WizardError as exc:
            problems = exc.problems or [Problem(message=exc.message, hint=exc.hint)]
            raise Rejected(exc, self._described(problems, self._plan_of_document(document), document)) from exc

    def validate(self, document: dict[str, Any]) -> Validation:
        """Every problem of an answers document at once, as `archwiz validate --json`."""
        try:
            loaded = self._load(document)
        except Rejected as exc:
            return Validation(valid=False, problems=exc.infos)
        return Validation(valid=True, problems=self._described(loaded.warnings, loaded.plan, document))

    def render(self, document: dict[str, Any], formats: list[str], folder: str | None) -> tuple[Rendered, bytes | None]:
        """Render into `root/[folder/]<answers hash>`; return the result and the PNG, if one was drawn."""
        from wizard.render.pipeline import render_all

        wanted = list(dict.fromkeys(formats))
        if not wanted:
            raise ToolFailure("no diagram format given", field="formats", valid_values=list(FORMATS), hint='e.g. ["png", "dot"]')
        bounded("folder", folder)
        loaded = self._load(document)
        digest = answers_hash(loaded.plan, loaded.answers)
        out = paths.render_folder(self.root, folder, digest)
        run, written = render_all(loaded.plan, loaded.answers, out, wanted)
        png = out / "architecture.png"
        image = png.read_bytes() if png in written.paths else None
        rendered = Rendered(
            folder=str(out),
            written=[str(p) for p in written.paths],
            picks={d.tree: d.pick for d in run.resolution.decisions.values()},
            answers_hash=digest,
            rationale=(out / "RATIONALE.md").read_text(encoding="utf-8"),
            checks=[f"{c.level}: {c.text}" for c in run.architecture.checks],
            partial=f"{written.partial.message}; {written.partial.hint}" if written.partial else None,
            warnings=self._described(loaded.warnings, loaded.plan, document),
        )
        return rendered, image

    # ------------------------------------------------------------------ resources

    def cited(self, seed: str, lines: str) -> str:
        """The text of a citation's lines (`000`, `L405-L430`) from the notes folder, numbered."""
        if self.notes is None:
            raise ToolFailure("the server was started without --notes", field="seed", hint="start it with `archwiz mcp --notes DIR`")
        match = _LINES.match(lines)
        if not _SEED.match(seed) or match is None:
            raise ToolFailure("a citation is a seed number and a line range", field="lines", hint="e.g. archwiz://notes/000/L405-L430")
        lo, hi = int(match.group(1)), int(match.group(2) or match.group(1))
        if lo < 1 or hi < lo or hi - lo >= MAX_CITED_LINES:
            raise ToolFailure(f"line range {lines} is empty, backwards or longer than {MAX_CITED_LINES} lines", field="lines")
        found = sorted(self.notes.glob(f"{seed}_*.txt"))
        if not found:
            seeds = sorted({p.name.split("_", 1)[0] for p in self.notes.glob("*_*.txt")})
            close = did_you_mean(seed, seeds)
            raise ToolFailure(
                f"no seed {seed} in the notes", field="seed", valid_values=seeds, hint=f"did you mean {close}?" if close else None
            )
        require_regular(found[0], "seed file", 64 * 1024 * 1024)
        with found[0].open(encoding="utf-8", errors="replace") as handle:
            picked = list(itertools.islice(handle, lo - 1, hi))
        if not picked:
            raise ToolFailure(f"seed {seed} has fewer than {lo} lines", field="lines")
        body = "".join(f"{lo + i:>6}  {text}" for i, text in enumerate(picked))
        return f"{seed} L{lo}-L{lo + len(picked) - 1} ({found[0].name})\n{body}"
