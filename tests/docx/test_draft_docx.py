"""Real answers to a real DOCX, reopened and inspected as a reader (and counsel) would."""

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from mou_wizard.files.answer_files import load_answers, load_interview_state
from mou_wizard.docx.parts import docx_bytes
from mou_wizard.engine.drafting import build_draft
from mou_wizard.domain.answers import Answers

from pathlib import Path
from support import BASE_DOCX, CONTENT, draft_docx, drafted, each_example

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def render(answers, tmp_path, name="draft.docx"):
    path = tmp_path / name
    path.write_bytes(draft_docx(answers))
    return path


def style_of(p):
    ppr = p._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def paragraphs(path, style):
    return [p for p in docx.Document(str(path)).paragraphs if style_of(p) == style]


def table_rows(path, first_header):
    for table in docx.Document(str(path)).tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table headed {first_header!r}")


def appendix_rows(path):
    return table_rows(path, "Rubric item")


@pytest.fixture(scope="module")
def rec_path(tmp_path_factory, recommended):
    return render(recommended, tmp_path_factory.mktemp("rec"))


def test_structure_matches_the_draft_and_uses_word_numbering(rec_path, recommended):
    draft = drafted(recommended)
    articles = paragraphs(rec_path, "MOUArticle")
    sections = paragraphs(rec_path, "MOUSection")
    items = paragraphs(rec_path, "MOUItem")
    assert len(articles) == len(draft.articles) >= 18
    assert len(sections) == sum(len(a.sections) for a in draft.articles) >= 60
    assert len(items) == sum(1 for s in draft.sections() for b in s.blocks if b.kind == "item") > 20
    # Numbers come from Word's numbering, never typed into the text.
    for p in articles + sections + items:
        assert not re.match(r"^\s*(Article\s+\d|\d+\.\d+|\([a-z]\))", p.text), p.text
    assert [p.text.upper() for p in articles] == [a.title.upper() for a in draft.articles]
    assert sections[0].text.startswith(draft.articles[0].sections[0].title)


def test_header_and_footer(rec_path):
    with zipfile.ZipFile(rec_path) as z:
        headers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    header_text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", headers))
    assert "DRAFT" in header_text and "version 1.0" in header_text and "August 1, 2026" in header_text
    assert re.search(r"PAGE\b", footers) and "NUMPAGES" in footers
    assert "Page" in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footers))


def test_preamble_names_the_parties_and_every_signatory_has_a_block(rec_path, recommended):
    text = "\n".join(p.text for p in docx.Document(str(rec_path)).paragraphs)
    assert f'{recommended.parties.district_name} (the "District")' in text
    assert f'{recommended.parties.agency_name} (the "Agency")' in text
    cells = "\n".join(c.text for t in docx.Document(str(rec_path)).tables[:-1] for r in t.rows for c in r.cells)
    for s in recommended.parties.signatories:
        assert f"Name: {s.name}" in cells and f"Title: {s.title}" in cells
    assert "not legal advice" in text


def test_appendix_maps_every_rubric_item_to_the_sections_that_meet_it(rec_path, recommended):
    draft = drafted(recommended)
    rows = appendix_rows(rec_path)
    assert rows[0][0] == "Rubric item"
    body = rows[1:]
    assert [r[0] for r in body] == [c.sec_id for c in draft.coverage]
    assert len(body) == 30
    for row, cov in zip(body, draft.coverage):
        assert row[4] == (", ".join(cov.sections) or "Not addressed")
    # Each section cited really is in the document, and really cites that rubric item.
    by_number = {s.number: s for s in draft.sections()}
    for cov in draft.coverage:
        for n in cov.sections:
            assert cov.sec_id in by_number[n].sec_ids


def test_unaddressed_items_say_so(tmp_path, recommended):
    from mou_wizard.interview.flow import Flow

    flow = Flow(recommended, CONTENT.questions)
    flow.set_answer(flow.qs.by_field()["civil_rights.complaint_process"], False)
    rows = {r[0]: (r[3], r[4]) for r in appendix_rows(render(flow.answers, tmp_path))}
    assert rows["SEC-2.8"] == ("Against", "Not addressed")


STATUS = {"met": "Met", "partly": "Partly met", "against": "Against", "missing": "Missing"}


