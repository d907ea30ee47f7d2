"""Intent first: every reply is classified (answer, question, command, correction, small talk) before any
value is parsed (mou_wizard.language.replies), and the choice matcher only picks an option on a clear match.

Table-driven, like tests/test_parsing.py: each row is a reply seen in the user trial (issue 9) or one like it.
"""

from __future__ import annotations

import pytest

from mou_wizard.domain import answers as model
from mou_wizard.language.choices import parse_choice, parse_multichoice
from mou_wizard.language.matching import clear_topic, rank_topics
from mou_wizard.language.replies import classify, name_doubt, prose_doubt
from mou_wizard.language.text import ParseError
from support import CONTENT, table


def choices_of(enum) -> list[tuple[str, str]]:
    """(token, label) with the repository's wording of each option (prompts/choices.yaml)."""
    return [(m.value, CONTENT.labels.label(m)) for m in enum]


# --- questions are answered, never saved -----------------------------------------------------------

@table("text,qtype,name,payload", [
    ("why do you need this?", "text", "why", None),
    ("Why do you need that", "text", "why", None),
    ("why is this needed?", "list", "why", None),
    ("what is this for?", "text", "why", None),
    ("what do you mean?", "integer", "why", None),
    ("what?", "text", "why", None),
    ("what does the rubric say about using a model MOU?", "text", "rubric", None),
    ("what does the rubric say about using a model MOU", "text", "rubric", None),
    ("what is SEC-1.8?", "text", "sec", "SEC-1.8"),
    ("what is sec 2.5", "text", "sec", "SEC-2.5"),
    ("SEC-4.1?", "integer", "sec", "SEC-4.1"),
    ("can officers handcuff kids", "yesno", "rubric", None),
    ("do we have to train school staff too?", "yesno", "rubric", None),
    ("is there a minimum number of hours", "integer", "rubric", None),
    ("why can't SROs discipline students?", "yesno", "rubric", None),
    ("tell me about FERPA", "choice", "rubric", None),
    ("what do you recommend?", "integer", "recommend", None),
    ("what's the recommended answer here", "months", "recommend", None),
    ("Maple Grove Police Department?", "text", "rubric", None),
])
def test_questions_are_questions(text, qtype, name, payload):
    intent = classify(text, qtype, wants_name=True)
    assert (intent.kind, intent.name) == ("question", name), intent
    if payload:
        assert intent.payload == payload


# --- hedges are skips ------------------------------------------------------------------------------

HEDGES = [
    "not sure", "not sure yet", "not sure yet, need to ask the juvenile court", "we haven't decided",
    "We have not decided yet.", "haven't decided", "TBD", "tbd - board meets in May", "to be determined",
    "need to check with the chief", "I need to ask the superintendent", "we'll need to confirm with counsel",
    "let me check", "still deciding", "don't know yet", "no idea", "depends on the budget",
    "skip", "later", "um, not sure",
]
QTYPES = ["text", "list", "choice", "multichoice", "integer", "months", "yesno", "people"]


@table("text,qtype", [(text, qtype) for text in HEDGES for qtype in QTYPES])
def test_hedges_are_skips(text, qtype):
    assert (classify(text, qtype, wants_name=True).kind, classify(text, qtype).name) == ("command", "skip")


# --- commands ------------------------------------------------------------------------------------

@table("text,name,payload", [
    ("why", "why", ""), ("why?", "why", ""), ("help", "help", ""), ("what can I say?", "help", ""),
    ("back", "back", ""), ("go back", "back", ""), ("skip", "skip", ""), ("recommended", "recommended", ""),
    ("", "enter", ""), ("step 3", "step", "3"), ("go to step 6", "step", "6"), ("step six", "step", "6"),
    ("change training hours", "change", "training hours"), ("keep", "keep", ""), ("keep it", "keep", ""),
    ("keep the rest", "keep_rest", ""), ("keep all the rest", "keep_rest", ""),
    ("keep the rest of this step", "keep_rest", ""), ("keep all", "keep_all", ""), ("keep everything", "keep_all", ""),
    ("keep all the answers", "keep_all", ""), ("show draft", "draft", ""), ("answers", "answers", ""),
    ("save", "save", ""), ("quit", "quit", ""), ("start over", "restart", ""), ("change", "change", ""),
    ("change topic", "change", "topic"), ("change to training hours", "change", "training hours"),
    ("jump to the parties", "step", "0"), ("go to the review questions", "step", "6"),
])
def test_commands(text, name, payload):
    intent = classify(text, "text", wants_name=True)
    assert (intent.kind, intent.name, intent.payload) == ("command", name, payload)


@table("text,qtype,kind,name", [
    ("yes", "choice", "command", "keep"), ("ok", "list", "command", "keep"), ("no", "text", "command", "change"),
    ("change", "people", "command", "change"),
    # on a yes/no question, yes and no are answers even with a saved answer on the table
    ("yes", "yesno", "answer", ""), ("no", "yesno", "answer", ""),
])
def test_a_saved_answer_on_the_table_is_kept_or_reopened(text, qtype, kind, name):
    intent = classify(text, qtype, offered=True)
    assert (intent.kind, intent.name) == (kind, name)


