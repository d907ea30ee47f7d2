"""A revision draft: the new draft as a Word document with native tracked changes against the old one.

Both drafts are laid out by :mod:`mou_wizard.docx.render`'s own builders, one part at a time (title
block, preamble, recitals, each article heading, each section, signatures, disclaimer, appendix),
into detached elements. The parts are matched by identity, never by number (a section's number
shifts when a clause before it comes or goes): sections by ``clause_id``, articles by their library
section id, the fixed parts by name. Matched parts are compared paragraph by paragraph, and inside a
paragraph word by word, so the result is made of the two clean renderings' own paragraphs:

* accepting every change gives exactly ``docx_bytes(new)``'s paragraphs (text and style),
* rejecting every change gives exactly ``docx_bytes(old)``'s.

Markup used (ECMA-376 Part 1, 17.13.5): ``w:ins`` / ``w:del`` around runs (deleted text in
``w:delText``); a paragraph wholly added or removed also has its paragraph mark marked
(``w:pPr/w:rPr/w:ins|w:del``), so accepting a removal or rejecting an addition removes the paragraph
itself; a table row wholly added or removed is marked in ``w:trPr``; a paragraph that keeps its
place but changes style carries ``w:pPrChange``.

Each change that :func:`compare` reports gets one Word comment (made with python-docx's comments
part, anchored here with ``commentRangeStart`` / ``commentRangeEnd`` around the part's paragraphs)
and the front matter after the title block (:mod:`mou_wizard.docx.front`: the review memo, the
summary of changes by answer or by section, regressions): not text of the MOU, it sits inside the
bookmark :data:`SUMMARY_MARK` and uses its own styles; :func:`strip_summary` removes it and
``summary=False`` leaves it out.

Public API: :class:`ClauseChange`, :func:`compare`, :func:`revision_document`, :func:`revision_bytes`,
:func:`strip_summary`, :data:`SUMMARY_MARK`; the summary's wording: :func:`section_label`,
:func:`describe`, :func:`default_reason`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx import xref
from mou_wizard.docx.parts import (  # noqa: F401  (part of this module's API)
    ClauseChange, Part, compare, default_reason, describe, document_parts,
    located_changes, merge_parts, section_label,
)
from mou_wizard.domain.draft import Draft
from mou_wizard.docx.tracked import (
    BM_END, BM_START, CREF, CR_END, CR_START, DATE, DEL, ID, INS, NAME, P, PPR, PSTYLE, R, RPR, RSTYLE, SECTPR, TBL, TBLPR, TR, TRPR, TrackedWriter, VAL, W_NS, element_key,
)

__all__ = [
    "ClauseChange",
    "SUMMARY_MARK",
    "compare",
    "default_reason",
    "describe",
    "revision_bytes",
    "revision_document",
    "section_label",
    "strip_summary",
]

from mou_wizard.docx.front import (  # noqa: F401  (part of this module's API)
    NO_CHANGES, STYLE_SUMMARY_HEADING, STYLE_SUMMARY_TABLE, STYLE_SUMMARY_TABLE_HEADING, STYLE_SUMMARY_TEXT,
    SUMMARY_COLUMNS, SUMMARY_MARK, SUMMARY_STYLES, SUMMARY_TITLE, SUMMARY_WIDTHS, add_front_matter,
)
from mou_wizard.docx.summary import FrontMatter
COMMENT_INITIALS = "MW"


def initials_of(author: str) -> str:
    """The initials on an author's comments: "MW" for mou-wizard, "JS" for "Jane Smith"."""
    if author == "mou-wizard":
        return COMMENT_INITIALS
    letters = [word[0] for word in re.findall(r"[^\W\d_][\w'’-]*", author) if word[0].isupper()]
    return "".join(letters[:3]) or author.strip()[:2].upper() or COMMENT_INITIALS

# --- comments ------------------------------------------------------------------------------------


