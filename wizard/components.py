"""Which component keys (`aws.database.Aurora`) name a `diagrams` node class, with fallbacks.

Both the loader (lint checks every `component:`) and the renderer (draws it) need this, so it
sits below both layers. `diagrams` is imported lazily, by name, only when a key is looked up.
A key resolves only to a node class of a provider module: never to a dunder or private name,
a module attribute that is not a node, or the `custom` helpers (they would read a file path).
"""

from __future__ import annotations

import importlib
import re
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

KEY = re.compile(r"^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)*\.[A-Z][A-Za-z0-9]*$")
"""`provider.module.ClassName`: lower-case module path, a public class name."""

NOT_PROVIDERS = ("custom",)
"""Modules of diagrams whose classes are helpers, not service icons."""


def is_known(component: str) -> bool:
    """True when the component has its own icon or a declared fallback."""
    return node_class_of(component) is not None or (component in FALLBACKS and node_class_of(FALLBACKS[component]) is not None)


@cache
def node_class_of(key: str) -> Any:
    """The diagrams node class a key names, or None (also for anything that is not a node class)."""
    if not KEY.match(key) or key.split(".", 1)[0] in NOT_PROVIDERS:
        return None
    module_path, _, name = key.rpartition(".")
    try:
        module = importlib.import_module(f"diagrams.{module_path}")
        base = importlib.import_module("diagrams").Node
    except ImportError:
        return None
    found = getattr(module, name, None)
    if not isinstance(found, type) or not issubclass(found, base) or found is base:
        return None
    return found
