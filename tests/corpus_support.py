"""Running the reply corpus (tests/interview/corpus/replies.yaml) through the real conversation.

Shared by tests/interview/test_corpus.py and benchmarks/understanding.py. Each case starts from the recommended
answers (with the case's ``given`` answers), with the question's own answer and any ``also`` answers
cleared, the conversation's cursor on that question and the clock at the corpus's ``today``. One reply
is handled; a rubric warning is confirmed with "yes" (the value was understood; keeping it is the
user's choice), while a value read back for a yes or no ("Save '...' as the model MOU?") counts as
asked. The outcome is one of:

* ``understood``: what happened is what the case expects;
* ``not understood``: nothing wrong was stored, but the reply was not taken as the case expects (an
  answer asked again or read back, a question answered as an error...); where the assistant should
  ask, an error, a read-back or a skip (nothing stored, the question left open) all count as asking;
* ``saved wrong``: a value other than the expected one was stored for the question, a value was stored
  where the assistant should have asked, or another answer changed (other than one cleared because its
  question no longer applies).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mou_wizard.domain.answers import Answers, to_plain
from mou_wizard.engine.answering import apply_answer, recommended_answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow

CORPUS = Path(__file__).resolve().parent / "interview" / "corpus" / "replies.yaml"
INTENTS = ("answer", "question", "command", "skip", "unclear")
UNDERSTOOD, NOT_UNDERSTOOD, SAVED_WRONG = "understood", "not understood", "saved wrong"


@dataclass(frozen=True)
class Case:
    q: str
    say: str
    intent: str
    value: Any = None
    also: dict[str, Any] = field(default_factory=dict)
    given: dict[str, Any] = field(default_factory=dict)
    current: Any = None  # the question's answer already (a question reopened to change it)
    xfail: str | None = None

    @property
    def asks(self) -> bool:
        """The assistant should store nothing and ask (an unclear reply, or an answer to clarify)."""
        return self.intent == "unclear" or (self.intent == "answer" and self.value == "clarify")

    def label(self) -> str:
        return f"{self.q}: {self.say!r}"


@dataclass
class Outcome:
    case: Case
    verdict: str
    detail: str
    messages: list[tuple[str, str]]


def load_corpus(path: Path = CORPUS) -> tuple[dt.date, list[Case]]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cases = [Case(**c) for c in data["cases"]]
    for c in cases:
        assert c.intent in INTENTS, c
        assert c.intent != "answer" or c.value is not None, c
    return data["today"], cases


def _plain(value: Any) -> Any:
    value = to_plain(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    return value


def _flat(answers: Answers) -> dict[str, Any]:
    """Every answered field (``section.field``), as the model dumps it: compare two of these with each
    other, and a value with a case's through :func:`_plain`."""
    return {f"{section}.{name}": v for section, values in answers.model_dump(exclude_none=True).items()
            if isinstance(values, dict) for name, v in values.items()}


def _set(answers: Answers, path: str, value: Any) -> Answers:
    section, name = path.split(".")
    data = answers.model_dump()
    data[section][name] = value
    return Answers.model_validate(data)


def start(case: Case, content, today: dt.date, base: Answers | None = None) -> Conversation:
    """A conversation at the case's question: the recommended answers, the case's ``given``, its own
    answer and its ``also`` answers cleared."""
    qs = content.questions
    answers = base or recommended_answers(qs)  # never changed in place (the flow takes its own copy)
    by_field = qs.by_field()
    for path, value in case.given.items():
        q = by_field.get(path)
        answers = apply_answer(answers, qs, q, value)[0] if q is not None else _set(answers, path, value)
    if "parties.state" in case.given:  # a state's own questions, answered as recommended
        answers = _fill_applicable(answers, qs)
    q = qs.by_id()[case.q]
    answers = _set(answers, q.field, case.current)
    for path in case.also:
        answers = _set(answers, path, None)
    conv = Conversation(Flow(answers, qs), content, today=lambda: today)
    conv.flow.goto(q.id)
    return conv


