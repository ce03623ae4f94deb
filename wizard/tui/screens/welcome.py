"""Welcome: start a new design, resume the last draft, or open an answers file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from wizard.tui import drafts
from wizard.tui.screens.dialogs import ConfirmDialog
from wizard.tui.widgets import KeyFooter


def _design_of(draft: Path) -> str:
    """What the draft designs (its blueprint or decisions), read from its first lines."""
    try:
        head = draft.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return "unreadable"
    for line in head.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("blueprint", "decisions") and value.strip():
            return value.split("#")[0].strip().strip("[]") or "a design"
    return "a design"


class WelcomeScreen(Screen[None]):
    """The first screen."""

    GUIDE = (
        "Start a new design, resume the saved draft, open an answers file you wrote or exported before, or practise decisions. "
        "Up and Down move, Enter chooses."
    )

    def compose(self) -> ComposeResult:
        """A short introduction and the three ways in."""
        yield Header(show_clock=False)
        with Vertical(id="welcome-box"):
            yield Static("archwiz: architecture decisions for AWS", classes="title")
            yield Static(
                "Answer questions about your workload; get a cited recommendation for every decision, a diagram and a rationale.",
                classes="muted",
            )
            options = []
            draft = drafts.draft_path()
            if draft.is_file():
                # A draft exists: resuming it is the default, and a new design asks first.
                stamp = dt.datetime.fromtimestamp(draft.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
                options.append(Option(f"Resume the draft: {_design_of(draft)} (saved {stamp})", id="resume"))
            options.append(Option("Start a new design", id="new"))
            options.append(Option("Open an answers file...", id="open"))
            options.append(Option("Practise: situations to decide, with the reasons", id="practise"))
            yield OptionList(*options, id="welcome-menu")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the menu."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Route to the picker, the draft or the open dialog."""
        app = self.app
        choice = event.option.id
        if choice == "new" and drafts.draft_path().is_file():
            message = (
                f"The saved draft ({_design_of(drafts.draft_path())}) is replaced as soon as the new design "
                "gets its first answer. Save it elsewhere first with Resume, then Ctrl+S, to keep it."
            )

            def chosen(replace: bool | None) -> None:
                if replace:
                    app.action_new_design()  # type: ignore[attr-defined]

            app.push_screen(ConfirmDialog("Start a new design?", message, yes="Start a new design", no="Keep the draft"), chosen)
        elif choice == "new":
            app.action_new_design()  # type: ignore[attr-defined]
        elif choice == "resume":
            app.open_answers(drafts.draft_path())  # type: ignore[attr-defined]
        elif choice == "open":
            app.action_open_file()  # type: ignore[attr-defined]
        elif choice == "practise":
            from wizard.tui.screens.study import StudyScreen

            app.push_screen(StudyScreen(app.catalog))  # type: ignore[attr-defined]
