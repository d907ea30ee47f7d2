"""Revising against the signed document (``revise --against SIGNED.docx``), proved on real documents.

Each signed document here is a draft edited the way people edit it: with python-docx, as Word leaves
it (a reworded sentence in runs of its own, a clause struck, a section added, a party renamed, the
signature table edited, a comment, the header's DRAFT mark dropped), or converted and edited with
LibreOffice itself. The revision is opened again and resolved with tests/docx/test_revision_docx.py's
``accept_all`` / ``reject_all``: rejecting every change must give the signed document's paragraphs
unchanged, accepting every change the signed document with the same edits made on the new draft.
"""

from __future__ import annotations

import copy
import datetime
import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree

from mou_wizard.docx.parts import compare, docx_bytes
from mou_wizard.docx.reasons import reasons_for
from mou_wizard.docx.signed import open_signed, signed_revision
from mou_wizard.engine.drafting import build_draft
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import load_answers
from support import revision_helpers
from support import BASE_DOCX, CONTENT




# Whole scenarios: two drafts rendered, a signed copy edited and a revision built for each test.
pytestmark = pytest.mark.slow

H = revision_helpers()
q, part, text_of, style_of, paragraphs = H.q, H.part, H.text_of, H.style_of, H.paragraphs
accept_all, reject_all, header_name = H.accept_all, H.reject_all, H.header_name

REVIEW = Path(__file__).resolve().parents[2] / "examples" / "review"
DATE = datetime.date(2026, 6, 15)
STAMP = "2026-06-15T00:00:00Z"
RSID = "00C0FFEE"  # what Word stamps on the runs typed in one editing session
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# --- the two cycles ------------------------------------------------------------------------------


def harlan():
    """Harlan Valley 2025 -> 2026 (refresher training 8 -> 16 hours, complaints received by either
    party, a standing MOU Team added, school leaders consulted on assignments), with a fourth
    signatory who fills the empty cell of the signature table."""
    old = load_answers(REVIEW / "harlan-valley-2025.yaml")
    new = load_answers(REVIEW / "harlan-valley-2026.yaml")
    people = [s.model_dump() for s in new.parties.signatories]
    people.append({"name": "Maria Chen", "title": "Treasurer", "party": "district"})
    new = H.variant(new, [("parties.signatories", people)])
    return old, new


@pytest.fixture(scope="module")
def cycle():
    old, new = harlan()
    old_draft, new_draft = build_draft(old, CONTENT), build_draft(new, CONTENT)
    changes = compare(old_draft, new_draft)
    return {"old": old_draft, "new": new_draft, "changes": changes,
            "reasons": reasons_for(old, new, changes, CONTENT),
            "old_docx": docx_bytes(old_draft, BASE_DOCX), "new_docx": docx_bytes(new_draft, BASE_DOCX)}


def revise(cycle, signed: bytes, **kw):
    kw.setdefault("date", DATE)
    return signed_revision(cycle["old"], cycle["new"], signed, cycle["reasons"], **kw)


# --- editing a document the way people do (python-docx, as Word leaves it) -----------------------


def body_paragraphs(document):
    return list(document.element.body.iter(q("p")))


def rewrite_run(r, old: str, new: str) -> None:
    """Replace ``old`` in run ``r`` as Word records typing: the run split, the typed words in a run
    of their own with this session's rsid."""
    t = r.find(q("t"))
    before, after = t.text.split(old, 1)
    for text, typed in ((before, False), (new, True), (after, False)):
        if not text:
            continue
        piece = copy.deepcopy(r)
        piece.find(q("t")).text = text
        piece.find(q("t")).set(XML_SPACE, "preserve")
        if typed:
            piece.set(q("rsidR"), RSID)
        r.addprevious(piece)
    r.getparent().remove(r)


