"""How a walk through the questions goes: the interview's and the periodic review's navigators.

A :class:`~mou_wizard.interview.flow.Flow` holds the answers, the interview state and the one cursor
(the question being asked). A navigator is the strategy that moves that cursor: where a walk starts or
resumes, which question follows an answer or a skip, what ``back`` and ``step N`` reach, whether the
current question is asked afresh or offered for keeping, and the words that frame the walk. The
interview and the review are the same conversation with a different navigator.

* :class:`InterviewNavigator`: the first pending question in file order (neither answered nor
  skipped, condition holding), wrapping round; ``back`` follows the questions shown in this session.
* :class:`ReviewNavigator`: every applicable question in order, answered ones offered for keeping
  ("Last cycle: every 24 months. Keep it?"), the review's own questions (step 6) last; it records
  which answers were reviewed.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState

if TYPE_CHECKING:  # pragma: no cover
    from mou_wizard.interview.flow import Flow

INTERVIEW_HELP = """\
You can answer in your own words, or say:
  why              the rubric reason behind this question
  any question?    e.g. "what does the rubric say about training hours?" or "what is SEC-1.8?"
  help             this list, and help on the current question
  back             return to the previous question (Enter or 'keep' keeps its answer)
  skip / not sure  leave this question for later (the draft shows a placeholder); on a question
                   you came back to, this also clears its answer
  recommended      take the recommended answer (or just press Enter)
  change it to X   a new answer to this question (or to the one you just answered)
  add X / remove X change a list answer (schools, partners, signatories, options)
  step N           jump to step N (0 = the parties, 1-5 = the SECURe steps)
  change TOPIC     change an earlier answer, e.g. "change training hours"
  answers          show your answers so far
  draft            show the clauses drafted so far for this step
  save             save now (answers are also saved after every reply)
  start over       begin a new interview (the current answers are kept in a backup file)
  quit             stop; your answers are kept and you can resume later"""

REVIEW_HELP = """\
In this review each answer from last cycle is offered again. You can say:
  keep             keep last cycle's answer (or just press Enter; "yes" too)
  keep the rest    keep every answer of this step not reviewed yet, and go on to the next step
                   (questions new since last cycle are still asked)
  keep all         keep every answer not reviewed yet, in every step, and go on to the questions
                   new since last cycle and then to the questions about this review
  change           answer this question afresh (or simply type the new answer)
  change it to X   a new answer to this question
  add X / remove X change a list answer, e.g. "add Oak Street Intermediate School"
  skip             leave this answer as it was for now
  change TOPIC     jump to another answer, e.g. "change training hours"
  step N           jump to step N (0 = the parties, 1-5 = the SECURe steps, 6 = this review)
  why              the rubric reason behind this question
  any question?    e.g. "what does the rubric say about training hours?"
  back             return to the previous question
  answers          show all the answers
  draft            show the clauses drafted so far for this step
  save / quit      save now / stop (everything is saved after each reply; run again to resume)"""


class Navigator:
    """The interview's walk (the default). Subclasses change the walk, never the flow's state."""

    kind = "interview"
    step_intros = True  # frame every step the first time it is entered

    # --- starting and saving -------------------------------------------------------------------

    def restore(self, flow: "Flow", state: InterviewState) -> None:
        """Place the cursor where a saved state left it (or at the first pending question)."""
        ids = flow.qs.by_id()
        if state.current in ids and flow.qs.by_id()[state.current].applies(flow.context()):
            flow.cursor = state.current
        else:
            flow.cursor = self._next_pending(flow, -1)

    def record(self, flow: "Flow", state: InterviewState) -> InterviewState:
        """What this walk adds to the saved state (nothing, for the interview)."""
        return state

    def finalize(self, answers: Answers) -> Answers:
        """The answers as they are saved (the review dates the new version by its review)."""
        return answers

    # --- order ---------------------------------------------------------------------------------

    def order(self, flow: "Flow") -> list[Question]:
        """The questions this walk visits, in order."""
        return flow.applicable()

    def _next_pending(self, flow: "Flow", after_index: int) -> str | None:
        ctx = flow.context()
        qs = flow.qs.questions
        for i in list(range(after_index + 1, len(qs))) + list(range(0, after_index + 1)):
            q = qs[i]
            if q.id not in flow.skipped and flow.value(q) is None and q.applies(ctx):
                return q.id
        return None

    # --- moves ---------------------------------------------------------------------------------

    def advance(self, flow: "Flow") -> None:
        """Move on from the current question (just answered or skipped)."""
        index = flow.index(flow.cursor) if flow.cursor else -1
        flow.move(self._next_pending(flow, index))

    def answered(self, flow: "Flow", q: Question) -> None:
        """Called after an answer to ``q`` is stored."""

    def skip(self, flow: "Flow") -> list[Question]:
        """Leave the current question for later. An answer it already has (the user came back with
        'back' or 'change') is cleared, so the step shows it as open and the draft a placeholder;
        returns the questions whose answers were cleared."""
        q = flow.current
        cleared = flow.clear(q)
        flow.skipped.add(q.id)
        self.advance(flow)
        return cleared

    def keep_rest(self, flow: "Flow", every_step: bool = False) -> list[Question] | None:
        """Keep the remaining answers (of this step, or of ``every_step``) in one go: None where the
        walk has no such thing (the interview)."""
        return None

    def previous_value(self, flow: "Flow", q: Question) -> Any:
        """The answer ``q`` had in the last cycle (None: the walk has no last cycle, or no answer)."""
        return None

    def back(self, flow: "Flow") -> bool:
        """Return to the previously shown question; False when there is none."""
        ctx = flow.context()
        ids = flow.qs.by_id()
        while len(flow.history) > 1:
            flow.history.pop()
            prev = flow.history[-1]
            if ids[prev].applies(ctx):
                flow.cursor = prev
                return True
        # Nothing shown before in this session (e.g. just resumed): the previous question in order.
        index = flow.index(flow.cursor) if flow.cursor else len(flow.qs.questions)
        for q in reversed(flow.qs.questions[:index]):
            if q.applies(ctx):
                flow.cursor = q.id
                flow.history = [q.id]
                return True
        return False

    def goto_step(self, flow: "Flow", step: int) -> bool:
        first = next((q for q in self.order(flow) if q.step == step), None)
        if first is None:
            return False
        flow.move(first.id)
        return True

    def reopen(self, flow: "Flow", q: Question) -> None:
        """Go to ``q`` to change its answer."""
        flow.move(q.id)

    def offers_keep(self, flow: "Flow", q: Question) -> bool:
        """Whether ``q``'s saved answer is offered for keeping rather than asked afresh."""
        return False

    def ask_afresh(self, flow: "Flow") -> None:
        """The user wants to give the current question a new answer."""

    def mark(self, flow: "Flow", q: Question) -> None:
        """The current question is dealt with (kept or left as it is) without a new answer."""

    # --- the words that frame the walk --------------------------------------------------------

    def greeting(self, flow: "Flow", resumed: bool) -> tuple[list[str], bool]:
        """What the assistant says first, and whether it then asks the current question."""
        answered, total = flow.counts()
        if flow.done and answered:
            skipped = len(flow.skipped)
            return [f"Welcome back. This interview is complete: {answered} questions answered"
                    f"{f', {skipped} skipped' if skipped else ''}. Say 'answers' to see them, "
                    "'change TOPIC' to change one, or 'start over' to begin a new interview."], False
        if resumed and answered and not flow.done:
            return [f"Welcome back. You have answered {answered} of {total} questions; "
                    "let's pick up where you left off. (Say 'start over' to begin a new interview; "
                    "your current answers would be kept in a backup file.)"], True
        return ["Hello. I will help the District and the Agency draft a memorandum of understanding "
                "for School Resource Officers, following the five steps of the federal SECURe rubrics. "
                f"There are about {total} questions, most with a recommended answer; allow 45 to 60 "
                "minutes. Everything is saved after each reply, so you can stop and resume at any time. "
                "Type 'help' to see what you can say. The draft is a starting point for you and your "
                "counsel, not legal advice."], True

    def finished(self, flow: "Flow") -> str:
        skipped = len(flow.skipped)
        extra = (f" {skipped} questions were skipped; the draft shows them as bracketed placeholders."
                 if skipped > 1 else
                 " 1 question was skipped; the draft shows it as a bracketed placeholder." if skipped else "")
        return f"That was the last question.{extra}"

    def skipped_said(self, flow: "Flow", q: Question) -> str:
        """What the assistant says on skipping ``q`` (called before the skip)."""
        value = flow.value(q)
        if value is not None:
            return (f"Skipped for now, and I cleared the earlier answer ({q.say(value).rstrip('.')}); "
                    "the draft will show a placeholder until it is answered.")
        return "Skipped for now; the draft will show a placeholder until it is answered."

    def help_text(self, flow: "Flow") -> str:
        """What 'help' lists: the things one can say in this walk."""
        return INTERVIEW_HELP

    @property
    def step_numbers(self) -> str:
        return "Steps are numbered 0 (the parties) to 5 (evaluation)."

    def step_in_range(self, step: int) -> bool:
        return 0 <= step <= 5


