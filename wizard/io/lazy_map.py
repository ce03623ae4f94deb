"""A mapping whose values are loaded the first time they are read.

The catalogue knows every tree's id from a small cached header, but a command such as
`archwiz decide database` reads only a handful of the trees; loading the rest (unpickling
thousands of model objects) was most of its start-up. Iteration order is insertion order, like
a dict, and a value set directly replaces a pending loader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import TypeVar

V = TypeVar("V")


class LazyMap(MutableMapping[str, V]):
    """A str-keyed mapping that calls a value's loader on first access and keeps the result."""

    def __init__(self) -> None:
        self._order: dict[str, None] = {}
        self._loaded: dict[str, V] = {}
        self._pending: dict[str, Callable[[], V]] = {}

    def defer(self, key: str, loader: Callable[[], V]) -> None:
        """Add (or replace) a key whose value `loader` produces when first read."""
        self._loaded.pop(key, None)
        self._pending[key] = loader
        self._order[key] = None

    def __getitem__(self, key: str) -> V:
        if key in self._loaded:
            return self._loaded[key]
        loader = self._pending.pop(key)  # KeyError for an unknown key, as a dict raises
        value = self._loaded[key] = loader()
        return value

    def __setitem__(self, key: str, value: V) -> None:
        self._pending.pop(key, None)
        self._loaded[key] = value
        self._order[key] = None

    def __delitem__(self, key: str) -> None:
        del self._order[key]
        self._loaded.pop(key, None)
        self._pending.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"LazyMap({list(self._order)!r}, loaded={len(self._loaded)})"
