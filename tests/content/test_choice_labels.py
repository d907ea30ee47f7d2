"""Choice labels are content (prompts/choices.yaml): edited there, the new wording is what the interview
offers and what the draft prints; a missing or unknown label is one clear problem naming file and key."""

from __future__ import annotations

import io

import docx
import pytest

from mou_wizard.content import schema
from mou_wizard.content.files import read_yaml
from mou_wizard.domain.answers import AgencyKind, Answers, Law, Party
from mou_wizard.domain.choices import choice_sets
from mou_wizard.files.answer_files import load_answers
from mou_wizard.interview.conversation import question_text
from mou_wizard.services import draft_bytes
from support import CONTENT, ROOT, assert_user_error, copy_content, load_copy, run_cli

RURAL = ROOT / "examples" / "rural-county-sheriff.yaml"
SHERIFF = "county_sheriff: county sheriff's office"
NEW_SHERIFF = "county_sheriff: Office of the Elected County Sheriff"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _load(root):
    return load_copy(root)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def edited(tmp_path):
    """A copy of the content with two labels reworded: one choice, one item of a list of choices."""
    root = copy_content(tmp_path)
    choices = root / "prompts" / "choices.yaml"
    _edit(choices, SHERIFF, NEW_SHERIFF)
    _edit(choices, "ferpa: the Family Educational Rights and Privacy Act",
          "ferpa: the Family Educational Rights and Privacy Act (20 U.S.C. 1232g)")
    return root


def test_every_choice_has_its_label_in_the_repository_content():
    for name, cls in choice_sets().items():
        assert [t for t, _ in CONTENT.labels.options(cls)] == [m.value for m in cls]
        assert all(CONTENT.labels.label(m) for m in cls), name
    assert CONTENT.labels.label(AgencyKind.county_sheriff) == "county sheriff's office"
    assert str(AgencyKind.county_sheriff) == "county_sheriff"  # the enum knows only its token


def test_an_edited_label_is_what_the_question_offers_and_understands(edited):
    content = _load(edited).require_ok()
    q = content.questions.by_id()["agency_kind"]
    assert ("county_sheriff", "Office of the Elected County Sheriff") in q.choices
    assert "  2. Office of the Elected County Sheriff" in question_text(q).splitlines()
    assert "county sheriff's office" not in question_text(q)
    assert q.answer_type.picker().options[1] == ("county_sheriff", "Office of the Elected County Sheriff")
    assert q.parse("the elected sheriff") == "county_sheriff"
    assert q.say(AgencyKind.county_sheriff) == "Office of the Elected County Sheriff"
    laws = content.questions.by_field()["civil_rights.laws"]
    assert laws.say([Law.title_vi, Law.ferpa]).endswith("Privacy Act (20 U.S.C. 1232g)")


def test_an_edited_label_is_what_the_rendered_docx_says(edited):
    answers = load_answers(RURAL)
    assert answers.parties.agency_kind is AgencyKind.county_sheriff and Law.ferpa in answers.civil_rights.laws
    before = _docx_text(draft_bytes(answers, CONTENT))
    after = _docx_text(draft_bytes(answers, _load(edited).require_ok()))
    assert "the county sheriff's office named in the preamble" in before
    assert "the Office of the Elected County Sheriff named in the preamble" in after
    assert "county sheriff's office" not in after
    assert "Privacy Act (20 U.S.C. 1232g)" in after and "(20 U.S.C. 1232g)" not in before


@pytest.mark.slow
def test_render_with_edited_content_prints_the_new_wording(edited, tmp_path):
    out = tmp_path / "draft.docx"
    proc = run_cli(tmp_path, "render", str(RURAL), "-o", str(out), "--content", str(edited))
    assert proc.returncode == 0, proc.stderr
    assert "the Office of the Elected County Sheriff named in the preamble" in _docx_text(out.read_bytes())


def test_conditions_still_compare_tokens_after_a_label_changes(edited):
    content = _load(edited).require_ok()
    answers = load_answers(RURAL)
    ctx = content.context(answers)
    assert ctx["parties"].agency_kind == "county_sheriff"
    assert str(ctx["parties"].agency_kind) == "Office of the Elected County Sheriff"
    assert [c.id for c in content.library.clauses] == [c.id for c in CONTENT.library.clauses]


