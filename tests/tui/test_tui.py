"""The terminal UI driven end to end: ``WizardApp`` under ``App.run_test`` with a pinned size and Pilot.

Replies go in through ``app.submit`` (exactly what Enter in the answer box does) or, where the key
handling itself is under test, by setting ``#input``'s value and pressing Enter. Each test has a timeout.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from textual.widgets import Input, OptionList

from mou_wizard.files.answer_files import answers_data, load_answers, read_answer_file, load_interview_state
from mou_wizard.interview.conversation import question_text
from mou_wizard.engine.assessment import assess

from mou_wizard.interview.session import Session
from mou_wizard.tui.app import SIGNING_OFFER, WizardApp
from mou_wizard.tui.screens.review import ReviewScreen
from mou_wizard.tui.widgets import ChatLog, ChatMessage, ChoicePicker, DraftPane, MultiPicker, StepSidebar
from support import CONTENT, ROOT

pytestmark = pytest.mark.slow  # each test drives the whole Textual app with Pilot

SIZE = (100, 32)
QUESTIONS = CONTENT.questions.questions
BY_ID = {q.id: q for q in QUESTIONS}
DISTRICT = "Lakeside Unified School District"

# What a user types for the questions that have no recommended answer (Enter would be refused there);
# every other question is answered with Enter, i.e. the recommended answer.
TYPED = {
    "district_name": DISTRICT,
    "agency_name": "Lakeside Police Department",
    "agency_kind": "city police",
    "state": "Virginia",
    "schools": "Lakeside High School, Lakeside Middle School",
    "signatories": "Maria Chen, Superintendent, district; Paul Ortiz, Chief of Police, agency",
    "effective_date": "August 1, 2026",
    "term": "3 years",
    "document_version": "1.0",
    "draft_date": "July 1, 2026",
    "model_mou": "Virginia DCJS model SRO MOU",
    "model_departures": "Adds data reporting by student group; leaves out the model's uniform rules.",
    "diversion_partner": "Lakeside Youth Court",
    "supervisor_title": "SRO Unit Sergeant",
    "initial_within_months": "6 months",
    # the frame of the agreement: facts and amounts, which have no recommended answer
    "district_board": "School Board",
    "district_approval_date": "July 13, 2026",
    "agency_contracting_party": "City of Lakeside",
    "agency_approver": "the Lakeside City Council",
    "agency_approval_date": "July 20, 2026",
    "authority": "Va. Code §§ 15.2-1300 and 22.1-280.2:3",
    "district_notice_address": "Superintendent's Office, 1 School Lane, Lakeside, VA 23000",
    "agency_notice_address": "Chief of Police, 2 Court Street, Lakeside, VA 23000",
    "form_approval": "both",
    "attestation": "the Agency",
    "cost_basis": "per SRO",
    "annual_cost": "$92,000",
    "cost_items": "salary, benefits and overtime",
    "cost_cap": "$100,000",
    "insurance_per_occurrence": "$1 million",
    "insurance_aggregate": "$3 million",
    "body_cameras": "yes",
    "sro_count": "2",
    "sro_assignments": "one SRO at each school",
    "daily_hours": "8 hours",
    "schedule": "school day, arrival and dismissal",
}


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """The template cache and the default data folder go to the test's tmp dir, not the real home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg" / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg" / "config"))  # settings.json (the theme)


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "work" / "interview.yaml"


