"""The interview: one question at a time, with help, why-asked, live pick and a stepper."""

from __future__ import annotations

import math
from typing import Any

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.validation import ValidationResult, Validator
from textual.widgets import Header, Input, OptionList, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from wizard.core.answers import valid_values
from wizard.core.model import NOT_SURE, Question
from wizard.core.session import Session
from wizard.tui.widgets import KeyFooter, SteadyInput, StopAtEnds, StopAtEndsMixin

NARROW = 96
"""Below this width the side panels fold away so the question keeps its room."""


class NumberValidator(Validator):
    """Validates a number answer as the user types, with the question's own rules."""

    def __init__(self, session: Session, tree_id: str, question: Question) -> None:
        super().__init__()
        self.session = session
        self.tree_id = tree_id
        self.question = question

    def validate(self, value: str) -> ValidationResult:
        """Empty means Not sure (when allowed); otherwise a number within range."""
        parsed = parse_number(value, self.question)
        if parsed is None:
            return self.failure(f"type {valid_values(self.question)}")
        error = self.session.check(self.tree_id, self.question.id, parsed)
        return self.failure(in_words(error, self.question)) if error else self.success()


def in_words(message: str, question: Question) -> str:
    """A validation message with the question's id (an internal key) replaced by plain words."""
    key = repr(question.id)
    if message.startswith(key):
        message = "This answer" + message[len(key) :]
    message = message.replace(f"of {key}", "for this question").replace(f"for {key}", "for this question").replace(key, "this question")
    return message[:1].upper() + message[1:]


def parse_number(text: str, question: Question) -> Any:
    """The answer typed in a number field (None when it is not a number)."""
    text = text.strip()
    if not text and question.not_sure:
        return NOT_SURE
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return number  # the check says "too large" with the maximum
    return int(number) if number.is_integer() else number


class SelectionConfirmed(Message):
    """A multi-select answer was confirmed with Enter."""

    def __init__(self, values: list[str]) -> None:
        super().__init__()
        self.values = values


class MultiChoice(StopAtEndsMixin, SelectionList[str]):
    """Space toggles an option; Enter confirms the selection.

    A ticked option shows a check mark and an unticked one an empty box, so the state reads
    under NO_COLOR and on a monochrome terminal (the stock list draws the same box for both and
    only colours it); the border counts what is ticked.
    """

    BINDINGS = [Binding("enter", "confirm", "Answer", show=True)]

    def render_line(self, y: int) -> Strip:
        """The stock line with its box showing ✓ when ticked and a blank when not."""
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            mark = "✓" if selection.value in self.selected else " "
            segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)

    def show_count(self) -> None:
        """Say in the border how many options are ticked."""
        self.border_subtitle = f"{len(self.selected)} selected"

    @on(SelectionList.SelectedChanged)
    def _count_changed(self) -> None:
        self.show_count()

    def action_confirm(self) -> None:
        """Tell the screen the selection is final."""
        self.post_message(SelectionConfirmed(list(self.selected)))


