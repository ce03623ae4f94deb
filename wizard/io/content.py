"""Load decision trees and blueprints from folders; one broken file never hides the others."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from pydantic import BaseModel, ValidationError

from wizard.core.model import Blueprint, Tree
from wizard.core.suggest import hint_for
from wizard.errors import InputFileError, Problem, TreeError, UnknownIdError
from wizard.io import parse_cache, resources
from wizard.io.lazy_map import LazyMap
from wizard.io.validation import problems_from
from wizard.io.yaml_loader import Located, load_file

TREES_ENV = "ARCHWIZ_TREES"
"""Environment variable naming extra tree folders (separated by the OS path separator)."""


@dataclass
class Catalog:
    """Every tree and blueprint found, the files they came from, and the problems met."""

    trees: LazyMap[Tree] = field(default_factory=LazyMap)
    blueprints: LazyMap[Blueprint] = field(default_factory=LazyMap)
    files: LazyMap[Located] = field(default_factory=LazyMap)
    """Loaded files by `tree:<id>` / `blueprint:<id>`; like the trees, read from the cache on demand."""
    sources: dict[str, str] = field(default_factory=dict)
    """The file each `tree:<id>` / `blueprint:<id>` came from (known without loading it)."""
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


_Parsed = tuple[BaseModel | None, Located | None, list[Problem]]
_PARTS = ("header", "model", "located")
"""A file's three cache entries: its id and problems, its model, its line-tracked YAML."""


def _load(path: Path, model: type[BaseModel]) -> _Parsed:
    """One file, whole: from the cache when all of it is there, else parsed (and cached)."""
    entry = parse_cache.key(path, model.__name__)
    header, item, located = (parse_cache.get(_part(entry, part)) for part in _PARTS)
    if _is_header(header) and isinstance(item, model | None) and isinstance(located, Located | None):
        return item, located, list(header[1])
    return _parse_and_store(path, model, entry)


def _part(entry: str | None, part: str) -> str | None:
    return None if entry is None else f"{entry}-{part}"


def _is_header(value: Any) -> TypeGuard[tuple[str | None, list[Problem]]]:
    return isinstance(value, tuple) and len(value) == 2 and (value[0] is None or isinstance(value[0], str)) and isinstance(value[1], list)


def _id_of(item: BaseModel | None, located: Located | None) -> str | None:
    """The id a loaded file is known by, or None when it did not load."""
    return str(getattr(item, "id")) if item is not None and located is not None else None  # noqa: B009


def _parse_and_store(path: Path, model: type[BaseModel], entry: str | None) -> _Parsed:
    item, located, problems = _parse(path, model)
    item_id = _id_of(item, located)
    # The header last: a reader that finds it may expect the other two (and re-parses if not).
    parse_cache.put(_part(entry, "model"), item)
    parse_cache.put(_part(entry, "located"), located)
    parse_cache.put(_part(entry, "header"), (item_id, problems))
    return item, located, problems


_Loader = Callable[[], Any]


def _load_deferred(path: Path, model: type[BaseModel]) -> tuple[str | None, list[Problem], _Loader, _Loader]:
    """A file's id and problems now; loaders of its model and of its Located for later.

    The header is a few hundred bytes in the cache; the model (thousands of objects) is read only
    when a command uses the tree, and the Located (the YAML with line marks) only when a message
    must point at a line. On a header miss the file is parsed at once, as before.
    """
    entry = parse_cache.key(path, model.__name__)
    header = parse_cache.get(_part(entry, "header"))
    if not _is_header(header):
        item, located, problems = _parse_and_store(path, model, entry)
        return _id_of(item, located), problems, (lambda: item), (lambda: located)
    item_id, problems = header

    def part(name: str, kind: type) -> _Loader:
        def load() -> Any:
            value = parse_cache.get(_part(entry, name))
            if not isinstance(value, kind):  # missing or corrupt: parse the file again
                item, located, _ = _parse_and_store(path, model, entry)
                value = item if name == "model" else located
                if getattr(item, "id", None) != item_id or value is None:
                    raise TreeError(f"{path} changed while archwiz was running", hint="run the command again")
            return value

        return load

    return item_id, list(problems), part("model", model), part("located", Located)


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
            item_id, problems, item_of, located_of = _load_deferred(path, Blueprint if is_blueprint else Tree)
            catalog.problems.extend(problems)
            if item_id is None:
                continue
            kind = "blueprint" if is_blueprint else "tree"
            store: LazyMap[Any] = catalog.blueprints if is_blueprint else catalog.trees
            key = f"{kind}:{item_id}"
            if not is_blueprint:
                item_of = _with_origin(item_of, None if folder == home else str(folder))
            if item_id in store and key in catalog.sources:
                # A duplicate id (a user tree over a bundled one): rare, so its file is read now.
                first = catalog.sources[key]
                located = located_of()
                catalog.problems.append(
                    located.problem("id", f"{kind} id {item_id!r} is also defined in {first}; the later file wins", level="warning")
                )
                if Path(first).is_relative_to(home):
                    catalog.shadowed.append(
                        located.problem(
                            "id",
                            f"this {kind} replaces the bundled {kind} {item_id!r}",
                            hint="rename its id to keep both, or remove the file to use the bundled one",
                            level="warning",
                        )
                    )
            store.defer(item_id, item_of)
            catalog.files.defer(key, located_of)
            catalog.sources[key] = str(path)
    return catalog


def _with_origin(load: _Loader, origin: str | None) -> _Loader:
    """A tree loader that records which folder the tree came from (provenance, shadowing)."""

    def loaded() -> Any:
        tree = load()
        tree.set_origin(origin)
        return tree

    return loaded


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
