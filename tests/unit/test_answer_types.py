"""The answer-type registry: one object per kind reads, says back, gives an example and offers a picker."""

from __future__ import annotations

import datetime as dt

import pytest

from support import CONTENT
from mou_wizard.domain.answers import AgencyKind, Law
from mou_wizard.language.answer_types import KINDS, Picker, answer_type
from mou_wizard.language.text import ParseError

label_of = CONTENT.labels.label  # the repository's wording of a choice (prompts/choices.yaml)

AGENCY = [(m.value, label_of(m)) for m in AgencyKind]
LAW = [(m.value, label_of(m)) for m in Law]
MODELS = [("VA", "Virginia: the Virginia model agreement"), ("none", "none (no model agreement)")]

# (kind, options, text typed, value, said back)
CASES = [
    ("yesno", {}, "yep", True, "Yes"),
    ("integer", {"unit": "hours"}, "forty hrs", 40, "40 hours"),
    ("integer", {}, "1,000", 1000, "1,000"),
    ("months", {}, "every two years", 24, "every 24 months (every two years)"),
    ("months", {"unit": "months"}, "3 years", 36, "36 months (three years)"),
    ("date", {}, "8/1/2026", dt.date(2026, 8, 1), "August 1, 2026"),
    ("choice", {"choices": AGENCY}, "the sheriff", "county_sheriff", label_of(AgencyKind.county_sheriff)),
    ("multichoice", {"choices": LAW}, "ferpa and title vi", ["title_vi", "ferpa"],
     f"{label_of(Law.title_vi)} and {label_of(Law.ferpa)}"),
    ("model", {"choices": MODELS}, "the Virginia model", "VA", MODELS[0][1]),
    ("list", {}, "Lincoln High, Adams Elementary", ["Lincoln High", "Adams Elementary"],
     "Lincoln High; Adams Elementary"),
    ("people", {}, "Jane Doe, Superintendent, district",
     [{"name": "Jane Doe", "title": "Superintendent", "party": "district"}], "Jane Doe (Superintendent, district)"),
    ("state", {}, "virginia", "VA", "Virginia (VA)"),
    ("text", {}, "  Riverside USD ", "Riverside USD", "Riverside USD"),
    ("title", {}, "the building principal", "building principal", "building principal"),
]


def test_every_kind_is_covered() -> None:
    assert {c[0] for c in CASES} == set(KINDS)


@pytest.mark.parametrize("kind,options,text,value,said", CASES)
def test_parse_and_say(kind, options, text, value, said) -> None:
    t = answer_type(kind, **options)
    assert t.kind == kind
    assert t.parse(text) == value
    assert t.say(value) == said
    assert t.parse(said) == value  # what is said back reads back
    assert t.say(None) == "not answered"


@pytest.mark.parametrize("kind,options", [(c[0], c[1]) for c in CASES])
def test_example_parses_with_its_own_parse(kind, options) -> None:
    t = answer_type(kind, **options)
    t.parse(t.example())


def test_every_loaded_question_has_an_example_its_type_reads() -> None:
    for q in CONTENT.questions.questions:
        assert q.answer_type.kind == q.type
        value = q.parse(q.answer_type.example())
        assert q.parse(q.say(value)) == value, q.id


def test_parse_errors_keep_their_messages() -> None:
    with pytest.raises(ParseError, match='I need a yes or no answer, such as "yes" or "no".'):
        answer_type("yesno").parse("purple")
    with pytest.raises(ParseError, match=r'such as "40" or "40 hours"'):
        answer_type("integer", unit="hours").parse("lots")


def test_pickers() -> None:
    assert answer_type("choice", choices=AGENCY).picker() == Picker(tuple(AGENCY), multi=False)
    assert answer_type("multichoice", choices=LAW).picker() == Picker(tuple(LAW), multi=True)
    for kind in ("yesno", "integer", "months", "date", "list", "people", "state", "text"):
        assert answer_type(kind).picker() is None


def test_bounds() -> None:
    t = answer_type("integer", unit="hours", min=1, max=100)
    assert t.bounds_problem(40) is None
    assert t.bounds_problem(0) == "That is less than the minimum of 1 hour."
    assert t.bounds_problem(101) == "That is more than the maximum of 100 hours."
    assert answer_type("months", max=60).bounds_problem(72) == "That is more than the maximum of 60 months."
    assert answer_type("yesno", min=1).bounds_problem(False) is None  # a bool is not a count
    assert answer_type("integer", unit="dollars", min=1000).bounds_problem(5) == \
        "That is less than the minimum of $1,000."
    assert answer_type("months", min=1).bounds_problem(0) == "That is less than the minimum of 1 month."


@pytest.mark.parametrize("text", ["no cap", "unlimited", "No limit.", "there is no maximum"])
def test_no_amount_where_the_agreement_needs_one_says_to_skip(text: str) -> None:
    with pytest.raises(ParseError, match='The agreement states a number here. If it is not settled yet, say "skip"'):
        answer_type("integer", unit="dollars", min=1).parse(text)
    assert answer_type("integer", unit="months", min=0).parse("none") == 0  # where zero is allowed, it is zero


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown answer type 'colour'") as err:
        answer_type("colour")
    assert not isinstance(err.value, ParseError)


def test_choice_types_need_choices_to_parse_and_to_say_labels() -> None:
    t = answer_type("choice")
    assert t.say(Law.ferpa) == "ferpa"  # the wording is content (prompts/choices.yaml), not in the enum
    assert t.picker() is None
    with pytest.raises(ValueError) as err:
        t.parse("1")
    assert not isinstance(err.value, ParseError)


