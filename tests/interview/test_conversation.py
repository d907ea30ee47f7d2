"""The UI-free conversation: commands in plain words, rubric questions, confirmations."""

import pytest

from mou_wizard.interview.rubric_help import rubric_index
from mou_wizard.interview.conversation import COMMANDS, Conversation, match_command
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import Answers
from support import CONTENT, table


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
    pack = CONTENT.packs["CT"]
    added = sum(1 for q in CONTENT.questions.questions if q.d.state == "CT")
    assert f"Connecticut: I will also check the agreement against {len(pack.requirements)} requirements of" in out
    assert f"(texts as of {pack.d.text_as_of}); that adds {added} question{'s' if added != 1 else ''} to the interview." in out
    assert "not legal advice" in out


def test_choosing_a_state_without_a_pack_says_so(conv):
    conv.flow.goto(conv.flow.qs.by_field()["parties.state"].id)
    assert "no state requirement pack for that state" in texts(conv.handle("Oregon"))


@pytest.mark.parametrize("reply,name,said", [("ok", "Oklahoma", '"ok" is not an answer here'),
                                             ("OK", "Oklahoma", '"OK" is not an answer here'),
                                             ("oh", "Ohio", "Do you mean Ohio?"), ("me", "Maine", "Do you mean Maine?")])
def test_ok_at_the_state_question_is_not_saved_as_oklahoma(conv, reply, name, said):
    q = conv.flow.qs.by_field()["parties.state"]
    conv.flow.goto(q.id)
    out = conv.handle(reply)
    assert said in texts(out) and "Noted" not in texts(out) and not out.changed
    assert conv.flow.value(q) is None and conv.flow.current is q
    assert "Noted" in texts(conv.handle(name)) and conv.flow.value(q) == reply.upper()


# One question of each kind but yes/no; none of these replies names an answer there.
FILLER_AT = ["district_name", "schools", "authority", "agency_notice_address", "supervisor_title", "agency_kind",
             "arrest_policy", "goals", "stakeholders", "report_recipients", "initial_hours", "annual_cost", "review_cycle",
             "effective_date", "model_departures"]
FILLERS = ["ok", "k", "sure", "right", "cool", "there", "all right", "yes please", "got it", "sounds good",
           "whatever", "any", "either one", "both are fine", "no preference", "up to you", "you pick", "idc"]


@pytest.mark.parametrize("qid", FILLER_AT)
def test_ok_or_whatever_names_no_answer_anywhere_but_a_yes_no_question(qid):
    """ "sure" once became "secure", "right" civil rights, "cool" a school board, "whatever" the officer's
    discretion, and "ok" a school: an acknowledgment or a shrug is never read as an answer."""
    for text in FILLERS:
        conv = at("model_departures" if qid == "model_departures" else qid,
                  Answers.model_validate({"partnership": {"model_mou": "VA"}}) if qid == "model_departures" else None)
        q = conv.flow.current
        reply = conv.handle(text)
        said = texts(reply)
        assert not reply.changed and conv.pending is None, (qid, text, said)
        assert value(conv, qid) is None and conv.flow.current is q, (qid, text, said)
        assert reply.messages[0].kind == "error" and f'"{text}"' in said or "no preference" in said, (qid, text, said)
        if q.d.recommended is not None:
            assert "recommended answer is" in said and "Press Enter" in said, (qid, text, said)


@pytest.mark.parametrize("text,answer", [("ok", True), ("sure", True), ("whatever", None), ("up to you", None)])
def test_at_a_yes_no_question_ok_is_a_yes_and_whatever_is_not_an_answer(text, answer):
    conv = at("body_cameras")
    conv.handle(text)
    assert value(conv, "body_cameras") is answer


@pytest.mark.parametrize("qid,text", [("authority", "no"), ("agency_notice_address", "nope"),
                                      ("arrest_policy", "no")])
def test_a_bare_no_is_not_printed_as_text_nor_read_as_an_option_that_starts_with_no(qid, text):
    conv = at(qid)
    reply = conv.handle(text)
    assert value(conv, qid) is None and not reply.changed, texts(reply)