def start_at(path: Path, question_id: str) -> Path:
    """An answer file with nothing answered and the interview positioned at ``question_id``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"schema_version: 1\ninterview:\n  current: {question_id}\n")
    return path


def reply_for(question) -> str:
    if question.d.recommended is not None:
        return ""
    assert question.id in TYPED, f"no typed answer for {question.id!r}: add one to TYPED"
    return TYPED[question.id]


def messages(app) -> list[ChatMessage]:
    return list(app.query(ChatMessage))


def texts(app, kind: str | None = None) -> list[str]:
    return [m.text for m in messages(app) if kind is None or m.kind == kind]


def sidebar_lines(app) -> list[str]:
    return str(app.query_one(StepSidebar).render()).splitlines()


def saved(path: Path) -> dict:
    return answers_data(read_answer_file(path).answers, read_answer_file(path).state)


async def type_and_enter(pilot, text: str) -> None:
    """A real Enter in the answer box (the value is set directly rather than typed key by key)."""
    box = pilot.app.query_one("#input", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def wait_until(pilot, condition, what: str, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def answer_all(app, pilot) -> int:
    """Answer every remaining question (typed values or Enter); returns how many replies were sent."""
    sent = 0
    while not app.flow.done:
        q = app.flow.current
        app.submit(reply_for(q))
        sent += 1
        assert app.flow.current is not q or app.flow.done, f"{q.id} was not accepted: {texts(app)[-2:]}"
        assert sent <= 2 * len(QUESTIONS)
    await pilot.pause()
    return sent


def in_screen(app, widget) -> bool:
    region = widget.region
    return region.area > 0 and app.screen.region.contains_region(region)


# --- greeting ------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_greeting_explains_and_asks_the_first_question(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = messages(app)
        hello = said[0].text
        assert hello.startswith("Hello. I will help the District and the Agency draft a memorandum of understanding")
        assert "Everything is saved after each reply" in hello
        assert "Welcome back" not in hello
        assert said[1].text.startswith("The parties. ")
        assert said[-1].kind == "question"
        assert said[-1].text == question_text(QUESTIONS[0], choices=False)
        assert app.flow.current.id == QUESTIONS[0].id
        assert app.focused is app.query_one("#input")
        # The sidebar: every step at 0 of its total, the parties marked as current.
        lines = sidebar_lines(app)
        assert lines[:2] == ["SECURe steps", ""]
        progress = app.flow.progress()
        assert len(progress) == 6
        for line, p in zip(lines[2:8], progress):
            mark = "▶" if p.step == 0 else "·"
            assert line.startswith(f"{mark} {' ' if p.step == 0 else p.step} {p.short}"), line
            assert line.endswith(f" 0/{p.total}"), line
        assert "Rubric coverage" in lines
        # Nothing answered, and the (empty) answer file is already there.
        assert path.exists() and saved(path)["interview"]["current"] == QUESTIONS[0].id
        assert app.sub_title == str(path)


# --- a whole interview ---------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_full_interview_writes_the_docx(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        # The first answer through the real answer box and Enter key.
        await type_and_enter(pilot, TYPED["district_name"])
        assert texts(app, "user")[-1] == DISTRICT
        assert texts(app, "confirm")[-1] == f"Noted: {DISTRICT}."
        sent = await answer_all(app, pilot)
        assert sent >= 60
        assert not texts(app, "error")
        assert "That was the last question." in texts(app, "done")
        # The review opens by itself after the last answer.
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("w")
        await wait_until(pilot, lambda: not app.rendering and any(t.startswith(("Draft written", "The draft"))
                                                                  for t in texts(app)[-2:]), "the render worker")
        assert not isinstance(app.screen, ReviewScreen)
        assert not app.query_one("#progress").display
        out = path.with_suffix(".docx")
        assert texts(app, "done")[-1] == f"Draft written to {out}\nAnswers saved in {path}"
        # Every decision settled: the signing copy is offered, and ctrl+g writes it beside the draft.
        assert texts(app)[-1] == SIGNING_OFFER and messages(app)[-1].kind == "info"
        assert app.focused is app.query_one("#input")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: texts(app)[-1].startswith("Signing copy written"), "the signing copy")
        signing = path.with_name("interview-signing.docx")
        assert texts(app)[-1] == f"Signing copy written to {signing}"
    text = "\n".join(p.text for p in docx.Document(str(signing)).paragraphs)
    assert DISTRICT in text and "Appendix A" not in text and "[To be agreed" not in text
    assert sorted(p.name for p in path.parent.iterdir()) == ["interview-signing.docx", "interview.docx",
                                                             "interview.yaml"]
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert DISTRICT in text
    answers, state = load_answers(path), load_interview_state(path)
    assert state.finished is True and state.current is None
    assert answers.parties.district_name == DISTRICT


# --- commands ------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_back_skip_why_and_change(path):
    q0, q1, q2 = QUESTIONS[:3]
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        app.submit(TYPED[q0.id])
        await pilot.pause()
        assert app.flow.current.id == q1.id
        # back: the previous question again
        await type_and_enter(pilot, "back")
        assert app.flow.current.id == q0.id
        assert texts(app)[-1] == question_text(q0)
        assert saved(path)["interview"]["current"] == q0.id
        app.submit("Lakeside Area School District")
        assert app.flow.current.id == q1.id
        # skip: recorded in the file
        await type_and_enter(pilot, "skip")
        assert app.flow.current.id == q2.id
        assert saved(path)["interview"]["skipped"] == [q1.id]
        assert texts(app, "confirm")[-1].startswith("Skipped for now")
        # why: the rubric ids behind the current question
        await type_and_enter(pilot, "why")
        why = messages(app)[-1]
        assert why.kind == "help"
        assert q2.d.sec and all(sec in why.text for sec in q2.d.sec)
        assert re.search(r"SEC-\d\.\d+", why.text)
        # change TOPIC: reopens the earlier answer; a new answer replaces it in the file
        await type_and_enter(pilot, "change district name")
        assert app.flow.current.id == q0.id
        assert "Your current answer: Lakeside Area School District." in texts(app, "info")[-1]
        assert texts(app)[-1] == question_text(q0)
        await type_and_enter(pilot, DISTRICT)
        assert saved(path)["parties"]["district_name"] == DISTRICT
        assert app.flow.current.id == q2.id  # the skipped one stays skipped
        assert saved(path)["interview"]["skipped"] == [q1.id]


# --- pickers -------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_choice_picker_answers_with_the_keyboard(path):
    kind = BY_ID["agency_kind"]
    app = WizardApp(Session(start_at(path, kind.id), CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.query_one("#choices", ChoicePicker)
        assert picker.display and not app.query_one("#multi").display
        assert picker.option_count == len(kind.choices) == 4
        options = [picker.get_option_at_index(i) for i in range(picker.option_count)]
        assert [o.id for o in options] == ["1", "2", "3", "4"]
        assert [str(o.prompt) for o in options] == [f"{i}. {label}" for i, (_, label) in enumerate(kind.choices, 1)]
        assert picker.highlighted == 0  # starts on the recommended (or current) answer
        # Listed once: in the picker, not also in the question in the transcript.
        asked = texts(app, "question")[-1]
        assert asked == question_text(kind, choices=False) and asked.startswith(kind.d.text.strip())
        assert not any(f"{i}. {label}" in asked for i, (_, label) in enumerate(kind.choices, start=1))
        assert "1. " in question_text(kind)  # what the plain mode, with no picker, prints
        picker.focus()
        await pilot.pause()
        while picker.highlighted != 1:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert saved(path)["parties"]["agency_kind"] == "county_sheriff"
        assert texts(app, "user")[-1] == "2"
        assert texts(app, "confirm")[-1] == "Noted: county sheriff's office."
        # The next question (the state) is typed: the picker goes away and the answer box has the focus.
        assert app.flow.current.id == "state"
        assert not picker.display
        assert app.focused is app.query_one("#input")


def test_options_stay_in_the_picker_after_starting_over(path):
    session = Session(start_at(path, "agency_kind"), CONTENT)
    session.conversation.options_in_picker = True  # what WizardApp sets
    session.start_over()
    assert session.conversation.options_in_picker
    session.flow.goto("agency_kind")
    assert session.conversation.question_text(session.flow.current) == question_text(BY_ID["agency_kind"],
                                                                                    choices=False)


@pytest.mark.timeout(60)
async def test_multi_picker_sends_the_ticked_options(path):
    goals = BY_ID["goals"]
    app = WizardApp(Session(start_at(path, goals.id), CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        multi = app.query_one("#multi", MultiPicker)
        assert multi.display and not app.query_one("#choices").display
        assert multi.option_count == len(goals.choices)
        tokens = [t for t, _ in goals.choices]
        recommended = {tokens.index(v) + 1 for v in goals.d.recommended}
        assert set(multi.selected) == recommended  # pre-ticked: the recommended answer
        asked = texts(app, "question")[-1]
        assert asked == question_text(goals, choices=False)
        assert not any(f"{i}. {label}" in asked for i, (_, label) in enumerate(goals.choices, start=1))
        assert "Space ticks, Enter sends" in asked
        multi.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert saved(path)["partnership"]["goals"] == list(goals.d.recommended)
        assert texts(app, "user")[-1] == ", ".join(str(i) for i in sorted(recommended))
        assert app.focused is app.query_one("#input")
        # The next one (scope): untick the first option with the keyboard, then send.
        scope = BY_ID["scope"]
        assert app.flow.current.id == scope.id and multi.display
        multi.focus()
        await pilot.pause()
        assert multi.highlighted == 0  # the list starts on option 1
        assert multi.render_line(0).text.startswith(f"▐{MultiPicker.TICKED}▌ 1. ")
        await pilot.press("space")
        # Unticked shows an empty box, not only another colour; the others keep their mark.
        assert multi.render_line(0).text.startswith(f"▐{MultiPicker.UNTICKED}▌ 1. ")
        assert multi.render_line(1).text.startswith(f"▐{MultiPicker.TICKED}▌ 2. ")
        await pilot.press("enter")
        await pilot.pause()
        assert saved(path)["partnership"]["scope"] == [v for v in scope.d.recommended if v != scope.choices[0][0]]


# --- the rubric ----------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_answer_against_the_rubric_warns_and_counts_against(path):
    q = next(q for q in QUESTIONS if q.field == "civil_rights.sro_in_discipline")
    app = WizardApp(Session(start_at(path, q.id), CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not any("against" in line for line in sidebar_lines(app))
        await type_and_enter(pilot, "yes")
        warning = messages(app)[-1]
        assert warning.kind == "warning" and warning.has_class("warning")
        assert "SEC-2.5" in warning.text
        assert warning.text.endswith("Keep this answer anyway? (yes to keep it, no to answer again)")
        assert app.flow.current.id == q.id
        assert "sro_in_discipline" not in saved(path).get("civil_rights", {})
        await type_and_enter(pilot, "yes")
        assert "Kept as you asked; the scorecard will show this as a gap against the rubric." in texts(app, "info")
        data = saved(path)
        assert data["civil_rights"]["sro_in_discipline"] is True
        assert data["interview"]["confirmed"] == [q.id]
        assert "  1 against" in sidebar_lines(app)


# --- resume --------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_resume_after_quitting(path):
    first = WizardApp(Session(path, CONTENT))
    async with first.run_test(size=SIZE) as pilot:
        for q in QUESTIONS[:3]:
            first.submit(TYPED[q.id])
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert first.return_code == 0
    assert saved(path)["interview"]["current"] == QUESTIONS[3].id

    again = WizardApp(Session(path, CONTENT))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = messages(again)
        assert said[0].text.startswith("Welcome back. You have answered 3 of ")
        assert not any(t.startswith("Hello.") for t in texts(again))
        assert again.flow.current.id == QUESTIONS[3].id
        assert said[-1].text == question_text(QUESTIONS[3], choices=False)
        parties = next(line for line in sidebar_lines(again) if "Parties" in line)
        total = again.flow.progress()[0].total
        assert re.fullmatch(rf"▶\s+Parties\s+3/{total}", parties), parties
        assert saved(path)["parties"]["district_name"] == DISTRICT


# --- intent first (issue 9) ------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_a_question_typed_at_a_free_text_question_is_answered_not_saved(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.flow.current.id == "district_name"
        for typed in ("why do you need this?", "what is SEC-1.8?", "not sure"):
            await type_and_enter(pilot, typed)
            if typed != "not sure":
                assert messages(app)[-1].kind == "help"
                assert app.flow.current.id == "district_name"
        # the hedge skipped the question: nothing saved, and no question text anywhere in the file
        assert app.flow.current.id == "agency_name"
        await type_and_enter(pilot, "what does the rubric say about using a model MOU?")
        assert messages(app)[-1].kind == "help" and app.flow.current.id == "agency_name"
    text = path.read_text()
    assert "why do you need" not in text and "SEC-1.8" not in text and "model MOU" not in text
    data = saved(path)
    assert "parties" not in data and data["interview"]["skipped"] == ["district_name"]
    assert data["interview"]["current"] == "agency_name"


@pytest.mark.timeout(60)
async def test_sidebar_says_not_yet_drafted_until_the_first_answer(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = sidebar_lines(app)
        assert lines[-2:] == ["Rubric coverage", "  not yet drafted"]
        assert not any("partly" in line for line in lines)
        app.submit(TYPED["district_name"])
        await pilot.pause()
        lines = sidebar_lines(app)
        assert "  not yet drafted" not in lines
        assert any(line.endswith(" items met") for line in lines)
        # the sidebar's totals add up to the count the greeting gave
        hello = texts(app)[0]
        total = sum(p.total for p in app.flow.progress())
        assert f"There are about {total} questions" in hello


# --- sidebar -------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_sidebar_figures_follow_the_answers(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        for q in QUESTIONS[:4]:
            app.submit(TYPED[q.id])
        # The whole of step 4 with the recommended answers: a finished step gets a tick.
        app.submit("step 4")
        while app.flow.current.step == 4:
            app.submit(reply_for(app.flow.current))
        await pilot.pause()
        lines = sidebar_lines(app)
        progress = app.flow.progress()
        assert [p.answered for p in progress][0] == 4 and progress[4].answered == progress[4].total > 0
        for p in progress:
            line = next(line for line in lines if p.short[:14] in line)
            assert line.endswith(f"{p.answered:>2}/{p.total}"), line
        marks = {p.step: next(line for line in lines if p.short[:14] in line)[0] for p in progress}
        assert marks[app.flow.current.step] == "▶"
        assert marks[4] == "✓"
        cov = assess(app.flow.answers, CONTENT, with_state=False)
        assert cov.total == 30
        assert f"  {len(cov.met)} of {cov.total} items met" in lines
        for status in ("partly", "against", "missing"):
            if cov.count(status):
                assert f"  {cov.count(status)} {status}" in lines


# --- the draft pane ------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_draft_pane_shows_the_clauses_of_the_current_step(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one("#draft", DraftPane)
        assert not pane.display
        app.submit("step 4")
        assert app.flow.current.step == 4
        await pilot.press("ctrl+l")
        assert pane.display
        body = app.query_one("#draft-text")
        await wait_until(pilot, lambda: "Initial training" in str(body.render()), "the draft preview")
        assert str(app.query_one("#draft-title").render()) == "Draft: clauses for step 4"
        assert str(body.render()) == app.conversation.draft_preview(4)
        await pilot.press("ctrl+l")
        assert not pane.display


# --- the command palette -------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_system_commands(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        step3 = app.flow.qs.step(3).title
        for title in ("Save", "Write the draft", "Review answers", "Show or hide the draft",
                      "Jump to the parties", f"Jump to step 3: {step3}"):
            assert title in commands, title
        commands[f"Jump to step 3: {step3}"].callback()
        await pilot.pause()
        assert app.flow.current.step == 3
        assert texts(app, "user")[-1] == "step 3"
        commands["Review answers"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: "
                    "apt install libreoffice-writer")
async def test_write_a_pdf_beside_the_draft(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Write a PDF"].callback()
        await pilot.pause()
        assert texts(app)[-1] == "Write the DOCX first (ctrl+o); the PDF goes beside it."
        app.action_write_draft()
        await wait_until(pilot, lambda: not app.rendering and texts(app)[-1].startswith("Draft written"), "the draft")
        commands["Write a PDF"].callback()
        pdf = path.with_suffix(".pdf")
        await wait_until(pilot, lambda: texts(app)[-1].startswith(("PDF written", "The PDF")), "the PDF", tries=2000)
        assert texts(app)[-1] == f"PDF written to {pdf}"
        assert pdf.read_bytes().startswith(b"%PDF-")
        first = pdf.stat().st_mtime_ns
        commands["Write a PDF"].callback()  # again: this session's own PDF is replaced, not renamed
        await pilot.pause()
        await wait_until(pilot, lambda: texts(app)[-1] == f"PDF written to {pdf}" and pdf.stat().st_mtime_ns != first,
                         "the second PDF", tries=2000)
    assert sorted(p.name for p in path.parent.iterdir()) == ["interview.docx", "interview.pdf", "interview.yaml"]


# --- chat behaviour ------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_user_text_is_shown_literally(path):
    name = "[bold]Lakeside[/bold] ISD"
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await type_and_enter(pilot, name)
        mine = [m for m in messages(app) if m.kind == "user"][-1]
        assert mine.text == name
        shown = mine.render()
        assert str(shown) == name and not shown.spans  # no markup applied: no bold span
        noted = [m for m in messages(app) if m.kind == "confirm"][-1]
        assert str(noted.render()) == f"Noted: {name}."
        assert name in app.export_screenshot().replace("&#160;", " ")
    assert saved(path)["parties"]["district_name"] == name


@pytest.mark.timeout(60)
async def test_chat_follows_new_messages_only_at_the_bottom(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        chat = app.query_one("#chat", ChatLog)
        # Enough to scroll, not so many that the earliest leave the layout (see the next test).
        chat.add([("info", f"Filler message {i}") for i in range(ChatLog.KEEP - 8)], follow=True)
        await pilot.pause()
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y
        # Scrolled up to read: messages that arrive on their own do not move the view.
        chat.scroll_home(animate=False)
        await pilot.pause()
        assert chat.scroll_y == 0
        before = chat.max_scroll_y
        chat.add([("info", "Arrived while reading"), ("done", "And another")])
        await pilot.pause()
        await pilot.pause()
        assert chat.max_scroll_y > before
        assert chat.scroll_y == 0
        # At the bottom: they are followed.
        chat.scroll_end(animate=False)
        await pilot.pause()
        before = chat.max_scroll_y
        chat.add([("info", "Arrived at the bottom")])
        await pilot.pause()
        await pilot.pause()
        assert chat.max_scroll_y > before
        assert chat.scroll_y == chat.max_scroll_y
        # A reply of one's own always scrolls to the answer, even when scrolled up.
        chat.scroll_home(animate=False)
        await pilot.pause()
        app.submit("why")
        await pilot.pause()
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y > 0


@pytest.mark.timeout(60)
async def test_each_next_question_is_whole_on_screen_in_the_first_frame_after_the_reply(path):
    """A picker opening below the chat makes the chat shorter in the same update; the chat still shows
    the newest question whole in that first frame, not half hidden until a later one."""
    app = WizardApp(Session(path, CONTENT))
    first_frames: list[tuple[str, bool]] = []
    waiting: list[ChatMessage] = []
    real_display = app._display

    def display(screen, update) -> None:
        real_display(screen, update)
        # The first frame that draws the question (a repaint of another widget, the input emptied say,
        # can come before the chat's new layout: it does not draw the question at all).
        if waiting and update is not None and waiting[0].region:
            msg, chat = waiting.pop(), app.query_one(ChatLog)
            first_frames.append((msg.text, chat.region.contains_region(msg.region)))

    app._display = display
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown_pickers = 0
        for _ in range(24):
            q = app.flow.current
            app.submit(reply_for(q))
            assert app.flow.current is not q
            waiting[:] = [messages(app)[-1]]
            assert waiting[0].kind == "question"
            await pilot.pause()
            shown_pickers += app.query_one(ChoicePicker).display or app.query_one(MultiPicker).display
        chat = app.query_one(ChatLog)
        assert chat.max_scroll_y > 0 and shown_pickers >= 3  # a long chat, and pickers opening
    assert len(first_frames) == 24
    assert [text for text, whole in first_frames if not whole] == []


@pytest.mark.timeout(60)
async def test_page_up_scrolls_the_chat_back_to_the_earliest_message(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        greeting = texts(app)[0]
        while len(app.query_one(ChatLog).transcript()) <= ChatLog.KEEP + 6:
            app.submit(reply_for(app.flow.current))
        await pilot.pause()
        chat = app.query_one(ChatLog)
        assert texts(app)[0] != greeting and chat.transcript()[0][1] == greeting
        assert app.focused is app.query_one("#input", Input)
        for _ in range(40):
            await pilot.press("pageup")
            if texts(app)[0] == greeting:
                break
        await pilot.pause()
        assert texts(app)[0] == greeting and chat.scroll_y < chat.max_scroll_y
        await pilot.press("pagedown")
        await pilot.pause()
        assert chat.scroll_y > 0


# --- saved as soon as it is said -------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_the_answer_is_written_once_the_reply_is_on_screen(path):
    """Writing the file never holds up the next question: it follows the screen update, once per reply."""
    session = Session(path, CONTENT)
    app = WizardApp(session)
    shown_at_save: list[list[str]] = []
    save = session.save

    def recording_save():
        shown_at_save.append(texts(app, "question"))
        save()

    session.save = recording_save
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(shown_at_save) == 1  # the new file, written as the app starts
        await type_and_enter(pilot, DISTRICT)
        await pilot.pause()
        assert texts(app, "confirm")[-1] == f"Noted: {DISTRICT}."
        assert len(shown_at_save) == 2, "one write per reply"
        assert shown_at_save[-1][-1] == texts(app, "question")[-1], "the next question was shown first"
        assert read_answer_file(path).answers.parties.district_name == DISTRICT


@pytest.mark.timeout(60)
async def test_quitting_right_after_a_reply_writes_it(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.submit(TYPED["district_name"])
        await app.action_quit()  # what ctrl+q runs, before the screen has shown the reply
        assert read_answer_file(path).answers.parties.district_name == DISTRICT
    assert app.return_code == 0
    assert read_answer_file(path).answers.parties.district_name == DISTRICT


async def test_the_app_turns_garbage_collection_back_on_as_it_mounts(path):
    import gc

    gc.disable()  # as the command line starts a session
    try:
        app = WizardApp(Session(path, CONTENT))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_the_reply_patterns_are_compiled_after_the_first_frame_not_at_the_first_reply(path):
    from mou_wizard.language import text
    from mou_wizard.language.text import LazyPattern

    waiting = LazyPattern(r"not used by any reply")  # as a module's pattern, not yet compiled
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text._UNCOMPILED == [] and waiting._compiled is not None


async def test_an_app_ended_from_outside_before_its_first_write_leaves_the_answer_file(path):
    """The answer file is written just after the first frame; an app ended before then (a browser tab
    closed at once: textual-serve's quit) still writes it as it ends, while it is still running."""
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE):
        assert app.save_due and not path.exists()  # the first frame comes before the write
        app.exit()  # not a quit command: what an ExitApp message from the driver does
    assert read_answer_file(path).answers.parties.district_name is None
    assert saved(path)["interview"]["current"] == QUESTIONS[0].id


