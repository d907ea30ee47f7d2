"""The periodic review (``mou-wizard review PREVIOUS.yaml``): walk last cycle's answers, then record the review.

In-process, the :class:`Conversation` on the Harlan Valley example (its previous cycle is written
with schema_version 1 and migrated on load): keep / change / skip / a new answer, jumps by topic and by
step, the questions new since last cycle, and the review record at the end. Then the real command in
plain mode (a whole review, resuming after end of input, a killed process), the terminal UI under
Pilot, and the errors a user can cause.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from mou_wizard.files.answer_files import load_answers, load_interview_state
from mou_wizard.interview.conversation import question_text, why_text
from mou_wizard.docx.parts import docx_bytes
from mou_wizard.engine.drafting import build_draft
from mou_wizard.errors import UserError
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from mou_wizard.interview.session import bump_version, start_review
from mou_wizard.services import revision_for
from mou_wizard.interview.session import ReviewSession
from support import assert_user_error, isolated_env, killed_at_the_end, wait_until_saved
from support import BASE_DOCX, CONTENT

ROOT = Path(__file__).resolve().parents[2]
REVIEW_EXAMPLES = ROOT / "examples" / "review"
PREV = REVIEW_EXAMPLES / "harlan-valley-2025.yaml"
NEXT = REVIEW_EXAMPLES / "harlan-valley-2026.yaml"
CONTINUE = "Saved. Run the same command again to resume."
KEEP_PROMPT = "Keep it? (keep, change, or type the new answer)"
REVIEW_DATE = dt.date(2026, 6, 15)

# What is typed for the review questions (prompts/review.yaml); Enter takes the recommended participants.
REVIEW_REPLIES = {
    "review_date": "June 15, 2026",
    "review_participants": "",
    "review_data_findings": "Four school-based arrests, down from six; two involved students with disabilities.",
    "review_complaints": "Two complaints from parents about questioning; one sustained, the deputy retrained.",
    "review_evaluation": "Principals and counselors rated the deputy's work highly.",
    "review_law_changes": "None since the last review.",
}
REVIEW_FIELDS = {
    "review_date": "date",
    "review_participants": "participants",
    "review_data_findings": "data_findings",
    "review_complaints": "complaints",
    "review_evaluation": "evaluation_results",
    "review_law_changes": "law_changes",
}


# --- helpers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def previous():
    """Last cycle's answers, migrated from schema_version 1 on load (the example file is only read)."""
    return load_answers(PREV)


def review_of(previous) -> Conversation:
    answers, state = start_review(previous)
    return Conversation.for_review(answers, CONTENT, state, previous=previous)


def fresh(previous) -> Conversation:
    conv = review_of(previous)
    conv.greeting(False)
    return conv


# Questions of steps 0-5 that last cycle's file leaves open once migrated to schema_version 3: the model
# agreement (a free-text answer is open again; Ohio publishes no state model, so "none", kept after the
# rubric's warning). Who has already taken part is open again too; Enter takes its recommendation.
STEP_REPLIES = {"model_mou": "none"}


def reply_for(q) -> str:
    """Enter for every question of steps 0-5 (keep, or the recommendation for a new one), except the few
    typed in STEP_REPLIES; the review answers."""
    return STEP_REPLIES.get(q.id, "") if q.step <= 5 else REVIEW_REPLIES[q.id]


def answer(conv: Conversation):
    """Answer the current question with :func:`reply_for`, keeping an answer the rubric warns about.
    Returns (the lines typed, the last reply)."""
    line = reply_for(conv.flow.current)
    reply = conv.handle(line)
    lines = [line]
    if not reply.changed and any(m.kind == "warning" for m in reply.messages):
        reply = conv.handle("yes")
        lines.append("yes")
    return lines, reply


def walk(conv: Conversation, typed: list[str] | None = None) -> list[str]:
    """Drive the walk to its end with :func:`reply_for`; returns the ids of the questions answered, in order."""
    asked = []
    while not conv.flow.done:
        q = conv.flow.current
        lines, reply = answer(conv)
        if typed is not None:
            typed += lines
        assert reply.changed and not any(m.kind in ("error", "warning") for m in reply.messages), (q.id, reply.messages)
        asked.append(q.id)
        assert len(asked) <= 2 * len(conv.flow.qs.questions), "the walk does not end"
    return asked


def keep_until(conv: Conversation, question_id: str) -> None:
    while conv.flow.current.id != question_id:
        answer(conv)
        assert not conv.flow.done, f"{question_id} was never reached"


