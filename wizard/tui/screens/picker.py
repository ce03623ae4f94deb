"""Pick a blueprint (a workload shape) or a single decision; type to filter."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard.io.content import Catalog
from wizard.tui.widgets import KeyFooter, SteadyInput


class PickerScreen(Screen[None]):
    """Blueprints first, then every decision tree as a single decision."""

    GUIDE = (
        "Choose what to design: a blueprint composes many decisions into one architecture; a single "
        "decision asks only what that decision needs. Up and Down move, Enter starts, Escape goes "
        "back."
    )

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        """Filter box and the list."""
        yield Header(show_clock=False)
        yield Static("What are you designing? Type to filter, Enter to choose.", classes="title")
        yield SteadyInput(placeholder="filter: web, database, storage...", id="picker-filter")
        yield OptionList(id="picker-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the list and focus the filter."""
        self.refill("")
        self.query_one(Input).focus()

    def entries(self) -> list[tuple[str, str, str]]:
        """(id, heading, detail) for every blueprint and decision tree."""
        out = []
        for bp in sorted(self.catalog.blueprints.values(), key=lambda b: b.title):
            decides = ", ".join(
                self.catalog.trees[t].title.rstrip("?") for t in bp.tree_ids() if t in self.catalog.trees and t != "workload"
            )
            out.append((f"blueprint:{bp.id}", f"{bp.title}", f"{bp.summary}\n  decides: {decides}"))
        for tree in sorted(self.catalog.trees.values(), key=lambda t: t.title):
            if not tree.profile:
                out.append((f"tree:{tree.id}", f"Single decision: {tree.title}", tree.summary))
        return out

    def refill(self, text: str) -> None:
        """Show the entries whose words contain the filter text, those whose title matches first."""
        needle = text.lower().strip()
        listing = self.query_one(OptionList)
        listing.clear_options()
        shown = [e for e in self.entries() if not needle or needle in f"{e[1]} {e[2]} {e[0]}".lower()]
        # "load balancer" should find the load balancer decision before a blueprint that uses one.
        exact = needle.replace(" ", "_")
        shown.sort(key=lambda e: 0 if needle and e[0].partition(":")[2] == exact else 1 if needle and needle in e[1].lower() else 2)
        for key, heading, detail in shown:
            listing.add_option(Option(f"[b]{escape(heading)}[/b]\n  {escape(detail)}", id=key))
        if listing.option_count:
            listing.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """Down (or Tab) from the filter box moves into the list."""
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.query_one(OptionList).focus()  # the highlighted first entry is where Enter goes

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self.refill(event.value)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        """Enter in the filter chooses the highlighted entry."""
        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            option = listing.get_option_at_index(listing.highlighted)
            self.choose(option.id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Choose the clicked or entered option."""
        self.choose(event.option.id or "")

    def choose(self, key: str) -> None:
        """Start the interview for a blueprint or a single tree."""
        kind, _, item = key.partition(":")
        self.app.start_interview(blueprint=item if kind == "blueprint" else None, tree=item if kind == "tree" else None)  # type: ignore[attr-defined]