def _mark_of(p) -> str | None:
    """"ins" / "del" when the paragraph mark of ``p`` is itself a tracked insertion / deletion."""
    rpr = p.find(f"{PPR}/{RPR}")
    if rpr is not None:
        if rpr.find(INS) is not None:
            return "ins"
        if rpr.find(DEL) is not None:
            return "del"
    return None


def _stays_on_accept(p) -> bool:
    """Whether paragraph ``p`` is still there once every change is accepted."""
    if _mark_of(p) == "del":
        return False
    return not any(tr.tag == TR and tr.find(f"{TRPR}/{DEL}") is not None for tr in p.iterancestors())


def _anchor_comment(writer: TrackedWriter, paragraphs: list, comment_id: int, whole: str | None) -> None:
    """Anchor comment ``comment_id`` on a part's output ``paragraphs``: commentRangeStart at the
    start of the first, commentRangeEnd at the end of the last (so the range covers every change of
    the part, trailing deletions included) and the reference mark after it, or, when the part ends
    in a struck table row, at the end of the last paragraph that stays (the comment outlives "Accept All"). For a part wholly added / removed (``whole`` "ins" / "del") the range is the
    whole part and the reference is part of that insertion / deletion: rejecting the addition or
    accepting the removal takes the comment with it."""
    first = paragraphs[0]
    last = end = paragraphs[-1]
    if whole is None and not _stays_on_accept(last):
        # Trailing deletions: the range ends after them. The reference goes with the range end in a
        # struck paragraph (accepting merges what is left of it into the next one), but stays in the
        # last paragraph kept when the last deletion is a table row (a struck row goes with all it holds).
        kept = next((p for p in reversed(paragraphs) if _stays_on_accept(p)), last)
        last = last if _mark_of(last) == "del" else kept
    start = first.makeelement(CR_START, {ID: str(comment_id)})
    first.insert(1 if first.find(PPR) is not None else 0, start)
    _sub(end, CR_END).set(ID, str(comment_id))
    parent = writer._mark(last, INS if whole == "ins" else DEL) if whole else last
    r = _sub(parent, R)
    _sub(_sub(r, RPR), RSTYLE).set(VAL, "CommentReference")
    _sub(r, CREF).set(ID, str(comment_id))


def _content(p) -> list:
    """A paragraph's runs and run wrappers, without properties, range marks and comment references."""
    return [c for c in p if c.tag not in (PPR, CR_START, CR_END, BM_START, BM_END)
            and not (c.tag == R and c.find(CREF) is not None)]


def _ease_libreoffice(root) -> None:
    """Where a paragraph ends with "deleted, then inserted" words and the next paragraph starts
    with an insertion (or is inserted), write the insertion first. Word does not mind the order;
    LibreOffice (7.4) merges an insertion at the end of a paragraph with one at the start of the
    next, across the paragraph mark, and "Reject All" then joins the two paragraphs."""
    for p in root.iter(P):
        following = p.getnext()
        if following is None or following.tag != P:
            continue
        mine = _content(p)
        if len(mine) < 2 or mine[-1].tag != INS or mine[-2].tag != DEL or mine[-1].getprevious() is not mine[-2]:
            continue
        theirs = _content(following)
        if _mark_of(following) == "ins" or (theirs and theirs[0].tag == INS):
            mine[-2].addprevious(mine[-1])


# --- styles --------------------------------------------------------------------------------------

_EXTRA_STYLES = f"""<w:styles {nsdecls("w")}>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_HEADING}"><w:name w:val="MOU Revision Summary Heading"/><w:basedOn w:val="MOUSubtitle"/><w:next w:val="{STYLE_SUMMARY_TEXT}"/><w:qFormat/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="1F4E79"/></w:pBdr><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TEXT}"><w:name w:val="MOU Revision Summary Text"/><w:basedOn w:val="MOUTableText"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="120"/></w:pPr><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TABLE_HEADING}"><w:name w:val="MOU Revision Summary Table Heading"/><w:basedOn w:val="MOUTableHeading"/><w:qFormat/><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TABLE}"><w:name w:val="MOU Revision Summary Table"/><w:basedOn w:val="MOUTable"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:left w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:right w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/></w:tblBorders><w:tblCellMar><w:top w:w="29" w:type="dxa"/><w:left w:w="86" w:type="dxa"/><w:bottom w:w="29" w:type="dxa"/><w:right w:w="86" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/></w:tcPr></w:tblStylePr></w:style>
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
</w:styles>"""