# --- intent first (issue 9): questions, hedges and doubtful names are never saved ---------------------

def at(qid: str, answers: Answers | None = None) -> Conversation:
    """A fresh interview with the cursor on question ``qid`` (diversion to court chosen, so that the
    diversion partners are asked)."""
    answers = answers or Answers.model_validate({"civil_rights": {"diversion_options": ["court_diversion"]}})
    conv = Conversation(Flow(answers, CONTENT.questions), CONTENT)
    conv.flow.goto(qid)
    return conv


def value(conv, qid):
    return conv.flow.value(conv.flow.qs.by_id()[qid])


def kinds(reply):
    return [m.kind for m in reply.messages]


@pytest.mark.parametrize("qid", ["district_name", "agency_name", "model_mou", "supervisor_title", "schools",
                                 "diversion_partner", "signatories"])
def test_why_do_you_need_this_is_explained_not_saved(qid):
    conv = at(qid)
    reply = conv.handle("why do you need this?")
    q = conv.flow.current
    assert kinds(reply) == ["help"] and reply.messages[0].text.startswith(q.d.help.strip()[:40])
    assert "Noted" not in texts(reply) and not reply.changed
    assert value(conv, qid) is None and conv.flow.current.id == qid


@pytest.mark.parametrize("qid", ["schools", "diversion_partner"])
def test_people_typed_where_places_are_asked_are_not_saved_as_places(qid):
    conv = at(qid)
    reply = conv.handle("Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt")
    assert kinds(reply)[0] == "error" and not reply.changed
    assert '"Dr. Ellen Mays", "Superintendent" and "Sheriff Tom Brandt" sound like people' in texts(reply)
    assert "Noted" not in texts(reply)
    assert value(conv, qid) is None and conv.flow.current.id == qid
    # Places named after people are places; the list is then saved as typed.
    reply = conv.handle("Riverside High School and Chief Joseph Middle School")
    assert reply.changed and value(conv, qid) == ["Riverside High School", "Chief Joseph Middle School"]


@pytest.mark.parametrize("qid,kind_only,name", [
    ("agency_name", "County sheriff", "Will County Sheriff's Office"),
    ("agency_name", "the city police dept.", "Lakeside Police Department"),
    ("district_name", "the school district", "Lakeside USD"),
])
def test_a_kind_of_organization_given_as_a_partys_name_is_asked_about(qid, kind_only, name):
    conv = at(qid)
    reply = conv.handle(kind_only)
    assert kinds(reply) == ["warning"] and not reply.changed and value(conv, qid) is None
    assert texts(reply).startswith("That reads like a kind of organization rather than its official name")
    assert f'Save "{kind_only}" as the' in texts(reply)
    conv.handle("no")
    assert value(conv, qid) is None and conv.flow.current.id == qid
    conv.handle(kind_only)
    conv.handle("yes")  # said twice and confirmed: saved as typed
    assert value(conv, qid) == kind_only
    conv = at(qid)
    reply = conv.handle(name)  # a name of its own is saved at once
    assert reply.changed and value(conv, qid) == name and "warning" not in kinds(reply)


def test_a_full_name_at_the_kind_question_is_offered_when_the_skipped_name_question_comes():
    conv = at("agency_name")
    conv.handle("skip")
    assert conv.flow.current.id == "agency_kind"
    reply = conv.handle("Riverside County Sheriff's Office")
    assert value(conv, "agency_kind").value == "county_sheriff"
    assert value(conv, "agency_name") is None  # not saved where it was not asked...
    assert "I will keep what you said for later (agency name: Riverside County Sheriff's Office)" in texts(reply)
    assert conv.flow.current.id == "state"
    conv.handle("back")  # to the kind (answered)...
    reply = conv.handle("back")  # ...and to the name
    assert conv.flow.current.id == "agency_name"
    assert "You mentioned earlier: Riverside County Sheriff's Office. Save that?" in texts(reply)
    conv.handle("yes")  # ...but offered there, and saved when confirmed
    assert value(conv, "agency_name") == "Riverside County Sheriff's Office"


