"""Modal dialogs: an error with its hint, and a path prompt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from wizard.tui.widgets import SteadyInput


class ErrorDialog(ModalScreen[None]):
    """Shows a WizardError's title, message and hint; nothing is lost by closing it."""

    DEFAULT_CSS = """
    ErrorDialog {
        align: center middle;
        #dialog {
            width: 70;
            max-width: 95%;
            height: auto;
            border: thick $error;
            background: $surface;
            padding: 1 2;
        }
        #dialog-title { text-style: bold; color: $error; }
        #dialog-hint { color: $text-muted; margin-top: 1; }
        Button { margin-top: 1; }
    }
    """
    BINDINGS = [Binding("escape,enter", "dismiss_dialog", "Close")]

    def __init__(self, title: str, message: str, hint: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Title, message, hint and a close button."""
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Static(self.message, id="dialog-message")
            if self.hint:
                yield Static(f"Hint: {self.hint}", id="dialog-hint")
            yield Button("Close", variant="primary", id="dialog-close")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        """Close on the button."""
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        """Close on Escape or Enter."""
        self.dismiss(None)


class PathDialog(ModalScreen[str | None]):
    """Asks for a file path; returns it, or None when cancelled."""

    DEFAULT_CSS = """
    PathDialog {
        align: center middle;
        #dialog {
            width: 76;
            max-width: 95%;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 1 2;
        }
        #dialog-title { text-style: bold; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        """A title and the path input."""
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield SteadyInput(value=self.value, id="dialog-path")
            yield Static("Enter to confirm, Escape to cancel", classes="muted")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the typed path."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Return nothing."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; No (the safe answer) has the focus."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        #dialog {
            width: 70;
            max-width: 95%;
            height: auto;
            border: thick $warning;
            background: $surface;
            padding: 1 2;
        }
        #dialog-title { text-style: bold; }
        Horizontal { height: auto; margin-top: 1; }
        Button { margin-right: 2; }
    }
    """
    BINDINGS = [Binding("escape", "answer(False)", "Cancel")]

    def __init__(self, title: str, message: str, yes: str, no: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        """Title, message and the two buttons."""
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Static(self.message, markup=False)
            with Horizontal():
                yield Button(self.no, variant="primary", id="dialog-no")
                yield Button(self.yes, variant="warning", id="dialog-yes")

    def on_mount(self) -> None:
        """The safe answer has the focus, so Enter never replaces anything by surprise."""
        self.query_one("#dialog-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Yes or No."""
        self.dismiss(event.button.id == "dialog-yes")

    def action_answer(self, value: bool) -> None:
        """Escape answers No."""
        self.dismiss(value)


class ChoiceDialog(ModalScreen[str | None]):
    """Offers a few ways on, one button each; the first has the focus, Escape cancels (None).

    Cancel is a line rather than a button: four buttons do not fit the dialog at 80 columns.
    """

    DEFAULT_CSS = """
    ChoiceDialog {
        align: center middle;
        #dialog {
            width: 74;
            max-width: 95%;
            height: auto;
            border: thick $warning;
            background: $surface;
            padding: 1 2;
        }
        #dialog-title { text-style: bold; }
        Horizontal { height: auto; margin-top: 1; }
        Button { margin-right: 1; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices

    def compose(self) -> ComposeResult:
        """Title, message, a button per choice and how to cancel."""
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Static(self.message, markup=False)
            with Horizontal():
                for index, (choice, label) in enumerate(self.choices):
                    yield Button(label, variant="primary" if index == 0 else "default", id=f"choice-{choice}")
            yield Static("Tab moves, Enter chooses, Escape cancels.", classes="muted")

    def on_mount(self) -> None:
        """The first (safe) choice has the focus."""
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The choice's id."""
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        """Escape cancels."""
        self.dismiss(None)
