"""Answer files: clear errors naming file, line and field; comments kept; atomic writes."""

import pytest

from mou_wizard.files.answer_files import dump_answers, load_answers, load_answers_with_data, parse_answers, save_answers
from mou_wizard.errors import UserError
from mou_wizard.domain.answers import Answers

GOOD = """\
schema_version: 3
# The parties
parties:
  district_name: Lakeside School District   # legal name
  state: va
training:
  initial_hours: 40
"""


def test_round_trip_keeps_comments_and_updates_values(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD)
    answers, data, notes = load_answers_with_data(path)
    assert answers.parties.state == "VA" and answers.training.initial_hours == 40 and notes == []
    answers.training.initial_hours = 48
    answers.hiring.removal_days = 5
    save_answers(path, answers, data)
    text = path.read_text()
    assert "# The parties" in text and "# legal name" in text
    assert "initial_hours: 48" in text and "removal_days: 5" in text
    assert load_answers(path).hiring.removal_days == 5


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.yaml"
    save_answers(path, Answers())
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
    assert load_answers(path) == Answers()


def test_dump_leaves_unanswered_fields_out_and_writes_tokens():
    a = Answers()
    a.parties.agency_kind = "county_sheriff"
    text = dump_answers(a)
    assert "agency_kind: county_sheriff" in text
    assert "null" not in text and "training" not in text


@pytest.mark.parametrize("text,expected", [
    ("", "the file is empty"),
    ("- a\n- b\n", "expected a mapping of answers at the top level"),
    ("parties:\n  state: VA\n", "schema_version: missing; expected 'schema_version: 3'"),
    ("schema_version: 9\n", "line 1: schema_version: 9 is not supported"),
    ("schema_version: one\n", "schema_version: expected a whole number, got 'one'"),
    ("schema_version: 1\nparties:\n  district_name: [unclosed\n", "YAML syntax error"),
    ("schema_version: 1\ntraining:\n  initial_hours: forty\n",
     "line 3: training.initial_hours: expected a whole number, got 'forty'"),
    ("schema_version: 1\ntraining:\n  initial_hourz: 40\n", "line 3: training.initial_hourz: unknown field"),
    ("schema_version: 1\nparties:\n  agency_kind: marshal\n",
     "line 3: parties.agency_kind: expected one of 'city_police', 'county_sheriff', 'state_police' or "
     "'district_police', got 'marshal'"),
    ("schema_version: 1\nparties:\n  state: ZZ\n", "line 3: parties.state: expected a two-letter US state code"),
    ("schema_version: 1\nparties:\n  signatories:\n    - name: A\n      title: B\n      party: other\n",
     "line 4: parties.signatories.0: signatory 'A' signs for an 'other partner': give its organization"),
    ("schema_version: 1\ntraining:\n  initial_deadline: before_assignment\n  initial_within_months: 6\n",
     "training: initial_within_months is set but initial_deadline is 'before_assignment'"),
    ("schema_version: 1\nparties:\n  effective_date: next tuesday\n",
     "line 3: parties.effective_date: expected a date like 2026-08-01"),
])
def test_bad_answer_files_give_one_clear_message(text, expected):
    with pytest.raises(UserError) as err:
        parse_answers(text, "answers.yaml")
    msg = str(err.value)
    assert msg.startswith("answers.yaml")
    assert expected in msg
    assert "\n" not in msg


def test_yaml_syntax_error_names_line(tmp_path):
    with pytest.raises(UserError, match=r"answers.yaml: line 3, column \d+: YAML syntax error"):
        parse_answers("schema_version: 1\nparties:\n  district_name: a: b\n", "answers.yaml")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UserError, match="nope.yaml: file not found"):
        load_answers(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="is a folder"):
        load_answers(tmp_path)


def test_version_1_file_migrates_forward_and_is_saved_as_current(tmp_path):
    from mou_wizard.domain.answers import SCHEMA_VERSION

    path = tmp_path / "old.yaml"
    path.write_text("schema_version: 1\n# kept\ncivil_rights:\n  diversion_partner: Lake County Youth Court\n"
                    "  complaint_process: true\n")
    answers, data, notes = load_answers_with_data(path)
    assert SCHEMA_VERSION == 3
    assert answers.civil_rights.diversion_partners == ["Lake County Youth Court"]
    assert notes == [f"migrated {path} from schema_version 1 to 2", f"migrated {path} from schema_version 2 to 3"]
    save_answers(path, answers, data)
    text = path.read_text()
    assert "schema_version: 3" in text and "diversion_partner:" not in text and "# kept" in text
    assert "- Lake County Youth Court" in text
    assert load_answers(path).civil_rights.diversion_partners == ["Lake County Youth Court"]


