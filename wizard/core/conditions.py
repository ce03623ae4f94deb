"""The condition language of trees and blueprints: data, parsed and evaluated here.

A condition is a mapping (all-of) of references to expected values, combined with `all`,
`any` and `not`. Evaluation is three-valued: a comparison that reads an unknown answer is
`None` (unknown); unknown propagates and counts as false at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

Scalar: TypeAlias = str | int | float | bool
"""A literal that can appear in a condition."""

UNKNOWN: Any = object()
"""Sentinel returned by a resolver for an answer that is unknown, not asked or `not_sure`."""

OPERATORS = ("eq", "in", "ne", "gt", "ge", "lt", "le", "has", "has_any", "has_all")
"""Every comparison operator the language has; nothing else is accepted."""

COMBINATORS = ("all", "any", "not")
"""Keys that combine conditions instead of naming a reference."""

NUMERIC_OPS = ("gt", "ge", "lt", "le")
MULTI_OPS = ("has", "has_any", "has_all")


class ConditionSyntaxError(ValueError):
    """A condition is not well-formed; `path` says where inside it."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.detail = message


@dataclass(frozen=True)
class Compare:
    """One comparison: the answer at `ref` compared with `value` by `op`."""

    ref: str
    op: str
    value: Any
    path: str


@dataclass(frozen=True)
class AllOf:
    """True when every part is true."""

    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when some part is true."""

    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class NotOf:
    """True when the part is false."""

    part: Cond


Cond: TypeAlias = Compare | AllOf | AnyOf | NotOf
TRUE = AllOf(())
"""The condition that always holds (an absent `when`)."""


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def _parse_value(ref: str, raw: object, path: str) -> list[Compare]:
    if _is_scalar(raw):
        return [Compare(ref, "eq", raw, path)]
    if isinstance(raw, list):
        if not raw or not all(_is_scalar(v) for v in raw):
            raise ConditionSyntaxError("a list must hold one or more plain values (any of them)", path)
        return [Compare(ref, "in", tuple(raw), path)]
    if isinstance(raw, Mapping):
        if not raw:
            raise ConditionSyntaxError("an operator mapping cannot be empty", path)
        out = []
        for op, operand in raw.items():
            op_path = f"{path}.{op}"
            if op not in OPERATORS:
                raise ConditionSyntaxError(f"unknown operator {op!r}; valid operators: {', '.join(OPERATORS)}", op_path)
            if op in NUMERIC_OPS and (isinstance(operand, bool) or not isinstance(operand, int | float)):
                raise ConditionSyntaxError(f"{op} needs a number, got {operand!r}", op_path)
            if op in ("in", "has_any", "has_all"):
                if not isinstance(operand, list) or not operand or not all(_is_scalar(v) for v in operand):
                    raise ConditionSyntaxError(f"{op} needs a non-empty list of values", op_path)
                operand = tuple(operand)
            elif not _is_scalar(operand):
                raise ConditionSyntaxError(f"{op} needs a plain value, got {type(operand).__name__}", op_path)
            out.append(Compare(ref, op, operand, op_path))
        return out
    raise ConditionSyntaxError(f"unsupported value {raw!r}", path)


def parse(raw: object, path: str = "when") -> Cond:
    """Parse a condition from its YAML data; raise ConditionSyntaxError when malformed."""
    if raw is None:
        return TRUE
    if not isinstance(raw, Mapping):
        raise ConditionSyntaxError("a condition is a mapping such as {question: option} or {all: [...]}", path)
    parts: list[Cond] = []
    for key, value in raw.items():
        key_path = f"{path}.{key}"
        if not isinstance(key, str) or not key:
            raise ConditionSyntaxError("condition keys must be non-empty strings", key_path)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionSyntaxError(f"{key} needs a non-empty list of conditions", key_path)
            sub = tuple(parse(v, f"{key_path}[{i}]") for i, v in enumerate(value))
            parts.append(AllOf(sub) if key == "all" else AnyOf(sub))
        elif key == "not":
            parts.append(NotOf(parse(value, key_path)))
        else:
            parts.extend(_parse_value(key, value, key_path))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


Resolver = Callable[[str], Any]
"""Maps a reference to its value, or UNKNOWN."""


def _compare(actual: Any, op: str, expected: Any) -> bool | None:
    if actual is UNKNOWN:
        return None
    if op in MULTI_OPS:
        if not isinstance(actual, list | tuple | set | frozenset):
            return False
        have = set(actual)
        if op == "has":
            return expected in have
        if op == "has_any":
            return bool(have & set(expected))
        return set(expected) <= have
    if isinstance(actual, list | tuple):
        # A multi-select answer compared by equality: true when it holds exactly that value.
        actual = tuple(actual)
    if op == "eq":
        return _same(actual, expected)
    if op == "in":
        return any(_same(actual, e) for e in expected)
    if op == "ne":
        return not _same(actual, expected)
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    if op == "gt":
        return bool(actual > expected)
    if op == "ge":
        return bool(actual >= expected)
    if op == "lt":
        return bool(actual < expected)
    return bool(actual <= expected)


def _same(actual: Any, expected: Any) -> bool:
    # `True == 1` in Python; an answer `true` must not match an option `1`.
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    return bool(actual == expected)


def evaluate3(cond: Cond, resolve: Resolver) -> bool | None:
    """Evaluate with three-valued logic: True, False or None (unknown)."""
    if isinstance(cond, Compare):
        return _compare(resolve(cond.ref), cond.op, cond.value)
    if isinstance(cond, NotOf):
        inner = evaluate3(cond.part, resolve)
        return None if inner is None else not inner
    # One part decides an all_of (False) or an any_of (True); the rest need not be read.
    # This is the engine's innermost loop (counterfactuals evaluate every rule many times).
    decisive = isinstance(cond, AnyOf)
    unknown = False
    for part in cond.parts:
        result = evaluate3(part, resolve)
        if result is decisive:
            return decisive
        if result is None:
            unknown = True
    return None if unknown else not decisive


def holds(cond: Cond, resolve: Resolver) -> bool:
    """True only when the condition is definitely true (unknown counts as false)."""
    return evaluate3(cond, resolve) is True


def comparisons(cond: Cond) -> Iterator[Compare]:
    """Every comparison in the condition, in the order written."""
    if isinstance(cond, Compare):
        yield cond
    elif isinstance(cond, NotOf):
        yield from comparisons(cond.part)
    else:
        for part in cond.parts:
            yield from comparisons(part)


def qualified(ref: str, tree_id: str) -> str:
    """A reference as `tree.question`: a bare one is a question of the tree it is written in."""
    return ref if "." in ref else f"{tree_id}.{ref}"


_REFERENCES: dict[int, tuple[Cond, tuple[str, ...]]] = {}
"""Memo of `references` by condition identity (the condition is kept, so its id stays unique)."""
_REFERENCES_LIMIT = 100_000


def references(cond: Cond) -> list[str]:
    """The distinct references a condition reads, in the order written."""
    # Asked for the same conditions again and again (influence, counterfactuals, every TUI
    # refresh); conditions are immutable, so the answer is kept. Values may be lists, so the
    # memo is keyed by identity rather than by hash.
    known = _REFERENCES.get(id(cond))
    if known is not None and known[0] is cond:
        return list(known[1])
    seen: dict[str, None] = {}
    for comp in comparisons(cond):
        seen.setdefault(comp.ref, None)
    if len(_REFERENCES) >= _REFERENCES_LIMIT:
        _REFERENCES.clear()  # a long-lived server re-reading many files stays bounded
    _REFERENCES[id(cond)] = (cond, tuple(seen))
    return list(seen)


def thresholds(cond: Cond, ref: str) -> list[float]:
    """The numbers a condition compares `ref` against (for counterfactual probes)."""
    out: list[float] = []
    for comp in comparisons(cond):
        if comp.ref != ref:
            continue
        if comp.op in NUMERIC_OPS or (comp.op in ("eq", "ne") and isinstance(comp.value, int | float) and not isinstance(comp.value, bool)):
            out.append(comp.value)
    return out
