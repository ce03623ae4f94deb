"""The help screen: F1, or ? where no text field has focus.

It lists the keys of the screen below and a short guide, and reads without colour.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

GENERAL_GUIDE = (
    "archwiz asks about your workload, one question at a time, and recommends a service for "
    "every decision the design needs, with the reasons and the lines of the notes behind them. "
    "Answers are saved as you go; Ctrl+S writes them to a file you can render later with "
    "`archwiz render`."
)


class HelpScreen(ModalScreen[None]):
    """A keymap for the screen it covers and a few lines on how to use it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help {
            width: 76;
            max-width: 95%;
            height: auto;
            max-height: 90%;
            border: thick $accent;
            background: $surface;
            padding: 1 2;
        }
        #help-title { text-style: bold; }
        .help-heading { text-style: bold; margin-top: 1; }
        Button { margin-top: 1; }
    }
    """
    BINDINGS = [Binding("escape,enter,f1,question_mark", "close", "Close")]

    def __init__(self, screen_name: str, keys: list[tuple[str, str]], guide: str) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.keys = keys
        self.guide = guide

    def compose(self) -> ComposeResult:
        """Title, guide, keymap and a close button."""
        width = max((len(key) for key, _ in self.keys), default=4) + 2
        keymap = "\n".join(f"{key.ljust(width)}{what}" for key, what in self.keys)
        with VerticalScroll(id="help"):
            yield Label(f"Help: {self.screen_name}", id="help-title")
            yield Static(self.guide, id="help-guide", markup=False)
            yield Label("Keys on this screen", classes="help-heading")
            yield Static(keymap or "(none)", id="help-keys", markup=False)
            yield Static(GENERAL_GUIDE, id="help-general", markup=False, classes="help-heading")
            yield Button("Close", variant="primary", id="help-close")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        """Close on the button."""
        self.dismiss(None)

    def action_close(self) -> None:
        """Close on Escape, Enter, F1 or ?."""
        self.dismiss(None)
