"""Understanding a reply the first time, where the content and the conversation take part: examples
that follow the state, the conversation's clock for relative dates, a choice reply that also carries
its follow-up's number, the phrases a question gives its options, and the checks on those keys."""

from __future__ import annotations

import datetime as dt

import pytest

from mou_wizard.domain.answers import Answers
from mou_wizard.interview.conversation import Conversation, question_text
from mou_wizard.interview.flow import Flow
from mou_wizard.language.answer_types import Parsed

from support import CONTENT, copy_content, load_copy, recommended

VA_MODEL = "Virginia Department of Criminal Justice Services"  # words of the Virginia option's label
NO_MODEL = "none (this MOU is not based on a model agreement)"
QS = CONTENT.questions.by_id()


def at(qid: str, answers: Answers | None = None, today: dt.date | None = None) -> Conversation:
    answers = answers or recommended()
    section, name = QS[qid].field.split(".")
    setattr(getattr(answers, section), name, None)
    conv = Conversation(Flow(answers, CONTENT.questions), CONTENT, today=(lambda: today) if today else None)
    conv.flow.goto(qid)
    return conv


# --- examples follow the state --------------------------------------------------------------------


@pytest.mark.parametrize("state,shown,hidden", [
    ("VA", "Virginia: the model memorandum", "For example: none"),
    ("NJ", "New Jersey: the Uniform State Memorandum of Agreement", "For example: Virginia"),
    ("OH", NO_MODEL, "For example: Virginia"),
    ("KY", NO_MODEL, "For example: Virginia"),
    (None, NO_MODEL, "For example: Virginia"),
])
def test_the_model_mou_example_is_the_states_own_or_names_no_state(state, shown, hidden):
    q = QS["model_mou"]
    text = question_text(q, state)
    assert f"For example: {shown}" in text and hidden not in text
    answers = recommended()
    answers.parties.state = state
    conv = at("model_mou", answers)
    asked = conv.reopen("model_mou").messages[-1].text
    assert f"For example: {shown}" in asked and hidden not in asked
    assert "Criminal Justice Services" not in q.d.help  # the help gives no state's model as the example


def test_the_example_answer_file_keeps_virginias_model_for_its_virginia_district():
    answers = recommended()
    assert answers.parties.state == "VA" and answers.partnership.model_mou == "VA"


def test_a_recommended_answer_is_the_same_in_every_state():
    q = QS["review_cycle"]
    assert {q.suggestion_for(s) for s in (None, "VA", "OH")} == {24}


# --- the conversation's clock -----------------------------------------------------------------------


@pytest.mark.parametrize("typed,stored", [
    ("today", dt.date(2026, 3, 10)),
    ("start of the next school year", dt.date(2026, 7, 1)),
    ("next July 1", dt.date(2026, 7, 1)),
    ("July 1 next year", dt.date(2027, 7, 1)),
])
def test_relative_dates_are_stored_as_the_date_they_name(typed, stored):
    conv = at("effective_date", today=dt.date(2026, 3, 10))
    reply = conv.handle(typed)
    assert conv.flow.answers.parties.effective_date == stored
    assert reply.messages[0].text == f"Noted: {stored:%B} {stored.day}, {stored.year}."


def test_the_school_year_after_july_1_starts_next_year():
    conv = at("effective_date", today=dt.date(2026, 9, 15))
    conv.handle("the start of the next school year")
    assert conv.flow.answers.parties.effective_date == dt.date(2027, 7, 1)


def test_without_a_clock_the_computers_date_is_used():
    conv = at("draft_date")
    conv.handle("today")
    assert conv.flow.answers.document.draft_date == dt.date.today()


# --- a choice reply carrying its follow-up's number -----------------------------------------------------


def test_the_deadline_question_reads_the_grace_period_too():
    q = QS["initial_deadline"]
    assert q.read("within 6 months of starting") == Parsed("within_months", {"training.initial_within_months": 6})
    assert q.read("within the first year on the job") == Parsed("within_months", {"training.initial_within_months": 12})
    assert q.read("before they start") == Parsed("before_assignment")
    assert q.parse("within 6 months of starting") == "within_months"


def test_the_also_field_belongs_to_the_follow_up_asked_only_for_that_option():
    follow = CONTENT.questions.by_field()["training.initial_within_months"]
    assert follow.id == "initial_within_months"
    answers = recommended()
    answers.training.initial_deadline = "within_months"
    assert follow.applies(CONTENT.context(answers))
    answers.training.initial_deadline = "before_assignment"
    assert not follow.applies(CONTENT.context(answers))


def test_phrases_name_the_selection_role():
    q = QS["selection_role"]
    assert q.parse("the principal and the chief") == "joint_interview"
    assert q.parse("principals should interview and sign off") == "joint_interview"
    assert q.parse("the chief decides") == "none"
    with pytest.raises(ValueError, match="could mean"):
        q.parse("the principal")


# --- content checks for the new keys ----------------------------------------------------------------------


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_options_questions_and_states_in_the_new_keys_are_named(tmp_path):
    root = copy_content(tmp_path)
    _edit(root / "prompts" / "04-training.yaml", "follow_ups: {within_months: initial_within_months}",
          "follow_ups: {within_month: initial_within_months}")
    _edit(root / "prompts" / "03-hiring.yaml", "      consulted: [consult,", "      consult: [consult,")
    _edit(root / "clause_library" / "states" / "VA.yaml", "  model_mou: VA", "  model_mo: VA")
    _edit(root / "clause_library" / "states" / "NJ.yaml", "examples:\n", "examples:\n  review_cycle: 12\n")
    problems = load_copy(root).problems
    assert any("initial_deadline: follow_ups: no option 'within_month'" in p for p in problems), problems
    assert any("selection_role: phrases: no option 'consult'" in p for p in problems), problems
    assert any("VA.yaml: examples: no question 'model_mo'" in p for p in problems), problems
    assert any("NJ.yaml: examples: review_cycle has a recommended answer" in p for p in problems), problems


def test_a_follow_up_must_ask_for_a_number(tmp_path):
    root = copy_content(tmp_path)
    _edit(root / "prompts" / "04-training.yaml", "follow_ups: {within_months: initial_within_months}",
          "follow_ups: {within_months: joint_training}")
    problems = load_copy(root).problems
    assert any("follow_ups: 'joint_training' asks for a yesno, not a number" in p for p in problems), problems


def test_lint_checks_a_packs_example_answer(tmp_path):
    from mou_wizard.checks.lint import lint

    root = copy_content(tmp_path)
    _edit(root / "clause_library" / "states" / "VA.yaml", "examples:\n", "examples:\n  effective_date: soon\n")
    content = load_copy(root)
    assert not content.problems
    problems = lint(content)
    assert any("VA.yaml: examples: effective_date: recommended/example answer 'soon' is not valid" in p
               for p in problems), problems