def last_question(reply) -> str:
    questions = [m.text for m in reply.messages if m.kind == "question"]
    assert questions, reply.messages
    return questions[-1]


@pytest.fixture(scope="module")
def script(previous) -> dict:
    """The whole review done in-process: the lines typed, the questions asked and the final answers."""
    conv = fresh(previous)
    typed: list[str] = []
    asked = walk(conv, typed)
    order = [q.id for q in conv.flow.order()]  # every question that applies to the answers the walk ends with
    unanswered = [q.id for q in review_of(previous).flow.order()
                  if q.step <= 5 and _value(previous, q.field) is None]
    return {
        "lines": typed,
        "asked": asked,
        "order": order,
        "unanswered": unanswered,
        "answers": conv.snapshot(),
        "state": conv.state(),
    }


def _value(answers, field: str):
    section, name = field.split(".")
    return getattr(getattr(answers, section), name)


def copy_pair(tmp_path: Path) -> Path:
    """The example pair in a folder of its own; returns the folder."""
    work = tmp_path / "work"
    work.mkdir()
    for f in (PREV, NEXT):
        shutil.copy(f, work / f.name)
    return work


def review_cmd(prev: Path, new: Path | None) -> list[str]:
    return [sys.executable, "-m", "mou_wizard", "review", str(prev), "--plain", *(["-o", str(new)] if new else [])]


def run_review(tmp_path: Path, prev: Path, new: Path | None, lines: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        review_cmd(prev, new), input="".join(line + "\n" for line in lines),
        cwd=ROOT, env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
    )


def migration_note(prev: Path) -> str:
    return "\n".join([
        f"migrated {prev} from schema_version 1 to 2",
        f"migrated {prev} from schema_version 2 to 3",
        f"{prev}: partnership.stakeholders: the groups named are kept as those that will take part in reviewing "
        "the MOU (stakeholders_planned); which groups have already taken part is open again",
        f"{prev}: partnership.model_mou: 'Ohio School Safety Center model SRO agreement' is open again: the "
        "question now offers the state model agreements the wizard knows, or 'none'",
    ])


# --- bump_version ----------------------------------------------------------------------------------


@pytest.mark.parametrize("before,after", [
    ("1.0", "1.1"), ("2", "3"), ("v1.9", "v1.10"), (None, "2.0"), ("draft", "draft.1"),
])
def test_bump_version(before, after):
    assert bump_version(before) == after


# --- the conversation, in-process ------------------------------------------------------------------


def test_start_review_bumps_the_version_and_starts_the_review_record(previous):
    new, state = start_review(previous)
    assert state.reviewed == [] and state.current is None
    assert previous.document.version == "1.0"
    assert new.document.version == "1.1" == bump_version("1.0")
    assert new.review.previous_version == "1.0"
    assert new.document.draft_date is None and new.review.date is None
    assert new.parties == previous.parties and new.training == previous.training
    # The previous answers themselves are not touched.
    assert previous.document.draft_date == dt.date(2025, 7, 1) and previous.review is None


def test_greeting_names_the_review_and_shows_last_cycles_answer(previous):
    conv = review_of(previous)
    reply = conv.greeting(False)
    hello = reply.messages[0]
    assert hello.kind == "info"
    assert hello.text.startswith("This is the periodic review of the agreement (version 1.0).")
    assert "'change TOPIC'" in hello.text and "'step N'" in hello.text and "Welcome back" not in hello.text
    first = conv.flow.order()[0]
    assert first.id == conv.flow.current.id == "district_name"
    question = reply.messages[-1]
    assert question.kind == "question"
    assert question.text == (f"{first.d.text.strip()}\n"
                             f"Last cycle: Harlan Valley Local School District. {KEEP_PROMPT}")


@pytest.mark.parametrize("line", ["", "keep", "Keep it"])
def test_enter_or_keep_keeps_the_answer_and_moves_on(previous, line):
    conv = fresh(previous)
    reply = conv.handle(line)
    assert reply.changed
    assert reply.messages[0].kind == "confirm" and reply.messages[0].text == "Kept."
    assert conv.flow.current.id == "agency_name"
    assert last_question(reply).endswith(f"\nLast cycle: Harlan County Sheriff's Office. {KEEP_PROMPT}")
    snap, state = conv.snapshot(), conv.state()
    assert snap.parties.district_name == "Harlan Valley Local School District"
    assert state.reviewed == ["district_name"]
    assert state.current == "agency_name" and state.skipped == []
    assert state.finished is False


