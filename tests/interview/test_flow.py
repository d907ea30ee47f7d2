"""The flow engine: order, conditions, skip, back, jump, change, pruning, resume."""

import pytest

from mou_wizard.engine.answering import AnswerRejected, apply_answer
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import Answers, TrainingDeadline

from support import CONTENT


@pytest.fixture(scope="module")
def qs():
    return CONTENT.questions


def by_field(qs, field):
    return qs.by_field()[field]


def answer_until(flow, field):
    """Accept suggestions (skipping questions without one) until the current question fills `field`."""
    for _ in range(200):
        if flow.current.field == field:
            return
        if flow.current.suggestion is None:
            flow.skip()
        else:
            flow.accept_suggestion()
    raise AssertionError(f"never reached {field}")


def test_starts_with_the_first_parties_question_and_moves_forward(qs):
    flow = Flow(Answers(), qs)
    assert flow.current is qs.questions[0] and flow.current.step == 0
    first = flow.current
    flow.accept_suggestion()
    assert flow.value(first) == first.suggestion
    assert flow.current is qs.questions[1]


def test_skip_then_snapshot_resumes_at_same_question_with_skip_kept(qs):
    flow = Flow(Answers(), qs)
    flow.accept_suggestion()
    skipped = flow.current
    flow.skip()
    here = flow.current
    snap, state = flow.snapshot(), flow.state()
    assert state.skipped == [skipped.id] and state.current == here.id
    again = Flow(snap, qs, state)
    assert again.current.id == here.id
    assert again.skipped == {skipped.id}
    assert not again.is_answered(skipped)


def test_back_returns_to_previous_question(qs):
    flow = Flow(Answers(), qs)
    first = flow.current
    flow.accept_suggestion()
    assert flow.back() is True
    assert flow.current is first
    assert flow.back() is False


def test_goto_step_jumps_to_first_question_of_that_step(qs):
    flow = Flow(Answers(), qs)
    assert flow.goto_step(4)
    assert flow.current.step == 4
    assert flow.current is next(q for q in qs.questions if q.step == 4)


def test_condition_hides_question_and_changing_answer_clears_moot_value(qs):
    flow = Flow(Answers(), qs)
    team = by_field(qs, "partnership.mou_team")
    meets = by_field(qs, "partnership.mou_team_meeting_months")
    flow.set_answer(team, True)
    flow.set_answer(meets, 3)
    assert meets in flow.applicable()
    cleared = flow.set_answer(team, False)
    assert meets not in flow.applicable()
    assert cleared == [meets]
    assert flow.answers.partnership.mou_team_meeting_months is None


def test_training_deadline_within_months_asks_months_then_switching_back_clears_it(qs):
    flow = Flow(Answers(), qs)
    deadline = by_field(qs, "training.initial_deadline")
    months = by_field(qs, "training.initial_within_months")
    assert months not in flow.applicable()
    flow.set_answer(deadline, "within_months")
    assert months in flow.applicable()
    flow.set_answer(months, 12)
    # The model forbids months with before_assignment; the flow clears the moot answer instead of failing.
    flow.set_answer(deadline, "before_assignment")
    assert flow.answers.training.initial_deadline is TrainingDeadline.before_assignment
    assert flow.answers.training.initial_within_months is None


def test_rejected_value_changes_nothing(qs):
    flow = Flow(Answers(), qs)
    q = by_field(qs, "partnership.review_cycle_months")
    with pytest.raises(AnswerRejected, match="positive"):
        flow.set_answer(q, 0)
    assert flow.answers.partnership.review_cycle_months is None


def test_change_earlier_answer_then_return_to_pending(qs):
    flow = Flow(Answers(), qs)
    answer_until(flow, "partnership.stakeholders")
    pending = flow.current
    target = flow.find("district name")
    assert target.field == "parties.district_name"
    flow.goto(target.id)
    flow.answer("Lakeside School District")
    assert flow.answers.parties.district_name == "Lakeside School District"
    assert flow.current is pending


@pytest.mark.parametrize("words,field", [
    ("training hours", "training.initial_hours"),
    ("review cycle", "partnership.review_cycle_months"),
    ("complaint", "civil_rights.complaint_process"),
])
def test_find_by_topic(qs, words, field, recommended):
    flow = Flow(recommended, qs)
    assert flow.find(words).field == field


def test_progress_counts_answers_per_step(qs):
    flow = Flow(Answers(), qs)
    before = {p.step: p for p in flow.progress()}
    assert all(p.answered == 0 for p in before.values())
    assert [p.step for p in before.values()] == [0, 1, 2, 3, 4, 5]
    flow.accept_suggestion()
    assert {p.step: p.answered for p in flow.progress()}[0] == 1


