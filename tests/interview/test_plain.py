"""End-to-end tests of ``mou-wizard interview --plain``: a real process, answers piped on stdin."""

from __future__ import annotations

import datetime as dt

import pytest
import os
import re
import subprocess
import sys
from pathlib import Path

import docx

from mou_wizard.files.answer_files import answers_data, load_answers, read_answer_file, load_interview_state
from mou_wizard.interview.conversation import COMMANDS, Conversation, question_text
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import SCHEMA_VERSION

from support import isolated_env, killed_at_the_end, wait_until_saved
from support import CONTENT

ROOT = Path(__file__).resolve().parents[2]
CONTINUE = "Saved. Run the same command again to resume."

# Natural-text answers to the parties' questions (prompts/00-parties.yaml): what is typed, what is saved,
# and a second answer used to change it. The tests take the questions in the order the prompts ask them.
NATURAL = {
    "district_name": ("Brookfield Area School District", "Brookfield Area School District",
                      "Brookfield Unified School District", "Brookfield Unified School District"),
    "agency_name": ("Brookfield Borough Police Department", "Brookfield Borough Police Department",
                    "Brookfield County Sheriff's Office", "Brookfield County Sheriff's Office"),
    "agency_kind": ("sheriff", "county_sheriff", "state police", "state_police"),
    "state": ("Virginia", "VA", "Ohio", "OH"),
    "document_version": ("0.2", "0.2", "0.3", "0.3"),
    "draft_date": ("June 15, 2026", dt.date(2026, 6, 15), "2026-09-01", dt.date(2026, 9, 1)),
    "schools": ("Brookfield Area High School, Brookfield Middle School",
                ["Brookfield Area High School", "Brookfield Middle School"],
                "Brookfield Area High School", ["Brookfield Area High School"]),
    "signatories": ("Ana Ruiz, Superintendent, district; Tom Kerr, Sheriff, agency",
                    [{"name": "Ana Ruiz", "title": "Superintendent", "party": "district"},
                     {"name": "Tom Kerr", "title": "Sheriff", "party": "agency"}],
                    "Ana Ruiz, Superintendent, district", [{"name": "Ana Ruiz", "title": "Superintendent", "party": "district"}]),
    "effective_date": ("August 15, 2026", dt.date(2026, 8, 15), "2026-09-01", dt.date(2026, 9, 1)),
    "term": ("3 years", 36, "24 months", 24),
}
QUESTIONS = CONTENT.questions.questions
FIRST = QUESTIONS[:6]  # the parties' questions have no condition: always asked in this order


def typed(questions, alt: bool = False) -> list[str]:
    return [NATURAL[q.id][2 if alt else 0] for q in questions]


def expected(questions, alt_ids: tuple[str, ...] = ()) -> dict:
    """The answer-file data holding the NATURAL answers to ``questions``."""
    data: dict = {}
    for q in questions:
        section, name = q.field.split(".")
        data.setdefault(section, {})[name] = NATURAL[q.id][3 if q.id in alt_ids else 1]
    return data


def interview(tmp_path: Path, path: Path, lines: list[str]) -> subprocess.CompletedProcess:
    """Run the plain interview on ``path`` with ``lines`` typed, then end of input."""
    proc = subprocess.run(
        [sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)],
        input="".join(line + "\n" for line in lines),
        cwd=ROOT, env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    assert proc.stdout.startswith(f"Answer file: {path}\n")
    return proc


def saved(path: Path) -> dict:
    """The answer file as plain data (unanswered fields left out)."""
    return answers_data(read_answer_file(path).answers, read_answer_file(path).state)


def state(current: str | None, skipped: tuple[str, ...] = (), finished: bool = False) -> dict:
    return {"skipped": list(skipped), "current": current, "confirmed": [], "reviewed": [], "finished": finished}


def answers_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_first_questions_have_natural_answers():
    assert all(q.step == 0 and q.condition is None for q in QUESTIONS[:7])
    assert all(q.id in NATURAL for q in FIRST)


