"""Small reusable widgets."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList
from textual.widgets._footer import FooterKey


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

    fitted_width = 0
    """The content width the list was last sized for (0: not sized yet)."""

    def fit_to_lines(self) -> None:
        """Size the list from its wrapped lines (at most 16 rows with its border)."""
        heights: dict[int, int] = getattr(self, "_heights", {})  # laid out at the current width
        if heights:
            self.styles.height = min(sum(heights.values()) + 2, 16)
        self.fitted_width = self.scrollable_content_region.width

    def on_resize(self) -> None:
        """Size again if the width changed since the last fit.

        Sized while a scrollbar narrowed it, the list kept one wrapped line too many once the
        scrollbar went away (a blank row under the last option).
        """
        if self.fitted_width and self.scrollable_content_region.width != self.fitted_width:
            self.call_after_refresh(self.fit_to_lines)

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


FIRST_KEYS = ("enter", "back", "export", "review", "help", "quit", "toggle_panels")
"""The footer's order: what a person needs on every question, before anything else."""

COMPACT_BELOW = 100
"""Below this width the footer drops the padding around each key to fit more of them."""


class KeyFooter(Footer):
    """A footer with the important keys first, that hides whole keys rather than cutting one.

    The stock footer lists keys in binding order and clips the last one mid-word on a narrow
    terminal (and Enter, the key that answers, never shows because the focused list hides it).
    """

    def __init__(self, enter: str | None = None) -> None:
        super().__init__()
        self.enter = enter
        self._composed: tuple[object, ...] | None = None
        self._fit_waits = 0

    def _keys_shown(self) -> tuple[object, ...]:
        """What the footer would show now: compared before rebuilding it."""
        bindings = tuple(
            (key, binding.action, binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show
        )
        return (self._bindings_ready, self.compact, self.size.width, bindings)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys after the refresh, and only if they differ from those shown.

        Every focus move signals a change, and a screen that mounts signals several with the
        same keys; the stock footer rebuilds every key each time.
        """
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys_shown() != self._composed:
            await self.recompose()

    def compose(self) -> ComposeResult:
        """The stock keys (plus Enter when the screen names what it does), ranked."""
        self._composed = self._keys_shown()
        keys = list(super().compose())
        if self.enter and not any(isinstance(k, FooterKey) and k.key == "enter" for k in keys):
            keys.insert(0, FooterKey("enter", "enter", self.enter, "enter").data_bind(compact=Footer.compact))

        def rank(item: tuple[int, Widget]) -> tuple[int, int]:
            index, widget = item
            name = "enter" if isinstance(widget, FooterKey) and widget.key == "enter" else getattr(widget, "action", "").rpartition(".")[2]
            return (FIRST_KEYS.index(name) if name in FIRST_KEYS else len(FIRST_KEYS), index)

        yield from (widget for _, widget in sorted(enumerate(keys), key=rank))
        self.call_after_refresh(self.fit_keys)

    def on_mount(self) -> None:
        """Compact on narrow terminals."""
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self) -> None:
        """Lay the keys out again for the new width."""
        self.compact = self.app.size.width < COMPACT_BELOW
        self.call_after_refresh(self.recompose)

    def fit_keys(self) -> None:
        """Hide the keys that would run past the right edge (the palette key first)."""
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        palette = [k for k in self.query(FooterKey) if k.has_class("-command-palette")]
        width = self.size.width
        if not width or not keys:
            return
        if any(k.display and not k.outer_size.width for k in keys + palette) and self._fit_waits < 10:
            # Keys just mounted are not laid out yet: measure them after the next refresh.
            self._fit_waits += 1
            self.call_after_refresh(self.fit_keys)
            return
        self._fit_waits = 0
        needed = sum(_width(k) for k in keys[:6])
        room = width - sum(_width(p) for p in palette)
        if palette and needed > room:
            # Ctrl+P still opens the palette; the keys that answer and move come first.
            for p in palette:
                p.display = False
            room = width
        used = 0
        for key in keys:
            # Greedy by rank: a long key that does not fit leaves room for a shorter one after it.
            if used + _width(key) > room:
                key.display = False
            else:
                used += _width(key)


def _width(widget: Widget) -> int:
    """The columns a widget takes in a row, margins included."""
    margin = widget.styles.margin
    return widget.outer_size.width + margin.left + margin.right