def test_change_asks_the_question_again_with_its_options(previous):
    conv = fresh(previous)
    keep_until(conv, "agency_kind")
    q = conv.flow.current
    reply = conv.handle("change")
    assert [m.kind for m in reply.messages] == ["question"]
    assert reply.messages[0].text == question_text(q)
    assert "  1. " in reply.messages[0].text and "Last cycle" not in reply.messages[0].text
    assert conv.flow.current.id == "agency_kind" and "agency_kind" not in conv.state().reviewed
    reply = conv.handle("state police")
    assert reply.changed and reply.messages[0].text == "Noted: state police agency."
    snap = conv.snapshot()
    assert snap.parties.agency_kind.value == "state_police"
    assert conv.state().reviewed == ["district_name", "agency_name", "agency_kind"]
    assert conv.flow.current.id == "state"


def test_enter_after_change_keeps_the_old_answer(previous):
    conv = fresh(previous)
    keep_until(conv, "agency_kind")
    conv.handle("change")
    reply = conv.handle("")
    assert reply.messages[0].text == "Noted: county sheriff's office."
    assert conv.snapshot().parties.agency_kind.value == "county_sheriff"
    assert "agency_kind" in conv.state().reviewed and conv.flow.current.id == "state"


def test_a_new_answer_typed_directly_replaces_the_old_one(previous):
    conv = fresh(previous)
    reply = conv.handle("change review cycle")
    assert conv.flow.current.id == "review_cycle"
    assert last_question(reply).endswith(f"\nLast cycle: every 12 months (annually). {KEEP_PROMPT}")
    reply = conv.handle("every two years")
    assert reply.changed
    assert reply.messages[0].text == "Noted: every 24 months (every two years)."
    snap = conv.snapshot()
    assert snap.partnership.review_cycle_months == 24
    assert conv.state().reviewed == ["review_cycle"]
    # The walk continues with the next question.
    assert conv.flow.current.id == "review_on_request"
    assert last_question(reply).endswith(f"\nLast cycle: Yes. {KEEP_PROMPT}")


def test_skip_leaves_the_answer_as_it_was(previous):
    conv = fresh(previous)
    reply = conv.handle("skip")
    assert reply.changed and reply.messages[0].text == "Left as it was for now."
    snap = conv.snapshot()
    assert snap.parties.district_name == "Harlan Valley Local School District"
    assert conv.state().reviewed == ["district_name"] and conv.state().skipped == []
    assert conv.flow.current.id == "agency_name"


def test_change_topic_jumps_there_and_the_walk_continues_over_every_question(previous):
    conv = fresh(previous)
    conv.handle("")  # district_name kept
    reply = conv.handle("change refresher hours")
    assert conv.flow.current.id == "refresher_hours"
    assert "Step 4 of 5: Training." in [m.text for m in reply.messages]
    assert last_question(reply).endswith(f"\nLast cycle: 8 hours. {KEEP_PROMPT}")
    reply = conv.handle("16 hours")
    assert reply.messages[0].text == "Noted: 16 hours."
    assert conv.flow.current.id == "refresher_frequency"
    assert conv.snapshot().training.refresher_hours == 16
    # From there the walk goes on, wraps round to the questions it jumped over, and asks each once.
    asked = ["district_name", "refresher_hours", *walk(conv)]
    order = [q.id for q in conv.flow.order()]
    assert sorted(asked) == sorted(order)
    assert asked[2] == "refresher_frequency"
    snap = conv.snapshot()
    assert snap.training.refresher_hours == 16 and conv.state().finished is True
    assert conv.state().reviewed == order


def test_step_4_jumps_to_training(previous):
    conv = fresh(previous)
    reply = conv.handle("step 4")
    assert reply.changed
    first_training = next(q for q in conv.flow.order() if q.step == 4)
    assert conv.flow.current.id == first_training.id == "initial_hours"
    assert "Step 4 of 5: Training." in [m.text for m in reply.messages]
    assert last_question(reply).endswith(f"\nLast cycle: 40 hours. {KEEP_PROMPT}")
    conv.handle("")
    assert conv.state().reviewed == ["initial_hours"]
    assert conv.flow.current.id == "initial_deadline"


def test_why_still_works(previous):
    conv = fresh(previous)
    keep_until(conv, "agency_kind")
    before = conv.snapshot()
    reply = conv.handle("why")
    assert [(m.kind, m.text) for m in reply.messages] == [("help", why_text(conv.flow.current, CONTENT.rubric))]
    assert "SEC-1.8" in reply.messages[0].text
    assert not reply.changed
    assert conv.flow.current.id == "agency_kind" and conv.snapshot() == before