@pytest.mark.slow
def test_answers_in_natural_text_are_saved(tmp_path):
    folder = answers_folder(tmp_path)
    path = folder / "interview.yaml"
    proc = interview(tmp_path, path, typed(FIRST))
    assert "\nHello. " in proc.stdout and "Welcome back" not in proc.stdout
    assert proc.stdout.count("\n> Noted: ") == len(FIRST)
    for q in FIRST:
        if q.id == "agency_kind":
            assert "Noted: county sheriff's office." in proc.stdout
            # No picker here: the question lists its options (the terminal UI shows them in its picker).
            listed = "".join(f"\n  {i}. {label}" for i, (_, label) in enumerate(q.choices, start=1))
            assert question_text(q) in proc.stdout and listed in question_text(q)
        if q.id == "state":
            assert "Noted: Virginia (VA)." in proc.stdout
    assert proc.stdout.endswith(f"\n{CONTINUE}\n")
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected(FIRST), "interview": state(QUESTIONS[6].id)}
    assert sorted(os.listdir(folder)) == ["interview.yaml"]


@pytest.mark.slow
def test_resume_keeps_earlier_answers_and_adds_new_ones(tmp_path):
    path = tmp_path / "work" / "nested" / "interview.yaml"  # the folder is created
    first = interview(tmp_path, path, typed(FIRST[:3]))
    assert "Welcome back" not in first.stdout
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected(FIRST[:3]), "interview": state(QUESTIONS[3].id)}
    second = interview(tmp_path, path, typed(FIRST[3:]))
    assert "\nWelcome back. You have answered 3 of " in second.stdout
    assert "Hello." not in second.stdout
    # It resumes at the next question, not at the first one.
    assert second.stdout.split("\n> ", 1)[0].endswith(question_text(QUESTIONS[3]))
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected(FIRST), "interview": state(QUESTIONS[6].id)}


@pytest.mark.slow
def test_skip_marks_the_question_skipped(tmp_path):
    q0, q1, q2 = FIRST[:3]
    path = tmp_path / "interview.yaml"
    proc = interview(tmp_path, path, [*typed([q0]), "skip"])
    assert "Skipped for now" in proc.stdout
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected([q0]), "interview": state(q2.id, skipped=(q1.id,))}
    # Answering it later takes it off the skipped list.
    other = tmp_path / "other.yaml"
    interview(tmp_path, other, [*typed([q0]), "skip", "back", *typed([q1])])
    assert saved(other) == {"schema_version": SCHEMA_VERSION, **expected([q0, q1]), "interview": state(q2.id)}


@pytest.mark.slow
def test_back_returns_to_the_previous_question(tmp_path):
    q0, q1 = FIRST[:2]
    path = tmp_path / "interview.yaml"
    proc = interview(tmp_path, path, [*typed([q0]), "back"])
    assert proc.stdout.count(question_text(q0)) == 2
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected([q0]), "interview": state(q0.id)}
    interview(tmp_path, path, typed([q0], alt=True))
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected([q0], alt_ids=(q0.id,)), "interview": state(q1.id)}


@pytest.mark.slow
def test_why_prints_the_rubric_ids_and_saves_nothing(tmp_path):
    q0 = FIRST[0]
    assert q0.d.sec
    path = tmp_path / "interview.yaml"
    proc = interview(tmp_path, path, ["why"])
    lines = proc.stdout.splitlines()
    assert f"> {q0.d.help.strip()}" in lines
    for sec in q0.d.sec:
        assert any(line.startswith(f"  {sec}: ") for line in lines), sec
    assert saved(path) == {"schema_version": SCHEMA_VERSION, "interview": state(q0.id)}


@pytest.mark.slow
def test_help_lists_the_commands(tmp_path):
    path = tmp_path / "interview.yaml"
    proc = interview(tmp_path, path, ["help"])
    assert COMMANDS in proc.stdout
    for command in ("why", "help", "back", "skip / not sure", "step N", "change TOPIC", "quit"):
        assert re.search(rf"^  {re.escape(command)} ", proc.stdout, flags=re.M), command
    assert saved(path) == {"schema_version": SCHEMA_VERSION, "interview": state(FIRST[0].id)}


