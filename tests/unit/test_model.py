from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.helpers import MINI
from wizard.core.model import AnswersFile, Tree


def mini(**changes):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(MINI)
    data.update(changes)
    return data


def test_valid_tree_loads() -> None:
    tree = Tree.model_validate(MINI)
    assert tree.question("shape") is not None
    assert tree.candidate("sql").diagram_label == "SQL"  # type: ignore[union-attr]
    assert tree.candidate("big_sql").diagram_label == "Big SQL store"  # type: ignore[union-attr]
    assert tree.candidates[0].cite == ["000 L405"]  # a single citation becomes a list


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"colour": "red"}, "Extra inputs"),
        ({"id": "Not Snake"}, "pattern"),
        ({"rules": MINI["rules"][:-1]}, "last rule must be the `default`"),
        ({"rules": [*MINI["rules"], {"default": "kv", "because": "x", "cite": "000 L1"}]}, "exactly one `default`"),
        ({"candidates": [{**MINI["candidates"][0], "cite": "page 4"}]}, "not of the form"),
        ({"questions": [{"id": "q", "ask": "Q?", "options": [{"id": "a", "label": "A"}]}]}, "at least two options"),
        (
            {"questions": [{"id": "q", "ask": "Q?", "options": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}]},
            "duplicate option ids",
        ),
        ({"questions": [{"id": "q", "ask": "Q?", "kind": "number", "min": 5, "max": 1}]}, "greater than max"),
        ({"questions": [{"id": "q", "ask": "Q?", "kind": "boolean", "unit": "s"}]}, "number questions only"),
        ({"questions": [{"id": "q", "ask": "Q?", "options": [{"id": "not_sure", "label": "?"}, {"id": "b", "label": "B"}]}]}, "reserved"),
        ({"rules": [{"prefer": "sql", "exclude": ["kv"], "because": "x"}, MINI["rules"][-1]]}, "exactly one of"),
        ({"rules": [{"default": "sql", "when": {"shape": "tables"}, "because": "x"}]}, "has no `when`"),
        ({"questions": [{**MINI["questions"][0], "when": {"a": {"between": 1}}}]}, "unknown operator"),
    ],
)
def test_invalid_trees_are_rejected(change, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=words):
        Tree.model_validate(mini(**change))


def test_profile_tree_has_no_candidates() -> None:
    with pytest.raises(ValidationError, match="profile tree"):
        Tree.model_validate(mini(profile=True))


def test_answers_file_needs_one_target() -> None:
    with pytest.raises(ValidationError, match="either"):
        AnswersFile.model_validate({"archwiz": 1, "answers": {}})
    with pytest.raises(ValidationError, match="either"):
        AnswersFile.model_validate({"archwiz": 1, "blueprint": "x", "decisions": ["y"]})
    assert AnswersFile.model_validate({"blueprint": "x", "answers": {"t": None}}).answers == {"t": {}}


# `AnswersFile.read` builds plain files without pydantic's validator; it must agree with
# `model_validate` on every input, plain or not (same model, or both raising).
_ids = st.sampled_from(["web_three_tier", "database", "q1", "a" * 64, "a" * 65, "Bad", "1x", "x-y", "ok\n", ""])
_keys = st.one_of(_ids, st.integers(0, 3), st.booleans())
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.floats(0, 2), st.text(max_size=3), _ids)
_answers_files = st.dictionaries(
    st.sampled_from(["archwiz", "blueprint", "decisions", "versions", "answers", "extra"]),
    st.one_of(
        _scalars,
        st.lists(_keys, max_size=3),
        st.dictionaries(_keys, _scalars, max_size=3),
        st.dictionaries(_keys, st.one_of(st.none(), st.dictionaries(_keys, _scalars, max_size=3), _scalars), max_size=3),
    ),
    max_size=5,
)


def _outcome(read: Callable[[Any], AnswersFile], data: Any) -> Any:
    try:
        return read(copy.deepcopy(data)).model_dump()
    except ValidationError as exc:
        return ("invalid", [(e["loc"], e["type"]) for e in exc.errors()])


@settings(max_examples=400, deadline=None)
@given(_answers_files)
def test_reading_an_answers_file_agrees_with_pydantic(data: dict[str, Any]) -> None:
    assert _outcome(AnswersFile.read, data) == _outcome(AnswersFile.model_validate, data)


def test_a_plain_answers_file_is_read_without_building_a_validator() -> None:
    data = {"archwiz": 1, "blueprint": "web_three_tier", "versions": {"database": 3}, "answers": {"database": {"q": ["a"]}, "t": None}}
    spec = AnswersFile.read(data)
    assert spec.answers == {"database": {"q": ["a"]}, "t": {}}
    assert spec.model_dump() == AnswersFile.model_validate(data).model_dump()
    assert AnswersFile.read({"blueprint": "x", "versions": {"database": "3"}}).versions == {"database": 3}  # coerced by pydantic


_good_ids = st.sampled_from(["web_three_tier", "database", "q1", "a" * 64])
_mostly_good_ids = st.one_of(_good_ids, _good_ids, _good_ids, _ids)
_plain_files = st.fixed_dictionaries(
    {"blueprint": _mostly_good_ids},
    optional={
        "archwiz": st.sampled_from([1, 1, 1, True, 1.0, "1", 2]),
        "versions": st.dictionaries(_mostly_good_ids, st.one_of(st.integers(0, 9), st.booleans(), st.just("2")), max_size=2),
        "answers": st.dictionaries(
            _mostly_good_ids, st.one_of(st.none(), st.dictionaries(_mostly_good_ids, _scalars, max_size=3)), max_size=3
        ),
    },
)


@settings(max_examples=300, deadline=None)
@given(_plain_files)
def test_reading_a_nearly_plain_answers_file_agrees_with_pydantic(data: dict[str, Any]) -> None:
    assert _outcome(AnswersFile.read, data) == _outcome(AnswersFile.model_validate, data)