def rewrite_span(p, old: str, new: str) -> None:
    """Replace ``old``, which runs across several runs of ``p`` (say over a cross-reference field), as
    Word records it: the runs at either end split, every run between them (a field's too) deleted, the
    typed words in a run of their own."""
    runs = [r for r in p if r.tag == q("r")]
    spans, pos = [], 0
    for r in runs:
        n = sum(len(t.text or "") for t in r.iter(q("t")))
        spans.append((r, pos, pos + n))
        pos += n
    start = text_of(p).index(old)
    end = start + len(old)
    first = next(r for r, a, b in spans if a <= start < b)
    typed = copy.deepcopy(first)
    for r, a, b in spans:
        if b <= start or a >= end or (a == b and not start < a < end):
            continue
        t = r.find(q("t"))
        keep = (t.text[: max(0, start - a)] if a < start else "") + (t.text[end - a:] if b > end else "")
        if keep:
            t.text = keep
            t.set(XML_SPACE, "preserve")
        else:
            p.remove(r)
    if new:
        for t in typed.findall(q("t"))[1:]:
            typed.remove(t)
        typed.find(q("t")).text = new
        typed.find(q("t")).set(XML_SPACE, "preserve")
        typed.set(q("rsidR"), RSID)
        anchor = next((r for r, a, b in spans if a >= end and r.getparent() is p), None)
        anchor.addprevious(typed) if anchor is not None else p.append(typed)


def reword(old: str, new: str, where: str | None = None):
    """Change ``old`` to ``new`` (empty: delete it) in the first paragraph holding it (and, if
    ``where`` is given, whose text starts with it)."""
    def step(document):
        for p in body_paragraphs(document):
            if where is not None and not text_of(p).startswith(where):
                continue
            for r in p.iter(q("r")):
                t = r.find(q("t"))
                if t is not None and t.text and old in t.text:
                    rewrite_run(r, old, new)
                    return
            if old in text_of(p):  # across runs: a cross-reference's field inside it
                rewrite_span(p, old, new)
                return
        raise AssertionError(f"{old!r} is not in the document")
    return step


def clause_paragraphs(document, title: str) -> list:
    ps = body_paragraphs(document)
    start = next(i for i, p in enumerate(ps) if style_of(p) == "MOUSection" and text_of(p).startswith(title + "."))
    end = start + 1
    while end < len(ps) and style_of(ps[end]) in ("MOUItem", "MOUSectionBody"):
        end += 1
    return ps[start:end]


def strike_clause(title: str):
    def step(document):
        for p in clause_paragraphs(document, title):
            p.getparent().remove(p)
    return step


def add_section_after(title: str, heading: str, text: str):
    """A numbered section of counsel's own after clause ``title`` (Word renumbers the ones after it)."""
    def step(document):
        last = clause_paragraphs(document, title)[-1]
        p = etree.SubElement(last.getparent(), q("p"))
        last.addnext(p)
        etree.SubElement(etree.SubElement(p, q("pPr")), q("pStyle")).set(q("val"), "MOUSection")
        r = etree.SubElement(p, q("r"))
        etree.SubElement(etree.SubElement(r, q("rPr")), q("b"))
        etree.SubElement(r, q("t")).text = heading
        r = etree.SubElement(p, q("r"))
        t = etree.SubElement(r, q("t"))
        t.text, _ = " " + text, t.set(XML_SPACE, "preserve")
    return step


def rename(old: str, new: str):
    """A party renamed everywhere (Find and Replace All), the running header too."""
    def step(document):
        roots = [document.element.body] + [s.header._element for s in document.sections]
        hits = 0
        for root in roots:
            for t in root.iter(q("t")):
                if t.text and old in t.text:
                    t.text = t.text.replace(old, new)
                    hits += 1
        assert hits, old
    return step


def edit_signature_table(document) -> None:
    """The Sheriff's title spelled out, and a row of counsel's own at the end of the table."""
    reword("Sheriff", "Sheriff of Harlan County", where="Title: Sheriff")(document)
    table = next(t for t in document.element.body.iter(q("tbl"))
                 if t.find(f"{q('tblPr')}/{q('tblStyle')}").get(q("val")) == "MOUSignatureTable")
    row = copy.deepcopy(table.findall(q("tr"))[0])
    for tc, words in zip(row.findall(q("tc")), ("Approved as to form:", "Counsel for the District")):
        ps = tc.findall(q("p"))
        for p in ps[1:]:
            tc.remove(p)
        for r in ps[0].findall(q("r")):
            ps[0].remove(r)
        etree.SubElement(etree.SubElement(ps[0], q("r")), q("t")).text = words
    table.append(row)


def counsel_comment(document) -> None:
    purpose = next(p for p in document.paragraphs if p.text.startswith("Purpose."))
    document.add_comment(purpose.runs[-1], text="Agreed at the May 12 meeting.", author="J. Counsel", initials="JC")