def test_a_question_new_since_last_cycle_is_asked_normally(previous):
    q_id = "mou_published"  # new in schema_version 2: no answer last cycle
    assert previous.partnership.mou_published is None
    conv = fresh(previous)
    keep_until(conv, "reports_public")
    reply = conv.handle("")
    assert conv.flow.current.id == q_id
    q = conv.flow.current
    assert last_question(reply) == question_text(q)
    assert "Last cycle" not in last_question(reply) and "Recommended: Yes" in last_question(reply)
    reply = conv.handle("")  # Enter takes the recommendation, as in the interview
    assert reply.messages[0].text == "Noted: Yes."
    snap = conv.snapshot()
    assert snap.partnership.mou_published is True and q_id in conv.state().reviewed


def test_the_whole_walk_then_the_review_record(previous, script):
    conv = fresh(previous)
    # Until the review date is answered the new draft has no date.
    assert conv.snapshot().document.draft_date is None
    asked = walk(conv)
    order = script["order"]
    # Every applicable question once, in order; the draft date is not asked (the review dates the draft).
    assert asked == order and len(order) == len(set(order))
    assert "draft_date" not in order
    steps = [conv.flow.qs.by_id()[qid].step for qid in asked]
    assert steps == sorted(steps)
    assert asked[-6:] == list(REVIEW_FIELDS) and all(s <= 5 for s in steps[:-6])
    snap = conv.snapshot()
    review = snap.review
    assert review.date == REVIEW_DATE
    assert [p.value for p in review.participants] == conv.flow.qs.by_id()["review_participants"].d.recommended
    assert review.data_findings == REVIEW_REPLIES["review_data_findings"]
    assert review.complaints == REVIEW_REPLIES["review_complaints"]
    assert review.evaluation_results == REVIEW_REPLIES["review_evaluation"]
    assert review.law_changes == REVIEW_REPLIES["review_law_changes"]
    assert review.previous_version == "1.0"
    assert snap.document.version == bump_version(previous.document.version) == "1.1"
    assert snap.document.draft_date == REVIEW_DATE
    state = conv.state()
    assert state.finished is True and state.current is None
    assert state.reviewed == order and state.skipped == []
    # Kept answers are last cycle's; the questions new since then (or open again since the migration)
    # took their recommendation, or the typed answer where there is none.
    # (oh_opotc_training: the Ohio pack's question on the state's basic training, new since last cycle)
    assert script["unanswered"] == ["stakeholders", "model_mou", "mou_published", "annual_role_notice",
                                    "oh_opotc_training"]
    for section in ("parties", "civil_rights", "hiring", "evaluation"):
        assert getattr(snap, section) == getattr(previous, section), section
    assert snap.training.model_copy(update={"state_standards_met": None}) == previous.training
    assert snap.partnership.model_mou == "none"
    assert [s.value for s in snap.partnership.stakeholders] == \
        conv.flow.qs.by_id()["stakeholders"].d.recommended
    # No model, so last cycle's departures from one are moot and cleared.
    assert snap.partnership.model_departures is None and previous.partnership.model_departures
    opened = {"mou_published": None, "annual_role_notice": None, "stakeholders": None, "model_mou": None,
              "model_departures": None}
    assert snap.partnership.model_copy(update=opened) == previous.partnership.model_copy(update=opened)


# --- plain mode, a real process --------------------------------------------------------------------


