"""The frame every real MOU has (issue 10): parties and authority, staffing, money, risk, disputes and
exit, records and law, boilerplate and defined terms. The recommended answers are rendered to a real
DOCX, reopened with python-docx and read as counsel would: every frame item is there, with the party
names; an open amount is a bracketed placeholder, never a number; lint catches an undefined term."""

from __future__ import annotations

import re

import docx
import pytest

from mou_wizard import templating
from mou_wizard.checks.lint import lint
from mou_wizard.checks.terms import used_terms
from mou_wizard.domain.answers import Answers
from mou_wizard.files.answer_files import load_answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from mou_wizard.language.numbers import parse_integer
from support import CONTENT, ROOT, copy_content, draft_docx, drafted, load_copy


def docx_text(answers: Answers, tmp_path, name: str = "draft.docx") -> tuple[str, str]:
    """(body text, signature-table text) of the DOCX the answers render to, as python-docx reads it."""
    path = tmp_path / name
    path.write_bytes(draft_docx(answers))
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables[:1] for r in t.rows for c in r.cells)
    return body, cells


def section_text(answers: Answers, clause_id: str) -> tuple[str, list]:
    section = next(s for s in drafted(answers).sections() if s.clause_id == clause_id)
    return "\n".join(b.text for b in section.blocks), [r for b in section.blocks for r in b.runs]


def with_answers(answers: Answers, **changes) -> Answers:
    data = answers.model_dump()
    for path, value in changes.items():
        section, name = path.split("__")
        data[section][name] = value
    return Answers.model_validate(data)


@pytest.fixture(scope="module")
def rec_docx(recommended, tmp_path_factory):
    return docx_text(recommended, tmp_path_factory.mktemp("frame"))


# The frame items, each as sentences the recommended draft must contain (whitespace-normalized).
FRAME = {
    "contracting bodies": [
        'Riverside Unified School District (the "District"), acting through its Board of Education',
        'City of Riverside, acting through Riverside Police Department (the "Agency")',
    ],
    "authority recital": ["WHEREAS the Parties are authorized to enter into this MOU by Va. Code §§ 15.2-1300 and "
                          "22.1-280.2:3"],
    "approvals": ["the District's Board of Education approved this MOU on July 14, 2026",
                  "the Riverside City Council approved it for the Agency on July 21, 2026"],
    "governing law": ["This MOU is governed by the law of the Commonwealth of Virginia."],
    "number and placement": ["The Agency shall assign two (2) SROs to the Schools under this MOU, placed as follows: "
                             "one SRO at Riverside High School and one SRO at Riverside Middle School."],
    "hours and days": ["for eight (8) hours on each day that students attend",
                       "student arrival and dismissal",
                       "SROs are not assigned to the Schools while school is not in session"],
    "coverage and substitutes": [
        "the Agency shall assign a substitute officer",
        "may serve as a substitute for no more than ten (10) consecutive school days"],
    "money": [
        "The District shall pay fifty percent (50%) of the annual cost of the SRO program",
        "The annual cost of each SRO assigned under this MOU is ninety-five thousand dollars ($95,000)",
        "the SROs' employee benefits", "overtime for school-sponsored events",
        "The Agency shall invoice the District for its share every three (3) months",
        "The District shall pay each correct invoice within thirty (30) days after receiving it",
        "the District's share shall be reduced by its share of the daily cost of one SRO",
        "shall not exceed one hundred thousand dollars ($100,000)",
        "subject to the appropriation of funds for that purpose"],
    "risk": [
        "To the extent the law of the Commonwealth of Virginia allows, and without waiving any immunity, each Party "
        "shall indemnify, defend and hold harmless the other Party",
        "with limits of at least one million dollars ($1,000,000) for each occurrence and three million dollars "
        "($3,000,000) in the aggregate",
        "The Agency shall have the District, its board members, officers and employees named as additional insureds",
        "a certificate or other evidence of the coverage before the Effective Date and again before each school year",
        "Each Party shall notify the other in writing within ten (10) Working Days after it receives notice of a claim",
        "shall cooperate in its investigation and defense",
        "This Article continues to apply after this MOU expires or is terminated",
        "The District is not a joint employer of any SRO"],
    "disputes and exit": [
        "try in good faith to resolve the dispute within ten (10) Working Days",
        "either Party may refer it to non-binding mediation",
        "If the failure is not cured within thirty (30) days after the notice is received",
        "Either Party may terminate this MOU without cause by giving the other Party at least ninety (90) days' "
        "written notice",
        "for six (6) months after its expiry, whichever comes first",
        "the Agency shall withdraw the SROs from the Schools on the date it ends",
        "the Agency shall withdraw the SRO from that School, whether or not it agrees with the reasons",
        "but it shall not delay the withdrawal"],
    "records and law": [
        "prevents or delays any report that the law requires",
        "a report of suspected child abuse or neglect",
        "they do not enlarge or reduce any officer's legal authority to make an arrest",
        "are public records under the public-records law of the Commonwealth of Virginia",
        "suspending any scheduled destruction, until the matter has been finally resolved",
        "SROs shall wear and use body-worn cameras in the Schools",
        "An SRO shall not have general access to the Schools' security cameras",
        "the District shall match it to its Student Records",
        "the matching is not a disclosure of Student Records under FERPA",
        "Because an SRO is not a school official under Section"],
    "boilerplate": [
        "to the District: the Superintendent, Office of the Superintendent, 100 Main Street, Riverside, VA 23220",
        "to the Agency: the Agency Head, Office of the Chief of Police, 200 Court Street, Riverside, VA 23220",
        "This MOU may be amended only by a written amendment",
        "If any provision of this MOU is held invalid or unenforceable",
        "Signatures delivered electronically have the same effect",
        "Neither Party may assign this MOU",
        "does not create any right or benefit enforceable against either Party by any other person",
        "this MOU prevails over any policy, general order or procedure of the Agency, and over the Code of Conduct",
        "This MOU is the entire agreement of the Parties"],
    "defined terms": ["Agency Head means", "Emergency means", "Imminent Threat means"],
}


