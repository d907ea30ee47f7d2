"""The interview's flow engine: the answers, the interview state and the one cursor.

It knows nothing of any user interface: the Textual app, the plain line mode and the tests all drive
this same object. It holds the answers, the skipped and confirmed questions and the cursor (the
question being asked); a :class:`~mou_wizard.interview.navigators.Navigator` decides how the cursor
moves (the interview's walk by default, the periodic review's for ``mou-wizard review``). The caller
saves after each change: :meth:`Flow.snapshot` gives the answers and :meth:`Flow.state` the interview
state, written side by side in the answer file.

Rules:
* When an answer makes other questions inapplicable (e.g. "no MOU Team" makes "how often does it
  meet?" moot), their answers are cleared so the answer file never holds stale, contradictory values.
* The interview state never lives in the answers: the draft is made from the answers alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from mou_wizard import templating
from mou_wizard.content.questions import Question, QuestionSet
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.engine.answering import AnswerRejected, apply_answer
from mou_wizard.interview.navigators import Navigator
from mou_wizard.language.matching import TopicMatch, clear_topic, rank_topics


@dataclass(frozen=True)
class StepProgress:
    step: int
    title: str
    answered: int
    total: int
    short: str = ""


class Flow:
    def __init__(self, answers: Answers | None, questions: QuestionSet, state: InterviewState | None = None,
                 navigator: Navigator | None = None) -> None:
        self.qs = questions
        self.answers = answers.model_copy(deep=True) if answers is not None else Answers()
        state = state or InterviewState()
        ids = self.qs.by_id()
        self.skipped: set[str] = {q for q in state.skipped if q in ids}
        self.confirmed: set[str] = {q for q in state.confirmed if q in ids}
        self.history: list[str] = []
        self._order = {q.id: i for i, q in enumerate(self.qs.questions)}
        self.cursor: str | None = None
        self.nav = navigator or Navigator()
        self.nav.restore(self, state)
        if self.cursor:
            self.history.append(self.cursor)

    # --- state -----------------------------------------------------------------------------------

    def context(self) -> dict[str, Any]:
        """The answers as clause conditions and question conditions see them."""
        return templating.answers_context(self.answers)

    def index(self, qid: str) -> int:
        """Where question ``qid`` stands in file order."""
        return self._order[qid]

    def value(self, q: Question) -> Any:
        section, name = q.field.split(".")
        return getattr(getattr(self.answers, section), name)

    def concerns_raised(self, q: Question, value: Any):
        """The rubric concerns ``value`` for ``q`` raises, given the other answers (empty: none)."""
        return q.concerns_raised(value, self.context())

    def is_answered(self, q: Question) -> bool:
        return self.value(q) is not None

    def applicable(self) -> list[Question]:
        ctx = self.context()
        return [q for q in self.qs.questions if q.applies(ctx)]

    @property
    def current(self) -> Question | None:
        return self.qs.by_id()[self.cursor] if self.cursor else None

    @property
    def done(self) -> bool:
        return self.cursor is None

    def progress(self) -> list[StepProgress]:
        """Answered and total per step, over the questions this walk visits (:meth:`order`): the one
        count the greeting, the answers summary, the sidebar and the review screen all show."""
        order = self.order()
        out = []
        for step in self.qs.steps:
            qs = [q for q in order if q.step == step.number]
            answered = sum(self.value(q) is not None for q in qs)
            out.append(StepProgress(step.number, step.title, answered, len(qs), step.short))
        return out

    def counts(self) -> tuple[int, int]:
        """(answered, total) over the questions this walk visits: the sum of :meth:`progress`."""
        progress = self.progress()
        return sum(p.answered for p in progress), sum(p.total for p in progress)

    def order(self) -> list[Question]:
        """The questions the navigator visits, in order (the interview: every applicable question)."""
        return self.nav.order(self)

    def snapshot(self) -> Answers:
        """The answers ready to save (a copy; the interview state is :meth:`state`)."""
        return self.nav.finalize(self.answers.model_copy(deep=True))

    def state(self) -> InterviewState:
        """Where the interview stands, saved beside the answers so it resumes at the same question."""
        return self.nav.record(self, InterviewState(
            skipped=sorted(self.skipped, key=self.index),
            current=self.cursor,
            confirmed=sorted(self.confirmed, key=self.index),
            finished=self.done,
        ))

    # --- moves (the navigator decides where they lead) ---------------------------------------------

    def move(self, qid: str | None) -> None:
        """Put the cursor on ``qid`` (None: the walk is over), remembering it for ``back``."""
        self.cursor = qid
        if qid and (not self.history or self.history[-1] != qid):
            self.history.append(qid)

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
        self.nav.answered(self, q)
        self.nav.advance(self)
        return cleared

    def answer_with(self, value: Any, also: Mapping[str, Any]) -> tuple[list[Question], list[Question]]:
        """Answer the current question and, from the same reply, the follow-ups in ``also`` (answer field
        -> value) that apply once ``value`` is stored and have no answer yet; then move on, so a
        follow-up answered this way is not asked. Returns (questions cleared, follow-ups filled)."""
        q = self.current
        if q is None:
            raise RuntimeError("the interview is finished; there is no question to answer")
        cleared = self.set_answer(q, value)
        filled: list[Question] = []
        by_field = self.qs.by_field()
        for field, extra in also.items():
            follow = by_field.get(field)
            if follow is None or follow is q or self.value(follow) is not None or not follow.applies(self.context()):
                continue
            try:
                cleared += self.set_answer(follow, extra)
            except AnswerRejected:
                continue  # it is asked in its turn instead
            filled.append(follow)
        self.nav.answered(self, q)
        for follow in filled:
            self.nav.answered(self, follow)
        self.nav.advance(self)
        return cleared, filled

    def accept_suggestion(self) -> list[Question]:
        q = self.current
        if q is None or q.suggestion is None:
            raise AnswerRejected("this question has no suggested answer")
        return self.answer(q.suggestion)

    def skip(self) -> list[Question]:
        """Leave the current question for later (the navigator says whether a saved answer is cleared);
        returns the questions whose answers were cleared."""
        if self.current is None:
            return []
        return self.nav.skip(self) or []

    def clear(self, q: Question) -> list[Question]:
        """Remove ``q``'s answer (the draft shows a placeholder again); returns ``q`` and any question
        whose answer became moot with it."""
        if self.value(q) is None:
            return []
        self.answers, cleared = apply_answer(self.answers, self.qs, q, None)
        return [q, *cleared]

    def back(self) -> bool:
        """Return to the previous question; False when there is none."""
        return self.nav.back(self)

    def goto(self, qid: str) -> None:
        q = self.qs.by_id()[qid]
        if not q.applies(self.context()):
            raise AnswerRejected("that question does not apply given your earlier answers")
        self.nav.reopen(self, q)

    def goto_step(self, step: int) -> bool:
        return self.nav.goto_step(self, step)

    def rank(self, words: str) -> list[TopicMatch]:
        """The questions of this walk that ``words`` ("training hours") may name, best first."""
        candidates = (
            (q, q.d.topics, f"{q.id.replace('_', ' ')} {q.field.split('.')[1].replace('_', ' ')} {q.d.text}")
            for q in self.order()
        )
        return rank_topics(words, candidates)

    def find(self, words: str) -> Question | None:
        """The question ``words`` clearly name, or None (no topic, or several equally)."""
        return clear_topic(self.rank(words))  # type: ignore[return-value]
