"""Bounds on tool arguments, checked before any work: a model may send anything."""

from __future__ import annotations

from typing import Any

from wizard.mcp.failures import ToolFailure

MAX_STRING = 4_096
"""Longest string accepted anywhere in an argument (ids are short; help texts are not sent)."""
MAX_ITEMS = 5_000
"""Most values in one argument, counted through every nesting level."""
MAX_DEPTH = 8
"""Deepest nesting (an answers document nests four levels)."""


def bounded(name: str, value: Any) -> None:
    """Raise ToolFailure if an argument is too big or too deep to be a real answers document."""
    seen = 0
    stack: list[tuple[Any, int, str]] = [(value, 0, name)]
    while stack:
        item, depth, where = stack.pop()
        seen += 1
        if seen > MAX_ITEMS:
            raise ToolFailure(f"{name} holds more than {MAX_ITEMS} values", field=name, hint="send only the answers")
        if depth > MAX_DEPTH:
            raise ToolFailure(f"{where} nests deeper than {MAX_DEPTH} levels", field=where, hint="answers are {tree: {question: value}}")
        if isinstance(item, str) and len(item) > MAX_STRING:
            raise ToolFailure(f"{where} is a string of {len(item)} characters (at most {MAX_STRING})", field=where)
        if isinstance(item, dict):
            for key, sub in item.items():
                if isinstance(key, str) and len(key) > MAX_STRING:
                    raise ToolFailure(f"a key in {where} has {len(key)} characters (at most {MAX_STRING})", field=where)
                stack.append((sub, depth + 1, f"{where}.{str(key)[:40]}"))
        elif isinstance(item, list | tuple):
            stack.extend((sub, depth + 1, f"{where}[{i}]") for i, sub in enumerate(item))
