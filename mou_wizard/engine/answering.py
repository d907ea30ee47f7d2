"""Storing an answer in the answers, and the complete set of recommended answers.

When an answer makes other questions inapplicable (e.g. "no MOU Team" makes "how often does it
meet?" moot), their answers are cleared, so the answers never hold stale, contradictory values.
The interview's flow engine and lint both store answers through :func:`apply_answer`.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mou_wizard import templating
from mou_wizard.content.questions import Question, QuestionSet
from mou_wizard.domain.answers import Answers


class AnswerRejected(ValueError):
    """The value does not fit the field (the message says why, in plain words)."""


def _context_from_data(data: dict[str, Any]) -> dict[str, Any]:
    """An answers context built without validation (used while pruning a candidate change)."""
    probe = Answers.model_construct(
        **{name: Answers.model_fields[name].annotation.model_construct(**data[name]) for name in templating.SECTIONS}
    )
    return templating.answers_context(probe)


def apply_answer(answers: Answers, questions: QuestionSet, q: Question, value: Any) -> tuple[Answers, list[Question]]:
    """New answers with ``value`` stored for ``q``, and the questions whose answers were cleared as a
    result. Raises :class:`AnswerRejected` if the model refuses the value (``answers`` is unchanged)."""
    data = answers.model_dump()
    section, name = q.field.split(".")
    data[section][name] = value
    cleared: list[Question] = []
    others = [(other, other.field, *other.field.split(".")) for other in questions.questions if other.field != q.field]
    for _ in range(len(questions.questions)):
        ctx = _context_from_data(data)
        # A field is moot when no question that fills it applies any more (state packs may ask
        # the same field, each for its own state).
        live = {other.field for other in questions.questions if other.applies(ctx)}
        newly = [other for other, path, s, n in others if path not in live and data[s][n] is not None]
        newly = list({o.field: o for o in newly}.values())
        if not newly:
            break
        for other in newly:
            s, n = other.field.split(".")
            data[s][n] = None
            cleared.append(other)
    try:
        return Answers.model_validate(data), cleared
    except ValidationError as e:
        err = e.errors()[0]
        raise AnswerRejected(err["msg"].removeprefix("Value error, ")) from None


def recommended_answers(questions: QuestionSet) -> Answers:
    """A complete answer set: every applicable question answered with its suggestion, in the order
    the interview asks them (a question that becomes applicable later is answered when reached)."""
    answers = Answers()
    skipped: set[str] = set()
    qs = questions.questions
    index = -1
    while True:
        ctx = templating.answers_context(answers)
        order = list(range(index + 1, len(qs))) + list(range(0, index + 1))
        nxt = next((i for i in order if qs[i].id not in skipped and _value(answers, qs[i]) is None
                    and qs[i].applies(ctx)), None)
        if nxt is None:
            break
        q = qs[nxt]
        suggestion = q.suggestion_for(answers.parties.state)  # a fact's example follows the state
        if suggestion is None:
            skipped.add(q.id)
        else:
            answers, _ = apply_answer(answers, questions, q, suggestion)
        index = nxt
    return answers


def _value(answers: Answers, q: Question) -> Any:
    section, name = q.field.split(".")
    return getattr(getattr(answers, section), name)
