"""Welcome: resume one of the saved drafts, start a new design, or open an answers file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from wizard.tui import drafts
from wizard.tui.screens.dialogs import ConfirmDialog
from wizard.tui.widgets import KeyFooter

DRAFT = "draft:"
"""The id prefix of a draft's entry in the menu (the rest is the draft's name)."""


class WelcomeScreen(Screen[None]):
    """The first screen."""

    GUIDE = (
        "Resume one of your saved drafts (newest first), start a new design, open an answers file you wrote or "
        "exported before, or practise decisions. Up and Down move, Enter (or a click) chooses; Delete removes the "
        "highlighted draft after asking."
    )
    BINDINGS = [
        Binding("delete", "delete_draft", "Delete draft"),
        Binding("d", "delete_draft", "Delete draft", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[str, drafts.DraftInfo] = {}

    def compose(self) -> ComposeResult:
        """A short introduction, the drafts and the ways in."""
        yield Header(show_clock=False)
        with Vertical(id="welcome-box"):
            yield Static("archwiz: architecture decisions for AWS", classes="title")
            yield Static(
                "Answer questions about your workload; get a cited recommendation for every decision, a diagram and a rationale.",
                classes="muted",
            )
            yield OptionList(id="welcome-menu")
        yield KeyFooter()

    def on_mount(self) -> None:
        """List the drafts and focus the menu (a draft, when there is one, is highlighted)."""
        self.fill_menu()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        """Back from an interview: its draft may be new or newer."""
        self.fill_menu()

    def fill_menu(self) -> None:
        """One entry per draft, newest first, then the other ways in."""
        menu = self.query_one(OptionList)
        self.saved = {d.name: d for d in drafts.list_drafts(self.app.catalog)}  # type: ignore[attr-defined]
        own = getattr(self.app, "draft_name", None)
        options = []
        for d in self.saved.values():
            busy = " · open in another archwiz" if d.name != own and drafts.is_locked(d.name) else ""
            options.append(Option(f"Resume: {escape(d.title)} · {d.progress()} · {drafts.saved_words(d.saved)}{busy}", id=DRAFT + d.name))
        options.append(Option("Start a new design", id="new"))
        options.append(Option("Open an answers file...", id="open"))
        options.append(Option("Practise: situations to decide, with the reasons", id="practise"))
        menu.clear_options()
        menu.add_options(options)
        menu.highlighted = 0
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 - Textual's signature
        """Offer Delete only while there is a draft to delete."""
        if action == "delete_draft":
            return bool(self.saved)
        return True

    def highlighted_draft(self) -> drafts.DraftInfo | None:
        """The draft under the highlight, if it is one."""
        menu = self.query_one(OptionList)
        if menu.highlighted is None:
            return None
        choice = menu.get_option_at_index(menu.highlighted).id or ""
        return self.saved.get(choice.removeprefix(DRAFT)) if choice.startswith(DRAFT) else None

    def action_delete_draft(self) -> None:
        """Delete the highlighted draft, after asking (never one another archwiz has open)."""
        draft = self.highlighted_draft()
        if draft is None:
            self.notify("Highlight a draft to delete it.", severity="warning")
            return
        if drafts.is_locked(draft.name):
            self.notify(f"{draft.title} is open in another archwiz; close it there first.", severity="warning")
            return

        def chosen(delete: bool | None) -> None:
            if delete:
                drafts.delete(draft.name)
                self.notify(f"Deleted the draft of {draft.title}.")
                self.fill_menu()

        message = f"{draft.title} ({draft.progress()}, saved {drafts.saved_words(draft.saved)}) is deleted for good: {draft.path}"
        self.app.push_screen(ConfirmDialog("Delete this draft?", message, yes="Delete it", no="Keep it"), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Route to the draft, the picker, the open dialog or practice."""
        app = self.app
        choice = event.option.id or ""
        if choice.startswith(DRAFT) and choice.removeprefix(DRAFT) in self.saved:
            app.open_answers(self.saved[choice.removeprefix(DRAFT)].path)  # type: ignore[attr-defined]
        elif choice == "new":
            app.action_new_design()  # type: ignore[attr-defined]
        elif choice == "open":
            app.action_open_file()  # type: ignore[attr-defined]
        elif choice == "practise":
            from wizard.tui.screens.study import StudyScreen

            app.push_screen(StudyScreen(app.catalog))  # type: ignore[attr-defined]
