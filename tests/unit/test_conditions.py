from __future__ import annotations

import pytest

from wizard.core import conditions
from wizard.core.conditions import UNKNOWN, ConditionSyntaxError, evaluate3, holds, parse


def resolver(values):  # type: ignore[no-untyped-def]
    return lambda ref: values.get(ref, UNKNOWN)


@pytest.mark.parametrize(
    ("cond", "values", "expected"),
    [
        ({"a": "x"}, {"a": "x"}, True),
        ({"a": "x"}, {"a": "y"}, False),
        ({"a": ["x", "y"]}, {"a": "y"}, True),
        ({"n": {"gt": 15}}, {"n": 15}, False),
        ({"n": {"gt": 15}}, {"n": 16}, True),
        ({"n": {"ge": 15, "lt": 20}}, {"n": 15}, True),
        ({"n": {"le": 1}}, {"n": 2}, False),
        ({"a": {"ne": "x"}}, {"a": "y"}, True),
        ({"m": {"has": "p"}}, {"m": ["p", "q"]}, True),
        ({"m": {"has_all": ["p", "r"]}}, {"m": ["p", "q"]}, False),
        ({"m": {"has_any": ["r", "q"]}}, {"m": ["p", "q"]}, True),
        ({"b": True}, {"b": True}, True),
        ({"b": True}, {"b": 1}, False),  # true must not match the number 1
        ({"any": [{"a": "x"}, {"b": True}]}, {"a": "y", "b": True}, True),
        ({"all": [{"a": "x"}, {"b": True}]}, {"a": "x", "b": False}, False),
        ({"not": {"a": "x"}}, {"a": "y"}, True),
        ({"w.q": "v", "t.pick": "c"}, {"w.q": "v", "t.pick": "c"}, True),
    ],
)
def test_evaluation(cond, values, expected) -> None:  # type: ignore[no-untyped-def]
    assert holds(parse(cond), resolver(values)) is expected


def test_unknown_propagates_and_counts_as_false() -> None:
    unknown = resolver({})
    assert evaluate3(parse({"a": "x"}), unknown) is None
    assert evaluate3(parse({"not": {"a": "x"}}), unknown) is None
    assert holds(parse({"not": {"a": "x"}}), unknown) is False
    # any() with one true part is true even when another part is unknown
    assert evaluate3(parse({"any": [{"a": "x"}, {"b": True}]}), resolver({"b": True})) is True
    # all() with one false part is false even when another part is unknown
    assert evaluate3(parse({"all": [{"a": "x"}, {"b": True}]}), resolver({"b": False})) is False


def test_absent_condition_always_holds() -> None:
    assert holds(parse(None), resolver({})) is True


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("text", "a condition is a mapping"),
        ({"a": {"between": 3}}, "unknown operator 'between'"),
        ({"a": {"gt": "ten"}}, "gt needs a number"),
        ({"all": []}, "non-empty list"),
        ({"a": []}, "one or more plain values"),
        ({"a": {"has_any": "x"}}, "non-empty list"),
        ({"a": {}}, "cannot be empty"),
    ],
)
def test_syntax_errors(raw, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConditionSyntaxError, match=words):
        parse(raw)


def test_references_and_thresholds_are_in_written_order() -> None:
    cond = parse({"all": [{"b": 1}, {"a": {"gt": 5, "le": 9}}, {"b": 2}]})
    assert conditions.references(cond) == ["b", "a"]
    assert conditions.thresholds(cond, "a") == [5, 9]
