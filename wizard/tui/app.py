"""The archwiz Textual app: one keymap across screens, autosaved drafts, same engine as the CLI."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wizard.core.engine import Answers, Plan, plan_for_blueprint, plan_for_decisions
from wizard.core.session import Session
from wizard.errors import WizardError
from wizard.io.answers_file import require_sound
from wizard.io.content import Catalog, load_catalog
from wizard.tui import drafts
from wizard.tui.screens.dialogs import ChoiceDialog, ErrorDialog, PathDialog
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.interview import InterviewScreen
from wizard.tui.screens.picker import PickerScreen
from wizard.tui.screens.review import ReviewScreen
from wizard.tui.screens.welcome import WelcomeScreen


class ArchwizApp(App[None]):
    """The interactive interview."""

    TITLE = "archwiz"
    SUB_TITLE = "architecture decisions for AWS"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+t", "toggle_dark", "Theme"),
        Binding("f1", "help", "Help"),
        # `?` reaches here only when no text field took it as typing.
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        blueprint: str | None = None,
        tree: str | None = None,
        resume: Path | None = None,
        out_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog or load_catalog()
        self.start_blueprint = blueprint
        self.start_tree = tree
        self.resume_path = resume
        self.out_dir = out_dir or Path.cwd() / "archwiz-out"
        self.session: Session | None = None
        self.save_path: Path | None = None
        self.last_export: list[str] = []
        self.export_folders: dict[str, Path] = {}
        self.draft_name: str | None = None
        self.draft_lock: drafts.DraftLock | None = None
        self.read_only = False
        self.draft_saved: Path | None = None
        """The draft written last, for the line printed after the app exits."""

    def on_mount(self) -> None:
        """Start where the command line asked: a file, a blueprint, or the welcome screen."""
        remembered = drafts.load_theme()
        if remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, lambda theme: drafts.save_theme(theme.name))
        # Straight to the interview when the command line names one: composing and styling the
        # welcome screen first would add about a tenth of a second to the first question.
        if self.resume_path is not None:
            self.open_answers(self.resume_path)
        elif self.start_blueprint or self.start_tree:
            self.start_interview(blueprint=self.start_blueprint, tree=self.start_tree)
        else:
            self.push_screen(WelcomeScreen())

    def leave_interview(self) -> None:
        """Back out of the interview: to the screen below, or the welcome screen."""
        self.autosave()
        self.close_draft()
        self.session = None
        self.pop_screen()
        if len(self.screen_stack) <= 1:
            self.push_screen(WelcomeScreen())

    def show_error(self, exc: WizardError) -> None:
        """An error dialog with the message, every problem and the hint (over the welcome screen)."""
        if len(self.screen_stack) <= 1:
            self.push_screen(WelcomeScreen())
        details = "\n".join(p.render() for p in exc.problems[:12])
        message = exc.message + (f"\n\n{details}" if details else "")
        self.push_screen(ErrorDialog(exc.title, message, exc.hint))

    # ------------------------------------------------------------ navigation

    def action_new_design(self) -> None:
        """Choose a blueprint or a single decision."""
        self.push_screen(PickerScreen(self.catalog))

    def start_interview(
        self,
        *,
        blueprint: str | None = None,
        tree: str | None = None,
        answers: dict[str, Any] | None = None,
        adopt_defaults: bool = False,
        draft: str | None = None,
    ) -> None:
        """Begin (or resume) an interview for a blueprint or one tree.

        `draft` names the draft being resumed; without it the design's own draft is used, and
        when that already exists the user chooses between resuming, a copy and replacing it.
        """
        try:
            if blueprint is not None:
                plan = plan_for_blueprint(self.catalog.blueprint(blueprint), self.catalog.trees)
            else:
                self.catalog.tree(tree or "")
                plan = plan_for_decisions([tree or ""], self.catalog.trees)
            require_sound(plan, self.catalog)
        except WizardError as exc:
            self.show_error(exc)
            return
        name = draft or drafts.design_name(plan)
        if draft is None and drafts.draft_path(name).is_file():
            self.ask_about_draft(plan, answers, adopt_defaults, name)
            return
        self.open_draft(plan, answers, adopt_defaults, name)

    def ask_about_draft(self, plan: Plan, answers: Answers | None, adopt_defaults: bool, name: str) -> None:
        """The design already has a draft: resume it, start a copy, or replace it (never silently)."""

        def chosen(choice: str | None) -> None:
            if choice == "resume":
                self.open_draft(plan, self.draft_answers(name), False, name)
            elif choice == "copy":
                self.open_draft(plan, answers, adopt_defaults, drafts.copy_name(name))
            elif choice == "replace":
                self.open_draft(plan, answers, adopt_defaults, name)
            else:
                self.show_welcome_if_empty()

        message = (
            f"{drafts.design_title(plan)} has a saved draft ({drafts.draft_path(name)}). Resume it, start a copy beside it, or replace it?"
        )
        choices = [("resume", "Resume the draft"), ("copy", f"Start a copy ({drafts.copy_name(name)})"), ("replace", "Replace it")]
        self.push_screen(ChoiceDialog("This design has a draft", message, choices), chosen)

    def open_draft(self, plan: Plan, answers: Answers | None, adopt_defaults: bool, name: str) -> None:
        """Lock the draft and open the interview; when another archwiz holds it, ask what to do."""
        self.close_draft()
        lock = drafts.DraftLock.take(name)
        if lock is not None:
            self.begin(plan, answers, adopt_defaults, name, lock)
            return

        def chosen(choice: str | None) -> None:
            saved = self.draft_answers(name) or answers
            if choice == "read_only":
                self.begin(plan, saved, False, name, None)
            elif choice == "copy":
                self.open_draft(plan, saved, False, drafts.copy_name(name))
            else:
                self.show_welcome_if_empty()

        message = (
            f"Another archwiz has {drafts.design_title(plan)} open, and saves its answers to {drafts.draft_path(name)}. "
            "Open it read-only here (nothing is saved over it), or start a copy of it?"
        )
        choices = [("read_only", "Open read-only"), ("copy", f"Start a copy ({drafts.copy_name(name)})")]
        self.push_screen(ChoiceDialog("This design is open in another archwiz", message, choices), chosen)

    def begin(self, plan: Plan, answers: Answers | None, adopt_defaults: bool, name: str, lock: drafts.DraftLock | None) -> None:
        """Open the interview on a draft; without its lock it is read-only (autosave is off)."""
        self.draft_name = name
        self.draft_lock = lock
        self.read_only = lock is None
        self.sub_title = "read-only: open in another archwiz" if self.read_only else type(self).SUB_TITLE
        self.session = Session(plan)
        if answers:
            self.session.load(answers, adopt_defaults=adopt_defaults)
        self.push_screen(InterviewScreen(self.session))

    def show_welcome_if_empty(self) -> None:
        """After a cancelled dialog, never leave a blank screen (started from the command line)."""
        if len(self.screen_stack) <= 1:
            self.push_screen(WelcomeScreen())

    def close_draft(self) -> None:
        """Let go of the draft of the interview that was open (another archwiz may take it)."""
        if self.draft_lock is not None:
            self.draft_lock.release()
        self.draft_lock = None
        self.draft_name = None
        self.read_only = False
        self.sub_title = type(self).SUB_TITLE

    def draft_answers(self, name: str) -> Answers | None:
        """The answers saved in a draft (None when it is missing or unreadable)."""
        from wizard.io.answers_file import load_answers

        path = drafts.draft_path(name)
        if not path.is_file():
            return None
        try:
            return load_answers(path, self.catalog, partial=True).answers
        except WizardError:
            return None

    def show_interview(self) -> None:
        """Return to the interview screen below, refreshed (after a review edit)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, InterviewScreen):
            self.pop_screen()
        if isinstance(self.screen, InterviewScreen):
            self.screen.refresh_view()
        elif self.session is not None:
            self.push_screen(InterviewScreen(self.session))

    def action_review(self) -> None:
        """Show every answer and pick."""
        if self.session is None or isinstance(self.screen, ReviewScreen):
            return
        self.push_screen(ReviewScreen(self.session))

    def action_export(self) -> None:
        """Render the outputs (once every question is answered)."""
        if self.session is None:
            return
        if not self.session.is_complete():
            self.notify("Answer the remaining questions first (Ctrl+R shows them).", severity="warning")
            return
        # Imported here: the export screen pulls in the renderers and Markdown (~0.1 s at start-up).
        from wizard.tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            from wizard.tui.screens.export import design_key

            folder = self.export_folders.get(design_key(self.session), self.out_dir)
            self.push_screen(ExportScreen(self.session, folder))

    # ------------------------------------------------------------ files

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (Ctrl+P) offers archwiz's own actions first, then Textual's."""
        yield SystemCommand("Help", "The keys of this screen and a short guide (F1)", self.action_help)
        yield SystemCommand("New design", "Choose another blueprint or a single decision", self.action_new_design)
        yield SystemCommand("Open answers file", "Resume from an answers file you saved or wrote", self.action_open_file)
        if self.session is not None:
            session = self.session
            yield SystemCommand("Review", "Every answer and pick; Enter on one changes it (Ctrl+R)", self.action_review)
            yield SystemCommand("Export", "Render the diagram and rationale (Ctrl+E)", self.action_export)
            yield SystemCommand("Save answers", "Write the answers file anywhere (Ctrl+S)", self.action_save)
            res = session.resolution()
            for tree_id in res.active:
                asked = res.per_tree[tree_id].asked
                if asked:
                    title = session.plan.trees[tree_id].title.rstrip("?")
                    yield SystemCommand(
                        f"Go to: {title}", f"Jump to the first question of the {tree_id} decision", partial(self.jump_to, tree_id, asked[0])
                    )
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                # Textual's own entry saves into the downloads folder without saying where.
                command = SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of this screen in the current folder",
                    lambda: self.set_timer(0.1, self.take_screenshot),
                )
            yield command

    def take_screenshot(self) -> None:
        """Save an SVG of the screen in the current folder and say where it went."""
        try:
            saved = Path(self.save_screenshot(path=str(Path.cwd()))).resolve()
        except OSError as exc:
            self.notify(f"Could not save the screenshot: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Screenshot saved to {saved}", title="Screenshot")

    def jump_to(self, tree_id: str, question_id: str) -> None:
        """Show one question of the interview to answer or change it."""
        if self.session is None:
            return
        self.session.edit(tree_id, question_id)
        self.session.last_edit = None
        self.show_interview()

    def action_help(self) -> None:
        """The keys of the current screen and its guide, in a dialog that reads without colour."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys: list[tuple[str, str]] = []
        for active in screen.active_bindings.values():
            binding = active.binding
            # The footer's keys: a widget's own scrolling keys would bury them.
            if not binding.show or not binding.description or binding.action == "help":
                continue
            entry = (self.get_key_display(binding), binding.description)
            if entry not in keys:
                keys.append(entry)
        keys += [("↑ ↓", "Move between options"), ("Tab", "Next field"), ("F1 or ?", "This help")]
        guide = getattr(screen, "GUIDE", "")
        self.push_screen(HelpScreen(type(screen).__name__.removesuffix("Screen") or "archwiz", keys, guide))

    def action_save(self) -> None:
        """Save the answers file anywhere (asks for the path)."""
        if self.session is None:
            self.notify("Nothing to save yet.", severity="warning")
            return
        default = str(self.save_path or Path.cwd() / "answers.yaml")

        def done(path: str | None) -> None:
            if path and self.session is not None:
                try:
                    self.save_path = drafts.save(self.session, Path(path).expanduser())
                except WizardError as exc:
                    self.show_error(exc)
                    return
                self.notify(f"Saved {self.save_path}")

        self.push_screen(PathDialog("Save answers to", default), done)

    def action_open_file(self) -> None:
        """Open an answers file (asks for the path)."""

        def done(path: str | None) -> None:
            if path:
                self.open_answers(Path(path).expanduser())

        self.push_screen(PathDialog("Open answers file", str(Path.cwd() / "answers.yaml")), done)

    def open_answers(self, path: Path) -> None:
        """Resume from an answers file or draft; problems appear in a dialog."""
        from wizard.io.answers_file import load_answers

        try:
            loaded = load_answers(path, self.catalog, partial=True)
        except WizardError as exc:
            self.show_error(exc)
            return
        plan = loaded.plan
        is_draft = drafts.is_draft(path)
        draft = path.stem if is_draft else None
        if plan.blueprint is not None:
            self.start_interview(blueprint=plan.blueprint.id, answers=loaded.answers, adopt_defaults=not is_draft, draft=draft)
        else:
            trees = [t for t in plan.tree_ids() if t != "workload"]
            self.start_interview(tree=trees[0] if trees else None, answers=loaded.answers, adopt_defaults=not is_draft, draft=draft)
        self.save_path = None if is_draft else path

    def autosave(self) -> None:
        """Save the draft quietly; never lose answers to a crash or Ctrl+C."""
        if self.session is None or self.draft_lock is None or self.draft_name is None or not any(self.session.given.values()):
            return  # nothing to keep, or read-only: the draft belongs to another archwiz
        try:
            self.draft_saved = drafts.save(self.session, drafts.draft_path(self.draft_name))
        except WizardError as exc:
            self.notify(f"Could not autosave the draft: {exc.message}", severity="error")

    async def action_quit(self) -> None:
        """Autosave, then quit."""
        self.autosave()
        self.exit()