@pytest.mark.parametrize("reply", ["Municipal Police Department", "County Sheriff", "the sheriff's office"])
def test_a_kind_alone_at_the_kind_question_is_not_kept_as_a_name(reply):
    conv = at("agency_kind")
    out = conv.handle(reply)
    assert "keep what you said for later" not in texts(out) and not conv.held


def test_a_board_named_by_its_kind_is_not_asked_about():
    conv = at("district_board")
    reply = conv.handle("Board of Education")
    assert reply.changed and value(conv, "district_board") == "Board of Education"


def test_a_rubric_question_at_the_model_mou_is_answered_not_saved_as_its_name():
    conv = at("model_mou")
    reply = conv.handle("what does the rubric say about using a model MOU?")
    assert kinds(reply) == ["help"] and "SEC-1.2" in texts(reply)
    assert value(conv, "model_mou") is None and conv.flow.current.id == "model_mou" and not reply.changed


def test_what_is_a_sec_item_is_answered_not_saved_as_the_agency_name():
    conv = at("agency_name")
    reply = conv.handle("what is SEC-1.8?")
    assert kinds(reply) == ["help"]
    assert f"SEC-1.8: {CONTENT.rubric['SEC-1.8']['summary']}" in texts(reply)
    assert value(conv, "agency_name") is None and conv.flow.current.id == "agency_name"
    assert "There is no SEC-9.9" in texts(conv.handle("what is SEC-9.9?"))


def test_we_didnt_use_one_at_the_model_mou_is_none_not_a_name():
    conv = at("model_mou")
    reply = conv.handle("we didn't use one")
    # 'none' goes against the rubric here, so its warning is the question asked
    assert kinds(reply) == ["warning"]
    assert reply.messages[0].text.startswith("You answered: none (this MOU is not based on a model agreement).")
    assert "we didn't use one" not in texts(reply)
    assert value(conv, "model_mou") is None and not reply.changed
    reply = conv.handle("yes")
    assert value(conv, "model_mou") == "none"
    assert reply.messages[0].text == "Noted: none (this MOU is not based on a model agreement)."


def test_a_negative_at_a_name_question_asks_before_recording_none():
    conv = at("agency_name")
    reply = conv.handle("we don't have one")
    assert kinds(reply) == ["warning"] and "Record it as 'none'?" in texts(reply)
    assert value(conv, "agency_name") is None
    reply = conv.handle("no")
    assert value(conv, "agency_name") is None and conv.flow.current.id == "agency_name"
    assert kinds(reply) == ["info", "question"] and "nothing was saved" in reply.messages[0].text


@pytest.mark.parametrize("text", ["not sure yet, need to ask the juvenile court", "not sure", "we haven't decided",
                                  "TBD", "need to check with the chief"])
def test_a_hedge_is_a_skip_not_an_answer(text):
    conv = at("diversion_partner")
    reply = conv.handle(text)
    assert reply.messages[0].kind == "confirm" and reply.messages[0].text.startswith("Skipped for now")
    assert value(conv, "diversion_partner") is None and "diversion_partner" in conv.flow.skipped
    assert conv.flow.current.id != "diversion_partner"


@pytest.mark.parametrize("qid,text", [("agency_name", "Maple Grove PD, I think"),
                                      ("supervisor_title", "ask the chief"),
                                      ("district_name", "done")])
def test_a_doubtful_name_is_read_back_and_no_saves_nothing(qid, text):
    conv = at(qid)
    reply = conv.handle(text)
    assert kinds(reply) == ["warning"]
    assert f'Save "{text}" as ' in reply.messages[0].text
    assert value(conv, qid) is None and not reply.changed
    reply = conv.handle("no")
    assert value(conv, qid) is None and conv.flow.current.id == qid and reply.messages[-1].kind == "question"


