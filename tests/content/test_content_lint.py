"""Lint messages counsel can act on: misspelt choice words, unknown state requirement ids, '=' for '=='.

The end-to-end test edits a copy of the content (MOU_WIZARD_CONTENT) the way a person might by mistake,
and checks ``mou-wizard clauses lint`` names each mistake once, in plain words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from mou_wizard import templating
from mou_wizard.checks import conditions
from support import CONTENT, ROOT, isolated_env

INTERNALS = re.compile(r"TemplateSyntaxError|UndefinedError|NoneType|Getattr\(|Const\(|Traceback|object has no")


def _copy(tmp_path):
    copy = tmp_path / "content"
    for folder in ("prompts", "clause_library", "templates"):
        shutil.copytree(ROOT / folder, copy / folder)
    return copy


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lint(tmp_path, content):
    return subprocess.run([sys.executable, "-m", "mou_wizard", "clauses", "lint"], cwd=ROOT,
                          env=isolated_env(tmp_path, MOU_WIZARD_CONTENT=str(content)),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_lint_names_each_mistake_once_in_plain_words(tmp_path):
    content = _copy(tmp_path)
    lib = content / "clause_library"
    _edit(lib / "13-complaints.yaml", "civil_rights.complaint_receiver == 'district'",
          "civil_rights.complaint_receiver == 'distrct'")
    _edit(lib / "00-recitals.yaml", "    states: []", "    states: [ZZ-1]")
    _edit(lib / "17-training.yaml", "training.initial_deadline == 'before_assignment'",
          "training.initial_deadline = 'before_assignment'")
    proc = _lint(tmp_path, content)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    expected = [
        "13-complaints.yaml: complaints.process: alternative 'district' condition: 'distrct' is not a choice of "
        "civil_rights.complaint_receiver; did you mean 'district'?",
        "00-recitals.yaml: recitals.district_mission: states: 'ZZ-1': ZZ is not a US state code",
        "17-training.yaml: training.initial: alternative 'before_assignment' condition does not parse: '=' is not "
        "a comparison; did you mean '=='?",
    ]
    for want in expected:
        hits = [line for line in lines if want in line]
        assert len(hits) == 1, (want, proc.stdout)
    assert len(lines) == 3, proc.stdout
    assert "3 problems found" in proc.stderr
    for line in lines:
        assert not INTERNALS.search(line), line


@pytest.mark.slow
def test_lint_of_a_clean_copy_passes(tmp_path):
    proc = _lint(tmp_path, _copy(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("ok: ")


# --- choice words ------------------------------------------------------------------------------------


def test_choice_tokens():
    assert conditions.choice_tokens("civil_rights.complaint_receiver") == ["district", "agency", "joint"]
    assert "searches" in conditions.choice_tokens("partnership.data_collected")  # a multichoice list
    assert conditions.choice_tokens("training.initial_hours") is None
    assert conditions.choice_tokens("nothing.here") is None


@pytest.mark.parametrize(("source", "expression", "found"), [
    ("civil_rights.complaint_receiver == 'district'", True, [("civil_rights.complaint_receiver", "district")]),
    ("'district' != civil_rights.complaint_receiver", True, [("civil_rights.complaint_receiver", "district")]),
    ("'searches' in partnership.data_collected", True, [("partnership.data_collected", "searches")]),
    ("'searches' not in partnership.data_collected", True, [("partnership.data_collected", "searches")]),
    ("civil_rights.complaint_receiver in ['agency', 'joint']", True,
     [("civil_rights.complaint_receiver", "agency"), ("civil_rights.complaint_receiver", "joint")]),
    ("{% if civil_rights.complaint_receiver == 'agency' %}x{% endif %}", False,
     [("civil_rights.complaint_receiver", "agency")]),
    ("training.initial_hours >= 40", True, []),
    ("parties.district_name == 'x' and 'y' in parties.schools", True,
     [("parties.district_name", "x"), ("parties.schools", "y")]),
    ("civil_rights.x = 'a'", True, []),  # does not parse: the loader reports it
])
def test_compared_literals(source, expression, found):
    assert list(conditions.compared_literals(source, expression=expression)) == found


def test_value_stands_for_the_questions_field_in_concern_conditions():
    got = list(conditions.compared_literals("value == 'agncy'", expression=True,
                                            value_field="civil_rights.complaint_receiver"))
    assert got == [("civil_rights.complaint_receiver", "agncy")]


def test_a_misspelt_choice_gets_a_did_you_mean():
    assert conditions.literal_problem("civil_rights.complaint_receiver", "distrct") == (
        "'distrct' is not a choice of civil_rights.complaint_receiver; did you mean 'district'?")
    assert conditions.literal_problem("partnership.data_collected", "serches") == (
        "'serches' is not a choice of partnership.data_collected; did you mean 'searches'?")


def test_a_word_far_from_every_choice_lists_the_choices():
    msg = conditions.literal_problem("civil_rights.complaint_receiver", "the school board")
    assert msg == ("'the school board' is not a choice of civil_rights.complaint_receiver "
                   "(its choices are 'district', 'agency', 'joint')")


def test_a_right_word_or_a_field_without_choices_is_fine():
    assert conditions.literal_problem("civil_rights.complaint_receiver", "joint") is None
    assert conditions.literal_problem("parties.district_name", "anything") is None


def test_literal_problems_reports_a_word_once():
    source = "civil_rights.complaint_receiver == 'distrct' or civil_rights.complaint_receiver == 'distrct'"
    assert conditions.literal_problems("f.yaml: c.id", "condition", source, expression=True) == [
        "f.yaml: c.id: condition: 'distrct' is not a choice of civil_rights.complaint_receiver; "
        "did you mean 'district'?"]


# --- clause states: ids -----------------------------------------------------------------------------

PACKS = {"VA": ["VA-1", "VA-2", "VA-3"], "WA": ["WA-1", "WA-2"]}


@pytest.mark.parametrize(("sid", "message"), [
    ("VA-1", None),
    ("VA-9", "'VA-9' is not a requirement of the VA pack (its requirements are VA-1 to VA-3)"),
    ("OR-1", "'OR-1': there is no state pack for OR in clause_library/states/ (packs: VA, WA)"),
    ("ZZ-1", "'ZZ-1': ZZ is not a US state code"),
    ("VX-1", "'VX-1': VX is not a US state code; did you mean 'VA-1'?"),
    ("va-1", "'va-1': write the state code in capitals, 'VA-1'"),
    ("Virginia", "'Virginia' is not a state requirement id (write the state's code and the requirement's "
                 "number, e.g. VA-1)"),
])
def test_state_id_problem(sid, message):
    assert conditions.state_id_problem(sid, PACKS) == message


def test_states_problems_names_the_clause():
    assert conditions.states_problems("f.yaml: c.id", ["VA-1", "ZZ-1", "ZZ-1"], PACKS) == [
        "f.yaml: c.id: states: 'ZZ-1': ZZ is not a US state code"]


def test_real_content_has_no_such_problems():

    assert conditions.content_problems(CONTENT.library, CONTENT.questions, CONTENT.packs) == []


# --- errors in plain words -------------------------------------------------------------------------


def _parse_error(expr):
    try:
        templating.compile_condition(expr)
    except templating.TemplateErrors as e:
        return templating.condition_error(e, expr)
    raise AssertionError(f"{expr!r} parsed")


@pytest.mark.parametrize(("expr", "message"), [
    ("civil_rights.complaint_receiver = 'district'", "'=' is not a comparison; did you mean '=='?"),
    ("training.initial_hours => 40", "'=>' is not a comparison; did you mean '>='?"),
    ("(training.initial_hours >= 40", "a ')' is missing at the end"),
    ("civil_rights.complaint_receiver == 'district", "a quote (') is opened and never closed"),
    ("training.joint_training and", "it ends too early: something is missing after the last word"),
    ("training.joint_training training.initial_hours",
     "there is more text after a complete condition (a missing 'and' or 'or'?)"),
])
def test_condition_errors_in_plain_words(expr, message):
    assert _parse_error(expr) == message


def test_template_errors_in_plain_words():
    for source, message in [
        ("{% if training.joint_training %}x", "the text ends before its {% if %} is closed (add {% endif %})"),
        ("{{ training.topics | nofilter }}", "there is no filter named 'nofilter'"),
    ]:
        try:
            templating.compile_template(source)
        except templating.TemplateErrors as e:
            assert templating.condition_error(e) == message
        else:
            raise AssertionError(source)


def test_render_errors_in_plain_words():
    from jinja2 import UndefinedError

    assert templating.plain_error(TypeError("'NoneType' object is not iterable")) == (
        "it treats an unanswered value as a list")
    assert templating.plain_error(TypeError("'>=' not supported between instances of 'NoneType' and 'int'")) == (
        "it compares an unanswered value with a number using '>='")
    assert templating.plain_error(UndefinedError("'mou_wizard.domain.answers.Party object' has no attribute 'nme'")) == (
        "'nme' is not something it can read from a choice answer")
    assert templating.plain_error(UndefinedError("'nme' is undefined")) == "'nme' is not a field or name it can read"
    for e in [TypeError("'NoneType' object is not iterable"), UndefinedError("Getattr(Name('x'))")]:
        assert not INTERNALS.search(templating.plain_error(e))


@pytest.mark.slow
def test_render_failures_are_reported_once_in_plain_words(tmp_path):
    content = _copy(tmp_path)
    _edit(content / "clause_library" / "13-complaints.yaml", "Any student, Parent,",
          "{{ civil_rights.complaint_receiver.nme }} Any student, Parent,")
    proc = _lint(tmp_path, content)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and len(lines) == len(set(lines)) <= 3, proc.stdout
    assert any("'nme' is not something it can read from a choice answer" in line and "more answer sets" in line
               for line in lines), proc.stdout
    for line in lines:
        assert not INTERNALS.search(line) and "mou_wizard." not in line, line


def test_once_in_plain_words_groups_the_same_failure():
    got = conditions.once_in_plain_words([
        "a.yaml: x: text failed to render: 'NoneType' object is not iterable (while rendering empty answers)",
        "a.yaml: x: text failed to render: 'NoneType' object is not iterable (while rendering the recommended "
        "answers with training.joint_training = True)",
        "b.yaml: y: unknown field 'z'",
        "b.yaml: y: unknown field 'z'",
    ])
    assert got == [
        "a.yaml: x: text failed to render: it treats an unanswered value as a list (while rendering empty answers; "
        "and 1 more answer set)",
        "b.yaml: y: unknown field 'z'",
    ]


def test_a_condition_on_a_decision_must_say_what_the_mou_says_otherwise(tmp_path):
    """While a yes/no or choice answer is open the draft shows the clause beside what the MOU says
    otherwise; a clause whose condition turns on one without 'otherwise:' is named, with the fix."""
    from mou_wizard.checks.lint import lint
    from support import load_copy

    content = _copy(tmp_path)
    _edit(content / "clause_library" / "12-data_reporting.yaml",
          "    otherwise: >-\n      The District is not required to publish the data reports.\n", "")
    problems = lint(load_copy(content, strict=True))
    assert problems == [
        f"{content / 'clause_library' / '12-data_reporting.yaml'}: data_reporting.publication: its condition turns "
        "on 'partnership.reports_public' but the clause has no 'otherwise:' (what the MOU says instead, shown "
        "beside it while that answer is open; 'otherwise: omit' to leave it out)"]