def test_version_1_errors_still_name_the_line():
    with pytest.raises(UserError, match="line 3: training.initial_hours: expected a whole number"):
        parse_answers("schema_version: 1\ntraining:\n  initial_hours: forty\n", "old.yaml")


def test_version_2_stakeholders_and_model_migrate_truthfully(tmp_path):
    """v2 asked who "have taken part, or will take part": those groups become the groups that will take
    part in review, and who has already taken part is open again. A free-text model is open again
    (nothing checked it), except "none"."""
    path = tmp_path / "v2.yaml"
    path.write_text("schema_version: 2\npartnership:\n  # who\n  stakeholders: [families, students]\n"
                    "  model_mou: Kentucky\n  model_departures: None; this MOU follows the model.\n")
    answers, data, notes = load_answers_with_data(path)
    p = answers.partnership
    assert p.stakeholders is None and [s.value for s in p.stakeholders_planned] == ["families", "students"]
    assert p.model_mou is None
    assert notes[0] == f"migrated {path} from schema_version 2 to 3"
    assert any("stakeholders" in n and "open again" in n for n in notes[1:])
    assert any("'Kentucky' is open again" in n for n in notes[1:])
    save_answers(path, answers, data)
    text = path.read_text()
    assert "stakeholders_planned:" in text and "model_mou" not in text and "# who" in text
    none = parse_answers("schema_version: 2\npartnership:\n  model_mou: No model\n", "v2.yaml")[0]
    assert none.partnership.model_mou == "none"


@pytest.mark.parametrize("value", ["Kentucky", "Virginia DCJS model", "V"])
def test_a_model_is_a_state_code_or_none(value):
    with pytest.raises(UserError, match="partnership.model_mou: expected 'none' or the two-letter code"):
        parse_answers(f"schema_version: 3\npartnership:\n  model_mou: {value}\n", "a.yaml")
    assert parse_answers("schema_version: 3\npartnership:\n  model_mou: va\n", "a.yaml")[0].partnership.model_mou == "VA"


# --- the interview state lives beside the answers, not inside them -------------------------------

WITH_STATE = GOOD + """\
interview:
  skipped: [agency_name]
  current: agency_kind
  finished: false
"""


def test_the_interview_block_is_read_as_state_beside_the_answers(tmp_path):
    from mou_wizard.domain.interview_state import InterviewState
    from mou_wizard.files.answer_files import read_answer_file

    path = tmp_path / "a.yaml"
    path.write_text(WITH_STATE)
    f = read_answer_file(path)
    assert "interview" not in Answers.model_fields
    assert f.answers == load_answers(path) and f.answers.parties.district_name == "Lakeside School District"
    assert f.state == InterviewState(skipped=["agency_name"], current="agency_kind")
    # Saved again: the answers and the state both come back, and the state stays last in the file.
    f.answers.training.initial_hours = 48
    save_answers(path, f.answers, f.data, f.state.model_copy(update={"current": "state"}))
    again = read_answer_file(path)
    assert again.answers.training.initial_hours == 48 and again.state.current == "state"
    text = path.read_text()
    assert text.index("interview:") > text.index("training:") and "current: state" in text
    # Without a state, a save leaves no interview block.
    save_answers(path, again.answers, again.data)
    assert "interview:" not in path.read_text() and read_answer_file(path).state is None


def test_a_bad_interview_block_names_its_line_and_field(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD + "interview:\n  skipped: [a]\n  finished: maybe\n")
    with pytest.raises(UserError) as e:
        load_answers(path)
    assert str(e.value) == f"{path}: line 10: interview.finished: expected true or false, got 'maybe'"
    path.write_text(GOOD + "interview:\n  cursor: agency_kind\n")
    with pytest.raises(UserError, match=r"line 9: interview.cursor: unknown field"):
        load_answers(path)