@pytest.mark.parametrize("item", sorted(FRAME))
def test_the_recommended_draft_has_every_frame_item_with_the_party_names(rec_docx, item):
    body = " ".join(rec_docx[0].split())
    for sentence in FRAME[item]:
        assert sentence in body, (item, sentence)


def test_the_signature_page_carries_attest_and_approved_as_to_form_lines(rec_docx, recommended):
    _, cells = rec_docx
    assert "Approved as to form for Riverside Unified School District" in cells
    assert "Approved as to form for City of Riverside, acting through Riverside Police Department" in cells
    assert "Attest for City of Riverside, acting through Riverside Police Department" in cells
    assert "Attest for Riverside Unified School District" not in cells  # only the Parties that asked for it


def test_one_threshold_and_one_name_for_the_head_of_the_agency(rec_docx):
    body = rec_docx[0]
    assert not re.search(r"imminent threat|immediate threat|head of the Agency|chief executive", body)
    assert "an Imminent Threat" in body and "except in an Emergency" in body
    # the FERPA exception keeps its own words
    assert "health or safety emergency" in body


@pytest.mark.parametrize(("state", "named"), [
    ("VA", "the Commonwealth of Virginia"), ("KY", "the Commonwealth of Kentucky"),
    ("PA", "the Commonwealth of Pennsylvania"), ("MA", "the Commonwealth of Massachusetts"),
    ("OH", "the State of Ohio"), ("WA", "the State of Washington"),
])
def test_governing_law_names_the_state_as_it_styles_itself(recommended, state, named):
    text, _ = section_text(with_answers(recommended, parties__state=state), "general.governing_law")
    assert text.startswith(f"This MOU is governed by the law of {named}.")


def test_an_open_state_leaves_governing_law_open(recommended):
    text, runs = section_text(with_answers(recommended, parties__state=None), "general.governing_law")
    assert any(r.placeholder for r in runs) and "State of" not in text


MONEY = ("partnership__annual_cost", "partnership__cost_cap", "partnership__insurance_per_occurrence",
         "partnership__insurance_aggregate")


def test_open_money_answers_are_placeholders_never_numbers(recommended, tmp_path):
    answers = with_answers(recommended, **{f: None for f in MONEY})
    for clause_id in ("funding.costs_and_invoices", "funding.cap", "liability.insurance"):
        text, runs = section_text(answers, clause_id)
        assert any(r.placeholder for r in runs), clause_id
        assert "$" not in text and "dollars (" not in text, (clause_id, text)
    body, _ = docx_text(answers, tmp_path)
    for clause_text in ("[To be agreed: the annual cost, in dollars, on which the District's share is based]",
                        "[To be agreed: the most the District pays under this MOU in any fiscal year, in dollars]",
                        "[To be agreed: the Agency's minimum liability coverage for each occurrence, in dollars]"):
        assert clause_text in body