@pytest.mark.slow
def test_plain_full_review_writes_new_answers_and_both_drafts(tmp_path, previous, script):
    work = copy_pair(tmp_path)
    prev, new = work / PREV.name, work / "review-2026.yaml"
    before = prev.read_bytes()
    lines = script["lines"]
    keeps = len(script["order"]) - len(script["unanswered"]) - len(REVIEW_FIELDS)
    typed_steps = len(STEP_REPLIES)  # typed, not Enter
    assert lines.count("") == keeps + len(script["unanswered"]) - typed_steps + 1  # + the participants' recommendation
    proc = run_review(tmp_path, prev, new, lines)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == migration_note(prev) + "\n"
    out = proc.stdout
    assert out.startswith(f"Answer file: {new}\nThis is the periodic review of the agreement (version 1.0).")
    assert out.count("\n> Kept.\n") == keeps
    assert "That completes the review" in out and CONTINUE not in out
    revision, clean = work / "review-2026-revision.docx", work / "review-2026.docx"
    assert f"\nDraft written to {revision}\n" in out
    assert out.endswith(f"Answers saved in {new}\n")
    # The previous cycle's file is never written.
    assert prev.read_bytes() == before
    assert sorted(os.listdir(work)) == sorted([PREV.name, NEXT.name, new.name, clean.name, revision.name])
    # The new answer file: schema 3, version bumped, the review recorded, the interview finished; the
    # comments people wrote in the previous file carry over (ruamel's round trip).
    text = new.read_text()
    comments = [line for line in PREV.read_text().splitlines() if line.startswith("#")]
    assert comments and text.startswith("\n".join(comments) + "\nschema_version: 3\n")
    answers = load_answers(new)
    assert answers.document.version == "1.1" and answers.document.draft_date == REVIEW_DATE
    assert answers.review == script["answers"].review
    state = load_interview_state(new)
    assert state.finished is True and state.reviewed == script["order"]
    expected = script["answers"].model_copy(deep=True)
    assert answers == expected
    # Both drafts open, and are the drafts of these answers.
    for path in (clean, revision):
        assert docx.Document(str(path)).paragraphs
    assert clean.read_bytes() == docx_bytes(build_draft(expected, CONTENT), BASE_DOCX)
    assert revision.read_bytes() == revision_for(previous, expected, CONTENT)


@pytest.mark.slow
def test_plain_review_resumes_after_end_of_input(tmp_path, script):
    work = copy_pair(tmp_path)
    prev, new = work / PREV.name, work / "review-2026.yaml"
    order = script["order"]
    first = run_review(tmp_path, prev, new, [""] * 5)
    assert first.returncode == 0, first.stderr
    assert first.stdout.endswith(f"\n{CONTINUE}\n")
    answers, state = load_answers(new), load_interview_state(new)
    assert state.reviewed == order[:5]
    assert state.finished is False and answers.review.previous_version == "1.0"
    # Again: welcomed back, and the walk goes on at the sixth question.
    second = run_review(tmp_path, prev, new, [""])
    assert second.returncode == 0, second.stderr
    # The count is of the questions that apply to the answers so far (the model's departures apply while
    # the model question is open again).
    applying = review_of(load_answers(PREV)).flow.order()
    assert f"\nWelcome back to the review. 5 of {len(applying)} answers reviewed so far; let's continue.\n" \
        in second.stdout
    assert "This is the periodic review" not in second.stdout
    sixth = review_of(load_answers(PREV)).flow.qs.by_id()[order[5]]
    assert order[5] == "signatories"
    before_reply = second.stdout.split("\n> ", 1)[0]
    assert before_reply.endswith(f"\n{sixth.d.text.strip()}\nLast cycle: Ruth Okafor (Superintendent, district); "
                                 "Dale Pruitt (Sheriff, agency); Glenn Ashby (President, Board of Education, "
                                 f"district). {KEEP_PROMPT}")
    assert load_interview_state(new).reviewed == order[:6]
    assert sorted(os.listdir(work)) == sorted([PREV.name, NEXT.name, new.name])


@pytest.mark.slow
def test_killed_review_loses_no_reviewed_answer(tmp_path, script):
    work = copy_pair(tmp_path)
    prev, new = work / PREV.name, work / "review-2026.yaml"
    want = script["order"][:3]
    proc = subprocess.Popen(review_cmd(prev, new), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT, env=isolated_env(tmp_path), text=True)
    with killed_at_the_end(proc):
        proc.stdin.write("\n" * 3)
        proc.stdin.flush()
        wait_until_saved(proc, lambda: load_interview_state(new).reviewed, want, "the reviewed answers",
                         timeout=30)
    answers, state = load_answers(new), load_interview_state(new)
    assert state.reviewed == want and state.current == script["order"][3]
    assert answers.parties == load_answers(PREV).parties
    # Nothing half-written: no temporary file beside it, no draft; only the killed session's lock file.
    assert sorted(os.listdir(work)) == sorted([PREV.name, NEXT.name, new.name, f".{new.name}.lock"])


# --- the terminal UI -----------------------------------------------------------------------------


@pytest.fixture
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "env" / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "env" / "data"))


