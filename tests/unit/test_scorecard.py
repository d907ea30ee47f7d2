"""The scorecard: statuses per rubric item, the answers that turn each item, and the check command."""

import json

import pytest

from mou_wizard.files.answer_files import save_answers
from mou_wizard.cli import main

from mou_wizard.engine.assessment import assess
from mou_wizard.interview.flow import Flow
from mou_wizard.domain.answers import Answers
from mou_wizard.engine.reports import report, scorecard
from support import CONTENT

# For each rubric item, one answer that turns it from met to against (or missing).
TURNS = {
    "SEC-1.1": ("partnership.signed_before_assignment", False, "against"),
    "SEC-1.2": ("partnership.model_mou", "none", "against"),
    "SEC-1.3": ("partnership.stakeholders", ["law_enforcement"], "against"),
    "SEC-1.4": ("partnership.review_cycle_months", 60, "against"),
    "SEC-1.5": ("partnership.data_collected", ["arrests"], "against"),
    "SEC-1.6": ("partnership.report_recipients", [], "against"),
    "SEC-1.7": ("partnership.data_breakdowns", ["age"], "against"),
    "SEC-1.8": ("parties.signatories", [{"name": "A. Chief", "title": "Chief", "party": "agency"}], "against"),
    "SEC-2.1": ("civil_rights.laws", ["title_vi"], "against"),
    "SEC-2.2": ("civil_rights.non_discrimination", False, "against"),
    "SEC-2.3": ("civil_rights.law_review_months", 48, "against"),
    "SEC-2.4": ("civil_rights.civil_rights_training_all", False, "against"),
    "SEC-2.5": ("civil_rights.sro_in_discipline", True, "against"),
    "SEC-2.6": ("civil_rights.sro_school_official", True, "against"),
    "SEC-2.7": ("civil_rights.arrest_policy", "officer_discretion", "against"),
    "SEC-2.8": ("civil_rights.complaint_process", False, "against"),
    "SEC-3.1": ("hiring.youth_experience_required", False, "against"),
    "SEC-3.2": ("hiring.selection_role", "none", "against"),
    "SEC-3.3": ("hiring.removal_on_request", False, "against"),
    "SEC-3.4": ("hiring.support_staff", [], "against"),
    "SEC-4.1": ("training.initial_hours", 8, "against"),
    "SEC-4.2": ("training.refresher_hours", 0, "against"),
    "SEC-4.3": ("training.topics", ["de_escalation", "implicit_bias", "disabilities", "trauma_informed",
                                    "civil_rights", "restorative"], "against"),
    "SEC-4.4": ("civil_rights.diversion_options", [], "against"),
    "SEC-4.5": ("training.topics", ["youth_development", "restorative"], "against"),
    "SEC-4.6": ("training.joint_training", False, "against"),
    "SEC-5.1": ("evaluation.measures", ["relationships", "complaints"], "against"),
    "SEC-5.2": ("evaluation.measures", ["mou_compliance", "arrest_counts"], "against"),
    "SEC-5.3": ("evaluation.recognition", [], "against"),
    "SEC-5.4": ("evaluation.results_feed_revision", False, "against"),
}


def statuses(answers):
    return {i.sec_id: i.status for i in assess(answers, CONTENT, with_state=False).items}


def with_answer(answers, field, value):
    flow = Flow(answers, CONTENT.questions)
    flow.set_answer(flow.qs.by_field()[field], value)
    return flow.answers


def test_table_covers_every_rubric_item():
    assert set(TURNS) == set(CONTENT.rubric)


def test_recommended_answers_meet_every_item(recommended):
    assert set(statuses(recommended).values()) == {"met"}
    card = scorecard(recommended, CONTENT)
    assert card["summary"] == {"met": 30, "partly": 0, "against": 0, "missing": 0, "total": 30}


@pytest.mark.parametrize("sec", sorted(TURNS))
def test_one_answer_turns_the_item(recommended, sec):
    field, value, expected = TURNS[sec]
    after = statuses(with_answer(recommended, field, value))
    assert after[sec] == expected
    row = next(r for r in scorecard(with_answer(recommended, field, value), CONTENT)["rubric"] if r["id"] == sec)
    assert row["status"] == expected
    responsible = [a for a in row["answers"] if a["field"] == field]
    assert responsible and responsible[0]["against"] is True


def test_empty_answers_are_partly_never_met():
    card = scorecard(Answers(), CONTENT)
    assert card["summary"]["met"] == 0 and card["summary"]["partly"] == 30
    row = card["rubric"][0]
    assert row["open_questions"] and row["sections"]


def test_missing_when_no_clause_serves_the_item(recommended):
    # Without a complaint process the complaint clauses drop out; the concern makes it 'against'.
    answers = with_answer(recommended, "civil_rights.complaint_process", False)
    row = next(r for r in scorecard(answers, CONTENT)["rubric"] if r["id"] == "SEC-2.8")
    assert row["sections"] == [] and row["status"] == "against"


def test_rows_carry_source_level_sections_and_clauses(recommended):
    card = scorecard(recommended, CONTENT)
    by_id = {r["id"]: r for r in card["rubric"]}
    assert by_id["SEC-2.7"]["source"] == "practice" and by_id["SEC-1.8"]["source"] == "federal"
    assert by_id["SEC-1.4"]["sections"] and "term.review" in by_id["SEC-1.4"]["clauses"]


def test_text_and_markdown_formats(recommended):
    answers = with_answer(recommended, "civil_rights.sro_in_discipline", True)
    text = report(answers, CONTENT).text()
    assert text.startswith("SECURe rubric: 29 met, 0 partly, 1 against, 0 missing (of 30)")
    assert "SEC-2.5  seed      AGAINST" in text and "sro_in_discipline: Yes" in text
    md = report(answers, CONTENT).markdown()
    assert "| SEC-2.5 | seed | against |" in md and "## Virginia" in md


def test_check_command_json_and_strict(tmp_path, recommended, capsys):
    path = tmp_path / "a.yaml"
    save_answers(path, recommended)
    assert main(["check", str(path), "--format", "json", "--strict"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format_version"] == 1 and out["summary"]["met"] == 30
    assert out["state"]["code"] == "VA"  # the answers' state, since a pack exists for it
    save_answers(path, with_answer(recommended, "hiring.removal_on_request", False))
    assert main(["check", str(path), "--strict"]) == 1
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