def test_a_vague_reply_to_the_model_question_picks_no_model():
    """The model is one of the state models the packs know, or none: "the one the state gave us" names
    neither, so nothing is saved and the options are named (no loose match on the labels' words)."""
    conv = at("model_mou")
    reply = conv.handle("the one the state gave us")
    assert kinds(reply) == ["error"] and not reply.changed and value(conv, "model_mou") is None
    assert "Name the state whose model agreement this MOU is based on (Arkansas, Massachusetts, Nebraska, " \
           "New Jersey and Virginia), or say \"none\"" in texts(reply)
    reply = conv.handle("the Virginia one")
    assert value(conv, "model_mou") == "VA" and reply.changed


def test_a_doubtful_name_saved_on_yes():
    conv = at("agency_name")
    reply = conv.handle("Maple Grove PD, I think")
    assert 'as the agency\'s name?' in reply.messages[0].text
    reply = conv.handle("yes")
    assert value(conv, "agency_name") == "Maple Grove PD, I think" and reply.changed


@table("qid,other", [("district_name", "Lakeside Area School District"), ("agency_name", "Lakeside Police Department")])
def test_people_typed_as_a_partys_name_are_not_saved(qid, other):
    """The signatories typed where the district's name is asked: asked about, nothing saved; "no" asks
    again and the name typed then is saved."""
    conv = at(qid)
    reply = conv.handle("Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt")
    assert kinds(reply) == ["warning"] and not reply.changed and value(conv, qid) is None
    assert reply.messages[0].text.startswith("That reads like people rather than the ")
    assert "the people who sign the agreement are asked for later" in reply.messages[0].text
    conv.handle("no")
    assert value(conv, qid) is None and conv.flow.current.id == qid
    reply = conv.handle(other)
    assert value(conv, qid) == other and reply.changed


@table("text,stored", [("the board", "board"), ("our School Committee", "School Committee"),
                        ("Board of Education", "Board of Education")])
def test_the_boards_title_is_stored_without_an_article(text, stored):
    """The preamble says "acting through its {board}": "the board" typed there must not print "its the board"."""
    conv = at("district_board")
    conv.handle(text)
    assert value(conv, "district_board") == stored


def test_the_districts_name_given_for_the_agency_is_asked_about():
    conv = at("agency_name")
    reply = conv.handle("Lakeside Area School District")
    assert kinds(reply) == ["warning"] and value(conv, "agency_name") is None
    assert reply.messages[0].text.startswith("That reads like a school district's name rather than the agency's name")
    conv.handle("yes")  # the user's word decides
    assert value(conv, "agency_name") == "Lakeside Area School District"


def test_a_plain_name_is_saved_without_asking():
    conv = at("agency_name")
    reply = conv.handle("Maple Grove Division of Police")
    assert reply.messages[0].text == "Noted: Maple Grove Division of Police."


@table("text", ["Maple Grove Division of Police", "Lakeside Area School District"])
def test_a_choice_refuses_a_name_that_matches_no_option(text):
    conv = at("agency_kind")
    reply = conv.handle(text)
    assert kinds(reply) == ["error"] and "type a number from 1 to 4" in reply.messages[0].text
    assert value(conv, "agency_kind") is None and not reply.changed


def test_an_options_exact_wording_is_taken():
    conv = at("scope")
    conv.handle("events on school property")
    assert [v.value for v in value(conv, "scope")] == ["events_on_campus"]


def test_small_talk_is_answered_and_the_question_asked_again():
    conv = at("district_name")
    reply = conv.handle("thanks")
    assert [(m.kind, m.text) for m in reply.messages][0] == ("info", "You're welcome.")
    assert reply.messages[-1].kind == "question" and value(conv, "district_name") is None


# --- edits: skip clears a revisited answer; change it to X; add and remove ---------------------------