@pytest.mark.slow
def test_unparseable_answer_is_refused_and_asked_again(tmp_path):
    yesno = next(q for q in QUESTIONS if q.type == "yesno" and q.condition is None)
    section, name = yesno.field.split(".")
    path = tmp_path / "interview.yaml"
    path.write_text(f"schema_version: 1\ninterview:\n  current: {yesno.id}\n")
    proc = interview(tmp_path, path, ["banana"])
    assert question_text(yesno) in proc.stdout
    after = proc.stdout.split("\n> ", 1)[1]
    error, prompt = after.split("\n", 1)
    assert error.endswith("You can also say 'skip', 'why' or 'help'.")
    assert "Noted" not in proc.stdout
    assert prompt == "> \n" + CONTINUE + "\n"  # asked again, then end of input
    assert saved(path) == {"schema_version": SCHEMA_VERSION, "interview": state(yesno.id)}
    # A real answer to the same question (one the rubric is happy with) is then accepted.
    word, value = ("yes", True) if yesno.d.recommended is not False else ("no", False)
    proc = interview(tmp_path, path, ["banana", word])
    assert f"Noted: {word.capitalize()}." in proc.stdout
    data = saved(path)
    assert data[section] == {name: value}
    assert data["interview"]["current"] != yesno.id


@pytest.mark.slow
def test_answer_against_the_rubric_is_explained_once_then_kept_when_confirmed(tmp_path):
    q = next(q for q in QUESTIONS if q.field == "civil_rights.sro_in_discipline")
    path = tmp_path / "interview.yaml"
    path.write_text(f"schema_version: 1\ninterview:\n  current: {q.id}\n")
    # "yes" is against the rubric: warned, and "no" to keeping it asks the question again.
    proc = interview(tmp_path, path, ["yes", "no"])
    assert "SEC-2.5" in proc.stdout and "Keep this answer anyway?" in proc.stdout
    assert "let's answer it again" in proc.stdout
    assert name_of(q) not in saved(path).get("civil_rights", {})
    # Confirmed: kept, recorded as confirmed, and the gap is named.
    proc = interview(tmp_path, path, ["yes", "yes"])
    data = saved(path)
    assert data["civil_rights"]["sro_in_discipline"] is True
    assert data["interview"]["confirmed"] == [q.id]
    assert "gap against the rubric" in proc.stdout
    # Once confirmed, changing back to it later does not warn again.
    path.write_text(path.read_text().replace(f"current: {data['interview']['current']}", f"current: {q.id}"))
    proc = interview(tmp_path, path, ["yes"])
    assert "Keep this answer anyway?" not in proc.stdout


def name_of(q):
    return q.field.split(".")[1]


@pytest.mark.slow
def test_quit_exits_and_keeps_the_answers(tmp_path):
    q0, q1 = FIRST[:2]
    path = tmp_path / "interview.yaml"
    proc = interview(tmp_path, path, [*typed([q0]), "quit", *typed([q1])])
    assert "Your answers are saved." in proc.stdout
    assert CONTINUE not in proc.stdout  # quit ended it, not the end of input
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected([q0]), "interview": state(q1.id)}


@pytest.mark.slow
def test_killed_process_loses_no_answer(tmp_path):
    folder = answers_folder(tmp_path)
    path = folder / "interview.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        cwd=ROOT, env=isolated_env(tmp_path), text=True,
    )
    given = FIRST[:3]
    with killed_at_the_end(proc):
        for i, line in enumerate(typed(given), start=1):
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
            want = {"schema_version": SCHEMA_VERSION, **expected(given[:i])}
            wait_until_saved(proc, lambda: {k: v for k, v in saved(path).items() if k != "interview"}, want,
                             f"the answer {line!r}")
    assert saved(path) == {"schema_version": SCHEMA_VERSION, **expected(given), "interview": state(QUESTIONS[3].id)}
    # No temporary file; only the killed session's lock file, which the next session takes over.
    assert sorted(os.listdir(folder)) == [".interview.yaml.lock", "interview.yaml"]


