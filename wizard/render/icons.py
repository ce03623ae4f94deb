"""Component keys (`aws.database.Aurora`) to `diagrams` node classes, with fallbacks.

Services missing from the diagrams catalogue still get a proper icon: the closest family
icon, while the node label names the real service.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from wizard.components import FALLBACKS, GENERIC, is_known, node_class_of

__all__ = ["FALLBACKS", "GENERIC", "is_known", "node_class"]


@cache
def node_class(component: str) -> Any:
    """The diagrams class for a component key (falls back, never raises)."""
    for key in (component, FALLBACKS.get(component, ""), GENERIC):
        if not key:
            continue
        found = node_class_of(key)
        if found is not None:
            return found
    raise LookupError(component)  # pragma: no cover - GENERIC always imports
