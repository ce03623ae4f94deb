"""Locate the bundled decision trees and templates (wheel or source checkout)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _bundled(name: str) -> Path:
    # In a wheel the folders are mapped to wizard/_bundled/<name>; in a source checkout or an
    # editable install they sit at the repository's top level.
    packaged = Path(str(resources.files("wizard"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def trees_dir() -> Path:
    """The bundled `decision_trees/` folder."""
    return _bundled("decision_trees")


def templates_dir() -> Path:
    """The bundled `templates/` folder."""
    return _bundled("templates")
