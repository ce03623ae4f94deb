"""Export: choose formats and folder, render in a worker, then show paths, rationale, outline."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, LoadingIndicator, Markdown, SelectionList, Static, TabbedContent, TabPane
from textual.widgets.selection_list import Selection

from wizard.core.architecture import Architecture
from wizard.core.session import Session
from wizard.errors import OutputError, WizardError
from wizard.render.pipeline import ALL_FORMATS
from wizard.tui.widgets import KeyFooter, SteadyInput


def image_preview_kind() -> str | None:
    """Return "sixel" or "tgp" when the terminal answered that it shows images, else None."""
    import sys

    renderable = sys.modules.get("textual_image.renderable")
    if renderable is None:
        return None
    # The chosen renderer lives in textual_image.renderable.<kind>; half-cell art is not a preview.
    module = str(getattr(getattr(renderable, "Image", None), "__module__", ""))
    kind = module.rsplit(".", 1)[-1]
    return kind if kind in ("sixel", "tgp") else None


def outline(arch: Architecture) -> str:
    """A text outline of the architecture's groups and nodes (for terminals without images)."""
    groups = arch.groups()
    lines: list[str] = []

    def walk(cluster: str | None, depth: int) -> None:
        pad = "  " * depth
        for node in groups.nodes.get(cluster, []):
            lines.append(f"{pad}• {node.label.replace(chr(10), ' ')}")
        for child in groups.children.get(cluster, []):
            lines.append(f"{pad}▸ {child.label}")
            walk(child.id, depth + 1)

    walk(None, 0)
    if arch.edges:
        names = {n.id: n.label.replace("\n", " ") for n in arch.nodes}
        lines.append("")
        lines.append("Connections:")
        lines += [f"  {names[e.source]} → {names[e.target]}" + (f"  ({e.label})" if e.label else "") for e in arch.edges]
    return "\n".join(lines)


def design_key(session: Session) -> str:
    """What is being designed: the blueprint's id or the decisions asked."""
    plan = session.plan
    return f"blueprint:{plan.blueprint.id}" if plan.blueprint else "decisions:" + ",".join(r.tree for r in plan.refs)


class FormatList(SelectionList[str]):
    """The formats: Space ticks one, Enter renders."""

    BINDINGS = [Binding("enter", "render", "Render", show=False)]

    class RenderRequested(Message):
        """Enter was pressed in the list."""

    def action_render(self) -> None:
        """Ask the screen to render."""
        self.post_message(self.RenderRequested())