COMMENT_STYLES = ("CommentText", "CommentReference")


def add_styles(document: Document, only: tuple[str, ...] | None = None) -> None:
    """Define the revision's styles (or ``only`` those style ids) that ``document`` lacks."""
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    for style in parse_xml(_EXTRA_STYLES.replace("\n", "")):
        wanted = only is None or style.get(qn("w:styleId")) in only
        if wanted and style.get(qn("w:styleId")) not in have:
            styles.append(copy.deepcopy(style))


# --- the front matter ----------------------------------------------------------------------------


def strip_summary(document) -> None:
    """Remove the revision summary (from the paragraph holding the :data:`SUMMARY_MARK` bookmark to
    that bookmark's end, and anything in the summary styles) from ``document``: a python-docx
    Document, or an lxml ``w:document`` / ``w:body`` element."""
    root = getattr(document, "element", document)
    body = root if root.tag == qn("w:body") else root.find(qn("w:body"))

    def top(element):
        while element.getparent() is not body:
            element = element.getparent()
        return element

    for start in body.iter(BM_START):
        if start.get(NAME) != SUMMARY_MARK:
            continue
        ends = [e for e in body.iter(BM_END) if e.get(ID) == start.get(ID)]
        first = top(start)
        last = top(ends[0]) if ends else first
        doomed, on = [], False
        for child in body:
            on = on or child is first
            if on:
                doomed.append(child)
            if child is last:
                break
        for child in doomed:
            body.remove(child)
        break
    for p in list(body.iter(P)):
        style = p.find(f"{PPR}/{PSTYLE}")
        if style is not None and style.get(VAL) in SUMMARY_STYLES and p.getparent() is body:
            body.remove(p)
    for tbl in list(body.findall(TBL)):
        style = tbl.find(f"{TBLPR}/{qn('w:tblStyle')}")
        if style is not None and style.get(VAL) == STYLE_SUMMARY_TABLE:
            body.remove(tbl)


# --- public API ----------------------------------------------------------------------------------


def render_part(part: Part, staging_factory) -> list:
    """``part``'s block-level elements, rendered into a fresh holder from ``staging_factory``."""
    holder = staging_factory()
    part.render(holder)
    xref.flatten(holder)  # the redline compares and writes text: cross-references as the numbers they show
    return list(holder)


