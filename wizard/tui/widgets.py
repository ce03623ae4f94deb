"""Small reusable widgets."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList


class StopAtEndsMixin:
    """Up stops at the first option and Down at the last, for option and selection lists.

    The stock lists wrap around, so Up on "Yes" of a Yes/No question quietly highlights "No"
    and Enter answers it; answers must not flip to the far end unseen. A plain mixin: a second
    widget base class would confuse Textual's component classes.
    """

    highlighted: int | None

    def action_cursor_up(self) -> None:
        """Move up unless the first option is highlighted."""
        before = self.highlighted
        super().action_cursor_up()  # type: ignore[misc]
        if before is not None and self.highlighted is not None and self.highlighted > before:
            self.highlighted = before

    def action_cursor_down(self) -> None:
        """Move down unless the last option is highlighted."""
        before = self.highlighted
        super().action_cursor_down()  # type: ignore[misc]
        if before is not None and self.highlighted is not None and self.highlighted < before:
            self.highlighted = before


class StopAtEnds(StopAtEndsMixin, OptionList):
    """An option list that does not wrap around, where a click highlights and a second answers.

    The stock list answers on the first click, so a stray click moved the interview on with an
    answer the user never meant to give.
    """

    async def _on_click(self, event: events.Click) -> None:
        clicked: int | None = event.style.meta.get("option")
        if clicked is not None and clicked != self.highlighted:
            # Textual calls the handler of every base class too; prevent_default stops the stock
            # list's "select on click" for this event.
            event.prevent_default()
            event.stop()
            self.highlighted = clicked


class SteadyInput(Input):
    """An Input whose cursor does not blink in headless runs (tests and snapshots stay stable)."""

    def on_mount(self) -> None:
        """Turn the blink off when nobody is watching."""
        if self.app.is_headless:
            self.cursor_blink = False
