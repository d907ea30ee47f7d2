"""How the revision's tracked changes read to counsel: every deletion inside its comment's range,
signature blocks compared by signatory, a rewritten sentence replaced whole. Each checked on the
revision's OOXML, and by accepting / rejecting every change (the helpers of test_revision_docx.py)."""

from __future__ import annotations


from mou_wizard.engine.drafting import build_draft
from mou_wizard.files.answer_files import load_answers
from support import revision_helpers
from support import CONTENT, once_per_run, revision_of




H = revision_helpers()
q = H.q


def struck(element) -> bool:
    """A paragraph whose mark is struck, or a struck table row."""
    if element.tag == q("p"):
        return element.find(f"{q('pPr')}/{q('rPr')}/{q('del')}") is not None
    return element.tag == q("tr") and element.find(f"{q('trPr')}/{q('del')}") is not None


def deletions_outside_comments(document) -> list[str]:
    """The struck text (of struck runs, paragraphs and rows) that lies in no comment's range, walking
    the OOXML in document order between commentRangeStart and commentRangeEnd."""
    open_ids: set[str] = set()
    outside = []
    for element in document.iter():
        if element.tag == q("commentRangeStart"):
            open_ids.add(element.get(q("id")))
        elif element.tag == q("commentRangeEnd"):
            open_ids.discard(element.get(q("id")))
        elif not open_ids and element.tag == q("delText"):
            outside.append(element.text)
    return outside


def revision(old, new):
    return revision_of(old, new, date=H.DATE)


def test_trailing_deletions_lie_inside_their_comment():
    """parent_notice loses its second paragraph; the third signatory's row goes; a clause's last
    paragraphs are struck: the comment's range ends after them."""
    old, new = H.main_pair()
    for a, b in ((old, new), (new, old)):
        data = revision(a, b)
        document = H.part(data, "word/document.xml")
        assert any(struck(e) for e in document.iter()), "the pair has struck paragraphs or rows"
        assert deletions_outside_comments(document) == []
        H.assert_resolves_to(data, a, b)


def test_the_range_end_of_a_trailing_deletion_is_after_it_in_the_ooxml():
    old, new = H.main_pair()
    document = H.part(revision(old, new), "word/document.xml")
    order = {e: k for k, e in enumerate(document.iter())}
    notice = H.paragraph_with(document, "These requirements do not apply where notice to the Parent")
    assert struck(notice)
    starts = [e for e in document.iter(q("commentRangeStart")) if order[e] < order[notice]]
    ends = {e.get(q("id")): e for e in document.iter(q("commentRangeEnd"))}
    owner = max(starts, key=lambda e: order[e]).get(q("id"))
    assert order[ends[owner]] > order[notice]
    assert max(order[t] for t in notice.iter(q("delText"))) < order[ends[owner]]


@once_per_run
def first_signatory_removed():
    base = load_answers(H.SUBURBAN)
    people = [s.model_dump() for s in base.parties.signatories]
    new = H.variant(base, [("parties.signatories", people[1:])])
    return build_draft(base, CONTENT), build_draft(new, CONTENT), people


def test_removing_the_first_signatory_reads_as_that_signatory_removed():
    old, new, people = first_signatory_removed()
    data = revision(old, new)
    document = H.part(data, "word/document.xml")
    first = people[0]["name"]
    # The first signatory's name is only ever struck, never kept or inserted.
    assert any(first in t.text for t in document.iter(q("delText")))
    assert not any(first in (t.text or "") for t in document.iter(q("t")))
    # No signature line mixes two people word by word: each Name / Title / party line of the table is
    # kept, struck whole or inserted whole.
    table = next(t for t in document.iter(q("tbl")) if any("Name: " in H.text_of(p) for p in t.iter(q("p"))))
    for p in table.iter(q("p")):
        kept = "".join(t.text or "" for r in p.findall(q("r")) for t in r.iter(q("t")))
        changed = p.find(q("ins")) is not None or p.find(q("del")) is not None
        assert not (changed and kept.strip()), f"mixed: {H.text_of(p)!r}"
    # Compared by signatory: the first signatory's block is one deleted row, and every other
    # signatory's block is kept as it was (never struck in one cell and inserted in the next).
    deleted = [tr for tr in table.findall(q("tr")) if tr.find(f"{q('trPr')}/{q('del')}") is not None
               and H.text_of(tr)]  # (an empty cell the layout no longer needs is an empty deleted row)
    assert len(deleted) == 1 and first in "".join(t.text or "" for t in deleted[0].iter(q("delText")))
    assert not [tr for tr in table.findall(q("tr")) if tr.find(f"{q('trPr')}/{q('ins')}") is not None
                and H.text_of(tr)]
    for person in people[1:]:
        assert not any(person["name"] in (t.text or "") for t in table.iter(q("delText"))), person["name"]
        assert not any(person["name"] in H.text_of(e) for e in table.iter(q("ins"))), person["name"]
        assert sum(person["name"] in (t.text or "") for t in table.iter(q("t"))) == 1, person["name"]
    H.assert_resolves_to(data, old, new)
    H.assert_resolves_to(revision(new, old), new, old)


def test_adding_a_first_signatory_is_one_inserted_block():
    old, new, people = first_signatory_removed()
    document = H.part(revision(new, old), "word/document.xml")
    table = next(t for t in document.iter(q("tbl")) if any("Name: " in H.text_of(p) for p in t.iter(q("p"))))
    inserted = [tr for tr in table.findall(q("tr")) if tr.find(f"{q('trPr')}/{q('ins')}") is not None
                and H.text_of(tr)]
    assert len(inserted) == 1 and people[0]["name"] in "".join(H.text_of(p) for p in inserted[0].iter(q("p")))
    assert not list(table.iter(q("delText")))


def test_a_kept_signatorys_new_title_is_tracked_inside_their_block():
    base = load_answers(H.SUBURBAN)
    people = [s.model_dump() for s in base.parties.signatories][1:]  # the first removed, so by signatory
    people[0]["title"] = "Interim " + people[0]["title"]
    old, new = build_draft(base, CONTENT), build_draft(H.variant(base, [("parties.signatories", people)]), CONTENT)
    data = revision(old, new)
    title = H.paragraph_with(H.part(data, "word/document.xml"), "Title: Interim")
    assert [H.text_of(e).strip() for e in title.findall(q("ins"))] == ["Interim"]
    H.assert_resolves_to(data, old, new)


def test_a_sentence_sharing_few_words_is_replaced_whole():
    old, new = H.main_pair()
    document = H.part(revision(old, new), "word/document.xml")
    before = H.section(old, "student_rights.parent_notice").blocks[0].text.split(". ")[0] + "."
    after = H.section(new, "student_rights.parent_notice").blocks[0].text.split(". ")[0] + "."
    p = H.paragraph_with(document, after)
    inserted = [H.text_of(e) for e in p.findall(q("ins"))]
    deleted = [H.text_of(e) for e in p.findall(q("del"))]
    assert any(after in t for t in inserted), inserted
    assert any(before in t for t in deleted), deleted
    # Not interleaved: one struck passage and one inserted passage for the rewritten sentences.
    assert len(inserted) == len(deleted) == 1


def test_a_sentence_sharing_most_words_still_changes_word_by_word():
    old, new = H.main_pair()
    document = H.part(revision(old, new), "word/document.xml")
    assert "twelve (12)" in H.change_texts(document, "del") or "12" in " ".join(H.change_texts(document, "del"))
    for text in H.change_texts(document, "ins"):
        assert len(text.split()) < 12 or "." in text  # short word changes, or whole sentences