def signing_copy_header(document) -> None:
    """The header's DRAFT mark replaced: "Memorandum of Understanding<TAB>Signed copy, version ..."."""
    p = document.sections[0].header._element.find(q("p"))
    runs = p.findall(q("r"))
    mark = next(r for r in runs if text_of(r) == "DRAFT")
    following = mark.getnext()
    p.remove(mark)
    rewrite_run(following, ": version", "Signed copy, version")


def typed_numbers(document) -> None:
    """Counsel's copy with the section numbers typed in ("17.2<TAB>Refresher training. ..."), as
    when a document loses its list numbering: the old draft's numbers, by section title."""
    numbers = {s.title: s.number for s in build_draft(harlan()[0], CONTENT).sections()}
    for p in body_paragraphs(document):
        if style_of(p) != "MOUSection":
            continue
        title = text_of(p).split(".")[0]
        if title in numbers:
            r = etree.Element(q("r"))
            etree.SubElement(r, q("t")).text = numbers[title]
            etree.SubElement(r, q("tab"))
            p.find(q("pPr")).addnext(r)


def edited(data: bytes, *steps) -> bytes:
    document = docx.Document(io.BytesIO(data))
    for step in steps:
        step(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- checks --------------------------------------------------------------------------------------


def body_of(data: bytes):
    return part(data, "word/document.xml")


def shape(element) -> tuple:
    """An element as (tag, attributes, text, children), whatever namespace declarations it carries;
    an empty run-properties element (what a resolved paragraph-mark change leaves) counts as none."""
    if element is None:
        return ()
    return (element.tag, tuple(sorted(element.attrib.items())), (element.text or "").strip(),
            tuple(shape(c) for c in element if not (c.tag == q("rPr") and len(c) == 0 and not c.attrib)))


def assert_resolves(result: bytes, signed: bytes, expected: bytes | None) -> None:
    """Reject All gives SIGNED (text and paragraph properties, body, cells and header); Accept All
    gives ``expected`` (text and style)."""
    document = body_of(result)
    rejected = reject_all(document)
    want = [(shape(p.find(q("pPr"))), text_of(p)) for p in body_of(signed).iter(q("p"))]
    got = [(shape(p.find(q("pPr"))), text_of(p)) for p in rejected.iter(q("p"))]
    assert got == want, "Reject All does not give the signed document back: " + "\n".join(
        f"{g!r}\n  != {w!r}" for g, w in zip(got, want) if g != w)[:3000]
    assert paragraphs(reject_all(part(result, header_name(result)))) == paragraphs(part(signed, header_name(signed)))
    if expected is not None:
        got, want = paragraphs(accept_all(document)), paragraphs(body_of(expected))
        assert got == want, "\n".join(
            f"{g!r}\n  != {w!r}" for g, w in zip(got, want) if g != w)[:3000] or f"{len(got)} != {len(want)}"
        assert paragraphs(accept_all(part(result, header_name(result)))) == paragraphs(
            part(expected, header_name(expected)))


def marked(p) -> bool:
    return any(e.tag in (q("ins"), q("del"), q("pPrChange"), q("commentRangeStart"), q("commentRangeEnd"),
                         q("commentReference")) for e in p.iter())


def comments(data: bytes) -> list:
    return list(part(data, "word/comments.xml").iter(q("comment")))


def added_comments(result: bytes, signed: bytes) -> list:
    """The comments of the revision that SIGNED did not have (a draft carries margin comments of its own)."""
    theirs = {c.get(q("id")) for c in comments(signed)} if "word/comments.xml" in H.names(signed) else set()
    return [c for c in comments(result) if c.get(q("id")) not in theirs]


def comment_text(comment) -> str:
    return "\n".join(text_of(p) for p in comment.iter(q("p")))


def comment_on(data: bytes, words: str) -> str:
    """The text of the comment whose range or point is in the paragraph holding ``words``."""
    document = body_of(data)
    p = H.paragraph_with(document, words)
    ids = {e.get(q("id")) for e in p.iter(q("commentReference"), q("commentRangeStart"))}
    found = [comment_text(c) for c in comments(data) if c.get(q("id")) in ids]
    assert found, f"no comment on {words!r}"
    return "\n".join(found)


# --- against the draft itself --------------------------------------------------------------------


@pytest.mark.parametrize("make", [H.main_pair, H.grown_pair, H.partial_pair],
                         ids=["suburban-many-changes", "fourth-signatory", "placeholders-answered"])
def test_against_the_unedited_draft_it_is_the_ordinary_revision(make):
    old, new = make()
    signed = docx_bytes(old, BASE_DOCX)
    result = signed_revision(old, new, signed, {}, date=DATE)
    assert result.notes == ()
    assert result.changes == len(compare(old, new)) == len(added_comments(result.data, signed))
    assert_resolves(result.data, signed, docx_bytes(new, BASE_DOCX))


# --- people's edits ------------------------------------------------------------------------------

EDITS = {
    # unchanged by the answers: kept, never shown as a change
    "reworded-sentence": [reword("The purpose of this MOU is to establish", "The purpose of this MOU is to set up")],
    "deleted-sentence": [reword(" Each review shall consider the data reported under Section 12.3, complaints and "
                                "their outcomes, the results of evaluations, the Parties' review of the law under "
                                "Section 4.4, and the views of stakeholders, and shall end in a written decision to "
                                "continue this MOU without change or to amend it.", "")],
    # a sentence added to a paragraph that the answers change in another sentence
    "added-sentence": [reword("for as long as the officer serves as an SRO.",
                              "for as long as the officer serves as an SRO. The Agency shall bear its cost.")],
    # the same sentence as an answer change, other words: the change is made, with a conflict noted
    "same-sentence": [reword("for as long as the officer serves as an SRO", "while the officer serves as an SRO")],
    # a section of counsel's own: every number after it shifts
    "inserted-section": [add_section_after("Initial training", "Firearms qualification.",
                                           "Each SRO shall meet the Agency's firearms standard every year.")],
    # a clause the answers change, struck by counsel: not applied, and said so
    "struck-clause": [strike_clause("Feedback from students, families and staff")],
    "renamed-party": [rename("Harlan Valley Local School District", "Board of Education of the Harlan Valley "
                                                                     "Local School District")],
    "signature-table": [edit_signature_table],
    "comment-and-header": [counsel_comment, signing_copy_header],
    "typed-numbers": [typed_numbers],
}
EDITS["all-at-once"] = [step for steps in EDITS.values() for step in steps]


@pytest.mark.parametrize("name", list(EDITS))
def test_counsels_edits_are_kept_and_the_new_answers_changes_made(cycle, name):
    steps = EDITS[name]
    signed = edited(cycle["old_docx"], *steps)
    expected = edited(cycle["new_docx"], *steps)
    result = revise(cycle, signed)
    assert_resolves(result.data, signed, expected)
    assert result.changes == len(cycle["changes"]) == len(added_comments(result.data, signed))


def test_untouched_paragraphs_keep_their_xml(cycle):
    signed = edited(cycle["old_docx"], *EDITS["all-at-once"])
    result = revise(cycle, signed)
    before = Counter(etree.tostring(p) for p in body_of(signed).iter(q("p")))
    untouched = [etree.tostring(p) for p in body_of(result.data).iter(q("p")) if not marked(p)]
    assert len(untouched) > 300
    assert not Counter(untouched) - before, "a paragraph no change touches differs from the signed one"
    # Counsel's runs (rsid and all) are still there in the paragraphs that changed.
    assert any(r.get(q("rsidR")) == RSID for r in body_of(result.data).iter(q("r")))


def test_a_conflict_in_the_same_sentence_is_made_on_the_signed_words_and_said(cycle):
    signed = edited(cycle["old_docx"], *EDITS["same-sentence"])
    result = revise(cycle, signed)
    p = H.paragraph_with(body_of(result.data), "Refresher training.")
    assert H.change_texts(p, "del") == ["eight (8)"] and H.change_texts(p, "ins") == ["sixteen (16)"]
    assert "while the officer serves" in text_of(p)
    [note] = [n for n in result.notes if n.kind == "conflict"]
    assert note.where == "Refresher training (17.2)"
    assert note.detail.startswith("the signed text says \u201c\u2026")
    assert "months while the officer serves as an SRO.\u201d, where the previous draft said" in note.detail
    assert "(\u201ceight (8)\u201d \u2192 \u201csixteen (16)\u201d) is made on the signed wording" in note.detail
    text = comment_on(result.data, "Refresher training.")
    assert text.startswith("Answers changed: Refresher training: 8 hours \u2192 16 hours")
    assert "Conflict: the signed text says" in text


def test_a_conflict_on_the_changed_words_proposes_the_new_sentence(cycle):
    """Counsel changed the very words the answers change: the signed sentence is struck and the new
    draft's proposed in its place; rejecting keeps counsel's."""
    signed = edited(cycle["old_docx"], reword("eight (8) hours", "ten (10) hours"))
    result = revise(cycle, signed)
    assert_resolves(result.data, signed, None)
    p = H.paragraph_with(body_of(result.data), "Refresher training.")
    assert "ten (10) hours" in "".join(H.change_texts(p, "del"))
    accepted = text_of(H.paragraph_with(accept_all(body_of(result.data)), "Refresher training."))
    assert "sixteen (16) hours of further training" in accepted and "ten (10)" not in accepted
    [note] = [n for n in result.notes if n.kind == "conflict"]
    assert "ten (10) hours" in note.detail and "in its place" in note.detail
    assert "Conflict: the signed text says" in comment_on(result.data, "Refresher training.")


def test_a_sentence_proposed_in_place_of_the_signed_one_keeps_the_sentences_around_it(cycle):
    signed = edited(cycle["old_docx"], reword("eight (8) hours", "ten (10) hours"),
                    reword("for as long as the officer serves as an SRO.",
                           "while the officer serves as an SRO. The Agency shall bear its cost."))
    result = revise(cycle, signed)
    assert_resolves(result.data, signed, None)
    accepted = text_of(H.paragraph_with(accept_all(body_of(result.data)), "Refresher training."))
    assert accepted == ("Refresher training. After completing initial training, each SRO shall complete at least "
                        "sixteen (16) hours of further training every twelve (12) months for as long as the officer "
                        "serves as an SRO. The Agency shall bear its cost.")


def test_a_clause_struck_by_counsel_is_not_applied_and_said_so(cycle):
    signed = edited(cycle["old_docx"], *EDITS["struck-clause"])
    result = revise(cycle, signed)
    [note] = [n for n in result.notes if n.kind == "not applied"]
    assert note.where.startswith("Feedback from students, families and staff")
    assert "Feedback from students" not in "\n".join(text_of(p) for p in accept_all(body_of(result.data)).iter(q("p")))
    texts = [comment_text(c) for c in comments(result.data)]
    assert sum(t.count("Not applied:") for t in texts) == 1
    # The comment sits on a point (no text covered) in the clause before the struck one.
    document = body_of(result.data)
    cid = next(c.get(q("id")) for c in comments(result.data) if "Not applied" in comment_text(c))
    start = next(e for e in document.iter(q("commentRangeStart")) if e.get(q("id")) == cid)
    end = next(e for e in document.iter(q("commentRangeEnd")) if e.get(q("id")) == cid)
    assert start.getnext() is end
    assert text_of(start.getparent()).startswith("Use of evaluation results") or style_of(start.getparent())


def test_an_added_clause_takes_the_place_after_what_precedes_it_in_the_new_draft(cycle):
    signed = edited(cycle["old_docx"], *EDITS["inserted-section"])
    result = revise(cycle, signed)
    accepted = [text_of(p) for p in accept_all(body_of(result.data)).iter(q("p"))]
    firearms = next(i for i, t in enumerate(accepted) if t.startswith("Firearms qualification."))
    assert accepted[firearms - 1].startswith("Initial training.")
    assert accepted[firearms + 1].startswith("Refresher training.")
    team = next(p for p in body_of(result.data).iter(q("p")) if text_of(p).startswith("MOU Team."))
    assert team.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None and style_of(team) == "MOUSection"


def test_the_signature_table_keeps_counsels_edits_and_gets_the_new_signatory(cycle):
    signed = edited(cycle["old_docx"], edit_signature_table)
    result = revise(cycle, signed)
    document = body_of(result.data)
    assert "Sheriff of Harlan County" in [text_of(p)[len("Title: "):] for p in document.iter(q("p"))
                                          if text_of(p).startswith("Title: Sheriff")]
    rows = [tr for tr in document.iter(q("tr")) if "Approved as to form:" in text_of(tr)]
    assert len(rows) == 1 and rows[0].find(f"{q('trPr')}/{q('del')}") is None
    chen = H.paragraph_with(document, "Maria Chen")
    assert H.change_texts(chen, "ins") and chen.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None


def test_counsels_comment_stays_and_ids_are_unique(cycle):
    signed = edited(cycle["old_docx"], *EDITS["all-at-once"])
    result = revise(cycle, signed, author="Dana Whitfield")
    theirs = [c for c in comments(result.data) if c.get(q("author")) == "J. Counsel"]
    assert [comment_text(c) for c in theirs] == ["Agreed at the May 12 meeting."]
    ours = [c for c in comments(result.data) if c.get(q("author")) == "Dana Whitfield"]
    assert len(ours) == len(cycle["changes"])
    assert {c.get(q("initials")) for c in ours} == {"DW"} and {c.get(q("date")) for c in ours} == {STAMP}
    document, header = body_of(result.data), part(result.data, header_name(result.data))
    marks = [e for root in (document, header) for e in root.iter(q("ins"), q("del"), q("pPrChange"))]
    assert marks and {(e.get(q("author")), e.get(q("date"))) for e in marks} == {("Dana Whitfield", STAMP)}
    ids = [e.get(q("id")) for e in marks] + [c.get(q("id")) for c in comments(result.data)] + [
        b.get(q("id")) for b in document.iter(q("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    references = sorted(e.get(q("id")) for e in document.iter(q("commentReference")))
    assert references == sorted(c.get(q("id")) for c in comments(result.data))


def test_the_header_is_changed_in_the_signed_header(cycle):
    signed = edited(cycle["old_docx"], signing_copy_header)
    result = revise(cycle, signed)
    header = part(result.data, header_name(result.data))
    assert H.change_texts(header, "ins") == ["2.0,", "June 15, 2026"] or "2.0" in "".join(H.change_texts(header, "ins"))
    assert paragraphs(accept_all(header))[0][1] == "Memorandum of Understanding\tSigned copy, version 2.0, June 15, 2026"
    assert any(n.where == "Title" and n.kind == "conflict" for n in result.notes)


def test_same_inputs_give_the_same_bytes(cycle):
    signed = edited(cycle["old_docx"], *EDITS["all-at-once"])
    first = revise(cycle, signed)
    assert revise(cycle, signed).data == first.data
    assert revise(cycle, signed, date=datetime.date(2026, 7, 1)).data != first.data
    loaded = docx.Document(io.BytesIO(first.data))
    assert len(list(loaded.comments)) == len(comments(first.data))


# --- a document made by LibreOffice --------------------------------------------------------------

LIBREOFFICE_EDITS = [
    ("The purpose of this MOU is to establish", "The purpose of this MOU is to set up"),
    ("for as long as the officer serves as an SRO.", "while the officer serves as an SRO. The Agency shall bear its cost."),
]


def through_libreoffice(tmp_path: Path, drafts: dict[str, bytes]) -> dict[str, bytes]:
    """Each draft opened in LibreOffice, saved as ODF, edited there (``LIBREOFFICE_EDITS``) and saved as .docx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for this test: apt-get install libreoffice-writer-nogui"
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    for folder in ("in", "odf", "edited", "out"):
        (tmp_path / folder).mkdir()
    for name, data in drafts.items():
        (tmp_path / "in" / f"{name}.docx").write_bytes(data)

    def convert(to: str, src: str, dst: str) -> None:
        files = sorted(str(f) for f in (tmp_path / src).iterdir())
        proc = subprocess.run([soffice, profile, "--headless", "--norestore", "--convert-to", to, "--outdir",
                               str(tmp_path / dst), *files], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0 and len(list((tmp_path / dst).iterdir())) == len(files), proc.stderr

    convert("fodt", "in", "odf")
    for name in drafts:
        text = (tmp_path / "odf" / f"{name}.fodt").read_text(encoding="utf-8")
        for old, new in LIBREOFFICE_EDITS:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        (tmp_path / "edited" / f"{name}.fodt").write_text(text, encoding="utf-8")
    convert("docx:MS Word 2007 XML", "edited", "out")
    return {name: (tmp_path / "out" / f"{name}.docx").read_bytes() for name in drafts}


@pytest.mark.slow
def test_a_document_saved_by_libreoffice(cycle, tmp_path):
    made = through_libreoffice(tmp_path, {"old": cycle["old_docx"], "new": cycle["new_docx"]})
    signed, expected = made["old"], made["new"]
    document = body_of(signed)
    assert any(p.find(f"{q('pPr')}/{q('numPr')}") is not None for p in document.iter(q("p"))), \
        "LibreOffice writes its own numbering properties"
    result = revise(cycle, signed)
    assert_resolves(result.data, signed, expected)
    # LibreOffice's edit reworded the sentence whose hours the answers change.
    assert [(n.kind, n.where) for n in result.notes] == [("conflict", "Refresher training (17.2)")]
    # A clause added takes the properties LibreOffice gave its kind of paragraph.
    team = next(p for p in body_of(result.data).iter(q("p")) if text_of(p).startswith("MOU Team."))
    sibling = next(p for p in document.iter(q("p")) if text_of(p).startswith("Refresher training."))
    assert team.find(f"{q('pPr')}/{q('numPr')}") is not None
    assert etree.tostring(team.find(f"{q('pPr')}/{q('numPr')}")) == etree.tostring(
        sibling.find(f"{q('pPr')}/{q('numPr')}"))


# --- what is refused -----------------------------------------------------------------------------


def encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def with_tracked_changes(cycle) -> bytes:
    return H.revision_bytes(cycle["old"], cycle["new"], {}, date=DATE, base_docx=BASE_DOCX)


@pytest.mark.parametrize("make,message", [
    (lambda cycle: b"The MOU as signed on 1 July 2025.\n", "is not a Word document (.docx)"),
    (lambda cycle: odt(), "is not a Word document (.docx) that can be read"),
    (lambda cycle: cycle["old_docx"][:5000], "is not a Word document (.docx)"),
    (lambda cycle: encrypted(cycle["old_docx"]), "is password-protected"),
    (with_tracked_changes, "tracked changes not yet accepted or rejected"),
], ids=["text", "odt", "truncated", "encrypted", "tracked-changes"])
def test_an_unusable_signed_document_is_refused_with_one_clear_line(cycle, make, message):
    data = make(cycle)
    with pytest.raises(UserError) as caught:
        open_signed(data, "signed.docx")
    text = str(caught.value)
    assert text.startswith("signed.docx: ") and message in text and "\n" not in text
    with pytest.raises(UserError):
        revise(cycle, data)


def test_a_document_unlike_the_old_draft_is_refused(cycle):
    other = docx.Document()
    for line in ("Lease of the school parking lot", "The District leases the north lot to the City."):
        other.add_paragraph(line)
    buffer = io.BytesIO()
    other.save(buffer)
    with pytest.raises(UserError, match=r"^signed\.docx: does not read like the draft made from the old answers "
                                        r"\(only 0 of its \d+ paragraphs found\)"):
        revise(cycle, buffer.getvalue(), name="signed.docx")


# --- documents as Word leaves them -----------------------------------------------------------------


def with_document(data: bytes, root) -> bytes:
    """``data`` with its word/document.xml replaced by ``root``."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                         if name == "word/document.xml" else src.read(name))
    return out.getvalue()


def test_a_draft_whose_tracked_changes_were_accepted(cycle):
    """Counsel's round went through tracked changes (the review cycle made 18 months), accepted in
    Word: runs split where the changes were, empty properties, and that round's comments left."""
    old_answers, new_answers = harlan()
    agreed = [("partnership.review_cycle_months", 18)]
    counsel = build_draft(H.variant(old_answers, agreed), CONTENT)
    round_one = H.revision_bytes(cycle["old"], counsel, {}, date=datetime.date(2025, 9, 1), base_docx=BASE_DOCX)
    document = accept_all(body_of(round_one))
    H.strip_summary(document)
    signed = with_document(round_one, document)
    assert not [e for e in body_of(signed).iter() if e.tag in (q("ins"), q("del"))]
    expected = docx_bytes(build_draft(H.variant(new_answers, agreed), CONTENT), BASE_DOCX)
    result = revise(cycle, signed, author="Dana Whitfield")
    assert_resolves(result.data, signed, expected)
    assert result.notes == ()
    assert {c.get(q("author")) for c in comments(result.data)} == {"mou-wizard", "Dana Whitfield"}


def split_into_words(*starts: str):
    """Every run of the paragraphs starting with ``starts`` split into one run per word, each with
    its own rsid, with Word's proofing marks and a bookmark in between."""
    def step(document):
        for p in body_paragraphs(document):
            if not any(text_of(p).startswith(s) for s in starts):
                continue
            for number, r in enumerate(list(p.findall(q("r")))):
                t = r.find(q("t"))
                if t is None or not t.text:
                    continue
                words = [w for w in __import__("re").split(r"(\s+)", t.text) if w]
                for k, word in enumerate(words):
                    piece = copy.deepcopy(r)
                    piece.set(q("rsidR"), f"00{number:02d}{k:04d}")
                    piece.find(q("t")).text = word
                    piece.find(q("t")).set(XML_SPACE, "preserve")
                    r.addprevious(piece)
                    if k % 5 == 2:
                        r.addprevious(etree.Element(q("proofErr"), {q("type"): "spellStart"}))
                    if k == 7:
                        r.addprevious(etree.Element(q("bookmarkStart"), {q("id"): "900", q("name"): "_Ref1"}))
                        r.addprevious(etree.Element(q("bookmarkEnd"), {q("id"): "900"}))
                p.remove(r)
    return step


def test_runs_split_word_by_word_and_proofing_marks(cycle):
    steps = [split_into_words("Refresher training.", "Making a complaint.", "Diversion.", "Name: ")]
    signed = edited(cycle["old_docx"], *steps)
    result = revise(cycle, signed)
    assert_resolves(result.data, signed, edited(cycle["new_docx"], *steps))
    assert result.notes == ()
    p = H.paragraph_with(body_of(result.data), "Refresher training.")
    assert H.change_texts(p, "del") == ["eight (8)"] and H.change_texts(p, "ins") == ["sixteen (16)"]


def test_against_the_signing_copy(cycle):
    """The document signed is usually the signing copy (``render --final``): no DRAFT line in the
    header, no disclaimer, appendix or notes. The clauses' changes are made; the draft's header line
    is not put back (and that is said)."""
    _, answers = harlan()
    answers = H.variant(answers, [("parties.signatories", [s.model_dump() for s in answers.parties.signatories][:3])])
    later = H.variant(answers, [("training.refresher_hours", 24), ("document.version", "3.0"),
                                ("document.draft_date", datetime.date(2027, 6, 15))])
    old, new = build_draft(answers, CONTENT), build_draft(later, CONTENT)
    signed = docx_bytes(build_draft(answers, CONTENT, final=True), BASE_DOCX)
    assert "DRAFT" not in "".join(text_of(p) for p in part(signed, header_name(signed)).iter(q("p")))
    result = signed_revision(old, new, signed, {}, date=DATE)
    assert_resolves(result.data, signed, docx_bytes(build_draft(later, CONTENT, final=True), BASE_DOCX))
    assert [(n.kind, n.where) for n in result.notes] == [("not applied", "Title")]
    assert "DRAFT" not in "".join(text_of(p) for p in accept_all(part(result.data, header_name(result.data))).iter(q("p")))


# --- the signature table, compared by signatory -----------------------------------------------------


def _first_signatory_pair():
    base = load_answers(H.SUBURBAN)
    people = [s.model_dump() for s in base.parties.signatories]
    new = H.variant(base, [("parties.signatories", people[1:])])
    return base, new, [p["name"] for p in people]


def _against(old_answers, new_answers):
    """(the result, the signed bytes): OLD's draft signed as rendered, revised to NEW."""
    old, new = build_draft(old_answers, CONTENT), build_draft(new_answers, CONTENT)
    signed = docx_bytes(old, BASE_DOCX)
    reasons = reasons_for(old_answers, new_answers, compare(old, new), CONTENT)
    return signed_revision(old, new, signed, reasons, date=DATE), signed


def _signature_table(document):
    return next(t for t in document.iter(q("tbl")) if any(text_of(p).startswith("Name: ") for p in t.iter(q("p"))))


def test_removing_the_first_signatory_strikes_their_block_in_counsels_table():
    old, new, names = _first_signatory_pair()
    result, signed = _against(old, new)
    table = _signature_table(body_of(result.data))
    struck = "".join(t.text or "" for t in table.iter(q("delText")))
    assert names[0] in struck
    for name in names[1:]:  # every other block stays where counsel has it, untouched
        assert name not in struck and not any(name in text_of(e) for e in table.iter(q("ins")))
    assert len(table.findall(q("tr"))) == len(_signature_table(body_of(signed)).findall(q("tr")))
    accepted = text_of(H.accept_all(table))
    assert names[0] not in accepted and all(name in accepted for name in names[1:])
    assert_resolves(result.data, signed, None)


def test_adding_a_first_signatory_inserts_one_row_in_counsels_table():
    old, new, names = _first_signatory_pair()
    result, signed = _against(new, old)  # the cycle the other way round: the first signatory comes back
    table = _signature_table(body_of(result.data))
    inserted = [tr for tr in table.findall(q("tr")) if tr.find(f"{q('trPr')}/{q('ins')}") is not None]
    assert len(inserted) == 1 and names[0] in text_of(inserted[0])
    assert not list(table.iter(q("delText")))
    assert_resolves(result.data, signed, None)