def probe_image_support() -> None:
    """Ask the terminal whether it can show images (Sixel, Kitty graphics).

    textual-image queries the terminal when imported, which only works before Textual owns
    the terminal; a terminal that does not answer costs at most 0.2 s. ARCHWIZ_IMAGES=0 skips it.
    """
    import os
    import sys

    if os.environ.get("ARCHWIZ_IMAGES") == "0" or not sys.stdout.isatty():
        return
    try:
        import textual_image.renderable  # noqa: F401
    except Exception:  # noqa: BLE001 - any failure just means no preview
        return


def run_app(*, blueprint: str | None = None, resume: Path | None = None, trees: list[Path] | None = None) -> None:
    """Run the interview in the terminal; SIGTERM and Ctrl+C autosave the draft first."""
    probe_image_support()
    app = ArchwizApp(load_catalog(trees), blueprint=blueprint, resume=resume)

    def on_term(_signum: int, _frame: object) -> None:
        app.autosave()
        app.exit()

    signal.signal(signal.SIGTERM, on_term)
    try:
        app.run()
    except KeyboardInterrupt:
        app.autosave()
        raise
    finally:
        # After Textual has given the terminal back, so the line stays in the scrollback.
        line = farewell(app)
        if line:
            print(line, file=sys.stderr)


def farewell(app: ArchwizApp) -> str | None:
    """The line printed after the app exits: where the draft went, and how to get back to it."""
    if app.draft_saved is None:
        return None
    return f"archwiz: draft saved to {app.draft_saved} (resume with archwiz)"
