"""Whole interviews as five different people would type them, through ``mou-wizard interview --plain``.

Each persona answers in their own words (the replies people gave in the user trial among them) and
presses Enter where they accept the recommendation. The lines are worked out by walking the same
interview in-process, so a persona only says what it would say to each question asked; then a real
process is fed those lines on stdin. Every fact the persona gave must reach the answer file and the
rendered draft (read back with python-docx); one persona answers against the rubric and confirms it,
and its gaps must show in the draft's rubric table.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mou_wizard.domain.answers import to_plain
from mou_wizard.files.answer_files import load_answers, load_interview_state
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from support import docx_text
from support import CONTENT, ROOT, isolated_env

pytestmark = pytest.mark.slow


def next_july_1(today: dt.date) -> dt.date:
    start = dt.date(today.year, 7, 1)
    return start if start > today else dt.date(today.year + 1, 7, 1)


@dataclass
class Persona:
    name: str
    replies: dict[str, str]                     # question id -> what they type (Enter for the rest)
    facts: dict[str, Any]                       # answer field -> the value that must be saved
    draft: list[str]                            # words that must appear in the rendered draft
    not_in_output: list[str] = field(default_factory=list)  # words the assistant must never show them
    keep: set[str] = field(default_factory=set)  # questions whose answer against the rubric they keep

    def script(self) -> list[str]:
        """The lines typed, in the order the interview asks (Enter where the persona has no words)."""
        conv = Conversation(Flow(None, CONTENT.questions), CONTENT)
        lines: list[str] = []
        replies = {**FRAME_REPLIES, **self.replies}
        keep = self.keep | FRAME_KEEP
        while not conv.flow.done:
            q = conv.flow.current
            assert q.id in replies or q.d.recommended is not None, f"{self.name}: no reply for {q.id}"
            line = replies.get(q.id, "")
            reply = conv.handle(line)
            lines.append(line)
            errors = [m.text for m in reply.messages if m.kind == "error"]
            assert not errors, (self.name, q.id, line, errors)
            if conv.pending is not None:
                assert q.id in keep, (self.name, q.id, "warned but not meant to keep it")
                lines.append("yes")
                conv.handle("yes")
            assert len(lines) < 200, self.name
        return lines


TODAY = dt.date.today()

# The agreement's frame (contracting bodies, approvals, money, insurance, staffing) as a district
# business office types it; a persona's own replies take precedence. These facts are the frame's, checked
# in tests/docx/test_frame.py; here they only carry each persona through the whole interview.
FRAME_REPLIES = {
    "district_board": "Board of Education",
    "district_approval_date": "June 10, 2026",
    "agency_contracting_party": "the City",
    "agency_approver": "the City Council",
    "agency_approval_date": "June 17, 2026",
    "authority": "the state's school code and its intergovernmental cooperation law",
    "district_notice_address": "Office of the Superintendent, 1 School Street",
    "agency_notice_address": "Office of the Chief of Police, 2 Main Street",
    "form_approval": "none",
    "attestation": "none",
    "model_mou": "none",
    "cost_basis": "per SRO",
    "annual_cost": "$95,000",
    "cost_items": "salary and benefits",
    "cost_cap": "$100,000",
    "insurance_per_occurrence": "$1,000,000",
    "insurance_aggregate": "$3,000,000",
    "body_cameras": "yes",
    "sro_count": "2",
    "sro_assignments": "one SRO at the high school and one at the middle school",
    "daily_hours": "8",
    "schedule": "school days and school events",
}
FRAME_KEEP = {"model_mou"}  # "none" where the state names no model: kept after the rubric's warning

PERSONAS = [
    Persona(
        "Ohio city district",
        replies={
            "district_name": "it's Lakeview City School District", "agency_name": "Lakeview Police Department",
            "agency_kind": "city police", "state": "ohio",
            "schools": "Lakeview High School and Lakeview Middle School",
            "signatories": "Dr. Karen Holt, Superintendent, and Chief Robert Mendez for the police",
            "effective_date": "start of the next school year", "term": "three years", "document_version": "1.0",
            "draft_date": "March 2, 2026", "model_mou": "we didn't use one",
            "mou_team_meetings": "once a month during the school year",
            "refresher_frequency": "every year before school starts",
            "initial_deadline": "within the first year on the job", "initial_within_months": "a year",
            "school_liaison_title": "the building principal", "supervisor_title": "the SRO sergeant",
            "removal_days": "two weeks", "diversion_partner": "Lakeview Teen Court",
        },
        facts={
            "parties.district_name": "Lakeview City School District", "parties.state": "OH",
            "parties.agency_kind": "city_police",
            "parties.schools": ["Lakeview High School", "Lakeview Middle School"],
            "parties.signatories": [{"name": "Dr. Karen Holt", "title": "Superintendent", "party": "district"},
                                    {"name": "Robert Mendez", "title": "Chief", "party": "agency"}],
            "parties.effective_date": next_july_1(TODAY), "parties.term_months": 36,
            "partnership.mou_team_meeting_months": 1, "training.refresher_frequency_months": 12,
            "training.initial_deadline": "within_months", "training.initial_within_months": 12,
            "hiring.school_liaison_title": "building principal", "hiring.supervisor_title": "SRO sergeant",
            "hiring.removal_days": 10,
        },
        draft=["Lakeview City School District", "Lakeview Police Department", "Dr. Karen Holt", "Robert Mendez",
               "Lakeview High School", f"{next_july_1(TODAY):%B} 1, {next_july_1(TODAY).year}",
               "The MOU Team shall meet at least once every month.", "the building principal",
               "Agency's SRO sergeant", "ten (10) Working Days", "twelve (12) months"],
        not_in_output=["For example: Virginia: ", "the the ", "every one (1) month"],
    ),
    Persona(
        "Kentucky county district with the sheriff",
        replies={
            "district_name": "Franklin County Public Schools", "agency_name": "Franklin County Sheriff's Office",
            "agency_kind": "county sherrif's office", "state": "Kentucky", "schools": "Franklin County High School",
            "signatories": "Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt",
            "effective_date": "July 1, 2026", "term": "2 yrs", "document_version": "v2", "draft_date": "4/15/2026",
            "model_mou": "none",
            "refresher_hours": "40 hrs", "refresher_frequency": "annually",
            "data_breakdowns": "the recommended ones plus grade level",
            "stakeholders": "everyone except community organizations", "force_report_hours": "same day",
            "supervisor_title": "Chief Deputy", "diversion_partner": "Franklin County Youth Services",
        },
        facts={
            "parties.state": "KY", "parties.agency_kind": "county_sheriff",
            "parties.signatories": [{"name": "Dr. Ellen Mays", "title": "Superintendent", "party": "district"},
                                    {"name": "Tom Brandt", "title": "Sheriff", "party": "agency"}],
            "parties.effective_date": dt.date(2026, 7, 1), "parties.term_months": 24, "document.version": "v2",
            "document.draft_date": dt.date(2026, 4, 15), "training.refresher_hours": 40,
            "partnership.data_breakdowns": ["race", "ethnicity", "sex", "disability", "english_learner", "age", "grade"],
            "partnership.stakeholders": ["school_administrators", "teachers", "support_staff", "law_enforcement",
                                         "juvenile_justice", "civil_rights", "families", "students",
                                         "disability_advocates"],
            "civil_rights.force_report_hours": 24,
        },
        draft=["Franklin County Public Schools", "Franklin County Sheriff's Office", "Dr. Ellen Mays", "Tom Brandt",
               "July 1, 2026", "April 15, 2026", "grade level", "disability advocates",
               "twenty-four (24) hours"],
        not_in_output=["For example: Virginia: "],
    ),
    Persona(
        "Virginia school division with city police",
        replies={
            "district_name": "Riverside City Public Schools", "agency_name": "Riverside Police Department",
            "agency_kind": "municipal PD", "state": "VA", "schools": "Riverside HS; Riverside MS; Oak Elementary",
            "signatories": ("Dr. Ana Ruiz (Division Superintendent) for the school division; "
                            "Chief Marcus Lee for the police"),
            "effective_date": "next July 1", "term": "36 months", "document_version": "Draft 3",
            "draft_date": "May 1, 2026", "goals": "all six",
            "model_mou": "the Virginia one",
            "model_departures": "We add a section on data by student group.",
            "supervisor_title": "SRO Unit Sergeant", "diversion_partner": "Riverside Juvenile Court Diversion Program",
        },
        facts={
            "parties.state": "VA",
            "parties.signatories": [{"name": "Dr. Ana Ruiz", "title": "Division Superintendent", "party": "district"},
                                    {"name": "Marcus Lee", "title": "Chief", "party": "agency"}],
            "parties.effective_date": next_july_1(TODAY), "parties.schools": ["Riverside HS", "Riverside MS", "Oak Elementary"],
            "partnership.goals": ["safe_environment", "relationships", "reduce_justice_contact", "prevention",
                                  "emergency_preparedness", "civil_rights"],
        },
        draft=["Riverside City Public Schools", "Dr. Ana Ruiz", "Division Superintendent", "Marcus Lee",
               "Oak Elementary", "emergency preparedness", "Virginia Department of Criminal Justice Services"],
    ),
    Persona(
        "Illinois district with its own police department",
        replies={
            "district_name": "Oak Park Elementary School District 97", "agency_name": "District 97 Police Department",
            "agency_kind": "our own district police department", "state": "we're in Illinois",
            "schools": "Brooks Middle School, Julian Middle School",
            "signatories": "Board President Ann Lee; Superintendent Dana Whitfield and Chief of Police Marcus Bell",
            "effective_date": "8/15/2026", "term": "a year and a half", "document_version": "0.3",
            "draft_date": "June 1 2026", "model_mou": "none",
            "citations_on_campus": "no tickets on campus",
            "initial_deadline": "within 6 months of starting", "initial_within_months": "6 months",
            "complaint_response_days": "two weeks", "supervisor_title": "Deputy Chief",
            "selection_role": "principals should interview and sign off", "diversion_partner": "Oak Park Youth Court",
        },
        keep={"model_mou"},
        facts={
            "parties.state": "IL", "parties.agency_kind": "district_police", "parties.term_months": 18,
            "parties.signatories": [{"name": "Ann Lee", "title": "Board President", "party": "district"},
                                    {"name": "Dana Whitfield", "title": "Superintendent", "party": "district"},
                                    {"name": "Marcus Bell", "title": "Chief of Police", "party": "agency"}],
            "parties.effective_date": dt.date(2026, 8, 15), "civil_rights.citations_on_campus": False,
            "training.initial_deadline": "within_months", "training.initial_within_months": 6,
            "civil_rights.complaint_response_days": 14, "hiring.selection_role": "joint_interview",
        },
        draft=["Oak Park Elementary School District 97", "Ann Lee", "Dana Whitfield", "Marcus Bell", "August 15, 2026",
               "six (6) months", "fourteen (14) days", "Brooks Middle School"],
    ),
    Persona(
        "Texas district that goes against the rubric and says so",
        replies={
            "district_name": "Pecos Valley ISD", "agency_name": "Reeves County Sheriff's Office", "agency_kind": "sheriff",
            "state": "Texas", "schools": "Pecos High School",
            "signatories": "Superintendent Maria Garza and Sheriff Bill Ortiz", "effective_date": "September 1, 2026",
            "term": "1 year", "document_version": "1.0", "draft_date": "August 1, 2026",
            "model_mou": "none",
            "sro_in_discipline": "yes", "citations_on_campus": "yes", "initial_hours": "16",
            "initial_deadline": "within 180 days", "initial_within_months": "six months",
            "supervisor_title": "Chief Deputy", "diversion_partner": "Reeves County Juvenile Probation",
        },
        keep={"sro_in_discipline", "citations_on_campus", "initial_hours"},
        facts={
            "parties.state": "TX", "civil_rights.sro_in_discipline": True, "civil_rights.citations_on_campus": True,
            "training.initial_hours": 16, "training.initial_within_months": 6,
            "parties.signatories": [{"name": "Maria Garza", "title": "Superintendent", "party": "district"},
                                    {"name": "Bill Ortiz", "title": "Sheriff", "party": "agency"}],
        },
        draft=["Pecos Valley ISD", "Reeves County Sheriff's Office", "Maria Garza", "Bill Ortiz", "sixteen (16) hours",
               "Against"],
        not_in_output=["For example: Virginia: "],
    ),
]


def field_value(answers, path: str) -> Any:
    section, name = path.split(".")
    value = to_plain(getattr(getattr(answers, section), name))
    if isinstance(value, list):
        return [{k: v for k, v in x.items() if v is not None} if isinstance(x, dict) else x for x in value]
    return value


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_a_whole_interview_in_their_own_words(persona: Persona, tmp_path: Path) -> None:
    lines = persona.script()
    path = tmp_path / "work" / "interview.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)],
        input="".join(line + "\n" for line in lines), cwd=ROOT, env=isolated_env(tmp_path),
        capture_output=True, text=True, timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    out = proc.stdout
    assert "That was the last question." in out and "Draft written to" in out, out[-2000:]
    assert "I couldn't" not in out and "I need" not in out, "a reply was refused"
    for word in persona.not_in_output:
        assert word not in out, word

    answers, state = load_answers(path), load_interview_state(path)
    assert state.finished and state.skipped == []
    for path_, value in persona.facts.items():
        assert field_value(answers, path_) == value, path_
    assert set(state.confirmed) - FRAME_KEEP == persona.keep - FRAME_KEEP  # beside "no model", kept where the state has none

    text = docx_text(path.with_suffix(".docx"))
    for word in persona.draft:
        assert word in text, word
    for word in persona.not_in_output:
        assert word not in text, word


def test_the_personas_cover_the_states_and_agency_kinds() -> None:
    states = {p.facts.get("parties.state") for p in PERSONAS}
    assert {"OH", "KY", "VA", "IL", "TX"} <= states
    kinds = {p.replies["agency_kind"] for p in PERSONAS}
    assert len(kinds) == 5
    assert any(p.keep - {"model_mou"} for p in PERSONAS)  # one goes against the rubric and confirms it
