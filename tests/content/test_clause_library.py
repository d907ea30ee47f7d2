"""The real clause library and prompts: lint, size, coverage, alternatives, and lint's own checks."""

import re
import shutil

import pytest


from mou_wizard.checks.lint import lint
from mou_wizard.content.clauses import load_library
from mou_wizard.engine.drafting import build_draft
from mou_wizard.engine.selection import select
from mou_wizard.errors import ContentError
from mou_wizard.interview.flow import Flow
from support import CONTENT, ROOT, TEMPLATE_CACHE, copy_content, load_copy


def library_in(directory, strict=False):
    """A clause folder loaded on its own (no state packs)."""
    return load_library(directory, CONTENT.rubric, [], TEMPLATE_CACHE, strict=strict)


@pytest.fixture(scope="module")
def lib():
    return CONTENT.library


@pytest.mark.slow
def test_lint_of_real_content_is_clean():
    assert lint(load_copy(ROOT, strict=True)) == []


def test_library_size_and_shape(lib):
    assert len(lib.clauses) >= 60
    assert len({c.d.section for c in lib.clauses}) >= 18
    assert sum(1 for c in lib.clauses if c.d.alternatives) >= 8
    assert all(c.d.provenance.strip() for c in lib.clauses)
    assert len(CONTENT.questions.questions) >= 50


def test_every_sec_id_is_served_by_a_question_and_a_selected_clause(lib, recommended):
    qs = CONTENT.questions
    served_q = {s for q in qs.questions for s in q.d.sec}
    served_c = {s for sel in select(recommended, lib) for s in sel.clause.d.sec}
    assert set(CONTENT.rubric) == served_q
    assert set(CONTENT.rubric) == served_c
    assert len(CONTENT.rubric) == 30


def test_selection_is_deterministic_and_numbered_in_order(lib, recommended):
    first = [(s.clause.id, s.alternative, s.number) for s in select(recommended, lib)]
    second = [(s.clause.id, s.alternative, s.number) for s in select(recommended, lib)]
    assert first == second
    numbered = [n for _, _, n in first if n]
    articles = [int(n.split(".")[0]) for n in numbered]
    assert articles == sorted(articles) and articles[0] == 1


def _with(recommended, field, value):
    flow = Flow(recommended, CONTENT.questions)
    flow.set_answer(flow.qs.by_field()[field], value)
    return flow.answers


def _coverage(answers):
    return {c.sec_id: c.sections for c in build_draft(answers, CONTENT).coverage}


def test_recommended_answers_address_every_rubric_item(recommended):
    assert all(_coverage(recommended).values())


def test_no_complaint_process_drops_the_clauses_and_leaves_sec_2_8_unaddressed(lib, recommended):
    answers = _with(recommended, "civil_rights.complaint_process", False)
    ids = {s.clause.id for s in select(answers, lib)}
    assert not any(i.startswith("complaints.") for i in ids)
    assert _coverage(answers)["SEC-2.8"] == ()


def test_alternatives_follow_the_choice(lib, recommended):
    def alt(answers, clause_id):
        return next(s.alternative for s in select(answers, lib) if s.clause.id == clause_id)

    assert alt(recommended, "arrest_diversion.approach") == "graduated"
    assert alt(_with(recommended, "civil_rights.arrest_policy", "emergencies_only"),
               "arrest_diversion.approach") == "emergencies_only"
    assert alt(recommended, "student_rights.parent_notice") == "before"
    assert alt(_with(recommended, "civil_rights.parent_notice", "promptly_after"),
               "student_rights.parent_notice") == "promptly_after"


def test_unanswered_choice_gives_an_open_decision_naming_every_version(lib):
    """An open choice is never drafted as its recommended version, nor left blank: every version is
    shown, complete, inside one bracketed open decision."""
    from mou_wizard.domain.answers import Answers

    draft = build_draft(Answers(), CONTENT)
    section = next(s for s in draft.sections() if s.clause_id == "arrest_diversion.approach")
    assert section.alternative is None
    assert section.blocks[0].runs[0].placeholder
    text = " ".join(b.text for b in section.blocks)
    assert text.startswith("[Open decision — choose one: (A) The Parties adopt a graduated response")
    assert " OR (B) An SRO shall not make a School-Based Arrest on School property except:" in text
    assert " OR (C) An SRO keeps the discretion that the law gives" in text and text.endswith("]")


def test_answers_appear_in_clause_text(recommended):
    text = build_draft(_with(recommended, "hiring.removal_days", 7), CONTENT).plain_text()
    assert "seven (7)" in text
    text = build_draft(_with(recommended, "partnership.review_cycle_months", 36), CONTENT).plain_text()
    assert "thirty-six (36) months" in text


# --- lint catches broken clause files -------------------------------------------------------------

BROKEN = """\
section: complaints
clauses:
  - id: complaints.good
    title: Good
    sec: [SEC-2.8]
    provenance: test
    text: The District shall respond.
  - id: complaints.good
    title: Duplicate
    provenance: test
    text: Again.
  - id: complaints.unknown_field
    title: Unknown field
    provenance: test
    text: "{{ training.initial_hourz }}"
  - id: complaints.bad_condition
    title: Bad condition
    provenance: test
    when: "civil_rights.complaint_process is not"
    text: x
  - id: complaints.bad_sec
    title: Bad rubric id
    sec: [SEC-9.9]
    provenance: test
    text: x
  - id: complaints.both
    title: Both bodies
    provenance: test
    text: x
    alternatives: [{name: a, when: "true", text: y}]
  - id: training.wrong_section
    title: Wrong section
    provenance: test
    text: x
  - id: complaints.bad_template
    title: Bad template
    provenance: test
    text: "{% if %}"
  - id: complaints.extra_key
    title: Extra key
    provenance: test
    text: x
    colour: blue
"""