# Typed answers for the questions without a recommended answer; Enter takes the recommendation.
TYPED = {
    "document_version": "0.9",
    "draft_date": "September 1, 2026",
    "district_name": "Brookfield Area School District",
    "agency_name": "Brookfield Borough Police Department",
    "agency_kind": "sheriff",
    "state": "Pennsylvania",
    "schools": "Brookfield Area High School, Brookfield Middle School",
    "signatories": "Ana Ruiz, Superintendent, district; Tom Kerr, Sheriff, agency",
    "effective_date": "2026-09-01",
    "term": "2 years",
    "model_mou": "Virginia",  # one of the state models the wizard knows (Pennsylvania publishes none)
    "model_departures": "Adds Pennsylvania's signature and filing rules; leaves out the model's uniform rules.",
    "diversion_partner": "Brookfield Youth Court",
    "supervisor_title": "SRO Unit Sergeant",
    "initial_within_months": "6 months",
    # the frame of the agreement: facts and amounts, which have no recommended answer
    "district_board": "Board of School Directors",
    "district_approval_date": "July 13, 2026",
    "agency_contracting_party": "Brookfield Borough",
    "agency_approver": "the Brookfield Borough Council",
    "agency_approval_date": "July 20, 2026",
    "authority": "the Intergovernmental Cooperation Act, 53 Pa.C.S. § 2301 et seq.",
    "district_notice_address": "Superintendent, 10 Academy Road, Brookfield, PA 16000",
    "agency_notice_address": "Chief of Police, 20 Borough Hall Plaza, Brookfield, PA 16000",
    "form_approval": "district and agency",
    "attestation": "none",
    "cost_basis": "for the whole program",
    "annual_cost": "180,000 dollars",
    "cost_items": "1, 2 and 3",
    "cost_cap": "$95k",
    "insurance_per_occurrence": "1,000,000",
    "insurance_aggregate": "2 million dollars",
    "body_cameras": "no",
    "sro_count": "two officers",
    "sro_assignments": "one SRO for the high school and one shared by the middle schools",
    "daily_hours": "8",
    "schedule": "all",
}


def full_script() -> list[str]:
    """The lines a user types for a whole interview: values where there is no recommendation, Enter elsewhere."""
    conv = Conversation(Flow(None, CONTENT.questions), CONTENT)
    lines = []
    while not conv.flow.done:
        q = conv.flow.current
        line = TYPED[q.id] if q.d.recommended is None else ""
        reply = conv.handle(line)
        assert reply.changed and not any(m.kind == "error" for m in reply.messages), (q.id, reply.messages)
        lines.append(line)
    return lines


@pytest.mark.slow
def test_full_interview_writes_the_draft(tmp_path):
    folder = answers_folder(tmp_path)
    path = folder / "interview.yaml"
    script = full_script()
    assert len(script) >= 60 and script.count("") >= 45
    proc = interview(tmp_path, path, script)
    out = folder / "interview.docx"
    lines = proc.stdout.splitlines()
    assert "That was the last question." in proc.stdout
    assert f"Draft written to {out}" in lines
    assert lines[-1] == f"Answers saved in {path}"
    coverage = [line for line in lines if line.startswith("Rubric coverage: ")]
    assert len(coverage) == 1
    m = re.fullmatch(r"Rubric coverage: (\d+) of (\d+) SECURe items are met \(\d+ met\)\.", coverage[0])
    assert m and m.group(1) == m.group(2) and int(m.group(2)) >= 30, coverage[0]
    assert CONTINUE not in proc.stdout
    assert sorted(os.listdir(folder)) == ["interview.docx", "interview.yaml"]
    answers, state = load_answers(path), load_interview_state(path)
    assert state.finished is True and state.current is None
    assert state.skipped == []
    assert answers.parties.district_name == "Brookfield Area School District"
    assert answers.parties.state == "PA"
    assert answers.training.initial_hours == 40
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Brookfield Area School District" in text
    assert "Brookfield Borough Police Department" in text
