"""Review: every answer and every pick; choose an answer to jump back and change it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from wizard.core.session import Session
from wizard.tui.widgets import KeyFooter


class ReviewScreen(Screen[None]):
    """Lists decisions with their picks and the answers beneath each."""

    GUIDE = (
        "Every decision with its pick and configuration, warnings first, and the answers beneath. "
        "Select an answer and press Enter to change it; Ctrl+E renders the diagram and rationale."
    )

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+e", "app.export", "Export"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.last_chosen: str | None = None

    def compose(self) -> ComposeResult:
        """Heading, the list and the footer."""
        yield Header(show_clock=False)
        yield Static(id="review-heading", classes="title")
        yield OptionList(id="review-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the list."""
        self.refill()

    def on_screen_resume(self) -> None:
        """Answers may have changed while editing."""
        self.refill()

    def refill(self) -> None:
        """One heading per decision, one entry per answer."""
        res = self.session.resolution()
        done = self.session.is_complete()
        heading = "Review: Enter on an answer changes it." + ("  Ctrl+E exports." if done else "  Some questions are still open.")
        self.query_one("#review-heading", Static).update(heading)
        listing = self.query_one(OptionList)
        listing.clear_options()
        for tree_id in res.active:
            tree = self.session.plan.trees[tree_id]
            decision = res.decisions.get(tree_id)
            pick = f"  →  [b]{escape(decision.configuration)}[/b]" if decision else ""
            warnings = "".join(f"\n   [b yellow]⚠ {escape(w.text)}[/]" for w in decision.warnings) if decision else ""
            listing.add_option(Option(f"[b $accent]{escape(tree.title)}[/]{pick}{warnings}", id=f"tree:{tree_id}"))
            answers = res.per_tree[tree_id]
            for qid in answers.asked:
                question = tree.question(qid)
                if question is None:
                    continue
                if qid in self.session.given.get(tree_id, {}):
                    shown = escape(question.label_of(self.session.given[tree_id][qid]))
                else:
                    shown = "[i]not answered[/i]"
                listing.add_option(Option(f"   {escape(question.ask)}\n      [dim]{shown}[/]", id=f"edit:{tree_id}:{qid}"))
        # Back from an edit, the cursor returns to the answer that was changed, not the top.
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        edited = self.session.last_edit
        target = f"edit:{edited[0]}:{edited[1]}" if edited else self.last_chosen
        listing.highlighted = ids.index(target) if target in ids else (0 if ids else None)
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Jump back to the chosen question."""
        self.last_chosen = event.option.id
        kind, _, rest = (event.option.id or "").partition(":")
        if kind == "tree":
            asked = self.session.resolution().per_tree[rest].asked
            if not asked:
                return
            tree_id, qid = rest, asked[0]
        else:
            tree_id, _, qid = rest.partition(":")
        self.session.edit(tree_id, qid)
        self.app.show_interview()  # type: ignore[attr-defined]

    def action_back(self) -> None:
        """Back to the interview: the next open question, or the last one when all are answered."""
        asked = self.session.resolution().asked()
        if self.session.current() is None and asked:
            # Without this a finished interview would bounce straight back to this review.
            self.session.edit(*asked[-1])
            self.session.last_edit = None
        self.app.show_interview()  # type: ignore[attr-defined]
