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


def _with_sections(answers: Answers, sections: dict[str, dict[str, Any]]) -> Answers:
    """A copy of ``answers`` with each named section replaced by ``sections[name]`` (plain data,
    validated as that section's model) and the other sections shared, not copied. The checks across
    sections run again on the copy, so the result is what validating the whole answers would give, for
    the work of the changed sections only. Raises pydantic's ``ValidationError``; ``answers`` is never
    changed (the interview changes answers only by replacing them, section by section)."""
    fields = Answers.model_fields
    if any(not isinstance(fields[name].annotation, type) for name in sections):  # the optional review record
        return Answers.model_validate({**answers.model_dump(), **sections})
    new = {name: fields[name].annotation.model_validate(data) for name, data in sections.items()}
    copy = answers.model_copy(update=new)
    name = next(iter(new))
    setattr(copy, name, new[name])  # an assignment is validated: the checks across sections run on the copy
    return copy


def apply_answer(answers: Answers, questions: QuestionSet, q: Question, value: Any) -> tuple[Answers, list[Question]]:
    """New answers with ``value`` stored for ``q``, and the questions whose answers were cleared as a
    result. Raises :class:`AnswerRejected` if the model refuses the value (``answers`` is unchanged)."""
    section, name = q.field.split(".")
    changes: dict[str, dict[str, Any]] = {section: {name: value}}  # section -> field -> new value
    cleared: list[Question] = []
    paths = questions.field_paths()
    for _ in range(len(paths)):
        ctx = templating.answers_context(_probe(answers, changes))
        # A field is moot when no question that fills it applies any more (state packs may ask
        # the same field, each for its own state).
        live = {path for other, path, _s, _n in paths if other.applies(ctx)}
        newly: dict[str, Question] = {}
        for other, path, s, n in paths:
            if path != q.field and path not in live and _after(answers, changes, s, n) is not None:
                newly[path] = other
        if not newly:
            break
        for other in newly.values():
            s, n = other.field.split(".")
            changes.setdefault(s, {})[n] = None
            cleared.append(other)
    try:
        return _with_sections(answers, {s: {**_dump(getattr(answers, s)), **values} for s, values in changes.items()}), cleared
    except ValidationError as e:
        err = e.errors()[0]
        raise AnswerRejected(err["msg"].removeprefix("Value error, ")) from None


def _after(answers: Answers, changes: dict[str, dict[str, Any]], section: str, name: str) -> Any:
    """The value of ``section.name`` once ``changes`` are made."""
    if name in changes.get(section, {}):
        return changes[section][name]
    return getattr(getattr(answers, section), name, None)  # (a review record not started yet: None)


def _dump(part) -> dict[str, Any]:
    return part.model_dump() if part is not None else {}


def _probe(answers: Answers, changes: dict[str, dict[str, Any]]) -> Answers:
    """``answers`` with ``changes`` made, not validated: what the conditions read while a change is
    pruned (the result is validated once, at the end)."""
    return answers.model_copy(update={
        s: part.model_copy(update=values) if (part := getattr(answers, s)) is not None else None
        for s, values in changes.items()})


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
