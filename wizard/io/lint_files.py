"""Run lint over files and folders, locating each finding at its file and line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wizard.core.lint import Finding, LintContext, lint_blueprint, lint_tree
from wizard.core.model import Blueprint, Tree
from wizard.errors import InputFileError, Problem
from wizard.io.content import Catalog, load_catalog
from wizard.io.safe_read import require_regular
from wizard.io.yaml_loader import Located, load_file

MAX_SEED_BYTES = 64 * 1024 * 1024


def seed_line_counts(folder: Path) -> dict[str, int]:
    """Seed number (file-name prefix) to its number of lines, as `sed -n` counts them."""
    counts: dict[str, int] = {}
    for path in sorted(folder.glob("*.txt")):
        prefix = path.name.split("_", 1)[0]
        # A FIFO or /dev/zero among the seeds would hang or never end; refuse it by name.
        require_regular(path, "seed file", MAX_SEED_BYTES)
        with path.open("rb") as handle:
            counts[prefix] = sum(1 for _ in handle)
    return counts


def _locate(findings: list[Finding], located: Located | None, file: str) -> list[Problem]:
    """Problems at their file and line, in the order of the lines."""
    out = []
    for f in findings:
        line = located.line_of(f.key) if located else None
        out.append(Problem(message=f.message, file=file, line=line, key=f.key, hint=f.hint, level=f.level))
    return sorted(out, key=lambda p: p.line or 0)


def _component_known() -> Callable[[str], bool]:
    from wizard.components import is_known

    return is_known


def lint_paths(
    paths: list[Path], extra_trees: list[Path] | None, notes: Path | None, max_age_days: int
) -> tuple[list[Problem], dict[str, int]]:
    """Lint the given files/folders (or all bundled content); return problems and counts."""
    problems: list[Problem] = []
    seed_lines = None
    if notes is not None:
        if not notes.is_dir():
            problems.append(Problem(message=f"--notes {notes} is not a folder", hint="pass the folder that holds the seed .txt files"))
        else:
            seed_lines = seed_line_counts(notes)
    # The full catalogue is loaded so that trees given alone can still refer to `workload`.
    catalog: Catalog = load_catalog(extra_trees)
    selected: Catalog
    if paths:
        files = [p for p in paths if p.is_file()]
        folders = [p for p in paths if p.is_dir()]
        missing = [p for p in paths if not p.exists()]
        problems += [Problem(message=f"{p}: no such file or folder", file=str(p)) for p in missing]
        selected = load_catalog(folders, bundled=False) if folders else Catalog()
        for path in files:
            single = _single(path)
            selected.problems += single.problems
            selected.trees.update(single.trees)
            selected.blueprints.update(single.blueprints)
            selected.files.update(single.files)
        merged = {**catalog.trees, **selected.trees}
    else:
        selected = catalog
        merged = dict(catalog.trees)
    problems += _placed(selected.problems)
    known = _component_known()
    for tree in sorted(selected.trees.values(), key=lambda t: t.id):
        located = selected.located("tree", tree.id)
        ctx = LintContext(trees=merged, seed_lines=seed_lines, component_known=known, max_age_days=max_age_days)
        problems += _locate(lint_tree(tree, ctx), located, located.file if located else tree.id)
    for bp in sorted(selected.blueprints.values(), key=lambda b: b.id):
        located = selected.located("blueprint", bp.id)
        ctx = LintContext(trees=merged, seed_lines=seed_lines, component_known=known, max_age_days=max_age_days)
        problems += _locate(lint_blueprint(bp, ctx), located, located.file if located else bp.id)
    return problems, {"trees": len(selected.trees), "blueprints": len(selected.blueprints)}


def _single(path: Path) -> Catalog:
    from wizard.io.content import load_blueprint_file, load_tree_file

    catalog = Catalog()
    is_blueprint = "blueprints" in path.parts
    loader = load_blueprint_file if is_blueprint else load_tree_file
    item, located, problems = loader(path)
    catalog.problems += problems
    if item is not None and located is not None:
        kind = "blueprint" if is_blueprint else "tree"
        if isinstance(item, Blueprint):
            catalog.blueprints[item.id] = item
        elif isinstance(item, Tree):
            catalog.trees[item.id] = item
        catalog.files[f"{kind}:{item.id}"] = located
    return catalog


# ---------------------------------------------------------------- loader problems without a line


def _placed(problems: list[Problem]) -> list[Problem]:
    """Give a line to the loader's problems that have a file but none (whole-file rules of the model)."""
    cache: dict[str, Located | None] = {}
    return [_place(p, cache) if p.file and p.line is None else p for p in problems]


def _place(problem: Problem, cache: dict[str, Located | None]) -> Problem:
    file = problem.file or ""
    if file not in cache:
        cache[file] = _read(Path(file))
    located = cache[file]
    if located is None:
        return problem
    key = problem.key or _model_key(problem.message, located.data)
    return dataclasses.replace(problem, key=key or problem.key, line=located.line_of(key) or 1)


def _read(path: Path) -> Located | None:
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return None
    try:
        return load_file(path)
    except InputFileError:
        return None


def _model_key(message: str, data: Any) -> str:
    """Where a model rule about the whole file is broken (the model names no key for these)."""
    if not isinstance(data, dict):
        return ""
    rules = data.get("rules")
    if "`default`" in message and isinstance(rules, list) and rules:
        defaults = [i for i, rule in enumerate(rules) if isinstance(rule, dict) and "default" in rule]
        early = [i for i in defaults if i != len(rules) - 1]
        return f"rules[{early[0] if early else len(rules) - 1}]"
    for key in ("candidates", "rules", "questions", "trees"):
        if key in message and key in data:
            return key
    return ""
