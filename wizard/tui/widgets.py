"""Small reusable widgets."""

from __future__ import annotations

from textual.widgets import Input


class SteadyInput(Input):
    """An Input whose cursor does not blink in headless runs (tests and snapshots stay stable)."""

    def on_mount(self) -> None:
        """Turn the blink off when nobody is watching."""
        if self.app.is_headless:
            self.cursor_blink = False
