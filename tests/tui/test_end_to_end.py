"""Complete the web_three_tier interview by keyboard; the TUI and `archwiz render` must agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList, SelectionList

from tests.conftest import ROOT, run_cli
from tests.tui.conftest import drive, export
from wizard.core.engine import resolve
from wizard.core.model import NOT_SURE
from wizard.io.answers_file import load_answers
from wizard.io.content import load_catalog
from wizard.tui.app import ArchwizApp
from wizard.tui.screens.export import ExportScreen

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


def target_answers() -> dict[str, dict[str, Any]]:
    """The example's answers with the defaults it relies on filled in."""
    loaded = load_answers(EXAMPLE, load_catalog())
    res = resolve(loaded.plan, loaded.answers, counterfactuals=False)
    return {t: dict(a.effective) for t, a in res.per_tree.items()}


async def answer_current(app: ArchwizApp, pilot: Any, want: dict[str, dict[str, Any]]) -> None:
    assert app.session is not None
    tree_id, question = app.session.current()  # type: ignore[misc]
    value = want[tree_id][question.id]
    if question.kind in ("choice", "boolean"):
        widget = app.screen.query_one("#choices", OptionList)
        ids = [widget.get_option_at_index(i).id for i in range(widget.option_count)]
        wanted = {True: "yes", False: "no"}.get(value, value) if question.kind == "boolean" else value
        steps = ids.index(wanted) - (widget.highlighted or 0)
        await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    elif question.kind == "multi":
        widget = app.screen.query_one("#multi", SelectionList)
        for index in range(widget.option_count):
            option = widget.get_option_at_index(index)
            if (option.value in widget.selected) != (option.value in value):
                widget.highlighted = index
                await pilot.press("space")
        await pilot.press("enter")
    else:
        typed = "" if value == NOT_SURE else str(value)
        await pilot.press("ctrl+a", "ctrl+k", *typed, "enter")
    await pilot.pause()


def test_keyboard_interview_matches_archwiz_render(tmp_path: Path) -> None:
    want = target_answers()
    saved = tmp_path / "answers.yaml"
    app = ArchwizApp(blueprint="web_three_tier", out_dir=tmp_path / "tui")

    async def script(pilot: Any) -> None:
        assert app.session is not None
        for _ in range(80):
            if app.session.is_complete():
                break
            await answer_current(app, pilot, want)
        assert app.session.is_complete()
        app.save_path = saved
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(await export(app, pilot), ExportScreen)

    drive(app, script)
    assert saved.is_file()
    proc = run_cli("render", str(saved), "--out", str(tmp_path / "cli"), "--format", "png")
    assert proc.returncode in (0, 3), proc.stderr
    tui_json = (tmp_path / "tui" / "result.json").read_text()
    cli_json = (tmp_path / "cli" / "result.json").read_text()
    assert tui_json == cli_json
    assert (tmp_path / "tui" / "RATIONALE.md").read_text() == (tmp_path / "cli" / "RATIONALE.md").read_text()