class InterviewScreen(Screen[None]):
    """Asks the session's current question and shows what the answers decide so far."""

    GUIDE = (
        "Answer the question in the middle. Up and Down move between options and Enter answers; on "
        "a multi-select, Space ticks or unticks an option (ticked ones show a check mark) and Enter "
        "confirms. Number questions take digits, or a duration such as 15m or 4h where the unit is "
        "seconds; leave them empty when you are not sure. The left panel lists the decisions, the "
        "right one says why the question is asked, what the answer decides, and the recommendation "
        "so far. Escape goes back to change an earlier answer."
    )

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "review", "Review"),
        Binding("ctrl+e", "app.export", "Export"),
        # "Panels" is short enough to stay in the footer at 80 columns, where they are folded.
        Binding("f2", "toggle_panels", "Panels", tooltip="Show or hide the why-asked and recommendation-so-far panels"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.shown: tuple[str, str] | None = None
        self.texts: dict[str, str] = {}

    def action_toggle_panels(self) -> None:
        """Show the why and recommendation panels on a narrow terminal (or hide them on a wide one)."""
        self.toggle_class("-panels-flipped")
        if self.session.current() is not None:
            self.shown = None
            self.call_after_refresh(self.refresh_view)

    def compose(self) -> ComposeResult:
        """Stepper, question area and the side panels."""
        yield Header(show_clock=False)
        with Horizontal(id="interview-body"):
            yield Static(id="stepper")
            with VerticalScroll(id="question-area"):
                yield Static(id="question-tree", classes="muted")
                yield Static(id="question-ask")
                yield Static(id="question-help")
                with Vertical(id="answer-box"):
                    yield StopAtEnds(id="choices", classes="choices")
                    yield MultiChoice(id="multi", classes="choices")
                    yield SteadyInput(validate_on=["changed", "submitted"], id="number", classes="number-input")
                    yield Static(id="answer-hint", classes="muted")
                yield Static(id="question-error", classes="error")
                yield Static(id="option-help")
            with Vertical(id="side"):
                yield Static(id="why-panel", classes="panel")
                yield Static(id="live-panel", classes="panel")
        yield Static(id="progress-line")
        yield KeyFooter(enter="Answer")

    def on_mount(self) -> None:
        """Show the first question."""
        self.refresh_view()

    def put(self, selector: str, text: str) -> None:
        """Update a Static only when its text changes (each update costs a layout pass)."""
        if self.texts.get(selector) == text:
            return
        self.texts[selector] = text
        widget = self.query_one(selector, Static)
        widget.update(text)
        # An empty Static still takes a line; hide it so the layout stays tight. (The stepper
        # always has text, and its display belongs to the stylesheet: F2 folds it away.)
        if selector != "#stepper":
            widget.display = bool(text)

    def on_resize(self) -> None:
        """Fold the side panels on narrow terminals; re-fit the options to the new width."""
        self.set_class(self.size.width < NARROW, "-narrow")
        if self.is_current and self.session.current() is not None:
            self.shown = None
            self.call_after_refresh(self.refresh_view)

    # ------------------------------------------------------------ rendering

    def refresh_view(self) -> None:
        """Redraw everything for the session's current question."""
        current = self.session.current()
        if current is None:
            self.app.action_review()  # type: ignore[attr-defined]
            return
        tree_id, question = current
        tree = self.session.plan.trees[tree_id]
        self.put("#question-tree", escape(tree.title))
        self.put("#question-ask", escape(question.ask))
        self.put("#question-help", escape(self.help_text(tree_id, question)))
        self.put("#question-error", "")
        self.put("#option-help", "")
        if self.shown != (tree_id, question.id) or self.session.editing is not None:
            self.shown = (tree_id, question.id)
            self.build_answer_widget(tree_id, question)
        self.update_stepper()
        self.update_why(tree_id, question)
        self.update_live(tree_id)
        number, total = self.session.position()
        remaining = self.session.remaining()
        self.put("#progress-line", f"Question {number} of {total} on this path · {remaining} unanswered")

    def help_text(self, tree_id: str, question: Question) -> str:
        """The question's help; without one, what the answer decides, or what the decision is for.

        Many tree questions carry no help of their own, and an empty space under the question
        reads as if something failed to load.
        """
        if question.help:
            return question.help
        found = self.session.influence_of(tree_id, question.id)
        if not found.empty():
            return f"What this decides: {found.sentence()}"
        return self.session.plan.trees[tree_id].summary

    def build_answer_widget(self, tree_id: str, question: Question) -> None:
        """Fill the input for this kind of question, preset to the current answer or default.

        The three inputs are built once and reused: mounting new widgets per question costs a
        restyle and a footer refresh each time (about ten times the engine's work).
        """
        choices = self.query_one("#choices", OptionList)
        multi = self.query_one("#multi", MultiChoice)
        number = self.query_one("#number", SteadyInput)

        def hint_update(text: str) -> None:
            self.put("#answer-hint", text)

        value = self.session.value(tree_id, question.id)
        choices.display = question.kind in ("choice", "boolean")
        multi.display = question.kind == "multi"
        number.display = question.kind == "number"
        widget: Any
        if question.kind in ("choice", "boolean"):
            options = [Option(escape(o.label), id=o.id) for o in question.options]
            if question.kind == "boolean":
                options = [Option("Yes", id="yes"), Option("No", id="no")]
            if question.not_sure:
                options.append(Option("Not sure", id=NOT_SURE))
            choices.clear_options()
            choices.add_options(options)
            ids = [o.id for o in options]
            preset = {True: "yes", False: "no"}.get(value, value) if question.kind == "boolean" else value
            choices.highlighted = ids.index(preset) if preset in ids else 0
            # OptionList's auto height undercounts wrapped labels once its scrollbar narrows it,
            # hiding the last option at 80 columns; size it from the wrapped labels instead.
            width = max(20, self.query_one("#question-area").size.width - 6)
            lines = sum(max(1, -(-len(str(o.prompt)) // width)) for o in options)
            choices.styles.height = min(lines + 2, 16)
            self.call_after_refresh(self.fit_height, choices)
            hint_update("")
            widget = choices
        elif question.kind == "multi":
            chosen = set(value or []) if isinstance(value, list) else set()
            multi.clear_options()
            multi.add_options([Selection(escape(o.label), o.id, o.id in chosen) for o in question.options])
            multi.highlighted = 0
            multi.show_count()
            multi.styles.height = min(len(question.options) + 2, 16)  # one line each (long labels are cut)
            hint_update("Space toggles an option, Enter confirms (an empty selection is fine).")
            widget = multi
        else:
            unit = f" ({question.unit})" if question.unit else ""
            number.validators = [NumberValidator(self.session, tree_id, question)]
            number.placeholder = f"number{unit}" + ("; empty = Not sure" if question.not_sure else "")
            number.value = "" if value in (None, NOT_SURE) else str(value)
            rule = valid_values(question).replace(f" (or {NOT_SURE})", "")
            extra = "; leave it empty if you are not sure" if question.not_sure else ""
            hint_update(f"Valid: {escape(rule)}{extra}. Enter to answer.")
            widget = number
        widget.focus()

    def update_stepper(self) -> None:
        """Decisions with done / current / pending marks."""
        marks = {"done": "[green]✓[/]", "current": "[b $accent]▶[/]", "pending": "·", "skipped": "[dim]–[/]"}
        lines = ["[b]Decisions[/b]", ""]
        for step in self.session.steps():
            count = f"{step.answered}/{step.asked} answered" if step.state != "skipped" else "not needed"
            title = escape(step.title.rstrip("?"))
            lines.append(f"{marks[step.state]} {title}")
            lines.append(f"  [dim]{count}[/]")
        self.put("#stepper", "\n".join(lines))

    def update_why(self, tree_id: str, question: Question) -> None:
        """Which earlier answers made this question appear."""
        reasons = self.session.why_asked(tree_id, question)
        lines = ["[b $accent]Why am I asked this?[/]"]
        if reasons:
            lines += [f"• {escape(r.ref)} = {escape(r.value_label)}" for r in reasons]
        lines.append(escape(self.session.decides(tree_id, question)))
        if question.cite:
            lines.append(f"[dim]source: {escape('; '.join(question.cite))}[/]")
        self.put("#why-panel", "\n".join(lines))

    def update_live(self, tree_id: str) -> None:
        """The current pick of the decision in progress and what the last answer changed."""
        lines = ["[b $accent]Recommendation so far[/]"]
        decision = self.session.decision(tree_id)
        if decision is not None:
            label = decision.configuration if decision.pick else "no fit yet"
            lines.append(f"{escape(decision.title)}\n[b]{escape(label)}[/b]")
            if decision.reason:
                lines.append(f"[dim]{escape(decision.reason.because)}[/]")
            lines += [f"[b yellow]⚠ {escape(w.text)}[/]" for w in decision.warnings]
            if decision.follow_ons:
                titles = ", ".join(self.session.plan.trees[t].title for t in decision.follow_ons if t in self.session.plan.trees)
                lines.append(f"[dim]Continues with: {escape(titles)}[/]")
        else:
            picks = [(d.title, d.configuration) for d in self.session.resolution().decisions.values()]
            lines += [f"• {escape(t.rstrip('?'))}: {escape(p)}" for t, p in picks] or ["Answer a few questions to see picks."]
        for change in self.session.last_change:
            tree = self.session.plan.trees[change.tree]
            before = tree.candidate(change.before or "")
            after = tree.candidate(change.after or "")
            lines.append(
                f"[yellow]Last answer changed {escape(tree.title.rstrip('?'))}: "
                f"{escape(before.label if before else '-')} → {escape(after.label if after else '-')}[/]"
            )
        self.put("#live-panel", "\n".join(lines))

    # ------------------------------------------------------------ answering

    def submit(self, value: Any) -> None:
        """Give the answer to the session and move on."""
        if self.shown is None:
            return
        tree_id, qid = self.shown
        try:
            self.session.answer(tree_id, qid, value)
        except ValueError as exc:
            self.put("#question-error", escape(str(exc)))
            return
        self.app.autosave()  # type: ignore[attr-defined]
        self.refresh_view()

    @on(OptionList.OptionSelected, "#choices")
    def choice_selected(self, event: OptionList.OptionSelected) -> None:
        """A choice or yes/no answer."""
        if self.shown is None:
            return
        question = self.session.plan.trees[self.shown[0]].question(self.shown[1])
        value: Any = event.option.id
        if question is not None and question.kind == "boolean" and value != NOT_SURE:
            value = value == "yes"
        self.submit(value)

    @on(OptionList.OptionHighlighted, "#choices")
    def choice_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the help of the highlighted option."""
        if self.shown is None:
            return
        question = self.session.plan.trees[self.shown[0]].question(self.shown[1])
        if question is None:
            return
        helps = {o.id: o.help for o in question.options}
        self.put("#option-help", escape(helps.get(event.option.id or "") or ""))
        self.call_after_refresh(self.reveal_highlight, event.option_list)

    def fit_height(self, options: StopAtEnds) -> None:
        """Size the list from its laid-out lines, then show the highlight.

        The estimate from label lengths can fall short at narrow widths and cut the last option
        in half.
        """
        options.fit_to_lines()
        self.call_after_refresh(self.reveal_highlight, options)

    def reveal_highlight(self, options: OptionList) -> None:
        """Scroll the question area so the highlighted option is on screen.

        The list scrolls itself to its highlight, but on a short terminal the list is taller than
        the visible part of the question area, and Down Down Enter would answer an option the
        user never saw.
        """
        index = options.highlighted
        area = self.query_one("#question-area", VerticalScroll)
        lines: dict[int, int] = getattr(options, "_index_to_line", {})
        heights: dict[int, int] = getattr(options, "_heights", {})
        if index is None or index not in lines:
            return
        top = options.content_region.y + lines[index] - int(options.scroll_offset.y)
        bottom = top + heights.get(index, 1)
        view = area.content_region
        if top < view.y:
            area.scroll_relative(y=top - view.y, animate=False, immediate=True)
        elif bottom > view.bottom:
            area.scroll_relative(y=bottom - view.bottom, animate=False, immediate=True)

    @on(SelectionList.SelectionHighlighted, "#multi")
    def multi_highlighted(self, event: SelectionList.SelectionHighlighted) -> None:  # type: ignore[type-arg]
        """Show the full label (the list cuts long ones) and the help of the highlighted option."""
        if self.shown is None:
            return
        question = self.session.plan.trees[self.shown[0]].question(self.shown[1])
        if question is None:
            return
        value = event.selection.value
        option = next((o for o in question.options if o.id == value), None)
        if option is not None:
            self.put("#option-help", escape(option.label + (f": {option.help}" if option.help else "")))
        self.call_after_refresh(self.reveal_highlight, event.selection_list)

    @on(SelectionConfirmed)
    def multi_confirmed(self, event: SelectionConfirmed) -> None:
        """A multi-select answer."""
        self.submit(event.values)

    @on(Input.Changed, ".number-input")
    def number_changed(self, event: Input.Changed) -> None:
        """Show the validation message under the field as the user types."""
        result = event.validation_result
        message = "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        self.put("#question-error", escape(message))

    @on(Input.Submitted, ".number-input")
    def number_submitted(self, event: Input.Submitted) -> None:
        """A number answer (or empty for Not sure)."""
        if self.shown is None:
            return
        question = self.session.plan.trees[self.shown[0]].question(self.shown[1])
        if question is None:
            return
        value = parse_number(event.value, question)
        if value is None:
            self.put("#question-error", escape(f"type {valid_values(question)}"))
            return
        self.submit(value)

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        """Go back to the previous answer; from the first question, back to the picker."""
        if self.session.back():
            self.refresh_view()
        else:
            self.app.leave_interview()  # type: ignore[attr-defined]

    def action_review(self) -> None:
        """Open the review of every answer and pick."""
        self.app.action_review()  # type: ignore[attr-defined]