# --- corrections ---------------------------------------------------------------------------------

@table("text,qtype,name,payload", [
    ("change it to 40 hours, the state minimum", "integer", "replace", "40 hours, the state minimum"),
    ("make it 48", "integer", "replace", "48"),
    ("make that quarterly", "months", "replace", "quarterly"),
    ("No, change that to Lakeside Police Department", "text", "replace", "Lakeside Police Department"),
    ("it should be every two years", "months", "replace", "every two years"),
    ("add Oak Street Intermediate School", "list", "add", "Oak Street Intermediate School"),
    ("also add 3", "multichoice", "add", "3"),
    ("remove Harlan Valley Junior High School", "list", "remove", "Harlan Valley Junior High School"),
    ("drop the bus stops", "multichoice", "remove", "the bus stops"),
])
def test_corrections(text, qtype, name, payload):
    intent = classify(text, qtype)
    assert (intent.kind, intent.name, intent.payload) == ("correction", name, payload)


def test_add_is_an_answer_where_no_list_is_asked():
    assert classify("Add-Ventures Youth Program", "text", wants_name=True).kind == "answer"


# --- small talk and negatives --------------------------------------------------------------------

@table("text,name", [("hi", "hello"), ("Hello!", "hello"), ("thanks", "thanks"),
                                       ("ok thanks", "thanks"), ("thank you very much", "thanks"),
                                       ("sorry", "sorry")])
def test_small_talk(text, name):
    assert classify(text, "text", wants_name=True) == classify(text, "text").__class__("smalltalk", name)


@pytest.mark.parametrize("text", ["we didn't use one", "We don't have one", "none", "None.", "there isn't one",
                                  "no model", "n/a", "we did not base it on a model"])
@pytest.mark.parametrize("qtype,wants", [("text", True), ("list", False)])
def test_a_negative_where_a_name_is_wanted_is_none_not_a_name(text, qtype, wants):
    intent = classify(text, qtype, wants_name=wants)
    assert (intent.kind, intent.name) == ("answer", "none")


@table("text", ["None since the last review.", "No changes in state law this year."])
def test_a_negative_in_sentences_is_an_answer(text):
    assert classify(text, "text", wants_name=False) == classify(text, "text").__class__("answer", "", text)


def test_a_name_that_starts_with_no_is_a_name():
    assert classify("No Limits Youth Program", "list").name == ""


# --- answers, and doubtful names -----------------------------------------------------------------

@table("text,qtype", [
    ("Lakeside Unified School District", "text"), ("Harlan County Sheriff's Office", "text"),
    ("Will County Sheriff's Office", "text"), ("1.0", "text"), ("SRO Unit Sergeant", "text"),
    ("Virginia DCJS model SRO MOU", "text"), ("every 2 yrs", "months"), ("40 hours", "integer"),
    ("Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt", "people"), ("today", "date"),
    ("all except 2", "multichoice"), ("yes", "yesno"), ("county sheriff", "choice"),
])
def test_plain_answers(text, qtype):
    intent = classify(text, qtype, wants_name=True)
    assert (intent.kind, intent.payload, intent.doubt) == ("answer", text, "")


@table("text,doubt", [
    ("Maple Grove PD, I think", "hedge"), ("probably the state one", "hedge"), ("yes", "short"), ("ok", "short"),
    ("x", "short"), ("ask the chief", "verb"), ("use the state model", "verb"), ("today", "date"),
    ("next week", "date"), ("8/1", "date"),
    ("the one the state gave us", "sentence"), ("our usual police department", "sentence"),
    ("no comment", "negative"), ("not applicable here", "negative"), ("3 years", "amount"), ("40 hrs", "amount"),
    ("$5,000", "amount"), ("two weeks", "amount"), ("50%", "amount"),
])
def test_doubtful_names(text, doubt):
    assert name_doubt(text) == doubt
    intent = classify(text, "text", wants_name=True)
    if text in ("yes", "ok", "x"):  # names no answer at all: not even offered to save
        assert intent.kind == "filler" and intent.name == "ack" and intent.doubt == ""
    else:
        assert intent.doubt == doubt


@table("text,doubt", [
    ("ask our lawyer", "verb"), ("we need to check with the county attorney", "verb"), ("find out", "verb"),
    ("confirm with counsel", "verb"), ("same as above", "reference"), ("same", "reference"),
    ("same as the District's", "reference"), ("ditto", "reference"), ("ok", "short"), ("maybe later", "hedge"),
    ("Va. Code §§ 15.2-1300 and 22.1-280.2:3", ""), ("See Va. Code § 22.1-280.2:3", ""),
    ("Office of the Superintendent, 100 Main Street, Riverside, VA 23220", ""),
    ("Adds a section on restorative practices that the state model does not have", ""),
    ("Two complaints about searches were received and resolved", ""),
    ("see attached", "reference"), ("per state law", "reference"), ("as required by law", "reference"),
    ("according to district policy", "reference"), ("Per Va. Code § 22.1-280.2:3", ""), ("n", "negative"),
    ("nah", "negative"), ("both", "short"), ("the usual", "short"),
])
def test_doubtful_prose(text, doubt):
    """A note to self or a pointer to another answer, typed where the agreement prints the text, is asked about."""
    assert prose_doubt(text) == doubt
    intent = classify(text, "text")  # ("we need to ..." is read as a skip, "same" as keep: neither is saved)
    assert intent.kind != "answer" or intent.doubt == doubt