@pytest.mark.timeout(60)
def test_a_reply_not_yet_written_when_the_app_fails_is_written_as_it_ends(path, monkeypatch):
    from textual.app import App

    from mou_wizard.tui import run_tui

    real_run, real_mount = App.run, WizardApp.on_mount

    def answer_then_fail(self):
        real_mount(self)
        self.submit(TYPED["district_name"])
        raise RuntimeError("boom")

    monkeypatch.setattr(WizardApp, "run", lambda self, **kw: real_run(self, headless=True, **kw))
    monkeypatch.setattr(WizardApp, "on_mount", answer_then_fail)
    assert run_tui(Session(path, CONTENT)) != 0
    assert read_answer_file(path).answers.parties.district_name == DISTRICT


# --- a crash -------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_crash_in_the_app_exits_non_zero(path, monkeypatch):
    """run_tui's status (the command's exit status) is non-zero when the app ended on an exception."""
    from textual.app import App

    from mou_wizard.tui import run_tui

    def boom(self):
        raise RuntimeError("boom")

    real_run = App.run
    monkeypatch.setattr(WizardApp, "run", lambda self, **kw: real_run(self, headless=True, **kw))
    monkeypatch.setattr(WizardApp, "on_mount", lambda self: self.exit())
    assert run_tui(Session(path, CONTENT)) == 0  # a clean end
    monkeypatch.setattr(WizardApp, "on_mount", boom)
    assert run_tui(Session(path, CONTENT)) != 0


