"""Practise: choose a decision (or all), answer situations, read why after each, see the score.

The situations come from `wizard.core.study` (the engine decides every one); the record of
missed situations is the same one `archwiz study` keeps, so misses come back in either.
"""

from __future__ import annotations

import random

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from wizard.core import study
from wizard.errors import WizardError
from wizard.io import study_record
from wizard.io.content import Catalog
from wizard.tui.widgets import KeyFooter

COUNT = 10
"""Situations per session, as on the command line."""


class StudyScreen(Screen[None]):
    """Pick a topic, then one situation at a time: options, then the tree's explanation."""

    GUIDE = "Choose a decision to practise (or all of them), then pick the option that fits each situation. Enter chooses or moves on."
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, catalog: Catalog, *, seed: int | None = None, count: int = COUNT) -> None:
        super().__init__()
        self.catalog = catalog
        self.seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
        self.count = count
        self.situations: list[study.Situation] = []
        self.index = 0
        self.results: list[tuple[study.Situation, str | None]] = []
        self.stage = "topics"  # topics | composing | question | feedback | summary
        self.record = study_record.load()

    def compose(self) -> ComposeResult:
        """A heading, the situation text, the options (or topics), and the explanation."""
        yield Header(show_clock=False)
        with VerticalScroll(id="study-box"):
            yield Static("Practise: which option fits the situation?", id="study-heading", classes="title")
            yield Static("", id="study-text")
            yield OptionList(id="study-options")
            yield Static("", id="study-feedback")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Offer the topics: every decision, or one of them."""
        menu = self.query_one(OptionList)
        menu.add_option(Option("All decisions", id="all"))
        for tree in sorted(self.catalog.trees.values(), key=lambda t: t.id):
            if not tree.profile:
                menu.add_option(Option(f"{escape(tree.title)} ({tree.id})", id=f"tree:{tree.id}"))
        menu.highlighted = 0
        menu.focus()
        self._say("#study-text", "Choose what to practise.")

    def _say(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    def start(self, tree_ids: list[str]) -> None:
        """Make the session's situations and show the first."""
        self.stage = "composing"
        self._say("#study-text", "Composing situations...")
        self.query_one(OptionList).clear_options()
        due = self.record.due()
        self.run_worker(lambda: self._make_situations(tree_ids, due), thread=True, exclusive=True)

    def _make_situations(self, tree_ids: list[str], due: list[str]) -> None:
        # In a thread: working out the situations of many trees takes a second or two.
        situations = study.session(tree_ids, self.catalog.trees, self.count, self.seed, due)
        self.app.call_from_thread(self.ready, situations)

    def ready(self, situations: list[study.Situation]) -> None:
        """Show the first situation once they are composed."""
        self.situations = situations
        self.index = 0
        self.results = []
        if not self.situations:
            self._say("#study-text", "No situation could be made from this decision.")
            return
        self.show_question()

    def show_question(self) -> None:
        """The current situation and its options."""
        self.stage = "question"
        situation = self.situations[self.index]
        self._say("#study-heading", f"Situation {self.index + 1} of {len(self.situations)} ({situation.tree})")
        self._say("#study-text", f"{escape(situation.text)}\n\n[b]{escape(situation.prompt)}[/b]")
        self._say("#study-feedback", "")
        menu = self.query_one(OptionList)
        menu.clear_options()
        for i, option in enumerate(situation.options):
            menu.add_option(Option(f"{study.LETTERS[i]}) {escape(option.label)}", id=f"option:{option.candidate}"))
        menu.highlighted = 0
        menu.focus()

    def answer(self, candidate: str) -> None:
        """Record the answer and show the explanation."""
        situation = self.situations[self.index]
        right = candidate == situation.answer
        self.results.append((situation, candidate))
        self.record.answered(situation.key, right)
        self._save()
        self.stage = "feedback"
        self._say("#study-feedback", feedback_markup(situation, candidate))
        menu = self.query_one(OptionList)
        menu.clear_options()
        last = self.index + 1 >= len(self.situations)
        menu.add_option(Option("See the score" if last else "Next situation", id="next"))
        menu.highlighted = 0
        menu.focus()

    def _save(self) -> None:
        try:
            study_record.save(self.record)
        except WizardError as exc:  # a full disk or a read-only folder must not stop practice
            self.notify(f"The study record could not be saved: {exc.message}", severity="warning")

    def show_summary(self) -> None:
        """The score per tree and the topics to revisit."""
        self.stage = "summary"
        self.record.finish()
        self._save()
        summary = study.summarise(self.results)
        self._say("#study-heading", f"Score: {summary.right} of {summary.total}")
        lines = [f"{escape(t.title)} ({t.tree}): {t.right}/{t.total}" for t in summary.trees]
        if summary.revisit:
            lines += ["", "[b]Topics to revisit[/b]", *(f"- {escape(topic)}" for topic in summary.revisit)]
        self._say("#study-text", "\n".join(lines))
        self._say("#study-feedback", f"Seed {self.seed}: `archwiz study --seed {self.seed}` repeats this session.")
        menu = self.query_one(OptionList)
        menu.clear_options()
        menu.add_option(Option("Back to the welcome screen", id="done"))
        menu.highlighted = 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Route a choice by stage: topic, option, next, done."""
        key = event.option.id or ""
        if self.stage == "topics":
            ids = [t for t in sorted(self.catalog.trees) if not self.catalog.trees[t].profile]
            self.start(ids if key == "all" else [key.partition(":")[2]])
        elif self.stage == "question" and key.startswith("option:"):
            self.answer(key.partition(":")[2])
        elif self.stage == "feedback":
            self.index += 1
            if self.index >= len(self.situations):
                self.show_summary()
            else:
                self.show_question()
        elif self.stage == "summary":
            self.action_back()

    def action_back(self) -> None:
        """Leave practice (answers given so far are already in the record)."""
        self.app.pop_screen()


def feedback_markup(situation: study.Situation, chosen: str) -> str:
    """Right or wrong, why the pick fits, why each other option loses, what would change it, citations."""
    right = chosen == situation.answer
    lines = [
        "[b $success]Right.[/]" if right else f"[b $error]Wrong:[/] the answer is {situation.letter()}) {escape(situation.answer_label)}.",
        f"[b]Why {escape(situation.answer_label)} fits:[/b] {escape(situation.why)} [{escape(', '.join(situation.cite))}]",
        "[b]Why the others lose:[/b]",
    ]
    for i, option in enumerate(situation.options):
        if not option.correct:
            mine = " (your answer)" if option.candidate == chosen else ""
            lines.append(f"{study.LETTERS[i]}) {escape(option.label)}{mine}: {escape(option.why)}")
    if situation.changes:
        flip = situation.changes[0]
        lines.append(f"[b]What would change it:[/b] if {escape(flip.question)} were {escape(flip.value_label)}: {escape(flip.pick_label)}")
    lines.append(f"[b]Citations:[/b] {escape(', '.join(situation.citations))}")
    return "\n".join(lines)
