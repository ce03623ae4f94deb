from __future__ import annotations

from tests.helpers import trees
from wizard.core.engine import plan_for_decisions
from wizard.core.session import Session


def session() -> Session:
    return Session(plan_for_decisions(["mini"], trees()))


def test_walks_the_checklist_and_reports_progress() -> None:
    s = session()
    assert s.current()[1].id == "minutes"  # type: ignore[index]
    s.answer("workload", "minutes", 30)
    s.answer("mini", "shape", "tables")
    assert s.current()[1].id == "size_gb"  # type: ignore[index]
    assert [st.state for st in s.steps()] == ["done", "current"]
    assert s.remaining() == 3 and s.answered_count() == 2


def test_why_asked_names_the_answer_that_made_the_question_appear() -> None:
    s = session()
    s.answer("workload", "minutes", 30)
    s.answer("mini", "shape", "tables")
    tree_id, question = s.current()  # type: ignore[misc]
    reasons = s.why_asked(tree_id, question)
    assert [(r.ref, r.value_label) for r in reasons] == [("mini.shape", "Tables")]


def test_last_change_reports_a_flipped_pick() -> None:
    s = session()
    s.answer("workload", "minutes", 30)
    s.answer("mini", "shape", "tables")
    s.answer("mini", "size_gb", 10)
    s.answer("mini", "size_gb", 900)
    assert [(c.tree, c.before, c.after) for c in s.last_change] == [("mini", "sql", "big_sql")]


def test_back_returns_to_the_previous_answer_and_editing_reasks_only_dependents() -> None:
    s = session()
    for tree_id, qid, value in [
        ("workload", "availability", "multi_az"),
        ("workload", "minutes", 30),
        ("mini", "shape", "tables"),
        ("mini", "size_gb", 9),
    ]:
        s.answer(tree_id, qid, value)
    assert s.back() and s.current()[1].id == "size_gb"  # type: ignore[index]
    assert s.back() and s.current()[1].id == "shape"  # type: ignore[index]
    s.answer("mini", "shape", "keys")  # size_gb and features no longer apply
    assert s.current()[1].id == "global"  # type: ignore[index]
    s.answer("mini", "global", False)
    assert s.is_complete()
    s.edit("mini", "shape")
    s.answer("mini", "shape", "tables")  # size_gb comes back with its old answer; features is new
    assert s.current()[1].id == "features"  # type: ignore[index]


def test_invalid_answers_are_refused_with_the_reason() -> None:
    s = session()
    assert s.check("workload", "minutes", 5000) == "5000 is above the maximum 1000 of 'minutes'"
    try:
        s.answer("workload", "minutes", -1)
    except ValueError as exc:
        assert "below the minimum" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected a ValueError")
    assert "minutes" not in s.given.get("workload", {})


def test_loading_a_complete_file_adopts_its_defaults() -> None:
    s = session()
    s.load({"workload": {"minutes": 3}, "mini": {"shape": "keys"}}, adopt_defaults=True)
    assert s.is_complete() and s.given["mini"]["global"] is False
    draft = session()
    draft.load({"workload": {"minutes": 3}, "mini": {"shape": "keys"}})
    assert not draft.is_complete()


def test_position_is_the_current_question_place_on_the_path_after_going_back() -> None:
    s = session()
    s.answer("workload", "minutes", 30)
    s.answer("mini", "shape", "tables")
    number, total = s.position()
    assert (number, total) == (3, len(s.resolution().asked()))  # the first unanswered: size_gb
    assert s.back()
    assert s.position() == (2, total)  # back on the shape question; the answered count says 2 + 1
    assert s.back()
    assert s.position() == (1, total)
    s.answer("mini", "shape", "keys")  # the path shrinks: no size or features questions
    assert s.position()[1] < total
