"""One reply, several answers: facts a reply gives besides the answer to the question asked.

The readers (:mod:`mou_wizard.language.facts`) only take what is said plainly; the conversation fills
the follow-ups the same reply settles and says them back, and keeps facts for questions still to come,
offering them for a yes when their question is asked (never saving them unasked).
"""

from __future__ import annotations

import pytest

from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from mou_wizard.language.facts import find_facts
from support import CONTENT


def facts(text: str, at: str | None) -> dict:
    return {f.field: f.value for f in find_facts(text, at)}


@pytest.mark.parametrize("text,at,expected", [
    ("yes, within 5 working days of a written request", "removal_on_request",
     {"hiring.removal_request_written": True, "hiring.removal_days": 5}),
    ("yes, verbally is fine", "removal_on_request", {"hiring.removal_request_written": False}),
    ("40 hours before they start and 16 every year", "initial_hours",
     {"training.initial_hours": 40, "training.initial_deadline": "before_assignment",
      "training.refresher_hours": 16, "training.refresher_frequency_months": 12}),
    ("forty hours within the first year", "initial_hours",
     {"training.initial_hours": 40, "training.initial_deadline": "within_months",
      "training.initial_within_months": 12}),
    ("8 hours of in-service twice a year", "refresher_hours",
     {"training.refresher_hours": 8, "training.refresher_frequency_months": 6}),
    ("we have three SROs from the county sheriff", "district_name",
     {"hiring.sro_count": 3, "parties.agency_kind": "county_sheriff"}),
    ("there will be 2 officers", None, {"hiring.sro_count": 2}),
])
def test_facts_said_plainly_are_read(text, at, expected):
    assert facts(text, at) == expected


@pytest.mark.parametrize("text,at", [
    ("within 5 days", "complaint_response_days"),      # a removal deadline only at the removal questions
    ("40 hours plus 8 hours of field training", "initial_hours"),  # two amounts: which is the answer?
    ("16 every year and 40 hours", "initial_hours"),    # initial hours after the refresher: unclear
    ("not the sheriff", "agency_kind"),                 # no "from the": not where the SROs come from
    ("the sheriff and the city police both", "agency_name"),
    ("we have officers", "district_name"),              # no number
    ("every 2 years", "refresher_hours"),               # a recurrence alone is no number of hours
    ("yes", "removal_on_request"),
])
def test_vague_or_out_of_place_words_give_no_fact(text, at):
    assert facts(text, at) == {}


def fresh() -> Conversation:
    conv = Conversation(Flow(None, CONTENT.questions), CONTENT)
    conv.greeting(False)
    return conv


def at(conv: Conversation, qid: str) -> None:
    conv.flow.goto(qid)


def walk_to(conv: Conversation, qid: str):
    """Skip questions until ``qid`` is asked; the reply that asks it."""
    reply = None
    for _ in range(300):
        if conv.flow.current.id == qid:
            return reply
        reply = conv.handle("skip")
    raise AssertionError(f"{qid} never asked")


def test_one_reply_fills_the_removal_questions_and_says_all_three_back():
    conv = fresh()
    at(conv, "removal_on_request")
    reply = conv.handle("yes, within 5 working days of a written request")
    assert reply.messages[0].text == "Noted: Yes; written request: yes; 5 working days."
    hiring = conv.snapshot().hiring
    assert (hiring.removal_on_request, hiring.removal_request_written, hiring.removal_days) == (True, True, 5)
    assert conv.flow.current.id not in ("removal_request_written", "removal_days")


def test_one_reply_fills_four_training_answers():
    conv = fresh()
    at(conv, "initial_hours")
    reply = conv.handle("40 hours before they start and 16 every year")
    assert reply.messages[0].text == ("Noted: 40 hours; training deadline: before assignment to a school; "
                                      "16 hours; every 12 months (annually).")
    t = conv.snapshot().training
    assert (t.initial_hours, t.initial_deadline, t.refresher_hours, t.refresher_frequency_months) == \
        (40, "before_assignment", 16, 12)


def test_an_answer_already_given_is_never_overwritten_by_a_fact():
    conv = fresh()
    at(conv, "refresher_hours")
    conv.handle("8")
    at(conv, "initial_hours")
    conv.handle("40 hours before they start and 16 every year")
    assert conv.snapshot().training.refresher_hours == 8


def test_a_volunteered_fact_is_kept_for_its_question_and_offered_there():
    conv = fresh()
    reply = conv.handle("Oak Unified; we have three SROs from the county sheriff")
    texts = [m.text for m in reply.messages]
    assert texts[0] == ("I will keep what you said for later (number of SROs: 3 SROs) and ask you to confirm "
                        "it when that question comes.")
    assert texts[1] == "Noted: Oak Unified; agency type: county sheriff's office."
    answers = conv.snapshot()
    assert answers.parties.district_name == "Oak Unified" and answers.hiring.sro_count is None  # not saved unasked
    assert answers.parties.agency_kind == "county_sheriff"
    reply = walk_to(conv, "sro_count")
    assert reply.messages[-1].text.endswith("\nYou mentioned earlier: 3 SROs. Save that? (yes, or type another answer)")
    assert conv.snapshot().hiring.sro_count is None
    reply = conv.handle("yes")
    assert reply.messages[0].text == "Noted: 3 SROs." and conv.snapshot().hiring.sro_count == 3


def test_a_kept_fact_can_be_answered_otherwise_or_refused():
    for said, expected in (("4", 4), ("no", None)):
        conv = fresh()
        conv.handle("Oak Unified; there will be 3 SROs")
        reply = walk_to(conv, "sro_count")
        assert "You mentioned earlier: 3 SROs." in reply.messages[-1].text
        conv.handle(said)
        assert conv.snapshot().hiring.sro_count == expected


def test_a_name_followed_by_a_volunteered_fact_keeps_only_the_name():
    conv = fresh()
    reply = conv.handle("Riverside USD, with 3 officers")
    assert reply.messages[1].text == "Noted: Riverside USD."
    assert conv.snapshot().parties.district_name == "Riverside USD" and conv.snapshot().hiring.sro_count is None


def test_a_reply_that_answers_a_neighbour_is_not_saved_here():
    conv = fresh()
    at(conv, "initial_hours")
    reply = conv.handle("16 hours every year")
    assert reply.messages[0].kind == "error" and "refresher training: 16 hours" in reply.messages[0].text
    t = conv.snapshot().training
    assert (t.initial_hours, t.refresher_hours) == (None, None) and conv.flow.current.id == "initial_hours"
    reply = walk_to(conv, "refresher_hours")
    assert "You mentioned earlier: refresher training: 16 hours" not in reply.messages[-1].text
    assert reply.messages[-1].text.endswith("You mentioned earlier: 16 hours. Save that? (yes, or type another answer)")
