"""The interview's flow engine: which question comes next, and what answering, skipping and going back do.

It knows nothing of any user interface: the Textual app, the plain line mode and the tests all drive
this same object. It holds the answers and the interview position; the caller saves after each change
(:meth:`Flow.snapshot` gives the answers with the position recorded, ready to write).

Rules:
* The current question is normally the first question, in file order, whose condition holds and that
  is neither answered nor skipped. ``back``, ``goto`` and ``goto_step`` move the cursor anywhere; after
  an answer the cursor moves forward to the next such pending question (wrapping to the start).
* When an answer makes other questions inapplicable (e.g. "no MOU Team" makes "how often does it
  meet?" moot), their answers are cleared so the answer file never holds stale, contradictory values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mou_wizard import templating
from mou_wizard.content.questions import Question, QuestionSet
from mou_wizard.domain.answers import Answers, InterviewState
from mou_wizard.engine.answering import AnswerRejected, apply_answer
from mou_wizard.language.matching import best_topic


@dataclass(frozen=True)
class StepProgress:
    step: int
    title: str
    answered: int
    total: int
    short: str = ""


class Flow:
    def __init__(self, answers: Answers | None, questions: QuestionSet) -> None:
        self.qs = questions
        self.answers = answers.model_copy(deep=True) if answers is not None else Answers()
        state = self.answers.interview or InterviewState()
        ids = self.qs.by_id()
        self.skipped: set[str] = {q for q in state.skipped if q in ids}
        self.confirmed: set[str] = {q for q in state.confirmed if q in ids}
        self.history: list[str] = []
        self._order = {q.id: i for i, q in enumerate(self.qs.questions)}
        self.cursor: str | None = None
        if state.current in ids and self._applies(ids[state.current]):
            self.cursor = state.current
        else:
            self.cursor = self._next_pending(-1)
        if self.cursor:
            self.history.append(self.cursor)

    # --- state -----------------------------------------------------------------------------------

    def _ctx(self) -> dict[str, Any]:
        return templating.answers_context(self.answers)

    def _applies(self, q: Question, ctx: dict[str, Any] | None = None) -> bool:
        return q.applies(ctx if ctx is not None else self._ctx())

    def value(self, q: Question) -> Any:
        section, name = q.field.split(".")
        return getattr(getattr(self.answers, section), name)

    def concerns_raised(self, q: Question, value: Any):
        """The rubric concerns ``value`` for ``q`` raises, given the other answers (empty: none)."""
        return q.concerns_raised(value, self._ctx())

    def is_answered(self, q: Question) -> bool:
        return self.value(q) is not None

    def applicable(self) -> list[Question]:
        ctx = self._ctx()
        return [q for q in self.qs.questions if q.applies(ctx)]

    def _next_pending(self, after_index: int) -> str | None:
        ctx = self._ctx()
        qs = self.qs.questions
        order = list(range(after_index + 1, len(qs))) + list(range(0, after_index + 1))
        for i in order:
            q = qs[i]
            if q.id not in self.skipped and self.value(q) is None and q.applies(ctx):
                return q.id
        return None

    @property
    def current(self) -> Question | None:
        return self.qs.by_id()[self.cursor] if self.cursor else None

    @property
    def done(self) -> bool:
        return self.cursor is None

    def progress(self) -> list[StepProgress]:
        ctx = self._ctx()
        out = []
        for step in self.qs.steps:
            qs = [q for q in self.qs.questions if q.step == step.number and q.applies(ctx)]
            answered = sum(self.value(q) is not None for q in qs)
            out.append(StepProgress(step.number, step.title, answered, len(qs), step.short))
        return out

    def snapshot(self) -> Answers:
        """The answers with the interview position recorded, ready to save."""
        snap = self.answers.model_copy(deep=True)
        snap.interview = InterviewState(
            skipped=sorted(self.skipped, key=self._order.__getitem__),
            current=self.cursor,
            confirmed=sorted(self.confirmed, key=self._order.__getitem__),
            finished=self.done,
        )
        return snap

    # --- moves -----------------------------------------------------------------------------------

    def _move(self, qid: str | None) -> None:
        self.cursor = qid
        if qid and (not self.history or self.history[-1] != qid):
            self.history.append(qid)

    def _advance(self) -> None:
        index = self._order[self.cursor] if self.cursor else -1
        self._move(self._next_pending(index))

    def set_answer(self, q: Question, value: Any) -> list[Question]:
        """Store a parsed value for ``q``; returns questions whose answers were cleared as a result.

        Raises :class:`AnswerRejected` if the model refuses the value (nothing changes then)."""
        self.answers, cleared = apply_answer(self.answers, self.qs, q, value)
        self.skipped.discard(q.id)
        return cleared

    def answer(self, value: Any) -> list[Question]:
        """Answer the current question and move on."""
        q = self.current
        if q is None:
            raise RuntimeError("the interview is finished; there is no question to answer")
        cleared = self.set_answer(q, value)
        self._advance()
        return cleared

    def accept_suggestion(self) -> list[Question]:
        q = self.current
        if q is None or q.suggestion is None:
            raise AnswerRejected("this question has no suggested answer")
        return self.answer(q.suggestion)

    def skip(self) -> None:
        q = self.current
        if q is None:
            return
        self.skipped.add(q.id)
        self._advance()

    def back(self) -> bool:
        """Return to the previously shown question; False when there is none."""
        ctx = self._ctx()
        ids = self.qs.by_id()
        while len(self.history) > 1:
            self.history.pop()
            prev = self.history[-1]
            if ids[prev].applies(ctx):
                self.cursor = prev
                return True
        # Nothing shown before in this session (e.g. just resumed): the previous question in order.
        index = self._order[self.cursor] if self.cursor else len(self.qs.questions)
        for q in reversed(self.qs.questions[:index]):
            if q.applies(ctx):
                self.cursor = q.id
                self.history = [q.id]
                return True
        return False

    def goto(self, qid: str) -> None:
        q = self.qs.by_id()[qid]
        if not self._applies(q):
            raise AnswerRejected("that question does not apply given your earlier answers")
        self._move(qid)

    def goto_step(self, step: int) -> bool:
        ctx = self._ctx()
        for q in self.qs.questions:
            if q.step == step and q.applies(ctx):
                self._move(q.id)
                return True
        return False

    def find(self, words: str) -> Question | None:
        """The applicable question a user most likely means by ``words`` ("training hours")."""
        candidates = (
            (q, q.d.topics, f"{q.id.replace('_', ' ')} {q.field.split('.')[1].replace('_', ' ')} {q.d.text}")
            for q in self.applicable()
        )
        return best_topic(words, candidates)
