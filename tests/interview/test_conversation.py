"""The UI-free conversation: commands in plain words, rubric questions, confirmations."""

import pytest

from mou_wizard.interview.rubric_help import rubric_index
from mou_wizard.interview.conversation import Conversation, match_command
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import Answers
from support import CONTENT


def texts(reply):
    return "\n".join(m.text for m in reply.messages)


@pytest.fixture
def conv():
    return Conversation(Flow(Answers(), CONTENT.questions), CONTENT)


def test_greeting_says_what_happens_and_asks_the_first_question(conv):
    reply = conv.greeting(resumed=False)
    out = texts(reply)
    assert "saved after each reply" in out and "not legal advice" in out
    assert reply.messages[-1].kind == "question"
    assert conv.flow.current.d.text.strip() in reply.messages[-1].text


@pytest.mark.parametrize("text,command", [
    ("why", ("why", "")), ("Why?", ("why", "")), ("/why", ("why", "")), ("help", ("help", "")),
    ("go back", ("back", "")), ("/back", ("back", "")), ("quit", ("quit", "")), ("step 4", ("step", "4")),
    ("go to step 2", ("step", "2")), ("change my answer about training hours", ("change", "training hours")),
    ("edit review cycle", ("change", "review cycle")), ("show my answers", ("answers", "")),
    ("show the draft", ("draft", "")), ("Lakeside School District", None), ("yes", None),
])
def test_commands_in_plain_words(text, command):
    assert match_command(text) == command


def test_enter_on_a_question_with_only_an_example_stores_nothing(conv):
    conv.greeting(resumed=False)
    q = conv.flow.current
    reply = conv.handle("")
    assert reply.messages[0].kind == "error" and "needs your own answer" in reply.messages[0].text
    assert conv.flow.value(q) is None and conv.flow.current is q


def test_answer_is_confirmed_in_one_line_and_next_question_asked(conv):
    conv.greeting(resumed=False)
    reply = conv.handle("Lakeside Unified School District")
    assert reply.messages[0].text == "Noted: Lakeside Unified School District."
    assert reply.changed and reply.messages[-1].kind == "question"
    assert conv.flow.answers.parties.district_name == "Lakeside Unified School District"


def test_unparsed_answer_explains_the_expected_form(conv):
    conv.flow.goto_step(4)
    reply = conv.handle("lots")
    assert reply.messages[0].kind == "error" and "such as" in reply.messages[0].text
    assert not reply.changed


def test_why_cites_the_rubric_items(conv):
    conv.flow.goto_step(4)
    q = conv.flow.current
    out = texts(conv.handle("why"))
    for sec in q.d.sec:
        assert sec in out


def test_rubric_question_in_own_words_is_answered_with_sec_ids(conv):
    conv.flow.goto_step(1)
    out = texts(conv.handle("What does the rubric say about training hours?"))
    assert "SEC-4.1" in out and "40 hours" in out


def test_question_with_nothing_relevant_says_so(conv):
    conv.flow.goto_step(1)
    out = texts(conv.handle("what about the cafeteria menu?"))
    assert out.startswith("I have nothing in my rubric notes about that.")


def test_change_names_current_answer_and_reasks(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    reply = conv.handle("change training hours")
    assert "Your current answer: 40 hours." in texts(reply)
    assert conv.flow.current.field == "training.initial_hours"
    reply = conv.handle("48 hours")
    assert conv.flow.answers.training.initial_hours == 48 and reply.finished


def test_step_jump_introduces_the_step(conv):
    reply = conv.handle("step 3")
    assert reply.messages[0].text.startswith("Step 3 of 5: ")
    assert conv.flow.current.step == 3


def test_draft_preview_shows_the_clauses_for_the_current_step(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    conv.flow.goto_step(4)
    out = conv.draft_preview()
    assert "Initial training" in out and "Refresher training" in out
    assert "Making a complaint" not in out


def test_answers_summary_lists_every_step(recommended):
    out = Conversation(Flow(recommended, CONTENT.questions), CONTENT).answers_summary()
    for title in ("The parties", "Step 1:", "Step 5:"):
        assert title in out
    assert "40 hours" in out


@pytest.mark.parametrize("question,sec", [
    ("how often should we review the MOU?", "SEC-1.4"),
    ("can officers handcuff kids?", "SEC-2.7"),
    ("what about FERPA?", "SEC-2.6"),
    ("can SROs discipline students?", "SEC-2.5"),
    ("what data should we collect?", "SEC-1.5"),
])
def test_knowledge_search_finds_the_rubric_item(question, sec):
    assert sec in [h.sec_id for h in rubric_index(CONTENT).search(question)]


def test_knowledge_search_finds_nothing_for_unrelated_questions():
    assert rubric_index(CONTENT).search("is the weather nice today?") == []


def test_choosing_a_state_with_a_pack_says_what_it_adds(conv):
    conv.flow.goto(conv.flow.qs.by_field()["parties.state"].id)
    out = texts(conv.handle("Connecticut"))
    assert "Connecticut: I will also check the agreement against 5 requirements of" in out
    assert "(as of November 1, 2026); that adds 1 question to the interview." in out
    assert "not legal advice" in out


def test_choosing_a_state_without_a_pack_says_so(conv):
    conv.flow.goto(conv.flow.qs.by_field()["parties.state"].id)
    assert "no state requirement pack for that state" in texts(conv.handle("Oregon"))
