"""The TUI's widgets: chat transcript, step sidebar, draft pane and answer picker. Display only: all
decisions are the conversation's (mou_wizard.interview.conversation)."""

from __future__ import annotations

from rich.segment import Segment
from textual.containers import VerticalScroll
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import Option, OptionDoesNotExist

from mou_wizard.interview.flow import StepProgress

SPEAKER = {"user": "You", "question": "Assistant", "error": "Assistant", "warning": "Assistant"}


class ChatMessage(Static):
    """One message. Text is shown literally (markup off): "[To be agreed]" is text, not a tag."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text, markup=False, classes=f"message {kind}")
        self.kind = kind
        self.text = text


class ChatLog(VerticalScroll):
    """The transcript. New messages are followed only when the reader is already at the bottom."""

    can_focus = False

    def on_mount(self) -> None:
        # Anchored: stays at the bottom as messages arrive (and as the pickers below resize it) until
        # the reader scrolls up; scrolling back to the bottom anchors it again.
        self.anchor()

    def add(self, messages: list[tuple[str, str]], *, follow: bool | None = None) -> None:
        """``follow``: True jumps to the new messages (the user's own reply); None follows only if the
        reader is at the bottom; False never moves."""
        self.mount_all([ChatMessage(kind, text) for kind, text in messages])
        if follow:
            self.anchor()


class StepSidebar(Static):
    """The five SECURe steps (and the parties) with answered/total, the current step marked, and the
    live rubric coverage ("not yet drafted" until the first answer: with nothing answered, every item
    would show as "partly")."""

    def show(self, progress: list[StepProgress], current_step: int | None, coverage) -> None:
        lines = ["SECURe steps", ""]
        for p in progress:
            mark = "▶" if p.step == current_step else ("✓" if p.total and p.answered == p.total else "·")
            number = " " if p.step == 0 else str(p.step)
            lines.append(f"{mark} {number} {p.short[:14]:<14} {p.answered:>2}/{p.total}")
        lines += ["", "Rubric coverage"]
        if coverage is None or not any(p.answered for p in progress):
            lines.append("  not yet drafted")
            self.update("\n".join(lines))
            return
        lines.append(f"  {len(coverage.met)} of {coverage.total} items met")
        for status in ("partly", "against", "missing"):
            n = coverage.count(status)
            if n:
                lines.append(f"  {n} {status}")
        self.update("\n".join(lines))


class DraftPane(VerticalScroll):
    """The clauses drafted so far for the current step (toggled with ctrl+l)."""

    can_focus = True

    def compose(self):
        yield Static("Draft", id="draft-title")
        yield Static("", id="draft-text", markup=False)

    def show(self, title: str, text: str) -> None:
        self.query_one("#draft-title", Static).update(title)
        self.query_one("#draft-text", Static).update(text)


class ChoicePicker(OptionList):
    """Numbered options for a choice question: Enter or a click answers with the option."""

    def set_choices(self, labels: list[str], highlighted: int = 0) -> None:
        """``highlighted``: index of the option to start on (the current or recommended answer)."""
        self.clear_options()
        self.add_options([Option(f"{i}. {label}", id=str(i)) for i, label in enumerate(labels, start=1)])
        self.highlighted = highlighted


class MultiPicker(SelectionList[int]):
    """Options for a multi-choice question: Space ticks, Enter sends the ticked ones.

    A ticked option shows a check mark in its box, an unticked one an empty box: not only a colour
    (SelectionList draws the same "X" in both, coloured differently)."""

    TICKED, UNTICKED = "✓", " "

    BINDINGS = [("enter", "send", "Send ticked")]

    class Send(Message):
        def __init__(self, values: list[int]) -> None:
            super().__init__()
            self.values = values

    def action_send(self) -> None:
        self.post_message(self.Send(list(self.selected)))

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        # SelectionList puts [left, inner, right, " "] before the prompt on an option's first line.
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = self.TICKED if option.value in self.selected else self.UNTICKED
        segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, strip.cell_length)

    def set_choices(self, labels: list[str], ticked: set[int]) -> None:
        self.clear_options()
        self.add_options([(f"{i}. {label}", i, i in ticked) for i, label in enumerate(labels, start=1)])
        self.highlighted = 0
