"""The periodic review (SEC-1.4, SEC-1.6, SEC-5.4), UI-free: walk last cycle's answers, then record the review.

``mou-wizard review PREVIOUS.yaml`` starts a new answer file from the previous one (version bumped,
review record started; the previous file is never written). The assistant walks every applicable
question in order: an answered one is shown with last cycle's answer ("Last cycle: every 24 months.
Keep it?") and accepts keep / change / skip or simply a new answer; an unanswered one is asked as in
the interview. The user may jump to any topic or step. Then the review questions (prompts/review.yaml)
fill the review record. The plain mode and the TUI drive the same :class:`ReviewConversation`.
"""

from __future__ import annotations

import datetime as _dt
import re

from mou_wizard.language import intents
from mou_wizard.interview.conversation import Conversation, Reply, match_command, question_text
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import Answers, InterviewState, ReviewRecord
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question

_KEEP = re.compile(r"^(keep|keep it|yes|y|same|unchanged|no change|ok|okay|fine|correct|still true)\.?$")
_CHANGE = re.compile(r"^(change|change it|no|n|edit|update|different)\.?$")


def bump_version(version: str | None) -> str:
    """"1.0" → "1.1", "2" → "3", "v1.9" → "v1.10"; no version → "2.0" (a reviewed MOU is not a first draft)."""
    if not version:
        return "2.0"
    m = re.search(r"(\d+)(?!.*\d)", version)
    if not m:
        return f"{version}.1"
    return version[: m.start()] + str(int(m.group(1)) + 1) + version[m.end():]


def start_review(previous: Answers) -> Answers:
    """The new cycle's answers: last cycle's, with the version bumped and a fresh review record."""
    new = previous.model_copy(deep=True)
    confirmed = list(previous.interview.confirmed) if previous.interview else []
    new.interview = InterviewState(confirmed=confirmed)
    new.document.version = bump_version(previous.document.version)
    new.document.draft_date = None
    new.review = ReviewRecord(previous_version=previous.document.version)
    return new