@pytest.mark.parametrize("path", each_example(EXAMPLE_FILES, quick="partial-with-skips"))
def test_appendix_matches_check_json(path, tmp_path, capsys):
    """The rubric and state tables in the DOCX say what `mou-wizard check --format json` says."""
    import json

    from mou_wizard.cli import main

    assert main(["check", str(path), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    docx_path = render(load_answers(path), tmp_path)
    rubric_rows = appendix_rows(docx_path)[1:]
    assert [(r[0], r[3], r[4]) for r in rubric_rows] == [
        (row["id"], STATUS[row["status"]], ", ".join(row["sections"]) or "Not addressed") for row in card["rubric"]
    ]
    state = card["state"]
    assert state is not None  # every example names a state with a pack
    state_rows = table_rows(docx_path, "Requirement")[1:]
    assert [(r[0], r[2], r[3]) for r in state_rows] == [
        (req["id"], STATUS[req["status"]], ", ".join(req["sections"]) or "Not addressed")
        for req in state["requirements"]
    ]
    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert state["citation"] in text and f"texts as of {state['text_as_of']}" in text and "not legal advice" in text
    # Each requirement names its source, the date of the text read and how firmly it was read.
    for row, req in zip(state_rows, state["requirements"]):
        assert f"Source: {req['source']['title']}, text as of {req['text_as_of']}" in row[1], row
        assert req["confidence_label"] in row[1]
    for src in state["sources"]:
        assert f"{src['title']}" in text and f"text as of {src['text_as_of']}: {src['confidence_label']}" in text


def test_skipped_answers_are_visible_placeholders(tmp_path):
    path = render(load_answers(EXAMPLES / "partial-with-skips.yaml"), tmp_path)
    document = docx.Document(str(path))
    placeholder_runs = [
        r for p in document.paragraphs for r in p.runs
        if r._r.rPr is not None and r._r.rPr.find(qn("w:rStyle")) is not None
        and r._r.rPr.find(qn("w:rStyle")).get(qn("w:val")) == "MOUPlaceholder"
    ]
    assert len(placeholder_runs) > 20
    # Each marked run is a "To be agreed" entry or a piece of an open decision's frame.
    frames = ("[Open decision — choose one: (", " OR (", "OR (", "]", "omit this Section", "leave this out")
    assert all((r.text.startswith("[To be agreed: ") and r.text.endswith("]")) or r.text.startswith(frames)
               for r in placeholder_runs), {r.text for r in placeholder_runs}
    texts = {r.text for r in placeholder_runs}
    assert "[To be agreed: length of the MOU's term, in months]" in texts
    # The parties that were answered are printed, not placeholders.
    assert "Brookfield Area School District" in document.paragraphs[2].text or any(
        "Brookfield Area School District" in p.text for p in document.paragraphs[:4])


def test_empty_answers_still_give_a_complete_document(tmp_path):
    path = render(Answers(), tmp_path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "[To be agreed: the school district's full legal name]" in text
    assert len(paragraphs(path, "MOUArticle")) >= 18


def test_user_text_is_printed_literally_never_evaluated(tmp_path, recommended):
    answers = recommended.model_copy(deep=True)
    answers.parties.district_name = "{{ 7*7 }} {% raw %} **Board** of\x0b Ed\u0007"
    path = render(answers, tmp_path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert '{{ 7*7 }} {% raw %} **Board** of Ed (the "District")' in text
    assert "49" not in text.split("(the \"District\")")[0]


@pytest.mark.parametrize("path", each_example(EXAMPLE_FILES, quick="partial-with-skips"))
def test_each_example_renders_deterministically(path, tmp_path):
    answers = load_answers(path)
    first = docx_bytes(build_draft(answers, CONTENT), BASE_DOCX)
    second = docx_bytes(build_draft(load_answers(path), CONTENT), BASE_DOCX)
    assert first == second
    out = tmp_path / "x.docx"
    out.write_bytes(first)
    document = docx.Document(str(out))
    assert answers.parties.district_name in "\n".join(p.text for p in document.paragraphs)


def test_examples_are_realistic_and_varied():
    names = {p.stem for p in EXAMPLE_FILES}
    assert len(names) >= 3
    kinds = {load_answers(p).parties.agency_kind for p in EXAMPLE_FILES}
    assert {"county_sheriff", "city_police"} <= {k.value for k in kinds if k}
    diversion = load_answers(EXAMPLES / "suburban-city-police-diversion.yaml").civil_rights
    assert "court_diversion" in diversion.diversion_options and diversion.diversion_partners
    assert load_interview_state(EXAMPLES / "partial-with-skips.yaml").skipped
