from __future__ import annotations

import copy

import pytest
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