@pytest.mark.parametrize("how", ["back", "change district name"])
@pytest.mark.parametrize("skip", ["skip", "not sure", "we haven't decided"])
def test_skip_on_a_revisited_answer_clears_it(how, skip):
    from mou_wizard.engine.drafting import build_draft

    conv = Conversation(Flow(Answers(), CONTENT.questions), CONTENT)
    conv.greeting(False)
    conv.handle("Lakeside Unified School District")
    conv.handle(how)
    assert conv.flow.current.id == "district_name"
    reply = conv.handle(skip)
    assert reply.messages[0].text.startswith("Skipped for now, and I cleared the earlier answer "
                                             "(Lakeside Unified School District)")
    assert value(conv, "district_name") is None and "district_name" in conv.state().skipped
    assert conv.flow.progress()[0].answered == 0
    text = "\n".join(b.text for a in build_draft(conv.snapshot(), CONTENT).articles for s in a.sections
                     for b in s.blocks)
    assert "Lakeside Unified" not in text and "[To be agreed: " in text


def test_change_it_to_after_an_answer_changes_that_answer():
    conv = at("initial_hours")
    conv.handle("40 hours")
    nxt = conv.flow.current
    reply = conv.handle("change it to 48 hours, the state minimum")
    assert value(conv, "initial_hours") == 48
    assert reply.messages[0].text.startswith("Changed the answer to \u201cHow many hours")
    assert conv.flow.current.id == nxt.id


def test_change_it_to_after_back_is_a_new_answer_to_that_question():
    conv = at("initial_hours")
    conv.handle("40 hours")
    conv.handle("back")
    assert conv.flow.current.id == "initial_hours"
    reply = conv.handle("change it to 40 hours, the state minimum")
    assert reply.messages[0].text == "Noted: 40 hours."
    assert conv.flow.current.id != "state" and value(conv, "state") is None


def test_add_and_remove_edit_a_saved_list():
    conv = at("schools")
    conv.handle("Lincoln High School, Adams Middle School")
    conv.handle("back")
    reply = conv.handle("add Oak Street Intermediate School")
    assert value(conv, "schools") == ["Lincoln High School", "Adams Middle School", "Oak Street Intermediate School"]
    assert reply.messages[0].text == "Noted: Lincoln High School; Adams Middle School; Oak Street Intermediate School."
    conv.handle("back")
    conv.handle("remove Adams Middle")
    assert value(conv, "schools") == ["Lincoln High School", "Oak Street Intermediate School"]
    conv.handle("back")
    reply = conv.handle("remove Jefferson Elementary")
    assert kinds(reply) == ["error"] and "is not in the list" in reply.messages[0].text
    assert value(conv, "schools") == ["Lincoln High School", "Oak Street Intermediate School"]