@pytest.mark.parametrize("old,new,problem", [
    ("  " + SHERIFF + "\n", "",
     "AgencyKind.county_sheriff: no label (add 'county_sheriff: ...' under AgencyKind)"),
    (SHERIFF, SHERIFF + "\n  county_sherif: sheriff",
     "AgencyKind.county_sherif: AgencyKind has no choice 'county_sherif'; did you mean 'county_sheriff'?"),
    ("AgencyKind:", "AgencyKinds:", "AgencyKinds: no such choice set; did you mean 'AgencyKind'?"),
    (SHERIFF, "county_sheriff: ''", "AgencyKind.county_sheriff: the label is empty (write its words after "
     "'county_sheriff:')"),
    (SHERIFF, "county_sheriff: [a, b]", "AgencyKind.county_sheriff: the label must be words, not ['a', 'b']"),
    (SHERIFF, "county_sheriff: state police agency",
     "AgencyKind.state_police: same label as AgencyKind.county_sheriff ('state police agency')"),
])
def test_a_label_problem_names_the_file_and_the_key(tmp_path, old, new, problem):
    root = copy_content(tmp_path)
    choices = root / "prompts" / "choices.yaml"
    _edit(choices, old, new)
    problems = _load(root).problems
    assert any(p.startswith(f"{choices}: {problem}") for p in problems), problems


def test_a_whole_choice_set_missing_is_one_problem(tmp_path):
    root = copy_content(tmp_path)
    choices = root / "prompts" / "choices.yaml"
    text = choices.read_text(encoding="utf-8")
    start = text.index("Party:\n")
    choices.write_text(text[:start] + text[text.index("\n\n", start) + 2:], encoding="utf-8")
    problems = _load(root).problems
    assert list(problems) == [f"{choices}: Party: no labels for this choice set (it needs one for each of "
                        "district, agency, joint)"]
    with pytest.raises(KeyError):
        CONTENT.labels["NoSuchSet"]
    assert _load(root).labels.options(Party)[0] == ("district", "district")  # the rest still loads


@pytest.mark.slow
def test_a_missing_label_stops_render_with_one_line_and_lint_says_it_in_plain_words(tmp_path):
    root = copy_content(tmp_path)
    choices = root / "prompts" / "choices.yaml"
    _edit(choices, "  " + SHERIFF + "\n", "")
    expected = f"{choices}: AgencyKind.county_sheriff: no label (add 'county_sheriff: ...' under AgencyKind)"
    out = tmp_path / "draft.docx"
    proc = run_cli(tmp_path, "render", str(RURAL), "-o", str(out), "--content", str(root))
    assert assert_user_error(proc) == expected
    assert not out.exists()
    lint = run_cli(tmp_path, "clauses", "lint", "--content", str(root))
    assert lint.returncode == 1 and "Traceback" not in lint.stderr + lint.stdout
    assert expected in lint.stdout.splitlines()


def test_the_labels_file_round_trips_through_its_schema(tmp_path):
    rel = "prompts/choices.yaml"
    data = read_yaml(ROOT / rel)
    model = schema.SCHEMAS[schema.schema_for(rel)][0]
    assert model.model_validate(data).model_dump(by_alias=True) == data
    generated = schema.content_schemas()["prompts/schemas/choices.schema.json"]
    sets = choice_sets()
    assert generated["required"] == list(sets) and generated["additionalProperties"] is False
    for name, cls in sets.items():
        d = generated["$defs"][name]
        assert d["required"] == [m.value for m in cls] and d["additionalProperties"] is False
        assert set(d["properties"]) == set(data[name])
    assert "parties.agency_kind" in generated["properties"]["AgencyKind"]["description"]
    # what the schema describes is what the loader reads: written back from the model, the same labels
    root = copy_content(tmp_path)
    import yaml

    dumped = yaml.safe_dump(model.model_validate(data).model_dump(by_alias=True), sort_keys=False, width=1000)
    (root / rel).write_text(schema.schema_line(rel) + "\n" + dumped, encoding="utf-8")
    reloaded = _load(root).require_ok()
    assert dict(reloaded.labels) == dict(CONTENT.labels)
    with pytest.raises(Exception, match="county_sheriff"):
        model.model_validate({**data, "AgencyKind": {k: v for k, v in data["AgencyKind"].items()
                                                     if k != "county_sheriff"}})


def test_answers_keep_tokens_and_the_labels_stay_in_content():
    a = Answers()
    a.partnership.data_reporter = Party.joint
    assert a.model_dump(mode="json")["partnership"]["data_reporter"] == "joint"
    assert not hasattr(Party.joint, "label")
