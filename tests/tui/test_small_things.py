"""Issue #22 item 12 and the footer re-check: screenshot, help text under every question, keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


async def _at_a_multi_select(app: ArchwizApp, pilot) -> None:  # type: ignore[no-untyped-def]
    app.jump_to("load_balancer", "targets")
    await pilot.pause()


@pytest.mark.parametrize("width", [60, 70, 80])
@pytest.mark.parametrize("where", ["choice", "multi"])
def test_the_footer_leads_with_the_important_keys_and_cuts_none(width: int, where: str) -> None:
    from textual.widgets._footer import FooterKey

    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        if where == "multi":
            await _at_a_multi_select(app, pilot)
        await pilot.pause(0.2)
        shown = [k for k in app.screen.query(FooterKey) if k.display and k.region.width]
        assert [k.description for k in shown][:6] == ["Answer", "Back", "Export", "Review", "Help", "Quit"]
        assert all(k.region.right <= width for k in shown), [(k.description, k.region) for k in shown]

    drive(app, script, size=(width, 24))


def _outline_contrast(widget: Any) -> float:
    """How far a widget's border stands out from what is behind it (0 = invisible, 1 = black on white)."""
    _, colour = widget.styles.border.top
    behind = widget.parent.background_colors[1] if widget.parent is not None else widget.background_colors[0]
    return abs((behind + colour).brightness - behind.brightness)


@pytest.mark.parametrize("selector", ["#stepper", "#why-panel", "#number"])
def test_outlines_stay_visible_in_the_light_theme(selector: str) -> None:
    from tests.tui.test_snapshots import light_theme_at_a_number_question

    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await light_theme_at_a_number_question(pilot)
        app.screen.query_one("#question-area").focus()  # every outline blurred
        await pilot.pause()
        assert _outline_contrast(app.screen.query_one(selector)) > 0.2

    drive(app, script, size=(120, 30))


def test_an_option_list_whose_width_changes_fits_its_height_to_its_lines_again() -> None:
    """Sized while a scrollbar narrowed it, a list kept a blank row once the scrollbar went."""
    from wizard.tui.widgets import StopAtEnds

    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause(0.2)
        choices = app.screen.query_one("#choices", StopAtEnds)
        fitted = choices.outer_size.height
        assert fitted == min(sum(choices._heights.values()) + 2, 16)
        choices.styles.height = 4  # a scrollbar appears and takes a column: the width changes
        await pilot.pause(0.3)
        assert not choices.show_vertical_scrollbar
        assert choices.outer_size.height == fitted == min(sum(choices._heights.values()) + 2, 16)

    drive(app, script, size=(70, 30))


def test_the_footer_is_rebuilt_only_when_the_keys_it_shows_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every focus move signals a bindings change; rebuilding ten keys for each was much of an answer's work."""
    from textual.widgets._footer import FooterKey

    from wizard.tui.widgets import KeyFooter

    app = ArchwizApp(blueprint="web_three_tier")
    builds: list[str] = []
    compose = KeyFooter.compose

    def counted(self: KeyFooter) -> Any:
        current = app.session.current() if app.session else None
        builds.append(current[1].kind if current else "")
        return compose(self)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause(0.2)
        monkeypatch.setattr(KeyFooter, "compose", counted)
        shown = []
        for _ in range(7):  # availability, RTO and RPO (numbers), traffic, ops, budget, global users
            shown.append([k.key for k in app.screen.query(FooterKey)])
            await pilot.press("enter")
            await pilot.pause()
        shown.append([k.key for k in app.screen.query(FooterKey)])
        # A number box takes Ctrl+E (end of line), so Export leaves the footer there and comes back.
        assert ["ctrl+e" in keys for keys in shown] == [True, False, False, True, True, True, True, True]
        assert builds == ["number", "choice"], builds

    drive(app, script)