# --- reading a reply: Parsed, ReadContext, details ------------------------------------------------

from mou_wizard.domain.answers import StudentGroup, TrainingDeadline  # noqa: E402
from mou_wizard.language.answer_types import Detail, Parsed, ReadContext  # noqa: E402

DEADLINE = [(m.value, label_of(m)) for m in TrainingDeadline]
GROUPS = [(m.value, label_of(m)) for m in StudentGroup]
WITHIN = Detail("training.initial_within_months", answer_type("months", unit="months", min=1, max=24))


@pytest.mark.parametrize("text,value,also", [
    ("within 6 months of starting", "within_months", {"training.initial_within_months": 6}),
    ("within the first year on the job", "within_months", {"training.initial_within_months": 12}),
    ("6 months", "within_months", {"training.initial_within_months": 6}),
    ("within a stated period after assignment", "within_months", {}),  # the option alone: the follow-up asks
    ("within 30 months", "within_months", {}),  # over the follow-up's maximum: left for it to ask
    ("within 180 days", "within_months", {}),  # not a number of months: the follow-up asks in months
    ("before assignment", "before_assignment", {}),
    ("before they start", "before_assignment", {}),
])
def test_a_choice_reply_carries_the_follow_ups_number(text, value, also) -> None:
    t = answer_type("choice", choices=DEADLINE, details={"within_months": WITHIN})
    assert t.read(text) == Parsed(value, also)


def test_a_reply_naming_no_option_and_no_number_is_refused() -> None:
    t = answer_type("choice", choices=DEADLINE, details={"within_months": WITHIN})
    with pytest.raises(ParseError):
        t.read("whenever they can")


def test_read_without_details_is_parse() -> None:
    t = answer_type("integer", unit="hours")
    assert t.read("forty hours") == Parsed(40)


def test_relative_dates_need_the_day_they_are_said_on() -> None:
    t = answer_type("date")
    assert t.parse("next July 1", ReadContext(today=dt.date(2026, 3, 10))) == dt.date(2026, 7, 1)
    assert t.parse("today", ReadContext(today=dt.date(2026, 3, 10))) == dt.date(2026, 3, 10)
    with pytest.raises(ParseError, match="a date written out"):
        t.parse("today")


def test_a_day_without_a_year_months_past_asks_which_year() -> None:
    """Said in December, "August 1" may be the one just past or the coming one: the year is asked,
    never guessed. A day near today, or a coming one, is read as before."""
    t = answer_type("date")
    december = ReadContext(today=dt.date(2026, 12, 3))
    with pytest.raises(ParseError, match=r"Which year: August 1, 2026, which has passed, or August 1, 2027\?"):
        t.parse("August 1", december)
    with pytest.raises(ParseError, match="July 1, 2027"):
        t.parse("7/1", december)
    assert t.parse("November 20", december) == dt.date(2026, 11, 20)  # two weeks ago
    assert t.parse("March 9", december) == dt.date(2027, 3, 9)
    assert t.parse("next August 1", december) == dt.date(2027, 8, 1)
    assert t.parse("August 1, 2026", december) == dt.date(2026, 8, 1)


def test_the_recommended_ones_plus_one_more() -> None:
    t = answer_type("multichoice", choices=GROUPS)
    ctx = ReadContext(recommended=["race", "ethnicity", "sex", "disability", "english_learner", "age"])
    assert t.parse("the recommended ones plus grade level", ctx) == [g for g, _ in GROUPS]
    with pytest.raises(ParseError, match="no recommended answer"):
        t.parse("the recommended ones plus grade level")


def test_phrases_name_an_option() -> None:
    roles = [("joint", "school leaders interview candidates"), ("none", "the Agency assigns without school involvement")]
    t = answer_type("choice", choices=roles, phrases={"joint": ["the principal and the chief", "sign off"]})
    assert t.parse("the principal and the chief") == "joint"
    assert t.parse("principals should interview and sign off") == "joint"
    assert answer_type("choice", choices=roles).picker() == t.picker()


@pytest.mark.parametrize("text,value", [("Virginia", "VA"), ("va", "VA"), ("none", "none"), ("2", "none")])
def test_a_model_is_one_of_the_known_state_models_or_none(text, value) -> None:
    assert answer_type("model", choices=MODELS).parse(text) == value


@pytest.mark.parametrize("text", ["Kentucky", "KY", "the Kentucky model MOU"])
def test_a_state_without_a_known_model_is_refused_by_name(text) -> None:
    with pytest.raises(ParseError, match=r"knows no model agreement for Kentucky \(KY\)\. Pick one of the state "
                                         r"models it knows \(Virginia\), or \"none\""):
        answer_type("model", choices=MODELS).parse(text)


@pytest.mark.parametrize("text,value", [("quarterly", 3), ("monthly", 1), ("every month", 1), ("twice a year", 6)])
def test_a_period_that_names_its_unit_is_not_asked_months_or_years(text, value):
    """A bare small number where years are usual ("3") asks which; "quarterly" says it already."""
    from mou_wizard.language.answer_types import ReadContext

    ctx = ReadContext(recommended=24)
    assert answer_type("months").read(text, ctx).value == value
    with pytest.raises(ParseError, match="Every 3 months or every 3 years"):
        answer_type("months").read("3", ctx)
