"""Nothing appears as said unless it was said: an open answer is never drafted as a commitment, the draft
lists what is still open, an answer kept against the rubric is flagged where it shows, the recitals state
only what happened, and a signing copy is made only when nothing is open.

Every test renders a real DOCX from real answers, opens it again with python-docx and reads it as
counsel would.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from mou_wizard.engine.answering import apply_answer
from mou_wizard.engine.drafting import build_draft
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import load_answers, save_answers
from mou_wizard.services import signing_copy_bytes
from support import CONTENT, ROOT, docx_text, draft_docx, drafted

PARTIAL = ROOT / "examples" / "partial-with-skips.yaml"
OPEN = "[Open decision — choose one: "
QUESTIONS = CONTENT.questions.by_field()


def render(answers, tmp_path: Path, name: str = "draft.docx", final: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(signing_copy_bytes(answers, CONTENT) if final
                     else draft_docx(answers))
    return path


def style_of(p) -> str | None:
    ppr = p._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def sections(path: Path) -> dict[str, str]:
    """Section heading (e.g. "Public reports") -> the section's whole text as the page shows it."""
    out: dict[str, list[str]] = {}
    current = None
    for p in docx.Document(str(path)).paragraphs:
        style = style_of(p)
        if style == "MOUSection":
            current = p.text.split(".", 1)[0]
            out[current] = [p.text]
        elif style in ("MOUSectionBody", "MOUItem") and current is not None:
            out[current].append(p.text)
        else:
            current = None
    return {k: "\n".join(v) for k, v in out.items()}


def recitals(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if style_of(p) == "MOURecital"]


def outside_decisions(text: str) -> str:
    """``text`` with every bracketed open decision taken out: what the draft states as agreed."""
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith(OPEN, i):
            depth += 1
            i += len(OPEN)
            continue
        if text[i] == "[" and depth:
            depth += 1
        elif text[i] == "]" and depth:
            depth -= 1
            i += 1
            continue
        if not depth:
            out.append(text[i])
        i += 1
    return "".join(out)


def with_answers(answers, **changes):
    """``answers`` with ``field=value`` changes made as the interview makes them (None clears one)."""
    for path, value in changes.items():
        path = path.replace("__", ".")
        if value is None:
            section, name = path.split(".")
            part = getattr(answers, section).model_copy(update={name: None})
            answers = answers.model_copy(update={section: part})
        else:
            answers, _ = apply_answer(answers, CONTENT.questions, QUESTIONS[path], value)
    return answers


@pytest.fixture(scope="module")
def partial(tmp_path_factory) -> Path:
    return render(load_answers(PARTIAL), tmp_path_factory.mktemp("partial"))


# --- an open answer never becomes a commitment -----------------------------------------------------


def test_the_half_finished_example_drafts_no_open_answer_as_agreed(partial):
    """Counsel's findings: reports_public, non_discrimination, civil_rights_training_all and
    annual_role_notice are open, so neither 'The District shall publish each report' nor the sections
    that turn on those answers may read as agreed."""
    by_title = sections(partial)
    public = by_title["Public reports"]
    assert public == ("Public reports. " + OPEN + "(A) The District shall publish each report on its website "
                      "promptly after it is delivered, in a form that members of the public can readily understand."
                      " OR (B) The District is not required to publish the data reports.]")
    for title in ("Non-discrimination", "Civil-rights training for everyone who carries out this MOU",
                  "Annual notice to students and families", "Joint training"):
        assert by_title[title].startswith(f"{title}. {OPEN}(A) "), by_title[title]
        assert re.search(r"[ \n]OR \(B\) ", by_title[title]) and by_title[title].endswith("]")
    everything = "\n".join(p.text for p in docx.Document(str(partial)).paragraphs)
    assert "The District shall publish each report" not in outside_decisions(everything)


def test_every_section_an_open_yes_no_or_choice_turns_on_shows_it_as_open(partial):
    """The mechanism, not clause by clause: each section that the draft says an open yes/no or choice
    answer affects shows an open decision (or a bracketed entry), never only one version."""
    draft = drafted(load_answers(PARTIAL))
    by_number = {s.number: s for s in draft.sections()}
    checked = 0
    for decision in draft.open_decisions:
        if QUESTIONS[decision.field].type not in ("yesno", "choice", "model"):
            continue
        for place in decision.places:
            if place in by_number:
                text = " ".join(b.text for b in by_number[place].blocks)
                assert OPEN in text or "[To be agreed: " in text, (decision.field, place, text)
                checked += 1
    assert checked >= 25


