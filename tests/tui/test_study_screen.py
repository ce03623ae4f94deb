"""Pilot tests of Practise: from the welcome screen, answer right and wrong, read why, see the score."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, Static

from tests.tui.conftest import drive
from wizard.tui.app import ArchwizApp
from wizard.tui.screens.study import StudyScreen
from wizard.tui.screens.welcome import WelcomeScreen


def _text(app: ArchwizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_practise_from_the_welcome_screen(data_dir: Path) -> None:
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        menu = app.screen.query_one(OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert ids[-1] == "practise"
        menu.highlighted = len(ids) - 1
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        screen.count = 2
        topics = screen.query_one(OptionList)
        index = next(i for i in range(topics.option_count) if topics.get_option_at_index(i).id == "tree:load_balancer")
        topics.highlighted = index
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.stage == "question" and len(screen.situations) == 2
        first = screen.situations[0]
        assert "A team describes its workload." in _text(app, "#study-text")
        # Right answer.
        options = screen.query_one(OptionList)
        options.highlighted = [o.candidate for o in first.options].index(first.answer)
        await pilot.press("enter")
        await pilot.pause()
        feedback = _text(app, "#study-feedback")
        assert screen.stage == "feedback" and "Right." in feedback
        assert "fits:" in feedback and "Why the others lose:" in feedback and "Citations:" in feedback
        await pilot.press("enter")  # next situation
        await pilot.pause()
        second = screen.situations[1]
        wrong = next(i for i, o in enumerate(second.options) if not o.correct)
        screen.query_one(OptionList).highlighted = wrong
        await pilot.press("enter")
        await pilot.pause()
        feedback = _text(app, "#study-feedback")
        assert "Wrong:" in feedback and second.answer_label in feedback and "(your answer)" in feedback
        await pilot.press("enter")  # the score
        await pilot.pause()
        assert screen.stage == "summary"
        assert "Score: 1 of 2" in _text(app, "#study-heading")
        assert "Topics to revisit" in _text(app, "#study-text")
        record = json.loads((data_dir / "study-record.json").read_text())
        assert record["sessions"] == 1 and record["items"][second.key]["missed"] == 1
        await pilot.press("enter")  # back to the welcome screen
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)

    drive(app, script, size=(100, 40))


def test_escape_leaves_practise(data_dir: Path) -> None:
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        app.push_screen(StudyScreen(app.catalog, seed=3))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not (data_dir / "study-record.json").exists()

    drive(app, script)
