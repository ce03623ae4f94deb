"""Issue #22 item 12 and the footer re-check: screenshot, help text under every question, keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import drive
from wizard.tui.app import ArchwizApp


def test_the_palette_screenshot_saves_an_svg_in_the_current_folder_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ArchwizApp(blueprint="web_three_tier")
    said: list[str] = []

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(str(message)))
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        await pilot.pause(0.3)

    drive(app, script)
    shots = list(tmp_path.glob("*.svg"))
    assert len(shots) == 1 and shots[0].read_text().startswith("<svg")
    assert any(str(shots[0]) in message for message in said), said


def test_a_question_without_its_own_help_says_what_the_answer_decides() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        app.jump_to("workload", "budget")  # the tree gives this question no help text
        await pilot.pause()
        assert app.session.current()[1].id == "budget"  # type: ignore[index]
        shown = app.screen.query_one("#question-help", Static)
        assert shown.display and str(shown.render()).strip()

    drive(app, script)
