"""Pilot tests per screen: they assert on engine state and messages, not only on text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from textual.widgets import Input, OptionList, Static

from tests.conftest import ROOT
from tests.tui.conftest import drive, export
from wizard.tui.app import ArchwizApp
from wizard.tui.screens.export import ExportScreen
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.interview import InterviewScreen, MultiChoice
from wizard.tui.screens.picker import PickerScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.welcome import WelcomeScreen

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


async def at_http_needs(app: ArchwizApp, pilot: Any) -> None:
    """The load balancer decision with the example's workload, at its first multi-select."""
    assert app.session is not None
    app.session.load({"workload": yaml.safe_load(EXAMPLE.read_text())["answers"]["workload"]})
    app.session.answer("load_balancer", "purpose", "app_servers")
    app.session.answer("load_balancer", "protocol", "http")
    app.screen.refresh_view()  # type: ignore[attr-defined]
    await pilot.pause()


def text(app: ArchwizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_welcome_offers_new_and_open_and_leads_to_the_picker() -> None:
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(app.screen, WelcomeScreen)
        menu = app.screen.query_one(OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == ["new", "open", "practise"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)

    drive(app, script)


def test_welcome_offers_the_draft_when_there_is_one(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "draft.yaml").write_text("archwiz: 1\nblueprint: web_three_tier\nanswers:\n  workload: {availability: single_az}\n")
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        menu = app.screen.query_one(OptionList)
        assert menu.get_option_at_index(0).id == "draft:web_three_tier" and menu.highlighted == 0  # resuming is the default
        assert "Three-tier web application" in str(menu.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.given["workload"] == {"availability": "single_az"}
        assert app.session.current()[1].id == "rto_seconds"  # type: ignore[index]

    drive(app, script)


def test_picker_filters_as_you_type_and_starts_a_single_decision() -> None:
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        app.action_new_design()
        await pilot.pause()
        await pilot.press(*"database")
        await pilot.pause()
        listing = app.screen.query_one("#picker-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[0] == "tree:database"  # the decision named so first, then other title matches
        assert "blueprint:web_three_tier" in ids  # the blueprint decides a database too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.plan.tree_ids()[:2] == ["workload", "database"]

    drive(app, script)


def test_interview_answers_a_choice_and_shows_why_and_live_pick() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        await pilot.press("down", "enter")  # availability: multi_az (no default: the first option is highlighted)
        await pilot.pause()
        assert app.session.given["workload"]["availability"] == "multi_az"
        assert app.session.current()[1].id == "rto_seconds"  # type: ignore[index]
        assert "Recommendation so far" in text(app, "#live-panel")
        why = text(app, "#why-panel")
        assert "Why am I asked this?" in why
        assert "favour Aurora" in why  # what the recovery-time answer decides, not a generic line

    drive(app, script)


def test_a_number_too_long_for_a_float_is_too_large_not_inf() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter")
        await pilot.pause()
        number = app.screen.query_one(".number-input", Input)
        number.value = "9" * 5000
        await pilot.pause()
        error = text(app, "#question-error")
        assert "too large (max 31536000)" in error and "inf" not in error

    drive(app, script)


def test_number_questions_validate_as_you_type() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        await pilot.press("enter")  # availability: keep the preselected default
        await pilot.pause()
        await pilot.press("-", "5")
        await pilot.pause()
        assert "below the minimum" in text(app, "#question-error")
        assert "rto_seconds" not in text(app, "#question-error")  # the question's words, not its key
        await pilot.press("enter")
        await pilot.pause()
        assert "rto_seconds" not in app.session.given["workload"]  # refused
        await pilot.press("backspace", "backspace", "4", "5", "enter")
        await pilot.pause()
        assert app.session.given["workload"]["rto_seconds"] == 45
        await pilot.press("enter")  # empty = Not sure
        await pilot.pause()
        assert app.session.given["workload"]["rpo_seconds"] == "not_sure"

    drive(app, script)


def test_escape_goes_back_and_keeps_the_answer_preselected() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.current()[1].id == "availability"  # type: ignore[index]
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.get_option_at_index(choices.highlighted or 0).id == "multi_az"
        await pilot.press("escape")  # before the first question: back to where we came from
        await pilot.pause()
        assert not isinstance(app.screen, InterviewScreen)

    drive(app, script)


def test_multi_select_confirms_with_enter() -> None:
    app = ArchwizApp(tree="load_balancer")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await at_http_needs(app, pilot)
        assert app.session.current()[1].id == "http_needs"  # type: ignore[index]
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        assert app.session.given["load_balancer"]["http_needs"] == ["path", "host"]

    drive(app, script)


def test_ticked_options_carry_a_glyph_that_reads_without_colour_and_are_counted() -> None:
    app = ArchwizApp(tree="load_balancer")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await at_http_needs(app, pilot)
        multi = app.screen.query_one(MultiChoice)
        assert multi.border_subtitle == "0 selected"
        await pilot.press("down", "space")
        await pilot.pause()
        lines = [multi.render_line(y).text for y in range(2)]
        assert lines[0].startswith("▐ ▌") and lines[1].startswith("▐✓▌"), lines  # the stock box shows X for both
        assert multi.border_subtitle == "1 selected"

    drive(app, script)


def test_a_pre_ticked_default_on_the_next_multi_select_is_visible_before_space_unticks_it() -> None:
    app = ArchwizApp(tree="load_balancer")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await at_http_needs(app, pilot)
        await pilot.press("space", "enter")  # http_needs: path
        await pilot.pause()
        assert app.session.current()[1].id == "targets"  # type: ignore[index]
        multi = app.screen.query_one(MultiChoice)
        # The tree's default (EC2 instances) arrives ticked: it says so, so a Space is not "lost".
        assert multi.border_subtitle == "1 selected" and multi.render_line(0).text.startswith("▐✓▌")
        await pilot.press("down", "space", "enter")
        await pilot.pause()
        assert app.session.given["load_balancer"]["targets"] == ["instances", "containers"]

    drive(app, script)


def test_f1_opens_help_with_the_screen_keys_and_question_mark_closes_it() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "Back" in keys and "Review" in keys and "Save" in keys
        assert "Space ticks" in str(app.screen.query_one("#help-guide", Static).render())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("question_mark")  # no text field has focus on a choice question
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

    drive(app, script)


def test_review_edit_reasks_only_dependent_questions() -> None:
    app = ArchwizApp(resume=EXAMPLE)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(app.screen, ReviewScreen) and app.session is not None
        listing = app.screen.query_one(OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index("edit:workload:stores_files")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.session.current()[1].id == "stores_files"  # type: ignore[index]
        await pilot.press("down", "enter")  # no: the storage decision drops out
        await pilot.pause()
        assert app.session.is_complete()
        assert "storage" not in app.session.resolution().active
        assert isinstance(app.screen, ReviewScreen)
        listing = app.screen.query_one(OptionList)
        highlighted = listing.get_option_at_index(listing.highlighted or 0)
        assert highlighted.id == "edit:workload:stores_files"  # back on the edited answer, not the top
        assert "No" in str(highlighted.prompt)  # the option's label, as the interview offered it

    drive(app, script)


def test_escape_on_the_review_of_a_finished_interview_goes_back_to_its_last_question() -> None:
    app = ArchwizApp(resume=EXAMPLE)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(app.screen, ReviewScreen) and app.session is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)  # it bounced back to the review before
        assert app.session.current() is not None
        assert (app.session.current()[0], app.session.current()[1].id) == app.session.resolution().asked()[-1]  # type: ignore[index]

    drive(app, script)


def test_export_into_a_name_too_long_shows_the_error_instead_of_spinning(tmp_path: Path) -> None:
    from wizard.tui.screens.dialogs import ErrorDialog

    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / ("x" * 300))

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await export(app, pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "File name too long" in app.screen.message
        assert not app.query("#spinner")

    drive(app, script)


def test_export_renders_in_a_worker_and_shows_paths(tmp_path: Path) -> None:
    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / "out")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(await export(app, pilot), ExportScreen)
        assert (tmp_path / "out" / "RATIONALE.md").is_file()
        assert "Done" in text(app, "#export-status")
        assert "RATIONALE.md" in text(app, "#written")

    drive(app, script)


def test_export_error_appears_in_a_dialog_and_nothing_is_lost(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep")
    app = ArchwizApp(resume=EXAMPLE, out_dir=blocker / "out")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await export(app, pilot)
        from wizard.tui.screens.dialogs import ErrorDialog

        assert isinstance(app.screen, ErrorDialog)
        assert "cannot write" in app.screen.message
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and blocker.read_text() == "keep"
        assert app.session is not None and app.session.is_complete()

    drive(app, script)


def test_ctrl_s_saves_anywhere_and_quit_autosaves_a_draft(tmp_path: Path, data_dir: Path) -> None:
    app = ArchwizApp(blueprint="web_three_tier")
    target = tmp_path / "mine.yaml"

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#dialog-path")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    drive(app, script)
    saved = yaml.safe_load(target.read_text())
    assert saved["answers"]["workload"] == {"availability": "multi_az"}
    draft = yaml.safe_load((data_dir / "drafts" / "web_three_tier.yaml").read_text())
    assert draft["blueprint"] == "web_three_tier" and draft["answers"]["workload"]["availability"] == "multi_az"


def test_a_broken_answers_file_opens_an_error_dialog(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("archwiz: 1\nblueprint: web_three_tier\nanswers:\n  workload: {availability: everywhere}\n")
    app = ArchwizApp(resume=bad)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        from wizard.tui.screens.dialogs import ErrorDialog

        assert isinstance(app.screen, ErrorDialog)
        assert "everywhere" in app.screen.message and "bad.yaml:4" in app.screen.message

    drive(app, script)


def test_export_adds_an_image_tab_on_terminals_that_show_images(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import textual_image.renderable as renderable

    monkeypatch.setattr(renderable, "Image", renderable.SixelImage)  # as if the terminal answered "Sixel"
    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / "out")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await export(app, pilot)
        assert [p.id for p in app.screen.query("TabPane")][-1] == "tab-image"

    drive(app, script)


def test_no_image_tab_without_terminal_graphics(tmp_path: Path) -> None:
    from wizard.tui.screens.export import image_preview_kind

    assert image_preview_kind() in (None, "sixel", "tgp")
    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / "out")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await export(app, pilot)
        ids = [p.id for p in app.screen.query("TabPane")]
        assert ("tab-image" in ids) == (image_preview_kind() is not None)

    drive(app, script)


def test_up_on_the_first_option_stays_there_instead_of_wrapping_to_the_last() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.highlighted == 0
        await pilot.press("up")
        await pilot.pause()
        assert choices.highlighted == 0  # the stock list wrapped to the last option
        await pilot.press("end", "down")
        await pilot.pause()
        assert choices.highlighted == choices.option_count - 1

    drive(app, script)


def test_typing_load_balancer_lists_the_decision_first_and_down_moves_into_the_list() -> None:
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        app.action_new_design()
        await pilot.pause()
        await pilot.press(*"load balancer")
        await pilot.pause()
        listing = app.screen.query_one("#picker-list", OptionList)
        assert listing.get_option_at_index(0).id == "tree:load_balancer"
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is listing and listing.highlighted == 0

    drive(app, script)


def test_saved_answers_hold_only_questions_still_asked(tmp_path: Path) -> None:
    from wizard.tui import drafts

    app = ArchwizApp(tree="load_balancer")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        app.session.answer("load_balancer", "purpose", "app_servers")
        app.session.answer("load_balancer", "protocol", "http")
        app.session.answer("load_balancer", "http_needs", ["path"])
        app.session.answer("load_balancer", "protocol", "tcp_udp")  # the HTTP question goes away
        saved = yaml.safe_load(drafts.save(app.session, tmp_path / "a.yaml").read_text())
        assert "http_needs" not in saved["answers"]["load_balancer"]
        assert app.session.given["load_balancer"]["http_needs"] == ["path"]  # kept to restore

    drive(app, script)


def test_at_60x20_the_highlighted_option_is_on_screen_before_enter_answers_it() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        await pilot.pause()
        choices = app.screen.query_one("#choices", OptionList)
        area = app.screen.query_one("#question-area")
        index = choices.highlighted or 0
        top = choices.content_region.y + choices._index_to_line[index] - int(choices.scroll_offset.y)
        bottom = top + choices._heights[index]
        assert area.content_region.y <= top and bottom <= area.content_region.bottom
        # and the whole list fits its own box: no option is cut in half by the list's own scroll
        assert choices.max_scroll_y == 0

    drive(app, script, size=(60, 20))


def test_f2_shows_the_why_and_so_far_panels_on_a_narrow_terminal() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        side = app.screen.query_one("#side")
        stepper = app.screen.query_one("#stepper")
        assert not side.display and stepper.display  # folded at 80 columns, with no way back before
        await pilot.press("f2")
        await pilot.pause()
        assert side.display and not stepper.display
        assert "Why am I asked this?" in text(app, "#why-panel")
        await pilot.press("f2")
        await pilot.pause()
        assert not side.display and stepper.display

    drive(app, script, size=(80, 24))


def test_export_focuses_the_formats_enter_renders_and_nothing_ticked_means_text_only(tmp_path: Path) -> None:
    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / "out")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        formats = app.screen.query_one("#formats")
        assert app.focused is formats  # a visible cursor from the start; the folder is one Tab away
        await pilot.press("space")  # untick png, the only format ticked
        await pilot.press("enter")  # Enter renders
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "text outputs only" in text(app, "#export-status") or "Done" in text(app, "#export-status")
        assert (tmp_path / "out" / "RATIONALE.md").is_file()
        assert not (tmp_path / "out" / "architecture.png").exists()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#folder")

    drive(app, script)


def test_the_export_folder_is_remembered_for_the_design(tmp_path: Path) -> None:
    app = ArchwizApp(resume=EXAMPLE, out_dir=tmp_path / "first")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+e")
        await pilot.pause()
        folder = app.screen.query_one("#folder", Input)
        folder.value = str(tmp_path / "mine")
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(tmp_path / "mine")

    drive(app, script)


def test_the_command_palette_offers_archwiz_actions_and_jumps_to_a_decision() -> None:
    app = ArchwizApp(resume=EXAMPLE)

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Help", "New design", "Open answers file", "Review", "Export", "Save answers"} <= set(commands)
        jump = next(c for title, c in commands.items() if title.startswith("Go to: Which database"))
        jump.callback()
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.session is not None
        assert app.session.current()[0] == "database"  # type: ignore[index]

    drive(app, script)


def test_the_chosen_theme_is_remembered(data_dir: Path) -> None:
    import json

    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"theme": "textual-light"}))
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.pause()
        saved = json.loads((data_dir / "settings.json").read_text())
        assert saved["theme"] == app.theme != "textual-light"

    drive(app, script)


def test_a_corrupt_settings_file_is_ignored(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text("{not json")
    app = ArchwizApp()

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(app.screen, WelcomeScreen)

    drive(app, script)


def test_one_click_highlights_an_option_and_a_second_click_answers() -> None:
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot) -> None:  # type: ignore[no-untyped-def]
        assert app.session is not None
        choices = app.screen.query_one("#choices", OptionList)
        await pilot.click("#choices", offset=(4, 4))
        await pilot.pause()
        assert "availability" not in app.session.given.get("workload", {})  # not answered yet
        picked = choices.highlighted
        assert picked not in (None, 0)
        await pilot.click("#choices", offset=(4, 4))
        await pilot.pause()
        assert app.session.given["workload"]["availability"] == choices.get_option_at_index(picked or 0).id

    drive(app, script)