class ExportScreen(Screen[None]):
    """Renders the outputs with the same pipeline as `archwiz render`."""

    GUIDE = (
        "Choose the output folder and formats (Space ticks a format), then Ctrl+O renders the "
        "diagram, the rationale and the answers file, the same as `archwiz render`. Escape goes "
        "back."
    )

    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+o", "render", "Render")]

    def __init__(self, session: Session, folder: Path) -> None:
        super().__init__()
        self.session = session
        self.folder = folder

    def compose(self) -> ComposeResult:
        """The form, the status line and the result tabs."""
        yield Header(show_clock=False)
        with Horizontal(id="export-form"):
            with Vertical(id="formats-box"):
                yield Label("Formats (Space toggles)")
                yield FormatList(*[Selection(f, f, f == "png") for f in ALL_FORMATS], id="formats")
            with Vertical():
                yield Label("Output folder")
                yield SteadyInput(value=str(self.folder), id="folder")
                yield Button("Render (Ctrl+O)", variant="primary", id="render")
        yield Static(
            "Choose formats and a folder, then Render. RATIONALE.md, result.json and answers.yaml are always written.", id="export-status"
        )
        with TabbedContent(id="export-results"):
            with TabPane("Files", id="tab-files"):
                yield Static(id="written")
            with TabPane("Rationale", id="tab-rationale"):
                yield Markdown(id="rationale")
            with TabPane("Diagram outline", id="tab-outline"):
                yield Static(id="outline")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the formats, so the cursor is visible at once and the folder is one Tab away."""
        self.query_one("#formats", SelectionList).focus()

    @on(FormatList.RenderRequested)
    def render_requested(self) -> None:
        """Enter in the formats list renders (Space ticks)."""
        self.action_render()

    @on(Button.Pressed, "#render")
    def pressed(self) -> None:
        """Render on the button."""
        self.action_render()

    @on(Input.Submitted, "#folder")
    def folder_submitted(self) -> None:
        """Render on Enter in the folder field."""
        self.action_render()

    def action_render(self) -> None:
        """Start rendering in a worker thread."""
        formats = list(self.query_one("#formats", SelectionList).selected)
        folder = Path(self.query_one("#folder", Input).value.strip() or ".").expanduser()
        # The folder is remembered for this design while the app runs.
        self.app.export_folders[design_key(self.session)] = folder  # type: ignore[attr-defined]
        what = ", ".join(formats) if formats else "the text outputs only (no diagram format is ticked)"
        self.query_one("#export-status", Static).update(f"Rendering {escape(what)} into {escape(str(folder))} ...")
        self.mount(LoadingIndicator(id="spinner"), before=self.query_one("#export-results"))
        self.render_outputs(formats, folder)

    @work(thread=True, exclusive=True, group="render", description="Rendering", exit_on_error=False)
    def render_outputs(self, formats: list[str], folder: Path) -> None:
        """The same pipeline as the CLI, run off the UI thread."""
        from wizard.render.pipeline import render_all

        plan = self.session.plan
        answers = {t: dict(v) for t, v in self.session.given.items() if v}
        try:
            run, written = render_all(plan, answers, folder, formats, lambda msg: self.app.call_from_thread(self.progress, msg))
        except WizardError as exc:
            self.app.call_from_thread(self.failed, exc, [])
            return
        except OSError as exc:
            # A name too long, a full disk: the dialog says so instead of a spinner that never stops.
            error = OutputError(f"cannot write into {folder}: {exc.strerror or exc}", hint="choose a shorter or writable folder")
            self.app.call_from_thread(self.failed, error, [])
            return
        if written.partial is not None:
            self.app.call_from_thread(self.failed, written.partial, written.paths)
            return
        text = (folder / "RATIONALE.md").read_text(encoding="utf-8")
        self.app.call_from_thread(self.finished, [str(p) for p in written.paths], text, outline(run.architecture))

    def progress(self, message: str) -> None:
        """A progress message from the worker."""
        self.query_one("#export-status", Static).update(escape(message) + " ...")

    def _stop_spinner(self) -> None:
        for spinner in self.query("#spinner"):
            spinner.remove()

    def finished(self, paths: list[str], rationale: str, diagram_outline: str) -> None:
        """Show what was written."""
        self._stop_spinner()
        self.query_one("#export-status", Static).update(f"[green]Done:[/] {len(paths)} files written.")
        self.query_one("#written", Static).update("\n".join(escape(p) for p in paths))
        self.query_one("#rationale", Markdown).update(rationale)
        self.query_one("#outline", Static).update(escape(diagram_outline))
        self.app.last_export = paths  # type: ignore[attr-defined]
        png = next((p for p in paths if p.endswith(".png")), None)
        if png and image_preview_kind():
            self.call_later(self.show_image, png)

    async def show_image(self, png: str) -> None:
        """A Diagram tab with the PNG itself, on terminals that display images."""
        from textual_image.widget import Image

        tabs = self.query_one("#export-results", TabbedContent)
        if self.query("#tab-image"):
            await tabs.remove_pane("tab-image")
        await tabs.add_pane(TabPane("Diagram", Image(png), id="tab-image"))

    def failed(self, exc: WizardError, written: list[Path]) -> None:
        """Show the error with its hint; list what was written anyway."""
        from wizard.tui.screens.dialogs import ErrorDialog

        self._stop_spinner()
        self.query_one("#export-status", Static).update(f"[red]{escape(exc.title)}[/]: {escape(exc.message)}")
        if written:
            self.query_one("#written", Static).update("Written anyway:\n" + "\n".join(escape(str(p)) for p in written))
        # The CLI's hints name its flags; here the folder is the field above.
        hint = (exc.hint or "").replace("--out folder", "export folder").replace("--force", "a new folder") or None
        self.app.push_screen(ErrorDialog(exc.title, exc.message, hint))

    def action_back(self) -> None:
        """Back to the review."""
        self.app.pop_screen()
