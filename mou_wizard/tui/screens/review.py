"""The review of all answers, by step: pick one to change it, or write the draft."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from mou_wizard.interview.conversation import Conversation
from mou_wizard.services import coverage_sentence


class ReviewScreen(Screen[str | None]):
    """Dismisses with a question id (change that answer), WRITE (write the draft) or None (back)."""

    WRITE = "__write__"
    STEP = "__step__"  # + the step's number: keep the step's answers not reviewed yet (periodic review)
    BINDINGS = [
        Binding("escape", "back", "Back to the chat"),
        Binding("w", "write", "Write the draft"),
    ]

    def __init__(self, conversation: Conversation) -> None:
        super().__init__()
        self.conversation = conversation

    def compose(self) -> ComposeResult:
        flow = self.conversation.flow
        summary = "Review your answers. " + coverage_sentence(flow.answers, self.conversation.content)
        yield Header()
        periodic = flow.nav.kind == "review"
        keys = "Enter on an answer changes it" + ("; Enter on a step keeps its answers not reviewed yet" if periodic
                                                   else "")
        yield Static(summary + f"\n{keys}; w writes the draft; Esc goes back.", id="review-summary", markup=False)
        options: list[Option | None] = []
        applicable = flow.order()  # the questions the counts below are made of
        for p in flow.progress():
            title = "The parties" if p.step == 0 else f"Step {p.step}: {p.title}"
            if periodic and p.step <= 5:
                options.append(Option(f"{title}  ({p.answered}/{p.total})  · Enter: keep this step's answers",
                                      id=f"{self.STEP}{p.step}"))
            else:
                options.append(Option(f"{title}  ({p.answered}/{p.total})", disabled=True))
            for q in applicable:
                if q.step != p.step:
                    continue
                value = flow.value(q)
                if value is None:
                    said = "(skipped)" if q.id in flow.skipped else "(not answered)"
                else:
                    said = q.say(value)
                concern = "  ⚠ against the rubric" if flow.concerns_raised(q, value) else ""
                options.append(Option(f"  {q.d.text.strip()}\n    → {said}{concern}", id=q.id))
            options.append(None)
        options.append(Option("Write the draft", id=self.WRITE))
        yield OptionList(*options, id="review-list", markup=False)  # answers are text, never markup
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_write(self) -> None:
        self.dismiss(self.WRITE)