class ReviewConversation(Conversation):
    def __init__(self, flow: Flow, content: ContentBundle) -> None:
        super().__init__(flow, content)
        state = flow.answers.interview or InterviewState()
        ids = flow.qs.by_id()
        self.reviewed: set[str] = {q for q in state.reviewed if q in ids}
        self.asking = False  # True: the current question is asked afresh, not offered for keeping
        self.position = 0
        if state.current in ids:  # resume where the last session stopped
            self.position = flow.qs.questions.index(ids[state.current])
        self._goto_next()

    @classmethod
    def for_answers(cls, answers: Answers, content: ContentBundle) -> "ReviewConversation":
        return cls(Flow(answers, content.review_questions), content)

    # --- position ----------------------------------------------------------------------------------

    def _order(self) -> list[Question]:
        # The draft date is not asked: the revised draft is dated by the review (see snapshot).
        return [q for q in self.flow.applicable() if q.field != "document.draft_date"]

    def _goto_next(self) -> Question | None:
        """Point the flow at the next question to review (from ``position``, wrapping); None when done."""
        order = self._order()
        all_q = self.flow.qs.questions
        start = self.position
        candidates = [q for q in all_q[start:] + all_q[:start] if q in order and q.id not in self.reviewed]
        # The questions about the review itself always come after every earlier answer is reviewed.
        candidates.sort(key=lambda q: q.step > 5)
        if not candidates:
            self.flow.cursor = None
            return None
        q = candidates[0]
        self.position = all_q.index(q)
        self.flow.cursor = q.id
        self.asking = self.flow.value(q) is None
        return q

    def snapshot(self) -> Answers:
        snap = self.flow.snapshot()
        order = {q.id: i for i, q in enumerate(self.flow.qs.questions)}
        snap.interview.reviewed = sorted(self.reviewed, key=order.__getitem__)
        if snap.review is not None and snap.review.date is not None:
            snap.document.draft_date = _dt.date.fromordinal(snap.review.date.toordinal())
        return snap

    # --- what the assistant says -------------------------------------------------------------------

    def greeting(self, resumed: bool) -> Reply:
        r = Reply()
        prev = self.flow.answers.review.previous_version if self.flow.answers.review else None
        total = len(self._order())
        if resumed:
            r.say("info", f"Welcome back to the review. {len(self.reviewed)} of {total} answers reviewed so far; "
                          "let's continue.")
        else:
            r.say("info",
                  f"This is the periodic review of the agreement{f' (version {prev})' if prev else ''}. I will "
                  "walk through last cycle's answers step by step: say 'keep' (or press Enter) to keep one, "
                  "'change' or simply type the new answer, or 'skip' to leave it as it is for now. You can jump "
                  "to any topic with 'change TOPIC' or to a step with 'step N'. Then come a few questions about "
                  "the review itself. The previous answer file is never changed; everything goes into the new "
                  "one, saved after each reply.")
        self._ask(r)
        return r

    def _ask(self, r: Reply) -> None:
        q = self._goto_next() if self.flow.current is None or self.flow.current.id in self.reviewed else \
            self.flow.current
        if q is None:
            r.say("done", "That completes the review: every answer has been reviewed and the review is recorded.")
            r.finished = True
            return
        # Steps 0-5 were framed in the first interview; only the review's own step gets its intro.
        self._say_step_intro(r, q, with_intro=q.step > 5)
        value = self.flow.value(q)
        if value is None or self.asking:
            r.say("question", question_text(q))
        else:
            said = q.say(value)
            r.say("question", f"{q.d.text.strip()}\nLast cycle: {said.rstrip('.')}. Keep it? "
                              "(keep, change, or type the new answer)")

    # --- replies -----------------------------------------------------------------------------------

    def handle(self, text: str) -> Reply:
        q = self.flow.current
        cmd = match_command(text)
        t = text.strip().lower()
        # On a yes/no question, "yes" and "no" are answers, not "keep" and "change".
        plain_answer = q is not None and q.type == "yesno" and t in ("yes", "y", "no", "n")
        if self.pending is None and cmd is None and q is not None and not self.asking \
                and self.flow.value(q) is not None and not plain_answer:
            r = Reply()
            if t == "" or _KEEP.match(t):
                self._mark(q)
                r.say("confirm", "Kept.")
                r.changed = True
                self._ask(r)
                return r
            if _CHANGE.match(t):
                self.asking = True
                r.say("question", question_text(q))
                return r
            if intents.is_skip(t):
                self._mark(q)
                r.say("confirm", "Left as it was for now.")
                r.changed = True
                self._ask(r)
                return r
            # Anything else is taken as the new answer.
        return super().handle(text)

    def _mark(self, q: Question) -> None:
        self.reviewed.add(q.id)
        self.asking = False

    def _apply(self, r: Reply, q: Question, value) -> None:
        cleared = self.flow.set_answer(q, value)
        if q.field == "review.date":
            # The revised draft is dated by its review (a separate date object: no YAML alias).
            self.flow.answers.document.draft_date = _dt.date.fromordinal(value.toordinal()) if value else None
        self._mark(q)
        said = q.say(self.flow.value(q))
        r.say("confirm", f"Noted: {said.rstrip('.')}.")
        for c in cleared:
            r.say("info", f"That makes an earlier answer moot, so I cleared it: {c.d.text.strip()}")
        r.changed = True
        self._ask(r)

    def _cmd_skip(self, r: Reply, _: str) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", "There is no open question to skip.")
            return
        if self.flow.value(q) is None:
            self.flow.skipped.add(q.id)
        self._mark(q)
        r.say("confirm", "Skipped for now.")
        r.changed = True
        self._ask(r)

    def _cmd_back(self, r: Reply, _: str) -> None:
        order = self._order()
        q = self.flow.current
        index = order.index(q) if q in order else len(order)
        if index == 0:
            r.say("info", "This is the first question; there is nothing before it.")
            return
        prev = order[index - 1]
        self.reviewed.discard(prev.id)
        self.position = self.flow.qs.questions.index(prev)
        self._goto_next()
        r.changed = True
        self._ask(r)

    def _cmd_step(self, r: Reply, arg: str) -> None:
        n = int(arg)
        first = next((q for q in self._order() if q.step == n), None)
        if first is None:
            r.say("error", "Steps are numbered 0 (the parties) to 5 (evaluation), and 6 for the review questions.")
            return
        self.reviewed.discard(first.id)
        self.position = self.flow.qs.questions.index(first)
        self._goto_next()
        self._intro_shown.discard(n)
        r.changed = True
        self._ask(r)

    def _reopen(self, r: Reply, q: Question) -> None:
        self.pending = None
        self.reviewed.discard(q.id)
        self.position = self.flow.qs.questions.index(q)
        self.flow.cursor = q.id
        self.asking = False
        r.changed = True
        self._ask(r)
