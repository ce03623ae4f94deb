"""Component keys (`aws.database.Aurora`) to `diagrams` node classes, with fallbacks.

Services missing from the diagrams catalogue still get a proper icon: the closest family
icon, while the node label names the real service.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

FALLBACKS: dict[str, str] = {
    "aws.network.GatewayLoadBalancer": "aws.network.ELB",
    "aws.database.MemoryDB": "aws.database.ElasticacheForRedis",
    "aws.storage.FsxForNetappOntap": "aws.storage.FSx",
    "aws.storage.FsxForOpenzfs": "aws.storage.FSx",
    "aws.storage.InstanceStore": "aws.storage.EBS",
    "aws.storage.Snowcone": "aws.storage.Snowball",
    "aws.security.VerifiedAccess": "aws.security.IAM",
}
"""Services the diagrams 0.25.1 catalogue lacks, mapped to the nearest icon."""

GENERIC = "generic.blank.Blank"
"""Last resort for a component nobody mapped: a blank tile with the label."""


@cache
def node_class(component: str) -> Any:
    """The diagrams class for a component key (falls back, never raises)."""
    for key in (component, FALLBACKS.get(component, ""), GENERIC):
        if not key:
            continue
        found = _import(key)
        if found is not None:
            return found
    raise LookupError(component)  # pragma: no cover - GENERIC always imports


def is_known(component: str) -> bool:
    """True when the component has its own icon or a declared fallback."""
    return _import(component) is not None or (component in FALLBACKS and _import(FALLBACKS[component]) is not None)


def _import(key: str) -> Any:
    module_path, _, name = key.rpartition(".")
    if not module_path or not name:
        return None
    try:
        module = importlib.import_module(f"diagrams.{module_path}")
    except ImportError:
        return None
    return getattr(module, name, None)