@pytest.mark.slow  # drives the whole app
@pytest.mark.timeout(60)
async def test_tui_review_keeps_changes_and_resumes(tmp_path, private_dirs):
    from mou_wizard.tui.app import WizardApp
    from mou_wizard.tui.widgets import ChatMessage

    def said(app, kind=None):
        return [m.text for m in app.query(ChatMessage) if kind is None or m.kind == kind]

    work = copy_pair(tmp_path)
    prev, new = work / PREV.name, work / "review-2026.yaml"
    before = prev.read_bytes()
    app = WizardApp(ReviewSession(prev, CONTENT, new))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert said(app)[0].startswith("This is the periodic review of the agreement (version 1.0).")
        assert "Last cycle:" in said(app, "question")[-1]
        assert said(app, "question")[-1].endswith(f"Last cycle: Harlan Valley Local School District. {KEEP_PROMPT}")
        app.submit("")  # keep
        await pilot.pause()
        assert said(app, "confirm")[-1] == "Kept."
        assert app.flow.current.id == "agency_name"
        assert load_interview_state(new).reviewed == ["district_name"]
        app.submit("change")
        await pilot.pause()
        assert said(app, "question")[-1] == question_text(app.flow.current)
        app.submit("Harlan County Sheriff's Department")
        await pilot.pause()
        assert said(app, "confirm")[-1] == "Noted: Harlan County Sheriff's Department."
        assert app.flow.current.id == "agency_kind"
        saved = load_answers(new)
        assert saved.parties.agency_name == "Harlan County Sheriff's Department"
        assert load_interview_state(new).reviewed == ["district_name", "agency_name"]
        await pilot.press("ctrl+q")
    assert prev.read_bytes() == before
    again = WizardApp(ReviewSession(prev, CONTENT, new))
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert said(again)[0].startswith("Welcome back to the review. 2 of ")
        assert again.flow.current.id == "agency_kind"
        assert said(again, "question")[-1].endswith(f"Last cycle: county sheriff's office. {KEEP_PROMPT}")
        assert again.session.flow.answers.parties.agency_name == "Harlan County Sheriff's Department"
        await pilot.press("ctrl+q")
    assert load_interview_state(new).reviewed == ["district_name", "agency_name"]
    assert prev.read_bytes() == before


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_review_of_a_missing_file(tmp_path):
    work = copy_pair(tmp_path)
    missing, new = work / "nope.yaml", work / "new.yaml"
    message = assert_user_error(run_review(tmp_path, missing, new, []))
    assert message == f"{missing}: file not found"
    assert sorted(os.listdir(work)) == sorted([PREV.name, NEXT.name])


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["same", "dotted"])
def test_review_into_the_previous_file_is_refused(tmp_path, spelling):
    work = copy_pair(tmp_path)
    prev = work / PREV.name
    out = prev if spelling == "same" else work / ".." / work.name / PREV.name
    before = prev.read_bytes()
    message = assert_user_error(run_review(tmp_path, prev, out, [""] * 3))
    assert message.startswith(f"{out}: the new answer file must not be the previous one")
    assert prev.read_bytes() == before
    assert sorted(os.listdir(work)) == sorted([PREV.name, NEXT.name])


@pytest.mark.slow
@pytest.mark.parametrize("existing", ["finished-answers", "interview"])
def test_review_into_a_file_that_is_not_an_unfinished_review_is_refused(tmp_path, existing):
    work = copy_pair(tmp_path)
    prev = work / PREV.name
    if existing == "finished-answers":
        out = work / NEXT.name  # a review record, but no interview in progress
    else:
        out = work / "interview.yaml"
        shutil.copy(ROOT / "examples" / "rural-county-sheriff.yaml", out)  # answers without a review record
    before = out.read_bytes()
    message = assert_user_error(run_review(tmp_path, prev, out, [""] * 3))
    assert message.startswith(f"{out}: already exists and is not an unfinished review")
    assert out.read_bytes() == before
    assert not list(work.glob("*.docx"))


# --- fixes found while testing -------------------------------------------------------------------


def test_coverage_at_the_end_of_a_review_matches_the_check(previous):
    from mou_wizard.engine.assessment import assess
    from mou_wizard.engine.reports import scorecard

    conv = fresh(previous)
    walk(conv)
    live = {i.sec_id: i.status for i in assess(conv.flow.answers, CONTENT, with_state=False).items}
    saved = {r["id"]: r["status"] for r in scorecard(conv.snapshot(), CONTENT)["rubric"]}
    assert live == saved
    assert live["SEC-1.4"] == "met"


