"""The TUI's widgets: chat transcript, step sidebar, draft pane and answer picker. Display only: all
decisions are the conversation's (mou_wizard.interview.conversation)."""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
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
    """The transcript. New messages are followed only when the reader is already at the bottom.

    Only the latest :attr:`KEEP` messages are laid out while the reader follows the conversation, so a
    long interview does not make each answer slower to show. The earlier ones are kept: a line at the
    top says how many, and scrolling to the top brings them back, :attr:`PAGE` at a time."""

    KEEP = 24
    PAGE = 30

    can_focus = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._earlier: list[tuple[str, str]] = []  # (kind, text) of the messages taken out of the layout
        self._shown: list[ChatMessage] = []         # the messages laid out, oldest first

    def compose(self):
        yield Static("", id="earlier", markup=False)

    def on_mount(self) -> None:
        # Anchored: stays at the bottom as messages arrive (and as the pickers below resize it) until
        # the reader scrolls up; scrolling back to the bottom anchors it again.
        self.query_one("#earlier").display = False
        self.anchor()
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def add(self, messages: list[tuple[str, str]], *, follow: bool | None = None) -> None:
        """``follow``: True jumps to the new messages (the user's own reply); None follows only if the
        reader is at the bottom; False never moves."""
        following = follow or (follow is None and self.is_vertical_scroll_end)
        new = [ChatMessage(kind, text) for kind, text in messages]
        self._shown += new
        self.mount_all(new)
        if follow:
            self.anchor()
        if following:
            self._keep_latest()

    def arrange(self, size, optimal: bool = False):
        # Textual keeps an anchored container at the bottom by working out the scroll offset from the
        # viewport height of the *previous* layout. When a picker opens below the chat in the same
        # update, the chat gets shorter and the newest message would be drawn half hidden for a frame.
        # The height being arranged is the viewport's: take it now. (Its width is left to Textual.)
        current = getattr(self, "_container_size", None)
        if isinstance(current, Size) and current.height != size.height:
            self._container_size = Size(current.width, size.height)
        return super().arrange(size, optimal)

    def transcript(self) -> list[tuple[str, str]]:
        """Every message of this session, (kind, text), oldest first: those laid out and those not."""
        return [*self._earlier, *((m.kind, m.text) for m in self._shown)]

    def _keep_latest(self) -> None:
        extra = len(self._shown) - self.KEEP
        if extra <= 0:
            return
        old, self._shown = self._shown[:extra], self._shown[extra:]
        self._earlier += [(m.kind, m.text) for m in old]
        self.remove_children(old)
        self._say_earlier()

    def _say_earlier(self) -> None:
        notice = self.query_one("#earlier", Static)
        n = len(self._earlier)
        notice.display = bool(n)
        notice.update(f"↑ {n} earlier message{'s' if n != 1 else ''}: scroll up or press PageUp to show them")

    def _scrolled(self, old_value: float, new_value: float) -> None:
        if self._earlier and new_value <= 0 < old_value:
            self.call_later(self.show_earlier)

    def show_earlier(self) -> None:
        """Lay out the next :attr:`PAGE` earlier messages above those shown, keeping the reader's place."""
        if not self._earlier:
            return
        page, self._earlier = self._earlier[-self.PAGE:], self._earlier[:-self.PAGE]
        first = self._shown[0] if self._shown else None
        earlier = [ChatMessage(kind, text) for kind, text in page]
        self._shown[:0] = earlier
        self.mount_all(earlier, after="#earlier")
        self._say_earlier()
        if first is not None:
            self.call_after_refresh(self.scroll_to_widget, first, top=True, animate=False)


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
