"""The flow engine: order, conditions, skip, back, jump, change, pruning, resume."""

import pytest

from mou_wizard.engine.answering import AnswerRejected
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