def test_an_open_answer_in_one_list_item_leaves_the_other_items_agreed(tmp_path, recommended):
    """Two independent yes/no answers in one list: each item is its own decision (not four versions
    of the list), and the items that do not turn on them stay as they are."""
    answers = with_answers(recommended, hiring__youth_experience_required=None, hiring__clean_record_required=None)
    items = [p.text for p in docx.Document(str(render(answers, tmp_path))).paragraphs if style_of(p) == "MOUItem"]
    youth = [t for t in items if "work well with young people" in t]
    clean = [t for t in items if "sustained complaint" in t]
    assert youth == [OPEN + "(A) has shown, through prior work or service, the ability to work well with young "
                            "people; OR (B) leave this out]"]
    assert len(clean) == 1 and clean[0].startswith(OPEN + "(A) has no sustained complaint")
    assert any(t.startswith("has the temperament, judgment and communication skills") for t in items)


def test_no_text_elsewhere_states_an_open_discipline_answer_as_settled(tmp_path, recommended):
    """The Illinois finding: with sro_in_discipline open, the recitals, the guiding principles and the
    District's responsibilities must not already say SROs are not disciplinarians."""
    answers = with_answers(with_answers(recommended, parties__state="IL"), civil_rights__sro_in_discipline=None)
    path = render(answers, tmp_path)
    settled = outside_decisions("\n".join(p.text for p in docx.Document(str(path)).paragraphs))
    for claim in ("do not administer school discipline", "they are not disciplinarians",
                  "keep sole responsibility for School Discipline", "SROs shall not take part in School Discipline",
                  "that SROs do not take part in School Discipline"):
        assert claim not in settled, claim
    by_title = sections(path)
    boundary = by_title["SROs and School Discipline"]
    assert boundary.startswith("SROs and School Discipline. " + OPEN + "(A) SROs shall not take part in School "
                               "Discipline.")
    assert "\nOR (B) At the Principal's request, an SRO may help School staff restore order" in boundary
    shared = next(r for r in recitals(path) if "help keep the Schools safe" in r)
    assert shared.startswith(OPEN + "(A) WHEREAS") and "OR (B) WHEREAS" in shared
    # Once answered, the same places say it plainly.
    plain = render(with_answers(answers, civil_rights__sro_in_discipline=False), tmp_path, "answered.docx")
    text = "\n".join(p.text for p in docx.Document(str(plain)).paragraphs)
    assert OPEN not in text and "they are not disciplinarians" in text


