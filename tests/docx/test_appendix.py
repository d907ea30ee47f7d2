"""Appendix A as a board and its counsel read it (issue 10): it says it is not part of the agreement, its
state-law section starts with a real heading kept with what follows, every status and source its tables
use is explained in a key in plain words (no internal token such as "seed"), and a state law text read as
of a date later than the draft's is explained. Each draft is rendered to a real DOCX and reopened."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from docx.oxml.ns import qn

from mou_wizard.docx.appendix import SOURCE_TEXT, STATUS_TEXT, later_than_draft
from mou_wizard.files.answer_files import load_answers
from support import ROOT, docx_of, drafted, recommended

APPENDIX = "Appendix A: Rubric and State Law Alignment"


def with_document(answers, **fields):
    doc = answers.document.model_copy(update=fields.pop("document", {}))
    parties = answers.parties.model_copy(update=fields.pop("parties", {}))
    return answers.model_copy(update={"document": doc, "parties": parties})


def rendered(answers, final: bool = False):
    draft = drafted(answers, final=final)
    return draft, docx.Document(io.BytesIO(docx_of(draft)))


def appendix_paragraphs(document):
    """The body's paragraphs (not table cells) from the appendix heading on."""
    ps = document.paragraphs
    start = next(i for i, p in enumerate(ps) if p.text == APPENDIX)
    return ps[start:]


def cell_column(table, index: int) -> list[str]:
    return [row.cells[index].text for row in table.rows[1:]]


@pytest.fixture(scope="module")
def kentucky_2021():
    answers = with_document(recommended(), parties={"state": "KY"},
                            document={"draft_date": datetime.date(2021, 3, 1)})
    return rendered(answers)


def test_the_appendix_says_it_is_not_part_of_the_agreement(kentucky_2021):
    _, document = kentucky_2021
    text = " ".join(p.text for p in appendix_paragraphs(document)[:3])
    assert "not part of the Memorandum of Understanding and is not signed" in text
    assert "checklist" in text


def test_every_status_and_source_in_the_tables_has_a_key_and_no_internal_words(kentucky_2021):
    draft, document = kentucky_2021
    body = "\n".join(p.text for p in appendix_paragraphs(document))
    rubric, state = document.tables[-2], document.tables[-1]
    shown = set(cell_column(rubric, 3)) | set(cell_column(state, 2))
    assert {"Met"} <= shown
    status_key = next(p.text for p in appendix_paragraphs(document) if p.text.startswith("Key to the Status column."))
    for label in shown:
        assert f"{label}: " in status_key, f"the status {label!r} has no key"
    for token, label in STATUS_TEXT.items():  # and no key for a status no row has
        if label and label not in shown:
            assert f"{label}: " not in status_key
    sources = set(cell_column(rubric, 2))
    assert sources <= set(SOURCE_TEXT.values()) and len(sources) >= 2
    source_key = next(p.text for p in appendix_paragraphs(document) if p.text.startswith("Key to the Source column."))
    for label in sources:
        assert f"{label}: " in source_key
    everything = body + "\n" + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not re.search(r"\bseed\b", everything, re.IGNORECASE)


def test_the_state_law_heading_is_a_heading_kept_with_its_table(kentucky_2021):
    draft, document = kentucky_2021
    ps = appendix_paragraphs(document)
    heading = next(p for p in ps if p.text == f"{draft.state_alignment.name}: state law requirements")
    ppr = heading._p.find(qn("w:pPr"))
    assert ppr.find(qn("w:keepNext")) is not None and ppr.find(qn("w:keepLines")) is not None
    assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == "1"
    assert all(r.bold for r in heading.runs)
    # Every paragraph from the heading to the state table keeps with the next, and the table's
    # heading row keeps with its first row.
    body = document.element.body
    state_table = document.tables[-1]._tbl
    between = []
    node = heading._p
    while node is not state_table:
        between.append(node)
        node = node.getnext()
    assert len(between) >= 2
    for p in between:
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(p.itertext())
    header_row = state_table.find(qn("w:tr"))
    assert all(document.styles.get_by_id(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")), 1)
               .paragraph_format.keep_with_next for p in header_row.iter(qn("w:p")))
    assert body is not None


def test_a_text_read_later_than_the_draft_is_explained(kentucky_2021):
    draft, document = kentucky_2021
    later = later_than_draft(draft.state_alignment, "2021-03-01")
    assert later, "the Kentucky pack reads texts dated after 2021"
    note = next(p.text for p in appendix_paragraphs(document) if p.text.startswith("Dates:"))
    assert "March 1, 2021" in note and all(d in note for d in later)
    assert "later than this draft's date" in note


def test_no_date_note_when_the_draft_is_later_than_every_text():
    answers = with_document(recommended(), parties={"state": "KY"},
                            document={"draft_date": datetime.date(2030, 1, 1)})
    draft, document = rendered(answers)
    assert not later_than_draft(draft.state_alignment, "2030-01-01")
    assert not any(p.text.startswith("Dates:") for p in appendix_paragraphs(document))


@pytest.mark.parametrize("text_as_of, draft_date, later", [
    ("2024", "2023-12-31", True), ("2024", "2024-01-01", False), ("2024-07", "2024-06-30", True),
    ("2024-07", "2024-07-31", False), ("2024-07-02", "2024-07-01", True), ("2023", "", False),
])
def test_later_compares_at_the_precision_the_pack_gives(text_as_of, draft_date, later):
    from mou_wizard.domain.assessment import StateAssessment

    st = StateAssessment("KY", "Kentucky", "KRS", text_as_of, "statute", "Yes", (), "",
                         (("Title", None, text_as_of, "statute"),))
    assert bool(later_than_draft(st, draft_date)) is later


def test_a_signing_copy_has_no_appendix():
    answers = with_document(recommended(), parties={"state": "KY"})
    _, document = rendered(answers, final=True)
    assert not any(p.text == APPENDIX for p in document.paragraphs)


def test_the_examples_appendix_has_no_internal_words():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        _, document = rendered(load_answers(path))
        text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert not re.search(r"\bseed\b", text, re.IGNORECASE), path.name


def test_a_new_draft_date_that_drops_the_date_note_is_a_tracked_change_of_the_appendix():
    """The date note depends on the draft's date alone: a later draft date that drops it changes
    Appendix A, so the revision lists the appendix as changed and strikes the note (rejecting every
    change brings it back)."""
    from mou_wizard.docx.parts import compare
    from support import revision_helpers, revision_of

    H = revision_helpers()
    old = drafted(with_document(recommended(), parties={"state": "KY"},
                                document={"draft_date": datetime.date(2021, 3, 1)}))
    new = drafted(with_document(recommended(), parties={"state": "KY"},
                                document={"draft_date": datetime.date(2030, 1, 1)}))
    assert old.coverage == new.coverage and old.state_alignment == new.state_alignment
    assert "appendix" in [c.clause_id for c in compare(old, new)]
    data = revision_of(old, new, date=datetime.date(2030, 1, 1))
    document = H.part(data, "word/document.xml")
    assert any(t.startswith("Dates:") for t in H.change_texts(document, "del"))
    H.assert_resolves_to(data, old, new)