def _outside_brackets(text: str) -> str:
    """The text with every bracketed open entry ("[To be agreed: ...]", "[Open decision ...]") taken out."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "["
        if depth == 0:
            out.append(ch)
        depth -= ch == "]" and depth > 0
    return "".join(out)


def test_open_frame_decisions_never_become_commitments(recommended):
    answers = with_answers(recommended, partnership__district_additional_insured=None,
                           partnership__coverage_credit=None, partnership__mediation=None,
                           partnership__holdover_months=None, hiring__substitutes=None)
    text, runs = section_text(answers, "liability.insurance")
    # Open, the additional-insured commitment shows only inside an open entry, never as agreed text.
    assert "additional insured" in text and "additional insured" not in _outside_brackets(text)
    assert any(r.placeholder for r in runs)
    for clause_id in ("funding.coverage_credit", "disputes.mediation", "term.holdover", "selection.substitutes"):
        text, runs = section_text(answers, clause_id)
        assert text.startswith(("[To be agreed:", "[Open decision")), clause_id
        assert _outside_brackets(text).strip(" .\n") == "", (clause_id, text)


def test_the_interview_never_takes_an_example_amount(recommended):
    answers = with_answers(recommended, partnership__annual_cost=None)
    conv = Conversation(Flow(answers, CONTENT.questions), CONTENT)
    conv.flow.goto("annual_cost")
    reply = conv.handle("")  # Enter: there is no recommended amount to take
    assert any(m.kind == "error" and "needs your own answer" in m.text for m in reply.messages), reply.messages
    assert conv.flow.answers.partnership.annual_cost is None
    reply = conv.handle("$92,500")
    assert conv.flow.answers.partnership.annual_cost == 92500
    for q in CONTENT.questions.questions:  # no amount in dollars is ever recommended, only shown
        if q.d.unit == "dollars":
            assert q.d.recommended is None and q.d.example, q.id


@pytest.mark.parametrize(("typed", "value"), [
    ("$95,000", 95000), ("95k", 95000), ("1 million", 1_000_000), ("$1.5 million", 1_500_000),
    ("ninety-five thousand dollars", 95000), ("$85,000 per officer", 85000),
])
def test_amounts_in_dollars_are_read_as_people_write_them(typed, value):
    assert parse_integer(typed, "dollars") == value


def test_the_dollars_filter_writes_words_and_figures():
    assert templating.finalize(templating.ENV.filters["dollars"](2_500_000)).replace("\\", "") == (
        "two million five hundred thousand dollars ($2,500,000)")


def test_no_holdover_withdraws_the_officers_at_expiry(recommended):
    text, _ = section_text(with_answers(recommended, partnership__holdover_months=0), "term.holdover")
    assert text.startswith("This MOU does not continue after it expires.")
    q = CONTENT.questions.by_id()["holdover_months"]
    assert q.parse("none") == 0 and q.parse("0") == 0 and q.parse("6 months") == 6


def test_the_examples_state_the_frame_in_their_own_terms(tmp_path):
    rural = load_answers(ROOT / "examples" / "rural-county-sheriff.yaml")
    body, cells = docx_text(rural, tmp_path, "rural.docx")
    text = " ".join(body.split())
    assert "Sheriff of Harlan County, acting through Harlan County Sheriff's Office (the \"Agency\")" in text
    assert "governed by the law of the State of Ohio" in text
    assert "The Agency shall assign one (1) SRO to the Schools" in text
    assert "Neither Party shall indemnify the other." in text
    assert "additional insureds" not in text
    assert "Attest for Harlan Valley Local School District" in cells


# --- lint: defined terms -------------------------------------------------------------------------


def test_used_terms_reads_terms_after_articles_and_leaves_names_alone():
    text = ("the Agency Head and the Superintendent shall meet; an Imminent Threat; any Use of Force; "
            "the Family Educational Rights and Privacy Act; the U.S. Department of Education; this Section; "
            "the Commonwealth of Virginia; the SRO's School")
    assert used_terms(text) == {"Agency Head", "Superintendent", "Imminent Threat", "Use of Force", "SRO"}


def _lint_copy(tmp_path, edits):
    root = copy_content(tmp_path)
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    content = load_copy(root, strict=True)
    return lint(content, examples=tmp_path / "no-examples")


@pytest.mark.slow  # the whole lint: every example and every answer variant
def test_lint_fails_on_an_undefined_term_and_an_unused_definition(tmp_path):
    problems = _lint_copy(tmp_path, [
        ("clause_library/05-roles.yaml", "to the Superintendent and the Agency Head.",
         "to the Superintendent and the Chief of Police."),
        ("clause_library/02-definitions.yaml", "      - **Working Day** means",
         "      - **School Year** means the District's school year.\n      - **Working Day** means"),
    ])
    assert any("roles.dispute_resolution" in p and "'Chief of Police'" in p and "no clause defines it" in p
               for p in problems), problems
    assert any("definitions.terms" in p and "defines 'School Year', but no clause uses it" in p
               for p in problems), problems
    assert len(problems) == 2, problems


@pytest.mark.slow  # the whole lint: every example and every answer variant
def test_the_library_uses_its_defined_terms_consistently(tmp_path):
    assert _lint_copy(tmp_path, []) == []


@pytest.mark.parametrize("name", ["recommended", "rural-county-sheriff.yaml", "suburban-city-police-diversion.yaml"])
def test_no_words_run_together_where_a_clause_joins_an_answer(recommended, name):
    answers = recommended if name == "recommended" else load_answers(ROOT / "examples" / name)
    text = drafted(answers).plain_text()
    assert not re.search(r"\)[A-Za-z]|[a-z]\(|\w {2,}\w| [,.;]", text), re.search(
        r".{30}(\)[A-Za-z]|[a-z]\(|\w {2,}\w| [,.;]).{30}", text)