def test_recommended_answers_have_no_open_decision_and_no_list(tmp_path, recommended):
    document = docx.Document(str(render(recommended, tmp_path)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert OPEN not in text and "[To be agreed" not in text and "Open decisions" not in text
    assert all(t.rows[0].cells[0].text != "Open decision" for t in document.tables)


# --- the list of open decisions at the front -------------------------------------------------------


def test_the_open_decisions_list_names_each_open_answer_its_sections_and_question(partial):
    document = docx.Document(str(partial))
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Open decisions") < next(i for i, t in enumerate(texts) if t.startswith("This Memorandum"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Open decision")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Open decision", "Where it shows", "Question to settle it"]
    draft = drafted(load_answers(PARTIAL))
    assert len(rows) - 1 == len(draft.open_decisions) >= 50
    by_field = {re.search(r"\[([a-z_.]+)\]$", r[2]).group(1): r for r in rows[1:]}
    assert by_field["partnership.reports_public"] == [
        "Whether the data reports are published", "12.4",
        "Should the data reports be published for families and the public? [partnership.reports_public]"]
    assert by_field["civil_rights.complaint_process"][1] == "5.2, 13.1, 13.2, 13.3, 13.4, 19.4"
    assert by_field["parties.signatories"][1] == "Signature page"
    # Answered questions and facts about the draft itself are not listed.
    assert "partnership.data_collected" not in by_field and "document.draft_date" not in by_field


@pytest.mark.slow
def test_check_lists_the_same_open_decisions(tmp_path):
    import json

    from support import run_cli

    proc = run_cli(tmp_path, "check", str(PARTIAL), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    card = json.loads(proc.stdout)
    draft = drafted(load_answers(PARTIAL))
    assert [(d["question"], d["places"]) for d in card["open_decisions"]] == \
        [(d.question_id, list(d.places)) for d in draft.open_decisions]
    text = run_cli(tmp_path, "check", str(PARTIAL)).stdout
    assert "Open decisions (" in text and "  reports_public: whether the data reports are published (12.4)" in text


# --- answers kept against the rubric, flagged where they apply -------------------------------------


def comments(path: Path) -> dict[str, tuple[str, str]]:
    """Comment id -> (comment text, text of the paragraph it is anchored on)."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if "word/comments.xml" not in names:
            return {}
    document = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in document.comments}
    out = {}
    for p in document.element.body.iter(qn("w:p")):
        for start in p.iter(qn("w:commentRangeStart")):
            cid = int(start.get(qn("w:id")))
            out[str(cid)] = (texts[cid], "".join(t.text or "" for t in p.iter(qn("w:t"))))
    return out


def test_answers_kept_against_the_rubric_are_margin_comments_where_they_show(partial):
    notes = list(comments(partial).values())
    data = [(c, p) for c, p in notes if "law-enforcement data should the partners collect" in c]
    assert [p.split(".")[0] for _, p in data] == ["Data to be collected"]
    assert data[0][0].startswith("Kept against the SECURe rubric (SEC-1.5): ")
    team = [p.split(".")[0] for c, p in notes if "standing MOU Team" in c]
    assert "Communication between the Parties" in team  # stands where the MOU Team sections would be
    left_out = next(c for c, p in notes if p.startswith("Communication between the Parties"))
    assert left_out.endswith("This MOU therefore leaves out: MOU Team; Duties of the MOU Team.")
    drafted = [p for c, p in notes if "have already taken part in drafting" in c]
    assert drafted == ["WHEREAS this MOU was prepared with the participation of school administrators, "
                       "law-enforcement leadership and SROs, and parents and families; and"]


def test_a_draft_without_answers_against_the_rubric_has_no_comments(tmp_path, recommended):
    assert comments(render(recommended, tmp_path)) == {}


# --- the recitals state only what happened ---------------------------------------------------------


def test_recitals_say_who_took_part_and_who_only_will(tmp_path, recommended):
    answers = with_answers(recommended, partnership__stakeholders=["school_administrators", "law_enforcement"],
                           partnership__stakeholders_planned=["school_administrators", "law_enforcement",
                                                              "families", "students"])
    said = recitals(render(answers, tmp_path))
    took_part = [r for r in said if "prepared with the participation of" in r]
    assert took_part == ["WHEREAS this MOU was prepared with the participation of school administrators and "
                         "law-enforcement leadership and SROs; and"]
    assert "WHEREAS the Parties intend to involve school administrators, law-enforcement leadership and SROs, "\
           "parents and families, and students in the review and revision of this MOU; and" in said
    nobody = recitals(render(with_answers(answers, partnership__stakeholders=[]), tmp_path, "nobody.docx"))
    assert not any("prepared with the participation" in r for r in nobody)
    assert any(r.startswith("WHEREAS the Parties intend to involve") for r in nobody)


# --- the model agreement ---------------------------------------------------------------------------


def test_model_agreement_is_named_from_the_state_packs_or_none(tmp_path, recommended):
    va = sections(render(with_answers(recommended, partnership__model_mou="VA"), tmp_path, "va.docx"))
    model = va["Model agreement"]
    assert CONTENT.packs["VA"].d.model_mou in model
    assert "was not prepared from the text of that model agreement" in model
    none = sections(render(with_answers(recommended, partnership__model_mou="none"), tmp_path, "none.docx"))
    assert none["Model agreement"].startswith("Model agreement. This MOU is not based on a state or district "
                                              "model agreement.")
    assert "substantially similar" not in none["Model agreement"]
    for text in (model, none["Model agreement"]):
        assert "follows the model" not in text


def test_an_open_model_question_names_the_known_models(tmp_path, recommended):
    answers = with_answers(with_answers(recommended, parties__state="PA"), partnership__model_mou=None)
    model = sections(render(answers, tmp_path))["Model agreement"]
    assert model.startswith("Model agreement. " + OPEN + "(A) The Parties intend this MOU to be substantially "
                            "similar to [To be agreed: the state model agreement this MOU is based on (Arkansas, "
                            "Massachusetts, Nebraska, New Jersey or Virginia)].")
    assert "OR (B) This MOU is not based on a state or district model agreement." in model


def test_a_model_without_a_known_state_model_is_refused(recommended):
    answers = recommended.model_copy(update={"partnership": recommended.partnership.model_copy(
        update={"model_mou": "KY"})})
    with pytest.raises(UserError, match=r"partnership.model_mou: 'KY': the wizard knows no model agreement for "
                                        r"that state; answer 'none' or the code of a state whose model it knows "
                                        r"\(AR, MA, NE, NJ, VA\)"):
        build_draft(answers, CONTENT)


# --- placeholders read as sentences ----------------------------------------------------------------


def test_a_one_item_list_is_a_sentence(tmp_path, recommended):
    answers = with_answers(recommended, partnership__goals=["safe_environment"])
    goals = sections(render(answers, tmp_path))["Goals"]
    assert goals == "Goals. Through the SRO program, the Parties seek to: maintain a safe and secure learning " \
                    "environment."
    empty = sections(render(with_answers(recommended, partnership__scope=None), tmp_path, "scope.docx"))
    assert empty["Places and activities covered"].endswith(
        "in the following places and settings: [To be agreed: places and activities the MOU covers].")


def test_a_clause_no_version_of_which_applies_names_the_versions(tmp_path, recommended):
    answers = with_answers(recommended, partnership__district_cost_percent=None)
    cost = sections(render(answers, tmp_path))["Sharing of costs"]
    assert cost == ("Sharing of costs. [To be agreed: sharing of costs (which version: shared, district pays or "
                    "agency pays)]")


# --- the signing copy ------------------------------------------------------------------------------


def test_signing_copy_has_no_draft_marks(tmp_path, recommended):
    answers = with_answers(recommended, partnership__reports_public=False)  # an answer kept against the rubric
    final, draft = render(answers, tmp_path, "final.docx", final=True), render(answers, tmp_path, "draft.docx")
    f, d = docx.Document(str(final)), docx.Document(str(draft))
    header = lambda doc: "".join(p.text for p in doc.sections[0].header.paragraphs)  # noqa: E731
    assert "DRAFT" in header(d) and "DRAFT" not in header(f) and header(f).startswith("Memorandum of Understanding")
    for style in ("MOUDisclaimer", "MOUAppendixHeading"):
        assert any(style_of(p) == style for p in d.paragraphs)
        assert not any(style_of(p) == style for p in f.paragraphs)
    assert [t.rows[0].cells[0].text for t in f.tables] == [f.tables[0].rows[0].cells[0].text]  # signatures only
    assert comments(draft) and not comments(final)
    assert f.core_properties.category == "Signing copy" and d.core_properties.category == "Draft"
    # The agreement itself is the same text.
    body = lambda doc: [p.text for p in doc.paragraphs if style_of(p) in ("MOUSection", "MOUItem", "MOURecital")]  # noqa: E731
    assert body(f) == body(d)


def test_signing_copy_is_refused_while_decisions_are_open():
    with pytest.raises(UserError) as err:
        signing_copy_bytes(load_answers(PARTIAL), CONTENT, "partial.yaml")
    message = str(err.value)
    assert message.startswith("partial.yaml: no signing copy while ")
    assert "decisions remain open: signatories (Signature page); term (22.1); " in message
    assert re.search(r" and \d+ more; answer them", message), message
    assert "\n" not in message and message.endswith("or render a draft without --final")


def test_the_interview_finish_writes_the_signing_copy_beside_the_draft(tmp_path, recommended):
    from mou_wizard.interview.session import Session
    from mou_wizard.services import finish_signing_copy

    path = tmp_path / "interview.yaml"
    save_answers(path, recommended)
    out = finish_signing_copy(Session(path, CONTENT))
    assert out == tmp_path / "interview-signing.docx" and out.exists()
    assert "DRAFT" not in "".join(p.text for p in docx.Document(str(out)).sections[0].header.paragraphs)
    open_path = tmp_path / "open" / "interview.yaml"
    open_path.parent.mkdir()
    save_answers(open_path, with_answers(recommended, partnership__reports_public=None))
    with pytest.raises(UserError, match="no signing copy while 1 decision remains open: reports_public \\(12.4\\)"):
        finish_signing_copy(Session(open_path, CONTENT))
    assert sorted(p.name for p in open_path.parent.iterdir()) == ["interview.yaml"]


def test_a_title_written_with_an_article_in_the_answer_file_prints_once(tmp_path, recommended):
    """The interview stores a title without its article; an answer file written by hand may not. Either
    way the draft says "acting through its School Board", never "its the School Board"."""
    titles = [q for q in CONTENT.questions.questions if q.answer_type.kind == "title"]
    assert titles, "the interview asks for titles"
    written = {q.field: f"the Test {q.id.replace('_', ' ').title()}" for q in titles}
    path = tmp_path / "a.yaml"
    save_answers(path, recommended)
    text = path.read_text(encoding="utf-8")
    for field, value in written.items():
        section, name = field.split(".")
        text = re.sub(rf"(?m)^(  {name}:).*$", rf"\1 {value}", text)
        assert f"  {name}: {value}" in text, field
    path.write_text(text, encoding="utf-8")
    answers = load_answers(path)
    for field, value in written.items():
        section, name = field.split(".")
        assert getattr(getattr(answers, section), name) == value.removeprefix("the "), field
    body = docx_text(render(answers, tmp_path))
    for value in written.values():
        bare = value.removeprefix("the ")
        assert bare in body, bare
        assert not re.search(rf"(?i)\b(?:its|the|District's|Agency's) the {re.escape(bare)}", body), bare