def test_new_answer_file_has_no_linked_values(tmp_path, previous):
    from mou_wizard.files.answer_files import dump_answers

    conv = fresh(previous)
    walk(conv)
    text = dump_answers(conv.snapshot())
    assert "&id" not in text and "*id" not in text
    assert "draft_date: 2026-06-15" in text and "date: 2026-06-15" in text


def test_a_finished_review_is_not_reused_as_the_new_file(tmp_path, previous):
    from mou_wizard.files.answer_files import save_answers

    conv = fresh(previous)
    walk(conv)
    done = conv.state()
    assert done.finished is True
    new = tmp_path / "new.yaml"
    save_answers(new, conv.snapshot(), state=done)
    with pytest.raises(UserError, match="is not an unfinished review"):
        ReviewSession(PREV, CONTENT, new)


def test_resume_continues_at_the_saved_question(tmp_path, previous):
    from mou_wizard.files.answer_files import save_answers

    conv = fresh(previous)
    conv.handle("")
    conv.handle("change review cycle")
    conv.handle("every two years")
    here = conv.flow.current.id
    assert here == "review_on_request"
    new = tmp_path / "new.yaml"
    save_answers(new, conv.snapshot(), state=conv.state())
    resumed = ReviewSession(PREV, CONTENT, new)
    assert resumed.conversation.flow.current.id == here


def test_review_questions_come_after_every_earlier_answer(previous):
    conv = fresh(previous)
    conv.handle("change refresher hours")
    conv.handle("16 hours")
    asked = walk(conv)
    steps = [conv.flow.qs.by_id()[qid].step for qid in asked]
    assert steps.index(6) == len(steps) - steps[::-1].count(6)  # the step-6 questions are the last ones
    assert all(s == 6 for s in steps[steps.index(6):])


def test_yes_and_no_answer_a_yes_no_question_instead_of_keeping(previous):
    conv = fresh(previous)
    keep_until(conv, "mou_team")
    assert conv.flow.value(conv.flow.current) is False
    conv.handle("yes")
    assert conv.flow.answers.partnership.mou_team is True


# --- issue 9: intent first, edits that do what they say ----------------------------------------------


def test_add_to_a_list_adds_to_last_cycles_list(previous):
    conv = fresh(previous)
    keep_until(conv, "schools")
    before = list(previous.parties.schools)
    assert len(before) == 2
    reply = conv.handle("add Oak Street Intermediate School")
    assert conv.snapshot().parties.schools == before + ["Oak Street Intermediate School"]
    assert reply.messages[0].text == f"Noted: {'; '.join(before + ['Oak Street Intermediate School'])}."
    assert conv.flow.current.id == "signatories" and "schools" in conv.state().reviewed


def test_remove_from_a_list(previous):
    conv = fresh(previous)
    keep_until(conv, "schools")
    conv.handle("remove Harlan Valley Junior High School")
    assert conv.snapshot().parties.schools == ["Harlan Valley High School"]


def test_remove_a_signatory(previous):
    conv = fresh(previous)
    keep_until(conv, "signatories")
    conv.handle("remove Glenn Ashby")
    assert [p.name for p in conv.snapshot().parties.signatories] == ["Ruth Okafor", "Dale Pruitt"]


def test_change_it_to_is_a_new_answer_to_the_offered_question(previous):
    conv = fresh(previous)
    conv.handle("change refresher hours")
    reply = conv.handle("change it to 40 hours, the state minimum")
    assert reply.messages[0].text == "Noted: 40 hours."
    snap = conv.snapshot()
    assert snap.training.refresher_hours == 40 and snap.parties.state == previous.parties.state
    assert conv.flow.current.id == "refresher_frequency"


@pytest.mark.parametrize("line", ["make it 16", "it should be 16 hours"])
def test_make_it_is_a_new_answer_too(previous, line):
    conv = fresh(previous)
    conv.handle("change refresher hours")
    conv.handle(line)
    assert conv.snapshot().training.refresher_hours == 16


def test_step_6_reaches_the_review_questions(previous):
    conv = fresh(previous)
    reply = conv.handle("step 6")
    assert conv.flow.current.id == "review_date" and reply.changed
    assert last_question(reply).startswith("On what date is this review being completed?")
    assert "Steps are numbered" not in texts(reply)


def test_keep_the_rest_keeps_the_rest_of_the_step(previous):
    conv = fresh(previous)
    conv.handle("")  # district_name kept one by one
    reply = conv.handle("keep the rest")
    step0 = [q.id for q in conv.flow.order() if q.step == 0]
    assert reply.messages[0].text == f"Kept {len(step0) - 1} answers of the parties as they were."
    assert conv.state().reviewed == step0
    assert conv.flow.current.step == 1 and conv.flow.current.id == conv.flow.order()[len(step0)].id
    snap = conv.snapshot()
    assert snap.parties == previous.parties


