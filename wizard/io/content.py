"""Load decision trees and blueprints from folders; one broken file never hides the others."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from wizard.core.model import Blueprint, Tree
from wizard.core.suggest import hint_for
from wizard.errors import InputFileError, Problem, TreeError, UnknownIdError
from wizard.io import parse_cache, resources
from wizard.io.validation import problems_from
from wizard.io.yaml_loader import Located, load_file

TREES_ENV = "ARCHWIZ_TREES"
"""Environment variable naming extra tree folders (separated by the OS path separator)."""


@dataclass
class Catalog:
    """Every tree and blueprint found, the files they came from, and the problems met."""

    trees: dict[str, Tree] = field(default_factory=dict)
    blueprints: dict[str, Blueprint] = field(default_factory=dict)
    files: dict[str, Located] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    shadowed: list[Problem] = field(default_factory=list)
    """Warnings for user trees and blueprints that replace bundled ones (said on every command)."""

    def tree(self, tree_id: str) -> Tree:
        """The tree with this id, or UnknownIdError with a suggestion."""
        if tree_id in self.trees:
            return self.trees[tree_id]
        if tree_id in self.blueprints:
            raise UnknownIdError(
                f"{tree_id!r} is a blueprint (a whole workload), not a single decision",
                hint=f"use `archwiz questions {tree_id}` and `archwiz render`, or `archwiz interview --blueprint {tree_id}`",
            )
        raise UnknownIdError(
            f"there is no tree {tree_id!r}",
            hint=hint_for(tree_id, sorted(self.trees), "trees") + " (see `archwiz trees`)",
        )

    def blueprint(self, blueprint_id: str) -> Blueprint:
        """The blueprint with this id, or UnknownIdError with a suggestion."""
        if blueprint_id in self.blueprints:
            return self.blueprints[blueprint_id]
        raise UnknownIdError(
            f"there is no blueprint {blueprint_id!r}",
            hint=hint_for(blueprint_id, sorted(self.blueprints), "blueprints") + " (see `archwiz trees`)",
        )

    def located(self, kind: str, item_id: str) -> Located | None:
        """The loaded file of a tree (`tree`) or blueprint (`blueprint`)."""
        return self.files.get(f"{kind}:{item_id}")


def _validate(located: Located, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    if not isinstance(located.data, dict):
        return None, [located.problem("", f"a {model.__name__.lower()} file must be a YAML mapping")]
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        return None, problems_from(exc, located, model)


def load_tree_file(path: Path) -> tuple[Tree | None, Located | None, list[Problem]]:
    """Load one tree file; problems instead of exceptions."""
    return _load(path, Tree)  # type: ignore[return-value]


def load_blueprint_file(path: Path) -> tuple[Blueprint | None, Located | None, list[Problem]]:
    """Load one blueprint file; problems instead of exceptions."""
    return _load(path, Blueprint)  # type: ignore[return-value]


def _load(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, Located | None, list[Problem]]:
    entry = parse_cache.key(path, model.__name__)
    cached = parse_cache.get(entry)
    if isinstance(cached, tuple) and len(cached) == 3:
        return cached
    result = _parse(path, model)
    parse_cache.put(entry, result)
    return result


def _parse(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, Located | None, list[Problem]]:
    try:
        located = load_file(path, "tree" if model is Tree else "blueprint")
    except InputFileError as exc:
        return None, None, exc.problems or [Problem(message=exc.message, file=str(path), hint=exc.hint)]
    item, problems = _validate(located, model)
    item_id = getattr(item, "id", path.stem)
    if item is not None and path.stem != item_id:
        problems.append(
            located.problem("id", f"id {item_id!r} differs from the file name {path.name!r}", hint=f"rename the file to {item_id}.yaml")
        )
    return item, located, problems


def tree_folders(extra: list[Path] | None = None) -> list[Path]:
    """The folders searched for trees: bundled, then $ARCHWIZ_TREES, then `--trees`."""
    folders = [resources.trees_dir()]
    env = os.environ.get(TREES_ENV)
    if env:
        folders.extend(Path(p) for p in env.split(os.pathsep) if p)
    folders.extend(extra or [])
    return folders


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def load_catalog(extra: list[Path] | None = None, *, bundled: bool = True) -> Catalog:
    """Load every tree and blueprint from the tree folders (blueprints live in `blueprints/`)."""
    catalog = Catalog()
    folders = tree_folders(extra) if bundled else list(extra or [])
    home = resources.trees_dir()
    for folder in folders:
        if not folder.is_dir():
            catalog.problems.append(
                Problem(message=f"tree folder {folder} does not exist", file=str(folder), hint=f"check --trees or ${TREES_ENV}")
            )
            continue
        for path in _yaml_files(folder):
            is_blueprint = "blueprints" in path.relative_to(folder).parts
            item, located, problems = _load(path, Blueprint if is_blueprint else Tree)
            catalog.problems.extend(problems)
            if item is None or located is None:
                continue
            kind = "blueprint" if is_blueprint else "tree"
            store: dict[str, BaseModel] = catalog.blueprints if is_blueprint else catalog.trees  # type: ignore[assignment]
            item_id = str(getattr(item, "id"))  # noqa: B009 - Tree and Blueprint both have an id
            if item_id in store and catalog.located(kind, item_id) is not None:
                first = catalog.located(kind, item_id)
                warning = located.problem(
                    "id",
                    f"{kind} id {item_id!r} is also defined in {first.file if first else '?'}; the later file wins",
                    level="warning",
                )
                catalog.problems.append(warning)
                if first is not None and Path(first.file).is_relative_to(home):
                    catalog.shadowed.append(
                        located.problem(
                            "id",
                            f"this {kind} replaces the bundled {kind} {item_id!r}",
                            hint="rename its id to keep both, or remove the file to use the bundled one",
                            level="warning",
                        )
                    )
            if isinstance(item, Tree):
                item.set_origin(None if folder == home else str(folder))
            store[item_id] = item
            catalog.files[f"{kind}:{item_id}"] = located
    return catalog


def require_clean(catalog: Catalog, needed: list[str]) -> None:
    """Raise TreeError if a needed tree failed to load (its problems explain why)."""
    missing = [t for t in needed if t not in catalog.trees]
    if missing:
        related = [p for p in catalog.problems if p.level == "error"]
        raise TreeError(
            f"tree(s) {', '.join(missing)} could not be loaded",
            problems=related,
            hint="fix the tree files listed above, or run `archwiz lint`",
        )