def revision_document(old: Draft, new: Draft, reasons: dict[str, str] | None = None, *,
                      author: str = "mou-wizard", date: _dt.date, base_docx: bytes,
                      front: FrontMatter | None = None, summary: bool = True) -> Document:
    """The python-docx Document for the revision (not saved); see :func:`revision_bytes`."""
    reasons = reasons or {}
    dr.check_numbers(old)
    dr.check_numbers(new)
    when = f"{date.isoformat()[:10]}T00:00:00Z"
    document = dr.open_base(base_docx)
    body = document.element.body

    merged = merge_parts(document_parts(old), document_parts(new))
    changes = located_changes(merged)
    rows = [(c, reasons.get(c.clause_id) or default_reason(c, sec)) for _, c, sec in changes]

    # Comments first (python-docx numbers them 0, 1, ...); tracked changes take the ids after them.
    comment_at: dict[int, int] = {}
    add_styles(document)
    if changes:
        for (index, _, _), (_, text) in zip(changes, rows):
            comment = document.comments.add_comment(text, author=author, initials=initials_of(author))
            comment._comment_elm.set(DATE, when)  # python-docx stamps "now": keep the bytes stable
            comment_at[index] = comment.comment_id
    flags = []  # (comment id, text): warnings for counsel, on the preamble (it holds the effective date)
    for text in front.flags if front is not None else ():
        comment = document.comments.add_comment(text, author=author, initials=initials_of(author))
        comment._comment_elm.set(DATE, when)
        flags.append(comment.comment_id)
    writer = TrackedWriter(author, when, max(comment_at.values(), default=-1) + 1)

    staging = body.makeelement(qn("w:body"), {})

    def holder():  # a detached w:body with the w prefix declared: serializations compare equal
        return body.makeelement(qn("w:body"), {}, nsmap={"w": W_NS})

    carried = None
    for index, (o, n) in enumerate(merged):
        start = len(staging)
        if o is not None and n is not None:
            if o.value == n.value:  # equal values render identically: the part is kept as it is
                staging.extend(render_part(n, holder))
            else:
                writer.sequence(staging, render_part(o, holder), render_part(n, holder))
        elif o is not None:
            for element in render_part(o, holder):
                writer.whole(staging, element, "del")
        else:
            for element in render_part(n, holder):
                writer.whole(staging, element, "ins")
        whole = None if o is not None and n is not None else ("del" if n is None else "ins")
        if index in comment_at:
            paragraphs = [p for e in staging[start:] for p in e.iter(P)]
            if paragraphs:
                if carried and carried[0] == whole:  # the heading of the article this clause opens
                    paragraphs = carried[1] + paragraphs
                _anchor_comment(writer, paragraphs, comment_at[index], whole)
        # An article heading added or removed has no comment of its own: its first clause's covers it.
        carried = (whole, [p for e in staging[start:] for p in e.iter(P)]) if whole and (n or o).kind == "article" else None
        if n is not None and n.key == "preamble":
            paragraphs = [p for e in staging[start:] for p in e.iter(P) if _stays_on_accept(p)]
            for comment_id in flags if paragraphs else ():
                _anchor_comment(writer, paragraphs, comment_id, None)
        if n is not None and n.key == "title" and summary:
            add_front_matter(staging, writer, old, new, rows, front)

    _ease_libreoffice(staging)
    sectPr = body.find(SECTPR)
    for child in list(staging):
        sectPr.addprevious(child)

    dr.add_header_footer(document, new)
    header_p = document.sections[0].header.paragraphs[0]._p
    old_header, new_header = parse_xml(f"<w:p {nsdecls('w')}/>"), parse_xml(f"<w:p {nsdecls('w')}/>")
    dr.fill_header(old_header, old)
    dr.fill_header(new_header, new)
    if element_key(old_header) != element_key(new_header):
        for child in list(header_p):
            if child.tag != PPR:
                header_p.remove(child)
        writer.word_diff(header_p, old_header, new_header)
    dr.set_core_properties(document, new)
    return document


def revision_bytes(old: Draft, new: Draft, reasons: dict[str, str], *, author: str = "mou-wizard",
                   date: _dt.date, base_docx: bytes, front: FrontMatter | None = None,
                   summary: bool = True) -> bytes:
    """The new draft with tracked changes against the old one, as ``.docx`` bytes.

    ``reasons[clause_id]`` is the comment text for that change (see :func:`compare` for the ids);
    a change with no reason gets a comment naming what changed and the clause's SEC ids. Every
    ``w:ins`` / ``w:del`` carries ``w:author`` = ``author`` and ``w:date`` = ``date`` at midnight
    UTC; the same inputs always give the same bytes. ``front`` (the review memo, the summary by
    answer, the regressions: see :mod:`mou_wizard.docx.summary`) replaces the summary by section;
    ``summary=False`` leaves the front matter out, so that accepting every change gives exactly the
    new draft. A flag in ``front`` (a stale effective date) is also a comment on the preamble.
    """
    return dr.document_bytes(revision_document(old, new, reasons, author=author, date=date, base_docx=base_docx,
                                               front=front, summary=summary))