@pytest.fixture
def broken_dir(tmp_path):
    shutil.copy(ROOT / "clause_library" / "sections.yaml", tmp_path / "sections.yaml")
    (tmp_path / "13-complaints.yaml").write_text(BROKEN)
    return tmp_path


@pytest.mark.parametrize("clause_id,reason", [
    ("complaints.good", "duplicate id"),
    ("complaints.unknown_field", "reads unknown field 'training.initial_hourz'"),
    ("complaints.bad_condition", "condition does not parse"),
    ("complaints.bad_sec", "unknown rubric id 'SEC-9.9'"),
    ("complaints.both", "give exactly one of 'text' or 'alternatives'"),
    ("training.wrong_section", "id must start with its section 'complaints.'"),
    ("complaints.bad_template", "template does not parse"),
    ("complaints.extra_key", "colour: Extra inputs are not permitted"),
])
def test_lint_names_file_clause_and_reason(broken_dir, clause_id, reason):
    problems = library_in(broken_dir, strict=True).problems
    hits = [p for p in problems if "13-complaints.yaml: " in p and clause_id in p and reason in p]
    assert hits, problems


def test_broken_library_is_a_clear_error_at_render_time(tmp_path):
    root = copy_content(tmp_path)
    (root / "clause_library" / "13-complaints.yaml").write_text(BROKEN)
    with pytest.raises(ContentError, match=r"13-complaints.yaml: .*\(and \d+ more; run 'mou-wizard clauses lint'\)"):
        load_copy(root).require_ok()


def test_yaml_syntax_error_in_clause_file_names_line(tmp_path):
    shutil.copy(ROOT / "clause_library" / "sections.yaml", tmp_path / "sections.yaml")
    (tmp_path / "01-purpose.yaml").write_text("section: purpose\nclauses:\n  - id: purpose.x\n    title: [oops\n")
    problems = library_in(tmp_path).problems
    assert any("01-purpose.yaml: line" in p and "YAML syntax error" in p for p in problems), problems


def test_lint_reports_a_clause_that_prints_an_answer_the_interview_does_not_ask(tmp_path):
    import dataclasses

    from mou_wizard.checks import lint as lint_module
    from mou_wizard.domain.answers import Answers

    shutil.copy(ROOT / "clause_library" / "sections.yaml", tmp_path / "sections.yaml")
    (tmp_path / "17-training.yaml").write_text(
        "section: training\nclauses:\n  - id: training.grace\n    title: Grace period\n    sec: [SEC-4.1]\n"
        "    provenance: test\n    text: \"Training within {{ training.initial_within_months | months }}.\"\n")
    lib = library_in(tmp_path)
    assert not lib.problems
    content = dataclasses.replace(CONTENT, library=lib)
    placeholders = lint_module._placeholder_fields()
    flow = Flow(Answers(), CONTENT.questions)
    flow.set_answer(flow.qs.by_field()["training.initial_deadline"], "before_assignment")
    problems: list[str] = []
    lint_module._try_build(flow.answers, content, "a test", problems, placeholders)
    assert problems == ["training.grace: prints 'training.initial_within_months', which the interview does not "
                        "ask here (while rendering a test)"]
    # While the deadline is open, the months question may still be asked: the placeholder is fine.
    problems.clear()
    lint_module._try_build(Answers(), content, "a test", problems, placeholders)
    assert problems == []


@pytest.mark.slow
def test_lint_on_two_processes_finds_the_same_problems_in_the_same_order(tmp_path, monkeypatch):
    import dataclasses

    from mou_wizard.checks import lint as lint_module

    folder = tmp_path / "clause_library"
    shutil.copytree(ROOT / "clause_library", folder)
    (folder / "17-training-grace.yaml").write_text(
        "section: training\nclauses:\n  - id: training.grace\n    title: Grace period\n    sec: [SEC-4.1]\n"
        "    provenance: test\n    text: \"Training within {{ training.initial_within_months | months }}.\"\n")
    content = dataclasses.replace(CONTENT, library=library_in(folder))
    sets: list[int] = []
    real = lint_module._build_each
    monkeypatch.setattr(lint_module, "_build_each", lambda s, *a: sets.append(len(s)) or real(s, *a))
    serial = lint_module.lint(content)
    assert len(serial) >= 2 and sets[-1] >= 8
    # found in drafts of both halves (lint names the first answer set and counts the rest)
    assert any(re.search(r"\(while rendering the recommended answers; and \d\d+ more answer sets\)", p) for p in serial)
    assert lint_module.lint(content, jobs=2) == serial
    # A child that fails leaves its half to the parent: the same problems still.
    monkeypatch.setattr(lint_module.pickle, "dump", lambda *a, **k: (_ for _ in ()).throw(OSError("no room")))
    assert lint_module.lint(content, jobs=2) == serial


@pytest.mark.slow
def test_lint_that_stops_before_the_whole_drafts_leaves_no_child_behind(tmp_path, monkeypatch):
    import dataclasses
    import os

    from mou_wizard.checks import lint as lint_module

    folder = tmp_path / "clause_library"
    shutil.copytree(ROOT / "clause_library", folder)
    path = folder / "13-complaints.yaml"
    path.write_text(path.read_text().replace("civil_rights.complaint_receiver == 'district'",
                                             "civil_rights.complaint_receiver == 'distrct'"))
    content = dataclasses.replace(CONTENT, library=library_in(folder))
    assert not content.problems  # loads: the checks find it, after the child is forked
    forked = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forked.append(1) or real_fork())
    problems = lint_module.lint(content, jobs=2)  # a child was forked to draft; the checks stop first
    assert forked == [1]
    assert any("'distrct' is not a choice" in p for p in problems), problems
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the child was ended and reaped: none left
