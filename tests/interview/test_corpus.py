"""The reply corpus (tests/interview/corpus/replies.yaml) through the real conversation: one test per
kind of question, each reporting every reply of that kind that fails.

A reply stored wrong always fails, and so does a reply not understood first time: no case is excused.
"""

from __future__ import annotations

import re

import pytest

from corpus_support import (
    INTENTS, NOT_UNDERSTOOD, SAVED_WRONG, UNDERSTOOD, Case, load_corpus, run_case,
)
from support import CONTENT, recommended

TODAY, CASES = load_corpus()
BASE = recommended()


BY_ID = CONTENT.questions.by_id()
KINDS = sorted({BY_ID[c.q].type for c in CASES if c.q in BY_ID})


def _id(k: int, c: Case) -> str:
    return f"{k:03d}-{c.q}-" + re.sub(r"[^A-Za-z0-9]+", "_", c.say)[:40].strip("_")


@pytest.mark.parametrize("kind", KINDS)
def test_replies(kind: str) -> None:
    failures = []
    for k, case in enumerate(CASES):
        if BY_ID[case.q].type != kind:
            continue
        outcome = run_case(case, CONTENT, TODAY, BASE)
        if outcome.verdict != UNDERSTOOD:
            said = "\n".join(f"  [{m}] {t}" for m, t in outcome.messages)
            what = "saved wrong" if outcome.verdict == SAVED_WRONG else "not understood"
            failures.append(f"{_id(k, case)}: {what}: {outcome.detail}\n{said}")
    assert not failures, f"{len(failures)} {kind} replies failed:\n" + "\n".join(failures)


def test_the_corpus_covers_every_question_type_and_intent() -> None:
    assert len(CASES) >= 300
    assert all(c.q in BY_ID for c in CASES), [c.q for c in CASES if c.q not in BY_ID]
    types = {BY_ID[c.q].type for c in CASES}
    assert types == {q.type for q in CONTENT.questions.questions}
    assert {c.intent for c in CASES} == set(INTENTS)
    assert sum(c.asks for c in CASES) >= 40  # replies the assistant must ask about, not store
    assert len({c.say for c in CASES}) >= 300


def test_no_case_is_excused() -> None:
    assert [c for c in CASES if c.xfail] == []


# --- the runner itself can fail --------------------------------------------------------------------


def test_a_wrong_expectation_is_reported_as_saved_wrong() -> None:
    case = Case(q="initial_hours", say="40 hours", intent="answer", value=48)
    assert run_case(case, CONTENT, TODAY, BASE).verdict == SAVED_WRONG
    case = Case(q="initial_hours", say="40 hours", intent="answer", value="clarify")
    assert run_case(case, CONTENT, TODAY, BASE).verdict == SAVED_WRONG
    case = Case(q="initial_hours", say="40 hours", intent="question")
    assert run_case(case, CONTENT, TODAY, BASE).verdict == SAVED_WRONG


def test_a_reply_asked_again_is_reported_as_not_understood() -> None:
    case = Case(q="initial_hours", say="lots and lots", intent="answer", value=40)
    outcome = run_case(case, CONTENT, TODAY, BASE)
    assert outcome.verdict == NOT_UNDERSTOOD and "asked again" in outcome.detail
    case = Case(q="sro_in_discipline", say="no", intent="skip")
    assert run_case(case, CONTENT, TODAY, BASE).verdict == SAVED_WRONG


def test_relative_dates_are_read_on_the_corpus_day() -> None:
    case = Case(q="effective_date", say="today", intent="answer", value=TODAY)
    assert run_case(case, CONTENT, TODAY, BASE).verdict == UNDERSTOOD
