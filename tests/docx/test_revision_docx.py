"""The revision draft: tracked changes against the previous draft, proved by accepting / rejecting them.

``accept_all`` / ``reject_all`` below do to the XML what Word's "Accept All Changes" / "Reject All
Changes" do: the result must be, paragraph for paragraph (text and style, body and table cells and
the running header), the clean rendering of the new / the old draft.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from support import top_level_imports
from lxml import etree

from mou_wizard.docx import revision as revision_docx
from mou_wizard.files.answer_files import load_answers
from mou_wizard.docx.parts import docx_bytes
from mou_wizard.engine.drafting import build_draft
from mou_wizard.interview.flow import Flow

from mou_wizard.docx.revision import SUMMARY_MARK, ClauseChange, compare, revision_bytes, strip_summary
from support import BASE_DOCX, CONTENT, docx_of, once_per_run, revision_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SUBURBAN = EXAMPLES / "suburban-city-police-diversion.yaml"
PARTIAL = EXAMPLES / "partial-with-skips.yaml"
DATE = datetime.date(2026, 6, 1)
STAMP = "2026-06-01T00:00:00Z"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- answers and drafts --------------------------------------------------------------------------


def variant(answers, changes):
    """``answers`` with some questions answered differently, the way the interview would."""
    by_field = CONTENT.questions.by_field()
    flow = Flow(answers, CONTENT.questions)
    for field, value in changes:
        flow.set_answer(by_field[field], value)
    return flow.snapshot()


@once_per_run
def main_pair():
    """A realistic second draft of the suburban MOU: a number, a choice, a clause added (public
    reports), an article removed (complaints), the Agency renamed, a signatory dropped, a new version."""
    base = load_answers(SUBURBAN)
    old = variant(base, [("partnership.reports_public", False)])
    two_signatories = [s.model_dump() for s in base.parties.signatories][:2]
    new = variant(base, [
        ("partnership.review_cycle_months", 24),
        ("civil_rights.parent_notice", "promptly_after"),
        ("civil_rights.complaint_process", False),
        ("parties.agency_name", "Cedar Hills Police Department"),
        ("document.version", "2.1"),
        ("parties.signatories", two_signatories),
    ])
    return build_draft(old, CONTENT), build_draft(new, CONTENT)


@once_per_run
def grown_pair():
    """A fourth signatory fills the empty cell of the signature table; citations come on campus."""
    base = load_answers(SUBURBAN)
    people = [s.model_dump() for s in base.parties.signatories]
    people.append({"name": "Maria Chen", "title": "Board President", "party": "district"})
    new = variant(base, [("parties.signatories", people), ("civil_rights.citations_on_campus", True)])
    return build_draft(base, CONTENT), build_draft(new, CONTENT)


@once_per_run
def partial_pair():
    """Open decisions (placeholders) answered: formatting changes as well as words."""
    base = load_answers(PARTIAL)
    new = variant(base, [
        ("parties.term_months", 36),
        ("parties.signatories", [
            {"name": "Dr. Ann Park", "title": "Superintendent", "party": "district"},
            {"name": "Lt. Ray Ortiz", "title": "Chief of Police", "party": "agency"},
        ]),
    ])
    return build_draft(base, CONTENT), build_draft(new, CONTENT)


MAIN_REASONS = {
    "term.review": "review_cycle_months 12 -> 24 (SEC-1.4)",
    "student_rights.parent_notice": "parent_notice: before -> promptly_after (SEC-2.7)",
    "data_reporting.publication": "reports_public: no -> yes (SEC-1.5)",
    "complaints.process": "complaint_process: yes -> no (SEC-2.8)",
    "preamble": "agency_name changed",
    "signatures": "agency_name changed; third signatory removed",
}


@pytest.fixture(scope="module")
def main():
    old, new = main_pair()
    data = revision_of(old, new, MAIN_REASONS, date=DATE)
    return old, new, data


@pytest.fixture(scope="module")
def main_changes(main):
    old, new, _ = main
    return compare(old, new)


# --- reading the package -------------------------------------------------------------------------


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


def header_name(data: bytes) -> str:
    return next(n for n in names(data) if re.fullmatch(r"word/header\d*\.xml", n))


def text_of(p) -> str:
    return "".join("\t" if e.tag == q("tab") else (e.text or "") for e in p.iter(q("t"), q("tab"), q("delText")))


def style_of(p):
    s = p.find(f"{q('pPr')}/{q('pStyle')}")
    return s.get(q("val")) if s is not None else None


def paragraphs(root) -> list[tuple[str | None, str]]:
    """(style, text) of every paragraph, body and table cells, in document order."""
    return [(style_of(p), text_of(p)) for p in root.iter(q("p"))]


# --- accept / reject, as Word does them ----------------------------------------------------------


def _resolve(root, keep: str):
    """``keep`` "ins": accept all changes; "del": reject all. Returns a resolved copy."""
    drop = "del" if keep == "ins" else "ins"
    root = copy.deepcopy(root)
    # Rows: a row whose insertion (deletion) is rejected (accepted) goes, with all it holds.
    for tr in list(root.iter(q("tr"))):
        trpr = tr.find(q("trPr"))
        if trpr is None:
            continue
        if trpr.find(q(drop)) is not None:
            tr.getparent().remove(tr)
        elif trpr.find(q(keep)) is not None:
            trpr.remove(trpr.find(q(keep)))
    # Paragraph marks that stay: their revision mark is simply cleared.
    doomed_marks = []
    for rpr in root.iter(q("rPr")):
        if rpr.getparent().tag != q("pPr"):
            continue
        for mark in list(rpr):
            if mark.tag == q(keep):
                rpr.remove(mark)
            elif mark.tag == q(drop):
                doomed_marks.append(rpr.getparent().getparent())
    # Runs: dropped changes go, kept ones are unwrapped.
    for element in list(root.iter(q(drop))):
        if element.getparent() is not None and element.getparent().tag == q("p"):
            element.getparent().remove(element)
    for element in list(root.iter(q(keep))):
        parent = element.getparent()
        if parent is None or parent.tag != q("p"):
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    if keep == "del":
        for t in root.iter(q("delText")):
            t.tag = q("t")
    # Paragraph property changes: accepting keeps the new properties, rejecting restores the old.
    for change in list(root.iter(q("pPrChange"))):
        ppr = change.getparent()
        if keep == "del":
            for child in list(ppr):
                if child.tag not in (q("rPr"), q("sectPr"), q("pPrChange")):
                    ppr.remove(child)
            for index, child in enumerate(list(change.find(q("pPr")))):
                ppr.insert(index, child)
        ppr.remove(change)
    # A paragraph whose mark goes merges with the next one. The revision never leaves text in such a
    # paragraph, only zero-width marks (comment range ends, comment references), which move on to
    # the start of the next paragraph.
    following = {}
    all_paragraphs = list(root.iter(q("p")))
    for index, p in enumerate(all_paragraphs):
        following[p] = all_paragraphs[index + 1] if index + 1 < len(all_paragraphs) else None
    for p in reversed(doomed_marks):
        assert not text_of(p), f"paragraph mark removed but text left: {text_of(p)!r}"
        leftovers = [child for child in p if child.tag != q("pPr")]
        target = following[p]
        while target is not None and target.getparent() is None:  # that one went too
            target = following[target]
        if target is not None:
            at = 1 if target.find(q("pPr")) is not None else 0
            for child in reversed(leftovers):
                target.insert(at, child)
        p.getparent().remove(p)
    return root


def accept_all(document_xml):
    return _resolve(document_xml, "ins")


def reject_all(document_xml):
    return _resolve(document_xml, "del")


def without_summary(root):
    root = copy.deepcopy(root)
    strip_summary(root)
    return root


def assert_resolves_to(data: bytes, old, new):
    document = without_summary(part(data, "word/document.xml"))
    for resolve, draft in ((accept_all, new), (reject_all, old)):
        clean = docx_of(draft)
        got = paragraphs(resolve(document))
        want = paragraphs(part(clean, "word/document.xml"))
        assert got == want, f"{resolve.__name__}: differs from the clean draft"
        got = paragraphs(resolve(part(data, header_name(data))))
        assert got == paragraphs(part(clean, header_name(clean))), f"{resolve.__name__}: header differs"


# --- helpers about changes -----------------------------------------------------------------------


def changes_xml(root, tag):
    return [e for e in root.iter(q(tag)) if e.getparent().tag == q("p")]


def change_texts(root, tag) -> list[str]:
    return [text_of(e) for e in changes_xml(root, tag)]


def paragraph_with(root, text: str):
    """The first paragraph whose text (with deleted text) contains ``text``."""
    return next(p for p in root.iter(q("p")) if text in text_of(p))


def section(draft, clause_id):
    return next(s for s in draft.sections() if s.clause_id == clause_id)


# --- compare -------------------------------------------------------------------------------------


def test_compare_matches_clauses_by_id_and_keeps_document_order(main, main_changes):
    old, new, _ = main
    by_id = {c.clause_id: c for c in main_changes}
    assert len(by_id) == len(main_changes)
    assert by_id["term.review"] == ClauseChange("term.review", "changed", "22.3", "21.3", "Periodic review")
    assert by_id["student_rights.parent_notice"].kind == "changed"
    assert by_id["data_reporting.publication"] == ClauseChange(
        "data_reporting.publication", "added", None, "12.4", "Public reports")
    removed = [c for c in main_changes if c.kind == "removed"]
    # The whole complaints article, and Washington's annual re-adoption (a 24-month cycle drops it).
    assert [c.clause_id for c in removed] == [
        "complaints.process", "complaints.investigation", "complaints.non_retaliation", "complaints.records",
        "term.wa_annual_adoption"]
    assert [c.old_number for c in removed][:4] == ["13.1", "13.2", "13.3", "13.4"]
    assert all(c.new_number is None for c in removed)
    for pseudo in ("title", "preamble", "signatures", "appendix"):
        assert by_id[pseudo].kind == "changed"
    assert "recitals" not in by_id and "disclaimer" not in by_id
    # Renumbered but unchanged clauses are not changes; renumbered changed ones keep both numbers.
    assert "selection.criteria" not in by_id or by_id["selection.criteria"].kind == "changed"
    school_role = by_id["selection.school_role"]
    assert (school_role.old_number, school_role.new_number) == ("14.2", "13.2")
    unchanged = section(new, "data_reporting.collection")
    assert unchanged.clause_id not in by_id
    # Document order: the new draft's, each removed clause where it stood.
    ids = [c.clause_id for c in main_changes]
    assert ids[:2] == ["title", "preamble"] and ids[-2:] == ["signatures", "appendix"]
    order = [s.clause_id for s in new.sections()]
    kept = [i for i in ids if i in order]
    assert kept == sorted(kept, key=order.index)
    assert ids.index("data_reporting.publication") < ids.index("complaints.process") < ids.index(
        "selection.school_role")


def test_compare_of_identical_drafts_is_empty():
    draft = build_draft(load_answers(SUBURBAN), CONTENT)
    assert compare(draft, build_draft(load_answers(SUBURBAN), CONTENT)) == []


# --- accept / reject -----------------------------------------------------------------------------


def test_accept_all_gives_the_new_draft_and_reject_all_the_old(main):
    old, new, data = main
    assert_resolves_to(data, old, new)


@pytest.mark.parametrize("make", [grown_pair, partial_pair], ids=["fourth-signatory", "placeholders-answered"])
def test_accept_and_reject_on_other_pairs(make):
    old, new = make()
    data = revision_of(old, new, date=DATE)
    assert_resolves_to(data, old, new)


def test_reversed_pair_adds_what_the_main_pair_removes(main):
    old, new, _ = main
    data = revision_of(new, old, date=DATE)
    assert_resolves_to(data, new, old)
    changes = compare(new, old)
    added = [c.clause_id for c in changes if c.kind == "added"]
    assert added[:4] == ["complaints.process", "complaints.investigation", "complaints.non_retaliation",
                         "complaints.records"]
    document = part(data, "word/document.xml")
    heading = next(p for p in document.iter(q("p")) if style_of(p) == "MOUArticle" and text_of(p) == "Complaints")
    assert heading.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None
    # The third signatory comes back as an inserted row.
    rows = [tr for tr in document.iter(q("tr")) if tr.find(f"{q('trPr')}/{q('ins')}") is not None]
    assert len(rows) == 1 and "Patricia Lindqvist" in "".join(text_of(p) for p in rows[0].iter(q("p")))


EXAMPLE_STEMS = ["suburban-city-police-diversion", "rural-county-sheriff", "partial-with-skips"]


@pytest.mark.slow
@pytest.mark.parametrize("old_stem,new_stem", [(a, b) for a in EXAMPLE_STEMS for b in EXAMPLE_STEMS if a != b])
def test_accept_and_reject_between_unrelated_examples(old_stem, new_stem):
    """Drafts far apart (other parties, other clauses, placeholders): the rule still holds."""
    old, new = (build_draft(load_answers(EXAMPLES / f"{stem}.yaml"), CONTENT) for stem in (old_stem, new_stem))
    data = revision_bytes(old, new, {}, date=DATE, base_docx=BASE_DOCX)
    assert_resolves_to(data, old, new)
    assert len(comments_by_id(data)) == len(compare(old, new)) == len(summary_rows(data)) - 1


def test_an_insertion_ending_a_paragraph_before_an_inserted_one_is_written_first(main):
    """LibreOffice merges an insertion ending a paragraph with one starting the next (and "Reject
    All" then joins the paragraphs); where the words were replaced, the insertion goes first."""
    old, new, _ = main
    document = part(revision_of(new, old, date=DATE), "word/document.xml")
    p = paragraph_with(document, "Notice to Parents of questioning.")
    following = p.getnext()
    assert following.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None
    content = [c for c in p if c.tag in (q("r"), q("ins"), q("del")) and c.find(q("commentReference")) is None]
    assert [c.tag for c in content[-2:]] == [q("ins"), q("del")]
    assert text_of(content[-2]).endswith("in the presence of the Principal.")  # a sentence replaced whole


def test_a_new_signatory_in_an_empty_cell_restyles_its_last_paragraph():
    old, new = grown_pair()
    document = part(revision_of(old, new, date=DATE), "word/document.xml")
    changes = list(document.iter(q("pPrChange")))
    assert changes, "the empty cell's paragraph becomes the new block's Date line"
    for change in changes:
        assert change.get(q("author")) == "mou-wizard" and change.get(q("date")) == STAMP
    assert "Maria Chen" in "".join(change_texts(document, "ins"))


# --- the tracked changes themselves --------------------------------------------------------------


def test_a_changed_number_is_a_word_level_change(main):
    _, _, data = main
    document = part(data, "word/document.xml")
    p = paragraph_with(document, "Periodic review.")
    assert change_texts(p, "del") == ["twelve (12)"]
    assert change_texts(p, "ins") == ["twenty-four (24)"]
    # Only the words that changed are marked: the rest of the paragraph is plain runs.
    plain = "".join(text_of(r) for r in p.findall(q("r")))
    assert "The Parties shall review this MOU at least every" in plain and "months" in plain


def test_a_changed_choice_is_a_word_level_change(main):
    _, _, data = main
    p = paragraph_with(part(data, "word/document.xml"), "Notice to Parents of questioning.")
    deleted, inserted = " ".join(change_texts(p, "del")), " ".join(change_texts(p, "ins"))
    assert "Before" in deleted and "questions" in deleted
    assert "When" in inserted and "has questioned" in inserted
    # The bold title is untouched.
    assert p.find(q("r")).find(f"{q('rPr')}/{q('b')}") is not None


def test_an_added_clause_is_inserted_paragraph_by_paragraph(main):
    _, new, data = main
    document = part(data, "word/document.xml")
    p = paragraph_with(document, "Public reports.")
    assert style_of(p) == "MOUSection"
    assert p.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None
    assert not p.findall(q("r")), "every run of an inserted paragraph sits in w:ins"
    assert "".join(change_texts(p, "ins")).startswith("Public reports.")


def test_a_removed_article_is_deleted_paragraph_by_paragraph(main):
    old, _, data = main
    document = part(data, "word/document.xml")
    heading = next(p for p in document.iter(q("p")) if style_of(p) == "MOUArticle" and text_of(p) == "Complaints")
    assert heading.find(f"{q('pPr')}/{q('rPr')}/{q('del')}") is not None
    for clause_id in ("complaints.process", "complaints.records"):
        s = section(old, clause_id)
        p = paragraph_with(document, s.title + ".")
        assert style_of(p) == "MOUSection"
        assert p.find(f"{q('pPr')}/{q('rPr')}/{q('del')}") is not None
        assert not p.findall(q("r")) and not list(p.iter(q("t"))), "all of its text is w:delText"
        assert change_texts(p, "del")[0].startswith(s.title)


def test_a_party_renamed_changes_title_preamble_and_signatures(main):
    _, _, data = main
    document = part(data, "word/document.xml")
    title = paragraph_with(document, "concerning School Resource Officers")
    assert [t.strip() for t in change_texts(title, "del")] == ["City of"]
    preamble = paragraph_with(document, "This Memorandum of Understanding")
    assert [t.strip() for t in change_texts(preamble, "del")] == ["City of"]
    party = next(p for p in document.iter(q("p")) if style_of(p) == "MOUSignatureParty" and "Police" in text_of(p))
    assert [t.strip() for t in change_texts(party, "del")] == ["City of"]
    removed = [tr for tr in document.iter(q("tr")) if tr.find(f"{q('trPr')}/{q('del')}") is not None]
    assert len(removed) == 1
    assert "Patricia Lindqvist" in "".join(text_of(p) for p in removed[0].iter(q("p")))
    header = part(data, header_name(data))
    assert change_texts(header, "del") == ["2.0,"] and change_texts(header, "ins") == ["2.1,"]


def test_placeholders_replaced_by_answers_change_formatting_too():
    old, new = partial_pair()
    document = part(revision_of(old, new, date=DATE), "word/document.xml")
    deleted = [r for d in changes_xml(document, "del") for r in d.iter(q("r"))]
    placeholder_runs = [r for r in deleted if r.find(f"{q('rPr')}/{q('rStyle')}") is not None
                        and r.find(f"{q('rPr')}/{q('rStyle')}").get(q("val")) == "MOUPlaceholder"]
    assert any("length of the MOU's term" in text_of(r) for r in placeholder_runs)
    assert any("thirty-six (36) months" in t for t in change_texts(document, "ins"))


def test_every_change_has_author_date_and_a_unique_id(main):
    _, _, data = main
    document = part(data, "word/document.xml")
    header = part(data, header_name(data))
    marks = [e for root in (document, header) for tag in ("ins", "del", "pPrChange") for e in root.iter(q(tag))]
    assert len(marks) > 100
    for e in marks:
        assert e.get(q("author")) == "mou-wizard", etree.tostring(e)[:200]
        assert e.get(q("date")) == STAMP
    comment_ids = [c.get(q("id")) for c in part(data, "word/comments.xml").iter(q("comment"))]
    bookmark_ids = [b.get(q("id")) for b in document.iter(q("bookmarkStart"))]
    ids = [e.get(q("id")) for e in marks] + comment_ids + bookmark_ids
    assert len(ids) == len(set(ids))


def test_author_and_date_are_the_callers(main):
    old, new, _ = main
    data = revision_bytes(old, new, {}, author="Counsel for the District", date=datetime.date(2027, 2, 3), base_docx=BASE_DOCX)
    document = part(data, "word/document.xml")
    marks = list(document.iter(q("ins"), q("del")))
    assert marks and {e.get(q("author")) for e in marks} == {"Counsel for the District"}
    assert {e.get(q("date")) for e in marks} == {"2027-02-03T00:00:00Z"}


def test_markup_is_well_placed(main):
    """Deleted text only in w:delText inside w:del; never a w:t there; w:ins / w:del around runs only."""
    _, _, data = main
    document = part(data, "word/document.xml")
    for d in changes_xml(document, "del"):
        assert not list(d.iter(q("t")))
        assert all(child.tag == q("r") for child in d)
    for i in changes_xml(document, "ins"):
        assert not list(i.iter(q("delText")))
        assert all(child.tag == q("r") for child in i)
    for t in document.iter(q("delText")):
        assert any(a.tag == q("del") for a in t.iterancestors()) or t.getparent().getparent().getparent().find(
            f"{q('trPr')}/{q('del')}") is not None


# --- comments ------------------------------------------------------------------------------------


def comments_by_id(data: bytes) -> dict[str, object]:
    return {c.get(q("id")): c for c in part(data, "word/comments.xml").iter(q("comment"))}


def comment_text(comment) -> str:
    return "\n".join(text_of(p) for p in comment.iter(q("p")))


def comment_range(root, comment_id: str) -> list:
    """The paragraphs from the one holding commentRangeStart to the one holding commentRangeEnd."""
    ps = list(root.iter(q("p")))
    starts = [i for i, p in enumerate(ps) if any(e.get(q("id")) == comment_id for e in p.iter(q("commentRangeStart")))]
    ends = [i for i, p in enumerate(ps) if any(e.get(q("id")) == comment_id for e in p.iter(q("commentRangeEnd")))]
    assert len(starts) <= 1 and len(ends) <= 1
    if not starts or not ends:  # e.g. a removed clause's comment, once the removal is accepted
        return []
    end = ps[ends[0]]
    before = []  # what comes before the range end in its paragraph: none of it text (it moved there
    for child in end:  # when the struck paragraph that held it went) means the paragraph is not covered
        if child.tag == q("commentRangeEnd") and child.get(q("id")) == comment_id:
            break
        before.append(child)
    if ends[0] > starts[0] and not "".join(text_of(c) for c in before if c.tag != q("pPr")):
        return ps[starts[0]: ends[0]]
    return ps[starts[0]: ends[0] + 1]


@pytest.mark.slow
def test_each_change_has_one_comment_covering_it_with_the_reason(main, main_changes):
    old, new, data = main
    comments = comments_by_id(data)
    assert len(comments) == len(main_changes)
    document = part(data, "word/document.xml")
    references = [e.get(q("id")) for e in document.iter(q("commentReference"))]
    assert sorted(references, key=int) == sorted(comments, key=int)  # one reference each
    for cid in comments:
        assert comment_range(document, cid), f"comment {cid} has no range"
    texts = {}
    for cid, comment in comments.items():
        assert comment.get(q("author")) == "mou-wizard" and comment.get(q("initials")) == "MW"
        assert comment.get(q("date")) == STAMP
        texts[cid] = comment_text(comment)
    accepted, rejected = accept_all(document), reject_all(document)
    for change in main_changes:
        matching = [cid for cid, text in texts.items() if text == MAIN_REASONS.get(change.clause_id, text)]
        if change.clause_id in MAIN_REASONS:
            assert len(matching) == 1, change
        if change.clause_id in {s.clause_id for s in old.sections()} | {s.clause_id for s in new.sections()}:
            draft, view = (old, rejected) if change.kind == "removed" else (new, accepted)
            s = section(draft, change.clause_id)
            referenced = {e.get(q("id")) for e in view.iter(q("commentReference"))}
            owners = [cid for cid in comments if cid in referenced
                      and any(text_of(p).startswith(s.title + ".") and style_of(p) == "MOUSection"
                              for p in comment_range(view, cid))]
            assert len(owners) == 1, change
            covered = comment_range(view, owners[0])
            assert sum(style_of(p) == "MOUSection" for p in covered) == 1
            covered_text = "\n".join(text_of(p) for p in covered)
            for block in s.blocks:
                assert block.text in covered_text
            if change.clause_id in MAIN_REASONS:
                assert texts[owners[0]] == MAIN_REASONS[change.clause_id]
            else:  # no reason given: the comment names the clause's SEC ids
                assert all(sec in texts[owners[0]] for sec in s.sec_ids)


def test_comments_on_fixed_parts_cover_them(main):
    _, new, data = main
    document = accept_all(part(data, "word/document.xml"))
    texts = {cid: comment_text(c) for cid, c in comments_by_id(data).items()}
    by_reason = {text: cid for cid, text in texts.items()}
    preamble = comment_range(document, by_reason[MAIN_REASONS["preamble"]])
    assert [style_of(p) for p in preamble] == ["MOUPreamble"]
    assert text_of(preamble[0]) == "".join(r.text for r in new.preamble)
    signatures = "\n".join(text_of(p) for p in comment_range(document, by_reason[MAIN_REASONS["signatures"]]))
    assert signatures.startswith("IN WITNESS WHEREOF")
    assert "Dr. Alicia Moreno" in signatures and "Thomas Reyes" in signatures
    title = comment_range(document, by_reason["Title or running header changed."])
    assert [style_of(p) for p in title] == ["MOUTitle", "MOUSubtitle"]


def test_comments_part_is_wired_in(main):
    _, _, data = main
    assert "word/comments.xml" in names(data)
    types = part(data, "[Content_Types].xml")
    assert any(o.get("PartName") == "/word/comments.xml" for o in types)
    rels = part(data, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == "comments.xml" for r in rels)
    loaded = docx.Document(io.BytesIO(data))
    assert len(list(loaded.comments)) == len(comments_by_id(data))


# --- the summary ---------------------------------------------------------------------------------


def summary_rows(data: bytes) -> list[list[str]]:
    document = part(data, "word/document.xml")
    table = [t for t in document.iter(q("tbl"))  # the last: a review memo's table comes before it
             if t.find(f"{q('tblPr')}/{q('tblStyle')}").get(q("val")) == "MOURevisionSummaryTable"][-1]
    return [["".join(text_of(p) for p in tc.iter(q("p"))) for tc in tr.iter(q("tc"))] for tr in table.iter(q("tr"))]


def test_summary_lists_every_change_once(main, main_changes):
    _, _, data = main
    rows = summary_rows(data)
    assert rows[0] == ["Section", "What changed", "Why"]
    body = rows[1:]
    assert len(body) == len(main_changes)
    as_rows = {tuple(r) for r in body}
    assert ("21.3", "Wording changed", MAIN_REASONS["term.review"]) in as_rows
    assert ("12.4", "Clause added: Public reports", MAIN_REASONS["data_reporting.publication"]) in as_rows
    assert ("old 13.1 (removed)", "Clause removed: Making a complaint", MAIN_REASONS["complaints.process"]) in as_rows
    assert ("Preamble", "Wording changed", MAIN_REASONS["preamble"]) in as_rows
    removed_row = next(r for r in body if r[0] == "old 13.2 (removed)")
    assert removed_row[1] == "Clause removed: Investigation" and "SEC-2.8" in removed_row[2]
    for row, change in zip(body, main_changes):
        assert row[0] == revision_docx.section_label(change)


def test_summary_sits_after_the_title_and_can_be_stripped(main):
    _, _, data = main
    loaded = docx.Document(io.BytesIO(data))
    styles = [p.style.style_id for p in loaded.paragraphs]
    assert styles[:3] == ["MOUTitle", "MOUSubtitle", "MOURevisionSummaryHeading"]
    assert loaded.paragraphs[2].text == "Summary of changes"
    marks = [b for b in loaded.element.body.iter(q("bookmarkStart")) if b.get(q("name")) == SUMMARY_MARK]
    assert len(marks) == 1
    strip_summary(loaded)
    assert [p.style.style_id for p in loaded.paragraphs][:3] == ["MOUTitle", "MOUSubtitle", "MOUPreamble"]
    assert not any(t.style.style_id == "MOURevisionSummaryTable" for t in loaded.tables)
    assert not [b for b in loaded.element.body.iter(q("bookmarkStart")) if b.get(q("name")) == SUMMARY_MARK]


# --- no changes, determinism, loading ------------------------------------------------------------


def test_unchanged_drafts_give_no_tracked_changes_and_say_so():
    draft = build_draft(load_answers(SUBURBAN), CONTENT)
    data = revision_bytes(draft, build_draft(load_answers(SUBURBAN), CONTENT), {}, date=DATE, base_docx=BASE_DOCX)
    document = part(data, "word/document.xml")
    for tag in ("ins", "del", "pPrChange", "delText", "commentRangeStart"):
        assert not list(document.iter(q(tag))), tag
    assert not list(part(data, header_name(data)).iter(q("ins")))
    assert "word/comments.xml" not in names(data)
    loaded = docx.Document(io.BytesIO(data))
    summary = [p.text for p in loaded.paragraphs if p.style.style_id.startswith("MOURevisionSummary")]
    assert summary[0] == "Summary of changes" and summary[1].startswith("No changes")
    assert not any(t.style.style_id == "MOURevisionSummaryTable" for t in loaded.tables)
    clean = part(docx_bytes(draft, BASE_DOCX), "word/document.xml")
    assert paragraphs(without_summary(document)) == paragraphs(clean)


def test_same_inputs_give_the_same_bytes(main):
    old, new, data = main
    again_old, again_new = main_pair.__wrapped__()  # drafted afresh
    assert revision_bytes(again_old, again_new, dict(MAIN_REASONS), date=DATE, base_docx=BASE_DOCX) == data
    assert revision_bytes(old, new, MAIN_REASONS, date=datetime.date(2026, 6, 2), base_docx=BASE_DOCX) != data


def test_the_result_loads_and_every_style_used_is_defined(main):
    _, _, data = main
    loaded = docx.Document(io.BytesIO(data))
    assert loaded.paragraphs and loaded.tables
    defined = {s.get(q("styleId")) for s in part(data, "word/styles.xml").iter(q("style"))}
    used = set()
    for name in ("word/document.xml", "word/comments.xml", header_name(data)):
        root = part(data, name)
        used |= {e.get(q("val")) for e in root.iter(q("pStyle"), q("rStyle"), q("tblStyle"))}
    assert used <= defined, used - defined


def test_mismatched_numbers_are_refused(main):
    import dataclasses

    old, new, _ = main
    article = new.articles[0]
    bad_section = dataclasses.replace(article.sections[0], number="9.9")
    bad = dataclasses.replace(new, articles=(dataclasses.replace(article, sections=(bad_section,) + article.sections[1:]),)
                              + new.articles[1:])
    with pytest.raises(ValueError, match="numbered"):
        revision_bytes(old, bad, {}, date=DATE, base_docx=BASE_DOCX)


@pytest.mark.slow
def test_module_does_not_import_textual():
    assert "textual" not in top_level_imports(revision_docx)
    code = (
        "import sys, mou_wizard.docx.revision\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