def test_keep_the_rest_still_asks_a_question_new_since_last_cycle(previous):
    conv = fresh(previous)
    conv.handle("step 1")
    reply = conv.handle("keep the rest")
    # No answer last cycle (open again since the schema 3 migration): asked, not kept.
    assert conv.flow.current.id == "stakeholders"
    assert last_question(reply) == question_text(conv.flow.current)
    assert "stakeholders" not in conv.state().reviewed


def test_review_help_names_keep_change_and_keep_the_rest(previous):
    conv = fresh(previous)
    out = texts(conv.handle("help"))
    for said in ("keep", "keep the rest", "change", "change TOPIC"):
        assert f"\n  {said} " in out, said
    assert "6 = this review" in out and "start over" not in out


def test_review_counts_agree(previous):
    conv = fresh(previous)
    for _ in range(3):
        conv.handle("")
    again = Conversation.for_review(conv.snapshot(), CONTENT, conv.state())
    total = sum(p.total for p in again.flow.progress())
    assert total == len(again.flow.order())
    assert f"3 of {total} answers reviewed so far" in texts(again.greeting(True))


def test_a_question_at_a_free_text_review_question_is_not_saved(previous):
    conv = fresh(previous)
    conv.handle("step 6")
    keep_until(conv, "review_complaints")
    reply = conv.handle("why do you need this?")
    assert [m.kind for m in reply.messages] == ["help"]
    assert conv.snapshot().review.complaints is None and conv.flow.current.id == "review_complaints"


def texts(reply) -> str:
    return "\n".join(m.text for m in reply.messages)


def test_keep_all_keeps_every_step_and_goes_to_what_is_new(previous):
    conv = fresh(previous)
    conv.handle("")  # district_name kept one by one
    reply = conv.handle("keep all")
    kept = [q for q in conv.flow.order() if q.step <= 5 and conv.flow.value(q) is not None]
    assert reply.messages[0].text == f"Kept {len(kept) - 1} answers of every step as they were."
    assert set(conv.state().reviewed) == {q.id for q in kept}
    # Questions without an answer last cycle are still asked, then the review's own questions.
    assert conv.flow.current.id == "stakeholders"
    assert conv.snapshot().parties == previous.parties and conv.snapshot().training == previous.training
    while conv.flow.current is not None and conv.flow.current.step <= 5:
        conv.handle("skip")
    assert conv.flow.current.id == "review_date"


def test_keep_all_in_the_interview_says_it_is_for_the_review():
    conv = Conversation(Flow(None, CONTENT.questions), CONTENT)
    conv.greeting(False)
    reply = conv.handle("keep all")
    assert reply.messages[0].text.startswith("'keep all' is for the periodic review.")
    assert conv.flow.current.id == "district_name" and not reply.changed


def test_last_cycle_stays_last_cycles_answer_after_a_change_and_back(previous):
    conv = fresh(previous)
    conv.handle("")  # district name kept
    conv.handle("Harlan County Sheriff and Coroner Office")
    reply = conv.handle("back")
    assert conv.flow.current.id == "agency_name"
    assert last_question(reply).endswith(
        "\nLast cycle: Harlan County Sheriff's Office.\nChanged in this review to: Harlan County Sheriff and "
        f"Coroner Office. {KEEP_PROMPT}")
    # An answer kept as it was reads as last cycle's.
    reply = conv.handle("back")
    assert last_question(reply).endswith(f"\nLast cycle: Harlan Valley Local School District. {KEEP_PROMPT}")


def test_an_answer_new_in_this_review_says_so_when_offered_again(previous):
    conv = fresh(previous)
    conv.handle("step 1")
    conv.handle("keep the rest")
    assert conv.flow.current.id == "stakeholders"
    conv.handle("school administrators and teachers")
    conv.handle("yes")  # kept after the rubric's warning
    conv.handle("change who has taken part in drafting")
    reply = conv.handle("1")
    assert conv.flow.current.id == "stakeholders"
    assert "\nNew in this review: school administrators and teachers and other educators. " in last_question(reply)


def test_help_shows_the_questions_own_example(previous):
    conv = fresh(previous)
    conv.handle("")
    out = texts(conv.handle("help"))
    assert out.endswith("An answer looks like: Riverside Police Department")
