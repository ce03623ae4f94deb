"""Issue #22 item 10: one draft per design, listed on the welcome screen, locked while open."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import yaml
from textual.widgets import Button, OptionList

from tests.tui.conftest import drive
from wizard.tui import drafts
from wizard.tui.app import ArchwizApp, farewell
from wizard.tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from wizard.tui.screens.interview import InterviewScreen
from wizard.tui.screens.welcome import WelcomeScreen

WEB = "archwiz: 1\nblueprint: web_three_tier\nanswers:\n  workload: {availability: single_az}\n"
LB = "archwiz: 1\ndecisions: [load_balancer]\nanswers:\n  load_balancer: {purpose: app_servers}\n"


def write_draft(data_dir: Path, name: str, text: str, age_minutes: int) -> Path:
    path = data_dir / "drafts" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = time.time() - age_minutes * 60
    os.utime(path, (stamp, stamp))
    return path


def menu_ids(app: ArchwizApp) -> list[str]:
    menu = app.screen.query_one(OptionList)
    return [menu.get_option_at_index(i).id or "" for i in range(menu.option_count)]


def test_each_design_keeps_its_own_draft_and_quitting_says_where(data_dir: Path) -> None:
    first = ArchwizApp(blueprint="web_three_tier")
    second = ArchwizApp(tree="load_balancer")

    async def answer(pilot: Any) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    drive(first, answer)
    drive(second, answer)
    saved = sorted(p.name for p in (data_dir / "drafts").glob("*.yaml"))
    assert saved == ["load_balancer.yaml", "web_three_tier.yaml"]
    assert yaml.safe_load((data_dir / "drafts" / "web_three_tier.yaml").read_text())["blueprint"] == "web_three_tier"
    assert farewell(first) == f"archwiz: draft saved to {data_dir / 'drafts' / 'web_three_tier.yaml'} (resume with archwiz)"


def test_welcome_lists_drafts_newest_first_with_title_progress_and_time(data_dir: Path) -> None:
    write_draft(data_dir, "web_three_tier", WEB, age_minutes=90)
    write_draft(data_dir, "load_balancer", LB, age_minutes=5)
    app = ArchwizApp()

    async def script(pilot: Any) -> None:
        assert menu_ids(app)[:2] == ["draft:load_balancer", "draft:web_three_tier"]
        menu = app.screen.query_one(OptionList)
        web = str(menu.get_option_at_index(1).prompt)
        assert "Three-tier web application" in web and "1/36 answered" in web
        when = dt.datetime.fromtimestamp((data_dir / "drafts" / "web_three_tier.yaml").stat().st_mtime)
        assert drafts.saved_words(when) in web
        await pilot.click(OptionList, offset=(4, 2))  # the second draft, by mouse
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.given["workload"] == {"availability": "single_az"}

    drive(app, script)


def test_saved_times_read_like_a_person_says_them() -> None:
    now = dt.datetime(2026, 12, 3, 16, 0)
    assert drafts.saved_words(dt.datetime(2026, 12, 3, 14, 3), now) == "today 14:03"
    assert drafts.saved_words(dt.datetime(2026, 12, 2, 15, 10), now) == "yesterday 15:10"
    assert drafts.saved_words(dt.datetime(2026, 11, 28, 9, 5), now) == "28 Nov 09:05"
    assert drafts.saved_words(dt.datetime(2025, 11, 28, 9, 5), now) == "28 Nov 2025 09:05"


def test_a_draft_is_deleted_from_the_welcome_screen_after_a_confirm(data_dir: Path) -> None:
    path = write_draft(data_dir, "web_three_tier", WEB, age_minutes=1)
    app = ArchwizApp()

    async def script(pilot: Any) -> None:
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the focused button keeps it
        await pilot.pause()
        assert path.is_file()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#dialog-yes")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not path.exists() and menu_ids(app)[0] == "new"

    drive(app, script)


def test_the_old_single_draft_is_migrated_and_still_offered(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "draft.yaml").write_text(WEB)
    app = ArchwizApp()

    async def script(pilot: Any) -> None:
        assert menu_ids(app)[0] == "draft:web_three_tier"

    drive(app, script)
    assert not (data_dir / "draft.yaml").exists()
    assert (data_dir / "drafts" / "web_three_tier.yaml").read_text() == WEB


def test_a_second_instance_never_writes_over_an_open_draft(data_dir: Path) -> None:
    path = write_draft(data_dir, "web_three_tier", WEB, age_minutes=1)
    holder = drafts.DraftLock.take("web_three_tier")  # another archwiz has the design open
    assert holder is not None
    app = ArchwizApp()

    async def script(pilot: Any) -> None:
        await pilot.press("enter")  # resume the draft
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "another archwiz" in app.screen.title_text
        await pilot.press("enter")  # read-only, the first choice
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.read_only
        await pilot.press("down", "enter")  # an answer, not saved over the other's draft
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    try:
        drive(app, script)
    finally:
        holder.release()
    assert path.read_text() == WEB
    assert farewell(app) is None


def test_a_second_instance_can_start_a_copy_of_an_open_draft(data_dir: Path) -> None:
    write_draft(data_dir, "web_three_tier", WEB, age_minutes=1)
    holder = drafts.DraftLock.take("web_three_tier")
    assert holder is not None
    app = ArchwizApp()

    async def script(pilot: Any) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#choice-copy")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and not app.read_only
        assert app.session is not None and app.session.given["workload"] == {"availability": "single_az"}
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()

    try:
        drive(app, script)
    finally:
        holder.release()
    copy = data_dir / "drafts" / "web_three_tier-2.yaml"
    assert yaml.safe_load(copy.read_text())["answers"]["workload"]["availability"] == "single_az"
    assert farewell(app) == f"archwiz: draft saved to {copy} (resume with archwiz)"


def test_starting_a_design_that_has_a_draft_asks_and_resuming_is_the_default(data_dir: Path) -> None:
    write_draft(data_dir, "web_three_tier", WEB, age_minutes=1)
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot: Any) -> None:
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.focused is not None and isinstance(app.screen.focused, Button)
        assert app.screen.focused.id == "choice-resume"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.session is not None and app.session.given["workload"] == {"availability": "single_az"}

    drive(app, script)


def test_cancelling_the_draft_question_from_the_command_line_lands_on_the_welcome_screen(data_dir: Path) -> None:
    write_draft(data_dir, "web_three_tier", WEB, age_minutes=1)
    app = ArchwizApp(blueprint="web_three_tier")

    async def script(pilot: Any) -> None:
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)

    drive(app, script)
