"""Conversation.answer_value: a value picked in a UI takes the same path as a typed answer."""

import pytest

from support import CONTENT
from mou_wizard.domain.answers import Answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow

BY_ID = CONTENT.questions.by_id()


def at(qid: str) -> Conversation:
    conv = Conversation(Flow(Answers(), CONTENT.questions), CONTENT)
    conv.flow.goto(qid)
    return conv


def test_a_picked_token_is_stored_and_said_back_like_a_typed_answer():
    typed, picked = at("agency_kind"), at("agency_kind")
    said = typed.handle("county sheriff")
    got = picked.answer_value("county_sheriff")
    assert [m.text for m in got.messages] == [m.text for m in said.messages]
    assert picked.flow.answers.parties.agency_kind == typed.flow.answers.parties.agency_kind
    assert got.changed


def test_a_picked_list_against_the_rubric_is_held_for_confirmation():
    conv = at("report_recipients")
    reply = conv.answer_value([])
    assert reply.messages[0].kind == "warning" and "Keep this answer anyway?" in reply.messages[0].text
    assert conv.pending is not None and conv.flow.value(BY_ID["report_recipients"]) is None
    conv.handle("yes")
    assert conv.flow.value(BY_ID["report_recipients"]) == []


def test_a_value_the_model_refuses_is_an_error_not_a_crash():
    conv = at("agency_kind")
    reply = conv.answer_value("not_a_kind")
    assert reply.messages[0].kind == "error" and not reply.changed


@pytest.mark.parametrize("qid", [q.id for q in CONTENT.questions.questions if q.d.max is not None][:1])
def test_bounds_apply_to_picked_values(qid):
    q = BY_ID[qid]
    conv = at(qid)
    reply = conv.answer_value(q.d.max + 1)
    assert reply.messages[0].kind == "error" and "maximum" in reply.messages[0].text