async def test_the_signing_copy_is_not_offered_and_refused_while_decisions_are_open(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "partial.yaml"
    shutil.copy(ROOT / "examples" / "partial-with-skips.yaml", path)
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: not app.rendering and texts(app)[-1].startswith("Draft written"),
                         "the render worker")
        assert SIGNING_OFFER not in texts(app)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: texts(app)[-1].startswith("The signing copy could not be written"),
                         "the refusal")
        assert "open" in texts(app)[-1] and messages(app)[-1].kind == "error"
    assert not path.with_name("partial-signing.docx").exists()


async def test_in_the_periodic_review_enter_on_a_step_keeps_its_answers(tmp_path, monkeypatch):
    from mou_wizard.interview.session import ReviewSession

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    previous = tmp_path / "harlan-2025.yaml"
    shutil.copy(ROOT / "examples" / "review" / "harlan-valley-2025.yaml", previous)
    session = ReviewSession(previous, CONTENT, tmp_path / "harlan-2026.yaml")
    app = WizardApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
        options = app.screen.query_one(OptionList)
        index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == "__step__3")
        options.highlighted = index
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "the chat")
        step3 = [q.id for q in app.flow.order() if q.step == 3 and app.flow.value(q) is not None]
        assert texts(app, "confirm")[-1] == f"Kept {len(step3)} answers of step 3 as they were."
        assert set(step3) <= set(app.conversation.state().reviewed)
    # Saved: the new answer file records the step as reviewed.
    from mou_wizard.files.answer_files import load_interview_state

    assert set(step3) <= set(load_interview_state(tmp_path / "harlan-2026.yaml").reviewed)
