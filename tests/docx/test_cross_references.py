"""Cross-references (issue 10): "Section 7.2" in clause text is a Word REF field to a bookmark on
section 7.2's heading paragraph, so the reference follows the numbers when counsel adds or moves a
section; the field's cached result is the current number, so the text reads right before Word updates
it. Every draft is rendered to a real DOCX and reopened: each reference's field names a bookmark that
exists, on the heading paragraph of the section the draft meant, and shows that section's number."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from mou_wizard import templating
from mou_wizard.docx import xref
from mou_wizard.domain.answers import Answers
from mou_wizard.files.answer_files import load_answers
from support import CONTENT, docx_of, draft_docx, drafted, each_example, recommended, revision_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REF = re.compile(r"^\s*REF\s+(\S+)\s+\\n\s+\\h\s*$")


def recommended_answers() -> Answers:
    return recommended()


def _answers(name: str) -> Answers:
    if name == "recommended":
        return recommended_answers()
    if name == "empty":
        return Answers()
    return load_answers(EXAMPLES / f"{name}.yaml")


def fields(p) -> list[tuple[str, str]]:
    """(instruction, cached result) of each complex field in paragraph ``p``, in order."""
    out, state, instr, shown = [], None, [], []
    for r in p.iter(qn("w:r")):
        fld = r.find(qn("w:fldChar"))
        if fld is not None:
            kind = fld.get(qn("w:fldCharType"))
            if kind == "begin":
                state, instr, shown = "code", [], []
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                out.append(("".join(instr), "".join(shown)))
                state = None
            continue
        if state == "code":
            instr += [t.text or "" for t in r.iter(qn("w:instrText"))]
        elif state == "result":
            shown += [t.text or "" for t in r.iter(qn("w:t"))]
    return out


def read_back(data: bytes):
    """(bookmarks: name -> (section number Word shows, heading paragraph), references: (name, cached
    text, paragraph text)) of a rendered DOCX, numbering sections in document order as Word does."""
    document = docx.Document(io.BytesIO(data))
    bookmarks, refs = {}, []
    article = section = 0
    for paragraph in document.paragraphs:
        p = paragraph._p
        style = paragraph.style.style_id if paragraph.style is not None else ""
        if style == "MOUArticle":
            article, section = article + 1, 0
        elif style == "MOUSection":
            section += 1
        for bm in p.iter(qn("w:bookmarkStart")):
            name = bm.get(qn("w:name"))
            if name.startswith(xref.PREFIX):
                assert style == "MOUSection", (name, style)
                assert name not in bookmarks, f"bookmark {name} twice"
                ends = [e for e in p.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == bm.get(qn("w:id"))]
                assert len(ends) == 1, f"bookmark {name} does not end in its paragraph"
                bookmarks[name] = (f"{article}.{section}", paragraph.text)
        for instr, shown in fields(p):
            m = REF.match(instr)
            assert m, f"unexpected field {instr!r}"
            refs.append((m.group(1), shown, paragraph.text))
    return document, bookmarks, refs


@pytest.mark.parametrize("name", each_example(["recommended", "partial-with-skips", "rural-county-sheriff",
                                               "suburban-city-police-diversion", "empty"],
                                              quick=("partial-with-skips", "empty")))
def test_every_reference_is_a_field_to_an_existing_bookmark_showing_its_number(name):
    draft = drafted(_answers(name))
    want = [(r.ref, r.text) for b in [*draft.recitals, *(b for s in draft.sections() for b in s.blocks)]
            for r in b.runs if r.ref]
    data = docx_of(draft)
    document, bookmarks, refs = read_back(data)
    if name != "empty":
        assert len(want) >= 10, "the drafts refer to other sections; the test must see them"
    assert len(refs) == len(want), "each reference in the draft is one REF field in the document"
    by_clause = {s.clause_id: s for s in draft.sections()}
    for (target, number), (bookmark, shown, text) in zip(want, refs):
        assert bookmark == xref.bookmark_name(target)
        assert bookmark in bookmarks, f"REF {bookmark} names no bookmark (dangling reference)"
        assert shown == number == bookmarks[bookmark][0] == by_clause[target].number
        assert bookmarks[bookmark][1].startswith(by_clause[target].title)
        assert f"Section {number}" in text  # python-docx (and any reader) sees the cached number
    settings = document.settings.element
    assert (settings.find(qn("w:updateFields")) is not None) == bool(refs)


def test_a_signing_copy_keeps_its_references():
    _, bookmarks, refs = read_back(draft_docx(recommended_answers(), final=True))
    assert refs and all(name in bookmarks for name, _, _ in refs)


def test_update_fields_sits_where_the_schema_puts_it():
    data = draft_docx(recommended_answers())
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml"))
    tags = [etree.QName(c).localname for c in settings]
    assert tags.count("updateFields") == 1
    assert tags.index("updateFields") < tags.index("compat")
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_bookmark_names_are_stable_short_and_distinct():
    assert xref.bookmark_name("supervision.removal") == "_Ref_supervision_removal"
    long_a = "information_sharing.law_enforcement_records_a"
    long_b = "information_sharing.law_enforcement_records_b"
    names = {xref.bookmark_name(i) for i in (long_a, long_b)}
    assert len(names) == 2 and all(len(n) <= 40 and re.fullmatch(r"_Ref_\w+", n) for n in names)
    assert xref.bookmark_name(long_a) == xref.bookmark_name(long_a)
    every = [c.id for c in CONTENT.library.clauses]
    assert len({xref.bookmark_name(i) for i in every}) == len(every)


def test_user_text_cannot_forge_a_reference():
    forged = "\ue002supervision.removal\ue0037.2\ue004"
    runs = templating.value_runs(forged)
    assert not any(r.ref for r in runs) and "".join(r.text for r in runs) == "supervision.removal7.2"


def test_the_redline_compares_the_numbers_as_text_and_has_no_dangling_reference():
    old = drafted(load_answers(EXAMPLES / "rural-county-sheriff.yaml"))
    new = drafted(recommended_answers())
    data = revision_of(old, new, date=datetime.date(2026, 6, 1))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    names = {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))}
    instrs = [t.text for t in root.iter(qn("w:instrText"))]
    assert all(REF.match(i).group(1) in names for i in instrs if REF.match(i))
    text = "".join(t.text or "" for t in root.iter(qn("w:t")))
    assert re.search(r"Section \d+\.\d+", text)