def test_add_to_a_multichoice_answer(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    conv.handle("change scope")
    before = [v.value for v in value(conv, "scope")]
    conv.handle("remove school bus stops")
    after = [v.value for v in value(conv, "scope")]
    assert after == [t for t in before if t != "bus_stops"]


def test_an_unclear_topic_asks_which_one(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    reply = conv.handle("change training")
    assert kinds(reply) == ["question"] and reply.messages[0].text.startswith("Which answer do you mean by")
    assert "  1. " in reply.messages[0].text and "  3. " in reply.messages[0].text
    assert conv.flow.current is None and not reply.changed
    first = conv.choosing[0]
    reply = conv.handle("1")
    assert conv.flow.current.id == first.id and reply.changed


def test_change_it_to_never_jumps_to_the_state_question(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    conv.handle("change refresher hours")
    conv.handle("change it to 40 hours, the state minimum")
    assert conv.flow.answers.training.refresher_hours == 40
    assert conv.flow.answers.parties.state == recommended.parties.state


# --- one count, help per mode --------------------------------------------------------------------

def test_greeting_and_progress_give_one_count(conv):
    total = sum(p.total for p in conv.flow.progress())
    assert conv.flow.counts() == (0, total) == (0, len(conv.flow.order()))
    assert f"There are about {total} questions" in texts(conv.greeting(False))


def test_help_names_this_questions_form(conv):
    conv.greeting(False)
    out = texts(conv.handle("help"))
    assert out.startswith(COMMANDS) and "keep the rest" not in out
    assert "This question: What is the school district's full legal name?" in out


def test_why_while_an_answer_waits_for_its_yes_keeps_it_waiting():
    conv = at("sro_in_discipline")
    assert kinds(conv.handle("yes")) == ["warning"]
    assert kinds(conv.handle("why?")) == ["help"]
    conv.handle("yes")
    assert value(conv, "sro_in_discipline") is True and "sro_in_discipline" in conv.flow.confirmed


def test_no_to_a_rubric_warning_on_a_reopened_answer_asks_again(recommended):
    conv = Conversation(Flow(recommended, CONTENT.questions), CONTENT)
    conv.handle("change discipline")
    assert conv.flow.current.id == "sro_in_discipline"
    assert kinds(conv.handle("yes")) == ["warning"]
    reply = conv.handle("no")
    assert reply.messages[0].text == "All right, let's answer it again."
    assert value(conv, "sro_in_discipline") is False


def test_what_do_you_recommend_gives_this_questions_recommendation():
    conv = at("initial_hours")
    reply = conv.handle("what do you recommend?")
    assert kinds(reply) == ["help"] and reply.messages[0].text.startswith("Recommended: 40 hours.")
    assert value(conv, "initial_hours") is None
    plain = at("agency_name").handle("what do you recommend?")
    assert "There is no recommended answer for this one" in texts(plain)


def test_make_it_at_a_fresh_question_answers_it_when_the_value_does_not_fit_the_last_one():
    conv = at("refresher_hours")
    conv.handle("8 hours")
    assert conv.flow.current.id == "refresher_frequency"
    reply = conv.handle("make it every two years")
    assert value(conv, "refresher_hours") == 8 and value(conv, "refresher_frequency") == 24
    assert reply.messages[0].text == "Noted: every 24 months (every two years)."


def test_a_short_question_about_the_question_gets_its_help_not_a_rubric_search():
    conv = Conversation(Flow(Answers(), CONTENT.questions), CONTENT)
    conv.greeting(False)
    conv.flow.goto(CONTENT.questions.by_field()["parties.agency_kind"].id)
    q = conv.flow.current
    reply = conv.handle("what kind?")
    assert [m.kind for m in reply.messages] == ["help", "question"]
    assert reply.messages[0].text.startswith(q.d.help.strip())
    assert "From the SECURe rubric notes" not in reply.messages[0].text
    assert conv.flow.value(q) is None and conv.flow.current is q and not reply.changed


def test_one_reply_fills_the_choice_and_its_follow_up_and_the_follow_up_is_not_asked():
    conv = Conversation(Flow(Answers(), CONTENT.questions), CONTENT)
    conv.greeting(False)
    deadline = CONTENT.questions.by_field()["training.initial_deadline"]
    months = CONTENT.questions.by_field()["training.initial_within_months"]
    conv.flow.goto(deadline.id)
    reply = conv.handle("within 6 months of starting")
    assert conv.flow.value(deadline).value == "within_months"
    assert conv.flow.value(months) == 6
    noted = reply.messages[0].text
    assert noted.startswith("Noted: ") and deadline.say(conv.flow.value(deadline)).rstrip(".") in noted
    assert months.say(6).rstrip(".") in noted
    assert conv.flow.current is not months
    assert all(months.d.text.strip() not in m.text for m in reply.messages)


def test_where_an_answer_is_shown_to_keep_sounds_good_keeps_it_and_whatever_asks():
    answers = Answers.model_validate({"parties": {"district_name": "Harlan Valley Local School District"}})
    conv = at("district_name", answers)
    reply = conv.handle("whatever")
    assert "does not say whether to keep it" in texts(reply) and not reply.changed
    assert conv.flow.current.id == "district_name"
    conv.handle("sounds good")
    assert value(conv, "district_name") == "Harlan Valley Local School District"
    assert conv.flow.current.id != "district_name"
