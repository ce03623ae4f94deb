"""A few snapshots per screen at 100x30 and 80x24 (cursor blink off in headless runs).

Update after an intended change: .venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ROOT
from wizard.tui.app import ArchwizApp

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
SIZES = [(100, 30), (80, 24)]


async def settle(pilot: Any) -> None:
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
class TestWelcome:
    def test_welcome(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(), terminal_size=size, run_before=settle)

    def test_picker(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(), press=["enter"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
class TestInterview:
    def test_first_question(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(blueprint="web_three_tier"), terminal_size=size, run_before=settle)

    def test_number_question_with_error(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(blueprint="web_three_tier"), press=["enter", "-", "5"], terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
class TestReview:
    def test_review(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(resume=EXAMPLE), terminal_size=size, run_before=settle)


async def _practise(pilot: Any, answer: bool) -> None:
    from wizard.tui.screens.study import StudyScreen

    app = pilot.app
    screen = StudyScreen(app.catalog, seed=5, count=2)
    await app.push_screen(screen)
    await pilot.pause()
    screen.start(["load_balancer"])
    await app.workers.wait_for_complete()
    await pilot.pause()
    if answer:
        situation = screen.situations[0]
        screen.answer(next(o.candidate for o in situation.options if not o.correct))
        await pilot.pause()


class TestStudy:
    def test_question(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        async def before(pilot: Any) -> None:
            await _practise(pilot, answer=False)

        assert snap_compare(ArchwizApp(), terminal_size=(80, 24), run_before=before)

    def test_explanation(self, snap_compare) -> None:  # type: ignore[no-untyped-def]
        async def before(pilot: Any) -> None:
            await _practise(pilot, answer=True)

        assert snap_compare(ArchwizApp(), terminal_size=(80, 24), run_before=before)


async def light_theme_at_a_number_question(pilot: Any) -> None:
    """The light theme, at the first number question (a panel, an input and the stepper)."""
    pilot.app.theme = "textual-light"
    await pilot.pause()  # the first question is shown once the interview has mounted
    await pilot.press("enter")  # availability answered: the recovery time, a number field
    await pilot.pause()
    assert pilot.app.session.current()[1].kind == "number"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
class TestLightTheme:
    def test_outlines_visible(self, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(ArchwizApp(blueprint="web_three_tier"), terminal_size=size, run_before=light_theme_at_a_number_question)