@table("text", ["Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt", "Sheriff Tom Brandt", "Chief Marcus Bell",
                "Superintendent", "Lakeside USD, Dr. Ellen Mays"])
def test_people_are_no_partys_name(text):
    """People typed where a party's official name is asked are asked about, not saved as the name."""
    assert name_doubt(text, party="district") == name_doubt(text, party="agency") == "people"
    assert classify(text, "text", wants_name=True, party_name="district").doubt == "people"


@table("text", ["Harlan County Sheriff", "Sheriff of Harlan County", "Office of the Sheriff", "Chief Joseph School District",
                "Riverside Unified School District", "Virginia State Police", "Board of Education"])
def test_a_name_holding_a_title_is_still_a_name(text):
    assert name_doubt(text, party="agency") != "people"  # ("Office of the Sheriff" is "generic": no place named)


@table("text,party,doubt", [
    ("Lakeside Area School District", "agency", "district"), ("Fairfax County Public Schools", "agency", "district"),
    ("Lakeside ISD", "agency", "district"), ("Lakeside County Sheriff's Office", "district", "agency"),
    ("Riverside Police Department", "district", "agency"), ("Lakeside Area School District", "district", ""),
    ("Riverside Police Department", "agency", ""), ("Lakeside ISD Police Department", "agency", ""),
    ("Lakeside ISD Police Department", "district", ""), ("Chief Joseph School District", "district", ""),
])
def test_the_other_partys_name_is_asked_about(text, party, doubt):
    """The district's name typed where the agency's is asked (or the other way round) is asked about."""
    assert name_doubt(text, party=party) == doubt
    assert classify(text, "text", wants_name=True, party_name=party).doubt == doubt


# --- choices: only a clear match picks an option -------------------------------------------------

@table("text", ["Maple Grove Division of Police", "maple grove division of police",
                                  "Maple Grove Police Department", "Springfield Division of Police",
                                  "Lakeside Area School District", "Lakeside Unified School District"])
def test_an_agency_name_is_no_kind_of_agency(text):
    with pytest.raises(ParseError, match="couldn't match"):
        parse_choice(text, choices_of(model.AgencyKind))


@table("text,token", [
    ("city police", "city_police"), ("the sheriff", "county_sheriff"), ("sheriff's department", "county_sheriff"),
    ("Harlan County Sheriff's Office", "county_sheriff"), ("state troopers", "state_police"),
    ("muncipal polce departmnt", "city_police"), ("Harlan County Sheriff", "county_sheriff"),
    ("Virginia State Police", "state_police"), ("Riverside City Police", "city_police"),
    ("the school district", "district_police"),
])
def test_kinds_of_agency_still_match(text, token):
    assert parse_choice(text, choices_of(model.AgencyKind)) == token


def test_an_options_own_wording_is_never_ambiguous():
    scope = choices_of(model.ScopeItem)
    assert parse_multichoice("events on school property", scope) == ["events_on_campus"]
    assert parse_multichoice("events away from school property", scope) == ["events_off_campus"]
    assert parse_choice("events on school property", scope) == "events_on_campus"
    # words shared by both are still ambiguous
    with pytest.raises(ParseError, match="could mean"):
        parse_multichoice("school events", scope)


# --- topics: change TOPIC jumps only when the words clearly name one -----------------------------

def _topics():
    return [(q, q.d.topics, q.d.text) for q in CONTENT.questions.questions if q.d.state is None]


@table("words,qid", [
    ("training hours", "initial_hours"), ("review cycle", "review_cycle"), ("refresher hours", "refresher_hours"),
    ("district name", "district_name"), ("model MOU", "model_mou"), ("kind of agency", "agency_kind"),
    ("complaint", "complaint_process"), ("who signs", "signatories"), ("use of force", "restraint_limits"),
])
def test_a_clear_topic(words, qid):
    assert clear_topic(rank_topics(words, _topics())).id == qid


@table("words", ["it to 40 hours, the state minimum", "the police", "training", "evaluation",
                                   "the cafeteria menu"])
def test_no_clear_topic(words):
    assert clear_topic(rank_topics(words, _topics())) is None


def test_not_yet_is_a_no_at_a_yes_no_question_and_a_skip_elsewhere():
    assert classify("not yet", "yesno").kind == "answer"
    assert (classify("not yet", "text", wants_name=True).kind, classify("not yet", "list").name) == ("command", "skip")


@table("text", ["no thanks", "no problem", "no way", "no comment"])
def test_no_plus_anything_is_not_none(text):
    assert classify(text, "text", wants_name=True).name != "none"