InterviewNavigator = Navigator


class ReviewNavigator(Navigator):
    """The periodic review (SEC-1.4, SEC-1.6, SEC-5.4): every answer reviewed in order, then the review's
    own questions."""

    kind = "review"
    step_intros = False  # steps 0-5 were framed in the first interview; only step 6 is introduced

    def __init__(self, previous: Answers | None = None) -> None:
        """``previous``: last cycle's answers, so a question offered for keeping can say what it was
        then even after this review changed it."""
        self.previous = previous
        self.reviewed: set[str] = set()
        self.asking = False  # the current question is asked afresh, not offered for keeping

    def previous_value(self, flow: "Flow", q: Question) -> Any:
        if self.previous is None:
            return None
        section, name = q.field.split(".")
        return getattr(getattr(self.previous, section, None), name, None)

    def restore(self, flow: "Flow", state: InterviewState) -> None:
        ids = flow.qs.by_id()
        self.reviewed = {q for q in state.reviewed if q in ids}
        flow.cursor = state.current if state.current in ids else None
        self._goto_next(flow, flow.index(flow.cursor) if flow.cursor else 0)

    def record(self, flow: "Flow", state: InterviewState) -> InterviewState:
        state.reviewed = sorted(self.reviewed, key=flow.index)
        return state

    def finalize(self, answers: Answers) -> Answers:
        if answers.review is not None and answers.review.date is not None:
            return _dated(answers, _dt.date.fromordinal(answers.review.date.toordinal()))
        return answers

    def order(self, flow: "Flow") -> list[Question]:
        # The draft date is not asked: the revised draft is dated by the review (see finalize).
        return [q for q in flow.applicable() if q.field != "document.draft_date"]

    def _goto_next(self, flow: "Flow", start: int) -> None:
        """Put the cursor on the next question to review from index ``start`` (wrapping); None when done."""
        visited = {q.id for q in self.order(flow)}
        all_q = flow.qs.questions
        candidates = [q for q in all_q[start:] + all_q[:start] if q.id in visited and q.id not in self.reviewed]
        # The questions about the review itself always come after every earlier answer is reviewed.
        candidates.sort(key=lambda q: q.step > 5)
        flow.cursor = candidates[0].id if candidates else None
        self.asking = bool(candidates) and flow.value(candidates[0]) is None

    def advance(self, flow: "Flow") -> None:
        self._goto_next(flow, flow.index(flow.cursor) if flow.cursor else 0)

    def answered(self, flow: "Flow", q: Question) -> None:
        if q.field == "review.date":
            # The revised draft is dated by its review (a separate date object: no YAML alias).
            value = flow.value(q)
            flow.answers = _dated(flow.answers, _dt.date.fromordinal(value.toordinal()) if value else None)
        self.mark(flow, q)

    def mark(self, flow: "Flow", q: Question) -> None:
        self.reviewed.add(q.id)
        self.asking = False

    def skip(self, flow: "Flow") -> list[Question]:
        # In the review, skip leaves last cycle's answer as it was (nothing is cleared).
        q = flow.current
        if flow.value(q) is None:
            flow.skipped.add(q.id)
        self.mark(flow, q)
        self.advance(flow)
        return []

    def keep_rest(self, flow: "Flow", every_step: bool = False) -> list[Question]:
        """Keep every answered question of the current step (or of steps 0-5, ``every_step``) not
        reviewed yet (the current one included), then go on; questions without an answer (new since
        last cycle) are still asked, and the review's own questions are never kept for the user."""
        q = flow.current
        if q is None:
            return []
        kept = [x for x in self.order(flow)
                if (x.step <= 5 if every_step else x.step == q.step)
                and x.id not in self.reviewed and flow.value(x) is not None]
        for x in kept:
            self.reviewed.add(x.id)
        self.asking = False
        self.advance(flow)
        return kept

    def back(self, flow: "Flow") -> bool:
        order = [q.id for q in self.order(flow)]
        q = flow.current
        index = order.index(q.id) if q is not None and q.id in order else len(order)
        if index == 0:
            return False
        self._reopen_at(flow, flow.qs.by_id()[order[index - 1]])
        return True

    def goto_step(self, flow: "Flow", step: int) -> bool:
        first = next((q for q in self.order(flow) if q.step == step), None)
        if first is None:
            return False
        self._reopen_at(flow, first)
        return True

    def reopen(self, flow: "Flow", q: Question) -> None:
        self._reopen_at(flow, q)

    def _reopen_at(self, flow: "Flow", q: Question) -> None:
        self.reviewed.discard(q.id)
        flow.cursor = q.id
        self.asking = flow.value(q) is None

    def offers_keep(self, flow: "Flow", q: Question) -> bool:
        return not self.asking and flow.value(q) is not None and q.id not in self.reviewed

    def ask_afresh(self, flow: "Flow") -> None:
        self.asking = True

    def greeting(self, flow: "Flow", resumed: bool) -> tuple[list[str], bool]:
        prev = flow.answers.review.previous_version if flow.answers.review else None
        total = len(self.order(flow))
        if resumed:
            return [f"Welcome back to the review. {len(self.reviewed)} of {total} answers reviewed so far; "
                    "let's continue."], True
        return [f"This is the periodic review of the agreement{f' (version {prev})' if prev else ''}. I will "
                "walk through last cycle's answers step by step: say 'keep' (or press Enter) to keep one, "
                "'change' or simply type the new answer, or 'skip' to leave it as it is for now; 'keep the "
                "rest' keeps the rest of a step and 'keep all' every answer not reviewed yet. You can jump to any topic with 'change TOPIC' or to a step "
                "with 'step N', and 'help' lists the rest. Then come a few questions about "
                "the review itself. The previous answer file is never changed; everything goes into the new "
                "one, saved after each reply."], True

    def finished(self, flow: "Flow") -> str:
        return "That completes the review: every answer has been reviewed and the review is recorded."

    def skipped_said(self, flow: "Flow", q: Question) -> str:
        return "Left as it was for now." if flow.value(q) is not None else "Skipped for now."

    def help_text(self, flow: "Flow") -> str:
        return REVIEW_HELP

    @property
    def step_numbers(self) -> str:
        return "Steps are numbered 0 (the parties) to 5 (evaluation), and 6 for the review questions."

    def step_in_range(self, step: int) -> bool:
        return 0 <= step <= 6


def _dated(answers: Answers, day: _dt.date | None) -> Answers:
    """``answers`` with the draft dated ``day``: a new answers object (sections are shared between
    answers objects, so none is changed in place)."""
    return answers.model_copy(update={"document": answers.document.model_copy(update={"draft_date": day})})