def _fill_applicable(answers: Answers, qs) -> Answers:
    from mou_wizard import templating

    for q in qs.questions:
        section, name = q.field.split(".")
        if getattr(getattr(answers, section), name) is None and q.d.recommended is not None \
                and q.applies(templating.answers_context(answers)):
            answers = apply_answer(answers, qs, q, q.d.recommended)[0]
    return answers


def run_case(case: Case, content, today: dt.date, base: Answers | None = None) -> Outcome:
    conv = start(case, content, today, base)
    q = conv.flow.current
    before = _flat(conv.flow.answers)
    before.pop(q.field, None)  # what the question held before is not an answer this reply gave
    reply = conv.handle(case.say)
    messages = [(m.kind, m.text) for m in reply.messages]
    pending = conv.pending if conv.pending is not None and conv.pending.question.id == q.id else None
    if pending is not None and pending.why == "concern":
        confirm = conv.handle("yes")  # a rubric warning: the value was understood, and is kept
        messages += [(m.kind, m.text) for m in confirm.messages]
        pending = None
    after = _flat(conv.flow.answers)
    kinds = {k for k, _ in messages}
    stored = None if after.get(q.field) is None else _plain(after[q.field])
    if stored is not None and stored == _plain(case.current) and "confirm" not in kinds:
        stored = None  # the answer it already had, untouched
    applicable = {x.field for x in conv.flow.applicable()}

    # Anything else that changed must be an expected extra answer, or one cleared as moot.
    for path in sorted(set(before) | set(after)):
        if path == q.field or before.get(path) == after.get(path):
            continue
        if path in case.also and _plain(after.get(path)) == _plain(case.also[path]):
            continue
        if after.get(path) is None and path not in applicable:
            continue
        return Outcome(case, SAVED_WRONG, f"{path} changed: {_plain(before.get(path))!r} -> {_plain(after.get(path))!r}",
                       messages)

    if stored is not None:
        if case.intent != "answer" or case.asks:
            return Outcome(case, SAVED_WRONG, f"stored {stored!r} (expected to {case.intent if not case.asks else 'ask'})",
                           messages)
        if stored != _plain(case.value):
            return Outcome(case, SAVED_WRONG, f"stored {stored!r}, expected {_plain(case.value)!r}", messages)
        missing = {p: v for p, v in case.also.items() if _plain(after.get(p)) != _plain(v)}
        if missing:
            return Outcome(case, NOT_UNDERSTOOD, f"stored the value but not {missing}", messages)
        return Outcome(case, UNDERSTOOD, "stored as expected", messages)

    if case.intent == "skip":
        ok = q.id in conv.flow.skipped
        return Outcome(case, UNDERSTOOD if ok else NOT_UNDERSTOOD, "skipped" if ok else "not skipped", messages)
    if case.intent == "question":
        ok = "help" in kinds and "error" not in kinds
        return Outcome(case, UNDERSTOOD if ok else NOT_UNDERSTOOD, "answered" if ok else f"said {sorted(kinds)}", messages)
    if case.intent == "command":
        ok = "error" not in kinds and "confirm" not in kinds
        return Outcome(case, UNDERSTOOD if ok else NOT_UNDERSTOOD, "obeyed" if ok else f"said {sorted(kinds)}", messages)
    if case.asks:
        # asked: refused with a question, read back for a yes or no, or left open as a skip
        ok = "error" in kinds or "help" in kinds or pending is not None or q.id in conv.flow.skipped
        return Outcome(case, UNDERSTOOD if ok else NOT_UNDERSTOOD, "asked" if ok else f"said {sorted(kinds)}", messages)
    if pending is not None:
        return Outcome(case, NOT_UNDERSTOOD, f"read back {pending.value!r} for a yes or no ({pending.why})", messages)
    return Outcome(case, NOT_UNDERSTOOD, "asked again: " + " / ".join(t.splitlines()[0] for k, t in messages if k == "error"),
                   messages)


def run_corpus(content) -> list[Outcome]:
    today, cases = load_corpus()
    base = recommended_answers(content.questions)
    return [run_case(c, content, today, base) for c in cases]