def test_recommended_walk_finishes_with_every_applicable_question_answered(qs, recommended):
    flow = Flow(recommended, qs)
    assert flow.done
    unanswered = [q.id for q in flow.applicable() if not flow.is_answered(q) and q.suggestion is not None]
    assert unanswered == []


def test_back_after_resume_goes_to_the_previous_question_in_order(qs):
    flow = Flow(Answers(), qs)
    flow.accept_suggestion()
    flow.accept_suggestion()
    resumed = Flow(flow.snapshot(), qs, flow.state())
    assert resumed.current is qs.questions[2]
    assert resumed.back() is True
    assert resumed.current is qs.questions[1]
    assert resumed.back() is True
    assert resumed.current is qs.questions[0]
    assert resumed.back() is False


def test_a_draft_job_is_a_copy_taken_when_it_is_made(tmp_path):
    """The TUI hands its render worker a job made on the UI thread: answers typed after that moment
    (while the worker runs) never leak into the draft being written."""
    import docx

    from mou_wizard import services
    from mou_wizard.interview.session import Session

    session = Session(tmp_path / "answers.yaml", CONTENT)
    session.conversation.greeting(False)
    session.conversation.handle("Lakeside Unified School District")
    job = services.draft_job(session)
    session.conversation.handle("change district name")
    session.conversation.handle("Other Name School District")
    assert session.flow.answers.parties.district_name == "Other Name School District"
    assert job.answers.parties.district_name == "Lakeside Unified School District"
    out, _ = services.finish(job)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Lakeside Unified School District" in text and "Other Name" not in text


# --- storing an answer validates only what it changes, with the same result ------------------------


def _validated_whole(answers, qs, q, value):
    """What storing ``value`` gives when the whole answers are validated again (the reference)."""
    stored, cleared = apply_answer(answers, qs, q, value)
    data = answers.model_dump()
    section, name = q.field.split(".")
    data[section][name] = value
    for other in cleared:
        s, n = other.field.split(".")
        data[s][n] = None
    return stored, Answers.model_validate(data)


def test_storing_an_answer_gives_what_validating_the_whole_answers_gives(qs, recommended):
    """Every question, given its suggestion on empty answers and on the recommended ones (which clears
    moot answers in other sections): the stored answers equal the whole answers validated again, and
    the answers they came from are unchanged."""
    checked = 0
    for base in (Answers(), recommended):
        before = base.model_dump()
        for q in qs.questions:
            value = q.suggestion_for("VA")
            if value is None:
                continue
            stored, whole = _validated_whole(base, qs, q, value)
            assert stored.model_dump() == whole.model_dump(), q.id
            checked += 1
        assert base.model_dump() == before, "the answers a value was stored into were changed"
    assert checked > 100


def test_a_check_across_sections_still_refuses_the_value(qs, recommended):
    """The MOU Team named in the evaluation while the partnership has none: refused with the model's
    own words, whichever section the stored value is in."""
    named = Flow(recommended, qs)
    named.set_answer(by_field(qs, "evaluation.input_from"), ["mou_team", "students"])
    answers = named.answers.model_copy(update={"partnership": named.answers.partnership.model_copy(
        update={"mou_team": False})})
    with pytest.raises(AnswerRejected, match="name the MOU Team, but partnership.mou_team is false"):
        apply_answer(answers, qs, by_field(qs, "evaluation.feedback_channels"), ["surveys"])
    assert named.answers.evaluation.input_from is not None


def test_dating_a_review_changes_no_earlier_answers(recommended):
    """The review's date becomes the draft's date on a new answers object: answers stored before it,
    which share their sections with it, keep their own draft date."""
    import datetime

    from mou_wizard.domain.answers import ReviewRecord
    from mou_wizard.interview.navigators import ReviewNavigator

    qs = CONTENT.review_questions
    answers = recommended.model_copy(update={
        "review": ReviewRecord(date=datetime.date(2027, 1, 15)),
        "document": recommended.document.model_copy(update={"draft_date": datetime.date(2026, 6, 1)}),
    })
    flow = Flow(answers, qs, navigator=ReviewNavigator(recommended))
    earlier = flow.answers
    flow.nav.answered(flow, by_field(qs, "review.date"))
    assert flow.answers.document.draft_date == datetime.date(2027, 1, 15)
    assert earlier.document.draft_date == datetime.date(2026, 6, 1)
    assert flow.nav.finalize(earlier).document.draft_date == datetime.date(2027, 1, 15)
    assert earlier.document.draft_date == datetime.date(2026, 6, 1)
